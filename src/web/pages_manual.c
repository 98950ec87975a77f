/* The Manual page: the policy's manual as render/ makes it (HTML, framed
 * in our page with its own CSP that allows only its own <style>), and the
 * manual and the card to download. */
#include "web/webInt.h"
#include "revise/revise.h"
#include "render/doc_format.h"
#include "render/manual.h"

int page_manual(struct web_req *r)
{
	struct buf b;

	buf_init(&b, 0);
	page_start(r, &b, "マニュアル");
	HTML_RAW(&b, "<h1>インシデント対応マニュアル</h1>\n<p class=\"row\">"
		     "<a class=\"button\" href=\"/manual/document\">全画面で開く・印刷</a> "
		     "<a class=\"button secondary\" href=\"/manual/download/card.html\">"
		     "緊急連絡カード</a> "
		     "<a href=\"/manual/download/manual.md\">Markdown</a> "
		     "<a href=\"/manual/download/manual.html\">HTML</a>");
	if (doc_format_find("pdf"))
		HTML_RAW(&b, " <a href=\"/manual/download/manual.pdf\">PDF</a>");
	HTML_RAW(&b, "</p>\n");
	if (r->pol->findings.warnings && r->who.role >= ROLE_ADMIN)
		HTML_RAW(&b,
			 "<p class=\"muted\">ポリシーに指摘があります（<a href=\"/admin#policy\">"
			 "管理</a>で確認できます）。</p>\n");
	HTML_RAW(&b, "<iframe class=\"manual\" src=\"/manual/document\" "
		     "title=\"インシデント対応マニュアル\"></iframe>\n");
	page_end(r, &b);
	return web_reply_page(r, 200, &b);
}

int page_manual_document(struct web_req *r)
{
	const char *csp;
	size_t len;
	const char *html = web_policy_manual(r->pol, &len, &csp);

	if (!html)
		return web_reply_error(r, 500, "internal", "マニュアルを作れませんでした");
	return web_reply(r, 200, REPLY_DOC, "text/html; charset=utf-8", html, len, csp, NULL);
}

int page_manual_download(struct web_req *r)
{
	static const struct {
		const char *file;
		const char *format;
		bool card;
		const char *type;
	} files[] = {
		{"manual.md", "md", false, "text/markdown; charset=utf-8"},
		{"manual.html", "html", false, "text/html; charset=utf-8"},
		{"card.html", "html", true, "text/html; charset=utf-8"},
		{"card.md", "md", true, "text/markdown; charset=utf-8"},
		{"manual.pdf", "pdf", false, "application/pdf"},
		{"card.pdf", "pdf", true, "application/pdf"},
	};
	struct render_opts ro = {NULL};
	struct revise_render hist;
	struct mo_err e;
	struct buf b;
	size_t i;
	int rc;

	for (i = 0; i < MO_ARRAY_SIZE(files); i++)
		if (strcmp(files[i].file, r->token) == 0)
			break;
	if (i == MO_ARRAY_SIZE(files) || !doc_format_find(files[i].format))
		return web_reply_error(r, 404, "not_found", "その形式はありません");
	buf_init(&b, 0);
	mo_err_clear(&e);
	revise_render_opts(r->srv->data_dir, &ro, &hist); /* the cover's revision, 改訂履歴 */
	rc = manual_write(r->p, &ro, files[i].card ? MANUAL_CARD : MANUAL_FULL, files[i].format, &b,
			  &e);
	revise_render_release(&hist);
	if (rc || b.failed) {
		buf_release(&b);
		return web_reply_error(r, 500, "internal", e.msg[0] ? e.msg : _("out of memory"));
	}
	rc = web_reply(r, 200, REPLY_DOWNLOAD, files[i].type, buf_str(&b), b.len, NULL,
		       files[i].file);
	buf_release(&b);
	return rc;
}
