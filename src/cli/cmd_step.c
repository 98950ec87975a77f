/* moshimo step: marks a checklist step done, doing, skipped (with a
 * reason) or back to todo. */
#include "cli/workspace.h"
#include "util/strnum.h"

#include <getopt.h>

struct args {
	int64_t id;
	int n;
	enum step_state state;
	const char *note;
};

static int run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;

	return engine_step(en, a->id, a->n, a->state, a->note, e);
}

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
	static const struct option opts[] = {
		{"note", required_argument, NULL, 'n'},
		{"reason", required_argument, NULL, 'n'},
		{"as", required_argument, NULL, 'A'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct args a = {0};
	const char *as = NULL;
	bool json = false, found = false;
	long n;
	char what[256];
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n')
			a.note = optarg;
		else if (c == 'A')
			as = optarg;
		else if (c == 'j')
			json = true;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind != 3)
		return cli_usage_error(ctx, _("give an incident id, a step number and done, doing, "
					      "skip or reopen"));
	rc = cli_id_arg(ctx, argv[optind], &a.id);
	if (rc)
		return rc;
	if (str_to_long(argv[optind + 1], 1, 100000, &n))
		return cli_usage_error(ctx, _("\"%s\" is not a step number"), argv[optind + 1]);
	a.n = (int)n;
	for (size_t i = 0; i < MO_ARRAY_SIZE(words) && !found; i++) {
		if (strcmp(words[i].word, argv[optind + 2]) == 0) {
			a.state = words[i].state;
			found = true;
		}
	}
	if (!found)
		return cli_usage_error(ctx, _("\"%s\": say done, doing, skip or reopen"),
				       argv[optind + 2]);
	snprintf(what, sizeof(what), _("step %d is %s"), a.n,
		 engine_step_word(a.state, label_lang_ui()));
	return cli_change_incident(ctx, as, json, a.id, run, &a, what);
}
