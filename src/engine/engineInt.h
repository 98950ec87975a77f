/* Inside engine/: helpers the engine's files share. */
#ifndef MO_ENGINE_INT_H
#define MO_ENGINE_INT_H

#include "engine/engine.h"

/* printf into the arena; NULL when out of memory. */
const char *engine_afmt(struct arena *a, const char *fmt, ...) MO_PRINTF(2, 3);
/* Sets e to "no incident INC-…" and returns -1. */
int engine_err_missing(int64_t id, struct mo_err *e);
/* The level as text ("3") in a. */
const char *engine_level_text(struct arena *a, int level);
/* Records the auto-assigned owner as a decision and an event. */
int engine_assign(struct engine *en, struct inc *inc, const struct triage *t,
		  struct mo_err *e) MO_WUR;
/* Replaces the checklist of inc with a new plan (keeping done steps);
 * records a plan event when old steps existed. */
int engine_replan(struct engine *en, const struct inc *inc, bool initial, struct mo_err *e) MO_WUR;

#endif
