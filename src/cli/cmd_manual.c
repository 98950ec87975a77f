/* moshimo manual: renders the manual or the emergency card. */
#include "cli/cli.h"
#include "policy/policy.h"
#include "render/render.h"
#include "util/fs.h"

#include <getopt.h>
#include <unistd.h>

/* The data folder's policy, or the built-in one when there is none. A
 * policy with errors is refused: a manual must not be printed wrong. */
static struct policy *load_policy(struct cli_ctx *ctx, char *path, size_t size)
{
	struct mo_findings f;
	struct policy *p;

	if (cli_data_path(ctx, "policy.yaml", path, size))
		return NULL;
	if (!fs_exists(path)) {
		fprintf(stderr, _("moshimo: no policy at %s; using the built-in manual\n"), path);
		mo_findings_init(&f, "(built-in)");
		p = policy_load_default(&f);
	} else {
		mo_findings_init(&f, path);
		p = policy_load_file(path, &f);
	}
	if (p)
		policy_check(p, &f);
	if (!p || f.errors || f.oom) {
		for (size_t i = 0; i < f.n; i++)
			if (f.v[i].severity == MO_ERROR)
				mo_report(stderr, f.file, f.v[i].line, f.v[i].col, MO_ERROR,
					  f.v[i].msg);
		mo_die_msg(_("the policy has errors; fix them first (moshimo check)"));
		policy_free(p);
		p = NULL;
	} else if (policy_placeholder_count(p)) {
		fprintf(stderr,
			_("moshimo: warning: %zu placeholders (〇〇, ****) are still in the policy; "
			  "the manual is not ready to hand out (moshimo check lists them)\n"),
			policy_placeholder_count(p));
	}
	mo_findings_release(&f);
	return p;
}

static const char *extension_format(const char *file)
{
	const char *dot = file ? strrchr(file, '.') : NULL;

	if (!dot)
		return NULL;
	if (strcmp(dot, ".md") == 0)
		return "md";
	if (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0)
		return "html";
	if (strcmp(dot, ".pdf") == 0)
		return "pdf";
	return NULL;
}

int cmd_manual(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'F'},
		{"card", no_argument, NULL, 'c'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const char *format = NULL, *output = NULL;
	const struct render_format *rf;
	bool card = false;
	char path[4096];
	struct render_opts ro = {NULL};
	struct policy *p;
	struct buf out;
	struct mo_err e;
	int c, rc = EXIT_OK;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			format = optarg;
			break;
		case 'c':
			card = true;
			break;
		case 'o':
			output = optarg;
			break;
		default:
			return cli_bad_option(ctx, argc, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("too many arguments"));
	if (!format)
		format = extension_format(output);
	if (!format)
		format = "md";
	rf = render_format_find(format);
	if (!rf)
		return cli_usage_error(ctx, _("unknown format \"%s\" (choose from %s)"), format,
				       render_format_names());
	if (card && !rf->card)
		return cli_usage_error(ctx, _("format \"%s\" has no card"), format);
	if (!output && rf->binary && isatty(STDOUT_FILENO))
		return cli_usage_error(ctx, _("%s output is binary: use -o FILE"), format);

	p = load_policy(ctx, path, sizeof(path));
	if (!p)
		return EXIT_DATA;
	buf_init(&out, 0);
	mo_err_clear(&e);
	if ((card ? rf->card : rf->manual)(p, &ro, &out, &e)) {
		mo_report_err(stderr, &e);
		rc = EXIT_DATA;
	} else if (out.failed) {
		mo_die_msg(_("out of memory"));
		rc = EXIT_DATA;
	} else if (output) {
		if (fs_write_file(output, buf_str(&out), out.len, &e)) {
			mo_report_err(stderr, &e);
			rc = EXIT_DATA;
		} else {
			fprintf(stderr, _("moshimo: wrote %s\n"), output);
		}
	} else if (fwrite(buf_str(&out), 1, out.len, stdout) != out.len || fflush(stdout)) {
		mo_die_msg(_("cannot write to standard output"));
		rc = EXIT_DATA;
	}
	buf_release(&out);
	policy_free(p);
	return rc;
}
