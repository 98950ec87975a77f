/* moshimo review: the manual's periodic review (src/revise/review.c):
 * `done` records one (who, when, what was checked) and moves the next
 * date; `status` says when the next one is due. */
#include "cli/cli.h"
#include "cli/workspace.h"
#include "revise/revise.h"
#include "util/timefmt.h"

#include <getopt.h>

static int status(struct cli_ctx *ctx)
{
	struct policy *p = cli_load_policy(ctx, CLI_POLICY_QUIET);
	char line[512], d[64];
	int rc = EXIT_OK;

	if (!p)
		return EXIT_DATA;
	if (p->org.has_last_reviewed) {
		date_format(p->org.last_reviewed, true, d, sizeof(d));
		printf(_("last review: %s\n"), d);
		date_format(date_add_months(p->org.last_reviewed, p->org.review_interval_months),
			    true, d, sizeof(d));
		printf(_("next review: %s (every %d months)\n"), d, p->org.review_interval_months);
	}
	if (revise_review_line(p, time_now(), line, sizeof(line)))
		printf("%s\n", line);
	policy_free(p);
	return rc;
}

int cmd_review(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"note", required_argument, NULL, 'n'},
		{"as", required_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	const char *note = NULL, *as = NULL, *sub;
	struct mo_findings f;
	struct mo_err e;
	int c, rc, rev = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n')
			note = optarg;
		else if (c == 'a')
			as = optarg;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind != 1)
		return cli_usage_error(ctx, _("name what to do: done or status"));
	sub = argv[optind];
	if (strcmp(sub, "status") == 0)
		return status(ctx);
	if (strcmp(sub, "done") != 0)
		return cli_usage_error(ctx, _("unknown action \"%s\" (done or status)"), sub);
	mo_err_clear(&e);
	mo_findings_init(&f, "policy.yaml");
	rc = revise_review_done(ctx->data_dir, cli_who(as), note, time_now(), &f, &rev, &e);
	if (rc > 0) {
		mo_report_findings(stderr, &f);
		mo_die_msg(_("the policy has errors; fix them first (moshimo check), then record "
			     "the review"));
		rc = EXIT_DATA;
	} else if (rc < 0) {
		rc = cli_fail(&e);
	} else {
		printf(_("Recorded the review as revision %d; the manual and the cards were made "
			 "again\n"),
		       rev);
		rc = status(ctx);
	}
	mo_findings_release(&f);
	return rc;
}
