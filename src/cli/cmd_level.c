/* moshimo level: changes an incident's level, with a reason; the owner
 * follows the level table and the open steps are re-planned. */
#include "cli/workspace.h"
#include "engine/op.h"
#include "util/strnum.h"

#include <stddef.h>

static int fill(struct cli_ctx *ctx, struct engine_op *op, char **argv, char *what, size_t size)
{
	long level;

	if (!op->u.level.reason || !*op->u.level.reason)
		return cli_usage_error(ctx, _("a level change needs a reason (--reason TEXT)"));
	if (str_to_long(argv[1], 0, MO_LEVEL_MAX, &level)) {
		mo_die_msg(_("\"%s\" is not a level of the policy"), argv[1]);
		return EXIT_DATA;
	}
	op->u.level.level = (int)level;
	snprintf(what, size, _("level %d"), op->u.level.level);
	return EXIT_OK;
}

static const struct cli_op_command level = {
	ENGINE_OP_LEVEL,
	2,
	N_("give an incident id and the new level"),
	NULL,
	{{"reason", offsetof(struct engine_op, u.level.reason)}},
	fill,
};

int cmd_level(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_op_command(ctx, argc, argv, &level);
}
