/* moshimo restore ARCHIVE DIR: brings a backup back into a new or empty
 * folder, verified before anything appears there (store/backup.c). */
#include "cli/cli.h"
#include "store/store.h"

#include <getopt.h>

int cmd_restore(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"key", required_argument, NULL, 'k'},
		{NULL, 0, NULL, 0},
	};
	struct store_backup_result r;
	const char *key = NULL;
	struct mo_err e;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'k')
			key = optarg;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind != 2)
		return cli_usage_error(ctx, _("give the archive and the folder to restore into"));
	mo_err_clear(&e);
	if (store_restore(argv[optind], argv[optind + 1], key, &r, &e)) {
		mo_report_err(stderr, &e);
		mo_die_msg(_("nothing was restored"));
		return EXIT_DATA;
	}
	printf(_("restored and verified into %s: %lld audit rows, %zu evidence files\n"),
	       argv[optind + 1], (long long)r.rows, r.files);
	printf(_("use it with --data %s (or MOSHIMO_DATA)\n"), argv[optind + 1]);
	return fflush(stdout) ? EXIT_DATA : EXIT_OK;
}
