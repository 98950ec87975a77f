/* moshimo set: records an item of the incident record or a fact
 * (cause, affected_systems, persons, malicious, …). */
#include "cli/workspace.h"
#include "engine/op.h"

static int fill(struct cli_ctx *ctx, struct engine_op *op, char **argv, char *what, size_t size)
{
	(void)ctx;
	op->u.field.key = argv[1];
	op->u.field.value = argv[2];
	snprintf(what, size, _("%s recorded"), op->u.field.key);
	return EXIT_OK;
}

static const struct cli_op_command set = {
	ENGINE_OP_FIELD, 3, N_("give an incident id, a field and its value"), NULL, {{0}}, fill,
};

int cmd_set(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_op_command(ctx, argc, argv, &set);
}
