/* moshimo ack: acknowledges an incident (「対応します」) from the command line:
 * the timeline records who and how, the escalation stops and the rest of the
 * chain hears who is on it — the same path as the ack link and the page. */
#include "cli/workspace.h"
#include "engine/escalation.h"

#include <getopt.h>

struct args {
	int64_t id;
};

static int run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;
	const struct mo_person *pe = NULL;

	/* --as names a person of the policy by id or by name; else it is
	 * recorded as it is. */
	for (size_t i = 0; i < en->p->n_people && !pe; i++)
		if (strcmp(en->p->people[i].id, en->who) == 0 ||
		    strcmp(en->p->people[i].name, en->who) == 0)
			pe = &en->p->people[i];
	return engine_ack_by(en, a->id, pe ? pe->id : NULL, pe ? pe->name : en->who, "cli", e);
}

int cmd_ack(struct cli_ctx *ctx, int argc, char **argv)
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
	if (argc - optind != 1)
		return cli_usage_error(ctx, _("give an incident id"));
	rc = cli_id_arg(ctx, argv[optind], &a.id);
	if (rc)
		return rc;
	return cli_change_incident(ctx, as, json, a.id, run, &a,
				   _("acknowledged: the escalation stopped, the others are told"));
}
