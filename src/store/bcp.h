/* The business continuity board's records per incident (store/bcp.c): an
 * append-only log of each system's state (停止 / 縮退 / 復旧) with its note,
 * the damage survey's answers (004 §5(2)④) and who can work from when
 * (004 §5(2)③). The latest row of a kind and item is its current value;
 * the earlier rows are its history (when a system was restored). */
#ifndef MO_STORE_BCP_H
#define MO_STORE_BCP_H

#include "store/store.h"

enum bcp_state {
	BCP_UNKNOWN, /* not reported yet (no row) */
	BCP_STOPPED,
	BCP_DEGRADED,
	BCP_RESTORED,
	BCP_STATE_COUNT
};

enum bcp_kind {
	BCP_STATE,  /* item: a system id; value: a state key */
	BCP_SURVEY, /* item: a damage survey entry; value: the answer */
	BCP_STAFF,  /* item: a person; value: "available"; from: since when */
	BCP_KIND_COUNT
};

struct bcp_rec {
	enum bcp_kind kind;
	char *item;   /* malloc'd */
	char *value;  /* malloc'd */
	char *note;   /* malloc'd or NULL */
	char *who;    /* malloc'd or NULL */
	int64_t from; /* staff: available from (MO_TIME_NONE otherwise) */
	int64_t at;   /* when it was recorded */
};

struct bcp_recs {
	struct bcp_rec *v;
	size_t n;
	size_t cap;
};

/* "unknown", "stopped", "degraded", "restored"; NULL when out of range. */
const char *bcp_state_key(enum bcp_state s);
int bcp_state_parse(const char *key, enum bcp_state *out) MO_WUR;
/* "state", "survey", "staff"; NULL when out of range. */
const char *bcp_kind_key(enum bcp_kind k);

/* Every row of incident id, oldest first. 0, or -1 with e set. Release
 * with bcp_recs_release. */
int store_bcp_get(struct store *st, int64_t id, struct bcp_recs *out, struct mo_err *e) MO_WUR;
void bcp_recs_release(struct bcp_recs *r);
/* Appends r for incident id (inside the caller's transaction). Nothing
 * here updates or deletes a row: the log is the history. */
int store_bcp_add(struct store *st, int64_t id, const struct bcp_rec *r, struct mo_err *e) MO_WUR;

#endif
