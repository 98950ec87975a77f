/* moshimo decide: records a decision on one of the policy's decision
 * points (003) — what, why, by whom, when. */
#include "cli/workspace.h"
#include "engine/op.h"

int cmd_decide(struct cli_ctx *ctx, int argc, char **argv)
{
	struct engine_op op = {.kind = ENGINE_OP_DECIDE};
	const struct cli_opt opts[] = {{"why", &op.u.decide.why, NULL}, {NULL}};
	char what[256];
	int i = cli_parse(ctx, argc, argv, opts), rc;

	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 3)
		return cli_usage_error(ctx, _("give an incident id, a decision point (PHASE/POINT) "
					      "and the decision"));
	rc = cli_id_arg(ctx, argv[i], &op.id);
	if (rc)
		return rc;
	op.u.decide.point = argv[i + 1];
	op.u.decide.decision = argv[i + 2];
	snprintf(what, sizeof(what), _("decision on %s recorded"), op.u.decide.point);
	return cli_apply(ctx, &op, what);
}
