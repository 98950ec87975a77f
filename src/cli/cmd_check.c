/* moshimo check: loads a policy file and prints every finding. */
#include "cli/cli.h"
#include "policy/policy.h"
#include "util/fs.h"

#include <getopt.h>

int cmd_check(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	bool quiet = false;
	char path[4096];
	const char *file;
	struct mo_findings f;
	struct policy *p;
	int c, rc;

	while ((c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
		if (c == 'q')
			quiet = true;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind > 1)
		return cli_usage_error(ctx, _("too many arguments"));
	if (optind < argc) {
		file = argv[optind];
	} else {
		if (cli_data_path(ctx, "policy.yaml", path, sizeof(path)))
			return EXIT_USAGE;
		file = path;
		if (!fs_exists(file)) {
			mo_die_msg(_("no policy at %s (create one with: moshimo init)"), file);
			return EXIT_DATA;
		}
	}
	mo_findings_init(&f, file);
	p = policy_load_file(file, &f);
	if (p)
		policy_check(p, &f);
	if (quiet) {
		size_t keep = 0;

		for (size_t i = 0; i < f.n; i++) {
			if (f.v[i].severity == MO_ERROR)
				f.v[keep++] = f.v[i];
			else
				free(f.v[i].msg);
		}
		f.n = keep;
	}
	mo_report_findings(stderr, &f);
	if (f.errors || f.oom) {
		fprintf(stderr, _("%s: %zu errors, %zu warnings\n"), file, f.errors, f.warnings);
		rc = EXIT_DATA;
	} else {
		printf(_("%s: OK (%zu warnings)\n"), file, f.warnings);
		rc = EXIT_OK;
	}
	mo_findings_release(&f);
	policy_free(p);
	return rc;
}
