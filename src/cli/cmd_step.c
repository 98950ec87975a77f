/* moshimo step: marks a checklist step done, doing, skipped (with a
 * reason) or back to todo. */
#include "cli/workspace.h"
#include "engine/op.h"
#include "util/strnum.h"

static const struct {
	const char *word;
	enum step_state state;
} words[] = {
	{"done", STEP_DONE},	{"doing", STEP_DOING},	   {"start", STEP_DOING},
	{"skip", STEP_SKIPPED}, {"skipped", STEP_SKIPPED}, {"reopen", STEP_TODO},
	{"todo", STEP_TODO},
};

int cmd_step(struct cli_ctx *ctx, int argc, char **argv)
{
	struct engine_op op = {.kind = ENGINE_OP_STEP};
	const struct cli_opt opts[] = {
		{"note", &op.u.step.note, NULL},
		{"reason", &op.u.step.note, NULL},
		{NULL},
	};
	bool found = false;
	long n;
	char what[256];
	int i = cli_parse(ctx, argc, argv, opts), rc;

	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 3)
		return cli_usage_error(ctx, _("give an incident id, a step number and done, doing, "
					      "skip or reopen"));
	rc = cli_id_arg(ctx, argv[i], &op.id);
	if (rc)
		return rc;
	if (str_to_long(argv[i + 1], 1, 100000, &n))
		return cli_usage_error(ctx, _("\"%s\" is not a step number"), argv[i + 1]);
	op.u.step.n = (int)n;
	for (size_t k = 0; k < MO_ARRAY_SIZE(words) && !found; k++) {
		if (strcmp(words[k].word, argv[i + 2]) == 0) {
			op.u.step.state = words[k].state;
			found = true;
		}
	}
	if (!found)
		return cli_usage_error(ctx, _("\"%s\": say done, doing, skip or reopen"),
				       argv[i + 2]);
	snprintf(what, sizeof(what), _("step %d is %s"), op.u.step.n,
		 engine_step_word(op.u.step.state, label_lang_ui()));
	return cli_apply(ctx, &op, what);
}
