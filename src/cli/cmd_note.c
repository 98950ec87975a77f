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
	return cli_change_incident(ctx, as, json, a.id, run, &a, _("note added"));
}
