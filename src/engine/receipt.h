/* The answer to a reporter who wrote by e-mail (report --mail): the
 * incident number and what to do and not do now, queued in the outbox in
 * the caller's transaction like every other message (notify_out.h). */
#ifndef MO_ENGINE_RECEIPT_H
#define MO_ENGINE_RECEIPT_H

#include "engine/engine.h"

/* Queues, for incident inc (stored), an e-mail to address (name may be
 * NULL) saying its number, level and owner, the policy's do and don't for
 * it and whom to call; purpose "receipt", no ack link. *queued: 1 when a message
 * was queued, 0 when e-mail is not configured (notify.yaml has no smtp).
 * 0, or -1 with e set. */
int engine_notify_receipt(struct engine *en, const struct inc *inc, const char *address,
			  const char *name, int *queued, struct mo_err *e) MO_WUR;

#endif
