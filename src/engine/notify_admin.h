/* Messages about the system rather than an incident (a failed backup):
 * a subject and a body of the caller's, to every usable channel of every
 * person holding a role, through the outbox like every other message. */
#ifndef MO_ENGINE_NOTIFY_ADMIN_H
#define MO_ENGINE_NOTIFY_ADMIN_H

#include "engine/engine.h"

#define NOTIFY_ADMIN_SUBJECT_MAX 200
#define NOTIFY_ADMIN_BODY_MAX 8000

/* Queues subject (one line) and body (greeting and signature added) for
 * purpose (e.g. "backup") to the people holding role, in the caller's
 * transaction. *told: how many messages were queued (0 when nobody holding
 * the role has a usable channel). -1 with e set when role is not in the
 * policy or a text is not acceptable. */
int engine_notify_role_text(struct engine *en, const char *role, const char *purpose,
			    const char *subject, const char *body, size_t *told,
			    struct mo_err *e) MO_WUR;
/* The same, the rows tied to incident incident_id (a drill's injects): the
 * incident's record lists them (store_outbox_incident) and the dispatcher
 * writes each send on its timeline. */
int engine_notify_role_text_about(struct engine *en, int64_t incident_id, const char *role,
				  const char *purpose, const char *subject, const char *body,
				  size_t *told, struct mo_err *e) MO_WUR;

/* Queues subject and body as they are (the caller's greeting) for purpose
 * to each usable channel of person, each with its own Message-ID; adds to
 * *told. For messages about no single incident (digest, review date,
 * backup); the incident messages go through the composer (messages.c). */
int engine_notify_plain(struct engine *en, const struct mo_person *person, const char *purpose,
			const char *subject, const char *body, size_t *told,
			struct mo_err *e) MO_WUR;

#endif
