/* moshimo note: adds a free note to an incident's timeline (対応経過). */
#include "cli/workspace.h"

#include <getopt.h>

struct args {
	int64_t id;
	const char *text;
};

static int run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;

	return engine_note(en, a->id, a->text, e);
}

int cmd_note(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"as", required_argument, NULL, 'A'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct args a = {0};
	const char *as = NULL;
	bool json = false;
	struct cli_ws ws;
	struct mo_err e;
	char msg[256], ref[32];
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'A')
			as = optarg;
		else if (c == 'j')
			json = true;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind != 2)
		return cli_usage_error(ctx, _("give an incident id and the note's text"));
	rc = cli_id_arg(ctx, argv[optind], &a.id);
	if (rc)
		return rc;
	a.text = argv[optind + 1];
	rc = cli_ws_open(ctx, &ws, WS_WRITE, as);
	if (rc)
		return rc;
	if (engine_tx(&ws.en, run, &a, &e)) {
		mo_report_err(stderr, &e);
		rc = EXIT_DATA;
	} else {
		engine_ref(a.id, ref, sizeof(ref));
		snprintf(msg, sizeof(msg), _("%s: note added"), ref);
		rc = cli_done(&ws, a.id, json, msg);
	}
	cli_ws_close(&ws);
	return rc;
}
