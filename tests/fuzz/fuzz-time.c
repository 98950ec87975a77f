/* libFuzzer target: the time parsers (util/timefmt.c time_parse, RFC 3339
 * instants from reports, the API and the database; util/timeutil.c
 * date_parse, policy dates; util/duration.c duration_parse, policy
 * durations) on any bytes: an answer or -1, never a crash. What parses
 * also prints and parses back to the same instant (or the same date). */
#include "util/duration.h"
#include "util/timefmt.h"
#include "util/timeutil.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	int64_t t, back;
	struct mo_date d, d2;
	struct duration du;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (time_parse(s, &t) == 0) {
		char out[MO_TIME_MAX];

		time_format_utc(t, out, sizeof(out));
		if (time_parse(out, &back) != 0 || back != t)
			__builtin_trap(); /* the stored form must read back */
	}
	if (date_parse(s, &d) == 0) {
		char out[64];

		date_format(d, false, out, sizeof(out));
		if (date_parse(out, &d2) != 0 || date_cmp(d, d2) != 0)
			__builtin_trap();
	}
	(void)duration_parse(s, &du);
	free(s);
	return 0;
}
