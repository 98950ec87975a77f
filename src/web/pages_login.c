/* Logging in and out, and one's own account (password, display name).
 * Passwords are checked with argon2id on the hashing threads (pwpool.c),
 * never on an HTTP thread; attempts are counted as login_job says. */
#include "web/webInt.h"
#include "util/timefmt.h"

#include <sodium.h>

#define PASSWORD_MIN 10

/* A redirect target after login: a path of this site, nothing else. */
static const char *safe_next(const char *next)
{
	if (!web_local_path(next) || strncmp(next, "/login", 6) == 0)
		return "/";
	return next;
}

static int login_form(struct web_req *r, unsigned status, const char *error, const char *name)
{
	char csrf[100];
	struct buf b;

	auth_login_csrf(r, csrf, sizeof(csrf));
	buf_init(&b, 0);
	page_start(r, &b, "ログイン");
	HTML_RAW(&b, "<h1>ログイン</h1>\n");
	if (error)
		page_error(&b, error);
	HTML_RAW(&b,
		 "<form method=\"post\" action=\"/login\">\n<input type=\"hidden\" name=\"csrf\"");
	html_attr(&b, "value", csrf);
	HTML_RAW(&b, "><input type=\"hidden\" name=\"next\"");
	html_attr(&b, "value",
		  safe_next(web_query(r, "next") ? web_query(r, "next") : web_form(r, "next")));
	HTML_RAW(&b, ">\n<label for=\"name\">ユーザー名</label>"
		     "<input type=\"text\" id=\"name\" name=\"name\" autocomplete=\"username\" "
		     "autocapitalize=\"off\" required");
	html_attr(&b, "value", name ? name : "");
	HTML_RAW(
		&b,
		">\n<label for=\"password\">パスワード</label>"
		"<input type=\"password\" id=\"password\" name=\"password\" "
		"autocomplete=\"current-password\" required>\n"
		"<p class=\"submit\"><button type=\"submit\">ログイン</button></p>\n</form>\n"
		"<p class=\"muted\">アカウントがなくても、配布された「報告リンク」から報告できます。</p>\n");
	page_end(r, &b);
	return web_reply_page(r, status, &b);
}

int page_login(struct web_req *r)
{
	if (r->who.kind == WHO_USER)
		return web_redirect(r, safe_next(web_query(r, "next")));
	return login_form(r, 200, NULL, NULL);
}

/* An argon2id string to verify against when the user does not exist, so
 * the time taken does not tell which names exist. */
static char dummy_hash[STORE_PWHASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
	if (auth_password_hash("moshimo-no-such-user", dummy_hash))
		dummy_hash[0] = '\0';
}

/* A login goes through four steps: the writer counts the attempt (one
 * statement, so concurrent attempts each see their own count) and finds
 * the user; a hashing thread checks the password, after a wait that grows
 * with the attempts; the writer opens the session; the reply. Attempts
 * are counted per user id (a name nobody has yet counts apart, so it
 * cannot lock out whoever gets it later) or, from a browser whose device
 * cookie says it logged in as that user before, per device: an attack on
 * the name does not lock its owner out. Past WEB_LOGIN_MAX_FAILURES in
 * WEB_LOGIN_WINDOW the password is not checked at all. Failures from one
 * address (an office behind NAT) only slow down. */
struct login_job {
	char name[STORE_NAME_MAX];
	char password[1025];
	char next[512];
	char addr_key[80];
	bool device; /* a valid device cookie came */
	int64_t device_user;
	char device_id[40];
	/* the attempt, counted by the writer */
	bool found, disabled, by_device;
	int64_t user_id;
	char pwhash[STORE_PWHASH_MAX];
	char key[STORE_NAME_MAX + 40];
	int64_t count, addr_count;
	/* the check */
	bool over, ok;
	char session_hash[STORE_HASH_HEX];
	char cookie[256];
	char device_cookie[300];
};

static void login_free(void *arg)
{
	if (arg)
		sodium_memzero(arg, sizeof(struct login_job));
	free(arg);
}

static int login_count(struct engine *en, void *arg, struct mo_err *e)
{
	struct login_job *j = arg;
	struct store_user u;
	int rc = store_user_by_name(en->st, j->name, &u, e);

	if (rc < 0)
		return -1;
	j->found = rc == 0;
	if (j->found) {
		j->user_id = u.id;
		j->disabled = u.disabled;
		snprintf(j->pwhash, sizeof(j->pwhash), "%s", u.pwhash);
		sodium_memzero(&u, sizeof(u));
		j->by_device = j->device && j->device_user == j->user_id;
		if (j->by_device)
			snprintf(j->key, sizeof(j->key), "device:%s", j->device_id);
		else
			snprintf(j->key, sizeof(j->key), "user:%lld", (long long)j->user_id);
	} else {
		snprintf(j->key, sizeof(j->key), "name:%s", j->name);
	}
	if (store_login_attempt(en->st, j->key, en->now, WEB_LOGIN_WINDOW, &j->count, e))
		return -1;
	j->addr_count = 0;
	if (!j->by_device &&
	    store_login_attempt(en->st, j->addr_key, en->now, WEB_LOGIN_WINDOW, &j->addr_count, e))
		return -1;
	return 0;
}

/* How long the answer to this attempt waits: nothing for the first few,
 * then doubling per attempt of the name and growing with the address's. */
static int64_t login_delay(const struct login_job *j)
{
	int64_t d = 0, a = 0;

	if (j->count > 3)
		d = j->count - 4 >= 4 ? 4000 : (int64_t)250 << (j->count - 4);
	if (j->addr_count > WEB_LOGIN_MAX_ADDR_FAILURES)
		a = 100 * (j->addr_count - WEB_LOGIN_MAX_ADDR_FAILURES);
	if (a > d)
		d = a;
	return d > 4000 ? 4000 : d;
}

static int login_check(void *arg)
{
	struct login_job *j = arg;

	if (!j->over) {
		pthread_once(&dummy_once, dummy_make);
		j->ok = auth_password_verify(j->found ? j->pwhash : dummy_hash, j->password) &&
			j->found && !j->disabled;
	}
	sodium_memzero(j->password, sizeof(j->password));
	sodium_memzero(j->pwhash, sizeof(j->pwhash));
	return 0;
}

static int login_open(struct engine *en, void *arg, struct mo_err *e)
{
	struct login_job *j = arg;

	if (store_login_failures_clear(en->st, j->key, e) ||
	    store_login_failures_purge(en->st, en->now, WEB_LOGIN_WINDOW, e) ||
	    store_sessions_purge(en->st, en->now, e))
		return -1;
	return store_session_add(en->st, j->session_hash, j->user_id, en->now,
				 en->now + WEB_SESSION_SECONDS, e);
}

static int login_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct login_job *j = r->arg;

	if (rc)
		return web_reply_fail(r, e);
	web_add_header(r, MHD_HTTP_HEADER_SET_COOKIE, j->cookie);
	web_add_header(r, MHD_HTTP_HEADER_SET_COOKIE, j->device_cookie);
	return web_redirect(r, j->next);
}

static int login_checked(struct web_req *r, int rc, const struct mo_err *e)
{
	struct login_job *j = r->arg;

	(void)e;
	if (rc)
		return web_reply_error(r, 500, "internal", "password check failed");
	if (j->over)
		return web_reply_error(
			r, 429, "too_many_requests",
			"ログインの失敗が続いたため、15分ほど待ってからやり直してください。"
			"このブラウザーで以前ログインしていれば、正しいパスワードで入れます。");
	if (!j->ok)
		return login_form(r, 401, "ユーザー名またはパスワードが違います。", j->name);
	auth_session_new(r->srv, j->cookie, sizeof(j->cookie), j->session_hash);
	auth_device_new(r->srv, j->user_id, j->device_cookie, sizeof(j->device_cookie));
	if (web_submit(r, login_open, j, login_free, login_done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}

static int login_counted(struct web_req *r, int rc, const struct mo_err *e)
{
	struct login_job *j = r->arg;

	if (rc)
		return web_reply_fail(r, e);
	j->over = j->count > WEB_LOGIN_MAX_FAILURES;
	if (web_pw_submit(r, login_check, j, login_free, login_delay(j), login_checked)) {
		web_add_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "5");
		return web_reply_error(
			r, 503, "busy",
			"ログインが混み合っています。少し待ってからやり直してください。");
	}
	return 0;
}

int page_login_post(struct web_req *r)
{
	const char *name = web_form(r, "name"), *password = web_form(r, "password");
	struct login_job *j;
	char addr[64];

	if (!name || !password || !*name || !*password || strlen(name) >= STORE_NAME_MAX ||
	    strlen(password) > 1024)
		return login_form(r, 422, "ユーザー名とパスワードを入力してください。", name);
	j = calloc(1, sizeof(*j));
	if (!j)
		return web_reply_error(r, 500, "internal", _("out of memory"));
	web_client_addr(r, addr, sizeof(addr));
	snprintf(j->addr_key, sizeof(j->addr_key), "addr:%s", addr);
	snprintf(j->name, sizeof(j->name), "%s", name);
	snprintf(j->password, sizeof(j->password), "%s", password);
	snprintf(j->next, sizeof(j->next), "%s", safe_next(web_form(r, "next")));
	j->device = auth_device_check(r, &j->device_user, j->device_id, sizeof(j->device_id));
	/* On failure too, j is the request's now (freed with it). */
	if (web_submit(r, login_count, j, login_free, login_counted))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}

struct logout_job {
	char session_hash[STORE_HASH_HEX];
};

static int logout_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct logout_job *j = arg;

	return store_session_delete(en->st, j->session_hash, e);
}

static int logout_done(struct web_req *r, int rc, const struct mo_err *e)
{
	char cookie[200];

	if (rc)
		return web_reply_fail(r, e);
	auth_session_clear(r->srv, cookie, sizeof(cookie));
	web_add_header(r, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	return web_redirect(r, "/login");
}

int page_logout(struct web_req *r)
{
	struct logout_job *j = calloc(1, sizeof(*j));

	if (!j)
		return web_reply_error(r, 500, "internal", _("out of memory"));
	snprintf(j->session_hash, sizeof(j->session_hash), "%s", r->who.session);
	if (web_submit(r, logout_write, j, free, logout_done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}

/* The account page's password work, on a hashing thread (web_pw_run). */
struct pw_verify {
	const char *hash, *password;
	bool ok;
};

static int pw_verify_run(void *arg)
{
	struct pw_verify *v = arg;

	v->ok = auth_password_verify(v->hash, v->password);
	return 0;
}

struct pw_hash {
	const char *password;
	char *out; /* STORE_PWHASH_MAX */
};

static int pw_hash_run(void *arg)
{
	struct pw_hash *h = arg;

	return auth_password_hash(h->password, h->out);
}

static int account_form(struct web_req *r, unsigned status, const char *error)
{
	struct buf b;

	buf_init(&b, 0);
	page_start(r, &b, "アカウント");
	HTML_RAW(&b, "<h1>アカウント</h1>\n");
	page_flash(r, &b);
	if (r->who.user.must_change)
		page_error(&b, "最初に、自分だけが知っているパスワードに変更してください。");
	if (error)
		page_error(&b, error);
	HTML_RAW(&b, "<dl class=\"record\"><dt>ユーザー名</dt><dd>");
	html_text(&b, r->who.user.name);
	HTML_RAW(&b, "</dd><dt>役割</dt><dd>");
	html_text(&b, auth_role_label(r->who.role));
	HTML_RAW(&b, "</dd></dl>\n<form method=\"post\" action=\"/account\">");
	page_csrf(r, &b);
	HTML_RAW(
		&b,
		"\n<label for=\"display\">表示名（マニュアルの担当者名と同じにすると「自分の手順」が表示されます）"
		"</label><input type=\"text\" id=\"display\" name=\"display\" maxlength=\"100\"");
	html_attr(&b, "value", r->who.user.display);
	HTML_RAW(
		&b,
		">\n<label for=\"current\">いまのパスワード</label>"
		"<input type=\"password\" id=\"current\" name=\"current\" "
		"autocomplete=\"current-password\" required>\n"
		"<label for=\"new\">新しいパスワード（10文字以上。変えないときは空欄）</label>"
		"<input type=\"password\" id=\"new\" name=\"new\" autocomplete=\"new-password\">\n"
		"<label for=\"again\">新しいパスワード（確認）</label>"
		"<input type=\"password\" id=\"again\" name=\"again\" autocomplete=\"new-password\">\n"
		"<p class=\"submit\"><button type=\"submit\">保存</button></p>\n</form>\n");
	page_end(r, &b);
	return web_reply_page(r, status, &b);
}

int page_account(struct web_req *r)
{
	return account_form(r, 200, NULL);
}

struct account_job {
	struct store_user u;
	bool new_password;
	char session_hash[STORE_HASH_HEX];
	char cookie[256];
};

static int account_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct account_job *j = arg;
	struct store_user cur;
	int rc = store_user_get(en->st, j->u.id, &cur, e);

	if (rc)
		return rc < 0 ? -1 : mo_err_set(e, NULL, 0, 0, "no such user");
	snprintf(cur.display, sizeof(cur.display), "%s", j->u.display);
	if (j->new_password) {
		snprintf(cur.pwhash, sizeof(cur.pwhash), "%s", j->u.pwhash);
		cur.must_change = false;
		/* A new password ends every session of the user, this one
		 * included; the user gets a fresh one. */
		if (store_sessions_delete_user(en->st, cur.id, e) ||
		    store_session_add(en->st, j->session_hash, cur.id, en->now,
				      en->now + WEB_SESSION_SECONDS, e))
			return -1;
	}
	rc = store_user_update(en->st, &cur, e);
	sodium_memzero(&cur, sizeof(cur));
	return rc ? -1 : 0;
}

static void account_free(void *arg)
{
	if (arg)
		sodium_memzero(arg, sizeof(struct account_job));
	free(arg);
}

static int account_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct account_job *j = r->arg;

	if (rc && mo_code_internal(e->code))
		return web_reply_err(r, e);
	if (rc)
		return account_form(r, 422, e->msg);
	if (j->new_password)
		web_add_header(r, MHD_HTTP_HEADER_SET_COOKIE, j->cookie);
	return web_redirect(r, j->new_password ? "/account?msg=password" : "/account?msg=saved");
}

int page_account_post(struct web_req *r)
{
	const char *display = web_form(r, "display"), *current = web_form(r, "current");
	const char *npw = web_form(r, "new"), *again = web_form(r, "again");
	struct account_job *j;
	bool ok;

	if (!current || !*current)
		return account_form(r, 422, "いまのパスワードを入力してください。");
	if (display && (strlen(display) >= STORE_DISPLAY_MAX || !web_text_ok(display, false)))
		return account_form(r, 422, "表示名が長すぎるか、使えない文字を含んでいます。");
	if (npw && *npw) {
		if (strlen(npw) < PASSWORD_MIN || strlen(npw) > 1024)
			return account_form(r, 422, "新しいパスワードは10文字以上にしてください。");
		if (!again || strcmp(npw, again) != 0)
			return account_form(r, 422, "確認のパスワードが一致しません。");
	} else if (r->who.user.must_change) {
		return account_form(r, 422, "新しいパスワードを入力してください。");
	}
	{
		struct pw_verify v = {r->who.user.pwhash, current, false};

		if (web_pw_run(r->srv, pw_verify_run, &v) == -2) {
			web_add_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "5");
			return web_reply_error(
				r, 503, "busy",
				"混み合っています。少し待ってからやり直してください。");
		}
		ok = v.ok;
	}
	if (!ok)
		return account_form(r, 422, "いまのパスワードが違います。");
	j = calloc(1, sizeof(*j));
	if (!j)
		return web_reply_error(r, 500, "internal", _("out of memory"));
	j->u.id = r->who.user.id;
	if (display) {
		/* One line, without the invisible characters that reorder it. */
		char *clean = engine_text_clean(display, false);

		if (!clean) {
			free(j);
			return web_reply_error(r, 500, "internal", _("out of memory"));
		}
		snprintf(j->u.display, sizeof(j->u.display), "%s", clean);
		free(clean);
	} else {
		snprintf(j->u.display, sizeof(j->u.display), "%s", r->who.user.display);
	}
	if (npw && *npw) {
		struct pw_hash h = {npw, j->u.pwhash};

		int hrc = web_pw_run(r->srv, pw_hash_run, &h);

		if (hrc) {
			account_free(j);
			if (hrc == -2) {
				web_add_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "5");
				return web_reply_error(
					r, 503, "busy",
					"混み合っています。少し待ってからやり直してください。");
			}
			return web_reply_error(r, 500, "internal", _("out of memory"));
		}
		j->new_password = true;
		auth_session_new(r->srv, j->cookie, sizeof(j->cookie), j->session_hash);
	}
	if (web_submit(r, account_write, j, account_free, account_done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}
