/* The act of reporting completes the discoverer's first step
 * (engine/report_filed.h). */
#include "engine/report_filed.h"
#include "engine/engineInt.h"

#define DISCOVERER "discoverer"

int engine_report_filed(struct engine *en, int64_t id, struct mo_err *e)
{
	struct step_list l;
	int rc = 0;

	/* Inside the writer's transaction: the steps read directly. */
	memset(&l, 0, sizeof(l));
	if (store_steps_get(en->st, id, &l, e))
		return -1;
	if (l.n && l.v[0].actor && strcmp(l.v[0].actor, DISCOVERER) == 0 &&
	    l.v[0].state == STEP_TODO)
		rc = engine_step(en, id, l.v[0].n, STEP_DONE, _("done by filing the report"), e);
	step_list_release(&l);
	return rc;
}
