/* Instants: RFC 3339 parsing and printing, in UTC for storage and in a
 * named time zone (the policy's org.timezone) for people. An instant is
 * whole seconds since 1970-01-01T00:00:00Z. */
#ifndef MO_TIMEFMT_H
#define MO_TIMEFMT_H

#include "util/common.h"

#define MO_TIME_NONE INT64_MIN /* no time: an unknown or absent instant */
#define MO_TIME_MAX 32	       /* bytes enough for any formatted instant */

/* Parses an RFC 3339 date-time ("2026-11-22T10:00:00+09:00", "…Z",
 * fractions of a second are dropped). Strict: the date must exist, the
 * offset is required. Returns 0, or -1 when s is not such a date-time. */
int time_parse(const char *s, int64_t *out) MO_WUR;
/* A time a person typed, in time zone tz (the policy's): RFC 3339, or
 * "2026/12/01 18:30", "2026-12-01 18:30", "2026-12-01T18:30" (a form's
 * datetime-local), with or without ":SS", or "12/1 18:30" (this year in
 * tz, last year when that is more than a day after now). Full-width digits,
 * ／ － ： and spaces are read as their ASCII forms. 0 with *out set, or -1
 * when s is none of these or names no real date. The one parser of the
 * questionnaire, the CLI and every form. */
int time_parse_input(const char *s, const char *tz, int64_t now, int64_t *out) MO_WUR;
/* "2026-11-22T01:00:00Z": the stored form. */
void time_format_utc(int64_t t, char *out, size_t size);
/* t in time zone tz (an IANA name such as "Asia/Tokyo"; NULL or unknown:
 * Asia/Tokyo, as DESIGN.md's default). rfc: "2026-11-22T10:00:00+09:00",
 * else the short human form "2026-11-22 10:00". Thread-safe: it sets TZ
 * for the C library under a lock, only when the zone changes. */
void time_format_zone(int64_t t, const char *tz, bool rfc, char *out, size_t size);
/* An instant as a wall clock shows it in a zone. */
struct mo_local {
	int year, month, day; /* month 1..12 */
	int wday;	      /* 0 Sunday .. 6 Saturday */
	int hour, min, sec;
};
/* t in zone tz (as time_format_zone resolves it). 0, or -1 when out of range. */
int time_local(int64_t t, const char *tz, struct mo_local *out) MO_WUR;

/* Now, or $MOSHIMO_NOW when set, for tests (util/clock.h). */
int64_t time_now(void);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back
 * (Howard Hinnant's days-from-civil): calendar arithmetic without a zone. */
int64_t time_days_from_civil(int64_t y, int m, int d);
void time_civil_from_days(int64_t days, int *y, int *m, int *d);

#endif
