/* moshimo close: closes an incident once its cause, recurrence prevention
 * measures and lessons learned are recorded and its checklist is done. */
#include "cli/workspace.h"

#include <getopt.h>

struct args {
	int64_t id;
	const char *cause;
	const char *measures;
	const char *lessons;
};

static int run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;

	return engine_close(en, a->id, a->cause, a->measures, a->lessons, e);
}

int cmd_close(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"cause", required_argument, NULL, 'c'},
		{"measures", required_argument, NULL, 'm'},
		{"lessons", required_argument, NULL, 'l'},
		{"as", required_argument, NULL, 'A'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct args a = {0};
	const char *as = NULL;
	bool json = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'c')
			a.cause = optarg;
		else if (c == 'm')
			a.measures = optarg;
		else if (c == 'l')
			a.lessons = optarg;
		else if (c == 'A')
			as = optarg;
		else if (c == 'j')
			json = true;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind != 1)
		return cli_usage_error(ctx, _("give one incident id"));
	rc = cli_id_arg(ctx, argv[optind], &a.id);
	if (rc)
		return rc;
	return cli_change_incident(ctx, as, json, a.id, run, &a, _("closed"));
}
