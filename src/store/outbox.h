/* The outbox: every message moshimo sends is a row here, written in the
 * same transaction as the change that caused it, then claimed, sent and
 * marked by the dispatcher (notify/dispatch.c). A claim is one UPDATE that
 * takes due rows with a lease (owner, until), so two dispatchers (the
 * server's thread and `moshimo notify run`) never send one row at once.
 * Times are Unix seconds. Rows are delivery state, not the incident's
 * record: the incident's timeline carries each send, retry and dead letter
 * (kind "notify"), and that is what the audit chain covers. */
#ifndef MO_STORE_OUTBOX_H
#define MO_STORE_OUTBOX_H

#include "store/store.h"

enum outbox_state {
	OUTBOX_PENDING,
	OUTBOX_SENDING,
	OUTBOX_SENT,
	OUTBOX_DEAD,
	OUTBOX_STATE_COUNT
};

struct outbox_msg {
	int64_t id;
	int64_t incident_id;	 /* 0 when the message is about no incident */
	const char *purpose;	 /* report, level, escalation, ack, reminder, … */
	const char *person;	 /* the policy's person id */
	const char *person_name; /* for logs and pages */
	const char *channel;	 /* "email" or a webhook id */
	const char *address;	 /* e-mail address; NULL for a webhook */
	const char *subject;
	const char *body;
	const char *ack_token;	  /* may be NULL */
	const char *ack_url;	  /* may be NULL */
	const char *incident_url; /* may be NULL */
	const char *message_id;	  /* "<…@…>", the same on every try */
	enum outbox_state state;
	int attempts;		 /* tries begun */
	int64_t next_at;	 /* pending: not before; dead: when it died */
	int64_t lease_until;	 /* sending: the claim ends (0 when none) */
	const char *lease_owner; /* sending: "HOST/PID" of the dispatcher */
	const char *last_error;	 /* the last reply that was not a success */
	int64_t created_at;
	int64_t window_from; /* the give-up window starts (created, or a manual retry) */
	int64_t sent_at;     /* 0 until sent */
};

struct outbox_list {
	struct arena arena;
	struct outbox_msg *v;
	size_t n;
	size_t cap;
};

void outbox_list_init(struct outbox_list *l);
void outbox_list_release(struct outbox_list *l);

const char *outbox_state_key(enum outbox_state s); /* "pending" … */

/* Appends m as a pending row (in the caller's transaction); sets m->id. */
int store_outbox_add(struct store *st, struct outbox_msg *m, struct mo_err *e) MO_WUR;

/* Claims up to max rows that are due (pending with next_at <= now, or
 * sending with a lease that ended) for owner until lease_until, counting a
 * try on each; appends them to out, oldest first. One statement, so one
 * short write transaction of its own: call it outside a transaction. */
int store_outbox_claim(struct store *st, const char *owner, int64_t now, int64_t lease_until,
		       size_t max, struct outbox_list *out, struct mo_err *e) MO_WUR;

/* Ends owner's claim on row id: state SENT (at sent_at), PENDING again
 * (at next_at, with error) or DEAD (with error). 0, or 1 when owner no
 * longer holds the row (its lease ended and another took it). */
int store_outbox_finish(struct store *st, int64_t id, const char *owner, enum outbox_state state,
			int64_t next_at, int64_t sent_at, const char *error,
			struct mo_err *e) MO_WUR;

/* Gives back every row owner holds (a dispatcher that died): pending, due
 * now. *n gets how many. */
int store_outbox_release(struct store *st, const char *owner, int64_t now, size_t *n,
			 struct mo_err *e) MO_WUR;
/* The distinct owners of rows being sent, into out (malloc'd strings the
 * caller frees with free()), at most max; *n gets how many. */
int store_outbox_owners(struct store *st, char **out, size_t max, size_t *n,
			struct mo_err *e) MO_WUR;

/* A dead (or pending) row made due now with its tries counted afresh: 0,
 * 1 when there is no such row or it is being sent or was sent. */
int store_outbox_retry(struct store *st, int64_t id, int64_t now, struct mo_err *e) MO_WUR;

enum outbox_filter {
	OUTBOX_ALL,
	OUTBOX_FAILED, /* dead, or pending after a failed try */
	OUTBOX_UNSENT, /* pending or sending */
};
/* The newest rows first (at most limit), appended to out. */
int store_outbox_list(struct store *st, enum outbox_filter f, size_t limit, struct outbox_list *out,
		      struct mo_err *e) MO_WUR;
/* The rows of incident id, oldest first. */
int store_outbox_incident(struct store *st, int64_t id, struct outbox_list *out,
			  struct mo_err *e) MO_WUR;
/* Row id appended to out; 1 when absent. */
int store_outbox_get(struct store *st, int64_t id, struct outbox_list *out,
		     struct mo_err *e) MO_WUR;

struct outbox_stats {
	int64_t pending;	  /* pending or sending */
	int64_t oldest_pending_s; /* how long the longest-waiting due one has waited; 0 when none */
	int64_t stuck;		  /* due and waiting for more than 5 minutes */
	int64_t dead_recent;	  /* messages that died in the last day */
	int64_t next_due;	  /* the earliest next_at of a pending row; 0 when none */
};
int store_outbox_stats(struct store *st, int64_t now, struct outbox_stats *s,
		       struct mo_err *e) MO_WUR;

/* Readies st as a dispatcher's own connection: it waits for the write lock
 * in short steps (a message waits for a commit, not for a sleep), and its
 * commits do not wait for the disk (synchronous = NORMAL): losing a claim
 * or a mark to a power cut only sends a message again, with the same
 * Message-ID. Never use st for incident changes. */
int store_outbox_dispatcher_conn(struct store *st, struct mo_err *e) MO_WUR;

#endif
