/* The store's part for escalation (store/escalation.c): an incident's copy
 * of its level's contact chain (one row per round and step, with when it is
 * due, fired or stopped), the acknowledgements, and the reminders already
 * sent (so a restart never sends one twice). Times are Unix seconds; 0 is
 * "not yet". As in store.h: writes expect an open transaction; int
 * functions return 0, or -1 with e set. */
#ifndef MO_STORE_ESCALATION_H
#define MO_STORE_ESCALATION_H

#include "store/store.h"

#define ESC_ROLES_MAX 256

struct esc_row {
	int64_t id;
	int64_t incident_id;
	int level;
	int round;		   /* 0-based */
	int step;		   /* 0-based within the round */
	char roles[ESC_ROLES_MAX]; /* role ids, space-separated */
	int64_t wait;		   /* seconds since the chain started (for the words) */
	char purpose[16];	   /* report, level, escalation */
	int64_t due_at;
	int64_t fired_at;   /* 0: not yet */
	int64_t stopped_at; /* 0: not stopped */
};

/* Appends r (r->id is set). */
int store_esc_add(struct store *st, struct esc_row *r, struct mo_err *e) MO_WUR;
/* Every row of incident id in order (malloc'd array, the caller frees). */
int store_esc_list(struct store *st, int64_t id, struct esc_row **v, size_t *n,
		   struct mo_err *e) MO_WUR;
/* Up to max rows due at now (neither fired nor stopped), the earliest first. */
int store_esc_due(struct store *st, int64_t now, size_t max, struct esc_row **v, size_t *n,
		  struct mo_err *e) MO_WUR;
/* Marks row id fired at now. */
int store_esc_fire(struct store *st, int64_t id, int64_t now, struct mo_err *e) MO_WUR;
/* Stops every pending row of incident id at now; *stopped (may be NULL) gets how many. */
int store_esc_stop(struct store *st, int64_t id, int64_t now, size_t *stopped,
		   struct mo_err *e) MO_WUR;

struct ack_row {
	int64_t id;
	int64_t incident_id;
	char person[64];  /* person id of the policy, or "" (a login without one) */
	char name[128];	  /* the name shown */
	char channel[64]; /* email, a webhook id, web, cli */
	int64_t at;
};
int store_ack_add(struct store *st, struct ack_row *r, struct mo_err *e) MO_WUR;
int store_ack_list(struct store *st, int64_t id, struct ack_row **v, size_t *n,
		   struct mo_err *e) MO_WUR;

/* The channel ("email", a webhook id) of the outbox message of incident id
 * that carried ack token: 0, or 1 when no message has it. */
int store_ack_token_channel(struct store *st, int64_t id, const char *token, char *out, size_t size,
			    struct mo_err *e) MO_WUR;

/* Records that the reminder named key went out at now: 0 the first time, 1
 * when it had already (nothing changes). */
int store_reminder_mark(struct store *st, const char *key, int64_t now, struct mo_err *e) MO_WUR;

/* 1 when the reminder named key went out, 0 when not (reads only). */
int store_reminder_seen(struct store *st, const char *key, struct mo_err *e) MO_WUR;

struct overdue_step {
	int64_t incident_id;
	int n;
	char actor[64];	 /* role id */
	char title[256]; /* the step's title, or the start of its action */
	int64_t due_at;
};
/* Open steps (todo, doing) of open incidents due at or before now that
 * still owe a reminder ("step/ID/N/DUE" not sent, or "owner/ID/N/DUE" not
 * sent and grace seconds past the due time; grace < 0: every overdue step),
 * up to max, the earliest first. */
int store_esc_overdue_steps(struct store *st, int64_t now, int64_t grace, size_t max,
			    struct overdue_step **v, size_t *n, struct mo_err *e) MO_WUR;

#endif
