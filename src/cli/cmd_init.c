/* moshimo init: writes the built-in manual to DIR/policy.yaml. */
#include "cli/cli.h"
#include "policy/policy.h"
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
	struct mo_err e;
	int c;

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
	if (fs_mkdirs(dir, &e) ||
	    fs_write_file(path, policy_default_yaml, policy_default_yaml_len, &e)) {
		return cli_fail(&e);
	}
	printf(_("Wrote the built-in manual to %s\n"), path);
	printf(_("Next: edit it (the 〇〇 and **** placeholders), then run: moshimo check %s\n"),
	       path);
	return EXIT_OK;
}
