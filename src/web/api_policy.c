/* GET /api/v1/policy: the policy in force as JSON (the parts a program
 * needs to report and to follow the manual), and GET /healthz. */
#include "web/webInt.h"
#include "store/outbox.h"
#include "util/timefmt.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *strv_json(const struct strv *v)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < v->n; i++)
		json_array_append_new(a, json_string(v->v[i]));
	return a;
}

static json_t *duration_json(bool has, const struct duration *d)
{
	static const char units[] = {'m', 'h', 'd', 'w', 'M', 'y'};
	char s[32];

	if (!has)
		return json_null();
	snprintf(s, sizeof(s), "%ld%c", d->count, units[d->unit]);
	return json_string(s);
}

static json_t *roles_json(const struct policy *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->n_roles; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:o,s:o}", "id", p->roles[i].id,
						   "title", p->roles[i].title, "holder",
						   str_or_null(p->roles[i].holder), "duties",
						   strv_json(&p->roles[i].duties)));
	return a;
}

static json_t *people_json(const struct policy *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->n_people; i++) {
		const struct mo_person *x = &p->people[i];

		json_array_append_new(a, json_pack("{s:s,s:s,s:o,s:o,s:o}", "id", x->id, "name",
						   x->name, "roles", strv_json(&x->roles), "phone",
						   str_or_null(x->phone), "email",
						   str_or_null(x->email)));
	}
	return a;
}

static json_t *facts_json(unsigned bits)
{
	json_t *a = json_array();
	unsigned bit;

	for (size_t k = 0; (bit = policy_condition_at(k)) != 0; k++)
		if (bits & bit)
			json_array_append_new(a, json_string(policy_condition_name(bit)));
	return a;
}

static json_t *levels_json(const struct policy *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->n_levels; i++) {
		const struct mo_level *l = &p->levels[i];
		struct arena ar;
		struct strv words;

		/* impact: the words of the triage rules, as the manual prints them. */
		arena_init(&ar, 0);
		words = policy_level_words(p, l->level, &ar);
		json_array_append_new(a, json_pack("{s:i,s:o,s:o,s:s,s:o}", "level", l->level,
						   "name", str_or_null(l->name), "impact",
						   strv_json(&words), "owner", l->owner, "notify",
						   strv_json(&l->notify)));
		arena_release(&ar);
	}
	return a;
}

/* The triage rules, as the policy gives them (the built-in ones when absent). */
static json_t *triage_json(const struct policy *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->n_triage; i++) {
		const struct mo_triage_rule *r = &p->triage[i];

		json_array_append_new(a,
				      json_pack("{s:i,s:o,s:o,s:o,s:o}", "level", r->level, "any",
						facts_json(r->any), "all", facts_json(r->all),
						"unless", facts_json(r->unless), "text",
						str_or_null(r->text)));
	}
	return a;
}

static json_t *categories_json(const struct policy *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->n_categories; i++) {
		const struct mo_category *c = &p->categories[i];

		json_array_append_new(a,
				      json_pack("{s:s,s:s,s:o,s:i}", "id", c->id, "name", c->name,
						"description", str_or_null(c->description),
						"min_level", c->min_level));
	}
	return a;
}

static json_t *signs_json(const struct policy *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->n_signs; i++) {
		const struct mo_sign *s = &p->signs[i];

		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "id",
						   s->id, "label", s->label, "category",
						   s->category, "min_level",
						   s->min_level >= 0 ? json_integer(s->min_level)
								     : json_null(),
						   "facts", facts_json(s->facts), "self_help",
						   str_or_null(s->self_help), "guidance",
						   str_or_null(s->guidance), "do",
						   strv_json(&s->do_now), "dont",
						   strv_json(&s->dont)));
	}
	return a;
}

static json_t *self_help_json(const struct policy *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->n_self_help; i++) {
		const struct mo_self_help *s = &p->self_help[i];

		json_array_append_new(a, json_pack("{s:s,s:s,s:o,s:o}", "id", s->id, "title",
						   s->title, "steps", strv_json(&s->steps),
						   "escalate_if", strv_json(&s->escalate_if)));
	}
	return a;
}

static json_t *playbooks_json(const struct policy *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->n_playbooks; i++) {
		const struct mo_playbook *pb = &p->playbooks[i];
		json_t *steps = json_array();

		for (size_t k = 0; k < pb->n_steps; k++) {
			const struct mo_step *s = &pb->steps[k];

			json_array_append_new(steps, json_pack("{s:o,s:s,s:s,s:o,s:o}", "title",
							       str_or_null(s->title), "actor",
							       s->actor, "action", s->action, "due",
							       duration_json(s->has_due, &s->due),
							       "variant", str_or_null(s->variant)));
		}
		json_array_append_new(a, json_pack("{s:s,s:i,s:o,s:o}", "category", pb->category,
						   "level", pb->level, "note",
						   str_or_null(pb->note), "steps", steps));
	}
	return a;
}

static json_t *authorities_json(const struct policy *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->n_authorities; i++) {
		const struct mo_authority *x = &p->authorities[i];

		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "id", x->id,
						   "organization", x->organization, "kind",
						   x->kind ? x->kind : "", "name",
						   str_or_null(x->name), "url", str_or_null(x->url),
						   "tel", str_or_null(x->tel), "when",
						   str_or_null(x->when)));
	}
	return a;
}

static json_t *filings_json(const struct policy *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->n_filings; i++) {
		const struct mo_filing *f = &p->filings[i];

		json_array_append_new(
			a, json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "id", f->id, "authority",
				     f->authority, "title", str_or_null(f->title), "when",
				     str_or_null(f->when), "categories", strv_json(&f->categories),
				     "due", duration_json(f->has_due, &f->due), "due_if_malicious",
				     duration_json(f->has_due_if_malicious, &f->due_if_malicious),
				     "owner", str_or_null(f->owner)));
	}
	return a;
}

int api_policy(struct web_req *r)
{
	const struct policy *p = r->p;
	char loaded[MO_TIME_MAX];
	json_t *j;

	time_format_utc(r->pol->loaded_at, loaded, sizeof(loaded));
	j = json_pack("{s:i,s:{s:s,s:s,s:o},s:{s:s,s:s,s:i,s:i},s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,"
		      "s:o,s:o}",
		      "version", p->version, "organization", "name", p->org.name ? p->org.name : "",
		      "timezone", p->org.timezone ? p->org.timezone : "Asia/Tokyo", "revision",
		      str_or_null(p->org.revision), "source", "file", r->pol->source, "loaded_at",
		      loaded, "errors", (int)r->pol->findings.errors, "warnings",
		      (int)r->pol->findings.warnings, "roles", roles_json(p), "people",
		      people_json(p), "levels", levels_json(p), "triage", triage_json(p),
		      "categories", categories_json(p), "signs", signs_json(p), "self_help",
		      self_help_json(p), "playbooks", playbooks_json(p), "authorities",
		      authorities_json(p), "filings", filings_json(p));
	if (!j)
		return web_reply_error(r, 500, "internal", "the policy cannot be shown as JSON");
	return web_reply_json(r, 200, j);
}

int api_healthz(struct web_req *r)
{
	struct mo_err e;
	struct store *st;
	struct outbox_stats ob;
	int64_t n;

	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st || store_user_count(st, &n, &e) || store_outbox_stats(st, time_now(), &ob, &e))
		return web_reply_json(r, 503,
				      json_pack("{s:s,s:s}", "status", "error", "error", e.msg));
	return web_reply_json(r, 200,
			      json_pack("{s:s,s:s,s:i,s:I,s:I,s:I,s:I,s:b}", "status", "ok",
					"version", MOSHIMO_VERSION, "schema",
					store_schema_version(), "uptime_s",
					(json_int_t)(time_now() - r->srv->started),
					"outbox_oldest_pending_s", (json_int_t)ob.oldest_pending_s,
					"outbox_pending", (json_int_t)ob.pending,
					"outbox_dead_recent", (json_int_t)ob.dead_recent,
					"notify_configured", r->srv->notify != NULL));
}

int page_css(struct web_req *r)
{
	return web_reply(r, 200, REPLY_CSS, "text/css; charset=utf-8", web_css, web_css_len, NULL,
			 NULL);
}
