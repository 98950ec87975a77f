/* 疎通確認 on the web: the page a test message links to (/verify/TOKEN, no
 * login), whose button — and only the button's POST — confirms the
 * contact; a mail scanner's GET confirms nothing. And Admin's section of
 * persons × channels with the last confirmation and 「疎通確認を送る」
 * (page_admin_contacts, called from pages_admin.c). */
#include "web/webInt.h"
#include "engine/contacts.h"
#include "util/fs.h"
#include "util/timefmt.h"

/* What a refused link says, by linktoken_fault / CONTACTS_USED. */
static const struct {
	int code;
	unsigned status;
	const char *text;
} faults[] = {
	{LINKTOKEN_MALFORMED, 400,
	 "このリンクは正しくありません。メッセージのリンクを、途中で切れないように開き直してください"
	 "。"},
	{LINKTOKEN_ALTERED, 400,
	 "このリンクは書き換えられたか、もう使えません。管理者にもう一度疎通確認を送ってもらってくださ"
	 "い。"},
	{LINKTOKEN_EXPIRED, 410,
	 "このリンクは有効期限（7日）が過ぎています。管理者にもう一度疎通確認を送ってもらってください"
	 "。"},
	{CONTACTS_USED, 409,
	 "この連絡先の疎通確認は、すでに完了しています。ありがとうございました。"},
};

static int refused(struct web_req *r, int code)
{
	size_t i = 0;
	struct buf b;

	while (i + 1 < MO_ARRAY_SIZE(faults) && faults[i].code != code)
		i++;
	buf_init(&b, 0);
	page_start(r, &b, "疎通確認");
	HTML_RAW(&b, "<h1>疎通確認</h1>\n");
	page_error(&b, faults[i].text);
	page_end(r, &b);
	return web_reply_page(r, faults[i].status, &b);
}

static const char *channel_label(const char *channel)
{
	return strcmp(channel, "email") == 0 ? "メール" : channel;
}

int page_verify(struct web_req *r)
{
	const struct mo_person *pe = NULL;
	char channel[128], csrf[100];
	struct store *st;
	struct mo_err e;
	struct buf b;
	int rc;

	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st)
		return web_reply_fail(r, &e);
	rc = contacts_token_read(st, r->p, r->token, time_now(), &pe, channel, sizeof(channel), &e);
	if (rc < 0)
		return web_reply_fail(r, &e);
	if (rc > 0)
		return refused(r, e.detail);
	rc = linktoken_used(st, r->token, &e);
	if (rc < 0)
		return web_reply_fail(r, &e);
	if (rc > 0)
		return refused(r, CONTACTS_USED);
	auth_login_csrf(r, csrf, sizeof(csrf));
	buf_init(&b, 0);
	page_start(r, &b, "疎通確認");
	HTML_RAW(&b, "<h1>疎通確認</h1>\n<div class=\"box do\"><p><strong>");
	html_text(&b, pe ? (pe->name ? pe->name : pe->id) : "（ポリシーにいない人）");
	HTML_RAW(&b, "</strong> さんの連絡先 <strong>");
	html_text(&b, channel_label(channel));
	HTML_RAW(&b,
		 "</strong> への疎通確認です。</p>\n<p>このページが開けたなら、インシデントの"
		 "ときの連絡はここに届きます。下のボタンを押して、届いたことを知らせてください。"
		 "</p></div>\n<form method=\"post\"");
	page_action(&b, "/verify/%s", r->token);
	HTML_RAW(&b, "><input type=\"hidden\" name=\"csrf\"");
	html_attr(&b, "value", csrf);
	HTML_RAW(&b, "><p class=\"submit\"><button type=\"submit\" id=\"confirm\">"
		     "届いたことを確認する</button></p></form>\n"
		     "<p class=\"muted\">心当たりがない場合は、ボタンを押さずに情報セキュリティの"
		     "担当者に知らせてください。</p>\n");
	page_end(r, &b);
	return web_reply_page(r, 200, &b);
}

struct confirm_job {
	char token[LINKTOKEN_MAX];
	int rc;
	int code;
};

static int confirm_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct confirm_job *j = arg;
	struct mo_err why;

	mo_err_clear(&why);
	j->rc = contacts_confirm(en->st, en->p, j->token, en->now, &why);
	if (j->rc < 0) {
		*e = why;
		return -1;
	}
	j->code = why.detail;
	return 0;
}

static int confirm_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct confirm_job *j = r->arg;
	struct buf b;

	if (rc)
		return web_reply_fail(r, e);
	if (j->rc)
		return refused(r, j->code);
	buf_init(&b, 0);
	page_start(r, &b, "疎通確認");
	HTML_RAW(&b, "<h1>疎通確認</h1>\n<p class=\"flash\" role=\"status\" id=\"confirmed\">"
		     "確認しました。この連絡先にインシデントの連絡が届くことを記録しました。"
		     "ありがとうございました。</p>\n");
	page_end(r, &b);
	return web_reply_page(r, 200, &b);
}

int page_verify_post(struct web_req *r)
{
	struct confirm_job *j = calloc(1, sizeof(*j));

	if (!j)
		return web_reply_error(r, 500, "internal", "out of memory");
	snprintf(j->token, sizeof(j->token), "%s", r->token);
	/* Refused or not, the request owns j now (req_free frees it). */
	if (web_submit(r, confirm_write, j, free, confirm_done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}

/* ---- Admin ---- */

static struct notify_conf *load_conf(struct web_req *r, struct mo_err *e)
{
	char path[1200];
	struct notify_conf *c = NULL;

	mo_err_clear(e);
	if (fs_join(path, sizeof(path), r->srv->data_dir, "notify.yaml") == 0)
		(void)notify_conf_load(path, &c, e);
	return c;
}

void page_admin_contacts(struct web_req *r, struct buf *b)
{
	struct contact_row *rows = NULL;
	struct notify_conf *c;
	struct store *st;
	struct mo_err e, ce;
	size_t n = 0;
	int64_t now = time_now();

	c = load_conf(r, &ce);
	mo_err_clear(&e);
	HTML_RAW(b, "<h2 id=\"contacts\">疎通確認（連絡先が届くか）</h2>\n");
	if (ce.code)
		page_error(b, "notify.yaml にエラーがあります。moshimo check で確かめてください。");
	else if (!c)
		HTML_RAW(b, "<p class=\"muted\">notify.yaml がないため、通知は送られません"
			    "（docs/notify-format.md）。</p>\n");
	st = web_reader(r->srv, &e);
	if (!st || contacts_collect(r->p, c, st, &rows, &n, &e)) {
		page_error(b, e.msg);
		goto done;
	}
	HTML_RAW(b, "<div class=\"tw\"><table><thead><tr><th>人</th><th>連絡先</th><th>最後に送信"
		    "</th><th>最後に確認</th><th>状態</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct contact_row *row = &rows[i];

		HTML_RAW(b, "<tr><td class=\"nw\">");
		html_text(b, row->person->name ? row->person->name : row->person->id);
		HTML_RAW(b, "</td><td>");
		html_text(b, channel_label(row->channel));
		HTML_RAW(b, "</td><td>");
		if (row->sent_at)
			page_time(r, b, row->sent_at);
		else
			HTML_RAW(b, "未送信");
		HTML_RAW(b, "</td><td>");
		if (row->confirmed_at)
			page_time(r, b, row->confirmed_at);
		else
			HTML_RAW(b, "-");
		HTML_RAW(b, "</td><td class=\"nw\">");
		html_text(b, !row->usable	  ? "送信できません（notify.yaml）"
			     : !row->confirmed_at ? "未確認"
			     : contacts_stale(r->p, row, now) ? "確認が古い"
							      : "確認済み");
		HTML_RAW(b, "</td></tr>\n");
	}
	if (!n)
		HTML_RAW(b, "<tr><td colspan=\"5\">メールアドレスかチャットのある人がいません。"
			    "</td></tr>\n");
	HTML_RAW(b, "</tbody></table></div>\n<p class=\"muted\">各人の連絡先にテストメッセージを"
		    "送ります。本人がリンクを開いてボタンを押すと「確認済み」になります（Webhook "
		    "の成功応答だけでは確認になりません）。</p>\n"
		    "<form method=\"post\" action=\"/admin/contacts/verify\">");
	page_csrf(r, b);
	HTML_RAW(b, "<button type=\"submit\" class=\"secondary\">疎通確認を送る</button></form>\n");
done:
	free(rows);
	notify_conf_free(c);
}

struct write_ctx {
	struct web_req *r;
};

static int web_write(void *ctx, int (*fn)(struct engine *en, void *arg, struct mo_err *e),
		     void *arg, struct mo_err *e)
{
	struct web_req *r = ctx;

	return web_submit_sync(r->srv, r->p, r->who.name, fn, arg, e);
}

/* Sends on this HTTP thread (bounded by notify.yaml's time-outs); the
 * writer only records the link key and the sent dates. */
int page_admin_contacts_verify(struct web_req *r)
{
	struct contact_sent *v = NULL;
	struct notify_conf *c;
	struct store *st;
	struct mo_err e, ce;
	struct buf b;
	size_t n = 0;

	c = load_conf(r, &ce);
	if (ce.code) {
		notify_conf_free(c);
		return web_reply_error(
			r, 400, "bad_conf",
			"notify.yaml にエラーがあります。moshimo check で確かめてください。");
	}
	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st || contacts_verify(st, web_write, r, r->p, c, NULL, time_now(), &v, &n, &e)) {
		notify_conf_free(c);
		return web_reply_error(r, c ? 500 : 400, "not_sent", e.msg);
	}
	notify_conf_free(c);
	buf_init(&b, 0);
	page_start(r, &b, "疎通確認");
	HTML_RAW(&b, "<h1>疎通確認を送りました</h1>\n<div class=\"tw\"><table><thead><tr><th>人"
		     "</th><th>連絡先</th><th>結果</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		HTML_RAW(&b, "<tr><td>");
		html_text(&b, v[i].person->name ? v[i].person->name : v[i].person->id);
		HTML_RAW(&b, "</td><td>");
		html_text(&b, channel_label(v[i].channel));
		HTML_RAW(&b, "</td><td>");
		if (v[i].tried && v[i].result.outcome == NOTIFY_SENT)
			HTML_RAW(&b, "送信しました");
		else {
			HTML_RAW(&b, "送れませんでした: ");
			html_text(&b, v[i].result.reply);
		}
		HTML_RAW(&b, "</td></tr>\n");
	}
	HTML_RAW(&b, "</tbody></table></div>\n<p>本人がリンクを開いてボタンを押すと確認済みに"
		     "なります。</p>\n<p><a href=\"/admin#contacts\">管理に戻る</a></p>\n");
	page_end(r, &b);
	free(v);
	return web_reply_page(r, 200, &b);
}
