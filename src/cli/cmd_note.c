/* moshimo note: adds a free note to an incident's timeline (対応経過). */
#include "cli/workspace.h"
#include "engine/op.h"

static int fill(struct cli_ctx *ctx, struct engine_op *op, char **argv, char *what, size_t size)
{
	(void)ctx, (void)what, (void)size;
	op->u.note.text = argv[1];
	return EXIT_OK;
}

static const struct cli_op_command note = {
	ENGINE_OP_NOTE,	  2,	 N_("give an incident id and the note's text"),
	N_("note added"), {{0}}, fill,
};

int cmd_note(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_op_command(ctx, argc, argv, &note);
}
