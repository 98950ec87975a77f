/* moshimo status: moves an incident along its lifecycle (報告 → トリアージ
 * → 初動対応 → 復旧 → 監視); going back needs a reason. */
#include "cli/workspace.h"

#include <getopt.h>

struct args {
	int64_t id;
	enum inc_status to;
	const char *reason;
};

static int run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;

	return engine_set_status(en, a->id, a->to, a->reason, e);
}

int cmd_status(struct cli_ctx *ctx, int argc, char **argv)
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
		return cli_usage_error(ctx, _("give an incident id and a status (triage, initial, "
					      "recovery, monitoring)"));
	rc = cli_id_arg(ctx, argv[optind], &a.id);
	if (rc)
		return rc;
	if (inc_status_parse(argv[optind + 1], &a.to))
		return cli_usage_error(ctx,
				       _("unknown status \"%s\" (reported, triage, initial, "
					 "recovery, monitoring; close with moshimo close)"),
				       argv[optind + 1]);
	snprintf(what, sizeof(what), _("moved to %s"), engine_status_word(a.to, label_lang_ui()));
	return cli_change_incident(ctx, as, json, a.id, run, &a, what);
}
