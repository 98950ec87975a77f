/* moshimo level: changes an incident's level, with a reason; the owner
 * follows the level table and the open steps are re-planned. */
#include "cli/workspace.h"
#include "engine/op.h"
#include "util/strnum.h"

int cmd_level(struct cli_ctx *ctx, int argc, char **argv)
{
	struct engine_op op = {.kind = ENGINE_OP_LEVEL};
	const struct cli_opt opts[] = {{"reason", &op.u.level.reason, NULL}, {NULL}};
	long level;
	char what[256];
	int i = cli_parse(ctx, argc, argv, opts), rc;

	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 2)
		return cli_usage_error(ctx, _("give an incident id and the new level"));
	rc = cli_id_arg(ctx, argv[i], &op.id);
	if (rc)
		return rc;
	if (!op.u.level.reason || !*op.u.level.reason)
		return cli_usage_error(ctx, _("a level change needs a reason (--reason TEXT)"));
	if (str_to_long(argv[i + 1], 0, MO_LEVEL_MAX, &level)) {
		mo_die_msg(_("\"%s\" is not a level of the policy"), argv[i + 1]);
		return EXIT_DATA;
	}
	op.u.level.level = (int)level;
	snprintf(what, sizeof(what), _("level %d"), op.u.level.level);
	return cli_apply(ctx, &op, what);
}
