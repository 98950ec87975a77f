/* The frame of every page (head, header with the navigation for the role,
 * main, footer) and the small pieces pages share. Everything is written
 * through util/html.h: text is escaped, markup comes from literals. */
#include "web/webInt.h"
#include "util/timefmt.h"

void page_int(struct buf *b, long long v)
{
	if (buf_addf(b, "%lld", v))
		return;
}

void page_attr_path_(struct buf *b, const char *name, const char *fmt, ...)
{
	char path[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	/* name is one of our literals (page_href, page_action). */
	if (buf_addc(b, ' ') || buf_adds(b, name) || buf_adds(b, "=\""))
		return;
	html_text(b, path);
	if (buf_addc(b, '"'))
		return;
}

void page_time(struct web_req *r, struct buf *b, int64_t t)
{
	char out[64];

	engine_time(r->p, t, out, sizeof(out));
	html_text(b, out);
}

void page_ref(struct buf *b, int64_t id)
{
	char ref[32];

	engine_ref(id, ref, sizeof(ref));
	html_text(b, ref);
}

void page_field_error(struct buf *b, const char *id, const char *msg)
{
	if (!msg)
		return;
	HTML_RAW(b, "<p class=\"field-error\" role=\"alert\"");
	if (buf_addf(b, " id=\"%s-err\"", id))
		return;
	HTML_RAW(b, ">");
	html_text(b, msg);
	HTML_RAW(b, "</p>");
}

void page_field_invalid(struct buf *b, const char *id, const char *msg)
{
	if (!msg)
		return;
	HTML_RAW(b, " aria-invalid=\"true\"");
	if (buf_addf(b, " aria-describedby=\"%s-err\"", id))
		return;
}

bool page_time_local(struct web_req *r, const char *typed, char *out, size_t size)
{
	char rfc[MO_TIME_MAX];
	int64_t t;

	if (!typed || !*typed || time_parse_input(typed, r->p->org.timezone, time_now(), &t))
		return false;
	engine_time_rfc(r->p, t, rfc, sizeof(rfc));
	/* "2026-11-22T10:00:00+09:00" → "2026-11-22T10:00" */
	snprintf(out, size, "%.16s", rfc);
	return true;
}

void page_datetime(struct web_req *r, struct buf *b, const char *id, const char *name,
		   const char *typed, const char *msg)
{
	char local[32];
	bool ok = page_time_local(r, typed, local, sizeof(local));

	/* A value the browser's date picker cannot hold (typed by hand,
	 * wrong) stays as text so nothing typed is lost. */
	if (typed && *typed && !ok)
		HTML_RAW(b, "<input type=\"text\"");
	else
		HTML_RAW(b, "<input type=\"datetime-local\"");
	if (buf_addf(b, " id=\"%s\"", id))
		return;
	html_attr(b, "name", name);
	html_attr(b, "value", ok ? local : typed ? typed : "");
	html_attr(b, "placeholder", "2026/12/01 18:30");
	page_field_invalid(b, id, msg);
	HTML_RAW(b, ">");
	page_field_error(b, id, msg);
	HTML_RAW(b, "\n");
}

void page_error(struct buf *b, const char *msg)
{
	HTML_RAW(b, "<div class=\"error\" role=\"alert\">");
	html_text(b, msg);
	HTML_RAW(b, "</div>\n");
}

#define PAGE_LEVEL_COLOURS 4

void page_level(struct buf *b, int level)
{
	HTML_RAW(b, "<span class=\"lv lv");
	/* css.c has colours for lv0..lv3; higher levels share the top one. */
	page_int(b, level < 0			     ? 0
		    : level > PAGE_LEVEL_COLOURS - 1 ? PAGE_LEVEL_COLOURS - 1
						     : level);
	HTML_RAW(b, "\">");
	html_text(b, engine_level_word(level, LABEL_JA));
	HTML_RAW(b, "</span>");
}

/* The messages a redirect may ask for (?msg=KEY): fixed texts, so nothing
 * from the URL is ever shown. */
static const struct {
	const char *key;
	const char *text;
} flashes[] = {
	{"saved", "保存しました。"},
	{"check", "点検の実施を記録しました。"},
	{"step", "チェックリストを更新しました。"},
	{"note", "経過を記録しました。"},
	{"level", "事故レベルを変更しました。"},
	{"category", "区分を変更しました。"},
	{"status", "状況を変更しました。"},
	{"closed", "インシデントを完了にしました。"},
	{"reopened", "インシデントを再開しました。"},
	{"decision", "判断を記録しました。"},
	{"evidence", "証拠を保全しました。"},
	{"password", "パスワードを変更しました。"},
	{"user", "ユーザーを保存しました。"},
	{"revoked", "トークンを無効にしました。"},
	{"reloaded", "ポリシーを読み込み直しました。"},
	{"nochange", "変更はありませんでした。"},
	{"resent", "通知を再送の待ち行列に戻しました。"},
	{"acked", "対応することを記録しました。エスカレーションは止まり、ほかの人に伝えます。"},
};

void page_flash(struct web_req *r, struct buf *b)
{
	const char *key = web_query(r, "msg");

	for (size_t i = 0; key && i < MO_ARRAY_SIZE(flashes); i++) {
		if (strcmp(flashes[i].key, key) == 0) {
			HTML_RAW(b, "<p class=\"flash\" role=\"status\">");
			html_text(b, flashes[i].text);
			HTML_RAW(b, "</p>\n");
			return;
		}
	}
}

void page_csrf(struct web_req *r, struct buf *b)
{
	HTML_RAW(b, "<input type=\"hidden\" name=\"csrf\"");
	html_attr(b, "value", r->who.csrf);
	HTML_RAW(b, ">");
}

static void nav(struct web_req *r, struct buf *b)
{
	if (r->who.kind != WHO_USER)
		return;
	HTML_RAW(b, "<nav aria-label=\"メニュー\"><ul>");
	HTML_RAW(b, "<li><a href=\"/\">ダッシュボード</a></li>");
	HTML_RAW(b, "<li><a class=\"nav-report\" href=\"/report\">報告する</a></li>");
	if (r->who.role >= ROLE_RESPONDER)
		HTML_RAW(b, "<li><a href=\"/search\">検索</a></li>");
	if (r->who.role >= ROLE_RESPONDER)
		HTML_RAW(b, "<li><a href=\"/checks\">点検</a></li>");
	HTML_RAW(b, "<li><a href=\"/manual\">マニュアル</a></li>");
	if (r->who.role >= ROLE_RESPONDER)
		HTML_RAW(b, "<li><a href=\"/drills\">訓練</a></li>");
	if (r->who.role >= ROLE_ADMIN)
		HTML_RAW(b, "<li><a href=\"/admin\">管理</a></li>");
	HTML_RAW(b, "<li><a href=\"/account\">");
	html_text(b, r->who.name);
	HTML_RAW(b, "</a></li><li><form method=\"post\" action=\"/logout\" class=\"inline\">");
	page_csrf(r, b);
	HTML_RAW(b, "<button type=\"submit\" class=\"link\">ログアウト</button></form></li>");
	HTML_RAW(b, "</ul></nav>");
}

void page_start(struct web_req *r, struct buf *b, const char *title)
{
	page_start_refresh(r, b, title, 0);
}

void page_start_refresh(struct web_req *r, struct buf *b, const char *title, int seconds)
{
	HTML_RAW(b, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"referrer\" content=\"no-referrer\">\n");
	if (seconds > 0) {
		HTML_RAW(b, "<meta http-equiv=\"refresh\" content=\"");
		page_int(b, seconds);
		HTML_RAW(b, "\">\n");
	}
	HTML_RAW(b, "<title>");
	html_text(b, title);
	HTML_RAW(b, " | moshimo</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
		    "</head>\n<body>\n<header class=\"top\"><div class=\"bar\">"
		    "<a class=\"brand\" href=\"/\">moshimo</a>");
	if (r->p && r->p->org.name) {
		HTML_RAW(b, "<span class=\"org\">");
		html_text(b, r->p->org.name);
		HTML_RAW(b, "</span>");
	}
	HTML_RAW(b, "</div>");
	nav(r, b);
	HTML_RAW(b, "</header>\n<main>\n");
}

void page_end(struct web_req *r, struct buf *b)
{
	(void)r;
	HTML_RAW(b, "</main>\n<footer><p>moshimo — もしものときの対応を、マニュアルどおりに。</p>"
		    "</footer>\n</body>\n</html>\n");
}
