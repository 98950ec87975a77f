/* The test clock: the one reader of $MOSHIMO_NOW and $MOSHIMO_TODAY. Every
 * "now" and "today" in moshimo (time_now, date_today, a PDF's creation date,
 * the outbox's milliseconds) asks here first. */
#ifndef MO_CLOCK_H
#define MO_CLOCK_H

#include "util/common.h"

enum clock_source {
	CLOCK_REAL,  /* neither variable is set (or valid): the system clock */
	CLOCK_FIXED, /* $MOSHIMO_NOW, an RFC 3339 instant: now is that instant */
	CLOCK_DATE,  /* only $MOSHIMO_TODAY, YYYY-MM-DD: today is that date (UTC);
		      * the time of day still runs */
};

/* Which clock tests asked for. CLOCK_FIXED: *t is $MOSHIMO_NOW; CLOCK_DATE:
 * *t is $MOSHIMO_TODAY at 00:00 UTC; CLOCK_REAL: *t is the system's now.
 * $MOSHIMO_NOW wins when both are set. A value that does not parse is
 * ignored (the real clock), as if unset. */
enum clock_source clock_test(int64_t *t);

#endif
