/* The Admin page: users and roles, the report link (rotate), API tokens,
 * and the policy's check findings (and a reload). New secrets (a password,
 * the link, a token) are shown once, in the reply to the form that made
 * them; the database keeps only their hashes. */
#include "web/webInt.h"
#include "web/reportlink.h"
#include "web/pages_setup.h"
#include "util/timefmt.h"

#include <sodium.h>

static void role_select(struct buf *b, const char *name, const char *current)
{
	HTML_RAW(b, "<select");
	html_attr(b, "name", name);
	HTML_RAW(b, " aria-label=\"役割\">");
	for (int i = ROLE_REPORTER; i < ROLE_COUNT; i++) {
		HTML_RAW(b, "<option");
		html_attr(b, "value", auth_role_key((enum auth_role)i));
		if (current && strcmp(current, auth_role_key((enum auth_role)i)) == 0)
			HTML_RAW(b, " selected");
		HTML_RAW(b, ">");
		html_text(b, auth_role_label((enum auth_role)i));
		HTML_RAW(b, "</option>");
	}
	HTML_RAW(b, "</select>");
}

static void when(struct web_req *r, struct buf *b, int64_t t)
{
	page_time(r, b, t);
}

static void users(struct web_req *r, struct buf *b, const struct store_user *v, size_t n)
{
	HTML_RAW(
		b,
		"<h2 id=\"users\">ユーザーと役割</h2>\n<p class=\"muted\">報告者: 報告し、自分の報告を見る。"
		"対応者: インシデントの記録・手順・経過・証拠。責任者: さらに事故レベルの変更と完了。"
		"管理者: さらにユーザー・トークン・報告リンク。</p>\n"
		"<div class=\"tw\"><table><thead><tr><th>ユーザー名</th><th>表示名</th><th>役割</th>"
		"<th>状態</th><th>操作</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct store_user *u = &v[i];

		HTML_RAW(b, "<tr><td data-label=\"ユーザー名\">");
		html_text(b, u->name);
		HTML_RAW(b, "</td><td data-label=\"表示名\">");
		html_text(b, u->display);
		HTML_RAW(b, "</td><td data-label=\"役割\"><form method=\"post\" class=\"row\"");
		page_action(b, "/admin/users/%lld", (long long)u->id);
		HTML_RAW(b, ">");
		page_csrf(r, b);
		HTML_RAW(b, "<input type=\"hidden\" name=\"action\" value=\"role\">");
		role_select(b, "role", u->role);
		HTML_RAW(
			b,
			"<button type=\"submit\" class=\"small secondary\">変更</button></form></td>"
			"<td data-label=\"状態\">");
		if (u->disabled)
			HTML_RAW(b, "無効");
		else if (u->must_change)
			HTML_RAW(b, "初回パスワード");
		else
			HTML_RAW(b, "有効");
		HTML_RAW(b, "</td><td data-label=\"操作\"><form method=\"post\" class=\"inline\"");
		page_action(b, "/admin/users/%lld", (long long)u->id);
		HTML_RAW(b, ">");
		page_csrf(r, b);
		HTML_RAW(
			b,
			"<input type=\"hidden\" name=\"action\" value=\"reset\">"
			"<button type=\"submit\" class=\"small secondary\">パスワード再発行</button>"
			"</form> ");
		if (u->id != r->who.user.id) {
			HTML_RAW(b, "<form method=\"post\" class=\"inline\"");
			page_action(b, "/admin/users/%lld", (long long)u->id);
			HTML_RAW(b, ">");
			page_csrf(r, b);
			if (u->disabled)
				HTML_RAW(
					b,
					"<input type=\"hidden\" name=\"action\" value=\"enable\">"
					"<button type=\"submit\" class=\"small secondary\">有効にする</button>");
			else
				HTML_RAW(
					b,
					"<input type=\"hidden\" name=\"action\" value=\"disable\">"
					"<button type=\"submit\" class=\"small danger\">無効にする</button>");
			HTML_RAW(b, "</form>");
		}
		HTML_RAW(b, "</td></tr>\n");
	}
	HTML_RAW(b, "</tbody></table></div>\n<h3>ユーザーを追加</h3>\n<form method=\"post\" "
		    "action=\"/admin/users\">");
	page_csrf(r, b);
	HTML_RAW(b, "<label for=\"u-name\">ユーザー名（英数字と . _ - @）</label>"
		    "<input type=\"text\" id=\"u-name\" name=\"name\" required maxlength=\"63\" "
		    "autocapitalize=\"off\"><label for=\"u-display\">表示名</label>"
		    "<input type=\"text\" id=\"u-display\" name=\"display\" maxlength=\"100\">"
		    "<label>役割</label>");
	role_select(b, "role", "reporter");
	HTML_RAW(b, "<p><button type=\"submit\">追加（パスワードを発行）</button></p></form>\n");
}

static void link_section(struct web_req *r, struct buf *b)
{
	HTML_RAW(
		b,
		"<h2 id=\"link\">報告リンク</h2>\n<p>アカウントのない従業員も、このリンクから報告できます。"
		"<a href=\"/admin/reportlink\">報告リンクと QR コード・「報告はこちら」の紙</a>は"
		"いつでも表示できます。漏れたと思ったら作り直してください（古いリンクは使えなくなり、"
		"印刷したカードやポスターは刷り直しが必要です）。</p>\n"
		"<form method=\"post\" action=\"/admin/link\">");
	page_csrf(r, b);
	HTML_RAW(
		b,
		"<button type=\"submit\" class=\"secondary\">報告リンクを作り直す</button></form>\n");
}

static void tokens(struct web_req *r, struct buf *b, const struct store_token *v, size_t n)
{
	HTML_RAW(b, "<h2 id=\"tokens\">API トークン</h2>\n<p class=\"muted\">JSON API（/api/v1/）を"
		    "使うプログラムに渡します: <code>Authorization: Bearer トークン</code></p>\n");
	if (n) {
		HTML_RAW(b,
			 "<div class=\"tw\"><table><thead><tr><th>#</th><th>役割</th><th>名前</th>"
			 "<th>作成</th><th>状態</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			enum auth_role role;

			HTML_RAW(b, "<tr><td class=\"num\">");
			page_int(b, (long long)v[i].id);
			HTML_RAW(b, "</td><td>");
			html_text(b, auth_role_parse(v[i].role, &role) ? v[i].role
								       : auth_role_label(role));
			HTML_RAW(b, "</td><td>");
			html_text(b, v[i].label);
			HTML_RAW(b, "</td><td>");
			html_text(b, v[i].created_by);
			HTML_RAW(b, " ");
			when(r, b, v[i].created_at);
			HTML_RAW(b, "</td><td>");
			if (v[i].revoked_at) {
				HTML_RAW(b, "無効（");
				when(r, b, v[i].revoked_at);
				HTML_RAW(b, "）");
			} else {
				HTML_RAW(b, "<form method=\"post\" class=\"inline\"");
				page_action(b, "/admin/tokens/%lld/revoke", (long long)v[i].id);
				HTML_RAW(b, ">");
				page_csrf(r, b);
				HTML_RAW(
					b,
					"<button type=\"submit\" class=\"small danger\">無効にする</button>"
					"</form>");
			}
			HTML_RAW(b, "</td></tr>\n");
		}
		HTML_RAW(b, "</tbody></table></div>\n");
	}
	HTML_RAW(b, "<form method=\"post\" action=\"/admin/tokens\" class=\"row\">");
	page_csrf(r, b);
	role_select(b, "role", "reporter");
	HTML_RAW(
		b,
		"<input type=\"text\" name=\"label\" maxlength=\"100\" placeholder=\"名前（用途）\" "
		"aria-label=\"名前（用途）\"><button type=\"submit\" class=\"small\">"
		"トークンを作る</button></form>\n");
}

static void policy_section(struct web_req *r, struct buf *b)
{
	const struct mo_findings *f = &r->pol->findings;

	HTML_RAW(b, "<h2 id=\"policy\">ポリシー（マニュアル）の検査</h2>\n<p>");
	html_text(b, r->pol->source);
	HTML_RAW(b, " — 読み込み ");
	page_time(r, b, r->pol->loaded_at);
	HTML_RAW(b, "。エラー ");
	page_int(b, (long long)f->errors);
	HTML_RAW(b, " 件、警告 ");
	page_int(b, (long long)f->warnings);
	HTML_RAW(b, " 件。</p>\n");
	if (f->n) {
		HTML_RAW(
			b,
			"<details><summary>指摘の一覧</summary><div class=\"tw\"><table><thead><tr>"
			"<th>場所</th><th>種類</th><th>内容</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < f->n; i++) {
			char pos[32];

			snprintf(pos, sizeof(pos), "%d:%d", f->v[i].line, f->v[i].col);
			HTML_RAW(b, "<tr><td class=\"num\">");
			html_text(b, pos);
			HTML_RAW(b, "</td><td>");
			html_text(b, f->v[i].severity == MO_ERROR ? "エラー" : "警告");
			HTML_RAW(b, "</td><td>");
			html_text(b, f->v[i].msg);
			HTML_RAW(b, "</td></tr>\n");
		}
		HTML_RAW(b, "</tbody></table></div></details>\n");
	}
	HTML_RAW(
		b,
		"<p class=\"muted\">policy.yaml を直したら読み込み直します（サーバーに SIGHUP "
		"を送っても同じです）。エラーのあるポリシーは使われず、いまのものが残ります。</p>\n"
		"<form method=\"post\" action=\"/admin/policy/reload\">");
	page_csrf(r, b);
	HTML_RAW(
		b,
		"<button type=\"submit\" class=\"secondary\">ポリシーを読み込み直す</button></form>\n");
	HTML_RAW(b, "<p><a href=\"/admin/revisions\">版の一覧・差分・戻す</a> · "
		    "<a href=\"/admin/policy/edit\">policy.yaml を直接編集</a></p>\n");
}

/* The Admin page, with a message on top: error, or a secret shown once
 * (what it is, the secret). */
static int render(struct web_req *r, unsigned status, const char *error, const char *secret_what,
		  const char *secret)
{
	struct store_user *uv = NULL;
	struct store_token *tv = NULL;
	size_t un = 0, tn = 0;
	struct store *st;
	struct mo_err e;
	struct buf b;

	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st || store_user_list(st, &uv, &un, &e) || store_token_list(st, &tv, &tn, &e)) {
		free(uv);
		return web_reply_fail(r, &e);
	}
	buf_init(&b, 0);
	page_start(r, &b, "管理");
	HTML_RAW(&b, "<h1>管理</h1>\n");
	page_setup_banner(r, &b);
	page_flash(r, &b);
	if (error)
		page_error(&b, error);
	if (secret) {
		HTML_RAW(&b, "<div class=\"box do\"><p><strong>");
		html_text(&b, secret_what);
		HTML_RAW(
			&b,
			"</strong>（この画面を閉じると二度と表示されません。いま控えてください）</p>"
			"<code class=\"secret\">");
		html_text(&b, secret);
		HTML_RAW(&b, "</code></div>\n");
	}
	users(r, &b, uv, un);
	link_section(r, &b);
	tokens(r, &b, tv, tn);
	page_admin_contacts(r, &b);
	policy_section(r, &b);
	notify_admin_section(r, &b);
	page_end(r, &b);
	sodium_memzero(uv, un * sizeof(*uv));
	free(uv);
	free(tv);
	return web_reply_page(r, status, &b);
}

int page_admin(struct web_req *r)
{
	return render(r, 200, NULL, NULL, NULL);
}

/* ---- the forms ---- */

enum admin_kind {
	AK_USER_ADD,
	AK_USER_ROLE,
	AK_USER_RESET,
	AK_USER_DISABLE,
	AK_USER_ENABLE,
	AK_LINK,
	AK_TOKEN_ADD,
	AK_TOKEN_REVOKE,
};

struct admin_job {
	enum admin_kind kind;
	int64_t id;
	struct store_user u; /* add: the new user; others: changes */
	char role[STORE_ROLE_MAX];
	char label[STORE_DISPLAY_MAX];
	char created_by[STORE_NAME_MAX];
	char secret[128]; /* the password, link or token to show */
	char hash[STORE_HASH_HEX];
	bool taken;   /* add: the name exists */
	bool missing; /* no such user or token */
};

static void admin_free(void *arg)
{
	if (arg)
		sodium_memzero(arg, sizeof(struct admin_job));
	free(arg);
}

static int admin_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct admin_job *j = arg;
	struct store_user u;
	struct store_token t;
	int rc;

	switch (j->kind) {
	case AK_USER_ADD:
		j->u.created_at = en->now;
		rc = store_user_add(en->st, &j->u, e);
		j->taken = rc > 0;
		return rc < 0 ? -1 : 0;
	case AK_LINK:
		return store_setting_put(en->st, "report_link", j->hash, e) ||
				       store_setting_put(en->st, REPORT_LINK_TOKEN_SETTING,
							 j->secret, e)
			       ? -1
			       : 0;
	case AK_TOKEN_ADD:
		memset(&t, 0, sizeof(t));
		snprintf(t.role, sizeof(t.role), "%s", j->role);
		snprintf(t.label, sizeof(t.label), "%s", j->label);
		snprintf(t.created_by, sizeof(t.created_by), "%s", j->created_by);
		t.created_at = en->now;
		return store_token_add(en->st, j->hash, &t, e);
	case AK_TOKEN_REVOKE:
		rc = store_token_revoke(en->st, j->id, en->now, e);
		j->missing = rc > 0;
		return rc < 0 ? -1 : 0;
	default:
		break;
	}
	rc = store_user_get(en->st, j->id, &u, e);
	if (rc) {
		j->missing = rc > 0;
		return rc < 0 ? -1 : 0;
	}
	if (j->kind == AK_USER_ROLE)
		snprintf(u.role, sizeof(u.role), "%s", j->role);
	else if (j->kind == AK_USER_RESET) {
		snprintf(u.pwhash, sizeof(u.pwhash), "%s", j->u.pwhash);
		u.must_change = true;
	} else {
		u.disabled = j->kind == AK_USER_DISABLE;
	}
	/* Any change of a user ends their sessions: a new role or password
	 * takes effect at once. */
	rc = store_user_update(en->st, &u, e);
	if (rc == 0)
		rc = store_sessions_delete_user(en->st, u.id, e);
	sodium_memzero(&u, sizeof(u));
	return rc < 0 ? -1 : 0;
}

static int admin_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct admin_job *j = r->arg;
	char what[200], url[300];

	if (rc && mo_code_internal(e->code))
		return web_reply_err(r, e);
	if (rc)
		return render(r, mo_code_http(e->code), e->msg, NULL, NULL);
	switch (j->kind) {
	case AK_USER_ADD:
		if (j->taken)
			return render(r, 422, "そのユーザー名はすでにあります。", NULL, NULL);
		snprintf(what, sizeof(what),
			 "ユーザー「%s」の初回パスワード（最初のログインで変更します）", j->u.name);
		return render(r, 200, NULL, what, j->secret);
	case AK_USER_RESET:
		if (j->missing)
			return render(r, 404, "そのユーザーはいません。", NULL, NULL);
		return render(r, 200, NULL, "新しい初回パスワード（最初のログインで変更します）",
			      j->secret);
	case AK_LINK: {
		const char *host = web_header(r, MHD_HTTP_HEADER_HOST);
		char path[128];

		pthread_mutex_lock(&r->srv->lock);
		snprintf(r->srv->link_hash, sizeof(r->srv->link_hash), "%s", j->hash);
		pthread_mutex_unlock(&r->srv->lock);
		auth_link_path(j->secret, path, sizeof(path));
		if (web_public_base(r->srv, r->p, url, sizeof(url) - sizeof(path)) == 0)
			(void)!snprintf(url + strlen(url), sizeof(path), "%s", path);
		else if (host && web_text_ok(host, false) && !strpbrk(host, "/\\\"<> "))
			snprintf(url, sizeof(url), "%s://%s%s", r->srv->tls ? "https" : "http",
				 host, path);
		else
			snprintf(url, sizeof(url), "%s", path);
		return render(r, 200, NULL, "新しい報告リンク（前のリンクはもう使えません）", url);
	}
	case AK_TOKEN_ADD:
		return render(r, 200, NULL, "新しい API トークン", j->secret);
	case AK_TOKEN_REVOKE:
		if (j->missing)
			return render(r, 404, "そのトークンはないか、すでに無効です。", NULL, NULL);
		return web_redirect(r, "/admin?msg=revoked#tokens");
	default:
		if (j->missing)
			return render(r, 404, "そのユーザーはいません。", NULL, NULL);
		return web_redirect(r, "/admin?msg=user#users");
	}
}

static struct admin_job *job_new(struct web_req *r, enum admin_kind kind)
{
	struct admin_job *j = calloc(1, sizeof(*j));

	if (!j) {
		web_reply_error(r, 500, "internal", "out of memory");
		return NULL;
	}
	j->kind = kind;
	snprintf(j->created_by, sizeof(j->created_by), "%s", r->who.user.name);
	return j;
}

static int submit(struct web_req *r, struct admin_job *j)
{
	if (web_submit(r, admin_write, j, admin_free, admin_done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}

static bool name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n >= STORE_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-' || *s == '@'))
			return false;
	return true;
}

/* A new password in j->secret and its hash in j->u.pwhash. */
static int new_password(struct web_req *r, struct admin_job *j)
{
	int rc;

	auth_password_new(j->secret, sizeof(j->secret));
	pthread_mutex_lock(&r->srv->pwhash_lock);
	rc = auth_password_hash(j->secret, j->u.pwhash);
	pthread_mutex_unlock(&r->srv->pwhash_lock);
	return rc;
}

int page_admin_user_add(struct web_req *r)
{
	const char *name = web_form(r, "name"), *display = web_form(r, "display");
	const char *role = web_form(r, "role");
	enum auth_role rl;
	struct admin_job *j;

	if (!name_ok(name))
		return render(r, 422, "ユーザー名は英数字と . _ - @ で、63文字までです。", NULL,
			      NULL);
	if (!role || auth_role_parse(role, &rl))
		return render(r, 422, "役割を選んでください。", NULL, NULL);
	if (display && (strlen(display) >= STORE_DISPLAY_MAX || !web_text_ok(display, false)))
		return render(r, 422, "表示名が長すぎるか、使えない文字を含んでいます。", NULL,
			      NULL);
	j = job_new(r, AK_USER_ADD);
	if (!j)
		return 0;
	snprintf(j->u.name, sizeof(j->u.name), "%s", name);
	snprintf(j->u.display, sizeof(j->u.display), "%s", display ? display : "");
	snprintf(j->u.role, sizeof(j->u.role), "%s", role);
	j->u.must_change = true;
	if (new_password(r, j)) {
		admin_free(j);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	return submit(r, j);
}

int page_admin_user_edit(struct web_req *r)
{
	const char *action = web_form(r, "action"), *role = web_form(r, "role");
	enum admin_kind kind;
	struct admin_job *j;
	enum auth_role rl;

	if (!action)
		return render(r, 422, "操作が正しくありません。", NULL, NULL);
	if (strcmp(action, "role") == 0)
		kind = AK_USER_ROLE;
	else if (strcmp(action, "reset") == 0)
		kind = AK_USER_RESET;
	else if (strcmp(action, "disable") == 0)
		kind = AK_USER_DISABLE;
	else if (strcmp(action, "enable") == 0)
		kind = AK_USER_ENABLE;
	else
		return render(r, 422, "操作が正しくありません。", NULL, NULL);
	if (kind == AK_USER_ROLE && (!role || auth_role_parse(role, &rl)))
		return render(r, 422, "役割を選んでください。", NULL, NULL);
	/* An admin cannot lock themselves out by their own hand. */
	if (r->id == r->who.user.id &&
	    (kind == AK_USER_DISABLE || (kind == AK_USER_ROLE && rl != ROLE_ADMIN)))
		return render(r, 422, "自分自身を無効にしたり、管理者から外したりはできません。",
			      NULL, NULL);
	j = job_new(r, kind);
	if (!j)
		return 0;
	j->id = r->id;
	if (role)
		snprintf(j->role, sizeof(j->role), "%s", role);
	if (kind == AK_USER_RESET && new_password(r, j)) {
		admin_free(j);
		return web_reply_error(r, 500, "internal", "out of memory");
	}
	return submit(r, j);
}

int page_admin_link(struct web_req *r)
{
	struct admin_job *j = job_new(r, AK_LINK);

	if (!j)
		return 0;
	auth_token_new(j->secret, sizeof(j->secret));
	auth_token_hash(j->secret, j->hash);
	return submit(r, j);
}

int page_admin_token_add(struct web_req *r)
{
	const char *role = web_form(r, "role"), *label = web_form(r, "label");
	struct admin_job *j;
	enum auth_role rl;

	if (!role || auth_role_parse(role, &rl))
		return render(r, 422, "役割を選んでください。", NULL, NULL);
	if (label && (strlen(label) >= STORE_DISPLAY_MAX || !web_text_ok(label, false)))
		return render(r, 422, "名前が長すぎるか、使えない文字を含んでいます。", NULL, NULL);
	j = job_new(r, AK_TOKEN_ADD);
	if (!j)
		return 0;
	snprintf(j->role, sizeof(j->role), "%s", role);
	snprintf(j->label, sizeof(j->label), "%s", label ? label : "");
	auth_token_new(j->secret, sizeof(j->secret));
	auth_token_hash(j->secret, j->hash);
	return submit(r, j);
}

int page_admin_token_revoke(struct web_req *r)
{
	struct admin_job *j = job_new(r, AK_TOKEN_REVOKE);

	if (!j)
		return 0;
	j->id = r->id;
	return submit(r, j);
}

int page_admin_reload(struct web_req *r)
{
	return page_policy_reload(r);
}
