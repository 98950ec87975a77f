/* What the commands share beyond --data and --help: the options a row of
 * the command table asks for with its flags (--as, --json), taken once
 * before the command runs, as git's run_builtin() applies RUN_SETUP; a
 * command's own options from a table; one engine operation submitted in one
 * transaction. */
#include "cli/workspace.h"
#include "engine/op.h"
#include "util/buf.h"

#include <getopt.h>
#include <stddef.h>

static void set_as(struct cli_ctx *ctx, const char *value)
{
	ctx->as = value;
}

static void set_json(struct cli_ctx *ctx, const char *value)
{
	(void)value;
	ctx->json = true;
}

/* The shared options: a new one is a row here and a flag in cli.h, its
 * help line here only (cli_usage_text puts it in each command's help). */
static const struct {
	unsigned flag;
	const char *name;
	bool takes_value;
	void (*set)(struct cli_ctx *ctx, const char *value);
	const char *help; /* N_(): its line in a command's help */
} shared[] = {
	{CMD_AS_PERSON, "as", true, set_as,
	 N_("  --as NAME     who is acting (default $MOSHIMO_USER, else $USER)\n")},
	{CMD_JSON, "json", false, set_json,
	 N_("  --json        print the incident as JSON afterwards\n")},
};

/* True when text has a line of its own for option --name. */
static bool explains(const char *text, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = strstr(text, "\n  --"); p; p = strstr(p + 1, "\n  --"))
		if (strncmp(p + 5, name, len) == 0 && (p[5 + len] == ' ' || p[5 + len] == '\n'))
			return true;
	return false;
}

int cli_usage_text(const struct cli_command *c, bool translated, struct buf *out)
{
	const char *text = translated ? _(c->usage) : c->usage;
	const char *data = strstr(text, "\n  --data ");
	size_t head = data ? (size_t)(data - text) + 1 : strlen(text);
	int rc = buf_add(out, text, head);

	for (size_t i = 0; i < MO_ARRAY_SIZE(shared); i++)
		if ((c->flags & shared[i].flag) && !explains(text, shared[i].name))
			rc |= buf_adds(out, translated ? _(shared[i].help) : shared[i].help);
	rc |= buf_adds(out, text + head);
	return rc || out->failed ? -1 : 0;
}

void cli_print_usage(const struct cli_command *c)
{
	struct buf b;

	buf_init(&b, 0);
	if (cli_usage_text(c, true, &b) == 0)
		fputs(buf_str(&b), stdout);
	else
		fputs(_(c->usage), stdout); /* out of memory: what it says itself */
	buf_release(&b);
}

/* The row of the shared option arg names (--NAME or --NAME=VALUE), or -1;
 * *attached points at VALUE when it is attached. */
static int shared_find(unsigned flags, const char *arg, const char **attached)
{
	*attached = NULL;
	if (strncmp(arg, "--", 2) != 0)
		return -1;
	arg += 2;
	for (size_t i = 0; i < MO_ARRAY_SIZE(shared); i++) {
		size_t len = strlen(shared[i].name);

		if (!(flags & shared[i].flag) || strncmp(arg, shared[i].name, len) != 0)
			continue;
		if (arg[len] == '\0')
			return (int)i;
		if (arg[len] == '=') {
			*attached = arg + len + 1;
			return (int)i;
		}
	}
	return -1;
}

int cli_take_shared_options(struct cli_ctx *ctx, int *argc, char **argv)
{
	unsigned flags = ctx->cmd ? ctx->cmd->flags : 0;
	int out = 1;

	for (int i = 1; i < *argc; i++) {
		const char *value;
		int k;

		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		k = shared_find(flags, argv[i], &value);
		if (k < 0) {
			argv[out++] = argv[i];
			continue;
		}
		if (shared[k].takes_value && !value) {
			if (i + 1 >= *argc)
				return cli_usage_error(ctx,
						       _("unknown option or missing value: %s"),
						       argv[i]);
			value = argv[++i];
		} else if (!shared[k].takes_value && value) {
			return cli_usage_error(ctx, _("unknown option or missing value: %s"),
					       argv[i]);
		}
		shared[k].set(ctx, value);
	}
	argv[out] = NULL;
	*argc = out;
	return 0;
}

#define CLI_OPTS_MAX 16

int cli_parse(struct cli_ctx *ctx, int argc, char **argv, const struct cli_opt *opts)
{
	struct option lo[CLI_OPTS_MAX + 1];
	size_t n = 0;
	int c;

	for (; opts[n].name; n++) {
		if (n == CLI_OPTS_MAX)
			return cli_usage_error(ctx, _("too many options"));
		lo[n].name = opts[n].name;
		lo[n].has_arg = opts[n].value ? required_argument : no_argument;
		lo[n].flag = NULL;
		lo[n].val = (int)n + 1;
	}
	memset(&lo[n], 0, sizeof(lo[n]));
	optind = 0; /* a fresh scan: getopt keeps state between calls */
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c < 1 || (size_t)c > n) {
			cli_bad_option(ctx, argc, argv);
			return -1;
		}
		if (opts[c - 1].value)
			*opts[c - 1].value = optarg;
		else
			*opts[c - 1].on = true;
	}
	return optind;
}

int cli_apply_ops(struct cli_ctx *ctx, struct engine_ops *ops, int64_t id, const char *what)
{
	struct cli_ws ws;
	struct mo_err e;
	char msg[512], ref[32];
	int rc = cli_ws_open(ctx, &ws, WS_WRITE, ctx->as);

	if (rc)
		goto out;
	mo_err_clear(&e);
	if (engine_ops_tx(&ws.en, ops, &e)) {
		rc = cli_fail(&e);
	} else {
		engine_ref(id, ref, sizeof(ref));
		snprintf(msg, sizeof(msg), "%s: %s", ref, what);
		rc = cli_done(&ws, id, ctx->json, msg);
	}
	cli_ws_close(&ws);
out:
	engine_ops_release(ops);
	return rc;
}

int cli_apply(struct cli_ctx *ctx, const struct engine_op *op, const char *what)
{
	struct engine_ops ops;

	engine_ops_init(&ops);
	ops.v[ops.n++] = *op;
	return cli_apply_ops(ctx, &ops, op->id, what);
}

int cli_op_command(struct cli_ctx *ctx, int argc, char **argv, const struct cli_op_command *c)
{
	struct engine_op op = {.kind = c->kind};
	struct cli_opt opts[CLI_OP_OPTS + 1] = {{NULL}};
	char what[256];
	int i, rc;

	for (size_t k = 0; k < CLI_OP_OPTS && c->opts[k].name; k++) {
		opts[k].name = c->opts[k].name;
		opts[k].value = (const char **)(void *)((char *)&op + c->opts[k].offset);
	}
	i = cli_parse(ctx, argc, argv, opts);
	if (i < 0)
		return EXIT_USAGE;
	if (argc - i != c->operands)
		return cli_usage_error(ctx, "%s", _(c->give));
	rc = cli_id_arg(ctx, argv[i], &op.id);
	if (rc)
		return rc;
	snprintf(what, sizeof(what), "%s", c->what ? _(c->what) : "");
	rc = c->fill ? c->fill(ctx, &op, argv + i, what, sizeof(what)) : EXIT_OK;
	if (rc)
		return rc;
	return cli_apply(ctx, &op, what);
}
