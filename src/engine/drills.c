/* Drills (engine/drills.h): starting one from a scenario, ending it with a
 * score, and the report: each step against the manual's deadline, each
 * acknowledgement against the report, what to improve. */
#include "engine/drills.h"
#include "engine/engineInt.h"
#include "engine/notify_out.h"
#include "policy/node.h"
#include "store/checks.h"

#define DRILL_MARK "【訓練】"
#define PEOPLE_MAX 64

const char *engine_drill_mark(void)
{
	return DRILL_MARK;
}

const char *engine_drill_title_mark(const char *title)
{
	return title && strncmp(title, DRILL_MARK, strlen(DRILL_MARK)) == 0 ? DRILL_MARK : "";
}

bool engine_is_drill(struct engine *en, int64_t id)
{
	struct drill_row d;
	struct mo_err e;

	return store_drill_get(en->st, id, &d, &e) == 0;
}

const char *engine_drill_prefix(const struct engine *en, const struct inc *inc)
{
	struct drill_row d;
	struct mo_err e;

	if (inc && inc->title && strncmp(inc->title, DRILL_MARK, strlen(DRILL_MARK)) == 0)
		return "【moshimo】" DRILL_MARK;
	if (inc && inc->id && store_drill_get(en->st, inc->id, &d, &e) == 0)
		return "【moshimo】" DRILL_MARK;
	return engine_notify_prefix(inc);
}

int engine_drill_refuse_filing(struct engine *en, int64_t id, struct mo_err *e)
{
	if (!engine_is_drill(en, id))
		return 0;
	return mo_err_setc(e, MO_ECONFLICT, "%s",
			   _("this incident is a drill: its filings are drafted, never filed"));
}

/* The report's YAML node as the JSON moshimo report reads: plain true,
 * false, null and integers keep their type, everything else is text. */
static json_t *node_json(const struct pnode *n)
{
	json_t *j;

	if (n->kind == PNODE_SCALAR) {
		char *end;
		long long v;

		if (n->plain && (strcmp(n->str, "true") == 0 || strcmp(n->str, "false") == 0))
			return json_boolean(n->str[0] == 't');
		if (n->plain && pnode_is_null(n))
			return json_null();
		if (n->plain && n->len) {
			errno = 0;
			v = strtoll(n->str, &end, 10);
			if (!*end && !errno)
				return json_integer(v);
		}
		return json_stringn(n->str, n->len);
	}
	if (n->kind == PNODE_SEQUENCE) {
		j = json_array();
		for (size_t i = 0; j && i < n->n; i++)
			if (json_array_append_new(j, node_json(n->items[i]))) {
				json_decref(j);
				return NULL;
			}
		return j;
	}
	j = json_object();
	for (size_t i = 0; j && i < n->n; i++)
		if (json_object_set_new(j, n->pairs[i].key, node_json(n->pairs[i].value))) {
			json_decref(j);
			return NULL;
		}
	return j;
}

int engine_drill_start(struct engine *en, const char *scenario, int64_t *id, struct mo_err *e)
{
	const struct mo_drill *d = policy_drill(en->p, scenario);
	struct drill_row row = {0};
	struct inc inc;
	json_t *j = NULL;
	char *text = NULL, name[128], ref[32];
	const char *title;
	int rc = -1;

	inc_init(&inc);
	if (!d) {
		mo_err_setc(e, MO_ENOTFOUND,
			    _("no drill scenario \"%s\" in the policy (moshimo drill list)"),
			    scenario ? scenario : "");
		goto done;
	}
	j = node_json(d->report);
	text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	if (!text) {
		mo_err_oom(e, NULL);
		goto done;
	}
	snprintf(name, sizeof(name), "drills: %s: report", d->id);
	inc_release(&inc);
	if (engine_report_parse(en->p, text, strlen(text), name, en->now, &inc, e))
		goto done;
	title = engine_afmt(&inc.arena, "%s%s", DRILL_MARK, inc.title);
	if (!title) {
		mo_err_oom(e, NULL);
		goto done;
	}
	inc.title = title;
	if (engine_create(en, &inc, e))
		goto done;
	row.incident_id = inc.id;
	snprintf(row.scenario, sizeof(row.scenario), "%s", d->id);
	snprintf(row.title, sizeof(row.title), "%s", d->title);
	row.started_at = en->now;
	row.ended_at = MO_TIME_NONE;
	row.score = -1;
	snprintf(row.by, sizeof(row.by), "%s", en->who ? en->who : "");
	if (store_drill_add(en->st, &row, e))
		goto done;
	for (size_t i = 0; i < d->n_injects; i++) {
		struct drill_inject in = {0};

		in.incident_id = inc.id;
		in.n = (int)i + 1;
		in.due_at = en->now + duration_seconds(&d->injects[i].after);
		snprintf(in.text, sizeof(in.text), "%s", d->injects[i].text);
		in.sent_at = MO_TIME_NONE;
		if (store_drill_inject_add(en->st, &in, e))
			goto done;
	}
	engine_ref(inc.id, ref, sizeof(ref));
	if (engine_event(en, inc.id, "drill", NULL, NULL, NULL,
			 engine_afmt(&inc.arena,
				     "%s訓練を開始しました（シナリオ: %s、状況付与 %zu件）",
				     DRILL_MARK, d->title, d->n_injects),
			 e))
		goto done;
	*id = inc.id;
	rc = 0;
done:
	free(text);
	json_decref(j);
	inc_release(&inc);
	return rc;
}

int engine_drill_end(struct engine *en, int64_t id, int *score, struct mo_err *e)
{
	struct drill_report r;
	struct inc inc;
	enum inc_status from;
	int got, rc = -1;

	got = engine_drill_report(en->st, en->p, id, en->now, &r, e);
	if (got < 0)
		return -1;
	if (got > 0) {
		char ref[32];

		engine_ref(id, ref, sizeof(ref));
		return mo_err_setc(e, MO_ENOTFOUND, _("%s is not a drill"), ref);
	}
	inc_init(&inc);
	if (r.ended) {
		mo_err_setc(e, MO_ECONFLICT, "%s", _("the drill has already ended"));
		goto done;
	}
	if (store_drill_end(en->st, id, en->now, r.score, e) ||
	    store_esc_stop(en->st, id, en->now, NULL, e))
		goto done;
	inc_release(&inc);
	got = store_incident_get(en->st, id, &inc, e);
	if (got) {
		if (got > 0)
			engine_err_missing(id, e);
		goto done;
	}
	if (inc.status != INC_CLOSED) {
		from = inc.status;
		inc.closed_from = inc_status_key(from);
		inc.status = INC_CLOSED;
		inc.closed_at = en->now;
		inc.updated_at = en->now;
		if (store_incident_update(en->st, &inc, e) ||
		    engine_event(en, id, "close", "status", inc_status_key(from),
				 inc_status_key(INC_CLOSED), DRILL_MARK "訓練終了としてクローズ",
				 e))
			goto done;
	}
	if (engine_event(
		    en, id, "drill", NULL, NULL, NULL,
		    engine_afmt(
			    &inc.arena,
			    "%s訓練を終了しました（得点 %d点: 手順 %zu件中 合格 %zu件、期限超過 "
			    "%zu件、未実施 %zu件）",
			    DRILL_MARK, r.score, r.n_steps, r.n_pass, r.n_late, r.n_missed),
		    e))
		goto done;
	/* The manual's own check "drill" (checks:) is done by running one. */
	for (size_t i = 0; i < en->p->n_checks; i++)
		if (strcmp(en->p->checks[i].id, "drill") == 0 &&
		    store_check_record(en->st, "drill", en->now, en->who ? en->who : "",
				       engine_afmt(&inc.arena, "%s（%s）得点 %d点", r.d.title,
						   r.inc.title, r.score),
				       NULL, e))
			goto done;
	if (score)
		*score = r.score;
	rc = 0;
done:
	inc_release(&inc);
	drill_report_release(&r);
	return rc;
}

/* ---- The report ---- */

void engine_drill_delay(int64_t s, char *out, size_t size)
{
	if (s < 0)
		s = 0;
	if (s < 60)
		snprintf(out, size, "%lld秒", (long long)s);
	else if (s < 3600)
		snprintf(out, size, "%lld分", (long long)(s / 60));
	else if (s % 3600 < 60)
		snprintf(out, size, "%lld時間", (long long)(s / 3600));
	else
		snprintf(out, size, "%lld時間%lld分", (long long)(s / 3600),
			 (long long)(s % 3600 / 60));
}

static bool told_has(const struct drill_report *r, const char *person)
{
	for (size_t i = 0; i < r->n_people; i++)
		if (person && *person && strcmp(r->people[i].person, person) == 0)
			return true;
	return false;
}

static int add_person(struct drill_report *r, const char *person, const char *name)
{
	struct drill_person *pp;

	if (told_has(r, person) || r->n_people >= PEOPLE_MAX)
		return 0;
	pp = &r->people[r->n_people];
	pp->person = arena_strdup(&r->arena, person ? person : "");
	pp->name = arena_strdup(&r->arena, name ? name : person);
	pp->channel = NULL;
	pp->acked_at = MO_TIME_NONE;
	if (!pp->person || !pp->name)
		return -1;
	r->n_people++;
	return 0;
}

/* Everyone the drill told (the escalation steps that fired before its
 * end; a level without a chain: its notify roles and the owner's), then
 * their acknowledgements. */
static int people(struct store *st, const struct policy *p, struct drill_report *r,
		  struct mo_err *e)
{
	struct esc_row *esc = NULL;
	struct ack_row *acks = NULL;
	size_t n_esc = 0, n_acks = 0;
	int rc = -1;

	r->people = arena_calloc(&r->arena, PEOPLE_MAX, sizeof(*r->people));
	if (!r->people)
		return mo_err_oom(e, NULL);
	if (store_esc_list(st, r->inc.id, &esc, &n_esc, e) ||
	    store_ack_list(st, r->inc.id, &acks, &n_acks, e))
		goto done;
	for (size_t i = 0; i < n_esc; i++) {
		char roles[ESC_ROLES_MAX], *save = NULL;

		if (!esc[i].fired_at || esc[i].fired_at > r->until)
			continue;
		snprintf(roles, sizeof(roles), "%s", esc[i].roles);
		for (char *role = strtok_r(roles, " ", &save); role;
		     role = strtok_r(NULL, " ", &save)) {
			const struct mo_person *pe[16];
			size_t np = policy_role_people(p, role, pe, 16);

			for (size_t k = 0; k < np; k++)
				if (add_person(r, pe[k]->id, pe[k]->name))
					goto oom;
		}
	}
	if (!n_esc) {
		const struct mo_level *lv = policy_level(p, r->inc.level);

		for (size_t i = 0; lv && i <= lv->notify.n; i++) {
			const char *role = i < lv->notify.n ? lv->notify.v[i] : r->inc.owner_role;
			const struct mo_person *pe[16];
			size_t np = role ? policy_role_people(p, role, pe, 16) : 0;

			for (size_t k = 0; k < np; k++)
				if (add_person(r, pe[k]->id, pe[k]->name))
					goto oom;
		}
	}
	for (size_t i = 0; i < n_acks; i++) {
		struct drill_person *pp = NULL;

		if (acks[i].at > r->until)
			continue;
		for (size_t k = 0; k < r->n_people && !pp; k++)
			if (acks[i].person[0] && strcmp(r->people[k].person, acks[i].person) == 0)
				pp = &r->people[k];
		if (!pp) {
			if (add_person(r, acks[i].person, acks[i].name))
				goto oom;
			pp = &r->people[r->n_people - 1];
		}
		if (pp->acked_at == MO_TIME_NONE) {
			pp->acked_at = acks[i].at;
			pp->channel = arena_strdup(&r->arena, acks[i].channel);
		}
	}
	rc = 0;
	goto done;
oom:
	mo_err_oom(e, NULL);
done:
	free(esc);
	free(acks);
	return rc;
}

static int improve(struct drill_report *r, const char *fmt, ...) MO_PRINTF(2, 3);

static int improve(struct drill_report *r, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (!(r->improve.v[r->improve.n] = arena_strdup(&r->arena, line)))
		return -1;
	r->improve.n++;
	return 0;
}

static void verdict(struct drill_report *r, const struct step *s, struct drill_step_result *x)
{
	x->n = s->n;
	x->title = s->title ? s->title : s->action;
	x->actor = s->actor;
	x->person = s->person;
	x->due_at = s->due_at;
	x->state = s->state;
	x->note = s->note;
	x->done_at = (s->state == STEP_DONE || s->state == STEP_SKIPPED) ? s->at : MO_TIME_NONE;
	if (s->state == STEP_DONE) {
		x->late = s->due_at != MO_TIME_NONE && s->at > s->due_at;
		x->result = x->late ? "late" : "pass";
	} else if (s->state == STEP_SKIPPED) {
		x->result = "skipped";
	} else if (s->due_at != MO_TIME_NONE && r->until > s->due_at) {
		x->late = true;
		x->result = "missed";
	} else {
		x->result = r->ended ? "missed" : "pending";
	}
	x->pass = strcmp(x->result, "pass") == 0;
}

int engine_drill_report(struct store *st, const struct policy *p, int64_t id, int64_t now,
			struct drill_report *r, struct mo_err *e)
{
	struct step_list steps = {0};
	double points = 0;
	size_t items, acked = 0;
	int got;

	memset(r, 0, sizeof(*r));
	arena_init(&r->arena, (size_t)16 << 20);
	inc_init(&r->inc);
	got = store_drill_get(st, id, &r->d, e);
	if (got)
		return got;
	got = store_incident_get(st, id, &r->inc, e);
	if (got) {
		if (got > 0)
			engine_err_missing(id, e);
		return -1;
	}
	r->ended = r->d.ended_at != MO_TIME_NONE;
	r->reported_at = r->d.started_at;
	r->until = r->ended ? r->d.ended_at : now;
	if (store_steps_get(st, id, &steps, e))
		return -1;
	r->steps = arena_calloc(&r->arena, steps.n + 1, sizeof(*r->steps));
	r->improve.v = arena_calloc(&r->arena, steps.n + PEOPLE_MAX + 8, sizeof(*r->improve.v));
	if (!r->steps || !r->improve.v)
		goto oom;
	for (size_t i = 0; i < steps.n; i++) {
		struct drill_step_result *x = &r->steps[r->n_steps++];

		verdict(r, &steps.v[i], x);
		x->title = arena_strdup(&r->arena, x->title ? x->title : "");
		x->actor = x->actor ? arena_strdup(&r->arena, x->actor) : NULL;
		x->person = x->person ? arena_strdup(&r->arena, x->person) : NULL;
		x->note = x->note ? arena_strdup(&r->arena, x->note) : NULL;
		if (!x->title)
			goto oom;
		if (x->pass) {
			r->n_pass++;
			points += 1;
		} else if (strcmp(x->result, "late") == 0) {
			r->n_late++;
			points += 0.5;
		} else if (strcmp(x->result, "pending") != 0) {
			r->n_missed++;
		}
	}
	if (people(st, p, r, e))
		goto fail;
	if (store_drill_injects(st, id, &r->injects, &r->n_injects, e))
		goto fail;
	for (size_t i = 0; i < r->n_people; i++)
		if (r->people[i].acked_at != MO_TIME_NONE) {
			acked++;
			points += 1;
		}
	items = r->n_steps + r->n_people;
	r->score = items ? (int)(100.0 * points / (double)items + 0.5) : 0;
	/* What to improve: the people who never acknowledged, the steps late,
	 * missed or skipped, in the checklist's order. */
	for (size_t i = 0; i < r->n_people; i++)
		if (r->people[i].acked_at == MO_TIME_NONE &&
		    improve(r,
			    "%sさんが受領を確認しませんでした。連絡先と通知の届き方を確認してください。",
			    r->people[i].name))
			goto oom;
	for (size_t i = 0; i < r->n_steps; i++) {
		const struct drill_step_result *x = &r->steps[i];
		const char *who = x->actor ? policy_role_title(p, x->actor) : "";
		char late[64];

		if (strcmp(x->result, "late") == 0) {
			engine_drill_delay(x->done_at - x->due_at, late, sizeof(late));
			if (improve(r, "手順%d「%s」（%s）が期限を%s過ぎて完了しました。", x->n,
				    x->title, who, late))
				goto oom;
		} else if (strcmp(x->result, "skipped") == 0) {
			if (improve(r, "手順%d「%s」（%s）が省略されました%s%s%s。", x->n, x->title,
				    who, x->note ? "（理由: " : "", x->note ? x->note : "",
				    x->note ? "）" : ""))
				goto oom;
		} else if (strcmp(x->result, "missed") == 0) {
			if (improve(r, "手順%d「%s」（%s）が訓練の間に完了しませんでした。", x->n,
				    x->title, who))
				goto oom;
		}
	}
	step_list_release(&steps);
	return 0;
oom:
	mo_err_oom(e, NULL);
fail:
	step_list_release(&steps);
	drill_report_release(r);
	return -1;
}

void drill_report_release(struct drill_report *r)
{
	free(r->injects);
	r->injects = NULL;
	inc_release(&r->inc);
	arena_release(&r->arena);
}

static json_t *time_json(const struct policy *p, int64_t t)
{
	char buf[64];

	if (t == MO_TIME_NONE)
		return json_null();
	engine_time_rfc(p, t, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *after_json(int64_t from, int64_t t)
{
	return t == MO_TIME_NONE ? json_null() : json_integer(t - from);
}

json_t *engine_drill_report_json(const struct policy *p, const struct drill_report *r)
{
	json_t *j, *steps = json_array(), *acks = json_array(), *never = json_array(),
		   *inj = json_array(), *imp = json_array();
	char ref[32];

	engine_ref(r->inc.id, ref, sizeof(ref));
	for (size_t i = 0; steps && i < r->n_steps; i++) {
		const struct drill_step_result *x = &r->steps[i];

		json_array_append_new(
			steps,
			json_pack("{s:i, s:s, s:s?, s:s?, s:o, s:o, s:s, s:b, s:s, s:b, s:o, s:s?}",
				  "n", x->n, "title", x->title, "actor", x->actor, "person",
				  x->person, "due_at", time_json(p, x->due_at), "done_at",
				  time_json(p, x->done_at), "state", step_state_key(x->state),
				  "late", x->late, "result", x->result, "pass", x->pass, "after_s",
				  after_json(r->reported_at, x->done_at), "note", x->note));
	}
	for (size_t i = 0; acks && never && i < r->n_people; i++) {
		const struct drill_person *pp = &r->people[i];

		if (pp->acked_at == MO_TIME_NONE)
			json_array_append_new(never, json_pack("{s:s, s:s}", "person", pp->person,
							       "name", pp->name));
		else
			json_array_append_new(acks,
					      json_pack("{s:s, s:s, s:s?, s:o, s:I}", "person",
							pp->person, "name", pp->name, "channel",
							pp->channel, "at",
							time_json(p, pp->acked_at), "after_s",
							(json_int_t)(pp->acked_at -
								     r->reported_at)));
	}
	for (size_t i = 0; inj && i < r->n_injects; i++)
		json_array_append_new(inj, json_pack("{s:i, s:s, s:o, s:o}", "n", r->injects[i].n,
						     "text", r->injects[i].text, "due_at",
						     time_json(p, r->injects[i].due_at), "sent_at",
						     time_json(p, r->injects[i].sent_at)));
	for (size_t i = 0; imp && i < r->improve.n; i++)
		json_array_append_new(imp, json_string(r->improve.v[i]));
	j = json_pack("{s:b, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:i, s:{s:I, s:I, s:I, s:I}, "
		      "s:o, s:o, s:o, s:o, s:o}",
		      "drill", 1, "id", (json_int_t)r->inc.id, "ref", ref, "scenario",
		      r->d.scenario, "scenario_title", r->d.title, "title", r->inc.title,
		      "started_at", time_json(p, r->reported_at), "ended_at",
		      time_json(p, r->ended ? r->d.ended_at : MO_TIME_NONE), "ended", r->ended,
		      "score", r->score, "counts", "steps", (json_int_t)r->n_steps, "pass",
		      (json_int_t)r->n_pass, "late", (json_int_t)r->n_late, "missed",
		      (json_int_t)r->n_missed, "steps", steps ? steps : json_null(), "acks",
		      acks ? acks : json_null(), "never_acknowledged", never ? never : json_null(),
		      "injects", inj ? inj : json_null(), "improve", imp ? imp : json_null());
	return j;
}
