/* What the incident commands share: the policy, the incident database and
 * the engine for one data folder, who is acting, incident ids, output. */
#ifndef MO_CLI_WORKSPACE_H
#define MO_CLI_WORKSPACE_H

#include "cli/cli.h"
#include "engine/engine.h"

struct cli_ws {
	struct policy *p;
	struct store *st; /* NULL for a reader when there is no database yet */
	struct engine en;
	struct notify_conf *notify; /* DATA/notify.yaml; NULL when absent or broken */
	char db[4096];
	char evidence[4096];
};

enum cli_ws_flags {
	WS_WRITE = 1 << 0, /* creates the folder and the database if missing;
			      cleans up after a crash (engine_evidence_cleanup) */
	WS_SERVE = 1 << 1, /* with WS_WRITE: no server runs, every upload folder goes */
};

/* Opens the policy and the database of the data folder; prints any error.
 * Returns EXIT_OK or EXIT_DATA. as: --as, may be NULL. */
int cli_ws_open(struct cli_ctx *ctx, struct cli_ws *ws, unsigned flags, const char *as);
void cli_ws_close(struct cli_ws *ws);

/* Who is acting: --as, else $MOSHIMO_USER, else $USER, else "cli". */
const char *cli_who(const char *as);

/* Prints "no incident INC-…" (for readers when the id is unknown). */
void cli_no_incident(int64_t id);

/* Parses an incident id argument (12, INC-0012); a usage error otherwise. */
int cli_id_arg(struct cli_ctx *ctx, const char *arg, int64_t *id);

/* For the commands that read one incident: parses arg as its id, opens the
 * data folder read-only and loads the incident whole into f. Returns
 * EXIT_OK (close ws and release f when done), or the exit code after
 * printing why (a bad id, no data folder, no such incident). */
int cli_ws_load(struct cli_ctx *ctx, const char *arg, struct cli_ws *ws, struct inc_full *f);

/* Writes b to standard output; EXIT_OK or EXIT_DATA. */
int cli_write_out(const struct buf *b);
/* Prints j as indented JSON and drops it; EXIT_OK or EXIT_DATA. */
int cli_print_json(json_t *j);
/* After a change: the incident as JSON (json) or the line msg. */
int cli_done(struct cli_ws *ws, int64_t id, bool json, const char *msg);

/* The end of every command that changes one incident: opens the data
 * folder for writing, runs fn(arg) as one transaction, then prints the
 * incident as JSON (json) or "INC-0001: " and what (already translated). */
int cli_change_incident(struct cli_ctx *ctx, const char *as, bool json, int64_t id,
			int (*fn)(struct engine *en, void *arg, struct mo_err *e), void *arg,
			const char *what);

/* Prints incident summaries as a table, or as a JSON array (cmd_list.c;
 * search and similar use it too). */
int cli_print_summaries(const struct policy *p, const struct inc_summary_list *l, bool json,
			int64_t now);

#endif
