/* moshimo set: records an item of the incident record or a fact
 * (cause, affected_systems, persons, malicious, …). */
#include "cli/workspace.h"
#include "engine/op.h"

int cmd_set(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct cli_opt opts[] = {{NULL}};
	struct engine_op op = {.kind = ENGINE_OP_FIELD};
	char what[256];
	int i = cli_parse(ctx, argc, argv, opts), rc;

	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != 3)
		return cli_usage_error(ctx, _("give an incident id, a field and its value"));
	rc = cli_id_arg(ctx, argv[i], &op.id);
	if (rc)
		return rc;
	op.u.field.key = argv[i + 1];
	op.u.field.value = argv[i + 2];
	snprintf(what, sizeof(what), _("%s recorded"), op.u.field.key);
	return cli_apply(ctx, &op, what);
}
