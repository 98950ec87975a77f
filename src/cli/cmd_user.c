/* moshimo user: the web app's accounts (add, list, passwd, role, disable,
 * enable). Passwords are kept as argon2id hashes; a new password is made
 * up and printed once unless one is given on standard input. */
#include "auth/auth.h"
#include "cli/workspace.h"
#include "store/auth.h"
#include "util/timefmt.h"

#include <getopt.h>
#include <sodium.h>

struct args {
	const char *name;
	const char *role;    /* add, role */
	const char *display; /* add */
	char password[256];
	bool must_change;
	int disable;  /* -1 keep, 0 enable, 1 disable */
	bool exists;  /* add: the name was taken */
	bool missing; /* the user does not exist */
};

static bool name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= STORE_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-' || *s == '@'))
			return false;
	return true;
}

/* One line from standard input, without its newline. */
static int read_password(char *out, size_t size)
{
	size_t n;

	if (!fgets(out, (int)size, stdin))
		return -1;
	n = strcspn(out, "\r\n");
	out[n] = '\0';
	return n >= 10 ? 0 : -1;
}

static int add_run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;
	struct store_user u;
	int rc;

	memset(&u, 0, sizeof(u));
	snprintf(u.name, sizeof(u.name), "%s", a->name);
	snprintf(u.display, sizeof(u.display), "%s", a->display ? a->display : "");
	snprintf(u.role, sizeof(u.role), "%s", a->role);
	u.must_change = a->must_change;
	u.created_at = en->now;
	if (auth_password_hash(a->password, u.pwhash))
		return mo_err_oom(e, NULL);
	rc = store_user_add(en->st, &u, e);
	sodium_memzero(&u, sizeof(u));
	if (rc < 0)
		return -1;
	a->exists = rc > 0;
	return 0;
}

/* passwd, role, disable, enable: change the user and end their sessions. */
static int change_run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *a = arg;
	struct store_user u;
	int rc = store_user_by_name(en->st, a->name, &u, e);

	if (rc < 0)
		return -1;
	if (rc > 0) {
		a->missing = true;
		return 0;
	}
	if (a->password[0]) {
		if (auth_password_hash(a->password, u.pwhash))
			return mo_err_oom(e, NULL);
		u.must_change = a->must_change;
	}
	if (a->role)
		snprintf(u.role, sizeof(u.role), "%s", a->role);
	if (a->disable >= 0)
		u.disabled = a->disable == 1;
	rc = store_user_update(en->st, &u, e);
	if (rc == 0)
		rc = store_sessions_delete_user(en->st, u.id, e);
	sodium_memzero(&u, sizeof(u));
	return rc < 0 ? -1 : 0;
}

static int list_users(struct cli_ws *ws)
{
	struct store_user *v = NULL;
	struct mo_err e;
	size_t n = 0;

	mo_err_clear(&e);
	if (!ws->st) {
		printf("%s\n", _("no users yet"));
		return EXIT_OK;
	}
	if (store_user_list(ws->st, &v, &n, &e)) {
		return cli_fail(&e);
	}
	for (size_t i = 0; i < n; i++) {
		char when[MO_TIME_MAX];

		time_format_utc(v[i].created_at, when, sizeof(when));
		printf("%-20s %-10s %s%s%s\n", v[i].name, v[i].role, when,
		       v[i].disabled ? _("  (disabled)") : "",
		       v[i].must_change ? _("  (must change the password)") : "");
	}
	if (!n)
		printf("%s\n", _("no users yet"));
	sodium_memzero(v, n * sizeof(*v));
	free(v);
	return EXIT_OK;
}

int cmd_user(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"role", required_argument, NULL, 'r'},
		{"display", required_argument, NULL, 'd'},
		{"password-stdin", no_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	struct args a;
	const char *verb;
	bool from_stdin = false, generated = false;
	struct cli_ws ws;
	struct mo_err e;
	int c, rc;

	memset(&a, 0, sizeof(a));
	a.disable = -1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			a.role = optarg;
		else if (c == 'd')
			a.display = optarg;
		else if (c == 'p')
			from_stdin = true;
		else
			return cli_bad_option(ctx, argc, argv);
	}
	if (optind >= argc)
		return cli_usage_error(
			ctx, _("say what to do: add, list, passwd, role, disable or enable"));
	verb = argv[optind++];
	if (strcmp(verb, "list") == 0) {
		if (optind != argc)
			return cli_usage_error(ctx, _("too many arguments"));
		rc = cli_ws_open(ctx, &ws, 0, NULL);
		if (rc)
			return rc;
		rc = list_users(&ws);
		cli_ws_close(&ws);
		return rc;
	}
	if (strcmp(verb, "role") == 0 && argc - optind == 2)
		a.role = argv[optind + 1];
	else if (argc - optind != 1)
		return cli_usage_error(ctx, _("give one user name"));
	a.name = argv[optind];
	if (!name_ok(a.name))
		return cli_usage_error(ctx,
				       _("a user name is letters, digits and . _ - @ (up to 63)"));
	if (strcmp(verb, "add") == 0 && !a.role)
		return cli_usage_error(ctx,
				       _("give the role: --role reporter|responder|manager|admin"));
	if (a.role && !auth_role_valid(a.role))
		return cli_usage_error(
			ctx, _("unknown role \"%s\" (reporter, responder, manager, admin)"),
			a.role);
	if (strcmp(verb, "disable") == 0)
		a.disable = 1;
	else if (strcmp(verb, "enable") == 0)
		a.disable = 0;
	else if (strcmp(verb, "add") != 0 && strcmp(verb, "passwd") != 0 &&
		 strcmp(verb, "role") != 0)
		return cli_usage_error(ctx,
				       _("unknown action \"%s\" (add, list, passwd, role, disable, "
					 "enable)"),
				       verb);
	if (strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0) {
		if (from_stdin) {
			if (read_password(a.password, sizeof(a.password))) {
				mo_die_msg(_(
					"the password on standard input must have 10 characters or more"));
				return EXIT_DATA;
			}
		} else {
			auth_password_new(a.password, sizeof(a.password));
			generated = true;
			a.must_change = true;
		}
	}
	rc = cli_ws_open(ctx, &ws, WS_WRITE, NULL);
	if (rc)
		return rc;
	mo_err_clear(&e);
	if (engine_tx(&ws.en, strcmp(verb, "add") == 0 ? add_run : change_run, &a, &e)) {
		rc = cli_fail(&e);
	} else if (a.exists) {
		mo_die_msg(_("the user \"%s\" exists already"), a.name);
		rc = EXIT_DATA;
	} else if (a.missing) {
		mo_die_msg(_("no user \"%s\""), a.name);
		rc = EXIT_DATA;
	} else {
		if (generated)
			printf(_("user %s: password %s (shown this once; it must be changed at the first "
				 "login)\n"),
			       a.name, a.password);
		else
			printf(_("user %s: saved\n"), a.name);
	}
	sodium_memzero(a.password, sizeof(a.password));
	cli_ws_close(&ws);
	return rc;
}
