/* moshimo notify: the outbox from the command line. `run` sends what is due
 * (once, or every second until stopped) when no server runs; `list` shows
 * the messages; `retry` makes a failed one due again. */
#include "cli/workspace.h"
#include "engine/escalation.h"
#include "engine/notify_out.h"
#include "notify/dispatch.h"
#include "store/outbox.h"
#include "util/strnum.h"
#include "util/textwidth.h"
#include "util/timefmt.h"

#include <getopt.h>
#include <signal.h>
#include <time.h>

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int run(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"once", no_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	struct notify_dispatcher *d = NULL;
	struct store *dst = NULL;
	struct notify_pass total = {0};
	struct cli_ws ws;
	struct mo_err e;
	bool once = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'o')
			once = true;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("too many arguments"));
	rc = cli_ws_open(ctx, &ws, WS_WRITE, NULL);
	if (rc)
		return rc;
	if (!ws.notify) {
		mo_die_msg(_("no usable notify.yaml in the data folder: nothing can be sent"));
		rc = EXIT_DATA;
		goto done;
	}
	/* the dispatcher's own connection (its commits skip the fsync: see
	 * store_outbox_dispatcher_conn), apart from ws.st's incident changes */
	mo_err_clear(&e);
	dst = store_open(ws.db, 0, &e);
	if (!dst) {
		rc = cli_fail(&e);
		goto done;
	}
	d = notify_dispatcher_new(dst, ws.notify);
	if (!d) {
		mo_die_msg(_("out of memory"));
		rc = EXIT_DATA;
		goto done;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	do {
		struct notify_pass p;
		struct timespec ts = {1, 0};

		mo_err_clear(&e);
		/* Escalation steps and reminders due now join the outbox (and
		 * go in this pass); what waits already goes first. */
		for (int k = 0; k < 2; k++) {
			if (k == 1) {
				ws.en.who = "moshimo";
				ws.en.queued = 0;
				if (engine_escalation_tick(&ws.en, time_now(), &e) < 0) {
					mo_report_err(stderr, &e);
					mo_err_clear(&e);
				}
				if (!ws.en.queued)
					break;
			}
			if (notify_dispatch_pass(d, &p, &e)) {
				mo_report_err(stderr, &e);
				if (once) {
					rc = EXIT_DATA;
					goto done;
				}
			}
			total.sent += p.sent;
			total.retried += p.retried;
			total.dead += p.dead;
		}
		if (!once && !stop_requested)
			nanosleep(&ts, NULL);
	} while (!once && !stop_requested);
	printf(_("sent %zu, to retry %zu, dead %zu\n"), total.sent, total.retried, total.dead);
	rc = EXIT_OK;
done:
	notify_dispatcher_free(d);
	store_close(dst);
	cli_ws_close(&ws);
	return rc;
}

static json_t *row_json(const struct outbox_msg *m)
{
	char ref[32];

	engine_ref(m->incident_id, ref, sizeof(ref));
	return json_pack("{s:I,s:s?,s:s,s:s,s:s?,s:s,s:s?,s:s,s:s,s:i,s:I,s:I,s:I,s:s?,s:s}", "id",
			 (json_int_t)m->id, "incident", m->incident_id > 0 ? ref : NULL, "purpose",
			 m->purpose, "person", m->person, "name", m->person_name, "channel",
			 m->channel, "address", m->address, "subject", m->subject, "state",
			 outbox_state_key(m->state), "attempts", m->attempts, "created_at",
			 (json_int_t)m->created_at, "next_at", (json_int_t)m->next_at, "sent_at",
			 (json_int_t)m->sent_at, "last_error", m->last_error, "message_id",
			 m->message_id);
}

static int list(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"failed", no_argument, NULL, 'f'},
		{"json", no_argument, NULL, 'j'},
		{"limit", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	struct outbox_list l;
	struct cli_ws ws;
	struct mo_err e;
	bool failed = false, json = false;
	long limit = 100;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f')
			failed = true;
		else if (c == 'j')
			json = true;
		else if (c == 'n') {
			if (str_to_long(optarg, 1, 100000, &limit))
				return cli_usage_error(
					ctx, _("--limit wants a number from 1 to 100000"));
		} else
			return cli_bad_option(ctx, argc, argv);
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("too many arguments"));
	rc = cli_ws_open(ctx, &ws, 0, NULL);
	if (rc)
		return rc;
	outbox_list_init(&l);
	mo_err_clear(&e);
	if (ws.st &&
	    store_outbox_list(ws.st, failed ? OUTBOX_FAILED : OUTBOX_ALL, (size_t)limit, &l, &e)) {
		rc = cli_fail(&e);
		goto done;
	}
	if (json) {
		json_t *a = json_array();

		for (size_t i = 0; a && i < l.n; i++)
			json_array_append_new(a, row_json(&l.v[i]));
		rc = cli_print_json(a);
	} else {
		struct buf b;

		buf_init(&b, BUF_MAX_DEFAULT);
		for (size_t i = 0; i < l.n; i++) {
			const struct outbox_msg *m = &l.v[i];
			char ref[32], t[MO_TIME_MAX], id[32];

			engine_ref(m->incident_id, ref, sizeof(ref));
			engine_time(ws.p, m->created_at, t, sizeof(t));
			snprintf(id, sizeof(id), "#%lld", (long long)m->id);
			if (buf_add_padded(&b, id, 7) ||
			    buf_add_padded(&b, m->incident_id ? ref : "-", 10) ||
			    buf_add_padded(&b, outbox_state_key(m->state), 8) ||
			    buf_addf(&b, "%-3d ", m->attempts) < 0 || buf_add_padded(&b, t, 17) ||
			    buf_add_padded(&b, m->purpose, 11) ||
			    buf_add_padded(&b, m->person_name ? m->person_name : m->person, 14) ||
			    buf_add_padded(&b, m->channel, 8) ||
			    buf_adds(&b, m->address ? m->address : "") ||
			    buf_addf(&b, "%s%s\n", m->last_error ? "  " : "",
				     m->last_error ? m->last_error : "") < 0)
				break;
		}
		if (!l.n)
			(void)!buf_addf(&b, "%s\n",
					failed ? _("no failed messages") : _("no messages"));
		rc = cli_write_out(&b);
		buf_release(&b);
	}
done:
	outbox_list_release(&l);
	cli_ws_close(&ws);
	return rc;
}

struct retry_args {
	int64_t id;
	int rc;
};

static int retry_run(struct engine *en, void *arg, struct mo_err *e)
{
	struct retry_args *a = arg;

	a->rc = store_outbox_retry(en->st, a->id, en->now, e);
	return a->rc < 0 ? -1 : 0;
}

static int retry(struct cli_ctx *ctx, int argc, char **argv)
{
	struct retry_args a = {0};
	struct cli_ws ws;
	struct mo_err e;
	long id;
	int rc;

	if (argc != 2 || str_to_long(argv[1][0] == '#' ? argv[1] + 1 : argv[1], 1, INT32_MAX, &id))
		return cli_usage_error(ctx, _("say which message: moshimo notify retry ID"));
	a.id = id;
	rc = cli_ws_open(ctx, &ws, WS_WRITE, NULL);
	if (rc)
		return rc;
	mo_err_clear(&e);
	if (engine_tx(&ws.en, retry_run, &a, &e)) {
		rc = cli_fail(&e);
	} else if (a.rc) {
		mo_die_msg(
			_("message #%lld cannot be sent again: there is none, or it was sent, or it "
			  "is being sent"),
			(long long)a.id);
		rc = EXIT_DATA;
	} else {
		printf(_("message #%lld is due again: a running server sends it now, else moshimo "
			 "notify run --once\n"),
		       (long long)a.id);
	}
	cli_ws_close(&ws);
	return rc;
}

static const struct {
	const char *name;
	int (*fn)(struct cli_ctx *ctx, int argc, char **argv);
} subs[] = {
	{"run", run},
	{"list", list},
	{"retry", retry},
	{"send", cli_notify_send}, /* cmd_notify_send.c */
};

int cmd_notify(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(ctx, _("say what to do: run, list or retry"));
	for (size_t i = 0; i < MO_ARRAY_SIZE(subs); i++) {
		if (strcmp(argv[1], subs[i].name) == 0) {
			optind = 0; /* GNU getopt: start afresh on the sub-command's arguments */
			return subs[i].fn(ctx, argc - 1, argv + 1);
		}
	}
	return cli_usage_error(ctx, _("unknown notify command \"%s\" (run, list, retry)"), argv[1]);
}
