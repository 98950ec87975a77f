/* The store's part for drills (store/drills.c): which incidents are drills
 * (one row each: the scenario, when it started and ended, the score at the
 * end) and each drill's timed injects (due, sent). An incident is a drill
 * exactly when it has a row in drills. Times are Unix seconds; MO_TIME_NONE
 * is "not yet". Writes expect an open transaction; int functions return 0,
 * or -1 with e set. */
#ifndef MO_STORE_DRILLS_H
#define MO_STORE_DRILLS_H

#include "store/store.h"

struct drill_row {
	int64_t incident_id;
	char scenario[64];  /* the policy's drills[].id */
	char title[256];    /* the scenario's title when it started */
	int64_t started_at; /* the report's time */
	int64_t ended_at;   /* MO_TIME_NONE while it runs */
	int score;	    /* 0..100; -1 until it ended */
	char by[128];	    /* who started it */
};

/* Records that incident r->incident_id is a drill (MO_ECONFLICT when it is already). */
int store_drill_add(struct store *st, const struct drill_row *r, struct mo_err *e) MO_WUR;
/* The drill row of incident id into out: 0, 1 when the incident is no drill. */
int store_drill_get(struct store *st, int64_t id, struct drill_row *out, struct mo_err *e) MO_WUR;
/* Records the end at `at` with score; MO_ECONFLICT when it had already ended. */
int store_drill_end(struct store *st, int64_t id, int64_t at, int score, struct mo_err *e) MO_WUR;
/* Up to max drills, the newest first, into *v (malloc'd, the caller frees). */
int store_drill_list(struct store *st, size_t max, struct drill_row **v, size_t *n,
		     struct mo_err *e) MO_WUR;

struct drill_inject {
	int64_t incident_id;
	int n;		 /* 1-based, the scenario's order */
	int64_t due_at;	 /* the drill's start plus the inject's after */
	char text[1024]; /* 「取引先から問い合わせの電話」 */
	int64_t sent_at; /* MO_TIME_NONE until delivered */
};

int store_drill_inject_add(struct store *st, const struct drill_inject *in,
			   struct mo_err *e) MO_WUR;
/* Every inject of drill id in order (malloc'd array). */
int store_drill_injects(struct store *st, int64_t id, struct drill_inject **v, size_t *n,
			struct mo_err *e) MO_WUR;
/* Up to max injects due at now, not delivered, of drills still running,
 * the earliest first. */
int store_drill_injects_due(struct store *st, int64_t now, size_t max, struct drill_inject **v,
			    size_t *n, struct mo_err *e) MO_WUR;
/* Marks inject n of drill id delivered at now. */
int store_drill_inject_sent(struct store *st, int64_t id, int n, int64_t now,
			    struct mo_err *e) MO_WUR;

#endif
