/* Results of peacetime checks (store/checks.c): who did a check of the
 * policy's checks[] list, when, a note and optional evidence (a file kept
 * by the engine under DIR/evidence/checks/, named by its SHA-256). Rows are
 * never changed or deleted (triggers refuse it); each one is on the audit
 * chain. As in store.h: writes expect an open transaction. */
#ifndef MO_STORE_CHECKS_H
#define MO_STORE_CHECKS_H

#include "store/store.h"

/* One result of a peacetime check: who did it, when, a note, optional evidence. */
int store_check_record(struct store *st, const char *check_id, int64_t at, const char *who,
		       const char *note, const char *evidence_sha256, struct mo_err *e) MO_WUR;

struct check_result {
	int64_t id;
	const char *check_id;
	int64_t at;
	const char *who;
	const char *note;
	const char *evidence_sha256; /* NULL: no evidence */
	const char *evidence_name;   /* the file's name as given, or NULL */
	int64_t evidence_size;
};

struct check_results {
	struct arena arena;
	struct check_result *v;
	size_t n;
	size_t cap;
};

/* As store_check_record, with the evidence's original name and size
 * (r->id is set). */
int store_check_put(struct store *st, struct check_result *r, struct mo_err *e) MO_WUR;
/* The latest result of each check id that has one (by at, then id), in
 * check id order. Release with check_results_release. */
int store_check_last(struct store *st, struct check_results *out, struct mo_err *e) MO_WUR;
/* The results of check_id, newest first, at most limit. */
int store_check_history(struct store *st, const char *check_id, int limit,
			struct check_results *out, struct mo_err *e) MO_WUR;
void check_results_release(struct check_results *l);

#endif
