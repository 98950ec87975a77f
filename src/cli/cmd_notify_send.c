/* moshimo notify send: a message of the caller's to everyone holding a
 * role, through the outbox (engine/notify_admin.h). For the system's own
 * news, e.g. moshimo-backup-failed.service telling the 情報システム管理者
 * that last night's backup failed. */
#include "cli/workspace.h"
#include "engine/notify_admin.h"

#include <getopt.h>

struct send_args {
	const char *role, *subject, *body;
	size_t told;
};

static int send_run(struct engine *en, void *arg, struct mo_err *e)
{
	struct send_args *a = arg;

	return engine_notify_role_text(en, a->role, "backup", a->subject, a->body, &a->told, e);
}

int cli_notify_send(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"role", required_argument, NULL, 'r'},
		{"subject", required_argument, NULL, 's'},
		{"body", required_argument, NULL, 'b'},
		{NULL, 0, NULL, 0},
	};
	struct send_args a = {NULL, NULL, NULL, 0};
	struct cli_ws ws;
	struct mo_err e;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			a.role = optarg;
		else if (c == 's')
			a.subject = optarg;
		else if (c == 'b')
			a.body = optarg;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("too many arguments"));
	if (!a.role || !a.subject || !a.body)
		return cli_usage_error(ctx, _("notify send needs --role, --subject and --body"));
	rc = cli_ws_open(ctx, &ws, WS_WRITE, NULL);
	if (rc)
		return rc;
	mo_err_clear(&e);
	if (engine_tx(&ws.en, send_run, &a, &e)) {
		rc = cli_fail(&e);
	} else if (a.told == 0) {
		mo_die_msg(_("nobody holding the role \"%s\" can be sent a message (notify.yaml, "
			     "their e-mail or chat in the policy)"),
			   a.role);
		rc = EXIT_DATA;
	} else {
		printf(_("%zu message(s) queued: a running server sends them now, else moshimo "
			 "notify run --once\n"),
		       a.told);
	}
	cli_ws_close(&ws);
	return rc;
}
