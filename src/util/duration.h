/* Durations as the policy writes them: a whole number and a unit,
 * `10m` minutes, `1h` hours, `3d` days, `2w` weeks, `1M` months, `1y` years. */
#ifndef MO_DURATION_H
#define MO_DURATION_H

#include "util/common.h"

enum duration_unit {
	DUR_MINUTE,
	DUR_HOUR,
	DUR_DAY,
	DUR_WEEK,
	DUR_MONTH,
	DUR_YEAR,
};

struct duration {
	long count;
	enum duration_unit unit;
};

/* Parses s; returns 0, or -1 when s is not a duration (count 1..100000). */
int duration_parse(const char *s, struct duration *d) MO_WUR;
/* Seconds, with a month as 30 days and a year as 365 days. */
long long duration_seconds(const struct duration *d);
/* Writes a human form such as "10分" or "3日" (Japanese) or "10 min". */
void duration_format(const struct duration *d, char *out, size_t size);

#endif
