/* The checklist: the playbook of the incident's category and level (002
 * §4) becomes its steps, each with the actor's role resolved to people and
 * a due time counted from the discovery. A level change re-plans: done and
 * skipped steps stay (they happened), open steps the new plan still has
 * keep their state, the rest is the new plan. */
#include "engine/engineInt.h"

static bool same_step(const struct step *s, const struct mo_step *m)
{
	return s->action && m->action && strcmp(s->action, m->action) == 0 && s->actor &&
	       m->actor && strcmp(s->actor, m->actor) == 0 &&
	       ((!s->variant && !m->variant) ||
		(s->variant && m->variant && strcmp(s->variant, m->variant) == 0));
}

int engine_plan(const struct policy *p, const struct inc *inc, const struct step_list *old,
		struct arena *a, struct step **out, size_t *n, struct mo_err *e)
{
	const struct mo_playbook *pb = policy_playbook(p, inc->category, inc->level);
	size_t n_new = pb ? pb->n_steps : 0, n_old = old ? old->n : 0, count = 0;
	struct step *v = calloc(n_new + n_old + 1, sizeof(*v));
	bool *kept;

	*out = NULL;
	*n = 0;
	if (!v)
		return mo_err_oom(e, NULL);
	kept = calloc(n_old + 1, sizeof(*kept));
	if (!kept) {
		free(v);
		return mo_err_oom(e, NULL);
	}
	/* What happened stays, in its order. */
	for (size_t i = 0; i < n_old; i++) {
		const struct step *s = &old->v[i];

		if (s->state == STEP_DONE || s->state == STEP_SKIPPED) {
			v[count] = *s;
			kept[i] = true;
			count++;
		}
	}
	for (size_t j = 0; j < n_new; j++) {
		const struct mo_step *m = &pb->steps[j];
		struct step *s;
		bool done = false;

		for (size_t i = 0; i < n_old && !done; i++)
			done = kept[i] &&
			       (old->v[i].state == STEP_DONE || old->v[i].state == STEP_SKIPPED) &&
			       same_step(&old->v[i], m);
		if (done)
			continue;
		s = &v[count++];
		memset(s, 0, sizeof(*s));
		s->incident_id = inc->id;
		s->level = inc->level;
		s->title = m->title;
		s->action = m->action;
		s->actor = m->actor;
		s->variant = m->variant;
		s->person = engine_role_people(p, inc, m->actor, a);
		s->due_at = m->has_due && inc->discovered_at != MO_TIME_NONE
				    ? inc->discovered_at + duration_seconds(&m->due)
				    : MO_TIME_NONE;
		s->state = STEP_TODO;
		s->at = MO_TIME_NONE;
		/* An open step the new plan still has keeps its state. */
		for (size_t i = 0; i < n_old; i++) {
			if (!kept[i] && same_step(&old->v[i], m)) {
				s->state = old->v[i].state;
				s->note = old->v[i].note;
				s->by = old->v[i].by;
				s->at = old->v[i].at;
				s->level = old->v[i].level;
				kept[i] = true;
				break;
			}
		}
		if (!s->person) {
			free(v);
			free(kept);
			return mo_err_oom(e, NULL);
		}
	}
	for (size_t i = 0; i < count; i++)
		v[i].n = (int)i + 1;
	free(kept);
	*out = v;
	*n = count;
	return 0;
}

int engine_replan(struct engine *en, const struct inc *inc, bool initial, struct mo_err *e)
{
	struct step_list old = {0};
	struct arena a;
	struct step *v = NULL;
	size_t n = 0, kept = 0, carried = 0;
	int rc = -1;

	arena_init(&a, 0);
	if (!initial && store_steps_get(en->st, inc->id, &old, e))
		goto done;
	if (engine_plan(en->p, inc, initial ? NULL : &old, &a, &v, &n, e))
		goto done;
	if (store_steps_replace(en->st, inc->id, v, n, e))
		goto done;
	if (!initial) {
		const char *what;

		for (size_t i = 0; i < n; i++) {
			if (v[i].state == STEP_DONE || v[i].state == STEP_SKIPPED)
				kept++;
			else if (v[i].state == STEP_DOING)
				carried++;
		}
		what = engine_afmt(&a,
				   "レベル%dの手順で再計画: 完了・省略済み%zu件を保持、"
				   "対応中%zu件を引継ぎ、計%zu件（変更前%zu件）",
				   inc->level, kept, carried, n, old.n);
		if (!what) {
			mo_err_oom(e, NULL);
			goto done;
		}
		if (engine_event(en, inc->id, "plan", "steps", NULL, NULL, what, e))
			goto done;
	}
	rc = 0;
done:
	free(v);
	step_list_release(&old);
	arena_release(&a);
	return rc;
}

int engine_step(struct engine *en, int64_t id, int n, enum step_state state, const char *note,
		struct mo_err *e)
{
	struct inc inc;
	struct step_list steps = {0};
	struct step s;
	char before[64], after[64];
	int rc = -1;

	if (engine_load_open(en, id, &inc, e))
		return -1;
	if (state == STEP_SKIPPED && (!note || !*note)) {
		mo_err_set(e, NULL, 0, 0, _("skipping a step needs a reason (--note TEXT)"));
		goto done;
	}
	if (note && engine_text_ok("note", note, 16384, true, e))
		goto done;
	if (store_steps_get(en->st, id, &steps, e))
		goto done;
	if (n < 1 || (size_t)n > steps.n) {
		if (steps.n)
			mo_err_set(e, NULL, 0, 0, _("no step %d: the checklist has steps 1 to %zu"),
				   n, steps.n);
		else
			mo_err_set(e, NULL, 0, 0, _("no step %d: the checklist is empty"), n);
		goto done;
	}
	s = steps.v[n - 1];
	if (s.state == state) {
		mo_err_set(e, NULL, 0, 0, _("step %d is already %s"), n,
			   engine_step_word(state, label_lang_ui()));
		mo_err_code(e, MO_ECONFLICT);
		goto done;
	}
	snprintf(before, sizeof(before), "%s", step_state_key(s.state));
	snprintf(after, sizeof(after), "%s", step_state_key(state));
	s.state = state;
	s.by = state == STEP_TODO ? NULL : en->who;
	s.at = state == STEP_TODO ? MO_TIME_NONE : en->now;
	s.note = note && *note ? note : state == STEP_TODO ? NULL : s.note;
	if (store_step_update(en->st, &s, e))
		goto done;
	{
		char field[32];
		const char *text =
			engine_afmt(&inc.arena, "%d. %s%s%s", n, s.title ? s.title : s.action,
				    note ? " — " : "", note ? note : "");

		snprintf(field, sizeof(field), "step %d", n);
		if (!text) {
			mo_err_oom(e, NULL);
			goto done;
		}
		if (engine_event(en, id, "step", field, before, after, text, e))
			goto done;
	}
	rc = 0;
done:
	step_list_release(&steps);
	inc_release(&inc);
	return rc;
}
