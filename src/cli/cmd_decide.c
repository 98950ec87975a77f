/* moshimo decide: records a decision on one of the policy's decision
 * points (003) — what, why, by whom, when. */
#include "cli/workspace.h"
#include "engine/op.h"

#include <stddef.h>

static int fill(struct cli_ctx *ctx, struct engine_op *op, char **argv, char *what, size_t size)
{
	(void)ctx;
	op->u.decide.point = argv[1];
	op->u.decide.decision = argv[2];
	snprintf(what, size, _("decision on %s recorded"), op->u.decide.point);
	return EXIT_OK;
}

static const struct cli_op_command decide = {
	ENGINE_OP_DECIDE,
	3,
	N_("give an incident id, a decision point (PHASE/POINT) and the decision"),
	NULL,
	{{"why", offsetof(struct engine_op, u.decide.why)}},
	fill,
};

int cmd_decide(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_op_command(ctx, argc, argv, &decide);
}
