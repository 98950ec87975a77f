/* Every change of the data folder's policy: checked before it replaces the
 * old one, kept as a numbered revision in DATA/revisions/ (who, when, a
 * note, SHA-256), and followed by the generated manual and cards. */
#ifndef MO_REVISE_H
#define MO_REVISE_H

#include "policy/policy.h"
#include "util/buf.h"
#include "util/err.h"

/* One kept revision (DATA/revisions/NNNNNN.yaml and .json). */
struct revision {
	int number;	    /* 1, 2, … */
	int64_t at;	    /* when it was saved (UTC seconds) */
	char who[128];	    /* the user, or the command's user */
	char note[512];	    /* what changed, in the saver's words ("" when none) */
	char sha256[65];    /* of the text, hex */
	bool review;	    /* it recorded a review (見直し): review.c */
	char checked[2048]; /* a review's findings of what was checked ("" when none) */
};

/* Saves text as the data folder's policy: loads and checks it (from memory, the same
 * checks as `moshimo check`); on any error finding nothing changes and the findings are
 * in *f (positioned, translated). Otherwise keeps it as a new revision in
 * DATA/revisions/ (who, when, note), replaces DATA/policy.yaml atomically (0600) and
 * regenerates manual.html, manual.pdf, card.html, card.pdf in DATA. Returns 0 saved,
 * 1 refused (findings), -1 with e set (I/O). *rev_out: the new revision number. */
int revise_save(const char *data_dir, const char *text, size_t len, const char *who,
		const char *note, struct mo_findings *f, int *rev_out, struct mo_err *e);

/* The checks of revise_save alone: loads text and adds every finding of
 * `moshimo check` (the policy's, and its people against DATA/notify.yaml)
 * to f. Returns the policy (the caller frees it) or NULL when it could not
 * be loaded at all. */
struct policy *revise_check(const char *data_dir, const char *text, size_t len,
			    struct mo_findings *f);

/* Whether chat names a usable webhook id of DATA/notify.yaml: 1 yes, 0 no,
 * -1 when there is no readable notify.yaml (then revise_save does not
 * check chat ids either). For forms that say so next to the field. */
int revise_chat_known(const char *data_dir, const char *chat);
/* The revisions kept, oldest first (*out malloc'd, may be NULL when *n is
 * 0). 0, or -1 with e set. */
int revise_list(const char *data_dir, struct revision **out, size_t *n, struct mo_err *e) MO_WUR;
/* The text of revision number (malloc'd, NUL-terminated) and its record
 * (r may be NULL). 0; -1 with e set (MO_ENOTFOUND when there is none). */
int revise_read(const char *data_dir, int number, char **text, size_t *len, struct revision *r,
		struct mo_err *e) MO_WUR;
/* Makes revision number the policy again, as a new revision (note: 「第N版に戻す」
 * when note is NULL). Returns as revise_save. */
int revise_restore(const char *data_dir, int number, const char *who, const char *note,
		   struct mo_findings *f, int *rev_out, struct mo_err *e);

/* Records a review of the manual by who at now: the data folder's policy
 * with organization.review.last_reviewed set to now's day, kept as a new
 * revision marked as a review, with note (default 「定期見直し」) and a
 * record of what was checked (the contacts' 疎通確認, placeholders left,
 * the last drill). The next review date moves with it. Returns as
 * revise_save (1: the policy in force has errors, in *f). */
int revise_review_done(const char *data_dir, const char *who, const char *note, int64_t now,
		       struct mo_findings *f, int *rev_out, struct mo_err *e);
/* The dashboard's line about the review: when it is past due, due within
 * a month, or never recorded, a sentence in out and 1; else "" and 0. */
int revise_review_line(const struct policy *p, int64_t now, char *out, size_t size);

/* The revisions of data_dir as a manual's cover and history: sets
 * ro->revisions and ro->n_revisions (nothing when there are none or they
 * cannot be read); h holds the memory until revise_render_release(h). */
struct render_opts;
struct revise_render {
	struct revision *revs;
	struct render_revision *rr;
};
void revise_render_opts(const char *data_dir, struct render_opts *ro, struct revise_render *h);
void revise_render_release(struct revise_render *h);

/* Writes manual.html, manual.pdf, card.html, card.pdf of p into data_dir
 * (with the revisions and reviews kept there). 0, or -1 with e set. */
int revise_regenerate(const char *data_dir, const struct policy *p, struct mo_err *e) MO_WUR;

/* A line diff of a against b (texts), as unified-diff-like lines: " x",
 * "-x", "+x", with "@@ -A +B @@" hunk headers (context lines around each
 * change). Appends to out; 0, or -1 when out of memory. */
enum revise_diff_kind {
	DIFF_SAME,
	DIFF_DEL,
	DIFF_ADD,
	DIFF_HUNK
};
struct revise_diff_line {
	enum revise_diff_kind kind;
	int a_line, b_line; /* 1-based, 0 when the line is not in that side */
	const char *s;	    /* into a or b (not NUL-terminated: len) */
	size_t len;
};
/* Diffs a against b; *out malloc'd (its strings point into a and b).
 * context: lines kept around a change. 0, or -1 when out of memory or the
 * texts are too long to compare (more than REVISE_DIFF_MAX lines). */
int revise_diff(const char *a, size_t alen, const char *b, size_t blen, int context,
		struct revise_diff_line **out, size_t *n);
#define REVISE_DIFF_MAX 20000

#endif
