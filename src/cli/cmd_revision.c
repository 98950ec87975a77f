/* moshimo revision: the policy's kept revisions (src/revise/): list, diff
 * two, restore one as a new revision, save an edited file as a new one. */
#include "cli/cli.h"
#include "cli/workspace.h"
#include "revise/revise.h"
#include "util/fs.h"
#include "util/strnum.h"
#include "util/timefmt.h"

#include <getopt.h>
#include <jansson.h>

static int rev_arg(struct cli_ctx *ctx, const char *s, int *out)
{
	long v;

	if (str_to_long(s, 1, INT32_MAX, &v))
		return cli_usage_error(ctx, _("\"%s\" is not a revision number"), s);
	*out = (int)v;
	return EXIT_OK;
}

static int list(struct cli_ctx *ctx, bool as_json)
{
	struct revision *v = NULL;
	size_t n = 0;
	struct mo_err e;
	int rc = EXIT_OK;

	mo_err_clear(&e);
	if (revise_list(ctx->data_dir, &v, &n, &e))
		return cli_fail(&e);
	if (as_json) {
		json_t *a = json_array();
		char *s;

		for (size_t i = 0; a && i < n; i++) {
			char at[MO_TIME_MAX];

			time_format_utc(v[i].at, at, sizeof(at));
			json_array_append_new(a, json_pack("{s:i,s:s,s:s,s:s,s:s,s:b,s:s}",
							   "number", v[i].number, "at", at, "who",
							   v[i].who, "note", v[i].note, "sha256",
							   v[i].sha256, "review", v[i].review,
							   "checked", v[i].checked));
		}
		s = a ? json_dumps(a, JSON_INDENT(2)) : NULL;
		json_decref(a);
		if (!s) {
			mo_die_msg(_("out of memory"));
			rc = EXIT_MACHINE;
		} else {
			printf("%s\n", s);
			free(s);
		}
	} else if (!n) {
		printf("%s\n",
		       _("no revisions yet (moshimo init or revision save makes the first)"));
	} else {
		for (size_t i = 0; i < n; i++) {
			char at[MO_TIME_MAX];

			time_format_zone(v[i].at, NULL, false, at, sizeof(at));
			printf("%4d  %s  %-12s  %s%s\n", v[i].number, at, v[i].who,
			       v[i].review ? _("[review] ") : "", v[i].note);
		}
	}
	free(v);
	return rc;
}

static int diff(struct cli_ctx *ctx, int a, int b)
{
	char *ta = NULL, *tb = NULL;
	size_t la = 0, lb = 0, n = 0;
	struct revise_diff_line *d = NULL;
	struct mo_err e;
	int rc = EXIT_OK;

	mo_err_clear(&e);
	if (revise_read(ctx->data_dir, a, &ta, &la, NULL, &e) ||
	    revise_read(ctx->data_dir, b, &tb, &lb, NULL, &e)) {
		rc = cli_fail(&e);
		goto done;
	}
	if (revise_diff(ta, la, tb, lb, 3, &d, &n)) {
		mo_die_msg(_("cannot compare the revisions (out of memory or too long)"));
		rc = EXIT_MACHINE;
		goto done;
	}
	printf("--- %s %d\n+++ %s %d\n", _("revision"), a, _("revision"), b);
	for (size_t i = 0; i < n; i++) {
		switch (d[i].kind) {
		case DIFF_HUNK:
			printf("@@ -%d +%d @@\n", d[i].a_line, d[i].b_line);
			break;
		case DIFF_DEL:
			printf("-%.*s\n", (int)d[i].len, d[i].s);
			break;
		case DIFF_ADD:
			printf("+%.*s\n", (int)d[i].len, d[i].s);
			break;
		case DIFF_SAME:
			printf(" %.*s\n", (int)d[i].len, d[i].s);
			break;
		}
	}
done:
	free(d);
	free(ta);
	free(tb);
	return rc;
}

/* Prints the result of a save: the findings, or the new revision. */
static int saved(int rc, struct mo_findings *f, int rev, const struct mo_err *e)
{
	if (rc > 0) {
		mo_report_findings(stderr, f);
		mo_die_msg(
			_("the policy has errors: nothing was changed (the policy in use stays)"));
		return EXIT_DATA;
	}
	if (rc < 0)
		return cli_fail(e);
	printf(_("Saved as revision %d; manual.html, manual.pdf, card.html and card.pdf were "
		 "made again\n"),
	       rev);
	return EXIT_OK;
}

static int save(struct cli_ctx *ctx, const char *file, const char *note, const char *as)
{
	char path[4096];
	char *text = NULL;
	size_t len = 0;
	struct mo_findings f;
	struct mo_err e;
	int rc, rev = 0;

	mo_err_clear(&e);
	if (!file) {
		if (cli_data_path(ctx, "policy.yaml", path, sizeof(path)))
			return EXIT_USAGE;
		file = path;
	}
	if (fs_read_file(file, POLICY_MAX_BYTES, &text, &len, &e))
		return cli_fail(&e);
	mo_findings_init(&f, file);
	rc = revise_save(ctx->data_dir, text, len, cli_who(as), note ? note : "", &f, &rev, &e);
	rc = saved(rc, &f, rev, &e);
	mo_findings_release(&f);
	free(text);
	return rc;
}

int cmd_revision(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"note", required_argument, NULL, 'n'},
		{"as", required_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	const char *note = NULL, *as = NULL, *sub;
	bool as_json = false;
	int c, a, b, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j')
			as_json = true;
		else if (c == 'n')
			note = optarg;
		else if (c == 'a')
			as = optarg;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (optind >= argc)
		return cli_usage_error(ctx, _("name what to do: list, diff, restore or save"));
	sub = argv[optind++];
	if (strcmp(sub, "list") == 0) {
		if (optind < argc)
			return cli_usage_error(ctx, _("too many arguments"));
		return list(ctx, as_json);
	}
	if (strcmp(sub, "diff") == 0) {
		if (argc - optind != 2)
			return cli_usage_error(ctx, _("diff takes two revision numbers"));
		if ((rc = rev_arg(ctx, argv[optind], &a)) ||
		    (rc = rev_arg(ctx, argv[optind + 1], &b)))
			return rc;
		return diff(ctx, a, b);
	}
	if (strcmp(sub, "restore") == 0) {
		struct mo_findings f;
		struct mo_err e;
		int rev = 0;

		if (argc - optind != 1)
			return cli_usage_error(ctx, _("restore takes one revision number"));
		if ((rc = rev_arg(ctx, argv[optind], &a)))
			return rc;
		mo_err_clear(&e);
		mo_findings_init(&f, "policy.yaml");
		rc = revise_restore(ctx->data_dir, a, cli_who(as), note, &f, &rev, &e);
		rc = saved(rc, &f, rev, &e);
		mo_findings_release(&f);
		return rc;
	}
	if (strcmp(sub, "save") == 0) {
		if (argc - optind > 1)
			return cli_usage_error(ctx, _("too many arguments"));
		return save(ctx, optind < argc ? argv[optind] : NULL, note, as);
	}
	return cli_usage_error(ctx, _("unknown action \"%s\" (list, diff, restore or save)"), sub);
}
