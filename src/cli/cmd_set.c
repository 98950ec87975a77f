/* moshimo set: records an item of the incident record or a fact
 * (cause, affected_systems, persons, malicious, …). */
#include "cli/workspace.h"

#include <getopt.h>

struct args {
	int64_t id;
	const char *key;
	const char *value;
};

static int run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;

	return engine_set_field(en, a->id, a->key, a->value, e);
}

int cmd_set(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
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
		if (c == 'A')
			as = optarg;
		else if (c == 'j')
			json = true;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind != 3)
		return cli_usage_error(ctx, _("give an incident id, a field and its value"));
	rc = cli_id_arg(ctx, argv[optind], &a.id);
	if (rc)
		return rc;
	a.key = argv[optind + 1];
	a.value = argv[optind + 2];
	snprintf(what, sizeof(what), _("%s recorded"), a.key);
	return cli_change_incident(ctx, as, json, a.id, run, &a, what);
}
