/* Escalation, acknowledgement and reminders (engine/escalation.c,
 * engine/reminders.c): the level's contact chain copied onto an incident
 * when it starts (so later policy edits do not change a running incident),
 * extended when the level changes, fired step by step by the tick until
 * someone acknowledges; reminders of overdue steps, the daily digest and
 * the manual's review date.
 *
 * Messages are queued through engine_notify_roles / engine_notify_person
 * (the outbox, notify-core's part); the timeline records every step fired
 * and every acknowledgement in words. */
#ifndef MO_ENGINE_ESCALATION_H
#define MO_ENGINE_ESCALATION_H

#include "engine/engine.h"
#include "engine/notify_out.h"
#include "store/escalation.h"

/* Copies the chain of inc's level onto inc (rows due from en->now; for a
 * level that waits for business hours, from the next opening) and fires
 * the steps due at once with purpose "report". Called by engine_create, in
 * its transaction: the one path by which a new incident notifies anyone. */
int engine_escalation_start(struct engine *en, const struct inc *inc, struct mo_err *e) MO_WUR;
/* inc's level changed from old_level (inc holds the new one): stops what is
 * pending; a raised level extends the chain with the new level's, from
 * en->now, its first step at once with purpose "level". Called by
 * engine_set_level. */
int engine_escalation_raise(struct engine *en, const struct inc *inc, int old_level,
			    struct mo_err *e) MO_WUR;

/* Fires every escalation step due at now and every reminder due (steps
 * overdue, the digest, the review date), each once: a restart never sends
 * one twice. Runs its own write transactions (the dispatcher's loop calls
 * it; events are recorded as en->who at now). Returns how many steps and
 * reminders were fired, or -1 with e set (nothing of the failed batch
 * stays). */
int engine_escalation_tick(struct engine *en, int64_t now, struct mo_err *e);
/* 1 when a reminder is due at en->now (reads only: the tick takes the write
 * lock only then), 0 when none, -1 on error. */
int engine_reminders_due(struct engine *en, struct mo_err *e);
/* The reminders part of the tick, in the caller's transaction; *fired gets
 * how many went out. */
int engine_reminders(struct engine *en, size_t *fired, struct mo_err *e) MO_WUR;

/* An acknowledgement that was taken, or why it was refused. */
struct ack_result {
	int64_t incident_id;
	char name[128]; /* who acknowledged */
	int status;	/* 0 taken; else an HTTP status: 404 not a signed link,
			   403 altered, 410 expired, used or the incident closed */
};

/* Acknowledges with the link token of an ack message (POST /ack/TOKEN): in
 * the caller's write transaction. channel is how it came when the token
 * does not say ("link"). 0 taken; 1 refused (out->status, e->msg in words
 * for the page; nothing changed); -1 on error. */
int engine_ack(struct engine *en, const char *token, const char *channel, struct ack_result *out,
	       struct mo_err *e) MO_WUR;
/* Acknowledges incident id as person (a policy person id, or NULL) called
 * name, by channel ("web", "cli"): records who, when and how on the
 * timeline, stops the escalation, and tells the rest of the chain
 * 「…さんが対応中です」. In the caller's transaction. */
int engine_ack_by(struct engine *en, int64_t id, const char *person, const char *name,
		  const char *channel, struct mo_err *e) MO_WUR;

/* What an ack link shows before anything is pressed (GET /ack/TOKEN): 0 and
 * the token's incident and recipient when valid; 1 refused (out->status,
 * e->msg); -1 on error. Changes nothing. */
int engine_ack_peek(struct engine *en, const char *token, struct ack_result *out,
		    struct mo_err *e) MO_WUR;

/* Who was told and who acknowledged, for the incident page and the
 * dashboard. */
struct ack_person {
	const struct mo_person *person; /* NULL: an acknowledgement by someone outside the chain */
	char name[128];
	int64_t told_at;  /* 0: not told (yet) */
	int64_t acked_at; /* 0: not acknowledged */
	char channel[64];
};
struct ack_status {
	struct ack_person *v; /* malloc'd */
	size_t n;
	size_t pending;	  /* steps still to fire */
	int64_t next_due; /* the next step's time, 0 when none */
};
int engine_ack_status(const struct policy *p, struct store *st, int64_t id, struct ack_status *out,
		      struct mo_err *e) MO_WUR;
void ack_status_release(struct ack_status *s);

/* Words for a wait: 「15分」, 「1時間30分」, 「2日」. */
void engine_wait_ja(int64_t seconds, char *out, size_t size);

#endif
