/* JSON API v1 for incidents: create, get, list, patch, steps, notes, and
 * search. Reads run on the HTTP thread's read connection; writes are jobs
 * for the writer, answered after their commit reached the disk. A reporter
 * (a user or a token with that role) sees only the reports they filed. */
#include "web/webInt.h"
#include "engine/listing.h"
#include "util/timefmt.h"

#define LIST_MAX 500

/* ---- shared ---- */

int web_incident_visible(struct web_req *r, int64_t id)
{
	char owner[48];
	struct store *st;
	struct mo_err e;
	int rc;

	if (r->who.role >= ROLE_RESPONDER)
		return 0;
	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st) {
		web_reply_fail(r, &e);
		return -1;
	}
	rc = store_report_owner_get(st, id, owner, sizeof(owner), &e);
	if (rc < 0) {
		web_reply_fail(r, &e);
		return -1;
	}
	if (rc == 0 && strcmp(owner, r->who.id) == 0)
		return 0;
	/* Not found rather than forbidden: a reporter cannot learn which
	 * other reports exist. */
	web_reply_error(r, 404, "not_found", "no such incident");
	return 1;
}

/* The incident as GET shows it, with status. */
static int reply_incident(struct web_req *r, unsigned status, int64_t id)
{
	struct inc_full f;
	struct store *st;
	struct mo_err e;
	json_t *j;
	int rc;

	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st)
		return web_reply_fail(r, &e);
	rc = engine_load(st, id, &f, &e);
	if (rc < 0)
		return web_reply_fail(r, &e);
	if (rc > 0)
		return web_reply_error(r, 404, "not_found", "no such incident");
	j = engine_incident_json(r->p, &f, time_now());
	inc_full_release(&f);
	if (!j)
		return web_reply_error(r, 500, "internal", "out of memory");
	return web_reply_json(r, status, j);
}

/* The summary of id through the reader: 0 found, 1 absent (404 sent),
 * -1 error (sent). */
static int exists(struct web_req *r, int64_t id, struct inc_summary_list *one)
{
	struct store *st;
	struct mo_err e;
	int rc;

	memset(one, 0, sizeof(*one));
	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	rc = st ? store_incident_summary(st, id, one, &e) : -1;
	if (rc < 0) {
		inc_summary_list_release(one);
		web_reply_fail(r, &e);
		return -1;
	}
	if (rc > 0) {
		inc_summary_list_release(one);
		web_reply_error(r, 404, "not_found", "no such incident");
		return 1;
	}
	return 0;
}

static int stopping(struct web_req *r)
{
	return web_reply_error(r, 503, "unavailable", "the server is stopping");
}

/* ---- create ---- */

struct create_job {
	struct inc inc;
	char principal[48];
};

static int create_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct create_job *j = arg;

	if (engine_create(en, &j->inc, e))
		return -1;
	return store_report_owner_add(en->st, j->inc.id, j->principal, e);
}

static void create_free(void *arg)
{
	struct create_job *j = arg;

	if (j)
		inc_release(&j->inc);
	free(j);
}

static json_t *time_json(const struct policy *p, int64_t t)
{
	char buf[MO_TIME_MAX];

	if (t == MO_TIME_NONE)
		return json_null();
	engine_time_rfc(p, t, buf, sizeof(buf));
	return json_string(buf);
}

static int create_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct create_job *j = r->arg;
	const struct inc *inc = &j->inc;
	char ref[32], loc[64];
	json_t *o;

	if (rc)
		return web_reply_err(r, e);
	engine_ref(inc->id, ref, sizeof(ref));
	snprintf(loc, sizeof(loc), "/api/v1/incidents/%lld", (long long)inc->id);
	web_add_header(r, MHD_HTTP_HEADER_LOCATION, loc);
	o = json_pack("{s:I,s:s,s:s,s:s,s:i,s:s,s:s?,s:s?,s:o,s:o,s:o}", "id", (json_int_t)inc->id,
		      "ref", ref, "title", inc->title, "category", inc->category, "level",
		      inc->level, "status", inc_status_key(inc->status), "owner_role",
		      inc->owner_role, "owner", inc->owner, "discovered_at",
		      time_json(r->p, inc->discovered_at), "reported_at",
		      time_json(r->p, inc->reported_at), "actions", engine_actions_json(r->p, inc));
	if (o)
		json_object_set_new(o, "notified", notify_told_json(r, inc->id));
	return web_reply_json(r, 201, o);
}

int api_incident_create(struct web_req *r)
{
	struct create_job *j = calloc(1, sizeof(*j));
	struct mo_err e;

	if (!j)
		return web_reply_error(r, 500, "internal", "out of memory");
	mo_err_clear(&e);
	if (engine_report_parse(r->p, buf_str(&r->body), r->body.len, "request", time_now(),
				&j->inc, &e)) {
		create_free(j);
		return web_reply_error(r, 422, "invalid", e.msg);
	}
	/* Cause, measures and lessons are the responders' conclusions. */
	if (r->who.role < ROLE_RESPONDER && (j->inc.cause || j->inc.measures || j->inc.lessons)) {
		create_free(j);
		return web_reply_error(r, 403, "forbidden",
				       "a reporter cannot fill cause, measures or lessons");
	}
	if (!j->inc.reporter_name)
		j->inc.reporter_name = inc_strdup(&j->inc, r->who.name);
	snprintf(j->principal, sizeof(j->principal), "%s", r->who.id);
	if (web_submit(r, create_write, j, create_free, create_done))
		return stopping(r);
	return 0;
}

/* ---- get, list ---- */

int api_incident_get(struct web_req *r)
{
	/* web_incident_visible has replied when it says no. */
	if (web_incident_visible(r, r->id))
		return 0;
	return reply_incident(r, 200, r->id);
}

static json_t *summaries_json(const struct policy *p, const struct inc_summary_list *l)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < l->n; i++)
		json_array_append_new(a, engine_summary_json(p, &l->v[i]));
	return a;
}

int api_incident_list(struct web_req *r)
{
	const char *status = web_query(r, "status");
	enum store_filter filter = STORE_OPEN;
	struct inc_summary_list l;
	struct store *st;
	struct mo_err e;
	long limit, offset;
	bool more = false;
	json_t *o;
	int rc;

	if (!status || strcmp(status, "open") == 0)
		filter = STORE_OPEN;
	else if (strcmp(status, "closed") == 0)
		filter = STORE_CLOSED;
	else if (strcmp(status, "all") == 0)
		filter = STORE_ALL;
	else
		return web_reply_error(r, 400, "bad_request", "status is open, closed or all");
	if (web_query_long(r, "limit", 1, LIST_MAX, 50, &limit) ||
	    web_query_long(r, "offset", 0, INT32_MAX, 0, &offset))
		return web_reply_error(r, 400, "bad_request",
				       "limit is 1 to 500 and offset 0 or more");
	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st)
		return web_reply_fail(r, &e);
	if (r->who.role < ROLE_RESPONDER) {
		int64_t *ids = NULL, total = 0;
		size_t n = 0;

		if (filter == STORE_CLOSED)
			return web_reply_error(r, 400, "bad_request",
					       "reporters list open or all of their reports");
		rc = store_report_owner_list(st, r->who.id, filter == STORE_OPEN, (size_t)limit,
					     (size_t)offset, &ids, &n, &total, &e);
		if (rc == 0)
			rc = engine_summaries(st, ids, n, &l, &e);
		free(ids);
		more = (int64_t)offset + (int64_t)n < total;
	} else {
		rc = engine_list_page(st, filter, (size_t)limit, (size_t)offset, &l, &more, &e);
	}
	if (rc)
		return web_reply_fail(r, &e);
	o = json_object();
	json_object_set_new(o, "items", summaries_json(r->p, &l));
	json_object_set_new(o, "status",
			    json_string(filter == STORE_OPEN	 ? "open"
					: filter == STORE_CLOSED ? "closed"
								 : "all"));
	json_object_set_new(o, "limit", json_integer(limit));
	json_object_set_new(o, "offset", json_integer(offset));
	json_object_set_new(o, "has_more", json_boolean(more));
	inc_summary_list_release(&l);
	return web_reply_json(r, 200, o);
}

/* ---- patch ---- */

enum op_kind {
	OP_REOPEN,
	OP_FIELD,
	OP_CATEGORY,
	OP_LEVEL,
	OP_STATUS,
	OP_CLOSE,
};

#define PATCH_OPS_MAX 48

struct op {
	enum op_kind kind;
	const char *key; /* a field key (static, from inc_fields) */
	char *value;	 /* the field's text */
	int level;
	enum inc_status status;
};

struct patch_job {
	int64_t id;
	size_t n;
	struct op ops[PATCH_OPS_MAX];
	char *reason;
	char *category; /* OP_CATEGORY's */
	int resolution; /* -1, or enum engine_resolution for OP_CLOSE */
	int64_t duplicate_of;
};

static void patch_free(void *arg)
{
	struct patch_job *j = arg;

	if (!j)
		return;
	for (size_t i = 0; i < j->n; i++)
		free(j->ops[i].value);
	free(j->reason);
	free(j->category);
	free(j);
}

static int patch_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct patch_job *j = arg;

	for (int pass = OP_REOPEN; pass <= OP_CLOSE; pass++) {
		for (size_t i = 0; i < j->n; i++) {
			const struct op *o = &j->ops[i];
			int rc = 0;

			if ((int)o->kind != pass)
				continue;
			switch (o->kind) {
			case OP_REOPEN:
				rc = engine_reopen_to(en, j->id, j->reason, o->status, e);
				break;
			case OP_FIELD:
				rc = engine_set_field(en, j->id, o->key, o->value, e);
				break;
			case OP_CATEGORY:
				rc = engine_set_category(en, j->id, j->category, j->reason, e);
				break;
			case OP_LEVEL:
				rc = engine_set_level(en, j->id, o->level, j->reason, e);
				break;
			case OP_STATUS:
				rc = engine_set_status(en, j->id, o->status, j->reason, e);
				break;
			case OP_CLOSE:
				rc = j->resolution >= 0
					     ? engine_close_as(en, j->id,
							       (enum engine_resolution)
								       j->resolution,
							       j->duplicate_of, j->reason, e)
					     : engine_close(en, j->id, NULL, NULL, NULL, e);
				break;
			}
			if (rc)
				return -1;
		}
	}
	return 0;
}

static int patch_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct patch_job *j = r->arg;

	if (rc)
		return web_reply_err(r, e);
	return reply_incident(r, 200, j->id);
}

/* The text engine_set_field takes for a JSON value; NULL when the value
 * cannot be a field's. */
static char *field_text(json_t *v)
{
	char num[32];

	if (json_is_null(v))
		return strdup("");
	if (json_is_string(v))
		return strdup(json_string_value(v));
	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		return strdup(num);
	}
	if (json_is_boolean(v))
		return strdup(json_is_true(v) ? "true" : "false");
	return NULL;
}

static int add_field(struct patch_job *j, const char *key, json_t *v, bool fact, char *err,
		     size_t size)
{
	const struct inc_field *f = inc_field_find(key);
	struct op *o;

	if (!f || !(f->flags & (fact ? FF_FACT : FF_RECORD))) {
		snprintf(err, size, "\"%s%s\": unknown field", fact ? "facts." : "", key);
		return -1;
	}
	if (j->n == PATCH_OPS_MAX) {
		snprintf(err, size, "too many changes at once");
		return -1;
	}
	o = &j->ops[j->n];
	o->kind = OP_FIELD;
	o->key = f->key;
	o->value = field_text(v);
	if (!o->value) {
		snprintf(err, size, "\"%s\": must be text, a whole number, true, false or null",
			 key);
		return -1;
	}
	j->n++;
	return 0;
}

static int add_op(struct patch_job *j, enum op_kind kind, int level, enum inc_status st)
{
	if (j->n == PATCH_OPS_MAX)
		return -1;
	j->ops[j->n].kind = kind;
	j->ops[j->n].level = level;
	j->ops[j->n].status = st;
	j->n++;
	return 0;
}

/* Reads the PATCH body into j. 0, or the HTTP status of the error in err. */
static unsigned patch_parse(struct web_req *r, const struct inc_summary *cur, struct patch_job *j,
			    char *err, size_t size)
{
	const char *key;
	json_t *v;
	bool manager = r->who.role >= ROLE_MANAGER, fields = false;

	json_object_foreach(r->json, key, v)
	{
		if (strcmp(key, "reason") == 0) {
			if (!json_is_string(v)) {
				snprintf(err, size, "\"reason\" must be text");
				return 422;
			}
			j->reason = strdup(json_string_value(v));
		} else if (strcmp(key, "facts") == 0) {
			const char *fk;
			json_t *fv;

			if (!json_is_object(v)) {
				snprintf(err, size, "\"facts\" must be an object");
				return 422;
			}
			json_object_foreach(v, fk, fv)
			{
				if (add_field(j, fk, fv, true, err, size))
					return 422;
			}
			fields = true;
		} else if (strcmp(key, "level") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    json_integer_value(v) > MO_LEVEL_MAX) {
				snprintf(err, size, "\"level\" must be a level of the policy");
				return 422;
			}
			if (!manager) {
				snprintf(err, size, "only a manager or an admin changes the level");
				return 403;
			}
			if (add_op(j, OP_LEVEL, (int)json_integer_value(v), INC_REPORTED))
				return 422;
		} else if (strcmp(key, "category") == 0) {
			if (!json_is_string(v)) {
				snprintf(err, size,
					 "\"category\" must be a category id of the policy");
				return 422;
			}
			if (!manager) {
				snprintf(err, size,
					 "only a manager or an admin changes the category");
				return 403;
			}
			free(j->category);
			j->category = strdup(json_string_value(v));
			if (!j->category || add_op(j, OP_CATEGORY, 0, INC_REPORTED))
				return 422;
		} else if (strcmp(key, "resolution") == 0) {
			const char *res = json_is_string(v) ? json_string_value(v) : "";

			if (strcmp(res, "false_alarm") == 0)
				j->resolution = ENGINE_FALSE_ALARM;
			else if (strcmp(res, "duplicate") == 0)
				j->resolution = ENGINE_DUPLICATE;
			else {
				snprintf(err, size, "\"resolution\" is false_alarm or duplicate");
				return 422;
			}
		} else if (strcmp(key, "duplicate_of") == 0) {
			if (!(json_is_string(v) &&
			      engine_parse_ref(json_string_value(v), &j->duplicate_of) == 0) &&
			    !(json_is_integer(v) &&
			      (j->duplicate_of = json_integer_value(v)) > 0)) {
				snprintf(err, size,
					 "\"duplicate_of\" must be an incident (INC-12 or 12)");
				return 422;
			}
		} else if (strcmp(key, "status") == 0) {
			enum inc_status to;

			if (!json_is_string(v) || inc_status_parse(json_string_value(v), &to)) {
				snprintf(err, size,
					 "\"status\" is reported, triage, initial, recovery, "
					 "monitoring or closed");
				return 422;
			}
			if ((to == INC_CLOSED || cur->status == INC_CLOSED) && !manager) {
				snprintf(err, size, "only a manager or an admin closes or reopens");
				return 403;
			}
			if (cur->status == INC_CLOSED && to != INC_CLOSED) {
				if (add_op(j, OP_REOPEN, 0, to))
					return 422;
			} else if (to == INC_CLOSED) {
				if (add_op(j, OP_CLOSE, 0, to))
					return 422;
			} else if (add_op(j, OP_STATUS, 0, to)) {
				return 422;
			}
		} else {
			if (add_field(j, key, v, false, err, size))
				return 422;
			fields = true;
		}
	}
	if (!j->n) {
		snprintf(err, size, "nothing to change");
		return 422;
	}
	/* A resolution is how the incident closes: it needs "status": "closed". */
	if (j->resolution >= 0) {
		bool closing = false;

		for (size_t i = 0; i < j->n; i++)
			closing |= j->ops[i].kind == OP_CLOSE;
		if (!closing) {
			snprintf(err, size, "\"resolution\" goes with \"status\": \"closed\"");
			return 422;
		}
		if ((j->resolution == ENGINE_DUPLICATE) != (j->duplicate_of > 0)) {
			snprintf(
				err, size,
				"a duplicate names the incident it repeats in \"duplicate_of\" (and only a duplicate does)");
			return 422;
		}
	} else if (j->duplicate_of > 0) {
		snprintf(err, size, "\"duplicate_of\" goes with \"resolution\": \"duplicate\"");
		return 422;
	}
	if (cur->status == INC_CLOSED && fields && j->ops[0].kind != OP_REOPEN) {
		bool reopen = false;

		for (size_t i = 0; i < j->n; i++)
			reopen |= j->ops[i].kind == OP_REOPEN;
		if (!reopen) {
			snprintf(err, size, "the incident is closed; reopen it first");
			return 409;
		}
	}
	return 0;
}

int api_incident_patch(struct web_req *r)
{
	struct inc_summary_list one;
	struct patch_job *j;
	char err[300];
	unsigned status;
	int rc = exists(r, r->id, &one);

	if (rc)
		return 0;
	j = calloc(1, sizeof(*j));
	if (!j) {
		inc_summary_list_release(&one);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	j->id = r->id;
	j->resolution = -1;
	status = patch_parse(r, &one.v[0], j, err, sizeof(err));
	inc_summary_list_release(&one);
	if (status) {
		patch_free(j);
		return web_reply_error(r, status,
				       status == 403   ? "forbidden"
				       : status == 409 ? "conflict"
						       : "invalid",
				       err);
	}
	if (web_submit(r, patch_write, j, patch_free, patch_done))
		return stopping(r);
	return 0;
}

/* ---- steps, notes ---- */

struct step_job {
	int64_t id;
	int n;
	enum step_state state;
	char *note;
};

static void step_free(void *arg)
{
	struct step_job *j = arg;

	if (j)
		free(j->note);
	free(j);
}

static int step_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct step_job *j = arg;

	return engine_step(en, j->id, j->n, j->state, j->note, e);
}

static int step_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct step_job *j = r->arg;

	if (rc)
		return web_reply_err(r, e);
	return reply_incident(r, 200, j->id);
}

int api_incident_step(struct web_req *r)
{
	json_t *state = json_object_get(r->json, "state"), *note = json_object_get(r->json, "note");
	struct inc_summary_list one;
	struct step_job *j;
	const char *key;
	json_t *v;

	json_object_foreach(r->json, key, v)
	{
		if (strcmp(key, "state") != 0 && strcmp(key, "note") != 0)
			return web_reply_error(r, 422, "invalid",
					       "unknown key (known: state, note)");
	}
	if (!json_is_string(state))
		return web_reply_error(r, 422, "invalid",
				       "\"state\" is required: done, doing, skipped or todo");
	if (note && !json_is_string(note) && !json_is_null(note))
		return web_reply_error(r, 422, "invalid", "\"note\" must be text");
	if (exists(r, r->id, &one))
		return 0;
	inc_summary_list_release(&one);
	j = calloc(1, sizeof(*j));
	if (!j)
		return web_reply_error(r, 500, "internal", "out of memory");
	j->id = r->id;
	j->n = r->n;
	if (step_state_parse(json_string_value(state), &j->state)) {
		step_free(j);
		return web_reply_error(r, 422, "invalid",
				       "\"state\" is done, doing, skipped or todo");
	}
	if (json_is_string(note))
		j->note = strdup(json_string_value(note));
	if (web_submit(r, step_write, j, step_free, step_done))
		return stopping(r);
	return 0;
}

struct note_job {
	int64_t id;
	char *text;
};

static void note_free(void *arg)
{
	struct note_job *j = arg;

	if (j)
		free(j->text);
	free(j);
}

static int note_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct note_job *j = arg;

	return engine_note(en, j->id, j->text, e);
}

static int note_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct note_job *j = r->arg;

	if (rc)
		return web_reply_err(r, e);
	return reply_incident(r, 201, j->id);
}

int api_incident_note(struct web_req *r)
{
	json_t *text = json_object_get(r->json, "text");
	struct inc_summary_list one;
	struct note_job *j;
	int rc;

	if (json_object_size(r->json) != 1 || !json_is_string(text))
		return web_reply_error(r, 422, "invalid", "the body is {\"text\": \"...\"}");
	rc = web_incident_visible(r, r->id);
	if (rc)
		return 0;
	if (exists(r, r->id, &one))
		return 0;
	inc_summary_list_release(&one);
	j = calloc(1, sizeof(*j));
	if (!j)
		return web_reply_error(r, 500, "internal", "out of memory");
	j->id = r->id;
	j->text = strdup(json_string_value(text));
	if (web_submit(r, note_write, j, note_free, note_done))
		return stopping(r);
	return 0;
}

/* ---- search ---- */

int api_search(struct web_req *r)
{
	const char *q = web_query(r, "q");
	struct inc_summary_list l;
	struct store *st;
	struct mo_err e;
	long limit, offset;
	int64_t total;
	bool exact;
	json_t *o;

	if (!q || !*q)
		return web_reply_error(r, 400, "bad_request", "q is required");
	if (strlen(q) > 1000 || !web_text_ok(q, false))
		return web_reply_error(r, 400, "bad_request", "q is too long or not text");
	if (web_query_long(r, "limit", 1, LIST_MAX, 50, &limit) ||
	    web_query_long(r, "offset", 0, 100000, 0, &offset))
		return web_reply_error(r, 400, "bad_request",
				       "limit is 1 to 500 and offset 0 to 100000");
	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st)
		return web_reply_fail(r, &e);
	if (engine_search_page(st, q, (size_t)limit, (size_t)offset, &l, &total, &exact, &e))
		return web_reply_error(r, 400, "bad_request", e.msg);
	o = json_object();
	json_object_set_new(o, "query", json_string(q));
	json_object_set_new(o, "total", json_integer(total));
	json_object_set_new(o, "total_exact", json_boolean(exact));
	json_object_set_new(o, "limit", json_integer(limit));
	json_object_set_new(o, "offset", json_integer(offset));
	json_object_set_new(o, "items", summaries_json(r->p, &l));
	inc_summary_list_release(&l);
	return web_reply_json(r, 200, o);
}
