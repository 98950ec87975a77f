/* Replies: one function queues every response, so each carries the
 * security headers and is logged with its status and size. */
#include "web/webInt.h"

#include <unistd.h>

#include <sodium.h>

void web_add_header(struct web_req *r, const char *name, const char *value)
{
	if (r->n_hdrs == MO_ARRAY_SIZE(r->hdrs))
		return;
	r->hdrs[r->n_hdrs].name = name;
	snprintf(r->hdrs[r->n_hdrs].value, sizeof(r->hdrs[0].value), "%s", value);
	r->n_hdrs++;
}

/* A file name for Content-Disposition: ours, but kept to a safe alphabet
 * all the same so it cannot break the header. */
static void safe_filename(const char *in, char *out, size_t size)
{
	size_t o = 0;

	for (; *in && o + 1 < size; in++)
		out[o++] = ((*in >= 'a' && *in <= 'z') || (*in >= 'A' && *in <= 'Z') ||
			    (*in >= '0' && *in <= '9') || *in == '.' || *in == '-' || *in == '_')
				   ? *in
				   : '_';
	out[o] = '\0';
}

/* Content-Disposition: attachment with an ASCII name of the safe
 * alphabet, and the whole name (a Japanese one) as RFC 6266's filename*
 * in UTF-8, every byte outside RFC 5987's attr-char percent-encoded: no
 * quote, semicolon, CR or LF can reach the header. */
static void disposition(struct MHD_Response *resp, const char *filename)
{
	static const char hex[] = "0123456789ABCDEF";
	char name[128], pct[600], disp[800];
	size_t o = 0;

	safe_filename(filename, name, sizeof(name));
	for (const unsigned char *c = (const unsigned char *)filename; *c && o + 4 < sizeof(pct);
	     c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("!#$&+-.^_`|~", *c)) {
			pct[o++] = (char)*c;
		} else {
			pct[o++] = '%';
			pct[o++] = hex[*c >> 4];
			pct[o++] = hex[*c & 15];
		}
	}
	pct[o] = '\0';
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"; filename*=UTF-8''%s", name, pct);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disp);
}

int web_reply_file(struct web_req *r, int fd, uint64_t size, const char *filename)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	/* MHD closes fd when the response is destroyed. */
	resp = MHD_create_response_from_fd64(size, fd);
	if (!resp) {
		close(fd);
		return -1;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/octet-stream");
	web_headers(r, resp, REPLY_DOWNLOAD, NULL);
	disposition(resp, filename);
	for (size_t i = 0; i < r->n_hdrs; i++)
		MHD_add_response_header(resp, r->hdrs[i].name, r->hdrs[i].value);
	ret = MHD_queue_response(r->conn, 200, resp);
	MHD_destroy_response(resp);
	r->status = 200;
	r->sent = (size_t)size;
	r->state = REQ_REPLIED;
	return ret == MHD_YES ? 0 : -1;
}

int web_reply(struct web_req *r, unsigned status, enum reply_kind kind, const char *type,
	      const void *data, size_t len, const char *csp, const char *filename)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(len, (void *)(uintptr_t)data, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return -1;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	web_headers(r, resp, kind, csp);
	if (filename)
		disposition(resp, filename);
	for (size_t i = 0; i < r->n_hdrs; i++)
		MHD_add_response_header(resp, r->hdrs[i].name, r->hdrs[i].value);
	ret = MHD_queue_response(r->conn, status, resp);
	MHD_destroy_response(resp);
	r->status = status;
	r->sent = len;
	r->state = REQ_REPLIED;
	return ret == MHD_YES ? 0 : -1;
}

int web_reply_page(struct web_req *r, unsigned status, struct buf *page)
{
	int rc;

	if (page->failed) {
		buf_release(page);
		return web_reply(r, 500, REPLY_TEXT, "text/plain; charset=utf-8", "out of memory\n",
				 14, NULL, NULL);
	}
	rc = web_reply(r, status, REPLY_PAGE, "text/html; charset=utf-8", buf_str(page), page->len,
		       NULL, NULL);
	buf_release(page);
	return rc;
}

int web_reply_json(struct web_req *r, unsigned status, json_t *j)
{
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	int rc;

	json_decref(j);
	if (!text)
		return web_reply(
			r, 500, REPLY_JSON, "application/json",
			"{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}", 56,
			NULL, NULL);
	rc = web_reply(r, status, REPLY_JSON, "application/json", text, strlen(text), NULL, NULL);
	free(text);
	return rc;
}

static bool wants_json(struct web_req *r)
{
	if (r->route)
		return (r->route->flags & RF_API) != 0;
	return strncmp(r->path, "/api/", 5) == 0 || strcmp(r->path, "/healthz") == 0;
}

static const char *error_title(unsigned status)
{
	switch (status) {
	case 400:
		return "リクエストが正しくありません";
	case 401:
		return "ログインが必要です";
	case 403:
		return "この操作の権限がありません";
	case 404:
		return "見つかりません";
	case 405:
		return "この方法では使えません";
	case 409:
		return "いまの状態ではできません";
	case 413:
		return "送信された内容が大きすぎます";
	case 415:
		return "送信された形式が正しくありません";
	case 422:
		return "入力内容を確認してください";
	case 429:
		return "しばらく待ってからやり直してください";
	case 503:
		return "いまは受け付けられません";
	default:
		return "エラーが起きました";
	}
}

static int reply_error(struct web_req *r, unsigned status, const char *code, const char *message,
		       const char *rid)
{
	struct buf b;

	if (status == 401 && wants_json(r))
		web_add_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"moshimo\"");
	if (wants_json(r))
		return web_reply_json(r, status,
				      rid ? json_pack("{s:{s:s,s:s,s:s}}", "error", "code", code,
						      "message", message ? message : "",
						      "request_id", rid)
					  : json_pack("{s:{s:s,s:s}}", "error", "code", code,
						      "message", message ? message : ""));
	buf_init(&b, 0);
	page_start(r, &b, error_title(status));
	HTML_RAW(&b, "<h1>");
	html_text(&b, error_title(status));
	HTML_RAW(&b, "</h1>\n");
	if (message && *message)
		page_error(&b, message);
	if (rid) {
		HTML_RAW(&b, "<p>要求ID: <code>");
		html_text(&b, rid);
		HTML_RAW(&b, "</code>（管理者がサーバーの記録で原因を確かめられます）</p>\n");
	}
	HTML_RAW(&b, "<p><a href=\"/\">トップへ戻る</a></p>\n");
	page_end(r, &b);
	return web_reply_page(r, status, &b);
}

/* What a client reads for a failure of the machine, by code: never the
 * message itself (it may be SQLite's, with paths), which goes to the log
 * under a request id that the reply carries. */
static const struct {
	int code;
	const char *ja;
	const char *en;
} internal_texts[] = {
	{MO_EBUSY, "データベースが使用中です。しばらくしてからもう一度お試しください。",
	 "the database is busy; try again"},
	{MO_EIO,
	 "サーバーがデータを書き込めません（ディスクの空き不足など）。管理者に連絡してください。",
	 "the server cannot write its data (disk full or failing); tell the administrator"},
	{MO_ENOMEM, "サーバーのメモリが不足しています。しばらくしてからもう一度お試しください。",
	 "the server is out of memory; try again"},
	{MO_EINTERNAL, "サーバー内部でエラーが発生しました。管理者に連絡してください。",
	 "internal error; the server's log has the details"},
};

static int reply_internal(struct web_req *r, int code, const char *private_msg)
{
	unsigned char raw[8];
	char rid[2 * sizeof(raw) + 1];
	const char *text = NULL;

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(rid, sizeof(rid), raw, sizeof(raw));
	fprintf(stderr, "moshimo: error %s %s %s: %s\n", rid, r->method ? r->method : "-",
		r->log_path, private_msg && *private_msg ? private_msg : "(no message)");
	web_add_header(r, "X-Request-Id", rid);
	if (code == MO_EBUSY)
		web_add_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "5");
	for (size_t i = 0; i < MO_ARRAY_SIZE(internal_texts); i++)
		if (internal_texts[i].code == code)
			text = wants_json(r) ? internal_texts[i].en : internal_texts[i].ja;
	if (!text)
		text = wants_json(r) ? internal_texts[MO_ARRAY_SIZE(internal_texts) - 1].en
				     : internal_texts[MO_ARRAY_SIZE(internal_texts) - 1].ja;
	return reply_error(r, mo_code_http(code), mo_code_name(code), text, rid);
}

int web_reply_error(struct web_req *r, unsigned status, const char *code, const char *message)
{
	/* A 500's message is the machine's: logged, not sent. */
	if (status == 500)
		return reply_internal(r, MO_EINTERNAL, message);
	return reply_error(r, status, code, message, NULL);
}

int web_reply_err(struct web_req *r, const struct mo_err *e)
{
	int code = e && e->code > MO_OK && e->code < MO_CODE_COUNT ? e->code : MO_EINTERNAL;

	if (mo_code_internal(code))
		return reply_internal(r, code, e ? e->msg : NULL);
	return reply_error(r, mo_code_http(code), mo_code_name(code), e->msg, NULL);
}

int web_reply_fail(struct web_req *r, const struct mo_err *e)
{
	int code = e && mo_code_internal(e->code) ? e->code : MO_EINTERNAL;

	return reply_internal(r, code, e ? e->msg : NULL);
}

bool web_local_path(const char *p)
{
	size_t n = 0;

	/* "//host" and "/\\host" are other sites to a browser, which also
	 * drops tabs and newlines anywhere before it reads the URL
	 * ("/\t/evil.example/" is "//evil.example/"): one printable ASCII path
	 * of ours or nothing. */
	if (!p || p[0] != '/' || p[1] == '/')
		return false;
	for (; p[n]; n++) {
		unsigned char c = (unsigned char)p[n];

		if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '"' || c == '<' || c == '>')
			return false;
	}
	return n < 512;
}

int web_redirect(struct web_req *r, const char *path)
{
	if (!web_local_path(path))
		path = "/";
	web_add_header(r, MHD_HTTP_HEADER_LOCATION, path);
	return web_reply(r, 303, REPLY_TEXT, "text/plain; charset=utf-8", "", 0, NULL, NULL);
}

int web_redirectf(struct web_req *r, const char *fmt, ...)
{
	char path[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return web_redirect(r, path);
}
