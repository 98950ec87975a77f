/* moshimo category: moves an incident to another category, with a reason;
 * the level rises to the category's minimum and the open steps are
 * re-planned. */
#include "cli/workspace.h"
#include "engine/op.h"

#include <stddef.h>

static int fill(struct cli_ctx *ctx, struct engine_op *op, char **argv, char *what, size_t size)
{
	if (!op->u.category.reason || !*op->u.category.reason)
		return cli_usage_error(ctx, _("a category change needs a reason (--reason TEXT)"));
	op->u.category.category = argv[1];
	snprintf(what, size, _("category %s"), op->u.category.category);
	return EXIT_OK;
}

static const struct cli_op_command category = {
	ENGINE_OP_CATEGORY,
	2,
	N_("give an incident id and the new category"),
	NULL,
	{{"reason", offsetof(struct engine_op, u.category.reason)}},
	fill,
};

int cmd_category(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_op_command(ctx, argc, argv, &category);
}
