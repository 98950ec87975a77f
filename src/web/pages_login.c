/* Logging in and out, and one's own account (password, display name).
 * Passwords are checked with argon2id on the HTTP thread, one at a time;
 * failures are counted per user and per address, and after
 * WEB_LOGIN_MAX_FAILURES in WEB_LOGIN_WINDOW the login waits. */
#include "web/webInt.h"
#include "util/timefmt.h"

#include <sodium.h>

#define PASSWORD_MIN 10

/* A redirect target after login: one of our paths, nothing else. */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strncmp(next, "/login", 6) == 0 || strpbrk(next, "\r\n\"<>"))
		return "/";
	return next;
}

static int login_form(struct web_req *r, unsigned status, const char *error, const char *name)
{
	char csrf[100];
	struct buf b;

	auth_csrf_anon(r->srv, "login", csrf, sizeof(csrf));
	buf_init(&b, 0);
	page_start(r, &b, "ログイン");
	HTML_RAW(&b, "<h1>ログイン</h1>\n");
	if (error)
		page_error(&b, error);
	HTML_RAW(&b, "<form method=\"post\" action=\"/login\">\n<input type=\"hidden\" name=\"csrf\"");
	html_attr(&b, "value", csrf);
	HTML_RAW(&b, "><input type=\"hidden\" name=\"next\"");
	html_attr(&b, "value", safe_next(web_query(r, "next") ? web_query(r, "next")
							      : web_form(r, "next")));
	HTML_RAW(&b, ">\n<label for=\"name\">ユーザー名</label>"
		     "<input type=\"text\" id=\"name\" name=\"name\" autocomplete=\"username\" "
		     "autocapitalize=\"off\" required");
	html_attr(&b, "value", name ? name : "");
	HTML_RAW(&b, ">\n<label for=\"password\">パスワード</label>"
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

/* Verifies against a real argon2id string even when the user does not
 * exist, so the time taken does not tell which names exist. */
static bool verify_password(struct web_server *srv, const char *hash, const char *password)
{
	static char dummy[STORE_PWHASH_MAX];
	bool ok;

	pthread_mutex_lock(&srv->pwhash_lock);
	if (!hash) {
		if (!dummy[0] && auth_password_hash("moshimo-no-such-user", dummy))
			dummy[0] = '\0';
		hash = dummy;
	}
	ok = hash[0] && auth_password_verify(hash, password);
	pthread_mutex_unlock(&srv->pwhash_lock);
	return ok;
}

struct login_job {
	bool ok;
	int64_t user_id;
	char user_key[STORE_NAME_MAX + 8];
	char addr_key[80];
	char session_hash[STORE_HASH_HEX];
	char cookie[256];
	char name[STORE_NAME_MAX];
	char next[512];
};

static int login_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct login_job *j = arg;

	if (!j->ok) {
		if (store_login_failure_add(en->st, j->user_key, en->now, WEB_LOGIN_WINDOW, e) ||
		    store_login_failure_add(en->st, j->addr_key, en->now, WEB_LOGIN_WINDOW, e))
			return -1;
		return 0;
	}
	if (store_login_failures_clear(en->st, j->user_key, e) ||
	    store_sessions_purge(en->st, en->now, e))
		return -1;
	return store_session_add(en->st, j->session_hash, j->user_id, en->now,
				 en->now + WEB_SESSION_SECONDS, e);
}

static void login_free(void *arg)
{
	if (arg)
		sodium_memzero(arg, sizeof(struct login_job));
	free(arg);
}

static int login_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct login_job *j = r->arg;

	if (rc)
		return web_reply_error(r, 500, "internal", e->msg);
	if (!j->ok)
		return login_form(r, 401, "ユーザー名またはパスワードが違います。", j->name);
	web_add_header(r, MHD_HTTP_HEADER_SET_COOKIE, j->cookie);
	return web_redirect(r, j->next);
}

/* True when key has failed too often lately. */
static bool throttled(struct store *st, const char *key, int64_t max, int64_t now)
{
	int64_t count = 0, first = 0;
	struct mo_err e;

	if (store_login_failures_get(st, key, &count, &first, &e) != 0)
		return false;
	return count >= max && now - first < WEB_LOGIN_WINDOW;
}

int page_login_post(struct web_req *r)
{
	const char *name = web_form(r, "name"), *password = web_form(r, "password");
	struct login_job *j;
	struct store_user u;
	struct store *st;
	struct mo_err e;
	char addr[64];
	int64_t now = time_now();
	int found;

	if (!name || !password || !*name || !*password || strlen(name) >= STORE_NAME_MAX ||
	    strlen(password) > 1024)
		return login_form(r, 422, "ユーザー名とパスワードを入力してください。", name);
	j = calloc(1, sizeof(*j));
	if (!j)
		return web_reply_error(r, 500, "internal", _("out of memory"));
	web_client_addr(r, addr, sizeof(addr));
	snprintf(j->user_key, sizeof(j->user_key), "user:%s", name);
	snprintf(j->addr_key, sizeof(j->addr_key), "addr:%s", addr);
	snprintf(j->name, sizeof(j->name), "%s", name);
	snprintf(j->next, sizeof(j->next), "%s", safe_next(web_form(r, "next")));
	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st) {
		free(j);
		return web_reply_error(r, 500, "internal", e.msg);
	}
	if (throttled(st, j->user_key, WEB_LOGIN_MAX_FAILURES, now) ||
	    throttled(st, j->addr_key, WEB_LOGIN_MAX_ADDR_FAILURES, now)) {
		free(j);
		return web_reply_error(r, 429, "too_many_requests",
				       "ログインの失敗が続いたため、15分ほど待ってからやり直してください。");
	}
	found = store_user_by_name(st, name, &u, &e);
	if (found < 0) {
		free(j);
		return web_reply_error(r, 500, "internal", e.msg);
	}
	j->ok = verify_password(r->srv, found == 0 ? u.pwhash : NULL, password) && found == 0 &&
		!u.disabled;
	if (j->ok) {
		j->user_id = u.id;
		auth_session_new(r->srv, j->cookie, sizeof(j->cookie), j->session_hash);
	}
	sodium_memzero(&u, sizeof(u));
	if (web_submit(r, login_write, j, login_free, login_done)) {
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	}
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
		return web_reply_error(r, 500, "internal", e->msg);
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
	html_text(&b, web_role_label(r->who.role));
	HTML_RAW(&b, "</dd></dl>\n<form method=\"post\" action=\"/account\">");
	page_csrf(r, &b);
	HTML_RAW(&b, "\n<label for=\"display\">表示名（マニュアルの担当者名と同じにすると「自分の手順」が表示されます）"
		     "</label><input type=\"text\" id=\"display\" name=\"display\" maxlength=\"100\"");
	html_attr(&b, "value", r->who.user.display);
	HTML_RAW(&b, ">\n<label for=\"current\">いまのパスワード</label>"
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
	ok = verify_password(r->srv, r->who.user.pwhash, current);
	if (!ok)
		return account_form(r, 422, "いまのパスワードが違います。");
	j = calloc(1, sizeof(*j));
	if (!j)
		return web_reply_error(r, 500, "internal", _("out of memory"));
	j->u.id = r->who.user.id;
	snprintf(j->u.display, sizeof(j->u.display), "%s", display ? display : r->who.user.display);
	if (npw && *npw) {
		int hrc;

		pthread_mutex_lock(&r->srv->pwhash_lock);
		hrc = auth_password_hash(npw, j->u.pwhash);
		pthread_mutex_unlock(&r->srv->pwhash_lock);
		if (hrc) {
			free(j);
			return web_reply_error(r, 500, "internal", _("out of memory"));
		}
		j->new_password = true;
		auth_session_new(r->srv, j->cookie, sizeof(j->cookie), j->session_hash);
	}
	if (web_submit(r, account_write, j, account_free, account_done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}
