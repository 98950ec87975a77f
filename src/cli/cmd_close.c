/* moshimo close: closes an incident once its cause, recurrence prevention
 * measures and lessons learned are recorded and its checklist is done; or
 * as a false alarm or a duplicate, without them. */
#include "cli/workspace.h"
#include "engine/op.h"

int cmd_close(struct cli_ctx *ctx, int argc, char **argv)
{
	struct engine_op op = {.kind = ENGINE_OP_CLOSE};
	const char *duplicate_of = NULL, *reason = NULL;
	bool false_alarm = false;
	const struct cli_opt opts[] = {
		{"cause", &op.u.close.cause, NULL},
		{"measures", &op.u.close.measures, NULL},
		{"lessons", &op.u.close.lessons, NULL},
		{"false-alarm", NULL, &false_alarm},
		{"duplicate-of", &duplicate_of, NULL},
		{"reason", &reason, NULL},
		{NULL},
	};
	int i = cli_parse(ctx, argc, argv, opts), rc;
	int64_t id, dup_id = 0;

	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 1)
		return cli_usage_error(ctx, _("give one incident id"));
	rc = cli_id_arg(ctx, argv[i], &id);
	if (rc)
		return rc;
	if (false_alarm && duplicate_of)
		return cli_usage_error(ctx, _("give --false-alarm or --duplicate-of, not both"));
	if ((false_alarm || duplicate_of) &&
	    (op.u.close.cause || op.u.close.measures || op.u.close.lessons))
		return cli_usage_error(
			ctx,
			_("a false alarm or a duplicate closes without --cause, --measures and --lessons"));
	if (reason && !false_alarm && !duplicate_of)
		return cli_usage_error(ctx,
				       _("--reason goes with --false-alarm or --duplicate-of"));
	if (duplicate_of) {
		rc = cli_id_arg(ctx, duplicate_of, &dup_id);
		if (rc)
			return rc;
	}
	if (false_alarm || duplicate_of) {
		op.kind = ENGINE_OP_DISMISS;
		op.u.dismiss.how = duplicate_of ? ENGINE_DUPLICATE : ENGINE_FALSE_ALARM;
		op.u.dismiss.dup_of = dup_id;
		op.u.dismiss.reason = reason;
	}
	op.id = id;
	return cli_apply(ctx, &op, _("closed"));
}
