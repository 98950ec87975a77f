/* Results of peacetime checks (store/checks.c): who did a check of the
 * policy's checks[] list, when, a note and optional evidence (kept like an
 * incident's evidence, by SHA-256). Rows are never changed or deleted;
 * every one is on the audit chain. */
#ifndef MO_STORE_CHECKS_H
#define MO_STORE_CHECKS_H

#include "store/store.h"

/* One result of a peacetime check: who did it, when, a note, optional evidence. */
int store_check_record(struct store *st, const char *check_id, int64_t at, const char *who,
		       const char *note, const char *evidence_sha256, struct mo_err *e) MO_WUR;

#endif
