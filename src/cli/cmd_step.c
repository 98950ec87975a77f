/* moshimo step: marks a checklist step done, doing, skipped (with a
 * reason) or back to todo. */
#include "cli/workspace.h"
#include "engine/op.h"
#include "util/strnum.h"

#include <stddef.h>

static const struct {
	const char *word;
	enum step_state state;
} words[] = {
	{"done", STEP_DONE},	{"doing", STEP_DOING},	   {"start", STEP_DOING},
	{"skip", STEP_SKIPPED}, {"skipped", STEP_SKIPPED}, {"reopen", STEP_TODO},
	{"todo", STEP_TODO},
};

static int fill(struct cli_ctx *ctx, struct engine_op *op, char **argv, char *what, size_t size)
{
	bool found = false;
	long n;

	if (str_to_long(argv[1], 1, 100000, &n))
		return cli_usage_error(ctx, _("\"%s\" is not a step number"), argv[1]);
	op->u.step.n = (int)n;
	for (size_t k = 0; k < MO_ARRAY_SIZE(words) && !found; k++) {
		if (strcmp(words[k].word, argv[2]) == 0) {
			op->u.step.state = words[k].state;
			found = true;
		}
	}
	if (!found)
		return cli_usage_error(ctx, _("\"%s\": say done, doing, skip or reopen"), argv[2]);
	snprintf(what, size, _("step %d is %s"), op->u.step.n,
		 engine_step_word(op->u.step.state, label_lang_ui()));
	return EXIT_OK;
}

static const struct cli_op_command step = {
	ENGINE_OP_STEP,
	3,
	N_("give an incident id, a step number and done, doing, skip or reopen"),
	NULL,
	{{"note", offsetof(struct engine_op, u.step.note)},
	 {"reason", offsetof(struct engine_op, u.step.note)}},
	fill,
};

int cmd_step(struct cli_ctx *ctx, int argc, char **argv)
{
	return cli_op_command(ctx, argc, argv, &step);
}
