/* The business continuity board (engine/bcp.h): the recovery order of the
 * policy's systems, the board of an incident read from the store's log,
 * its JSON, and the three writes (a system's state, a survey answer, a
 * person's availability), each also an event on the timeline. */
#include "engine/bcp.h"
#include "engine/labels.h"

const struct mo_bcp_system *engine_bcp_system(const struct policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->bcp.n_systems; i++)
		if (strcmp(p->bcp.systems[i].id, id) == 0)
			return &p->bcp.systems[i];
	return NULL;
}

static size_t tier_rank(const struct mo_bcp *b, const char *tier)
{
	for (size_t t = 0; tier && t < b->n_tiers; t++)
		if (strcmp(b->tiers[t].id, tier) == 0)
			return t;
	return b->n_tiers;
}

/* True when system i depends on system j. */
static bool depends(const struct mo_bcp *b, size_t i, size_t j)
{
	for (size_t k = 0; k < b->systems[i].depends_on.n; k++)
		if (strcmp(b->systems[i].depends_on.v[k], b->systems[j].id) == 0)
			return true;
	return false;
}

/* The best of the systems not yet placed for which ready says so: the
 * lowest effective tier, then the first in the policy; n when none. */
static size_t best(const struct mo_bcp *b, const size_t *tier, const bool *placed,
		   const bool *ready)
{
	size_t pick = b->n_systems;

	for (size_t i = 0; i < b->n_systems; i++) {
		if (placed[i] || (ready && !ready[i]))
			continue;
		if (pick == b->n_systems || tier[i] < tier[pick])
			pick = i;
	}
	return pick;
}

/* Each system's effective tier: its own, raised to that of the most
 * important system depending on it (directly or not), so what a tier-a
 * system waits for is restored as tier a. n rounds reach every path. */
static void effective_tiers(const struct mo_bcp *b, size_t *tier)
{
	for (size_t i = 0; i < b->n_systems; i++)
		tier[i] = tier_rank(b, b->systems[i].tier);
	for (size_t round = 0; round < b->n_systems; round++)
		for (size_t i = 0; i < b->n_systems; i++)
			for (size_t j = 0; j < b->n_systems; j++)
				if (j != i && depends(b, i, j) && tier[i] < tier[j])
					tier[j] = tier[i];
}

size_t engine_bcp_order(const struct policy *p, size_t *order)
{
	const struct mo_bcp *b = &p->bcp;
	bool *placed = calloc(2 * b->n_systems + 1, sizeof(*placed)), *ready;
	size_t *tier = calloc(b->n_systems + 1, sizeof(*tier)), n = 0;

	if (!placed || !tier) {
		free(placed);
		free(tier);
		return 0;
	}
	ready = placed + b->n_systems;
	effective_tiers(b, tier);
	while (n < b->n_systems) {
		size_t pick;

		for (size_t i = 0; i < b->n_systems; i++) {
			ready[i] = !placed[i];
			for (size_t j = 0; ready[i] && j < b->n_systems; j++)
				if (j != i && !placed[j] && depends(b, i, j))
					ready[i] = false;
			if (ready[i] && depends(b, i, i))
				ready[i] = false;
		}
		pick = best(b, tier, placed, ready);
		if (pick == b->n_systems) /* a cycle: the rest by tier and policy order */
			pick = best(b, tier, placed, NULL);
		placed[pick] = true;
		order[n++] = pick;
	}
	free(placed);
	free(tier);
	return n;
}

bool engine_bcp_disaster(const struct inc *inc)
{
	return (inc->category && strcmp(inc->category, "disaster") == 0) ||
	       (inc->sign &&
		(strcmp(inc->sign, "system_down") == 0 || strcmp(inc->sign, "disaster") == 0));
}

const char *engine_bcp_survey_item(const struct policy *p, const char *item)
{
	const struct strv *sv = &p->bcp.damage_survey;
	char *end;
	long k;

	if (!item || !*item)
		return NULL;
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], item) == 0)
			return sv->v[i];
	errno = 0;
	k = strtol(item, &end, 10);
	if (!errno && !*end && k >= 1 && (size_t)k <= sv->n)
		return sv->v[k - 1];
	return NULL;
}

/* The latest row of kind for item; NULL when none. */
static const struct bcp_rec *latest(const struct bcp_recs *r, enum bcp_kind kind, const char *item)
{
	for (size_t i = r->n; i-- > 0;)
		if (r->v[i].kind == kind && strcmp(r->v[i].item, item) == 0)
			return &r->v[i];
	return NULL;
}

static void fill_view(const struct policy *p, struct bcp_board *b, struct bcp_view *v,
		      const struct mo_bcp_system *s, size_t rank)
{
	const struct bcp_rec *last = latest(&b->recs, BCP_STATE, s->id);
	int64_t end;

	v->sys = s;
	v->rank = rank;
	v->last = last;
	v->state = BCP_UNKNOWN;
	if (last && bcp_state_parse(last->value, &v->state))
		v->state = BCP_UNKNOWN;
	v->restored_at = v->state == BCP_RESTORED ? last->at : MO_TIME_NONE;
	end = v->restored_at != MO_TIME_NONE ? v->restored_at : b->now;
	v->elapsed = end > b->start ? end - b->start : 0;
	v->rto_over = s->has_rto ? v->elapsed > duration_seconds(&s->rto) : -1;
	for (size_t k = 0; k < s->depends_on.n; k++) {
		const char *d = s->depends_on.v[k];

		if (!engine_bcp_system(p, d)) {
			if (v->n_needs < BCP_WAITS_MAX)
				v->needs[v->n_needs++] = d;
		}
	}
}

/* Whether system id counts as running for the systems that depend on it:
 * restored, or not affected at all. */
static bool running(const struct bcp_board *b, const char *id)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->v[i].sys->id, id) == 0)
			return b->v[i].state == BCP_RESTORED;
	return true;
}

int engine_bcp_board(const struct policy *p, struct store *st, const struct inc *inc, int64_t now,
		     struct bcp_board *b, struct mo_err *e)
{
	const struct mo_bcp *m = &p->bcp;
	size_t *order = NULL, n;
	bool disaster = engine_bcp_disaster(inc);

	memset(b, 0, sizeof(*b));
	b->now = now;
	b->start = inc->occurred_at != MO_TIME_NONE	? inc->occurred_at
		   : inc->discovered_at != MO_TIME_NONE ? inc->discovered_at
							: inc->reported_at;
	if (store_bcp_get(st, inc->id, &b->recs, e))
		return -1;
	order = calloc(m->n_systems + 1, sizeof(*order));
	b->v = calloc(m->n_systems + 1, sizeof(*b->v));
	b->survey = calloc(m->damage_survey.n + 1, sizeof(*b->survey));
	b->staff = calloc(b->recs.n + 1, sizeof(*b->staff));
	if (!order || !b->v || !b->survey || !b->staff) {
		free(order);
		return mo_err_oom(e, NULL);
	}
	n = engine_bcp_order(p, order);
	if (n < m->n_systems) {
		free(order);
		return mo_err_oom(e, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		const struct mo_bcp_system *s = &m->systems[order[i]];

		if (disaster || latest(&b->recs, BCP_STATE, s->id))
			fill_view(p, b, &b->v[b->n++], s, i + 1);
	}
	free(order);
	b->applies = disaster || b->n > 0;
	for (size_t i = 0; i < b->n; i++) {
		struct bcp_view *v = &b->v[i];

		for (size_t k = 0; k < v->sys->depends_on.n; k++) {
			const char *d = v->sys->depends_on.v[k];

			if (engine_bcp_system(p, d) && !running(b, d) && v->n_waits < BCP_WAITS_MAX)
				v->waits[v->n_waits++] = d;
		}
		if (!b->next && v->state != BCP_RESTORED)
			b->next = v;
	}
	for (size_t i = 0; i < m->damage_survey.n; i++)
		b->survey[i] = latest(&b->recs, BCP_SURVEY, m->damage_survey.v[i]);
	for (size_t i = 0; i < b->recs.n; i++) {
		const struct bcp_rec *r = &b->recs.v[i];
		bool seen = false;

		if (r->kind != BCP_STAFF)
			continue;
		for (size_t k = 0; k < b->n_staff; k++)
			if (strcmp(b->staff[k]->item, r->item) == 0) {
				b->staff[k] = r; /* a later row replaces the earlier */
				seen = true;
			}
		if (!seen)
			b->staff[b->n_staff++] = r;
	}
	return 0;
}

void engine_bcp_board_release(struct bcp_board *b)
{
	free(b->v);
	free(b->survey);
	free(b->staff);
	bcp_recs_release(&b->recs);
	memset(b, 0, sizeof(*b));
}

/* ---- JSON ---- */

static json_t *time_or_null(const struct policy *p, int64_t t)
{
	char s[MO_TIME_MAX];

	if (t == MO_TIME_NONE)
		return json_null();
	engine_time_rfc(p, t, s, sizeof(s));
	return json_string(s);
}

static json_t *strs(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, json_string(v[i]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *vendors_json(const struct policy *p, const struct mo_bcp_system *s)
{
	json_t *a = json_array();

	for (size_t k = 0; a && k < s->vendors.n; k++) {
		const struct mo_authority *au = policy_authority(p, s->vendors.v[k]);

		if (!au)
			continue;
		if (json_array_append_new(a, json_pack("{s:s, s:s, s:s?, s:s?}", "id", au->id,
						       "organization", au->organization, "name",
						       au->name, "tel", au->tel))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *duration_json(bool has, const struct duration *d)
{
	return has ? json_integer(duration_seconds(d)) : json_null();
}

static json_t *view_json(const struct policy *p, const struct inc *inc, const struct bcp_view *v,
			 struct arena *a)
{
	const struct mo_bcp_system *s = v->sys;
	const char *holders =
		s->recovery_owner ? engine_role_people(p, inc, s->recovery_owner, a) : NULL;

	return json_pack(
		"{s:s, s:s, s:i, s:s, s:s, s:s, s:{s:s?, s:s?, s:s?}, s:o, s:o, s:o, s:I, s:o, "
		"s:o, s:o, s:o, s:s?, s:s?, s:o}",
		"id", s->id, "name", s->name, "rank", (int)v->rank, "tier", s->tier, "state",
		bcp_state_key(v->state), "state_label", engine_bcp_state_word(v->state, LABEL_JA),
		"owner", "role", s->recovery_owner, "title",
		s->recovery_owner ? policy_role_title(p, s->recovery_owner) : NULL, "people",
		holders, "vendors", vendors_json(p, s), "rto_seconds",
		duration_json(s->has_rto, &s->rto), "rpo_seconds",
		duration_json(s->has_rpo, &s->rpo), "elapsed_seconds", (json_int_t)v->elapsed,
		"rto_over", v->rto_over < 0 ? json_null() : json_boolean(v->rto_over),
		"restored_at", time_or_null(p, v->restored_at), "waits_for",
		strs(v->waits, v->n_waits), "needs", strs(v->needs, v->n_needs), "note",
		v->last ? v->last->note : NULL, "by", v->last ? v->last->who : NULL, "at",
		time_or_null(p, v->last ? v->last->at : MO_TIME_NONE));
}

json_t *engine_bcp_board_json(const struct policy *p, const struct inc *inc,
			      const struct bcp_board *b)
{
	json_t *j = NULL, *systems = json_array(), *order = json_array(), *survey = json_array(),
	       *staff = json_array();
	struct arena a;
	size_t *ord = calloc(p->bcp.n_systems + 1, sizeof(*ord)), n;

	arena_init(&a, (size_t)1 << 20);
	if (!systems || !order || !survey || !staff || !ord)
		goto out;
	n = engine_bcp_order(p, ord);
	if (n < p->bcp.n_systems)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(order, json_string(p->bcp.systems[ord[i]].id)))
			goto out;
	for (size_t i = 0; i < b->n; i++) {
		json_t *v = view_json(p, inc, &b->v[i], &a);

		if (!v || json_array_append_new(systems, v))
			goto out;
	}
	for (size_t i = 0; i < p->bcp.damage_survey.n; i++) {
		const struct bcp_rec *r = b->survey[i];
		json_t *v = json_pack("{s:s, s:s?, s:s?, s:o}", "item", p->bcp.damage_survey.v[i],
				      "answer", r ? r->value : NULL, "by", r ? r->who : NULL, "at",
				      time_or_null(p, r ? r->at : MO_TIME_NONE));

		if (!v || json_array_append_new(survey, v))
			goto out;
	}
	for (size_t i = 0; i < b->n_staff; i++) {
		const struct bcp_rec *r = b->staff[i];
		json_t *v = json_pack("{s:s, s:o, s:s?, s:s?, s:o}", "person", r->item, "from",
				      time_or_null(p, r->from), "note", r->note, "by", r->who, "at",
				      time_or_null(p, r->at));

		if (!v || json_array_append_new(staff, v))
			goto out;
	}
	j = json_pack("{s:I, s:b, s:o, s:o, s:s?, s:O, s:O, s:O, s:O}", "incident",
		      (json_int_t)inc->id, "applies", b->applies, "start",
		      time_or_null(p, b->start), "now", time_or_null(p, b->now), "next",
		      b->next ? b->next->sys->id : NULL, "order", order, "systems", systems,
		      "survey", survey, "staff", staff);
out:
	json_decref(systems);
	json_decref(order);
	json_decref(survey);
	json_decref(staff);
	free(ord);
	arena_release(&a);
	return j;
}

/* ---- Writes ---- */

static int load_open(struct engine *en, int64_t id, struct mo_err *e)
{
	struct inc inc;

	inc_init(&inc);
	if (engine_load_open(en, id, &inc, e))
		return -1;
	inc_release(&inc);
	return 0;
}

static int add(struct engine *en, int64_t id, struct bcp_rec *r, const char *text, struct mo_err *e)
{
	r->who = (char *)en->who;
	r->at = en->now;
	if (store_bcp_add(en->st, id, r, e))
		return -1;
	return engine_event(en, id, "bcp", NULL, NULL, NULL, text, e);
}

/* Records r with the timeline text in b (" — note" appended when given),
 * then releases b. */
static int add_text(struct engine *en, int64_t id, struct bcp_rec *r, struct buf *b,
		    const char *note, struct mo_err *e)
{
	int rc;

	if (note && *note)
		(void)!buf_addf(b, " — %s", note);
	rc = b->failed ? mo_err_oom(e, NULL) : add(en, id, r, buf_str(b), e);
	buf_release(b);
	return rc;
}

static int note_ok(const char *note, struct mo_err *e)
{
	return note ? engine_text_ok("note", note, 4000, true, e) : 0;
}

int engine_bcp_set(struct engine *en, int64_t id, const char *system, const char *state,
		   const char *note, struct mo_err *e)
{
	const struct mo_bcp_system *s = engine_bcp_system(en->p, system);
	struct bcp_rec r = {BCP_STATE, NULL, NULL, NULL, NULL, MO_TIME_NONE, 0};
	enum bcp_state st;
	struct buf b;

	if (!s)
		return mo_err_setc(e, MO_ENOTFOUND,
				   _("the policy has no system \"%s\" (bcp.systems)"),
				   system ? system : "");
	if (bcp_state_parse(state, &st) || st == BCP_UNKNOWN)
		return mo_err_setc(e, MO_EINVAL,
				   _("unknown state \"%s\" (states: stopped, degraded, restored)"),
				   state ? state : "");
	if (note_ok(note, e) || load_open(en, id, e))
		return -1;
	r.item = (char *)s->id;
	r.value = (char *)bcp_state_key(st);
	r.note = (char *)note;
	buf_init(&b, 16384);
	(void)!buf_addf(&b, "%s（%s）：%s", s->name, s->id, engine_bcp_state_word(st, LABEL_JA));
	return add_text(en, id, &r, &b, note, e);
}

int engine_bcp_survey(struct engine *en, int64_t id, const char *item, const char *answer,
		      struct mo_err *e)
{
	const char *it = engine_bcp_survey_item(en->p, item);
	struct bcp_rec r = {BCP_SURVEY, NULL, NULL, NULL, NULL, MO_TIME_NONE, 0};
	struct buf b;

	if (!it)
		return mo_err_setc(e, MO_ENOTFOUND,
				   _("the damage survey has no item \"%s\" (give its text or its "
				     "number, 1 to %zu)"),
				   item ? item : "", en->p->bcp.damage_survey.n);
	if (!answer || engine_text_blank(answer))
		return mo_err_setc(e, MO_EINVAL, "%s", _("the answer is empty"));
	if (engine_text_ok("answer", answer, 4000, true, e) || load_open(en, id, e))
		return -1;
	r.item = (char *)it;
	r.value = (char *)answer;
	buf_init(&b, 16384);
	(void)!buf_addf(&b, "被害状況：%s — %s", it, answer);
	return add_text(en, id, &r, &b, NULL, e);
}

int engine_bcp_staff(struct engine *en, int64_t id, const char *person, int64_t from,
		     const char *note, struct mo_err *e)
{
	struct bcp_rec r = {BCP_STAFF, NULL, NULL, NULL, NULL, MO_TIME_NONE, 0};
	char t[MO_TIME_MAX];
	struct buf b;

	if (!person || engine_text_blank(person))
		return mo_err_setc(e, MO_EINVAL, "%s", _("give the person's name"));
	if (engine_text_ok("person", person, 200, false, e) || note_ok(note, e))
		return -1;
	if (from == MO_TIME_NONE)
		return mo_err_setc(e, MO_EINVAL, "%s",
				   _("give the time the person can work from (--from)"));
	if (load_open(en, id, e))
		return -1;
	r.item = (char *)person;
	r.value = (char *)"available";
	r.note = (char *)note;
	r.from = from;
	engine_time(en->p, from, t, sizeof(t));
	buf_init(&b, 16384);
	(void)!buf_addf(&b, "復旧要員：%s %s から就業可能", person, t);
	return add_text(en, id, &r, &b, note, e);
}

int engine_bcp_board_load_json(const struct policy *p, struct store *st, int64_t id, int64_t now,
			       json_t **out, struct mo_err *e)
{
	struct inc_full f;
	struct bcp_board bd;
	int rc;

	*out = NULL;
	rc = engine_load(st, id, &f, e);
	if (rc)
		return rc;
	rc = engine_bcp_board(p, st, &f.inc, now, &bd, e);
	if (rc == 0) {
		*out = engine_bcp_board_json(p, &f.inc, &bd);
		if (!*out)
			rc = mo_err_oom(e, NULL);
	}
	engine_bcp_board_release(&bd);
	inc_full_release(&f);
	return rc;
}
