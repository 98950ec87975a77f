/* moshimo audit verify: checks the key, walks the audit chain (HMAC-SHA256
 * with DATA/audit.key), checks its head against DATA/audit.anchor and the
 * data against the chain; names what is wrong. */
#include "cli/workspace.h"

#include <getopt.h>

/* What went wrong, for --json (by enum store_audit_problem). */
static const char *const kinds[] = {
	[AUDIT_FINE] = "ok",
	[AUDIT_BAD_ROW] = "row",
	[AUDIT_BAD_DATA] = "data",
	[AUDIT_TRUNCATED] = "truncated",
	[AUDIT_NO_ANCHOR] = "no-anchor",
	[AUDIT_NO_KEY] = "no-key",
	[AUDIT_WRONG_KEY] = "wrong-key",
};

static int reanchor(struct engine *en, void *arg, struct mo_err *e)
{
	struct store_audit_report *r = arg;
	int rc = store_audit_reanchor(en->st, r, e);

	if (rc == 1)
		return mo_err_set(e, NULL, 0, 0,
				  _("the audit chain cannot be trusted, no anchor made: %s"),
				  r->what);
	return rc;
}

/* moshimo audit anchor: a new anchor after the old one was lost, once the
 * chain and the data check out; the act is an audit row of its own. */
static int cmd_anchor(struct cli_ctx *ctx)
{
	struct store_audit_report r;
	struct cli_ws ws;
	struct mo_err e;
	int rc = cli_ws_open(ctx, &ws, WS_WRITE, NULL);

	if (rc)
		return rc;
	if (engine_tx(&ws.en, reanchor, &r, &e)) {
		rc = cli_fail(&e);
	} else {
		printf(_("audit anchor made again: %lld rows verified (earlier backups and digests "
			 "show whether rows were lost before)\n"),
		       (long long)r.rows);
		rc = fflush(stdout) ? EXIT_DATA : EXIT_OK;
	}
	cli_ws_close(&ws);
	return rc;
}

int cmd_audit(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct store_audit_report r;
	struct cli_ws ws;
	struct mo_err e;
	char integrity[512] = "ok";
	bool json = false;
	int c, rc, v = 0, ic = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (argc - optind == 1 && strcmp(argv[optind], "anchor") == 0 && !json)
		return cmd_anchor(ctx);
	if (argc - optind != 1 || strcmp(argv[optind], "verify") != 0)
		return cli_usage_error(ctx, _("say: moshimo audit verify, or audit anchor"));
	rc = cli_ws_open(ctx, &ws, 0, NULL);
	if (rc)
		return rc;
	memset(&r, 0, sizeof(r));
	if (ws.st) {
		if (store_begin_read(ws.st, &e) ||
		    (ic = store_integrity_check(ws.st, integrity, sizeof(integrity), &e)) < 0 ||
		    (v = store_audit_verify(ws.st, &r, &e)) < 0) {
			store_rollback(ws.st);
			cli_ws_close(&ws);
			return cli_fail(&e);
		}
		store_rollback(ws.st);
	}
	if (json) {
		json_t *o = json_object();

		json_object_set_new(o, "ok", json_boolean(!v && !ic));
		json_object_set_new(o, "rows", json_integer(r.rows));
		json_object_set_new(o, "integrity", json_string(integrity));
		json_object_set_new(o, "broken_row", v ? json_integer(r.broken_seq) : json_null());
		json_object_set_new(o, "problem", v ? json_string(r.what) : json_null());
		json_object_set_new(o, "kind", v ? json_string(kinds[r.problem]) : json_null());
		rc = cli_print_json(o);
		if (!rc && (v || ic))
			rc = EXIT_DATA;
	} else if (ic) {
		mo_die_msg(_("the database failed its integrity check: %s"), integrity);
		rc = EXIT_DATA;
	} else if (v && (r.problem == AUDIT_BAD_ROW || r.problem == AUDIT_BAD_DATA)) {
		mo_die_msg(_("the audit chain is broken at row %lld: %s"), (long long)r.broken_seq,
			   r.what);
		rc = EXIT_DATA;
	} else if (v) {
		mo_die_msg(_("the audit chain cannot be trusted: %s"), r.what);
		rc = EXIT_DATA;
	} else {
		printf(_("audit chain OK: %lld rows verified, the data matches\n"),
		       (long long)r.rows);
		rc = fflush(stdout) ? EXIT_DATA : EXIT_OK;
	}
	cli_ws_close(&ws);
	return rc;
}
