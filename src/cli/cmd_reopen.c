/* moshimo reopen: reopens a closed incident, with a reason. */
#include "cli/workspace.h"
#include "engine/op.h"

int cmd_reopen(struct cli_ctx *ctx, int argc, char **argv)
{
	struct engine_op op = {.kind = ENGINE_OP_REOPEN};
	const struct cli_opt opts[] = {{"reason", &op.u.reopen.reason, NULL}, {NULL}};
	int i = cli_parse(ctx, argc, argv, opts), rc;

	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 1)
		return cli_usage_error(ctx, _("give one incident id"));
	rc = cli_id_arg(ctx, argv[i], &op.id);
	if (rc)
		return rc;
	if (!op.u.reopen.reason || !*op.u.reopen.reason)
		return cli_usage_error(ctx, _("reopening needs a reason (--reason TEXT)"));
	op.u.reopen.to = INC_CLOSED; /* the status it was closed from */
	return cli_apply(ctx, &op, _("reopened"));
}
