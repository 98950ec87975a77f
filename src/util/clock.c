/* The test clock: see clock.h. */
#include "util/clock.h"
#include "util/timefmt.h"
#include "util/timeutil.h"

#include <time.h>

enum clock_source clock_test(int64_t *t)
{
	const char *now = getenv("MOSHIMO_NOW");
	const char *today = getenv("MOSHIMO_TODAY");
	struct mo_date d;
	int64_t fixed;

	if (now && *now && time_parse(now, &fixed) == 0) {
		*t = fixed;
		return CLOCK_FIXED;
	}
	if (today && *today && date_parse(today, &d) == 0) {
		char rfc[MO_TIME_MAX];

		snprintf(rfc, sizeof(rfc), "%04d-%02d-%02dT00:00:00Z", d.year, d.month, d.day);
		if (time_parse(rfc, &fixed) == 0) {
			*t = fixed;
			return CLOCK_DATE;
		}
	}
	*t = (int64_t)time(NULL);
	return CLOCK_REAL;
}
