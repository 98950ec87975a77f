/* Reading one incident whole (record, checklist, timeline, decisions,
 * evidence) from one snapshot, and the view of it a person reads (view.h)
 * that show and the report document print from. */
#include "engine/engineInt.h"
#include "engine/view.h"

int engine_load(struct store *st, int64_t id, struct inc_full *f, struct mo_err *e)
{
	int rc;

	memset(f, 0, sizeof(*f));
	inc_init(&f->inc);
	if (store_begin_read(st, e))
		return -1;
	rc = store_incident_get(st, id, &f->inc, e);
	if (rc == 0 &&
	    (store_steps_get(st, id, &f->steps, e) || store_events_get(st, id, &f->events, e) ||
	     store_decisions_get(st, id, &f->decisions, e) ||
	     store_evidence_get(st, id, &f->evidence, e) ||
	     store_filings_get(st, id, false, &f->filings, e)))
		rc = -1;
	if (rc == 0) {
		int d = store_drill_get(st, id, &f->drill_row, e);

		if (d < 0)
			rc = -1;
		f->drill = d == 0;
	}
	store_rollback(st);
	if (rc)
		inc_full_release(f);
	return rc;
}

void inc_full_release(struct inc_full *f)
{
	inc_release(&f->inc);
	step_list_release(&f->steps);
	event_list_release(&f->events);
	decision_list_release(&f->decisions);
	evidence_list_release(&f->evidence);
	filing_recs_release(&f->filings);
}

/* ---- The view (view.h) ---- */

const char *engine_view_time(struct inc_view *v, int64_t t)
{
	char s[MO_TIME_MAX];

	if (t == MO_TIME_NONE)
		return NULL;
	engine_time(v->p, t, s, sizeof(s));
	return arena_strdup(v->arena, s);
}

/* The day of t, "2026-11-22", in the policy's time zone. */
static const char *view_day(struct inc_view *v, int64_t t)
{
	char s[MO_TIME_MAX], *space;

	engine_time(v->p, t, s, sizeof(s));
	space = strchr(s, ' ');
	if (space)
		*space = '\0';
	return arena_strdup(v->arena, s);
}

const char *engine_view_tri(int tri, enum label_lang lang)
{
	return tri == MO_TRI_NONE ? NULL : label_of(&label_yes_no, tri ? 1 : 0, lang);
}

const char *engine_view_field(struct inc_view *v, const struct inc_field *fl)
{
	const char *slot = (const char *)&v->f->inc + fl->offset;
	char num[32];

	switch (fl->type) {
	case FT_TEXT:
		return *(const char *const *)slot;
	case FT_TRI:
		return engine_view_tri(*(const int *)slot, v->lang);
	case FT_COUNT:
		if (*(const long long *)slot < 0)
			return NULL;
		snprintf(num, sizeof(num), "%lld", *(const long long *)slot);
		return arena_strdup(v->arena, num);
	case FT_TIME:
		return engine_view_time(v, *(const int64_t *)slot);
	}
	return NULL;
}

static bool view_steps(struct inc_view *v)
{
	const struct step_list *sl = &v->f->steps;

	v->steps = sl->n ? arena_calloc(v->arena, sl->n, sizeof(*v->steps)) : NULL;
	if (sl->n && !v->steps)
		return false;
	for (size_t i = 0; i < sl->n; i++) {
		const struct step *s = &sl->v[i];
		struct view_step *vs = &v->steps[i];

		vs->s = s;
		vs->state = engine_step_word(s->state, v->lang);
		vs->actor = policy_role_title(v->p, s->actor);
		vs->due = engine_view_time(v, s->due_at);
		vs->at = engine_view_time(v, s->at);
		vs->closed = s->state == STEP_DONE || s->state == STEP_SKIPPED;
		vs->overdue = !vs->closed && s->due_at != MO_TIME_NONE && s->due_at < v->now &&
			      v->f->inc.status != INC_CLOSED;
		v->n_done += s->state == STEP_DONE;
		v->n_skipped += s->state == STEP_SKIPPED;
	}
	v->n_steps = sl->n;
	return true;
}

static bool view_events(struct inc_view *v)
{
	const struct event_list *el = &v->f->events;
	struct buf t;
	bool ok = true;

	v->events = el->n ? arena_calloc(v->arena, el->n, sizeof(*v->events)) : NULL;
	if (el->n && !v->events)
		return false;
	buf_init(&t, BUF_MAX_DEFAULT);
	for (size_t i = 0; ok && i < el->n; i++) {
		const struct event *ev = &el->v[i];
		struct view_event *ve = &v->events[i];

		ve->ev = ev;
		ve->at = engine_view_time(v, ev->at);
		ve->kind = engine_event_kind_word(ev->kind, v->lang);
		buf_reset(&t);
		if (engine_event_change(v->p, ev, v->lang, &t))
			ok = false;
		else if (t.len && !(ve->change = arena_strdup(v->arena, buf_str(&t))))
			ok = false;
	}
	buf_release(&t);
	v->n_events = el->n;
	return ok;
}

static bool view_decisions(struct inc_view *v)
{
	const struct decision_list *dl = &v->f->decisions;

	v->decisions = dl->n ? arena_calloc(v->arena, dl->n, sizeof(*v->decisions)) : NULL;
	if (dl->n && !v->decisions)
		return false;
	for (size_t i = 0; i < dl->n; i++) {
		const struct decision *d = &dl->v[i];

		v->decisions[i].d = d;
		v->decisions[i].phase = engine_decision_phase_word(v->p, d->phase);
		v->decisions[i].point = engine_decision_point_word(v->p, d->phase, d->point);
		v->decisions[i].at = engine_view_time(v, d->at);
	}
	v->n_decisions = dl->n;
	v->n_open = engine_open_decisions(v->p, &v->f->inc, dl, v->open, VIEW_OPEN_MAX);
	return true;
}

/* A filing done, waived or met by substitute measures is no longer due:
 * neither overdue nor the earliest deadline. */
static void view_filings(struct inc_view *v)
{
	struct filing_due due[VIEW_FILINGS_MAX];
	size_t n = engine_filings(v->p, &v->f->inc, due, VIEW_FILINGS_MAX);
	int64_t first = MO_TIME_NONE;

	for (size_t i = 0; i < n; i++) {
		struct view_filing *vf = &v->filings[i];
		const struct filing_rec *r = filing_recs_find(&v->f->filings, due[i].filing->id);

		vf->due = due[i];
		vf->title = due[i].filing->title && *due[i].filing->title ? due[i].filing->title
									  : due[i].filing->id;
		vf->authority = due[i].authority ? due[i].authority->organization
						 : due[i].filing->authority;
		vf->at = engine_view_time(v, due[i].due_at);
		vf->need = engine_filing_need_word(due[i].filing, v->lang);
		vf->state = r ? r->state : FILING_DUE;
		vf->state_word = engine_filing_state_word(vf->state, v->lang);
		/* Done and substituted record a day (--date), waived a moment. */
		vf->done = !r			       ? NULL
			   : r->state == FILING_WAIVED ? engine_view_time(v, r->at)
						       : view_day(v, r->at);
		vf->ref = r && r->state == FILING_DONE ? r->ref : NULL;
		vf->open = !r;
		vf->overdue = vf->open && due[i].due_at != MO_TIME_NONE && due[i].due_at < v->now &&
			      v->f->inc.status != INC_CLOSED;
		if (vf->open && due[i].due_at != MO_TIME_NONE &&
		    (first == MO_TIME_NONE || due[i].due_at < first))
			first = due[i].due_at;
	}
	v->n_filings = n;
	v->first_due = engine_view_time(v, first);
}

static bool view_evidence(struct inc_view *v)
{
	const struct evidence_list *el = &v->f->evidence;

	v->evidence = el->n ? arena_calloc(v->arena, el->n, sizeof(*v->evidence)) : NULL;
	if (el->n && !v->evidence)
		return false;
	for (size_t i = 0; i < el->n; i++) {
		v->evidence[i].ev = &el->v[i];
		v->evidence[i].at = engine_view_time(v, el->v[i].at);
	}
	v->n_evidence = el->n;
	return true;
}

int engine_view_init(struct inc_view *v, const struct policy *p, const struct inc_full *f,
		     int64_t now, enum label_lang lang, struct arena *a, struct mo_err *e)
{
	const struct inc *inc = &f->inc;
	const struct mo_level *lv = policy_level(p, inc->level);

	memset(v, 0, sizeof(*v));
	arena_init(&v->own, 0);
	v->arena = a ? a : &v->own;
	v->p = p;
	v->f = f;
	v->lang = lang;
	v->now = now;
	engine_ref(inc->id, v->ref, sizeof(v->ref));
	v->status = engine_status_word(inc->status, lang);
	v->level = engine_level_word(inc->level, lang);
	v->level_name = lv && lv->name && *lv->name ? lv->name : NULL;
	v->category = engine_category_name(p, inc->category);
	v->owner_title = policy_role_title(p, inc->owner_role);
	v->discovered = engine_view_time(v, inc->discovered_at);
	v->occurred = engine_view_time(v, inc->occurred_at);
	v->closed = inc->status == INC_CLOSED ? engine_view_time(v, inc->closed_at) : NULL;
	v->made = engine_view_time(v, now);
	view_filings(v);
	if (!view_steps(v) || !view_events(v) || !view_decisions(v) || !view_evidence(v) ||
	    !v->made) {
		engine_view_release(v);
		return mo_err_oom(e, NULL);
	}
	return 0;
}

void engine_view_release(struct inc_view *v)
{
	arena_release(&v->own);
	memset(v, 0, sizeof(*v));
}
