/* moshimo decide: records a decision on one of the policy's decision
 * points (003) — what, why, by whom, when. */
#include "cli/workspace.h"

#include <getopt.h>

struct args {
	int64_t id;
	const char *point;
	const char *decision;
	const char *why;
};

static int run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;

	return engine_decide(en, a->id, a->point, a->decision, a->why, e);
}

int cmd_decide(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"why", required_argument, NULL, 'w'},
		{"as", required_argument, NULL, 'A'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct args a = {0};
	const char *as = NULL;
	bool json = false;
	char what[256];
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'w')
			a.why = optarg;
		else if (c == 'A')
			as = optarg;
		else if (c == 'j')
			json = true;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind != 3)
		return cli_usage_error(ctx, _("give an incident id, a decision point (PHASE/POINT) "
					      "and the decision"));
	rc = cli_id_arg(ctx, argv[optind], &a.id);
	if (rc)
		return rc;
	a.point = argv[optind + 1];
	a.decision = argv[optind + 2];
	snprintf(what, sizeof(what), _("decision on %s recorded"), a.point);
	return cli_change_incident(ctx, as, json, a.id, run, &a, what);
}
