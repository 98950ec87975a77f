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
	{"done", STEP_DONE},
	{"doing", STEP_DOING},
	{"start", STEP_DOING},
	{"skip", STEP_SKIPPED},
	{"skipped", STEP_SKIPPED},
	{"reopen", STEP_TODO},
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
	struct cli_ws ws;
	struct mo_err e;
	long n;
	char msg[256], ref[32];
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
	rc = cli_ws_open(ctx, &ws, WS_WRITE, as);
	if (rc)
		return rc;
	if (engine_tx(&ws.en, run, &a, &e)) {
		mo_report_err(stderr, &e);
		rc = EXIT_DATA;
	} else {
		engine_ref(a.id, ref, sizeof(ref));
		snprintf(msg, sizeof(msg), _("%s: step %d is %s"), ref, a.n, step_state_key(a.state));
		rc = cli_done(&ws, a.id, json, msg);
	}
	cli_ws_close(&ws);
	return rc;
}
