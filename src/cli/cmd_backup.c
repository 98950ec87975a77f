/* moshimo backup FILE: one verified archive of the data folder — the
 * database (SQLite's online backup), the audit anchor, the policy and every
 * evidence file; the audit key only with --with-key (store/backup.c). */
#include "cli/workspace.h"

#include <getopt.h>

int cmd_backup(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"with-key", no_argument, NULL, 'k'},
		{NULL, 0, NULL, 0},
	};
	struct store_backup_opts o = {0};
	struct store_backup_result r;
	char policy[4096];
	struct cli_ws ws;
	struct mo_err e;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'k')
			o.with_key = true;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind != 1)
		return cli_usage_error(ctx, _("give the backup file"));
	if (cli_data_path(ctx, "policy.yaml", policy, sizeof(policy)))
		return EXIT_DATA;
	rc = cli_ws_open(ctx, &ws, 0, NULL);
	if (rc)
		return rc;
	o.evidence_dir = ws.evidence;
	o.policy = policy;
	if (!ws.st) {
		mo_die_msg(_("no incident database in %s yet"), ctx->data_dir);
		rc = EXIT_DATA;
	} else if (store_backup(ws.st, argv[optind], &o, &r, &e)) {
		rc = cli_fail(&e);
	} else {
		printf(_("backup written and verified: %s (%lld audit rows, %zu evidence files, "
			 "%lld bytes of evidence)\n"),
		       argv[optind], (long long)r.rows, r.files, (long long)r.bytes);
		if (!o.with_key)
			printf(_("the audit key is not in the backup: keep a copy of %s/audit.key "
				 "apart from it (restore needs it: moshimo restore --key FILE)\n"),
			       ctx->data_dir);
		rc = fflush(stdout) ? EXIT_DATA : EXIT_OK;
	}
	cli_ws_close(&ws);
	return rc;
}
