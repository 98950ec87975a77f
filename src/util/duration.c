/* Policy durations: see duration.h. */
#include "util/duration.h"
#include "util/strnum.h"

static const struct {
	char suffix;
	enum duration_unit unit;
	long long seconds;
	const char *one, *many; /* translated at use (ngettext) */
} units[] = {
	{'m', DUR_MINUTE, 60, N_("min"), N_("min")},
	{'h', DUR_HOUR, 3600, N_("h"), N_("h")},
	{'d', DUR_DAY, 86400, N_PLURAL("day", "days")},
	{'w', DUR_WEEK, 7 * 86400, N_PLURAL("week", "weeks")},
	{'M', DUR_MONTH, 30 * 86400, N_PLURAL("month", "months")},
	{'y', DUR_YEAR, 365 * 86400, N_PLURAL("year", "years")},
};

int duration_parse(const char *s, struct duration *d)
{
	char num[16];
	size_t len;
	long v;

	if (!s)
		return -1;
	len = strlen(s);
	if (len < 2 || len > sizeof(num))
		return -1;
	memcpy(num, s, len - 1);
	num[len - 1] = '\0';
	if (str_to_long(num, 1, 100000, &v))
		return -1;
	for (size_t i = 0; i < MO_ARRAY_SIZE(units); i++) {
		if (units[i].suffix == s[len - 1]) {
			d->count = v;
			d->unit = units[i].unit;
			return 0;
		}
	}
	return -1;
}

long long duration_seconds(const struct duration *d)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(units); i++)
		if (units[i].unit == d->unit)
			return d->count * units[i].seconds;
	return 0;
}

void duration_format(const struct duration *d, char *out, size_t size)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(units); i++) {
		if (units[i].unit == d->unit) {
			const char *unit =
				ngettext(units[i].one, units[i].many, (unsigned long)d->count);

			/* Japanese writes the unit right after the number. */
			snprintf(out, size, "%ld%s%s", d->count,
				 (unsigned char)unit[0] < 0x80 ? " " : "", unit);
			return;
		}
	}
	snprintf(out, size, "?");
}
