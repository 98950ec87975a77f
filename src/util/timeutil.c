/* Dates: see timeutil.h. */
#include "util/timeutil.h"
#include "util/clock.h"

#include <time.h>

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

int date_parse(const char *s, struct mo_date *d)
{
	int y = 0, m = 0, dd = 0;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return -1;
	}
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	dd = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || dd < 1 || dd > days_in_month(y, m))
		return -1;
	d->year = y;
	d->month = m;
	d->day = dd;
	return 0;
}

struct mo_date date_add_months(struct mo_date d, int months)
{
	int total = d.year * 12 + (d.month - 1) + months;
	int dim;

	d.year = total / 12;
	d.month = total % 12 + 1;
	dim = days_in_month(d.year, d.month);
	if (d.day > dim)
		d.day = dim;
	return d;
}

int date_cmp(struct mo_date a, struct mo_date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

struct mo_date date_today(void)
{
	struct mo_date d = {1970, 1, 1};
	int64_t t;
	time_t now;
	struct tm tm;

	clock_test(&t);
	now = (time_t)t;
	if (gmtime_r(&now, &tm)) {
		d.year = tm.tm_year + 1900;
		d.month = tm.tm_mon + 1;
		d.day = tm.tm_mday;
	}
	return d;
}

void date_format(struct mo_date d, bool japanese, char *out, size_t size)
{
	if (japanese)
		snprintf(out, size, "%d年%d月%d日", d.year, d.month, d.day);
	else
		snprintf(out, size, "%04d-%02d-%02d", d.year, d.month, d.day);
}
