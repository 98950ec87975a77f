/* The table of subcommands and the dispatcher: `--help` and `--data` are
 * handled here once, so no command can forget them (after git's git.c). */
#include "cli/cli.h"
#include "util/err.h"
#include "util/fs.h"

#include <getopt.h>

#ifndef MOSHIMO_VERSION
#define MOSHIMO_VERSION "0.0.0"
#endif

const struct cli_command cli_commands[] = {
	{"init", cmd_init, 0, N_("Write the built-in manual (the IPA template) to DIR/policy.yaml"),
	 N_("usage: moshimo init [DIR] [--force] [--data DIR]\n"
	    "\n"
	    "Writes the built-in response manual to DIR/policy.yaml (DIR defaults to the\n"
	    "data folder). An existing policy is never overwritten without --force.\n"
	    "\n"
	    "  --force       overwrite an existing policy.yaml\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"check", cmd_check, 0, N_("Validate a policy file and list its findings"),
	 N_("usage: moshimo check [FILE] [--data DIR]\n"
	    "\n"
	    "Loads and validates FILE (default DIR/policy.yaml) and prints each finding as\n"
	    "file:line:col: error|warning: message. Exits 1 when there is an error.\n"
	    "\n"
	    "  --quiet       print errors only, no warnings\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"manual", cmd_manual, 0, N_("Print the emergency response manual (md, html) or the emergency card"),
	 N_("usage: moshimo manual [--format md|html] [--card] [-o FILE] [--data DIR]\n"
	    "\n"
	    "Renders the manual from DIR/policy.yaml (the built-in manual when there is\n"
	    "none) to standard output or FILE.\n"
	    "\n"
	    "  --format F    md or html (default: from FILE's extension, else md)\n"
	    "  --card        only the emergency contact card\n"
	    "  -o FILE       write to FILE (replaced atomically, mode 0600)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"help", cmd_help, 0, N_("List the commands, or show one command's help"),
	 N_("usage: moshimo help [COMMAND]\n")},
	{"version", cmd_version, 0, N_("Print the version"), N_("usage: moshimo version\n")},
};

const size_t cli_commands_count = MO_ARRAY_SIZE(cli_commands);

static const struct cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < cli_commands_count; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

static void print_overview(FILE *out)
{
	fprintf(out, "%s\n\n", _("usage: moshimo COMMAND [OPTIONS]   (moshimo COMMAND --help for more)"));
	fprintf(out, "%s\n", _("Commands:"));
	for (size_t i = 0; i < cli_commands_count; i++)
		fprintf(out, "  %-10s %s\n", cli_commands[i].name, _(cli_commands[i].summary));
	fprintf(out, "\n%s\n", _("Every command takes --data DIR (default $MOSHIMO_DATA, else ./moshimo-data) and --help."));
}

int cmd_help(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *c;

	if (argc > 2)
		return cli_usage_error(ctx, _("too many arguments"));
	if (argc < 2) {
		print_overview(stdout);
		return EXIT_OK;
	}
	c = find_command(argv[1]);
	if (!c) {
		mo_die_msg(_("unknown command \"%s\" (see moshimo help)"), argv[1]);
		return EXIT_USAGE;
	}
	fputs(_(c->usage), stdout);
	return EXIT_OK;
}

int cmd_version(struct cli_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage_error(ctx, _("too many arguments"));
	printf("moshimo %s\n", MOSHIMO_VERSION);
	return EXIT_OK;
}

int cli_usage_error(const struct cli_ctx *ctx, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mo_die_msg("%s", msg);
	fprintf(stderr, _("(see moshimo %s --help)\n"), ctx->cmd ? ctx->cmd->name : "help");
	return EXIT_USAGE;
}

int cli_bad_option(const struct cli_ctx *ctx, int argc, char **argv)
{
	const char *opt = optind > 0 && optind <= argc ? argv[optind - 1] : "?";

	if (optopt && optopt != '?' && optopt < 128 && !(opt[0] == '-' && opt[1] == '-'))
		return cli_usage_error(ctx, _("unknown option or missing value: -%c"), optopt);
	return cli_usage_error(ctx, _("unknown option or missing value: %s"), opt);
}

int cli_data_path(const struct cli_ctx *ctx, const char *name, char *out, size_t size)
{
	if (fs_join(out, size, ctx->data_dir, name)) {
		mo_die_msg(_("the data folder path is too long"));
		return -1;
	}
	return 0;
}

/* Takes --data DIR / --data=DIR out of argv (in place) and notes --help.
 * Stops at "--" so a file named --help can still be passed. */
static int take_common_options(struct cli_ctx *ctx, int *argc, char **argv, bool *help)
{
	int out = 1;

	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			*help = true;
		} else if (strcmp(a, "--data") == 0) {
			if (i + 1 >= *argc)
				return cli_usage_error(ctx, _("--data needs a folder"));
			ctx->data_dir = argv[++i];
		} else if (strncmp(a, "--data=", 7) == 0) {
			ctx->data_dir = a + 7;
		} else {
			argv[out++] = argv[i];
		}
	}
	argv[out] = NULL;
	*argc = out;
	if (!*ctx->data_dir)
		return cli_usage_error(ctx, _("--data needs a folder"));
	return 0;
}

int cli_main(int argc, char **argv)
{
	struct cli_ctx ctx = {NULL, NULL};
	const char *env = getenv("MOSHIMO_DATA");
	bool help = false;

	ctx.data_dir = env && *env ? env : "./moshimo-data";
	opterr = 0; /* options errors are reported by cli_bad_option, translated */
	if (argc < 2) {
		print_overview(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
		return cmd_version(&ctx, 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_overview(stdout);
		return EXIT_OK;
	}
	ctx.cmd = find_command(argv[1]);
	if (!ctx.cmd) {
		mo_die_msg(_("unknown command \"%s\" (see moshimo help)"), argv[1]);
		return EXIT_USAGE;
	}
	argc--;
	argv++;
	if (take_common_options(&ctx, &argc, argv, &help))
		return EXIT_USAGE;
	if (help) {
		fputs(_(ctx.cmd->usage), stdout);
		return EXIT_OK;
	}
	return ctx.cmd->fn(&ctx, argc, argv);
}
