/* What became of each filing of an incident (store/filings.c): done (with
 * the draft as sent, its SHA-256, immutable) or waived (with the reason).
 * A filing with no row is still due. */
#ifndef MO_STORE_FILINGS_H
#define MO_STORE_FILINGS_H

#include "store/store.h"

enum filing_state {
	FILING_DUE,
	FILING_DONE,
	FILING_WAIVED,
	/* 代替措置: the notice was impossible, so the incident was published
	 * and an inquiry desk set up (stored as a done row, immutable, and a
	 * filing_substitutes row). */
	FILING_SUBSTITUTED,
	FILING_STATE_COUNT
};

struct filing_rec {
	char kind[64]; /* the filing id (ppc_prompt …) */
	enum filing_state state;
	int64_t at;	      /* done: the date it was filed; waived: when */
	char *ref;	      /* 受付番号 or NULL (malloc'd) */
	char *reason;	      /* waived: why (malloc'd) */
	char *by;	      /* who recorded it (malloc'd) */
	char *draft_name;     /* "ppc_prompt.md", or NULL when no draft was kept */
	unsigned char *draft; /* the bytes as filed (malloc'd), or NULL */
	size_t draft_len;
	char sha256[65]; /* of draft; "" when none */
	int64_t recorded_at;
	char *published; /* substituted: where it was published (URL, place) */
	char *desk;	 /* substituted: the inquiry desk (phone, mail, hours) */
};

struct filing_recs {
	struct filing_rec *v;
	size_t n;
	size_t cap;
};

/* "due", "done", "waived", "substituted"; NULL when out of range. */
const char *filing_state_key(enum filing_state s);
int filing_state_parse(const char *key, enum filing_state *out) MO_WUR;

/* The rows of incident id (no drafts' bytes unless with_drafts), in kind
 * order. 0, or -1 with e set. Release with filing_recs_release. */
int store_filings_get(struct store *st, int64_t id, bool with_drafts, struct filing_recs *out,
		      struct mo_err *e) MO_WUR;
void filing_recs_release(struct filing_recs *r);
/* The row of filing kind in r (r may be NULL), or NULL: still due. */
const struct filing_rec *filing_recs_find(const struct filing_recs *r, const char *kind);
/* Records r for incident id (state done, waived or substituted: the last
 * also writes r->published and r->desk). A filing already done or
 * substituted cannot change: MO_ECONFLICT ("a filed draft cannot be changed"); the
 * database refuses it too (a trigger), so no other path edits it. */
int store_filing_put(struct store *st, int64_t id, const struct filing_rec *r,
		     struct mo_err *e) MO_WUR;

#endif
