/* moshimo ack: acknowledges an incident (「対応します」) from the command line:
 * the timeline records who and how, the escalation stops and the rest of the
 * chain hears who is on it — the same path as the ack link and the page.
 * --as names a person of the policy by id or by name (engine/op.c). */
#include "cli/workspace.h"
#include "engine/op.h"

static int fill(struct cli_ctx *ctx, struct engine_op *op, char **argv, char *what, size_t size)
{
	(void)ctx, (void)argv, (void)what, (void)size;
	op->u.ack.channel = "cli";
	return EXIT_OK;
}

static const struct cli_op_command ack = {
	ENGINE_OP_ACK,
	1,
	N_("give an incident id"),
	N_("acknowledged: the escalation stopped, the others are told"),
	{{0}},
	fill,
};

int cmd_ack(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_op_command(ctx, argc, argv, &ack);
}
