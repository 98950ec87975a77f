/* Any document tree (doc.h) as one self-contained HTML file: inline CSS for
 * a phone screen and for A4 paper, no scripts, no external resources, every
 * byte written through util/html.h. The manual, the card and an incident's
 * report are all written by it. */
#include "render/doc_format.h"
#include "policy/policy.h"
#include "util/html.h"

/* Screen first (readable on a phone), then A4 print: chapters start on a
 * new page, table rows never split, table headers repeat on each page. */
#define MANUAL_CSS                                                                                 \
	"@page{size:A4;margin:17mm 16mm 18mm;}\n"                                                  \
	":root{--ink:#1b1f24;--muted:#57606a;--line:#8c959f;--soft:#f0f3f7;"                       \
	"--head:#dde6f0;--accent:#1d4e89;--warn:#b3261e;}\n"                                       \
	"*{box-sizing:border-box;}\n"                                                              \
	"html{font-family:\"Noto Sans CJK JP\",\"Noto Sans JP\",\"Hiragino Kaku Gothic "           \
	"ProN\",\"Hiragino Sans\",\"BIZ UDPGothic\",\"Yu Gothic\",Meiryo,sans-serif;"              \
	"color:var(--ink);line-height:1.75;-webkit-text-size-adjust:100%;"                         \
	"text-size-adjust:100%;}\n"                                                                \
	"body{margin:0;background:#eef0f3;}\n"                                                     \
	"main{max-width:52rem;margin:0 auto;padding:2rem 2rem 4rem;background:#fff;}\n"            \
	"h1,h2,h3,h4{line-height:1.45;font-weight:700;word-break:auto-phrase;"                     \
	"text-wrap:balance;}\n"                                                                    \
	"h1{font-size:2rem;margin:0 0 .6em;letter-spacing:.02em;}\n"                               \
	"h2{font-size:1.4rem;margin:2.4em 0 .8em;padding:.3em .6em;"                               \
	"border-left:.4rem solid var(--accent);background:var(--soft);}\n"                         \
	"h3{font-size:1.15rem;margin:1.8em 0 .6em;padding-bottom:.2em;"                            \
	"border-bottom:1px solid var(--line);}\n"                                                  \
	"h4{font-size:1rem;margin:1.4em 0 .4em;color:var(--accent);}\n"                            \
	".nb{display:inline-block;}\n"                                                             \
	".num{margin-right:.4em;font-variant-numeric:tabular-nums;}\n"                             \
	"h3 .num{color:var(--accent);}\n"                                                          \
	"p{margin:.5em 0;}\n"                                                                      \
	"p.note{font-size:.88em;color:var(--muted);}\n"                                            \
	"small{font-size:.86em;color:var(--muted);}\n"                                             \
	"a{color:var(--accent);overflow-wrap:anywhere;}\n"                                         \
	"a[href^=\"tel:\"]{white-space:nowrap;}\n"                                                 \
	"mark.placeholder{background:#fff0a0;color:inherit;padding:0 .1em;"                        \
	"border-radius:2px;box-shadow:inset 0 -1px 0 #d4a900;}\n"                                  \
	".tw{overflow-x:auto;margin:.6em 0 1.2em;}\n"                                              \
	"table{border-collapse:collapse;width:100%;font-size:.94em;}\n"                            \
	"th,td{border:1px solid var(--line);padding:.4em .6em;text-align:left;"                    \
	"vertical-align:top;}\n"                                                                   \
	"thead th{background:var(--head);white-space:nowrap;}\n"                                   \
	"tbody th{background:var(--soft);min-width:5.5em;}\n"                                      \
	"td{overflow-wrap:anywhere;}\n"                                                            \
	"td>div+div,th>div+div{margin-top:.25em;}\n"                                               \
	"ul,ol{padding-left:1.7em;margin:.4em 0 .9em;}\n"                                          \
	"li{margin:.15em 0;}\n"                                                                    \
	"ul.check{list-style:none;padding-left:.2em;}\n"                                           \
	"ul.check>li{padding-left:1.5em;text-indent:-1.5em;}\n"                                    \
	"ul.check>li::before{content:\"\\2610\";display:inline-block;width:1.5em;"                 \
	"text-indent:0;}\n"                                                                        \
	"ul.check ul{text-indent:0;}\n"                                                            \
	".cover{padding:2.5rem 2rem;border-top:.7rem solid var(--accent);"                         \
	"background:var(--soft);margin:0 0 2rem;}\n"                                               \
	".cover h1{font-size:2.1rem;}\n"                                                           \
	".cover p strong{font-size:1.5rem;}\n"                                                     \
	".cover .tw{margin-top:2rem;}\n"                                                           \
	".cover table{width:auto;min-width:60%;background:#fff;}\n"                                \
	".toc h2{margin-top:1em;}\n"                                                               \
	".toc ul{list-style:none;padding-left:0;}\n"                                               \
	".toc li{border-bottom:1px dotted var(--line);margin:0;padding:.25em 0;}\n"                \
	".toc li.lv3{padding-left:2.4em;font-size:.94em;}\n"                                       \
	".toc a{color:inherit;text-decoration:none;display:block;}\n"                              \
	".card{border:3px solid var(--warn);border-radius:4mm;padding:0 1.25rem 1rem;"             \
	"margin:2rem 0;}\n"                                                                        \
	".card h2{background:var(--warn);color:#fff;border:0;"                                     \
	"margin:0 -1.25rem .8rem;padding:.45em 1.25rem;border-radius:2.5mm 2.5mm 0 0;}\n"          \
	".card h3{color:var(--warn);font-size:1.05rem;border:0;margin:.9em 0 .3em;}\n"             \
	".card ol{font-size:1.1em;font-weight:700;}\n"                                             \
	".card table{font-size:.9em;}\n"                                                           \
	".page-break{height:0;margin:0;}\n"                                                        \
	"@media (max-width:40rem){html{font-size:15px;}main{padding:1rem .8rem 3rem;}"             \
	"th,td{padding:.3em .4em;}.cover{padding:1.5rem 1rem;}h1,.cover h1{"                       \
	"font-size:1.6rem;}}\n"                                                                    \
	"@media print{*{-webkit-print-color-adjust:exact;print-color-adjust:exact;}"               \
	"html{font-size:10pt;}body{background:none;}"                                              \
	"main{max-width:none;margin:0;padding:0;}"                                                 \
	"a{color:inherit;text-decoration:none;}"                                                   \
	".tw{overflow:visible;}thead{display:table-header-group;}"                                 \
	"tr,li,.card{break-inside:avoid;}h2,h3,h4{break-after:avoid;}"                             \
	"h2{margin-top:0;}p{orphans:3;widows:3;}"                                                  \
	".page-break{display:block;break-after:page;}"                                             \
	".cover{min-height:245mm;margin:0;padding:40mm 14mm 0;break-after:page;}"                  \
	".cover h1{font-size:24pt;}.cover p strong{font-size:16pt;}"                               \
	".card{margin:0;}}\n"

/* ---- Inline text --------------------------------------------------------- */

static void w_span(struct buf *b, const struct doc_span *s)
{
	bool mark = !(s->style & DOC_FIXED) && policy_is_placeholder(s->text);
	bool link = s->href && html_url_ok(s->href);

	if (mark)
		HTML_RAW(b, "<mark class=\"placeholder\" title=\"記入が必要です\">");
	if (s->style & DOC_STRONG)
		HTML_RAW(b, "<strong>");
	if (s->style & DOC_SMALL)
		HTML_RAW(b, "<small>");
	if (s->style & DOC_NOBREAK)
		HTML_RAW(b, "<span class=\"nb\">");
	if (link) {
		HTML_RAW(b, "<a");
		html_url_attr(b, "href", s->href);
		HTML_RAW(b, ">");
	}
	html_text_br(b, s->text);
	if (link)
		HTML_RAW(b, "</a>");
	if (s->style & DOC_NOBREAK)
		HTML_RAW(b, "</span>");
	if (s->style & DOC_SMALL)
		HTML_RAW(b, "</small>");
	if (s->style & DOC_STRONG)
		HTML_RAW(b, "</strong>");
	if (mark)
		HTML_RAW(b, "</mark>");
}

static void w_text(struct buf *b, const struct doc_text *t)
{
	for (const struct doc_line *l = t->first; l; l = l->next) {
		if (l != t->first)
			HTML_RAW(b, "<br>\n");
		for (const struct doc_span *s = l->first; s; s = s->next)
			w_span(b, s);
	}
}

/* ---- Blocks -------------------------------------------------------------- */

static void w_heading(struct buf *b, const struct doc_block *h)
{
	switch (h->level) {
	case 1:
		HTML_RAW(b, "<h1");
		break;
	case 2:
		HTML_RAW(b, "<h2");
		break;
	case 3:
		HTML_RAW(b, "<h3");
		break;
	default:
		HTML_RAW(b, "<h4");
		break;
	}
	if (h->anchor)
		html_attr(b, "id", h->anchor);
	HTML_RAW(b, ">");
	if (h->number) {
		HTML_RAW(b, "<span class=\"num\">");
		html_text(b, h->number);
		if (h->level == 2)
			HTML_RAW(b, ".");
		HTML_RAW(b, "</span>");
	}
	w_text(b, &h->text);
	switch (h->level) {
	case 1:
		HTML_RAW(b, "</h1>\n");
		break;
	case 2:
		HTML_RAW(b, "</h2>\n");
		break;
	case 3:
		HTML_RAW(b, "</h3>\n");
		break;
	default:
		HTML_RAW(b, "</h4>\n");
		break;
	}
}

static void w_list(struct buf *b, const struct doc_block *l)
{
	switch (l->list) {
	case DOC_NUMBERED:
		HTML_RAW(b, "<ol>\n");
		break;
	case DOC_CHECKLIST:
		HTML_RAW(b, "<ul class=\"check\">\n");
		break;
	case DOC_BULLET:
		HTML_RAW(b, "<ul>\n");
		break;
	}
	for (const struct doc_item *it = l->items; it; it = it->next) {
		HTML_RAW(b, "<li>");
		w_text(b, &it->text);
		if (it->sub) {
			HTML_RAW(b, "\n");
			w_list(b, it->sub);
		}
		HTML_RAW(b, "</li>\n");
	}
	if (l->list == DOC_NUMBERED)
		HTML_RAW(b, "</ol>\n");
	else
		HTML_RAW(b, "</ul>\n");
}

/* A table cell's lines as blocks, so the steps of a procedure stand apart. */
static void w_cell_text(struct buf *b, const struct doc_text *t)
{
	if (!t->first || !t->first->next) {
		w_text(b, t);
		return;
	}
	for (const struct doc_line *l = t->first; l; l = l->next) {
		HTML_RAW(b, "<div>");
		for (const struct doc_span *s = l->first; s; s = s->next)
			w_span(b, s);
		HTML_RAW(b, "</div>");
	}
}

static void w_row(struct buf *b, const struct doc_row *r, size_t ncols, bool head, bool keys)
{
	const struct doc_cell *c = r->first;

	HTML_RAW(b, "<tr>");
	for (size_t i = 0; i < ncols; i++) {
		if (head)
			HTML_RAW(b, "<th scope=\"col\">");
		else if (keys && i == 0)
			HTML_RAW(b, "<th scope=\"row\">");
		else
			HTML_RAW(b, "<td>");
		if (c) {
			w_cell_text(b, &c->text);
			c = c->next;
		}
		if (head || (keys && i == 0))
			HTML_RAW(b, "</th>");
		else
			HTML_RAW(b, "</td>");
	}
	HTML_RAW(b, "</tr>\n");
}

static void w_table(struct buf *b, const struct doc_block *t)
{
	bool keys = t->flags & DOC_TABLE_KEYS;

	HTML_RAW(b, "<div class=\"tw\"><table>\n");
	if (t->head) {
		HTML_RAW(b, "<thead>");
		w_row(b, t->head, t->ncols, true, false);
		HTML_RAW(b, "</thead>\n");
	}
	HTML_RAW(b, "<tbody>\n");
	for (const struct doc_row *r = t->rows; r; r = r->next)
		w_row(b, r, t->ncols, false, keys);
	HTML_RAW(b, "</tbody></table></div>\n");
}

static void w_toc(struct buf *b, const struct doc *d, const struct doc_block *toc)
{
	HTML_RAW(b, "<nav class=\"toc\" id=\"toc\">\n<h2>");
	w_text(b, &toc->text);
	HTML_RAW(b, "</h2>\n<ul>\n");
	for (const struct doc_block *h = d->first; h; h = h->next) {
		if (h->kind != DOC_HEADING || !h->in_toc || !h->anchor)
			continue;
		if (h->level == 2)
			HTML_RAW(b, "<li class=\"lv2\"><a");
		else
			HTML_RAW(b, "<li class=\"lv3\"><a");
		HTML_RAW(b, " href=\"#");
		html_text(b, h->anchor);
		HTML_RAW(b, "\">");
		if (h->number) {
			HTML_RAW(b, "<span class=\"num\">");
			html_text(b, h->number);
			if (h->level == 2)
				HTML_RAW(b, ".");
			HTML_RAW(b, "</span>");
		}
		w_text(b, &h->text);
		HTML_RAW(b, "</a></li>\n");
	}
	HTML_RAW(b, "</ul>\n</nav>\n");
}

static void w_block(struct buf *b, const struct doc *d, const struct doc_block *k)
{
	switch (k->kind) {
	case DOC_HEADING:
		w_heading(b, k);
		break;
	case DOC_PARA:
		HTML_RAW(b, "<p>");
		w_text(b, &k->text);
		HTML_RAW(b, "</p>\n");
		break;
	case DOC_NOTE:
		HTML_RAW(b, "<p class=\"note\">");
		w_text(b, &k->text);
		HTML_RAW(b, "</p>\n");
		break;
	case DOC_LIST:
		w_list(b, k);
		break;
	case DOC_TABLE:
		w_table(b, k);
		break;
	case DOC_TOC:
		w_toc(b, d, k);
		break;
	case DOC_PAGE_BREAK:
		HTML_RAW(b, "<div class=\"page-break\"></div>\n");
		break;
	case DOC_BOX_BEGIN:
		HTML_RAW(b, "<section");
		html_attr(b, "class", k->box);
		HTML_RAW(b, ">\n");
		break;
	case DOC_BOX_END:
		HTML_RAW(b, "</section>\n");
		break;
	}
}

/* The whole file. A Content-Security-Policy forbids scripts and every
 * external fetch, should a text ever slip through unescaped. */
int doc_write_html(const struct doc *d, struct buf *out, struct mo_err *e)
{
	HTML_RAW(out, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		      "style-src 'unsafe-inline'; img-src data:\">\n"
		      "<meta name=\"generator\" content=\"moshimo\">\n<title>");
	html_text(out, d->title);
	HTML_RAW(out, "</title>\n<style>\n" MANUAL_CSS "</style>\n</head>\n<body>\n<main>\n");
	for (const struct doc_block *k = d->first; k; k = k->next)
		w_block(out, d, k);
	HTML_RAW(out, "</main>\n</body>\n</html>\n");
	if (out->failed)
		return mo_err_oom(e, NULL);
	return 0;
}
