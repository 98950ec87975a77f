/* moshimo note: adds a free note to an incident's timeline (対応経過). */
#include "cli/workspace.h"
#include "engine/op.h"

int cmd_note(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct cli_opt opts[] = {{NULL}};
	struct engine_op op = {.kind = ENGINE_OP_NOTE};
	int i = cli_parse(ctx, argc, argv, opts), rc;

	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 2)
		return cli_usage_error(ctx, _("give an incident id and the note's text"));
	rc = cli_id_arg(ctx, argv[i], &op.id);
	if (rc)
		return rc;
	op.u.note.text = argv[i + 1];
	return cli_apply(ctx, &op, _("note added"));
}
