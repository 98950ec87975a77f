/* The command line: one table of subcommands (commands.c), each in a file
 * of its own. Exit codes: 0 ok, 1 the input or the data is wrong, 2 usage. */
#ifndef MO_CLI_H
#define MO_CLI_H

#include "util/common.h"

enum {
	EXIT_OK = 0,
	EXIT_DATA = 1,
	EXIT_USAGE = 2,
};

struct cli_ctx;

struct cli_command {
	const char *name;
	int (*fn)(struct cli_ctx *ctx, int argc, char **argv);
	unsigned flags;
	const char *summary;    /* N_(): one line for `moshimo help` */
	const char *usage;      /* N_(): the synopsis and options */
};

struct cli_ctx {
	const struct cli_command *cmd;
	const char *data_dir;   /* --data, else $MOSHIMO_DATA, else ./moshimo-data */
};

int cli_main(int argc, char **argv);

/* Prints `moshimo CMD: error: message` and the usage hint; returns EXIT_USAGE. */
int cli_usage_error(const struct cli_ctx *ctx, const char *fmt, ...) MO_PRINTF(2, 3);
/* For getopt_long's '?': names the option that was not understood. */
int cli_bad_option(const struct cli_ctx *ctx, int argc, char **argv);
/* DIR/name into out; exits the command with an error when it does not fit. */
int cli_data_path(const struct cli_ctx *ctx, const char *name, char *out, size_t size) MO_WUR;

/* The table, for tests and help. */
extern const struct cli_command cli_commands[];
extern const size_t cli_commands_count;

/* The commands. */
int cmd_init(struct cli_ctx *ctx, int argc, char **argv);
int cmd_check(struct cli_ctx *ctx, int argc, char **argv);
int cmd_manual(struct cli_ctx *ctx, int argc, char **argv);
int cmd_help(struct cli_ctx *ctx, int argc, char **argv);
int cmd_version(struct cli_ctx *ctx, int argc, char **argv);

#endif
