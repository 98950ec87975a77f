/* Correcting a report: another category (with a reason, re-planned like a
 * level change, the level raised to the new category's minimum), or
 * closing it as a false alarm (誤報) or a duplicate of another incident
 * (重複) — neither needs a cause, measures and lessons: there was no
 * incident to learn from. Open steps are skipped with the reason. */
#include "engine/engineInt.h"

int engine_set_category(struct engine *en, int64_t id, const char *category, const char *reason,
			struct mo_err *e)
{
	const struct mo_category *cat;
	struct inc inc;
	const char *old_name, *old_level;
	int min, rc = -1;

	if (!reason || !*reason)
		return mo_err_set(e, NULL, 0, 0,
				  _("a category change needs a reason (--reason TEXT)"));
	if (engine_text_ok("reason", reason, 16384, true, e))
		return -1;
	if (engine_load_open(en, id, &inc, e))
		return -1;
	cat = policy_category(en->p, category);
	if (!cat) {
		mo_err_set(e, NULL, 0, 0, _("unknown category \"%s\""), category ? category : "");
		goto done;
	}
	if (inc.category && strcmp(inc.category, cat->id) == 0) {
		mo_err_set(e, NULL, 0, 0, _("the incident is already in category \"%s\""), cat->id);
		goto done;
	}
	old_name = engine_category_name(en->p, inc.category);
	old_level = engine_level_text(&inc.arena, inc.level);
	inc.category = cat->id;
	inc.updated_at = en->now;
	min = engine_min_level(en->p, &inc);
	if (inc.level < min) {
		const struct mo_level *lvl = policy_level(en->p, min);
		struct triage t;

		if (!lvl) {
			mo_err_set(e, NULL, 0, 0, _("level %d is not in the policy's level table"),
				   min);
			goto done;
		}
		memset(&t, 0, sizeof(t));
		t.level = min;
		t.owner_role = lvl->owner;
		inc.level = min;
		if (engine_assign(en, &inc, &t, e))
			goto done;
	}
	if (store_incident_update(en->st, &inc, e))
		goto done;
	if (engine_event(en, id, "category", "category", old_name, cat->name, reason, e))
		goto done;
	if (strcmp(old_level, engine_level_text(&inc.arena, inc.level)) != 0 &&
	    engine_event(en, id, "level", "level", old_level,
			 engine_level_text(&inc.arena, inc.level),
			 engine_afmt(&inc.arena, "区分「%s」は事故レベル%d以上", cat->name, min),
			 e))
		goto done;
	if (engine_replan(en, &inc, false, e))
		goto done;
	rc = 0;
done:
	inc_release(&inc);
	return rc;
}

int engine_close_as(struct engine *en, int64_t id, enum engine_resolution how, int64_t dup_of,
		    const char *reason, struct mo_err *e)
{
	struct inc inc, other;
	struct step_list steps = {0};
	const char *why;
	enum inc_status from;
	char ref[32];
	int rc = -1, got;

	if (reason && engine_text_ok("reason", reason, 16384, true, e))
		return -1;
	if (engine_load_open(en, id, &inc, e))
		return -1;
	if (how == ENGINE_DUPLICATE) {
		if (dup_of == id) {
			mo_err_set(e, NULL, 0, 0, "%s",
				   _("an incident cannot be a duplicate of itself"));
			goto done;
		}
		got = store_incident_get(en->st, dup_of, &other, e);
		if (got < 0)
			goto done;
		if (got > 0) {
			engine_err_missing(dup_of, e);
			goto done;
		}
		inc_release(&other);
		engine_ref(dup_of, ref, sizeof(ref));
		why = engine_afmt(&inc.arena, "%sの重複", ref);
	} else {
		why = "誤報（インシデントではなかった）";
	}
	if (!why) {
		mo_err_oom(e, NULL);
		goto done;
	}
	if (store_steps_get(en->st, id, &steps, e))
		goto done;
	for (size_t i = 0; i < steps.n; i++) {
		struct step s = steps.v[i];
		char field[32];

		if (s.state != STEP_TODO && s.state != STEP_DOING)
			continue;
		s.state = STEP_SKIPPED;
		s.by = en->who;
		s.at = en->now;
		s.note = engine_afmt(&inc.arena, "%sのため不要", why);
		snprintf(field, sizeof(field), "step %d", s.n);
		if (!s.note || store_step_update(en->st, &s, e) ||
		    engine_event(en, id, "step", field, step_state_key(steps.v[i].state),
				 step_state_key(STEP_SKIPPED),
				 engine_afmt(&inc.arena, "%d. %s — %s", s.n,
					     s.title ? s.title : s.action, s.note),
				 e)) {
			if (!s.note)
				mo_err_oom(e, NULL);
			goto done;
		}
	}
	from = inc.status;
	inc.closed_from = inc_status_key(from);
	inc.status = INC_CLOSED;
	inc.closed_at = en->now;
	inc.updated_at = en->now;
	if (store_incident_update(en->st, &inc, e) ||
	    engine_event(en, id, "close", "status", inc_status_key(from),
			 inc_status_key(INC_CLOSED),
			 engine_afmt(&inc.arena, "%sとしてクローズ%s%s", why, reason ? ": " : "",
				     reason ? reason : ""),
			 e))
		goto done;
	rc = 0;
done:
	step_list_release(&steps);
	inc_release(&inc);
	return rc;
}
