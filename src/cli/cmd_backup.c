/* moshimo backup: a consistent copy of the incident database (SQLite's
 * online backup), verified before it replaces FILE. */
#include "cli/workspace.h"

#include <getopt.h>

int cmd_backup(struct cli_ctx *ctx, int argc, char **argv)
{
	struct cli_ws ws;
	struct mo_err e;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", (const struct option[]){{NULL, 0, NULL, 0}},
				NULL)) != -1)
		return cli_bad_option(ctx, argc, argv);
	if (argc - optind != 1)
		return cli_usage_error(ctx, _("give the backup file"));
	rc = cli_ws_open(ctx, &ws, 0, NULL);
	if (rc)
		return rc;
	if (!ws.st) {
		mo_die_msg(_("no incident database in %s yet"), ctx->data_dir);
		rc = EXIT_DATA;
	} else if (store_backup(ws.st, argv[optind], &e)) {
		mo_report_err(stderr, &e);
		rc = EXIT_DATA;
	} else {
		printf(_("backup written and verified: %s\n"), argv[optind]);
		rc = fflush(stdout) ? EXIT_DATA : EXIT_OK;
	}
	cli_ws_close(&ws);
	return rc;
}
