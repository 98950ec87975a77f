/* The Search page: full-text search in Japanese over titles, descriptions,
 * record items and notes (FTS5 trigram; shorter words are scanned for),
 * and over the manual's sections, each linked to its place. Full-width and
 * half-width forms and case are the same (NFKC, util/fold.h). */
#include "web/webInt.h"
#include "engine/listing.h"
#include "render/manual_search.h"
#include "util/timefmt.h"

#define MANUAL_HITS 20

/* The manual's sections that hold every word, linked to the document. */
static void manual_results(struct web_req *r, struct buf *b, const char *q)
{
	struct manual_hit *h = NULL;
	struct mo_err e;
	size_t n = 0;

	mo_err_clear(&e);
	if (manual_search(r->p, q, MANUAL_HITS, &h, &n, &e)) {
		page_error(b, e.msg);
		return;
	}
	HTML_RAW(b, "<h2>マニュアル</h2>\n");
	if (!n) {
		HTML_RAW(b, "<p class=\"muted\">マニュアルには見つかりませんでした。</p>\n");
		return;
	}
	HTML_RAW(b, "<ul class=\"hits\">\n");
	for (size_t i = 0; i < n; i++) {
		HTML_RAW(b, "<li><a");
		page_href(b, "/manual/document#%s", h[i].anchor);
		HTML_RAW(b, ">");
		html_text(b, h[i].title);
		HTML_RAW(b, "</a>");
		if (h[i].snippet) {
			HTML_RAW(b, "<br><span class=\"muted\">");
			html_text(b, h[i].snippet);
			HTML_RAW(b, "</span>");
		}
		HTML_RAW(b, "</li>\n");
	}
	HTML_RAW(b, "</ul>\n");
	manual_hits_free(h, n);
}

#define PAGE 50

int page_search(struct web_req *r)
{
	const char *q = web_query(r, "q");
	struct inc_summary_list l;
	struct store *st;
	struct mo_err e;
	struct buf b;
	int64_t total = 0, now = time_now();
	bool exact = true;
	long offset;
	const char *error = NULL;

	memset(&l, 0, sizeof(l));
	if (web_query_long(r, "offset", 0, 100000, 0, &offset))
		offset = 0;
	if (q && (strlen(q) > 1000 || !web_text_ok(q, false))) {
		error = "検索語が長すぎるか、使えない文字を含んでいます。";
		q = NULL;
	}
	mo_err_clear(&e);
	if (q && *q) {
		st = web_reader(r->srv, &e);
		if (!st || engine_search_page(st, q, PAGE, (size_t)offset, &l, &total, &exact, &e))
			error = e.msg;
	}
	buf_init(&b, 0);
	page_start(r, &b, "検索");
	HTML_RAW(&b, "<h1>検索</h1>\n<form method=\"get\" action=\"/search\" class=\"row\">"
		     "<input type=\"search\" name=\"q\" aria-label=\"検索語\" "
		     "placeholder=\"例: ランサムウェア 経理部\"");
	html_attr(&b, "value", q ? q : "");
	HTML_RAW(&b, "><button type=\"submit\">検索</button></form>\n"
		     "<p class=\"muted\">件名・発生事象・記録・経過のメモと、マニュアルの本文から"
		     "探します。空白で区切ると、すべてを含むものを探します。全角・半角と大文字・"
		     "小文字は区別しません。</p>\n");
	if (error)
		page_error(&b, error);
	if (q && *q && !error) {
		HTML_RAW(&b, "<p>「");
		html_text(&b, q);
		HTML_RAW(&b, "」: ");
		page_int(&b, (long long)total);
		if (!exact)
			HTML_RAW(&b, " 件以上");
		else
			HTML_RAW(&b, " 件");
		HTML_RAW(&b,
			 "</p>\n<div class=\"tw\"><table><thead><tr><th>番号</th><th>レベル</th>"
			 "<th>件名</th><th>状況</th><th>発覚</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < l.n; i++) {
			const struct inc_summary *s = &l.v[i];

			HTML_RAW(&b, "<tr><td class=\"num\"><a");
			page_href(&b, "/incidents/%lld", (long long)s->id);
			HTML_RAW(&b, ">");
			page_ref(&b, s->id);
			HTML_RAW(&b, "</a></td><td>");
			page_level(&b, s->level);
			HTML_RAW(&b, "</td><td><a");
			page_href(&b, "/incidents/%lld", (long long)s->id);
			HTML_RAW(&b, ">");
			html_text(&b, s->title);
			HTML_RAW(&b, "</a></td><td>");
			html_text(&b, engine_status_ja(s->status));
			HTML_RAW(&b, "</td><td class=\"num\">");
			page_time(r, &b, s->discovered_at);
			HTML_RAW(&b, "</td></tr>\n");
		}
		HTML_RAW(&b, "</tbody></table></div>\n");
		if (offset == 0)
			manual_results(r, &b, q);
		if ((int64_t)offset + PAGE < total) {
			char next[32];

			snprintf(next, sizeof(next), "%ld", offset + PAGE);
			HTML_RAW(&b,
				 "<form method=\"get\" action=\"/search\"><input type=\"hidden\" "
				 "name=\"q\"");
			html_attr(&b, "value", q);
			HTML_RAW(&b, "><input type=\"hidden\" name=\"offset\"");
			html_attr(&b, "value", next);
			HTML_RAW(
				&b,
				"><button type=\"submit\" class=\"secondary\">次の50件</button></form>\n");
		}
	}
	(void)now;
	page_end(r, &b);
	inc_summary_list_release(&l);
	return web_reply_page(r, error && q ? 400 : 200, &b);
}
