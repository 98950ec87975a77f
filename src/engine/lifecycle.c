/* The lifecycle: 報告 → トリアージ → 初動対応 → 復旧 → (監視) → クローズ.
 * Forward moves may skip states, except that 監視 (watching for a
 * recurrence, 003's 事後対応) only follows 復旧; going back needs a reason.
 * Closing needs the cause, the recurrence prevention measures and the
 * lessons learned, and a checklist with nothing left open; a closed
 * incident is changed only by reopening it, with a reason. */
#include "engine/engineInt.h"
#include "store/escalation.h"

int engine_status_check(enum inc_status from, enum inc_status to, const char *reason,
			struct mo_err *e)
{
	if (from == INC_CLOSED)
		return mo_err_set(e, NULL, 0, 0, _("the incident is closed; reopen it first"));
	if (to == INC_CLOSED)
		return mo_err_set(e, NULL, 0, 0,
				  _("use moshimo close to close an incident (it needs the cause, "
				    "the measures and the lessons learned)"));
	if ((unsigned)to >= INC_STATUS_COUNT)
		return mo_err_set(e, NULL, 0, 0, _("unknown status"));
	if (from == to) {
		mo_err_set(e, NULL, 0, 0, _("the incident is already in %s"),
			   engine_status_word(to, label_lang_ui()));
		return mo_err_code(e, MO_ECONFLICT);
	}
	if (to == INC_MONITORING && from != INC_RECOVERY)
		return mo_err_set(e, NULL, 0, 0,
				  _("monitoring follows recovery: move to recovery first"));
	if (to < from && (!reason || !*reason))
		return mo_err_set(e, NULL, 0, 0,
				  _("going back from %s to %s needs a reason (--reason TEXT)"),
				  engine_status_word(from, label_lang_ui()),
				  engine_status_word(to, label_lang_ui()));
	return 0;
}

int engine_set_status(struct engine *en, int64_t id, enum inc_status to, const char *reason,
		      struct mo_err *e)
{
	struct inc inc;
	enum inc_status from;
	int rc = -1;

	if (reason && engine_text_ok("reason", reason, 16384, true, e))
		return -1;
	if (engine_load_open(en, id, &inc, e))
		return -1;
	from = inc.status;
	if (engine_status_check(from, to, reason, e))
		goto done;
	inc.status = to;
	inc.updated_at = en->now;
	if (store_incident_update(en->st, &inc, e) ||
	    engine_event(en, id, "status", "status", inc_status_key(from), inc_status_key(to),
			 reason && *reason ? reason : NULL, e))
		goto done;
	rc = 0;
done:
	inc_release(&inc);
	return rc;
}

/* Sets *slot to value when given (recording the change), and checks the
 * result is not empty. */
static int close_item(struct engine *en, struct inc *inc, const char *key, const char **slot,
		      const char *value, struct mo_err *e)
{
	if (value && *value) {
		if (engine_text_ok(key, value, 65536, true, e))
			return -1;
		if (!*slot || strcmp(*slot, value) != 0) {
			if (engine_event(en, inc->id, "field", key, *slot, value, NULL, e))
				return -1;
			*slot = inc_strdup(inc, value);
			if (!*slot)
				return mo_err_oom(e, NULL);
		}
	}
	return 0;
}

int engine_close(struct engine *en, int64_t id, const char *cause, const char *measures,
		 const char *lessons, struct mo_err *e)
{
	static const struct {
		const char *key;
		const char *option;
	} required[] = {
		{"cause", "--cause"},
		{"measures", "--measures"},
		{"lessons", "--lessons"},
	};
	struct inc inc;
	struct step_list steps = {0};
	const char **slots[3];
	const char *given[3] = {cause, measures, lessons};
	enum inc_status from;
	int rc = -1;

	if (engine_load_open(en, id, &inc, e))
		return -1;
	slots[0] = &inc.cause;
	slots[1] = &inc.measures;
	slots[2] = &inc.lessons;
	for (size_t i = 0; i < MO_ARRAY_SIZE(required); i++) {
		const char *v = given[i] && *given[i] ? given[i] : *slots[i];

		if (!v || !*v) {
			mo_err_set(e, NULL, 0, 0,
				   _("closing needs the cause, the recurrence prevention measures "
				     "and the lessons learned: %s is missing (%s TEXT)"),
				   required[i].key, required[i].option);
			goto done;
		}
	}
	if (store_steps_get(en->st, id, &steps, e))
		goto done;
	for (size_t i = 0; i < steps.n; i++) {
		if (steps.v[i].state == STEP_TODO || steps.v[i].state == STEP_DOING) {
			mo_err_set(e, NULL, 0, 0,
				   _("step %d is still %s: mark it done, or skip it with a reason, "
				     "before closing"),
				   steps.v[i].n,
				   engine_step_word(steps.v[i].state, label_lang_ui()));
			goto done;
		}
	}
	for (size_t i = 0; i < MO_ARRAY_SIZE(required); i++)
		if (close_item(en, &inc, required[i].key, slots[i], given[i], e))
			goto done;
	from = inc.status;
	inc.closed_from = inc_status_key(from);
	inc.status = INC_CLOSED;
	inc.closed_at = en->now;
	inc.updated_at = en->now;
	if (store_incident_update(en->st, &inc, e) ||
	    engine_event(en, id, "close", "status", inc_status_key(from),
			 inc_status_key(INC_CLOSED), NULL, e))
		goto done;
	/* A closed incident escalates to nobody. */
	if (store_esc_stop(en->st, id, en->now, NULL, e))
		goto done;
	rc = 0;
done:
	step_list_release(&steps);
	inc_release(&inc);
	return rc;
}

int engine_reopen(struct engine *en, int64_t id, const char *reason, struct mo_err *e)
{
	return engine_reopen_to(en, id, reason, INC_CLOSED, e);
}

int engine_reopen_to(struct engine *en, int64_t id, const char *reason, enum inc_status want,
		     struct mo_err *e)
{
	struct inc inc;
	enum inc_status to = INC_RECOVERY;
	int rc;
	char ref[32];

	if (!reason || !*reason)
		return mo_err_set(e, NULL, 0, 0, _("reopening needs a reason (--reason TEXT)"));
	if (engine_text_ok("reason", reason, 16384, true, e))
		return -1;
	rc = store_incident_get(en->st, id, &inc, e);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		inc_release(&inc);
		return engine_err_missing(id, e);
	}
	rc = -1;
	if (inc.status != INC_CLOSED) {
		engine_ref(id, ref, sizeof(ref));
		mo_err_set(e, NULL, 0, 0, _("%s is not closed"), ref);
		goto done;
	}
	if (inc.closed_from && (inc_status_parse(inc.closed_from, &to) || to == INC_CLOSED))
		to = INC_RECOVERY;
	if (want != INC_CLOSED)
		to = want;
	inc.status = to;
	inc.closed_at = MO_TIME_NONE;
	inc.closed_from = NULL;
	inc.updated_at = en->now;
	if (store_incident_update(en->st, &inc, e) ||
	    engine_event(en, id, "reopen", "status", inc_status_key(INC_CLOSED), inc_status_key(to),
			 reason, e))
		goto done;
	rc = 0;
done:
	inc_release(&inc);
	return rc;
}
