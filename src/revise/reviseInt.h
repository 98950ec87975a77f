/* What revise.c shares with review.c. */
#ifndef MO_REVISE_INT_H
#define MO_REVISE_INT_H

#include "revise/revise.h"

/* revise_save, with a review's record: checked non-NULL marks the new
 * revision as a review and keeps checked with it. */
int revise_commit(const char *data_dir, const char *text, size_t len, const char *who,
		  const char *note, const char *checked, struct mo_findings *f, int *rev_out,
		  struct mo_err *e);

#endif
