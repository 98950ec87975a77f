/* Dates and times: calendar dates in the policy (YYYY-MM-DD) and now. */
#ifndef MO_TIMEUTIL_H
#define MO_TIMEUTIL_H

#include "util/common.h"

struct mo_date {
	int year;
	int month; /* 1..12 */
	int day;   /* 1..31 */
};

/* Parses exactly YYYY-MM-DD, checking the day exists. Returns 0 or -1. */
int date_parse(const char *s, struct mo_date *d) MO_WUR;
/* d plus months, the day clamped to the month's length. */
struct mo_date date_add_months(struct mo_date d, int months);
/* Negative, zero or positive as a is before, equal to or after b. */
int date_cmp(struct mo_date a, struct mo_date b);
/* Today in UTC, on the test clock when one is set (util/clock.h). */
struct mo_date date_today(void);
/* Writes "2026年4月1日" (Japanese) or "2026-04-01". */
void date_format(struct mo_date d, bool japanese, char *out, size_t size);

#endif
