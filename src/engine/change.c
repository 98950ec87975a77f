/* What every change to an incident shares, whichever file makes it
 * (incident.c, lifecycle.c, playbook.c, decisions.c, evidence.c, …):
 * loading it for a change and appending to its timeline. Nothing here calls
 * back into those files. */
#include "engine/engineInt.h"

int engine_event(struct engine *en, int64_t id, const char *kind, const char *field,
		 const char *before, const char *after, const char *text, struct mo_err *e)
{
	struct event ev = {0};

	ev.incident_id = id;
	ev.at = en->now;
	ev.who = en->who;
	ev.kind = kind;
	ev.field = field;
	ev.before = before;
	ev.after = after;
	ev.text = text;
	return store_event_append(en->st, &ev, e);
}

int engine_load_open(struct engine *en, int64_t id, struct inc *inc, struct mo_err *e)
{
	int rc = store_incident_get(en->st, id, inc, e);
	char ref[32];

	if (rc < 0)
		return -1;
	if (rc > 0) {
		inc_release(inc);
		return engine_err_missing(id, e);
	}
	if (inc->status == INC_CLOSED) {
		engine_ref(id, ref, sizeof(ref));
		inc_release(inc);
		mo_err_set(e, NULL, 0, 0,
			   _("%s is closed; reopen it first (moshimo reopen %s --reason TEXT)"),
			   ref, ref);
		return mo_err_code(e, MO_ECONFLICT);
	}
	return 0;
}
