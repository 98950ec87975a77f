/* Admin's 報告リンク page: the report link with the public URL in front,
 * its QR code (SVG, PNG) at any time, a printable A4 「報告はこちら」 sheet,
 * and changing the link (which says that what was printed must be printed
 * again). Also the public base that every printed link uses. */
#include "web/reportlink.h"
#include "engine/notify_out.h"
#include "render/qr_image.h"
#include "store/auth.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sodium.h>

int web_public_base(const struct web_server *srv, const struct policy *p, char *out, size_t size)
{
	struct engine en;

	memset(&en, 0, sizeof(en));
	en.p = p;
	en.notify = srv->notify;
	en.public_url = srv->public_url;
	return engine_public_base(&en, out, size);
}

/* This machine's first IPv4 address that is up and not loopback, into out;
 * 0, or 1 when there is none. */
static int web_lan_address(char *out, size_t size)
{
	struct ifaddrs *ifa = NULL;
	int rc = 1;

	out[0] = '\0';
	if (getifaddrs(&ifa) != 0)
		return 1;
	for (struct ifaddrs *i = ifa; i && rc; i = i->ifa_next) {
		const struct sockaddr_in *sin =
			(const struct sockaddr_in *)(const void *)i->ifa_addr;

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !(i->ifa_flags & IFF_UP) ||
		    (i->ifa_flags & IFF_LOOPBACK))
			continue;
		if (inet_ntop(AF_INET, &sin->sin_addr, out, (socklen_t)size))
			rc = 0;
	}
	freeifaddrs(ifa);
	return rc;
}

void web_link_base(const struct web_server *srv, const struct policy *p, const char *listen_base,
		   char *out, size_t size)
{
	const char *host = strstr(listen_base, "://");
	char lan[64];

	if (web_public_base(srv, p, out, size) == 0)
		return;
	host = host ? host + 3 : listen_base;
	if ((!strncmp(host, "0.0.0.0:", 8) || !strncmp(host, "[::]:", 5)) &&
	    web_lan_address(lan, sizeof(lan)) == 0) {
		snprintf(out, size, "%.*s%s%s", (int)(host - listen_base), listen_base, lan,
			 strchr(host, ']') ? strchr(host, ']') + 1 : strchr(host, ':'));
	} else {
		snprintf(out, size, "%s", listen_base);
	}
	{
		size_t n = strlen(out);

		while (n && out[n - 1] == '/')
			out[--n] = '\0';
	}
}

/* The base for links on this request: the public one, else the Host the
 * browser used. *public_known says which. */
static void request_base(struct web_req *r, char *out, size_t size, bool *public_known)
{
	const char *host = web_header(r, MHD_HTTP_HEADER_HOST);

	*public_known = web_public_base(r->srv, r->p, out, size) == 0;
	if (*public_known)
		return;
	if (host && web_text_ok(host, false) && !strpbrk(host, "/\\\"<> "))
		snprintf(out, size, "%s://%s", r->srv->tls ? "https" : "http", host);
	else
		out[0] = '\0';
}

/* The current report link's URL into out: 0, or 1 when the link was made
 * before its token was kept (only its hash is known), -1 with e set. */
static int current_link(struct web_req *r, char *out, size_t size, bool *public_known,
			struct mo_err *e)
{
	char token[128], hash[STORE_HASH_HEX], live[STORE_HASH_HEX], base[400], path[160];
	struct store *st = web_reader(r->srv, e);
	int rc;

	if (!st)
		return -1;
	rc = store_setting_get(st, REPORT_LINK_TOKEN_SETTING, token, sizeof(token), e);
	if (rc)
		return rc;
	auth_token_hash(token, hash);
	pthread_mutex_lock(&r->srv->lock);
	snprintf(live, sizeof(live), "%s", r->srv->link_hash);
	pthread_mutex_unlock(&r->srv->lock);
	/* a kept token that is not the live link's (changed elsewhere) is not shown */
	if (sodium_memcmp(hash, live, sizeof(hash)) != 0) {
		sodium_memzero(token, sizeof(token));
		return 1;
	}
	request_base(r, base, sizeof(base), public_known);
	auth_link_path(token, path, sizeof(path));
	snprintf(out, size, "%s%s", base, path);
	sodium_memzero(token, sizeof(token));
	return 0;
}

int page_reportlink(struct web_req *r)
{
	const char *rotated = web_query(r, "rotated");
	char url[600], base[400];
	bool public_known = false;
	struct mo_err e;
	struct buf b;
	int rc;

	mo_err_clear(&e);
	rc = current_link(r, url, sizeof(url), &public_known, &e);
	if (rc < 0)
		return web_reply_fail(r, &e);
	if (rc)
		request_base(r, base, sizeof(base), &public_known);
	buf_init(&b, 0);
	page_start(r, &b, "報告リンク");
	HTML_RAW(&b, "<h1>報告リンク</h1>\n");
	if (rotated && !strcmp(rotated, "1"))
		HTML_RAW(
			&b,
			"<div class=\"error\" role=\"alert\">報告リンクを変更しました。前のリンクは"
			"もう使えません。印刷した緊急連絡カード・ポスター・「報告はこちら」の紙は"
			"刷り直して、貼り替えてください。</div>\n");
	HTML_RAW(&b, "<p>従業員はこのリンク（または QR コード）から、アカウントなしで報告できます。"
		     "</p>\n");
	if (!public_known)
		HTML_RAW(&b,
			 "<div class=\"error\" role=\"alert\">公開 URL が設定されていません。"
			 "従業員のスマートフォンから開ける URL を <code>serve --public-url</code> "
			 "または notify.yaml の <code>public_url</code> に設定してください（いまは"
			 "この画面を開いたアドレスを使っています）。</div>\n");
	if (rc == 0) {
		HTML_RAW(&b, "<p><code class=\"secret\"><a");
		html_attr(&b, "href", url);
		HTML_RAW(&b, ">");
		html_text(&b, url);
		HTML_RAW(
			&b,
			"</a></code></p>\n<p><img src=\"/admin/reportlink/qr.svg\" width=\"240\" "
			"height=\"240\" alt=\"報告リンクの QR コード\"></p>\n<p class=\"row\">"
			"<a class=\"button\" href=\"/admin/reportlink/sheet\">「報告はこちら」"
			"の紙（A4）を印刷</a> <a href=\"/admin/reportlink/qr.svg\">QR コード（SVG）"
			"</a> <a href=\"/admin/reportlink/qr.png\">QR コード（PNG）</a></p>\n");
		if (r->p->org.report_url && strcmp(r->p->org.report_url, url) != 0) {
			HTML_RAW(
				&b,
				"<p class=\"muted\">緊急連絡カードとポスターの QR コードは、ポリシーの "
				"organization.report_url（");
			html_text(&b, r->p->org.report_url);
			HTML_RAW(&b, "）を指しています。このリンクと同じにするには、ポリシーを"
				     "書き換えてください。</p>\n");
		}
	} else {
		HTML_RAW(&b,
			 "<p class=\"muted\">いまのリンクは作成時に一度だけ表示する方式で作られた"
			 "ため、ここには表示できません。下のボタンで変更すると、これからはいつでも"
			 "表示できます。</p>\n");
	}
	HTML_RAW(&b, "<h2>リンクを変更する</h2>\n<p>リンクが漏れたときや、いたずらの報告が続くとき"
		     "に変更します。<strong>変更すると前のリンクは使えなくなり、印刷した緊急連絡"
		     "カード・ポスター・「報告はこちら」の紙はすべて刷り直しが必要です。</strong>"
		     "</p>\n<form method=\"post\" action=\"/admin/reportlink\">");
	page_csrf(r, &b);
	HTML_RAW(&b, "<button type=\"submit\" class=\"secondary\">報告リンクを変更する</button>"
		     "</form>\n");
	page_end(r, &b);
	return web_reply_page(r, 200, &b);
}

struct rotate_job {
	char token[64];
	char hash[STORE_HASH_HEX];
};

static int rotate_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct rotate_job *j = arg;

	if (store_setting_put(en->st, "report_link", j->hash, e) ||
	    store_setting_put(en->st, REPORT_LINK_TOKEN_SETTING, j->token, e))
		return -1;
	return 0;
}

static void rotate_free(void *arg)
{
	sodium_memzero(arg, sizeof(struct rotate_job));
	free(arg);
}

static int rotate_done(struct web_req *r, int rc, const struct mo_err *e)
{
	struct rotate_job *j = r->arg;

	if (rc)
		return web_reply_err(r, e);
	pthread_mutex_lock(&r->srv->lock);
	snprintf(r->srv->link_hash, sizeof(r->srv->link_hash), "%s", j->hash);
	pthread_mutex_unlock(&r->srv->lock);
	return web_redirect(r, "/admin/reportlink?rotated=1");
}

int page_reportlink_rotate(struct web_req *r)
{
	struct rotate_job *j = calloc(1, sizeof(*j));

	if (!j)
		return web_reply_error(r, 500, "internal", "out of memory");
	auth_token_new(j->token, sizeof(j->token));
	auth_token_hash(j->token, j->hash);
	if (web_submit(r, rotate_write, j, rotate_free, rotate_done))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています");
	return 0;
}

/* The current link or a 404 saying how to get one. */
static int link_or_reply(struct web_req *r, char *url, size_t size, int *replied)
{
	bool public_known;
	struct mo_err e;
	int rc;

	mo_err_clear(&e);
	*replied = 0;
	rc = current_link(r, url, size, &public_known, &e);
	if (rc < 0) {
		*replied = 1;
		web_reply_fail(r, &e);
	} else if (rc > 0) {
		*replied = 1;
		web_reply_error(r, 404, "not_found",
				"報告リンクを表示するには、管理画面で一度変更してください");
	}
	return rc;
}

static int qr_reply(struct web_req *r, bool png)
{
	char url[600];
	struct mo_err e;
	struct buf b;
	int replied, rc;

	if (link_or_reply(r, url, sizeof(url), &replied))
		return 0;
	mo_err_clear(&e);
	buf_init(&b, 1 << 22);
	rc = png ? render_qr_png(url, 10, &b, &e) : render_qr_svg(url, &b, &e);
	if (rc)
		rc = web_reply_err(r, &e);
	else
		rc = web_reply(r, 200, REPLY_DOWNLOAD, png ? "image/png" : "image/svg+xml", b.data,
			       b.len, NULL, png ? "report-link-qr.png" : "report-link-qr.svg");
	buf_release(&b);
	return rc;
}

int page_reportlink_qr_svg(struct web_req *r)
{
	return qr_reply(r, false);
}

int page_reportlink_qr_png(struct web_req *r)
{
	return qr_reply(r, true);
}

/* The sheet's own style: an A4 page, the QR code 120 mm wide. */
#define SHEET_CSS                                                                                  \
	"@page{size:A4;margin:15mm}"                                                               \
	"body{font-family:'Noto Sans CJK JP',sans-serif;text-align:center;color:#000;margin:0}"    \
	".org{font-size:14pt;margin:0 0 6mm}"                                                      \
	"h1{font-size:48pt;margin:8mm 0 4mm;letter-spacing:.1em}"                                  \
	".lead{font-size:16pt;margin:0 0 8mm}"                                                     \
	".qr{width:120mm;height:120mm;display:block;margin:0 auto}"                                \
	".url{font-family:monospace;font-size:11pt;word-break:break-all;margin:6mm 10mm}"          \
	".how{font-size:13pt;line-height:1.7;margin:6mm 12mm;text-align:left}"                     \
	".noprint{font-size:11pt;color:#555}@media print{.noprint{display:none}}"

int page_reportlink_sheet(struct web_req *r)
{
	char url[600], csp[256], b64[128];
	unsigned char d[crypto_hash_sha256_BYTES];
	struct buf b, svg;
	struct mo_err e;
	int replied, rc;

	if (link_or_reply(r, url, sizeof(url), &replied))
		return 0;
	mo_err_clear(&e);
	buf_init(&svg, 1 << 22);
	if (render_qr_svg(url, &svg, &e)) {
		buf_release(&svg);
		return web_reply_err(r, &e);
	}
	crypto_hash_sha256(d, (const unsigned char *)SHEET_CSS, sizeof(SHEET_CSS) - 1);
	sodium_bin2base64(b64, sizeof(b64), d, sizeof(d), sodium_base64_VARIANT_ORIGINAL);
	snprintf(csp, sizeof(csp),
		 "default-src 'none'; style-src 'sha256-%s'; img-src data:; form-action 'none'; "
		 "frame-ancestors 'none'; base-uri 'none'",
		 b64);
	buf_init(&b, 1 << 23);
	HTML_RAW(&b, "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
		     "<title>報告はこちら</title><style>");
	HTML_RAW(&b, SHEET_CSS);
	HTML_RAW(&b, "</style></head><body>\n<p class=\"noprint\">この紙を A4 で印刷して、"
		     "休憩室や各部署に貼ってください（ブラウザーの印刷で「背景のグラフィック」は"
		     "不要です）。</p>\n<p class=\"org\">");
	html_text(&b, r->p->org.name ? r->p->org.name : "");
	HTML_RAW(
		&b,
		"</p>\n<h1>報告はこちら</h1>\n<p class=\"lead\">情報セキュリティの事故や、"
		"「おかしい」と思ったことを見つけたら、すぐに報告してください。</p>\n"
		"<img class=\"qr\" alt=\"報告ページの QR コード\" src=\"data:image/svg+xml;base64,");
	{
		size_t n = sodium_base64_encoded_len(svg.len, sodium_base64_VARIANT_ORIGINAL);
		char *enc = malloc(n);

		if (enc) {
			sodium_bin2base64(enc, n, (const unsigned char *)svg.data, svg.len,
					  sodium_base64_VARIANT_ORIGINAL);
			html_text(&b, enc);
			free(enc);
		}
	}
	HTML_RAW(&b, "\">\n<p class=\"url\">");
	html_text(&b, url);
	HTML_RAW(&b,
		 "</p>\n<div class=\"how\">・スマートフォンのカメラで QR コードを読み取ると、"
		 "報告の画面が開きます。アカウントは要りません。<br>・何が起きたか、いつ気づいたか"
		 "を選んで送るだけで、担当者に知らされ、すぐにすることが表示されます。</div>\n"
		 "</body></html>\n");
	buf_release(&svg);
	rc = b.failed ? web_reply_error(r, 500, "internal", "out of memory")
		      : web_reply(r, 200, REPLY_DOC, "text/html; charset=utf-8", b.data, b.len, csp,
				  NULL);
	buf_release(&b);
	return rc;
}
