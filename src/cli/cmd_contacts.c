/* moshimo contacts: 疎通確認 — send every person a test message on each of
 * their channels (verify), and show when each was last sent and confirmed
 * by a human (list). The sending and confirming are engine/contacts.c's. */
#include "cli/workspace.h"
#include "engine/contacts.h"
#include "util/textwidth.h"
#include "util/timefmt.h"

#include <getopt.h>

/* DIR/notify.yaml, loaded (NULL when absent); EXIT_DATA printed on errors. */
static int load_notify(struct cli_ctx *ctx, struct notify_conf **c)
{
	char path[4096];
	struct mo_err e;
	int rc;

	*c = NULL;
	if (cli_data_path(ctx, "notify.yaml", path, sizeof(path)))
		return EXIT_DATA;
	rc = notify_conf_load(path, c, &e);
	if (rc < 0) {
		return cli_fail(&e);
	}
	return EXIT_OK;
}

static void when(const struct policy *p, int64_t t, char *out, size_t size)
{
	if (!t)
		snprintf(out, size, "-");
	else
		time_format_zone(t, p->org.timezone, false, out, size);
}

static const char *state_label(const struct policy *p, const struct contact_row *r, int64_t now)
{
	if (!r->usable)
		return _("cannot send (notify.yaml)");
	if (!r->confirmed_at)
		return _("never confirmed");
	if (contacts_stale(p, r, now))
		return _("confirmation too old");
	return _("confirmed");
}

static int list(struct cli_ws *ws, const struct notify_conf *c)
{
	struct contact_row *rows = NULL;
	struct buf b;
	struct mo_err e;
	size_t n = 0;
	int rc = EXIT_OK;

	mo_err_clear(&e);
	if (contacts_collect(ws->p, c, ws->st, &rows, &n, &e)) {
		return cli_fail(&e);
	}
	buf_init(&b, BUF_MAX_DEFAULT);
	if (buf_add_padded(&b, _("PERSON"), 20) || buf_add_padded(&b, _("CHANNEL"), 14) ||
	    buf_add_padded(&b, _("LAST SENT"), 18) || buf_add_padded(&b, _("LAST CONFIRMED"), 18) ||
	    buf_addf(&b, "%s\n", _("STATE")))
		goto oom;
	for (size_t i = 0; i < n; i++) {
		char sent[64], conf[64];

		when(ws->p, rows[i].sent_at, sent, sizeof(sent));
		when(ws->p, rows[i].confirmed_at, conf, sizeof(conf));
		if (buf_add_padded(&b,
				   rows[i].person->name ? rows[i].person->name : rows[i].person->id,
				   20) ||
		    buf_add_padded(&b, rows[i].channel, 14) || buf_add_padded(&b, sent, 18) ||
		    buf_add_padded(&b, conf, 18) ||
		    buf_addf(&b, "%s\n", state_label(ws->p, &rows[i], ws->en.now)))
			goto oom;
	}
	if (!n && buf_addf(&b, "%s\n", _("nobody in the policy has an e-mail address or a chat")))
		goto oom;
	rc = cli_write_out(&b);
	goto done;
oom:
	mo_die_msg("%s", _("out of memory"));
	rc = EXIT_DATA;
done:
	buf_release(&b);
	free(rows);
	return rc;
}

static int cli_write(void *ctx, int (*fn)(struct engine *en, void *arg, struct mo_err *e),
		     void *arg, struct mo_err *e)
{
	return engine_tx(ctx, fn, arg, e);
}

static int verify(struct cli_ws *ws, const struct notify_conf *c, const char *person)
{
	struct contact_sent *v = NULL;
	struct mo_err e;
	size_t n = 0, sent = 0, failed = 0;

	mo_err_clear(&e);
	if (contacts_verify(ws->st, cli_write, &ws->en, ws->p, c, person, ws->en.now, &v, &n, &e)) {
		return cli_fail(&e);
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = v[i].person->name ? v[i].person->name : v[i].person->id;

		if (v[i].tried && v[i].result.outcome == NOTIFY_SENT) {
			sent++;
			printf(_("sent: %s (%s)\n"), name, v[i].channel);
		} else {
			failed++;
			printf(_("NOT sent: %s (%s): %s\n"), name, v[i].channel, v[i].result.reply);
		}
	}
	printf(_("%zu test messages sent, %zu not sent; each person confirms by opening the link "
		 "and pressing the button (moshimo contacts list shows who did)\n"),
	       sent, failed);
	free(v);
	return failed || !n ? EXIT_DATA : EXIT_OK;
}

int cmd_contacts(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"person", required_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	const char *person = NULL, *verb;
	struct notify_conf *c = NULL;
	struct cli_ws ws;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'p')
			person = optarg;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (optind >= argc)
		return cli_usage_error(ctx, _("say what to do: verify or list"));
	verb = argv[optind++];
	if (optind != argc)
		return cli_usage_error(ctx, _("too many arguments"));
	if (strcmp(verb, "verify") != 0 && strcmp(verb, "list") != 0)
		return cli_usage_error(ctx, _("unknown action \"%s\" (verify, list)"), verb);
	if (person && strcmp(verb, "verify") != 0)
		return cli_usage_error(ctx, _("--person goes with verify"));
	rc = load_notify(ctx, &c);
	if (rc)
		return rc;
	rc = cli_ws_open(ctx, &ws, strcmp(verb, "verify") == 0 ? WS_WRITE : 0, NULL);
	if (rc) {
		notify_conf_free(c);
		return rc;
	}
	rc = strcmp(verb, "verify") == 0 ? verify(&ws, c, person) : list(&ws, c);
	cli_ws_close(&ws);
	notify_conf_free(c);
	return rc;
}
