/* Admin's YAML editor (/admin/policy/edit) and the reload of a policy.yaml
 * edited on the server: both save through revise_save(), so a policy with
 * errors never replaces the working one; the findings of the rejected text
 * are listed with its lines, and the editor keeps the text typed. */
#include "web/webInt.h"
#include "revise/revise.h"
#include "util/fs.h"

#define EDIT_BODY_MAX ((size_t)4 << 20)

/* Line n (1-based) of text: its start and length; false past the end. */
static bool line_at(const char *text, size_t len, int n, const char **s, size_t *l)
{
	const char *p = text, *end = text + len;

	for (int i = 1; i < n; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			return false;
		p = nl + 1;
	}
	if (p > end || (p == end && n > 1))
		return false;
	*s = p;
	*l = (size_t)(end - p);
	{
		const char *nl = memchr(p, '\n', *l);

		if (nl)
			*l = (size_t)(nl - p);
	}
	return true;
}

/* The lines around line n, numbered, line n marked. */
static void excerpt(struct buf *b, const char *text, size_t len, int n)
{
	const char *s;
	size_t l;

	if (n < 1 || !text)
		return;
	HTML_RAW(b, "<pre class=\"src\">");
	for (int k = n > 2 ? n - 2 : 1; k <= n + 1; k++) {
		char num[16];

		if (!line_at(text, len, k, &s, &l))
			break;
		snprintf(num, sizeof(num), "%5d ", k);
		if (k == n)
			HTML_RAW(b, "<mark>");
		html_text(b, num);
		html_text_n(b, s, l);
		if (k == n)
			HTML_RAW(b, "</mark>");
		HTML_RAW(b, "\n");
	}
	HTML_RAW(b, "</pre>");
}

void page_policy_findings(struct buf *b, const struct mo_findings *f, const char *text, size_t len)
{
	if (!f->n)
		return;
	HTML_RAW(b, "<ol class=\"findings\">\n");
	for (size_t i = 0; i < f->n; i++) {
		const struct mo_finding *x = &f->v[i];

		HTML_RAW(b, "<li");
		if (x->severity == MO_ERROR)
			HTML_RAW(b, " class=\"err\"");
		HTML_RAW(b, "><strong>");
		html_text(b, x->severity == MO_ERROR ? "エラー" : "警告");
		HTML_RAW(b, "</strong> ");
		if (x->line > 0) {
			page_int(b, x->line);
			HTML_RAW(b, " 行目");
			if (x->col > 0) {
				HTML_RAW(b, "（");
				page_int(b, x->col);
				HTML_RAW(b, " 文字目）");
			}
		}
		HTML_RAW(b, "<br>");
		html_text(b, x->msg);
		if (x->severity == MO_ERROR)
			excerpt(b, text, len, x->line);
		HTML_RAW(b, "</li>\n");
	}
	HTML_RAW(b, "</ol>\n");
}

/* The editor: the text (the current policy's, or the one refused), the
 * findings of a refused save, the note. */
static int editor(struct web_req *r, unsigned status, const char *text, size_t len,
		  const struct mo_findings *f, const char *note, const char *error)
{
	struct buf b;

	buf_init(&b, 0);
	page_start(r, &b, "ポリシーを直接編集");
	HTML_RAW(&b,
		 "<h1>ポリシー（policy.yaml）を直接編集</h1>\n"
		 "<p class=\"muted\">YAML に慣れた人のための画面です。保存する前に "
		 "<code>moshimo check</code> と同じ検査をし、エラーがあれば何も変えずに"
		 "この画面に戻ります（入力した内容は残ります）。保存するたびに版（リビジョン）が"
		 "残り、マニュアルと緊急連絡カード（HTML・PDF）を作り直します。</p>\n"
		 "<p><a href=\"/admin/revisions\">版の一覧と差分</a> · "
		 "<a href=\"/admin#policy\">管理に戻る</a></p>\n");
	if (error)
		page_error(&b, error);
	if (f && f->errors) {
		HTML_RAW(&b, "<div class=\"error\" role=\"alert\"><p><strong>保存しませんでした。"
			     "</strong>エラー ");
		page_int(&b, (long long)f->errors);
		HTML_RAW(&b, " 件（警告 ");
		page_int(&b, (long long)f->warnings);
		HTML_RAW(&b, " 件）。いまのポリシーはそのまま使われています。"
			     "下の行を直してから、もう一度保存してください。</p></div>\n");
		page_policy_findings(&b, f, text, len);
	}
	HTML_RAW(&b, "<form method=\"post\" action=\"/admin/policy/edit\">");
	page_csrf(r, &b);
	HTML_RAW(&b, "<label for=\"text\">policy.yaml</label>"
		     "<textarea id=\"text\" name=\"text\" class=\"code\" rows=\"30\" "
		     "spellcheck=\"false\" autocapitalize=\"off\" autocomplete=\"off\">");
	html_text_n(&b, text ? text : "", text ? len : 0);
	HTML_RAW(&b, "</textarea>\n<label for=\"note\">変更の内容（版の記録に残ります）</label>"
		     "<input type=\"text\" id=\"note\" name=\"note\" maxlength=\"300\" "
		     "placeholder=\"例: 情報システム管理者の電話番号を変更\"");
	if (note)
		html_attr(&b, "value", note);
	HTML_RAW(&b, "><p class=\"submit\"><button type=\"submit\">検査して保存</button></p>"
		     "</form>\n");
	page_end(r, &b);
	return web_reply_page(r, status, &b);
}

int page_policy_edit(struct web_req *r)
{
	char *text = NULL;
	size_t len = 0;
	struct mo_err e;
	int rc;

	mo_err_clear(&e);
	if (fs_exists(r->srv->policy_path)) {
		if (fs_read_file(r->srv->policy_path, POLICY_MAX_BYTES, &text, &len, &e))
			return web_reply_fail(r, &e);
		rc = editor(r, 200, text, len, NULL, NULL, NULL);
	} else {
		rc = editor(r, 200, policy_default_yaml, policy_default_yaml_len, NULL, NULL, NULL);
	}
	free(text);
	return rc;
}

/* After a save: the server takes the new policy (it was checked). */
static int saved(struct web_req *r, int rev)
{
	struct mo_err e;

	mo_err_clear(&e);
	if (web_policy_reload(r->srv, &e))
		return web_redirectf(r, "/admin/revisions?saved=%d&reload=failed", rev);
	return web_redirectf(r, "/admin/revisions?saved=%d", rev);
}

/* A browser sends a textarea's lines ending in CRLF (HTML's form
 * submission): the policy keeps LF, so revisions diff line by line. In
 * place: the text only shrinks. */
static size_t lf_only(char *s)
{
	size_t w = 0;

	for (size_t i = 0; s[i]; i++)
		if (!(s[i] == '\r' && s[i + 1] == '\n'))
			s[w++] = s[i];
	s[w] = '\0';
	return w;
}

int page_policy_edit_post(struct web_req *r)
{
	const char *form_text = web_form(r, "text"), *note = web_form(r, "note");
	struct mo_findings f;
	struct mo_err e;
	char *text;
	int rc, rev = 0;

	if (!form_text)
		return editor(r, 422, "", 0, NULL, note, "本文がありません。");
	text = strdup(form_text);
	if (!text) {
		mo_err_clear(&e);
		mo_err_oom(&e, NULL);
		return web_reply_fail(r, &e);
	}
	lf_only(text);
	mo_findings_init(&f, "policy.yaml");
	mo_err_clear(&e);
	rc = revise_save(r->srv->data_dir, text, strlen(text), r->who.name, note ? note : "", &f,
			 &rev, &e);
	if (rc > 0)
		rc = editor(r, 422, text, strlen(text), &f, note, NULL);
	else if (rc < 0)
		rc = editor(r, mo_code_http(e.code), text, strlen(text), NULL, note, e.msg);
	else
		rc = saved(r, rev);
	mo_findings_release(&f);
	free(text);
	return rc;
}

int web_policy_save_file(struct web_server *srv, const char *who, struct mo_findings *f,
			 char **text, size_t *len, int *rev, struct mo_err *e)
{
	int rc;

	*text = NULL;
	*len = 0;
	*rev = 0;
	if (!fs_exists(srv->policy_path))
		return web_policy_reload(srv, e);
	if (fs_read_file(srv->policy_path, POLICY_MAX_BYTES, text, len, e))
		return -1;
	rc = revise_save(srv->data_dir, *text, *len, who,
			 "サーバー上で編集した policy.yaml を読み込み", f, rev, e);
	if (rc)
		return rc;
	return web_policy_reload(srv, e);
}

/* POST /admin/policy/reload: policy.yaml edited on the server becomes a
 * revision when it passes the checks; else its findings are shown and the
 * server keeps the policy it had. */
int page_policy_reload(struct web_req *r)
{
	char *text = NULL;
	size_t len = 0;
	struct mo_findings f;
	struct mo_err e;
	int rc, rev = 0;

	mo_err_clear(&e);
	mo_findings_init(&f, "policy.yaml");
	rc = web_policy_save_file(r->srv, r->who.name, &f, &text, &len, &rev, &e);
	if (rc > 0)
		rc = editor(r, 422, text, len, &f, NULL,
			    "サーバー上の policy.yaml にエラーがあるため読み込みませんでした。"
			    "いまのポリシーがそのまま使われています。");
	else if (rc < 0)
		rc = e.code == MO_EINVAL ? editor(r, 422, text, len, NULL, NULL, e.msg)
					 : web_reply_fail(r, &e);
	else
		rc = web_redirectf(r, "/admin/revisions?saved=%d", rev);
	mo_findings_release(&f);
	free(text);
	return rc;
}
