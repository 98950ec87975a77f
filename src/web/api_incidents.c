/* JSON API v1 for incidents: create, get, list, patch, steps, notes, and
 * search. Reads run on the HTTP thread's read connection; writes are
 * batches of engine operations (engine/op.h) for the writer, answered after
 * their commit reached the disk. A reporter
 * (a user or a token with that role) sees only the reports they filed. */
#include "web/webInt.h"
#include "engine/listing.h"
#include "engine/op.h"
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

/* Every write is a batch of engine operations (engine/op.h) for the
 * writer; done answers after the commit. */
static int submit(struct web_req *r, struct engine_ops *ops, web_done_fn done)
{
	if (ops->failed) {
		engine_ops_free(ops);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	if (web_submit(r, engine_ops_job, ops, engine_ops_free, done))
		return web_reply_error(r, 503, "unavailable", "the server is stopping");
	return 0;
}

/* After a change of incident id (the batch's first operation's): the
 * incident, 200. */
static int changed(struct web_req *r, int rc, const struct mo_err *e)
{
	struct engine_ops *ops = r->arg;

	if (rc)
		return web_reply_err(r, e);
	return reply_incident(r, 200, ops->v[0].id);
}

/* ---- create ---- */

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
	struct engine_ops *ops = r->arg;
	const struct inc *inc = ops->v[0].u.create.inc;
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
	struct engine_ops *ops = engine_ops_new();
	struct engine_op *op = ops ? engine_ops_add(ops, ENGINE_OP_CREATE, 0) : NULL;
	struct inc *inc = op ? engine_ops_inc(ops) : NULL;
	struct mo_err e;

	if (!inc) {
		engine_ops_free(ops);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	op->u.create.inc = inc;
	mo_err_clear(&e);
	if (engine_report_parse(r->p, buf_str(&r->body), r->body.len, "request", time_now(), inc,
				&e)) {
		engine_ops_free(ops);
		return web_reply_error(r, 422, "invalid", e.msg);
	}
	/* Cause, measures and lessons are the responders' conclusions. */
	if (r->who.role < ROLE_RESPONDER && (inc->cause || inc->measures || inc->lessons)) {
		engine_ops_free(ops);
		return web_reply_error(r, 403, "forbidden",
				       "a reporter cannot fill cause, measures or lessons");
	}
	if (!inc->reporter_name)
		inc->reporter_name = inc_strdup(inc, r->who.name);
	op->u.create.principal = engine_ops_str(ops, r->who.id);
	return submit(r, ops, create_done);
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
	struct inc_summary_list l = {0};
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
	/* Each item's next legal filing deadline, as `list --json` gives it. */
	if (rc == 0)
		rc = engine_summaries_filing_due(r->p, st, &l, &e);
	if (rc) {
		inc_summary_list_release(&l);
		return web_reply_fail(r, &e);
	}
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

#define PATCH_OPS_MAX 48

/* The order a PATCH applies its changes in, whatever the body's order:
 * reopen first (then the fields can change), close last. */
static int patch_rank(enum engine_op_kind k)
{
	static const enum engine_op_kind order[] = {
		ENGINE_OP_REOPEN, ENGINE_OP_FIELD, ENGINE_OP_CATEGORY, ENGINE_OP_LEVEL,
		ENGINE_OP_STATUS, ENGINE_OP_CLOSE, ENGINE_OP_DISMISS,
	};

	for (size_t i = 0; i < MO_ARRAY_SIZE(order); i++)
		if (order[i] == k)
			return (int)i;
	return (int)MO_ARRAY_SIZE(order);
}

/* What the body says for all of its changes. */
struct patch_common {
	const char *reason;
	const char *category;
	int resolution; /* -1, or enum engine_resolution */
	int64_t duplicate_of;
};

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

static int add_field(struct engine_ops *ops, int64_t id, const char *key, json_t *v, bool fact,
		     char *err, size_t size)
{
	const struct inc_field *f = inc_field_find(key);
	struct engine_op *o;
	char *text;

	if (!f || !(f->flags & (fact ? FF_FACT : FF_RECORD))) {
		snprintf(err, size, "\"%s%s\": unknown field", fact ? "facts." : "", key);
		return -1;
	}
	if (ops->n == PATCH_OPS_MAX) {
		snprintf(err, size, "too many changes at once");
		return -1;
	}
	text = field_text(v);
	if (!text) {
		snprintf(err, size, "\"%s\": must be text, a whole number, true, false or null",
			 key);
		return -1;
	}
	o = engine_ops_add(ops, ENGINE_OP_FIELD, id);
	o->u.field.key = f->key;
	o->u.field.value = engine_ops_str(ops, text);
	free(text);
	return 0;
}

static struct engine_op *add_op(struct engine_ops *ops, enum engine_op_kind kind, int64_t id)
{
	if (ops->n == PATCH_OPS_MAX)
		return NULL;
	return engine_ops_add(ops, kind, id);
}

#define TOO_MANY(err, size) (snprintf(err, size, "too many changes at once"), 422)

/* Reads the PATCH body into ops (in the body's order) and c. 0, or the
 * HTTP status of the error in err. */
static unsigned patch_parse(struct web_req *r, const struct inc_summary *cur,
			    struct engine_ops *ops, struct patch_common *c, char *err, size_t size)
{
	const char *key;
	json_t *v;
	bool manager = r->who.role >= ROLE_MANAGER, fields = false;
	struct engine_op *o;
	int64_t id = r->id;

	json_object_foreach(r->json, key, v)
	{
		if (strcmp(key, "reason") == 0) {
			if (!json_is_string(v)) {
				snprintf(err, size, "\"reason\" must be text");
				return 422;
			}
			c->reason = engine_ops_str(ops, json_string_value(v));
		} else if (strcmp(key, "facts") == 0) {
			const char *fk;
			json_t *fv;

			if (!json_is_object(v)) {
				snprintf(err, size, "\"facts\" must be an object");
				return 422;
			}
			json_object_foreach(v, fk, fv)
			{
				if (add_field(ops, id, fk, fv, true, err, size))
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
			o = add_op(ops, ENGINE_OP_LEVEL, id);
			if (!o)
				return TOO_MANY(err, size);
			o->u.level.level = (int)json_integer_value(v);
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
			c->category = engine_ops_str(ops, json_string_value(v));
			if (!add_op(ops, ENGINE_OP_CATEGORY, id))
				return TOO_MANY(err, size);
		} else if (strcmp(key, "resolution") == 0) {
			const char *res = json_is_string(v) ? json_string_value(v) : "";

			if (strcmp(res, "false_alarm") == 0)
				c->resolution = ENGINE_FALSE_ALARM;
			else if (strcmp(res, "duplicate") == 0)
				c->resolution = ENGINE_DUPLICATE;
			else {
				snprintf(err, size, "\"resolution\" is false_alarm or duplicate");
				return 422;
			}
		} else if (strcmp(key, "duplicate_of") == 0) {
			if (!(json_is_string(v) &&
			      engine_parse_ref(json_string_value(v), &c->duplicate_of) == 0) &&
			    !(json_is_integer(v) &&
			      (c->duplicate_of = json_integer_value(v)) > 0)) {
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
			o = add_op(ops,
				   cur->status == INC_CLOSED && to != INC_CLOSED ? ENGINE_OP_REOPEN
				   : to == INC_CLOSED				 ? ENGINE_OP_CLOSE
										 : ENGINE_OP_STATUS,
				   id);
			if (!o)
				return TOO_MANY(err, size);
			if (o->kind == ENGINE_OP_REOPEN)
				o->u.reopen.to = to;
			else if (o->kind == ENGINE_OP_STATUS)
				o->u.status.to = to;
		} else {
			if (add_field(ops, id, key, v, false, err, size))
				return 422;
			fields = true;
		}
	}
	if (!ops->n) {
		snprintf(err, size, "nothing to change");
		return 422;
	}
	/* A resolution is how the incident closes: it needs "status": "closed". */
	if (c->resolution >= 0) {
		bool closing = false;

		for (size_t i = 0; i < ops->n; i++)
			closing |= ops->v[i].kind == ENGINE_OP_CLOSE;
		if (!closing) {
			snprintf(err, size, "\"resolution\" goes with \"status\": \"closed\"");
			return 422;
		}
		if ((c->resolution == ENGINE_DUPLICATE) != (c->duplicate_of > 0)) {
			snprintf(
				err, size,
				"a duplicate names the incident it repeats in \"duplicate_of\" (and only a duplicate does)");
			return 422;
		}
	} else if (c->duplicate_of > 0) {
		snprintf(err, size, "\"duplicate_of\" goes with \"resolution\": \"duplicate\"");
		return 422;
	}
	if (cur->status == INC_CLOSED && fields) {
		bool reopen = false;

		for (size_t i = 0; i < ops->n; i++)
			reopen |= ops->v[i].kind == ENGINE_OP_REOPEN;
		if (!reopen) {
			snprintf(err, size, "the incident is closed; reopen it first");
			return 409;
		}
	}
	return 0;
}

/* What the body said for all changes goes into each operation, and the
 * operations into the order they apply in (stable: the fields keep the
 * body's order). */
static void patch_finish(struct engine_ops *ops, const struct patch_common *c)
{
	for (size_t i = 0; i < ops->n; i++) {
		struct engine_op *o = &ops->v[i];

		switch (o->kind) {
		case ENGINE_OP_REOPEN:
			o->u.reopen.reason = c->reason;
			break;
		case ENGINE_OP_CATEGORY:
			o->u.category.category = c->category;
			o->u.category.reason = c->reason;
			break;
		case ENGINE_OP_LEVEL:
			o->u.level.reason = c->reason;
			break;
		case ENGINE_OP_STATUS:
			o->u.status.reason = c->reason;
			break;
		case ENGINE_OP_CLOSE:
			if (c->resolution >= 0) {
				o->kind = ENGINE_OP_DISMISS;
				o->u.dismiss.how = (enum engine_resolution)c->resolution;
				o->u.dismiss.dup_of = c->duplicate_of;
				o->u.dismiss.reason = c->reason;
			}
			break;
		default:
			break;
		}
	}
	for (size_t i = 1; i < ops->n; i++) {
		struct engine_op o = ops->v[i];
		size_t k = i;

		for (; k > 0 && patch_rank(ops->v[k - 1].kind) > patch_rank(o.kind); k--)
			ops->v[k] = ops->v[k - 1];
		ops->v[k] = o;
	}
}

int api_incident_patch(struct web_req *r)
{
	struct patch_common c = {NULL, NULL, -1, 0};
	struct inc_summary_list one;
	struct engine_ops *ops;
	char err[300];
	unsigned status;
	int rc = exists(r, r->id, &one);

	if (rc)
		return 0;
	ops = engine_ops_new();
	if (!ops) {
		inc_summary_list_release(&one);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	status = patch_parse(r, &one.v[0], ops, &c, err, sizeof(err));
	inc_summary_list_release(&one);
	if (status) {
		engine_ops_free(ops);
		return web_reply_error(r, status,
				       status == 403   ? "forbidden"
				       : status == 409 ? "conflict"
						       : "invalid",
				       err);
	}
	patch_finish(ops, &c);
	return submit(r, ops, changed);
}

/* ---- steps, notes ---- */

int api_incident_step(struct web_req *r)
{
	json_t *state = json_object_get(r->json, "state"), *note = json_object_get(r->json, "note");
	struct inc_summary_list one;
	struct engine_ops *ops;
	struct engine_op *op;
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
	ops = engine_ops_new();
	op = ops ? engine_ops_add(ops, ENGINE_OP_STEP, r->id) : NULL;
	if (!op) {
		engine_ops_free(ops);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	op->u.step.n = r->n;
	if (step_state_parse(json_string_value(state), &op->u.step.state)) {
		engine_ops_free(ops);
		return web_reply_error(r, 422, "invalid",
				       "\"state\" is done, doing, skipped or todo");
	}
	if (json_is_string(note))
		op->u.step.note = engine_ops_str(ops, json_string_value(note));
	return submit(r, ops, changed);
}

static int note_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct engine_ops *ops = r->arg;

	if (rc)
		return web_reply_err(r, e);
	return reply_incident(r, 201, ops->v[0].id);
}

int api_incident_note(struct web_req *r)
{
	json_t *text = json_object_get(r->json, "text");
	struct inc_summary_list one;
	struct engine_ops *ops;
	struct engine_op *op;
	int rc;

	if (json_object_size(r->json) != 1 || !json_is_string(text))
		return web_reply_error(r, 422, "invalid", "the body is {\"text\": \"...\"}");
	rc = web_incident_visible(r, r->id);
	if (rc)
		return 0;
	if (exists(r, r->id, &one))
		return 0;
	inc_summary_list_release(&one);
	ops = engine_ops_new();
	op = ops ? engine_ops_add(ops, ENGINE_OP_NOTE, r->id) : NULL;
	if (!op) {
		engine_ops_free(ops);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	op->u.note.text = engine_ops_str(ops, json_string_value(text));
	return submit(r, ops, note_done);
}

/* ---- search ---- */

int api_search(struct web_req *r)
{
	const char *q = web_query(r, "q");
	struct inc_summary_list l = {0};
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
