/* Incidents as JSON: the shape `show --json`, `export --format json` and
 * the API give. Times are RFC 3339 in the policy's time zone. */
#include "engine/engineInt.h"

static json_t *str(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;

	return j ? j : json_null();
}

static json_t *when(const struct policy *p, int64_t t)
{
	char buf[MO_TIME_MAX];

	if (t == MO_TIME_NONE)
		return json_null();
	engine_time_rfc(p, t, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *tri(int v)
{
	return v == MO_TRI_NONE ? json_null() : json_boolean(v);
}

static void set(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v ? v : json_null());
}

static json_t *field_json(const struct policy *p, const struct inc *inc, const struct inc_field *f)
{
	const char *slot = (const char *)inc + f->offset;

	switch (f->type) {
	case FT_TEXT:
		return str(*(const char *const *)slot);
	case FT_COUNT:
		return *(const long long *)slot < 0 ? json_null()
						    : json_integer(*(const long long *)slot);
	case FT_TRI:
		return tri(*(const int *)slot);
	case FT_TIME:
		return when(p, *(const int64_t *)slot);
	}
	return json_null();
}

static json_t *steps_json(const struct policy *p, const struct step_list *l, int64_t now)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < l->n; i++) {
		const struct step *s = &l->v[i];
		json_t *o = json_object();
		bool open = s->state == STEP_TODO || s->state == STEP_DOING;

		set(o, "n", json_integer(s->n));
		set(o, "title", str(s->title));
		set(o, "action", str(s->action));
		set(o, "actor", str(s->actor));
		set(o, "actor_title", str(policy_role_title(p, s->actor)));
		set(o, "person", str(s->person));
		set(o, "variant", str(s->variant));
		set(o, "due_at", when(p, s->due_at));
		set(o, "overdue",
		    json_boolean(open && s->due_at != MO_TIME_NONE && s->due_at < now));
		set(o, "state", str(step_state_key(s->state)));
		set(o, "note", str(s->note));
		set(o, "by", str(s->by));
		set(o, "at", when(p, s->at));
		set(o, "level", json_integer(s->level));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *events_json(const struct policy *p, const struct event_list *l)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < l->n; i++) {
		const struct event *ev = &l->v[i];
		json_t *o = json_object();

		set(o, "id", json_integer(ev->id));
		set(o, "at", when(p, ev->at));
		set(o, "who", str(ev->who));
		set(o, "login", str(ev->login));
		set(o, "kind", str(ev->kind));
		set(o, "field", str(ev->field));
		set(o, "before", str(ev->before));
		set(o, "after", str(ev->after));
		set(o, "text", str(ev->text));
		json_array_append_new(a, o);
	}
	return a;
}

static const char *question_of(const struct policy *p, const char *phase, const char *point)
{
	for (size_t i = 0; i < p->n_decisions; i++) {
		if (strcmp(p->decisions[i].id, phase) != 0)
			continue;
		for (size_t k = 0; k < p->decisions[i].n_points; k++)
			if (strcmp(p->decisions[i].points[k].id, point) == 0)
				return p->decisions[i].points[k].question;
	}
	return NULL;
}

static json_t *decisions_json(const struct policy *p, const struct inc_full *f)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < f->decisions.n; i++) {
		const struct decision *d = &f->decisions.v[i];
		json_t *o = json_object();

		set(o, "phase", str(d->phase));
		set(o, "point", str(d->point));
		set(o, "question", str(question_of(p, d->phase, d->point)));
		set(o, "decision", str(d->decision));
		set(o, "why", str(d->why));
		set(o, "who", str(d->who));
		set(o, "at", when(p, d->at));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *open_json(const struct policy *p, const struct inc_full *f)
{
	struct open_point open[64];
	size_t n = engine_open_decisions(p, &f->inc, &f->decisions, open, MO_ARRAY_SIZE(open));
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++) {
		json_t *o = json_object();

		set(o, "phase", str(open[i].phase->id));
		set(o, "point", str(open[i].point->id));
		set(o, "question", str(open[i].point->question));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *evidence_json(const struct policy *p, const struct evidence_list *l)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < l->n; i++) {
		const struct evidence *ev = &l->v[i];
		json_t *o = json_object();

		set(o, "n", json_integer(ev->n));
		set(o, "name", str(ev->name));
		set(o, "file", str(ev->file));
		set(o, "source", str(ev->source));
		set(o, "sha256", str(ev->sha256));
		set(o, "size", json_integer(ev->size));
		set(o, "note", str(ev->note));
		set(o, "who", str(ev->who));
		set(o, "at", when(p, ev->at));
		json_array_append_new(a, o);
	}
	return a;
}

/* overdue: still due (nothing recorded) and past its deadline, as in the
 * view (view.h); state: due, done, waived or substituted. */
static json_t *filings_json(const struct policy *p, const struct inc_full *f, int64_t now)
{
	const struct inc *inc = &f->inc;
	struct filing_due due[32];
	size_t n = engine_filings(p, inc, due, MO_ARRAY_SIZE(due));
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++) {
		const struct filing_rec *r = filing_recs_find(&f->filings, due[i].filing->id);
		json_t *o = json_object();

		set(o, "id", str(due[i].filing->id));
		set(o, "title", str(due[i].filing->title));
		set(o, "authority", str(due[i].filing->authority));
		set(o, "authority_name",
		    str(due[i].authority ? due[i].authority->organization : NULL));
		set(o, "when", str(due[i].filing->when));
		set(o, "owner", str(due[i].filing->owner));
		set(o, "due_at", when(p, due[i].due_at));
		set(o, "state", str(filing_state_key(r ? r->state : FILING_DUE)));
		set(o, "overdue",
		    json_boolean(!r && due[i].due_at != MO_TIME_NONE && due[i].due_at < now &&
				 inc->status != INC_CLOSED));
		set(o, "malicious_deadline", json_boolean(due[i].malicious));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *engine_incident_json(const struct policy *p, const struct inc_full *f, int64_t now)
{
	const struct inc *inc = &f->inc;
	json_t *o = json_object(), *rep, *imp, *facts;
	char ref[32];

	if (!o)
		return NULL;
	engine_ref(inc->id, ref, sizeof(ref));
	set(o, "id", json_integer(inc->id));
	set(o, "ref", str(ref));
	/* A drill (訓練): true, with its scenario; false for a real incident. */
	set(o, "drill", json_boolean(f->drill));
	if (f->drill)
		set(o, "drill_scenario", str(f->drill_row.scenario));
	set(o, "title", str(inc->title));
	set(o, "description", str(inc->description));
	set(o, "category", str(inc->category));
	set(o, "category_name", str(engine_category_name(p, inc->category)));
	set(o, "level", json_integer(inc->level));
	set(o, "status", str(inc_status_key(inc->status)));
	set(o, "owner_role", str(inc->owner_role));
	set(o, "owner", str(inc->owner));
	set(o, "sign", str(inc->sign));
	set(o, "discovered_at", when(p, inc->discovered_at));
	set(o, "occurred_at", when(p, inc->occurred_at));
	set(o, "reported_at", when(p, inc->reported_at));
	set(o, "updated_at", when(p, inc->updated_at));
	set(o, "closed_at", when(p, inc->closed_at));
	rep = json_object();
	set(rep, "name", str(inc->reporter_name));
	set(rep, "contact", str(inc->reporter_contact));
	set(rep, "external", json_boolean(inc->reporter_external == 1));
	set(o, "reporter", rep);
	imp = json_object();
	set(imp, "customers", json_boolean(inc->impact & IMPACT_CUSTOMERS));
	set(imp, "personal_data", json_boolean(inc->impact & IMPACT_PERSONAL_DATA));
	set(imp, "business", json_boolean(inc->impact & IMPACT_BUSINESS));
	set(imp, "employees", json_boolean(inc->impact & IMPACT_EMPLOYEES));
	set(o, "impact", imp);
	facts = json_object();
	for (size_t i = 0; i < inc_fields_count; i++) {
		const struct inc_field *fd = &inc_fields[i];

		if (fd->flags & FF_FACT)
			set(facts, fd->key, field_json(p, inc, fd));
		else if (!json_object_get(o, fd->key))
			set(o, fd->key, field_json(p, inc, fd));
	}
	set(o, "facts", facts);
	set(o, "steps", steps_json(p, &f->steps, now));
	set(o, "timeline", events_json(p, &f->events));
	set(o, "decisions", decisions_json(p, f));
	set(o, "open_decisions", open_json(p, f));
	set(o, "evidence", evidence_json(p, &f->evidence));
	set(o, "filings", filings_json(p, f, now));
	return o;
}

static json_t *strs(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, str(v[i]));
	return a;
}

static json_t *self_help_json(const struct mo_self_help *h)
{
	json_t *o;

	if (!h)
		return json_null();
	o = json_object();
	set(o, "id", str(h->id));
	set(o, "title", str(h->title));
	set(o, "intro", str(h->intro));
	set(o, "steps", strs(h->steps.v, h->steps.n));
	set(o, "escalate_intro", str(h->escalate_intro));
	set(o, "escalate_if", strs(h->escalate_if.v, h->escalate_if.n));
	return o;
}

json_t *engine_actions_json(const struct policy *p, const struct inc *inc)
{
	struct actions a;
	json_t *o = json_object(), *steps = json_array(), *contacts = json_array();
	const char *role = policy_role_title(p, inc->owner_role);

	engine_actions(p, inc, &a);
	if (!o)
		goto fail;
	for (size_t i = 0; steps && i < a.n_steps; i++)
		json_array_append_new(steps, str(a.steps[i]->action));
	for (size_t i = 0; contacts && i < a.n_contacts; i++) {
		json_t *c = json_object();

		set(c, "name", str(a.contacts[i]->name));
		set(c, "role", str(role));
		set(c, "phone", str(a.contacts[i]->phone));
		set(c, "email", str(a.contacts[i]->email));
		json_array_append_new(contacts, c);
	}
	set(o, "do", strs(a.do_now, a.n_do));
	set(o, "dont", strs(a.dont, a.n_dont));
	set(o, "steps", steps);
	set(o, "self_help", self_help_json(a.self_help));
	set(o, "contacts", contacts);
	return o;
fail:
	json_decref(steps);
	json_decref(contacts);
	return NULL;
}

json_t *engine_summary_json(const struct policy *p, const struct inc_summary *s)
{
	json_t *o = json_object();
	char ref[32];

	if (!o)
		return NULL;
	engine_ref(s->id, ref, sizeof(ref));
	set(o, "id", json_integer(s->id));
	set(o, "ref", str(ref));
	set(o, "title", str(s->title));
	set(o, "category", str(s->category));
	set(o, "category_name", str(engine_category_name(p, s->category)));
	set(o, "level", json_integer(s->level));
	set(o, "status", str(inc_status_key(s->status)));
	set(o, "owner", str(s->owner));
	set(o, "discovered_at", when(p, s->discovered_at));
	set(o, "updated_at", when(p, s->updated_at));
	set(o, "steps_total", json_integer(s->steps_total));
	set(o, "steps_closed", json_integer(s->steps_closed));
	set(o, "next_due", when(p, s->next_due));
	/* The next legal filing deadline, when engine_summaries_filing_due
	 * filled it (list, search, the dashboard); absent otherwise. */
	if (s->filing_known) {
		set(o, "filing_due", when(p, s->filing_due));
		set(o, "filing_due_kind", str(s->filing_kind));
	}
	return o;
}

int engine_json_text(json_t *j, struct buf *out, struct mo_err *e)
{
	char *text;

	if (!j)
		return mo_err_oom(e, NULL);
	text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text)
		return mo_err_oom(e, NULL);
	if (buf_adds(out, text) || buf_addc(out, '\n')) {
		free(text);
		return mo_err_oom(e, NULL);
	}
	free(text);
	return 0;
}
