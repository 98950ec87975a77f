/* Admin's revisions page (/admin/revisions): every saved policy with who,
 * when and the note; a line diff between any two; restoring one (as a new
 * revision, through revise_restore, checked like any save). */
#include "web/webInt.h"
#include "revise/revise.h"
#include "util/timefmt.h"

static void rev_label(struct buf *b, int n)
{
	HTML_RAW(b, "第");
	page_int(b, n);
	HTML_RAW(b, "版");
}

static void select_rev(struct buf *b, const char *name, const char *label, const struct revision *v,
		       size_t n, long sel)
{
	HTML_RAW(b, "<label>");
	html_text(b, label);
	HTML_RAW(b, " <select");
	html_attr(b, "name", name);
	HTML_RAW(b, ">");
	for (size_t i = n; i-- > 0;) {
		HTML_RAW(b, "<option");
		{
			char num[16];

			snprintf(num, sizeof(num), "%d", v[i].number);
			html_attr(b, "value", num);
		}
		if (v[i].number == sel)
			HTML_RAW(b, " selected");
		HTML_RAW(b, ">");
		rev_label(b, v[i].number);
		HTML_RAW(b, "</option>");
	}
	HTML_RAW(b, "</select></label>");
}

/* The diff of revision a against revision b. */
static void diff_section(struct web_req *r, struct buf *b, long a, long bn)
{
	char *ta = NULL, *tb = NULL;
	size_t la = 0, lb = 0, n = 0;
	struct revise_diff_line *d = NULL;
	struct mo_err e;

	mo_err_clear(&e);
	HTML_RAW(b, "<h2 id=\"diff\">");
	rev_label(b, (int)a);
	HTML_RAW(b, " → ");
	rev_label(b, (int)bn);
	HTML_RAW(b, " の差分</h2>\n");
	if (revise_read(r->srv->data_dir, (int)a, &ta, &la, NULL, &e) ||
	    revise_read(r->srv->data_dir, (int)bn, &tb, &lb, NULL, &e)) {
		page_error(b, e.msg);
		goto done;
	}
	if (revise_diff(ta, la, tb, lb, 3, &d, &n)) {
		page_error(b, "差分を作れませんでした（長すぎるか、メモリが足りません）。");
		goto done;
	}
	if (!n) {
		HTML_RAW(b, "<p>同じ内容です（違いはありません）。</p>\n");
		goto done;
	}
	HTML_RAW(b,
		 "<p class=\"muted\"><span class=\"d-del\">− 削除した行</span> "
		 "<span class=\"d-add\">＋ 加えた行</span>（行番号は左が前の版、右が後の版）</p>\n"
		 "<div class=\"tw\"><pre class=\"diff\">");
	for (size_t i = 0; i < n; i++) {
		char num[32];

		if (d[i].kind == DIFF_HUNK) {
			HTML_RAW(b, "<span class=\"d-hunk\">@@ ");
			snprintf(num, sizeof(num), "%d 行目 → %d 行目", d[i].a_line, d[i].b_line);
			html_text(b, num);
			HTML_RAW(b, " @@</span>\n");
			continue;
		}
		if (d[i].kind == DIFF_DEL)
			HTML_RAW(b, "<span class=\"d-del\">");
		else if (d[i].kind == DIFF_ADD)
			HTML_RAW(b, "<span class=\"d-add\">");
		else
			HTML_RAW(b, "<span>");
		if (d[i].a_line)
			snprintf(num, sizeof(num), "%5d ", d[i].a_line);
		else
			snprintf(num, sizeof(num), "%5s ", "");
		html_text(b, num);
		if (d[i].b_line)
			snprintf(num, sizeof(num), "%5d ", d[i].b_line);
		else
			snprintf(num, sizeof(num), "%5s ", "");
		html_text(b, num);
		html_text(b, d[i].kind == DIFF_DEL ? "- " : d[i].kind == DIFF_ADD ? "+ " : "  ");
		html_text_n(b, d[i].s, d[i].len);
		HTML_RAW(b, "</span>\n");
	}
	HTML_RAW(b, "</pre></div>\n");
done:
	free(d);
	free(ta);
	free(tb);
}

static int render(struct web_req *r, unsigned status, const char *error,
		  const struct mo_findings *f);

/* The manual's review: when it is due, the last reviews, the button. */
static void review_section(struct web_req *r, struct buf *b, const struct revision *v, size_t n)
{
	const struct mo_organization *o = &r->p->org;
	char line[512], d[64];
	size_t shown = 0;

	HTML_RAW(b, "<h2 id=\"review\">マニュアルの見直し</h2>\n<p>");
	if (o->has_last_reviewed) {
		date_format(o->last_reviewed, true, d, sizeof(d));
		HTML_RAW(b, "最終見直し日 ");
		html_text(b, d);
		date_format(date_add_months(o->last_reviewed, o->review_interval_months), true, d,
			    sizeof(d));
		HTML_RAW(b, "、次回の見直し予定 <strong>");
		html_text(b, d);
		HTML_RAW(b, "</strong>（");
		page_int(b, o->review_interval_months);
		HTML_RAW(b, "か月ごと）。");
	}
	HTML_RAW(b, "</p>\n");
	if (revise_review_line(r->p, time_now(), line, sizeof(line)))
		page_error(b, line);
	for (size_t i = n; i-- > 0 && shown < 3;) {
		if (!v[i].review)
			continue;
		if (!shown++)
			HTML_RAW(b, "<ul>");
		HTML_RAW(b, "<li>");
		page_time(r, b, v[i].at);
		HTML_RAW(b, " ");
		html_text(b, v[i].who);
		HTML_RAW(b, "（");
		rev_label(b, v[i].number);
		HTML_RAW(b, "）: ");
		html_text(b, v[i].note);
		if (v[i].checked[0]) {
			HTML_RAW(b, "<br><small>");
			html_text_br(b, v[i].checked);
			HTML_RAW(b, "</small>");
		}
		HTML_RAW(b, "</li>");
	}
	if (shown)
		HTML_RAW(b, "</ul>\n");
	HTML_RAW(b, "<p class=\"muted\">連絡先（疎通確認の日付）、記入箇所の残り、手順と届出先を"
		    "確かめたら、見直しを記録します。最終見直し日が今日になり、次回の予定が"
		    "進みます（新しい版として残り、マニュアルの改訂履歴に載ります）。</p>\n"
		    "<form method=\"post\" action=\"/admin/review\">");
	page_csrf(r, b);
	HTML_RAW(b, "<label for=\"review-note\">見直した内容</label>"
		    "<input type=\"text\" id=\"review-note\" name=\"note\" maxlength=\"300\" "
		    "placeholder=\"例: 連絡先と届出先を確認、変更なし\">"
		    "<p><button type=\"submit\">見直しを記録する</button></p></form>\n");
}

void page_review_notice(struct web_req *r, struct buf *b)
{
	char line[512];

	if (r->who.role < ROLE_RESPONDER ||
	    !revise_review_line(r->p, time_now(), line, sizeof(line)))
		return;
	HTML_RAW(b, "<div class=\"box dont\" id=\"review-notice\"><p>");
	html_text(b, line);
	if (r->who.role >= ROLE_ADMIN)
		HTML_RAW(b, " <a href=\"/admin/revisions#review\">見直しを記録する</a>");
	HTML_RAW(b, "</p></div>\n");
}

int page_review_post(struct web_req *r)
{
	const char *note = web_form(r, "note");
	struct mo_findings f;
	struct mo_err e;
	int rc, rev = 0;

	mo_err_clear(&e);
	mo_findings_init(&f, "policy.yaml");
	rc = revise_review_done(r->srv->data_dir, r->who.name, note, time_now(), &f, &rev, &e);
	if (rc > 0) {
		rc = render(r, 422,
			    "いまの policy.yaml にエラーがあるため、見直しを記録できませんでした。"
			    "先にエラーを直してください。",
			    &f);
	} else if (rc < 0) {
		rc = e.code == MO_EINVAL || e.code == MO_ENOTFOUND ? render(r, 422, e.msg, NULL)
								   : web_reply_fail(r, &e);
	} else {
		mo_err_clear(&e);
		if (web_policy_reload(r->srv, &e))
			rc = web_redirectf(r, "/admin/revisions?saved=%d&reload=failed#review",
					   rev);
		else
			rc = web_redirectf(r, "/admin/revisions?saved=%d#review", rev);
	}
	mo_findings_release(&f);
	return rc;
}

static int render(struct web_req *r, unsigned status, const char *error,
		  const struct mo_findings *f)
{
	struct revision *v = NULL;
	size_t n = 0;
	long a = 0, bn = 0, saved = 0;
	struct mo_err e;
	struct buf b;

	mo_err_clear(&e);
	if (revise_list(r->srv->data_dir, &v, &n, &e))
		return web_reply_fail(r, &e);
	if (web_query_long(r, "a", 1, INT32_MAX, 0, &a) ||
	    web_query_long(r, "b", 1, INT32_MAX, 0, &bn) ||
	    web_query_long(r, "saved", 0, INT32_MAX, 0, &saved)) {
		a = bn = saved = 0;
	}
	buf_init(&b, 0);
	page_start(r, &b, "ポリシーの版");
	HTML_RAW(&b, "<h1>ポリシー（マニュアル）の版</h1>\n");
	if (saved) {
		HTML_RAW(&b, "<p class=\"flash\" role=\"status\">");
		rev_label(&b, (int)saved);
		HTML_RAW(&b, "として保存しました。マニュアルと緊急連絡カード（HTML・PDF）を"
			     "作り直しました。</p>\n");
		if (web_query(r, "reload"))
			page_error(&b,
				   "保存しましたが、サーバーはまだ前のポリシーを使っています"
				   "（タイムゾーンを変えたときはサーバーの再起動が必要です）。");
	}
	if (error)
		page_error(&b, error);
	if (f && f->n)
		page_policy_findings(&b, f, NULL, 0);
	HTML_RAW(&b, "<p class=\"muted\">保存するたびに版が残ります。どの二つの版でも差分を見られ、"
		     "前の版に戻すこともできます（戻すと新しい版になります）。</p>\n"
		     "<p><a href=\"/admin/policy/edit\">policy.yaml を直接編集</a> · "
		     "<a href=\"/admin#policy\">管理に戻る</a></p>\n");
	if (!n) {
		HTML_RAW(&b, "<p>まだ版がありません（moshimo init か保存で最初の版ができます）。"
			     "</p>\n");
		goto end;
	}
	review_section(r, &b, v, n);
	HTML_RAW(&b, "<form method=\"get\" action=\"/admin/revisions\" class=\"row\">");
	select_rev(&b, "a", "前", v, n, a ? a : (n > 1 ? v[n - 2].number : v[0].number));
	select_rev(&b, "b", "後", v, n, bn ? bn : v[n - 1].number);
	HTML_RAW(&b, "<button type=\"submit\" class=\"small\">差分を見る</button></form>\n");
	if (a && bn)
		diff_section(r, &b, a, bn);
	HTML_RAW(&b, "<h2>版の一覧</h2>\n<div class=\"tw\"><table><thead><tr><th>版</th>"
		     "<th>日時</th><th>保存した人</th><th>内容</th><th></th></tr></thead>"
		     "<tbody>\n");
	for (size_t i = n; i-- > 0;) {
		const struct revision *x = &v[i];

		/* on a phone each row is a card, each cell under its name (css.c) */
		HTML_RAW(&b, "<tr><td class=\"num\" data-label=\"版\">");
		rev_label(&b, x->number);
		if (i == n - 1)
			HTML_RAW(&b, "<br><small>いま使用中</small>");
		HTML_RAW(&b, "</td><td class=\"num\" data-label=\"日時\">");
		page_time(r, &b, x->at);
		HTML_RAW(&b, "</td><td data-label=\"保存した人\">");
		html_text(&b, x->who);
		HTML_RAW(&b, "</td><td class=\"note\" data-label=\"内容\">");
		if (x->review)
			HTML_RAW(&b, "<strong>見直し</strong> ");
		html_text(&b, x->note);
		HTML_RAW(&b, "<br><small>SHA-256 ");
		html_text_n(&b, x->sha256, 12);
		HTML_RAW(&b, "…</small></td><td class=\"ops\" data-label=\"操作\">");
		if (i > 0) {
			HTML_RAW(&b, "<a");
			page_href(&b, "/admin/revisions?a=%d&b=%d#diff", v[i - 1].number,
				  x->number);
			HTML_RAW(&b, ">前の版との差分</a>");
		}
		if (i != n - 1) {
			HTML_RAW(&b, "<form method=\"post\" class=\"inline\"");
			page_action(&b, "/admin/revisions/%d/restore", x->number);
			HTML_RAW(&b, ">");
			page_csrf(r, &b);
			HTML_RAW(&b, " <button type=\"submit\" class=\"small secondary\">"
				     "この版に戻す</button></form>");
		}
		HTML_RAW(&b, "</td></tr>\n");
	}
	HTML_RAW(&b, "</tbody></table></div>\n");
end:
	page_end(r, &b);
	free(v);
	return web_reply_page(r, status, &b);
}

int page_revisions(struct web_req *r)
{
	return render(r, 200, NULL, NULL);
}

int page_revision_restore(struct web_req *r)
{
	struct mo_findings f;
	struct mo_err e;
	char note[64];
	int rc, rev = 0;

	mo_err_clear(&e);
	mo_findings_init(&f, "policy.yaml");
	snprintf(note, sizeof(note), "第%d版に戻す", r->n);
	rc = revise_restore(r->srv->data_dir, r->n, r->who.name, note, &f, &rev, &e);
	if (rc > 0) {
		rc = render(r, 422, "その版はいまの検査でエラーになるため戻せませんでした。", &f);
	} else if (rc < 0) {
		rc = e.code == MO_ENOTFOUND ? render(r, 404, e.msg, NULL) : web_reply_fail(r, &e);
	} else {
		mo_err_clear(&e);
		if (web_policy_reload(r->srv, &e))
			rc = web_redirectf(r, "/admin/revisions?saved=%d&reload=failed", rev);
		else
			rc = web_redirectf(r, "/admin/revisions?saved=%d", rev);
	}
	mo_findings_release(&f);
	return rc;
}
