/* moshimo close: closes an incident once its cause, recurrence prevention
 * measures and lessons learned are recorded and its checklist is done; or
 * as a false alarm or a duplicate, without them. */
#include "cli/workspace.h"

#include <getopt.h>

struct args {
	int64_t id;
	const char *cause;
	const char *measures;
	const char *lessons;
	bool false_alarm;
	const char *duplicate_of;
	int64_t dup_id;
	const char *reason;
};

static int run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;

	if (a->false_alarm)
		return engine_close_as(en, a->id, ENGINE_FALSE_ALARM, 0, a->reason, e);
	if (a->duplicate_of)
		return engine_close_as(en, a->id, ENGINE_DUPLICATE, a->dup_id, a->reason, e);
	return engine_close(en, a->id, a->cause, a->measures, a->lessons, e);
}

int cmd_close(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"cause", required_argument, NULL, 'c'},
		{"measures", required_argument, NULL, 'm'},
		{"lessons", required_argument, NULL, 'l'},
		{"false-alarm", no_argument, NULL, 'f'},
		{"duplicate-of", required_argument, NULL, 'd'},
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
		if (c == 'c')
			a.cause = optarg;
		else if (c == 'm')
			a.measures = optarg;
		else if (c == 'l')
			a.lessons = optarg;
		else if (c == 'f')
			a.false_alarm = true;
		else if (c == 'd')
			a.duplicate_of = optarg;
		else if (c == 'r')
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
	if (a.false_alarm && a.duplicate_of)
		return cli_usage_error(ctx, _("give --false-alarm or --duplicate-of, not both"));
	if ((a.false_alarm || a.duplicate_of) && (a.cause || a.measures || a.lessons))
		return cli_usage_error(
			ctx,
			_("a false alarm or a duplicate closes without --cause, --measures and --lessons"));
	if (a.reason && !a.false_alarm && !a.duplicate_of)
		return cli_usage_error(ctx,
				       _("--reason goes with --false-alarm or --duplicate-of"));
	if (a.duplicate_of) {
		rc = cli_id_arg(ctx, a.duplicate_of, &a.dup_id);
		if (rc)
			return rc;
	}
	return cli_change_incident(ctx, as, json, a.id, run, &a, _("closed"));
}
