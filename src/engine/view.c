/* Reading one incident whole (record, checklist, timeline, decisions,
 * evidence) from one snapshot, for show and export. */
#include "engine/engineInt.h"

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
	     store_evidence_get(st, id, &f->evidence, e)))
		rc = -1;
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
}
