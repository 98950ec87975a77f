/* The command line: one table of subcommands (commands.c), each in a file
 * of its own. Exit codes: 0 ok, 1 the input or the data is wrong, 2 usage,
 * 3 the machine failed (disk full, database busy, out of memory). */
#ifndef MO_CLI_H
#define MO_CLI_H

#include "util/common.h"

enum {
	EXIT_OK = 0,
	EXIT_DATA = 1,
	EXIT_USAGE = 2,
	EXIT_MACHINE = 3,
};

struct mo_err;
/* Prints e and returns its exit code (util/err.h's table: 1 or 3). */
int cli_fail(const struct mo_err *e);

struct cli_ctx;

/* What a command takes besides --data and --help, taken out of argv once
 * before it runs (cli.c): a flag in its row of the command table. */
enum cli_command_flags {
	CMD_AS_PERSON = 1 << 0, /* --as NAME: who is acting (ctx->as) */
	CMD_JSON = 1 << 1,	/* --json: print JSON (ctx->json) */
};

struct cli_command {
	const char *name;
	int (*fn)(struct cli_ctx *ctx, int argc, char **argv);
	unsigned flags;
	const char *summary; /* N_(): one line for `moshimo help` */
	const char *usage;   /* N_(): the synopsis and options */
};

struct cli_ctx {
	const struct cli_command *cmd;
	const char *data_dir; /* --data, else $MOSHIMO_DATA, else ./moshimo-data */
	const char *as;	      /* CMD_AS_PERSON: --as, or NULL */
	bool json;	      /* CMD_JSON: --json */
};

/* Takes the options the command's flags ask for out of argv (in place,
 * stopping at "--"). 0, or EXIT_USAGE after saying what is wrong. */
int cli_take_shared_options(struct cli_ctx *ctx, int *argc, char **argv);

struct buf;
/* Command c's whole help into out: its usage text with the help lines of
 * the shared options its flags take (cli.c's table, written once) before
 * its --data line; a command that explains a shared option itself (a line
 * "  --NAME ") keeps its own line. Translated, or as written (the man
 * page). 0, or -1 out of memory. */
int cli_usage_text(const struct cli_command *c, bool translated, struct buf *out) MO_WUR;
/* cli_usage_text, translated, to stdout. */
void cli_print_usage(const struct cli_command *c);

/* A command's own options, one row each, ending with {NULL}: a text
 * (value: where it goes) or a switch (on: set true). */
struct cli_opt {
	const char *name;
	const char **value;
	bool *on;
};
/* Parses argv's options by opts (getopt_long, permuting): the index of the
 * first operand, or -1 after a usage error was printed (exit EXIT_USAGE). */
int cli_parse(struct cli_ctx *ctx, int argc, char **argv, const struct cli_opt *opts);

int cli_main(int argc, char **argv);

/* Prints `moshimo CMD: error: message` and the usage hint; returns EXIT_USAGE. */
int cli_usage_error(const struct cli_ctx *ctx, const char *fmt, ...) MO_PRINTF(2, 3);
/* For getopt_long's '?': names the option that was not understood. */
int cli_bad_option(const struct cli_ctx *ctx, int argc, char **argv);
/* DIR/name into out; exits the command with an error when it does not fit. */
int cli_data_path(const struct cli_ctx *ctx, const char *name, char *out, size_t size) MO_WUR;

/* The data folder's policy (DIR/policy.yaml), else the built-in one; NULL
 * (errors printed) when it has errors. */
enum cli_policy_flags {
	CLI_POLICY_QUIET = 1 << 0,	  /* no notice when using the built-in */
	CLI_POLICY_PLACEHOLDERS = 1 << 1, /* warn about 〇〇 placeholders */
};
struct policy;
struct policy *cli_load_policy(struct cli_ctx *ctx, unsigned flags);

/* One engine operation (engine/op.h) as the command's change: opens the
 * data folder for writing as ctx->as, applies it in one transaction, then
 * prints the incident as JSON (ctx->json) or "INC-0001: " and what (already
 * translated). Returns the exit code. cli_apply_ops does the same for a
 * batch about incident id, and releases ops. */
struct engine_op;
struct engine_ops;
int cli_apply(struct cli_ctx *ctx, const struct engine_op *op, const char *what);
int cli_apply_ops(struct cli_ctx *ctx, struct engine_ops *ops, int64_t id, const char *what);

/* A command that changes one incident by one operation, as a table row:
 * `moshimo NAME ID OPERAND…` with its own text options written into the
 * operation (offsetof(struct engine_op, u.level.reason)). cli_op_command
 * parses the options, checks the operand count (else the usage error
 * give) and the id, lets fill (may be NULL) set the rest from the operands
 * (argv[0] is the id) and what the line after the change says (what's
 * translation is there already; fill returns an exit code after printing
 * why), then applies it (cli_apply). */
#define CLI_OP_OPTS 4
struct cli_op_command {
	int kind; /* enum engine_op_kind */
	int operands;
	const char *give; /* N_() */
	const char *what; /* N_() */
	struct {
		const char *name;
		size_t offset;
	} opts[CLI_OP_OPTS];
	int (*fill)(struct cli_ctx *ctx, struct engine_op *op, char **argv, char *what,
		    size_t size);
};
int cli_op_command(struct cli_ctx *ctx, int argc, char **argv, const struct cli_op_command *c);

/* The table, for tests and help. */
extern const struct cli_command cli_commands[];
extern const size_t cli_commands_count;

/* The commands. */
int cmd_init(struct cli_ctx *ctx, int argc, char **argv);
int cmd_check(struct cli_ctx *ctx, int argc, char **argv);
int cmd_manual(struct cli_ctx *ctx, int argc, char **argv);
int cmd_help(struct cli_ctx *ctx, int argc, char **argv);
/* Incidents (issue 4): one file each, cmd_<name>.c. */
int cmd_report(struct cli_ctx *ctx, int argc, char **argv);
int cmd_list(struct cli_ctx *ctx, int argc, char **argv);
int cmd_show(struct cli_ctx *ctx, int argc, char **argv);
int cmd_step(struct cli_ctx *ctx, int argc, char **argv);
int cmd_note(struct cli_ctx *ctx, int argc, char **argv);
int cmd_ack(struct cli_ctx *ctx, int argc, char **argv);
int cmd_level(struct cli_ctx *ctx, int argc, char **argv);
int cmd_status(struct cli_ctx *ctx, int argc, char **argv);
int cmd_set(struct cli_ctx *ctx, int argc, char **argv);
int cmd_decide(struct cli_ctx *ctx, int argc, char **argv);
int cmd_close(struct cli_ctx *ctx, int argc, char **argv);
int cmd_category(struct cli_ctx *ctx, int argc, char **argv);
int cmd_reopen(struct cli_ctx *ctx, int argc, char **argv);
int cmd_evidence(struct cli_ctx *ctx, int argc, char **argv);
int cmd_filing(struct cli_ctx *ctx, int argc, char **argv);
int cmd_drill(struct cli_ctx *ctx, int argc, char **argv); /* drills (issue 16) */
int cmd_bcp(struct cli_ctx *ctx, int argc, char **argv);
int cmd_search(struct cli_ctx *ctx, int argc, char **argv);
int cmd_similar(struct cli_ctx *ctx, int argc, char **argv);
int cmd_export(struct cli_ctx *ctx, int argc, char **argv);
int cmd_audit(struct cli_ctx *ctx, int argc, char **argv);
int cmd_restore(struct cli_ctx *ctx, int argc, char **argv);
int cmd_backup(struct cli_ctx *ctx, int argc, char **argv);
/* The web app (issue 6): one file each, cmd_<name>.c. */
int cmd_serve(struct cli_ctx *ctx, int argc, char **argv);
int cmd_user(struct cli_ctx *ctx, int argc, char **argv);
int cmd_token(struct cli_ctx *ctx, int argc, char **argv);
int cmd_notify(struct cli_ctx *ctx, int argc, char **argv);
int cmd_version(struct cli_ctx *ctx, int argc, char **argv);
/* moshimo(1) in roff, from cli_commands (manpage.c). */
void cli_print_man(FILE *out);
/* moshimo notify send (cmd_notify_send.c), a sub-command of cmd_notify. */
int cli_notify_send(struct cli_ctx *ctx, int argc, char **argv);
/* Notifications (issue 9). */
int cmd_contacts(struct cli_ctx *ctx, int argc, char **argv);
int cmd_revision(struct cli_ctx *ctx, int argc, char **argv);
int cmd_review(struct cli_ctx *ctx, int argc, char **argv);
int cmd_checks(struct cli_ctx *ctx, int argc, char **argv);
/* Guided setup (issue 15). */
int cmd_setup(struct cli_ctx *ctx, int argc, char **argv);

#endif
