/* moshimo status: moves an incident along its lifecycle (報告 → トリアージ
 * → 初動対応 → 復旧 → 監視); going back needs a reason. */
#include "cli/workspace.h"
#include "engine/op.h"

#include <stddef.h>

static int fill(struct cli_ctx *ctx, struct engine_op *op, char **argv, char *what, size_t size)
{
	if (inc_status_parse(argv[1], &op->u.status.to))
		return cli_usage_error(ctx,
				       _("unknown status \"%s\" (reported, triage, initial, "
					 "recovery, monitoring; close with moshimo close)"),
				       argv[1]);
	snprintf(what, size, _("moved to %s"),
		 engine_status_word(op->u.status.to, label_lang_ui()));
	return EXIT_OK;
}

static const struct cli_op_command status = {
	ENGINE_OP_STATUS,
	2,
	N_("give an incident id and a status (triage, initial, recovery, monitoring)"),
	NULL,
	{{"reason", offsetof(struct engine_op, u.status.reason)}},
	fill,
};

int cmd_status(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_op_command(ctx, argc, argv, &status);
}
