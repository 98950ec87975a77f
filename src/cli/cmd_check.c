/* moshimo check: loads a policy file and prints every finding; for the data
 * folder's policy also DIR/notify.yaml and the contacts (check_notify.c). */
#include "cli/check_notify.h"
#include "cli/cli.h"
#include "policy/policy.h"
#include "util/fs.h"

#include <getopt.h>

static void drop_warnings(struct mo_findings *f)
{
	size_t keep = 0;

	for (size_t i = 0; i < f->n; i++) {
		if (f->v[i].severity == MO_ERROR)
			f->v[keep++] = f->v[i];
		else
			free(f->v[i].msg);
	}
	f->n = keep;
}

int cmd_check(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	bool quiet = false;
	char path[4096], npath[4096] = "";
	const char *file;
	struct mo_findings f, nf;
	bool data_policy = false;
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
		data_policy = true;
		if (!fs_exists(file)) {
			mo_die_msg(_("no policy at %s (create one with: moshimo init)"), file);
			return EXIT_DATA;
		}
	}
	mo_findings_init(&f, file);
	p = policy_load_file(file, &f);
	if (p)
		policy_check(p, &f);
	mo_findings_init(&nf, npath);
	if (data_policy)
		cli_check_notify(ctx, p, &f, npath, sizeof(npath), &nf);
	if (quiet) {
		drop_warnings(&f);
		drop_warnings(&nf);
	}
	mo_findings_sort(&f);
	mo_findings_sort(&nf);
	mo_report_findings(stderr, &f);
	mo_report_findings(stderr, &nf);
	if (nf.errors || nf.oom)
		fprintf(stderr, _("%s: %zu errors, %zu warnings\n"), npath, nf.errors, nf.warnings);
	if (f.errors || f.oom || nf.errors || nf.oom) {
		fprintf(stderr, _("%s: %zu errors, %zu warnings\n"), file, f.errors, f.warnings);
		rc = EXIT_DATA;
	} else {
		printf(_("%s: OK (%zu warnings)\n"), file, f.warnings);
		rc = EXIT_OK;
	}
	mo_findings_release(&f);
	mo_findings_release(&nf);
	policy_free(p);
	return rc;
}
