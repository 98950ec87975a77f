/* moshimo ack: acknowledges an incident (「対応します」) from the command line:
 * the timeline records who and how, the escalation stops and the rest of the
 * chain hears who is on it — the same path as the ack link and the page.
 * --as names a person of the policy by id or by name (engine/op.c). */
#include "cli/workspace.h"
#include "engine/op.h"

int cmd_ack(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct cli_opt opts[] = {{NULL}};
	struct engine_op op = {.kind = ENGINE_OP_ACK};
	int i = cli_parse(ctx, argc, argv, opts), rc;

	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 1)
		return cli_usage_error(ctx, _("give an incident id"));
	rc = cli_id_arg(ctx, argv[i], &op.id);
	if (rc)
		return rc;
	op.u.ack.channel = "cli";
	return cli_apply(ctx, &op, _("acknowledged: the escalation stopped, the others are told"));
}
