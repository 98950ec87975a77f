/* The incident commands' shared setup: policy, database and engine of one
 * data folder, the acting person, ids and output. See workspace.h. */
#include "cli/workspace.h"
#include "notify/notify.h"
#include "util/fs.h"

#include <pwd.h>
#include <unistd.h>

/* Who is logged in at the terminal: the operating system's account
 * ("cli:NAME"), whatever --as or $MOSHIMO_USER say the name shown is. */
static void cli_login(char *out, size_t size)
{
	struct passwd *pw = getpwuid(getuid());

	if (pw && pw->pw_name && *pw->pw_name)
		snprintf(out, size, "cli:%s", pw->pw_name);
	else
		snprintf(out, size, "cli:uid%ld", (long)getuid());
}

/* An upload in progress writes to its folder all the time; one untouched
 * for a day belongs to a server that crashed. */
#define UPLOAD_STALE_SECONDS (24 * 3600)

struct cleanup_args {
	const char *uploads;
	int64_t upload_age;
};

static int cleanup_tx(struct engine *en, void *arg, struct mo_err *e)
{
	struct cleanup_args *a = arg;
	size_t fixed;

	return engine_evidence_cleanup(en, a->uploads, a->upload_age, &fixed, e);
}

/* What a crash left: evidence copies not linked or not committed, upload
 * folders (see engine_evidence_cleanup). Under the write lock. */
static int cleanup(struct cli_ctx *ctx, struct cli_ws *ws, int64_t upload_age)
{
	char uploads[4096];
	struct cleanup_args a = {uploads, upload_age};
	struct mo_err e;

	mo_err_clear(&e);
	if (cli_data_path(ctx, "uploads", uploads, sizeof(uploads)))
		return -1;
	if (engine_tx(&ws->en, cleanup_tx, &a, &e)) {
		mo_report_err(stderr, &e);
		return -1;
	}
	return 0;
}

int cli_ws_open(struct cli_ctx *ctx, struct cli_ws *ws, unsigned flags, const char *as)
{
	struct mo_err e;

	memset(ws, 0, sizeof(*ws));
	mo_err_clear(&e);
	if (cli_data_path(ctx, "moshimo.db", ws->db, sizeof(ws->db)) ||
	    cli_data_path(ctx, "evidence", ws->evidence, sizeof(ws->evidence)))
		return EXIT_DATA;
	ws->p = cli_load_policy(ctx, CLI_POLICY_QUIET);
	if (!ws->p)
		return EXIT_DATA;
	if (flags & WS_WRITE) {
		if (fs_mkdirs(ctx->data_dir, &e))
			goto fail;
		ws->st = store_open(ws->db, STORE_CREATE, &e);
		if (!ws->st)
			goto fail;
	} else if (fs_exists(ws->db)) {
		ws->st = store_open(ws->db, 0, &e);
		if (!ws->st)
			goto fail;
	}
	if (ws->st) {
		char login[300];
		int from, to;

		/* An upgrade says so (in the journal, under systemd). */
		if (store_migrated(ws->st, &from, &to))
			fprintf(stderr,
				_("moshimo: the database %s was migrated from schema %d to %d\n"),
				ws->db, from, to);
		cli_login(login, sizeof(login));
		store_actor_login(ws->st, login);
	}
	ws->en.p = ws->p;
	ws->en.st = ws->st;
	ws->en.who = cli_who(as);
	ws->en.now = time_now();
	ws->en.evidence_dir = ws->evidence;
	if ((flags & WS_WRITE) && cleanup(ctx, ws, (flags & WS_SERVE) ? 0 : UPLOAD_STALE_SECONDS)) {
		cli_ws_close(ws);
		return EXIT_DATA;
	}
	if (flags & WS_WRITE) {
		char path[4096];

		/* A broken notify.yaml must not stop a report: it is said, and
		 * the change goes in without messages (the report says whom to
		 * call instead). */
		if (cli_data_path(ctx, "notify.yaml", path, sizeof(path)) == 0 &&
		    notify_conf_load(path, &ws->notify, &e) < 0) {
			mo_report_err(stderr, &e);
			fprintf(stderr, "moshimo: %s\n",
				_("notify.yaml has errors: no message is sent (moshimo check)"));
			mo_err_clear(&e);
			ws->notify = NULL;
		}
		ws->en.notify = ws->notify;
	}
	return EXIT_OK;
fail:
	cli_ws_close(ws);
	return cli_fail(&e);
}

void cli_ws_close(struct cli_ws *ws)
{
	store_close(ws->st);
	policy_free(ws->p);
	notify_conf_free(ws->notify);
	memset(ws, 0, sizeof(*ws));
}

const char *cli_who(const char *as)
{
	const char *env;

	if (as && *as)
		return as;
	env = getenv("MOSHIMO_USER");
	if (env && *env)
		return env;
	env = getenv("USER");
	if (env && *env)
		return env;
	return "cli";
}

int cli_id_arg(struct cli_ctx *ctx, const char *arg, int64_t *id)
{
	if (engine_parse_ref(arg, id))
		return cli_usage_error(ctx,
				       _("\"%s\" is not an incident id (such as 12 or INC-0012)"),
				       arg);
	return EXIT_OK;
}

void cli_no_incident(int64_t id)
{
	char ref[32];

	engine_ref(id, ref, sizeof(ref));
	mo_die_msg(_("no incident %s"), ref);
}

int cli_ws_load(struct cli_ctx *ctx, const char *arg, struct cli_ws *ws, struct inc_full *f)
{
	struct mo_err e;
	int64_t id;
	int rc = cli_id_arg(ctx, arg, &id);

	if (rc)
		return rc;
	rc = cli_ws_open(ctx, ws, 0, NULL);
	if (rc)
		return rc;
	rc = ws->st ? engine_load(ws->st, id, f, &e) : 1;
	if (rc) {
		if (rc > 0)
			cli_no_incident(id);
		rc = rc > 0 ? EXIT_DATA : cli_fail(&e);
		cli_ws_close(ws);
	}
	return rc;
}

int cli_write_out(const struct buf *b)
{
	if (b->failed) {
		mo_die_msg(_("out of memory"));
		return EXIT_DATA;
	}
	if (fwrite(buf_str(b), 1, b->len, stdout) != b->len || fflush(stdout)) {
		mo_die_msg(_("cannot write to standard output"));
		return EXIT_DATA;
	}
	return EXIT_OK;
}

int cli_print_json(json_t *j)
{
	struct buf b;
	struct mo_err e;
	int rc;

	buf_init(&b, BUF_MAX_DEFAULT);
	if (engine_json_text(j, &b, &e)) {
		rc = cli_fail(&e);
	} else {
		rc = cli_write_out(&b);
	}
	json_decref(j);
	buf_release(&b);
	return rc;
}

int cli_change_incident(struct cli_ctx *ctx, const char *as, bool json, int64_t id,
			int (*fn)(struct engine *en, void *arg, struct mo_err *e), void *arg,
			const char *what)
{
	struct cli_ws ws;
	struct mo_err e;
	char msg[512], ref[32];
	int rc = cli_ws_open(ctx, &ws, WS_WRITE, as);

	if (rc)
		return rc;
	if (engine_tx(&ws.en, fn, arg, &e)) {
		rc = cli_fail(&e);
	} else {
		engine_ref(id, ref, sizeof(ref));
		snprintf(msg, sizeof(msg), "%s: %s", ref, what);
		rc = cli_done(&ws, id, json, msg);
	}
	cli_ws_close(&ws);
	return rc;
}

int cli_done(struct cli_ws *ws, int64_t id, bool json, const char *msg)
{
	struct inc_full f;
	struct mo_err e;
	int rc;

	if (!json) {
		printf("%s\n", msg);
		return fflush(stdout) ? EXIT_DATA : EXIT_OK;
	}
	rc = engine_load(ws->st, id, &f, &e);
	if (rc) {
		if (rc < 0)
			return cli_fail(&e);
	}
	rc = cli_print_json(engine_incident_json(ws->p, &f, ws->en.now));
	inc_full_release(&f);
	return rc;
}

int cli_fail(const struct mo_err *e)
{
	mo_report_err(stderr, e);
	return mo_code_exit(e->code);
}
