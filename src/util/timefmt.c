/* Instants: see timefmt.h. Calendar arithmetic is Howard Hinnant's
 * days-from-civil, so no C library time zone state is needed for UTC. */
#include "util/timefmt.h"
#include "util/clock.h"

#include <pthread.h>
#include <time.h>

int64_t time_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void time_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* n digits at s into *v; false when one is not a digit. */
static bool digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

int time_parse(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	size_t i = 19;
	int64_t t;

	if (!s || strlen(s) < 20)
		return -1;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &h) ||
	    s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &sec))
		return -1;
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
	    mi > 59 || sec > 60)
		return -1;
	if (s[i] == '.') {
		size_t start = ++i;

		while (s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return -1;
	}
	if ((s[i] == 'Z' || s[i] == 'z') && s[i + 1] == '\0') {
		sign = 0;
	} else if ((s[i] == '+' || s[i] == '-') && strlen(s + i) == 6) {
		sign = s[i] == '+' ? 1 : -1;
		if (!digits(s + i + 1, 2, &oh) || s[i + 3] != ':' || !digits(s + i + 4, 2, &om) ||
		    oh > 23 || om > 59)
			return -1;
	} else {
		return -1;
	}
	if (sec == 60)
		sec = 59; /* a leap second: the instant just before is close enough */
	t = time_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	    sign * (oh * 3600 + om * 60);
	/* The offset may carry the instant out of the years the stored form
	 * ("YYYY-…Z") reads back (found by tests/fuzz/fuzz-time.c). */
	if (t < time_days_from_civil(1900, 1, 1) * 86400 ||
	    t > time_days_from_civil(9999, 12, 31) * 86400 + 86399)
		return -1;
	*out = t;
	return 0;
}

void time_format_utc(int64_t t, char *out, size_t size)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t rem = t - days * 86400;
	int y, m, d;

	time_civil_from_days(days, &y, &m, &d);
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(rem / 3600),
		 (int)(rem / 60 % 60), (int)(rem % 60));
}

/* A zone name safe to put in TZ: letters, digits, _ + - / and no "..". */
static bool zone_name_ok(const char *tz)
{
	if (!tz || !*tz || strlen(tz) > 64 || strstr(tz, "..") || tz[0] == '/')
		return false;
	for (const char *c = tz; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		      (*c >= '0' && *c <= '9') || *c == '_' || *c == '+' || *c == '-' || *c == '/'))
			return false;
	return true;
}

/* The TZ value for a zone: the name when the system knows it, else a POSIX
 * rule for the zones we expect without tzdata. */
static const char *zone_rule(const char *tz, char *buf, size_t size)
{
	static const struct {
		const char *name, *rule;
	} fallback[] = {
		{"Asia/Tokyo", "JST-9"},
		{"UTC", "UTC0"},
		{"Etc/UTC", "UTC0"},
	};
	FILE *f;

	if (!zone_name_ok(tz))
		tz = "Asia/Tokyo";
	snprintf(buf, size, "/usr/share/zoneinfo/%s", tz);
	f = fopen(buf, "rb");
	if (f) {
		fclose(f);
		snprintf(buf, size, "%s", tz);
		return buf;
	}
	for (size_t i = 0; i < MO_ARRAY_SIZE(fallback); i++)
		if (strcmp(fallback[i].name, tz) == 0)
			return fallback[i].rule;
	return "JST-9";
}

/* The zone last asked for and its TZ value: resolving a name opens the
 * zoneinfo file, so it is done once per zone, not once per time shown.
 * The lock makes TZ and the C library's zone state safe to share between
 * the server's threads. */
static pthread_mutex_t zone_lock = PTHREAD_MUTEX_INITIALIZER;
static char zone_asked[80];
static char zone_current[160];

/* t's broken-down local time in tz; false when the C library cannot. */
static bool zone_tm(int64_t t, const char *tz, struct tm *tm)
{
	time_t tt = (time_t)t;
	bool ok;

	pthread_mutex_lock(&zone_lock);
	if (!zone_current[0] || strcmp(zone_asked, tz ? tz : "") != 0) {
		char buf[160];
		const char *rule = zone_rule(tz, buf, sizeof(buf));

		snprintf(zone_asked, sizeof(zone_asked), "%s", tz ? tz : "");
		if (strcmp(zone_current, rule) != 0) {
			snprintf(zone_current, sizeof(zone_current), "%s", rule);
			setenv("TZ", zone_current, 1);
			tzset();
		}
	}
	ok = localtime_r(&tt, tm) != NULL;
	pthread_mutex_unlock(&zone_lock);
	return ok;
}

void time_format_zone(int64_t t, const char *tz, bool rfc, char *out, size_t size)
{
	struct tm tm;
	long off;
	bool ok = zone_tm(t, tz, &tm);

	if (!ok) {
		time_format_utc(t, out, size);
		return;
	}
	if (!rfc) {
		snprintf(out, size, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min);
		return;
	}
	off = tm.tm_gmtoff;
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
		 (off < 0 ? -off : off) / 3600, (off < 0 ? -off : off) / 60 % 60);
}

int64_t time_now(void)
{
	int64_t t;

	if (clock_test(&t) == CLOCK_FIXED)
		return t;
	return (int64_t)time(NULL);
}

/* The instant at which the wall clock of tz shows y-mo-d h:mi:sec: the
 * zone's offset at a first guess, corrected once when the guess crossed a
 * change of offset (summer time; Japan has none). */
static int64_t local_instant(int y, int mo, int d, int h, int mi, int sec, const char *tz)
{
	int64_t wall = time_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec, t = wall;
	struct tm tm;

	for (int i = 0; i < 2; i++) {
		if (!zone_tm(t, tz, &tm))
			return wall;
		t = wall - tm.tm_gmtoff;
	}
	return t;
}

/* The next character of s as ASCII: full-width digits, ／ － ： and the
 * ideographic space become / - : and a space; *len gets the bytes taken. */
static int ascii_at(const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;

	*len = 1;
	if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
		*len = 3;
		return '0' + (u[2] - 0x90);
	}
	if (u[0] == 0xEF && u[1] == 0xBC && (u[2] == 0x8F || u[2] == 0x8D || u[2] == 0x9A)) {
		*len = 3;
		return u[2] == 0x8F ? '/' : u[2] == 0x8D ? '-' : ':';
	}
	if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) {
		*len = 3;
		return ' ';
	}
	return u[0];
}

/* Reads a number of 1 to max digits at *p; -1 when there is none. */
static int number(const char *buf, size_t *p, int max)
{
	int v = 0, n = 0;

	while (buf[*p] >= '0' && buf[*p] <= '9' && n < max) {
		v = v * 10 + (buf[*p] - '0');
		(*p)++;
		n++;
	}
	return n ? v : -1;
}

int time_parse_input(const char *s, const char *tz, int64_t now, int64_t *out)
{
	char buf[64];
	size_t n = 0, p = 0, len;
	int y = -1, mo, d, h, mi, sec = 0, c;
	bool year = false;

	if (!s)
		return -1;
	/* ASCII, trimmed, runs of spaces as one. */
	for (size_t i = 0; s[i]; i += len) {
		c = ascii_at(s + i, &len);
		if (c == ' ' && (n == 0 || buf[n - 1] == ' '))
			continue;
		if (n + 1 >= sizeof(buf) || (unsigned char)c >= 0x80 || c < ' ')
			return -1;
		buf[n++] = (char)c;
	}
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	if (!n)
		return -1;
	if (time_parse(buf, out) == 0)
		return 0;
	/* [YYYY(/|-)]M(/|-)D( |T)H:MM[:SS] in the zone tz. */
	mo = number(buf, &p, 4);
	if (mo < 0 || (buf[p] != '/' && buf[p] != '-'))
		return -1;
	if (p == 4) {
		char sep = buf[p++];

		y = mo;
		year = true;
		mo = number(buf, &p, 2);
		if (mo < 0 || buf[p] != sep)
			return -1;
	} else if (p > 2) {
		return -1;
	}
	p++;
	d = number(buf, &p, 2);
	if (d < 0 || (buf[p] != ' ' && buf[p] != 'T' && buf[p] != 't'))
		return -1;
	p++;
	h = number(buf, &p, 2);
	if (h < 0 || buf[p] != ':')
		return -1;
	p++;
	if (buf[p] < '0' || buf[p] > '9' || buf[p + 1] < '0' || buf[p + 1] > '9')
		return -1;
	mi = number(buf, &p, 2);
	if (buf[p] == ':') {
		p++;
		if (buf[p] < '0' || buf[p] > '9' || buf[p + 1] < '0' || buf[p + 1] > '9')
			return -1;
		sec = number(buf, &p, 2);
	}
	if (buf[p] != '\0')
		return -1;
	if (!year) {
		struct tm tm;

		/* No year: this year in tz, or last year when that would be
		 * more than a day ahead (12/31 typed on 1 January). */
		y = zone_tm(now, tz, &tm) ? tm.tm_year + 1900 : 1970;
		if (mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month(y, mo) &&
		    local_instant(y, mo, d, h, mi, sec, tz) > now + 86400)
			y--;
	}
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
	    mi > 59 || sec > 59)
		return -1;
	*out = local_instant(y, mo, d, h, mi, sec, tz);
	return 0;
}

int time_local(int64_t t, const char *tz, struct mo_local *out)
{
	struct tm tm;

	if (!zone_tm(t, tz, &tm))
		return -1;
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
	out->wday = tm.tm_wday;
	out->hour = tm.tm_hour;
	out->min = tm.tm_min;
	out->sec = tm.tm_sec;
	return 0;
}
