/* Turning the policy into documents: what the manual shows beyond the
 * policy (contacts' 疎通確認, revisions). The formats are the rows of one
 * table for every document (doc_format.h); manual_write (manual.h) writes
 * the manual or the card in any of them. */
#ifndef MO_RENDER_H
#define MO_RENDER_H

#include "policy/policy.h"
#include "util/buf.h"
#include "util/err.h"

/* One person's last 疎通確認 on one channel, for the manual's contact list
 * (moshimo manual with a data folder that has a database). */
struct render_check {
	const char *person_id;
	const char *channel;  /* "email" or a webhook id of notify.yaml */
	int64_t confirmed_at; /* 0: never confirmed */
};

/* One kept revision of the policy, for the manual's cover and its history
 * page (src/revise/). review: the revision recorded a review (見直し). */
struct render_revision {
	int number;
	int64_t at;
	const char *who;
	const char *note;
	bool review;
	const char *checked; /* a review's record of what was checked (may be NULL) */
};

struct check_statuses;

struct render_opts {
	const char *generated_on; /* optional: date shown on the document */
	/* NULL: not known (no database), the contact list says nothing of
	 * 疎通確認; else every channel of every person, 「未確認」 when never. */
	const struct render_check *checks;
	size_t n_checks;
	/* The revisions kept in the data folder, oldest first (none: the
	 * manual has no history page and its cover no revision number). */
	const struct render_revision *revisions;
	size_t n_revisions;
	/* The peacetime checks' last results (engine/checks.h) from the data
	 * folder's database; NULL: not known, the check table has no column
	 * for them. */
	const struct check_statuses *check_states;
};

#endif
