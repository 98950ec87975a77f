/* moshimo status: moves an incident along its lifecycle (報告 → トリアージ
 * → 初動対応 → 復旧 → 監視); going back needs a reason. */
#include "cli/workspace.h"
#include "engine/op.h"

int cmd_status(struct cli_ctx *ctx, int argc, char **argv)
{
	struct engine_op op = {.kind = ENGINE_OP_STATUS};
	const struct cli_opt opts[] = {{"reason", &op.u.status.reason, NULL}, {NULL}};
	char what[256];
	int i = cli_parse(ctx, argc, argv, opts), rc;

	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 2)
		return cli_usage_error(ctx, _("give an incident id and a status (triage, initial, "
					      "recovery, monitoring)"));
	rc = cli_id_arg(ctx, argv[i], &op.id);
	if (rc)
		return rc;
	if (inc_status_parse(argv[i + 1], &op.u.status.to))
		return cli_usage_error(ctx,
				       _("unknown status \"%s\" (reported, triage, initial, "
					 "recovery, monitoring; close with moshimo close)"),
				       argv[i + 1]);
	snprintf(what, sizeof(what), _("moved to %s"),
		 engine_status_word(op.u.status.to, label_lang_ui()));
	return cli_apply(ctx, &op, what);
}
