/* moshimo category: moves an incident to another category, with a reason;
 * the level rises to the category's minimum and the open steps are
 * re-planned. */
#include "cli/workspace.h"
#include "engine/op.h"

int cmd_category(struct cli_ctx *ctx, int argc, char **argv)
{
	struct engine_op op = {.kind = ENGINE_OP_CATEGORY};
	const struct cli_opt opts[] = {{"reason", &op.u.category.reason, NULL}, {NULL}};
	char what[256];
	int i = cli_parse(ctx, argc, argv, opts), rc;

	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 2)
		return cli_usage_error(ctx, _("give an incident id and the new category"));
	rc = cli_id_arg(ctx, argv[i], &op.id);
	if (rc)
		return rc;
	if (!op.u.category.reason || !*op.u.category.reason)
		return cli_usage_error(ctx, _("a category change needs a reason (--reason TEXT)"));
	op.u.category.category = argv[i + 1];
	snprintf(what, sizeof(what), _("category %s"), op.u.category.category);
	return cli_apply(ctx, &op, what);
}
