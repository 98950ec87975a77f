/* Peacetime checks (平時の点検): the policy's checks[] (004 §4's prevention
 * and detection checks, and the manual's own: contacts' 疎通確認, a drill,
 * the review, the BCP's verification, the backup restore test) with the
 * last result of each, when the next is due and whether it is overdue;
 * recording a result (who, when, a note, optional evidence kept by its
 * SHA-256 under DIR/evidence/checks/, 0600).
 *
 * Two checks are not recorded here but derived from where they are done
 * already: CHECK_ID_CONTACTS from the contacts' confirmations (`moshimo
 * contacts verify`, engine/contacts.h: done when every channel is
 * confirmed, at the oldest confirmation) and CHECK_ID_REVIEW from the
 * policy's organization.review.last_reviewed (`moshimo review done`).
 *
 * As elsewhere in the engine: 0, or -1 with e set. */
#ifndef MO_ENGINE_CHECKS_H
#define MO_ENGINE_CHECKS_H

#include "engine/engine.h"
#include "store/checks.h"

#define CHECK_ID_CONTACTS "contacts_verify"
#define CHECK_ID_REVIEW "review"
#define CHECK_ID_DRILL "drill"

/* Where a check's last result comes from. */
enum check_source {
	CHECK_SRC_RECORD,   /* `moshimo checks done` / the 平時の点検 page */
	CHECK_SRC_CONTACTS, /* the contacts' confirmations */
	CHECK_SRC_REVIEW,   /* the manual's review */
};

enum check_state {
	CHECK_NEVER,   /* never done */
	CHECK_OK,      /* done, next one not yet due */
	CHECK_OVERDUE, /* the next one was due */
	CHECK_STATE_COUNT
};

struct check_status {
	const struct mo_check *check;
	enum check_source source;
	enum check_state state;
	int64_t last_done_at;		 /* MO_TIME_NONE: never */
	int64_t next_due_at;		 /* MO_TIME_NONE: never done (due now) */
	bool overdue;			 /* never done, or next_due_at <= now */
	const struct check_result *last; /* CHECK_SRC_RECORD's last row, or NULL */
	int confirmed, channels;	 /* CHECK_SRC_CONTACTS: confirmed of all */
};

struct check_statuses {
	struct check_status *v; /* one per policy check, in policy order */
	size_t n;
	size_t overdue; /* how many are overdue */
	struct check_results results;
};

/* "never", "ok", "overdue". */
const char *check_state_key(enum check_state s);
/* "prevent", "detect", "manual". */
const char *check_kind_key(enum mo_check_kind k);

/* The check id of p, or NULL. */
const struct mo_check *engine_check_find(const struct policy *p, const char *id);

/* Every check of p with its state at now; st may be NULL (no database yet:
 * nothing recorded). Release with check_statuses_release. */
int engine_checks_collect(const struct policy *p, struct store *st, int64_t now,
			  struct check_statuses *out, struct mo_err *e) MO_WUR;
void check_statuses_release(struct check_statuses *s);

/* Records that check id was done by en->who at en->now with note
 * (required) and, when file is not NULL, that file as evidence, inside the
 * caller's transaction (engine_tx). MO_ENOTFOUND for an id the policy does
 * not have; MO_EINVAL for a missing note, a derived check (said where it is
 * recorded), or a file that cannot be read. Nothing is kept on error. */
int engine_check_done(struct engine *en, const char *id, const char *note, const char *file,
		      const char *file_name, struct mo_err *e) MO_WUR;

/* Reminders (check_reminders.c), called by engine/reminders.c: each check
 * whose recorded next date passed reminds its owner's people once per due
 * date (reminders_sent "check/ID/DATE"), one message per person; a check
 * never done is shown on the list and the dashboard but not mailed (so a
 * new installation does not mail every owner at once), and the review has
 * its own reminder. engine_check_reminders_due: 1 when one is owed. */
int engine_check_reminders(struct engine *en, size_t *fired, struct mo_err *e) MO_WUR;
int engine_check_reminders_due(struct engine *en, struct mo_err *e) MO_WUR;

#endif
