/* moshimo token: API tokens for the JSON API (create, list, revoke). A
 * token is shown once, when it is created; the database keeps its hash. */
#include "auth/auth.h"
#include "cli/workspace.h"
#include "store/auth.h"
#include "util/strnum.h"
#include "util/timefmt.h"

#include <getopt.h>
#include <sodium.h>

struct args {
	const char *role;
	const char *label;
	char token[64];
	int64_t id;
	bool missing;
};

static int create_run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;
	struct store_token t;
	char hash[STORE_HASH_HEX];

	memset(&t, 0, sizeof(t));
	auth_token_new(a->token, sizeof(a->token));
	auth_token_hash(a->token, hash);
	snprintf(t.role, sizeof(t.role), "%s", a->role);
	snprintf(t.label, sizeof(t.label), "%s", a->label ? a->label : "");
	snprintf(t.created_by, sizeof(t.created_by), "%s", en->who);
	t.created_at = en->now;
	if (store_token_add(en->st, hash, &t, e))
		return -1;
	a->id = t.id;
	return 0;
}

static int revoke_run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;
	int rc = store_token_revoke(en->st, a->id, en->now, e);

	if (rc < 0)
		return -1;
	a->missing = rc > 0;
	return 0;
}

static int list_tokens(struct cli_ws *ws)
{
	struct store_token *v = NULL;
	struct mo_err e;
	size_t n = 0;

	mo_err_clear(&e);
	if (ws->st && store_token_list(ws->st, &v, &n, &e)) {
		return cli_fail(&e);
	}
	for (size_t i = 0; i < n; i++) {
		char when[MO_TIME_MAX];

		time_format_utc(v[i].created_at, when, sizeof(when));
		printf("%-4lld %-10s %s  %s%s\n", (long long)v[i].id, v[i].role, when,
		       v[i].label[0] ? v[i].label : "-", v[i].revoked_at ? _("  (revoked)") : "");
	}
	if (!n)
		printf("%s\n", _("no tokens yet"));
	free(v);
	return EXIT_OK;
}

int cmd_token(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"role", required_argument, NULL, 'r'},
		{"label", required_argument, NULL, 'L'},
		{NULL, 0, NULL, 0},
	};
	struct args a;
	const char *verb;
	struct cli_ws ws;
	struct mo_err e;
	long id;
	int c, rc;

	memset(&a, 0, sizeof(a));
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			a.role = optarg;
		else if (c == 'L')
			a.label = optarg;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (optind >= argc)
		return cli_usage_error(ctx, _("say what to do: create, list or revoke"));
	verb = argv[optind++];
	if (strcmp(verb, "list") == 0) {
		if (optind != argc)
			return cli_usage_error(ctx, _("too many arguments"));
		rc = cli_ws_open(ctx, &ws, 0, NULL);
		if (rc)
			return rc;
		rc = list_tokens(&ws);
		cli_ws_close(&ws);
		return rc;
	}
	if (strcmp(verb, "create") == 0) {
		if (optind != argc)
			return cli_usage_error(ctx, _("too many arguments"));
		if (!a.role)
			return cli_usage_error(
				ctx, _("give the role: --role reporter|responder|manager|admin"));
		if (!auth_role_valid(a.role))
			return cli_usage_error(
				ctx, _("unknown role \"%s\" (reporter, responder, manager, admin)"),
				a.role);
		if (a.label && strlen(a.label) >= STORE_DISPLAY_MAX)
			return cli_usage_error(ctx, _("the label is too long"));
	} else if (strcmp(verb, "revoke") == 0) {
		if (argc - optind != 1 || str_to_long(argv[optind], 1, INT32_MAX, &id))
			return cli_usage_error(
				ctx, _("give the number of the token (moshimo token list)"));
		a.id = id;
	} else {
		return cli_usage_error(ctx, _("unknown action \"%s\" (create, list, revoke)"),
				       verb);
	}
	rc = cli_ws_open(ctx, &ws, WS_WRITE, NULL);
	if (rc)
		return rc;
	mo_err_clear(&e);
	if (engine_tx(&ws.en, strcmp(verb, "create") == 0 ? create_run : revoke_run, &a, &e)) {
		rc = cli_fail(&e);
	} else if (a.missing) {
		mo_die_msg(_("no valid token %lld"), (long long)a.id);
		rc = EXIT_DATA;
	} else if (strcmp(verb, "create") == 0) {
		/* The token alone on standard output, for TOKEN=$(moshimo token create …). */
		printf("%s\n", a.token);
		fprintf(stderr, _("moshimo: token %lld (%s) created; it is shown this once\n"),
			(long long)a.id, a.role);
	} else {
		printf(_("token %lld revoked\n"), (long long)a.id);
	}
	sodium_memzero(a.token, sizeof(a.token));
	cli_ws_close(&ws);
	return rc;
}
