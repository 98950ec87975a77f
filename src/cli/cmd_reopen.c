/* moshimo reopen: reopens a closed incident, with a reason. */
#include "cli/workspace.h"

#include <getopt.h>

struct args {
	int64_t id;
	const char *reason;
};

static int run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;

	return engine_reopen(en, a->id, a->reason, e);
}

int cmd_reopen(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"reason", required_argument, NULL, 'r'},
		{"as", required_argument, NULL, 'A'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct args a = {0};
	const char *as = NULL;
	bool json = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			a.reason = optarg;
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
	if (!a.reason || !*a.reason)
		return cli_usage_error(ctx, _("reopening needs a reason (--reason TEXT)"));
	return cli_change_incident(ctx, as, json, a.id, run, &a, _("reopened"));
}
