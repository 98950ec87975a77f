/* moshimo category: moves an incident to another category, with a reason;
 * the level rises to the category's minimum and the open steps are
 * re-planned. */
#include "cli/workspace.h"

#include <getopt.h>

struct args {
	int64_t id;
	const char *category;
	const char *reason;
};

static int run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;

	return engine_set_category(en, a->id, a->category, a->reason, e);
}

int cmd_category(struct cli_ctx *ctx, int argc, char **argv)
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
	char what[256];
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
	if (argc - optind != 2)
		return cli_usage_error(ctx, _("give an incident id and the new category"));
	rc = cli_id_arg(ctx, argv[optind], &a.id);
	if (rc)
		return rc;
	if (!a.reason || !*a.reason)
		return cli_usage_error(ctx, _("a category change needs a reason (--reason TEXT)"));
	a.category = argv[optind + 1];
	snprintf(what, sizeof(what), _("category %s"), a.category);
	return cli_change_incident(ctx, as, json, a.id, run, &a, what);
}
