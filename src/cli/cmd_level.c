/* moshimo level: changes an incident's level, with a reason; the owner
 * follows the level table and the open steps are re-planned. */
#include "cli/workspace.h"
#include "util/strnum.h"

#include <getopt.h>

struct args {
	int64_t id;
	int level;
	const char *reason;
};

static int run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;

	return engine_set_level(en, a->id, a->level, a->reason, e);
}

int cmd_level(struct cli_ctx *ctx, int argc, char **argv)
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
	long level;
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
		return cli_usage_error(ctx, _("give an incident id and the new level"));
	rc = cli_id_arg(ctx, argv[optind], &a.id);
	if (rc)
		return rc;
	if (!a.reason || !*a.reason)
		return cli_usage_error(ctx, _("a level change needs a reason (--reason TEXT)"));
	if (str_to_long(argv[optind + 1], 0, MO_LEVEL_MAX, &level)) {
		mo_die_msg(_("\"%s\" is not a level of the policy"), argv[optind + 1]);
		return EXIT_DATA;
	}
	a.level = (int)level;
	snprintf(what, sizeof(what), _("level %d"), a.level);
	return cli_change_incident(ctx, as, json, a.id, run, &a, what);
}
