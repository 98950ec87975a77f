/* moshimo reopen: reopens a closed incident, with a reason. */
#include "cli/workspace.h"
#include "engine/op.h"

#include <stddef.h>

static int fill(struct cli_ctx *ctx, struct engine_op *op, char **argv, char *what, size_t size)
{
	(void)argv, (void)what, (void)size;
	if (!op->u.reopen.reason || !*op->u.reopen.reason)
		return cli_usage_error(ctx, _("reopening needs a reason (--reason TEXT)"));
	op->u.reopen.to = INC_CLOSED; /* the status it was closed from */
	return EXIT_OK;
}

static const struct cli_op_command reopen = {
	ENGINE_OP_REOPEN,
	1,
	N_("give one incident id"),
	N_("reopened"),
	{{"reason", offsetof(struct engine_op, u.reopen.reason)}},
	fill,
};

int cmd_reopen(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_op_command(ctx, argc, argv, &reopen);
}
