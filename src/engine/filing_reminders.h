/* Filing reminders (filing_reminders.c): before a legal filing's deadline
 * its owner role is reminded, after it the owner role is told it passed,
 * and after the policy's grace (reminders.grace) the level's owner. Each
 * message once (reminders_sent keys). engine_reminders() and
 * engine_reminders_due() (reminders.c) call these. */
#ifndef MO_ENGINE_FILING_REMINDERS_H
#define MO_ENGINE_FILING_REMINDERS_H

#include "engine/engine.h"

/* The filing reminders due at en->now, queued in the caller's transaction;
 * *fired grows by how many went out. 0, or -1 with e set. */
int engine_filing_reminders(struct engine *en, size_t *fired, struct mo_err *e) MO_WUR;
/* 1 when one is due at en->now (reads only), 0 when none, -1 on error. */
int engine_filing_reminders_due(struct engine *en, struct mo_err *e);

#endif
