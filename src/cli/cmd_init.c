/* moshimo init: writes the built-in manual to DIR/policy.yaml as revision 1
 * (src/revise/), with the generated manual and cards beside it. */
#include "cli/cli.h"
#include "cli/workspace.h"
#include "policy/policy.h"
#include "revise/revise.h"
#include "util/fs.h"

#include <getopt.h>

int cmd_init(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"force", no_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	bool force = false;
	const char *dir;
	char path[4096];
	struct mo_findings f;
	struct mo_err e;
	int c, rc, rev = 0;

	while ((c = getopt_long(argc, argv, "f", opts, NULL)) != -1) {
		if (c == 'f')
			force = true;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind > 1)
		return cli_usage_error(ctx, _("too many arguments"));
	dir = optind < argc ? argv[optind] : ctx->data_dir;
	if (fs_join(path, sizeof(path), dir, "policy.yaml")) {
		mo_die_msg(_("the data folder path is too long"));
		return EXIT_DATA;
	}
	if (fs_exists(path) && !force) {
		mo_die_msg(_("%s already exists; use --force to overwrite it"), path);
		return EXIT_DATA;
	}
	mo_err_clear(&e);
	if (fs_mkdirs(dir, &e))
		return cli_fail(&e);
	mo_findings_init(&f, path);
	rc = revise_save(dir, policy_default_yaml, policy_default_yaml_len, cli_who(NULL),
			 "moshimo init（組み込みの雛形）", &f, &rev, &e);
	if (rc > 0)
		mo_report_findings(stderr, &f);
	mo_findings_release(&f);
	if (rc > 0)
		return EXIT_DATA;
	if (rc < 0)
		return cli_fail(&e);
	printf(_("Wrote the built-in manual to %s\n"), path);
	printf(_("Kept it as revision %d; the manual and the cards are in %s "
		 "(manual.html, manual.pdf, card.html, card.pdf)\n"),
	       rev, dir);
	printf(_("Next: edit it (the 〇〇 and **** placeholders), then run: moshimo check %s\n"),
	       path);
	return EXIT_OK;
}
