/* A test driver for notify_send (tests/t5000-notify-send.sh runs it against
 * the real SMTP and HTTP servers of tests/web/mailsink.py, hooksink.py):
 *
 *   notify-send NOTIFY.YAML channel=email to=a@b to_name=髙橋 subject=… body=…
 *               message_id=<…@…> ack_url=… incident_url=… date=UNIX
 *
 * Loads the file with notify_conf_load, sends once and prints
 * "outcome retry_after reply" on one line. With repeat=N it sends N times
 * and also prints the p50 and p99 time of one send to stderr (a measure of
 * the transport alone, without the process start). Exit 0 when a send was tried,
 * 2 when the conf did not load (the error on stderr), 3 on bad usage. */
#include "notify/notify.h"
#include "util/strnum.h"

#include <locale.h>
#include <time.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct notify_msg m = {.channel = "email"};
	struct notify_result r;
	struct notify_conf *c = NULL;
	struct mo_err e;
	long repeat = 1;
	double *ms = NULL;
	int rc = 0;

	setlocale(LC_ALL, "");
	if (argc < 2)
		return 3;
	for (int i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		const char *v = eq ? eq + 1 : "";
		long n;

		if (!eq)
			return 3;
		*eq = '\0';
		if (!strcmp(argv[i], "channel"))
			m.channel = v;
		else if (!strcmp(argv[i], "to"))
			m.to = v;
		else if (!strcmp(argv[i], "to_name"))
			m.to_name = v;
		else if (!strcmp(argv[i], "subject"))
			m.subject = v;
		else if (!strcmp(argv[i], "body"))
			m.body = v;
		else if (!strcmp(argv[i], "message_id"))
			m.message_id = v;
		else if (!strcmp(argv[i], "ack_url"))
			m.ack_url = v;
		else if (!strcmp(argv[i], "incident_url"))
			m.incident_url = v;
		else if (!strcmp(argv[i], "date") && !str_to_long(v, 0, INT64_MAX, &n))
			m.date = n;
		else if (!strcmp(argv[i], "repeat") && !str_to_long(v, 1, 100000, &n))
			repeat = n;
		else
			return 3;
	}
	rc = notify_conf_load(argv[1], &c, &e);
	if (rc) {
		if (rc < 0)
			mo_report_err(stderr, &e);
		else
			fprintf(stderr, "no such file\n");
		return 2;
	}
	ms = calloc((size_t)repeat, sizeof(*ms));
	if (!ms)
		return 3;
	for (long i = 0; i < repeat; i++) {
		struct timespec t0, t1;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc |= notify_send(c, &m, &r);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	}
	if (repeat > 1) {
		qsort(ms, (size_t)repeat, sizeof(*ms), cmp_double);
		fprintf(stderr, "%ld sends: p50 %.2f ms, p99 %.2f ms\n", repeat, ms[repeat / 2],
			ms[(repeat * 99) / 100]);
	}
	free(ms);
	printf("%s %lld %s\n", notify_outcome_name(r.outcome), (long long)r.retry_after, r.reply);
	notify_conf_free(c);
	return rc ? 4 : 0;
}
