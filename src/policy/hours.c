/* Business hours and days off: the Japanese public holidays shipped in
 * data/holidays-jp.txt (embedded at build time), the company's own holidays,
 * and the next opening of the office after an instant in the policy's zone. */
#include "policy/policy.h"
#include "util/timefmt.h"

#include <pthread.h>

extern const char holidays_jp_txt[];
extern const size_t holidays_jp_txt_len;

struct holiday {
	int ymd; /* year * 10000 + month * 100 + day */
	char name[48];
};

#define HOLIDAYS_MAX 400
static struct holiday holidays[HOLIDAYS_MAX];
static size_t n_holidays;
static pthread_once_t holidays_once = PTHREAD_ONCE_INIT;

/* Parses the embedded table once: "YYYY-MM-DD name" lines, # comments. The
 * file is ours and sorted; a malformed line is skipped (t5100 checks every
 * line parses). */
static void holidays_parse(void)
{
	const char *s = holidays_jp_txt, *end = holidays_jp_txt + holidays_jp_txt_len;

	while (s < end && n_holidays < HOLIDAYS_MAX) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		char date[11];
		struct mo_date d;

		if (len > 11 && s[0] != '#' && s[10] == ' ') {
			memcpy(date, s, 10);
			date[10] = '\0';
			if (date_parse(date, &d) == 0) {
				struct holiday *h = &holidays[n_holidays++];
				size_t nlen = len - 11;

				h->ymd = d.year * 10000 + d.month * 100 + d.day;
				if (nlen >= sizeof(h->name))
					nlen = sizeof(h->name) - 1;
				memcpy(h->name, s + 11, nlen);
				h->name[nlen] = '\0';
			}
		}
		s += len + 1;
	}
}

const char *holiday_jp_name(struct mo_date d)
{
	int ymd = d.year * 10000 + d.month * 100 + d.day;
	size_t lo = 0, hi;

	pthread_once(&holidays_once, holidays_parse);
	hi = n_holidays;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (holidays[mid].ymd == ymd)
			return holidays[mid].name;
		if (holidays[mid].ymd < ymd)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool policy_is_holiday(const struct policy *p, struct mo_date d)
{
	const struct mo_business_hours *h = &p->hours;

	if (h->holidays_jp && holiday_jp_name(d))
		return true;
	for (size_t i = 0; i < h->n_company_holidays; i++)
		if (date_cmp(d, h->company_holidays[i].from) >= 0 &&
		    date_cmp(d, h->company_holidays[i].to) <= 0)
			return true;
	return false;
}

/* Whether the day of lt is a working day. */
static bool working_day(const struct policy *p, const struct mo_local *lt)
{
	struct mo_date d = {lt->year, lt->month, lt->day};

	return (p->hours.days & (1u << lt->wday)) && !policy_is_holiday(p, d);
}

int64_t policy_next_open(const struct policy *p, int64_t t)
{
	const struct mo_business_hours *h = &p->hours;

	if (!h->node || !h->days || h->from_min >= h->to_min)
		return t;
	/* Day by day from t's local day: at most a year and a few days of
	 * holidays; a policy with no working day at all never opens. */
	for (int i = 0; i < 400; i++) {
		struct mo_local lt;
		int64_t secs;

		if (time_local(t, p->org.timezone, &lt))
			return t;
		secs = (int64_t)lt.hour * 3600 + lt.min * 60 + lt.sec;
		if (working_day(p, &lt)) {
			if (secs < (int64_t)h->from_min * 60)
				return t + ((int64_t)h->from_min * 60 - secs);
			if (secs < (int64_t)h->to_min * 60)
				return t;
		}
		t += 86400 - secs; /* the next local midnight */
	}
	return t;
}
