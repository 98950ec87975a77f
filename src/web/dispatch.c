/* The dispatcher: MHD's access handler. It matches the route table, finds
 * out who is asking, and checks the role, the body's size and type and
 * the form's CSRF token before any handler runs, so no handler can forget
 * them. Also the body's accumulation, evidence uploads (MHD's post
 * processor), resuming after a write, and the access log. */
#include "web/webInt.h"
#include "util/strnum.h"
#include "util/timefmt.h"

#include <fcntl.h>
#include <sodium.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- matching ---- */

static bool token_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.';
}

/* Matches path against pattern, filling r's {id}, {n} and other {x}
 * (into r->token). */
static bool match(const char *pattern, const char *path, struct web_req *r)
{
	const char *p = pattern, *s = path;

	while (*p && *s) {
		if (*p == '{') {
			const char *pend = strchr(p, '}');
			size_t len = 0;
			char seg[sizeof(r->token)];

			if (!pend)
				return false;
			while (s[len] && s[len] != '/')
				len++;
			if (len == 0 || len >= sizeof(seg))
				return false;
			memcpy(seg, s, len);
			seg[len] = '\0';
			if (strncmp(p, "{id}", 4) == 0) {
				if (engine_parse_ref(seg, &r->id))
					return false;
			} else if (strncmp(p, "{n}", 3) == 0) {
				long v;

				if (str_to_long(seg, 1, 9999, &v))
					return false;
				r->n = (int)v;
			} else {
				for (size_t i = 0; i < len; i++)
					if (!token_char(seg[i]))
						return false;
				if (len >= sizeof(r->token))
					return false;
				memcpy(r->token, seg, len + 1);
			}
			p = pend + 1;
			s += len;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

/* The route for r; NULL with *wrong_method set when only the method did
 * not match. HEAD is served by the GET routes. */
static const struct route *find_route(struct web_req *r, bool *wrong_method, char *allow,
				      size_t size)
{
	const char *m = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;

	*wrong_method = false;
	allow[0] = '\0';
	for (size_t i = 0; i < web_routes_count; i++) {
		const struct route *rt = &web_routes[i];

		r->id = 0;
		r->n = 0;
		r->token[0] = '\0';
		if (!match(rt->pattern, r->path, r))
			continue;
		if (strcmp(rt->method, m) == 0)
			return rt;
		*wrong_method = true;
		if (!strstr(allow, rt->method)) {
			size_t used = strlen(allow);

			snprintf(allow + used, size - used, "%s%s", used ? ", " : "", rt->method);
		}
	}
	return NULL;
}

/* ---- the body ---- */

/* True when the request's Content-Type is the media type want. */
static bool content_type_is(struct web_req *r, const char *want)
{
	const char *ct = web_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n = strlen(want);

	if (!ct)
		return false;
	while (*ct == ' ')
		ct++;
	if (strncasecmp(ct, want, n) != 0)
		return false;
	ct += n;
	while (*ct == ' ')
		ct++;
	return *ct == '\0' || *ct == ';';
}

static bool has_body_method(const char *m)
{
	return strcmp(m, "POST") == 0 || strcmp(m, "PATCH") == 0 || strcmp(m, "PUT") == 0;
}

/* Appends to the value of form field key (fields of a multipart body come
 * in pieces). */
static int form_append(struct form *f, const char *key, const char *data, size_t size)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].key, key) == 0)
			break;
	if (i == f->n) {
		if (f->n == WEB_FORM_MAX)
			return -1;
		f->v[i].key = strdup(key);
		f->v[i].value = calloc(1, 1);
		if (!f->v[i].key || !f->v[i].value) {
			free(f->v[i].key);
			free(f->v[i].value);
			return -1;
		}
		f->n++;
	}
	{
		size_t old = strlen(f->v[i].value);
		char *nv;

		if (old + size > 65536 || memchr(data, '\0', size))
			return -1;
		nv = realloc(f->v[i].value, old + size + 1);
		if (!nv)
			return -1;
		memcpy(nv + old, data, size);
		nv[old + size] = '\0';
		f->v[i].value = nv;
	}
	return 0;
}

/* A file name that is safe in a path: no slashes, no control characters,
 * not hidden; bytes of UTF-8 names are kept. */
static void upload_name(const char *in, char *out, size_t size)
{
	const char *slash = strrchr(in, '/'), *bs = strrchr(in, '\\');
	size_t o = 0;

	if (bs && (!slash || bs > slash))
		slash = bs;
	if (slash)
		in = slash + 1;
	while (*in == '.')
		in++;
	for (; *in && o + 1 < size; in++) {
		unsigned char c = (unsigned char)*in;

		out[o++] = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				   (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'
			       ? (char)c
			       : '_';
	}
	/* Never end inside a UTF-8 sequence cut by the size. */
	while (o && ((unsigned char)out[o - 1] & 0xc0) == 0x80 && o + 1 >= size)
		o--;
	out[o] = '\0';
	if (!o)
		snprintf(out, size, "upload");
}

static enum MHD_Result upload_iter(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *filename, const char *content_type,
				   const char *transfer_encoding, const char *data, uint64_t off,
				   size_t size)
{
	struct web_req *r = cls;

	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (!key)
		return MHD_YES;
	if (strcmp(key, "file") == 0 && filename) {
		if (r->up.fd < 0 && !r->up.path[0]) {
			char name[128];

			/* A folder of its own keeps the browser's file name, which
			 * the evidence record shows. */
			snprintf(r->up.dir, sizeof(r->up.dir), "%s/up-XXXXXX", r->srv->upload_dir);
			if (!mkdtemp(r->up.dir)) {
				r->up.dir[0] = '\0';
				r->bad_body = true;
				return MHD_NO;
			}
			upload_name(filename, name, sizeof(name));
			snprintf(r->up.path, sizeof(r->up.path), "%s/%s", r->up.dir, name);
			r->up.fd = open(r->up.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
			if (r->up.fd < 0) {
				r->up.path[0] = '\0';
				r->bad_body = true;
				return MHD_NO;
			}
			snprintf(r->up.name, sizeof(r->up.name), "%s", filename);
		}
		if (r->up.fd < 0)
			return MHD_YES;         /* only the first file is kept */
		(void)off;
		r->up.size += (int64_t)size;
		if ((uint64_t)r->up.size > WEB_UPLOAD_MAX) {
			r->up.too_big = true;
			return MHD_NO;
		}
		for (size_t done = 0; done < size;) {
			ssize_t w = write(r->up.fd, data + done, size - done);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				r->bad_body = true;
				return MHD_NO;
			}
			done += (size_t)w;
		}
		return MHD_YES;
	}
	if (size && form_append(&r->form, key, data, size)) {
		r->bad_body = true;
		return MHD_NO;
	}
	if (!size && !web_form(r, key) && form_append(&r->form, key, "", 0)) {
		r->bad_body = true;
		return MHD_NO;
	}
	return MHD_YES;
}

static void body_chunk(struct web_req *r, const char *data, size_t size)
{
	if (r->too_big || r->bad_body)
		return;
	if (r->pp) {
		r->body.len += size;    /* counts the bytes; the data goes to the file */
		if (r->body.len > r->limit) {
			r->too_big = true;
			return;
		}
		if (MHD_post_process(r->pp, data, size) != MHD_YES && !r->up.too_big)
			r->bad_body = true;
		if (r->up.too_big)
			r->too_big = true;
		return;
	}
	if (r->body.len + size > r->limit || buf_add(&r->body, data, size))
		r->too_big = true;
}

/* ---- the request's life ---- */

static struct web_req *req_new(struct web_server *srv, struct MHD_Connection *conn,
			       const char *url, const char *method)
{
	struct web_req *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->srv = srv;
	r->conn = conn;
	r->method = method;
	r->t0_ns = now_ns();
	r->up.fd = -1;
	buf_init(&r->body, WEB_UPLOAD_MAX);
	snprintf(r->path, sizeof(r->path), "%s", url);
	/* The path is decoded (%0a is a newline): the log shows it with
	 * control characters and quotes replaced, so it cannot forge lines. */
	snprintf(r->log_path, sizeof(r->log_path), "%s", url);
	for (char *c = r->log_path; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f || *c == '"')
			*c = '?';
	snprintf(r->who.id, sizeof(r->who.id), "-");
	atomic_fetch_add(&srv->inflight, 1);
	return r;
}

static void req_free(struct web_req *r)
{
	if (r->pp)
		MHD_destroy_post_processor(r->pp);
	if (r->up.fd >= 0)
		close(r->up.fd);
	if (r->up.path[0])
		unlink(r->up.path);
	if (r->up.dir[0])
		rmdir(r->up.dir);
	if (r->arg_free)
		r->arg_free(r->arg);
	form_release(&r->form);
	json_decref(r->json);
	buf_release(&r->body);
	if (r->pol)
		web_policy_put(r->pol);
	sodium_memzero(&r->who, sizeof(r->who));
	free(r);
}

/* Checks everything a route asks before its handler may run. Returns 1
 * when the request may go on, 0 when a reply was queued, -1 on failure. */
static int admit(struct web_req *r)
{
	const struct route *rt;
	bool wrong_method;
	char allow[64];
	struct mo_err e;
	const char *cl;

	if (atomic_load(&r->srv->stopping))
		return web_reply_error(r, 503, "unavailable", "サーバーを停止しています") ? -1 : 0;
	if (strlen(r->path) + 1 >= sizeof(r->path))
		return web_reply_error(r, 404, "not_found", NULL) ? -1 : 0;
	rt = find_route(r, &wrong_method, allow, sizeof(allow));
	if (!rt) {
		if (wrong_method) {
			web_add_header(r, MHD_HTTP_HEADER_ALLOW, allow);
			return web_reply_error(r, 405, "method_not_allowed",
					       "この URL はこのメソッドでは使えません")
				       ? -1
				       : 0;
		}
		return web_reply_error(r, 404, "not_found", "そのページはありません") ? -1 : 0;
	}
	r->route = rt;
	if (rt->flags & RF_SECRET_PATH)
		snprintf(r->log_path, sizeof(r->log_path), "%s", rt->pattern);
	r->pol = web_policy_get(r->srv);
	r->p = r->pol->p;
	mo_err_clear(&e);
	if (auth_identify(r, &e))
		return web_reply_error(r, 500, "internal", e.msg) ? -1 : 0;
	if ((rt->flags & RF_LINK) && r->token[0] && !auth_link_valid(r))
		return web_reply_error(r, 404, "not_found",
				       "この報告リンクは使えません。管理者に新しいリンクを確認してください")
			       ? -1
			       : 0;
	if (!(rt->flags & RF_PUBLIC) && !((rt->flags & RF_LINK) && r->who.kind == WHO_LINK)) {
		if (r->who.role == ROLE_NONE) {
			if (!(rt->flags & RF_API) && strcmp(rt->method, "GET") == 0) {
				char next[600];

				snprintf(next, sizeof(next), "/login?next=%s", r->path);
				return web_redirect(r, next) ? -1 : 0;
			}
			return web_reply_error(r, 401, "unauthorized",
					       (rt->flags & RF_API) ? "a valid Bearer token is required"
								    : "ログインしてください")
				       ? -1
				       : 0;
		}
		if (r->who.role < rt->role)
			return web_reply_error(r, 403, "forbidden",
					       "この操作には、より上の役割が必要です")
				       ? -1
				       : 0;
	}
	if (r->who.kind == WHO_USER && r->who.user.must_change && !(rt->flags & RF_API) &&
	    strcmp(r->path, "/account") != 0 && strcmp(r->path, "/logout") != 0 &&
	    strcmp(r->path, "/static/app.css") != 0)
		return web_redirect(r, "/account") ? -1 : 0;
	if (!has_body_method(r->method)) {
		r->limit = 0;
		return 1;
	}
	r->limit = (rt->flags & RF_UPLOAD) ? WEB_UPLOAD_MAX
		   : (rt->flags & (RF_JSON | RF_FORM | RF_ANON_FORM)) ? WEB_BODY_MAX
								      : 0;
	cl = web_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl) {
		long v;

		if (str_to_long(cl, 0, LONG_MAX, &v))
			return web_reply_error(r, 400, "bad_request", "Content-Length is not a number")
				       ? -1
				       : 0;
		if ((size_t)v > r->limit)
			return web_reply_error(r, 413, "too_large",
					       "the request body is larger than allowed")
				       ? -1
				       : 0;
	}
	if (((rt->flags & RF_JSON) && !content_type_is(r, "application/json")) ||
	    ((rt->flags & (RF_FORM | RF_ANON_FORM)) &&
	     !content_type_is(r, "application/x-www-form-urlencoded")) ||
	    ((rt->flags & RF_UPLOAD) && !content_type_is(r, "multipart/form-data")))
		return web_reply_error(r, 415, "unsupported_media_type",
				       (rt->flags & RF_JSON) ? "send Content-Type: application/json"
							     : "フォームの形式が正しくありません")
			       ? -1
			       : 0;
	if (rt->flags & RF_UPLOAD) {
		r->pp = MHD_create_post_processor(r->conn, 64 * 1024, upload_iter, r);
		if (!r->pp)
			return web_reply_error(r, 400, "bad_request", "フォームを読めません") ? -1 : 0;
	}
	return 1;
}

/* The body is complete: parse it, check the form's token, run the handler. */
static int run_handler(struct web_req *r)
{
	const struct route *rt = r->route;

	if (r->too_big)
		return web_reply_error(r, 413, "too_large", "the request body is larger than allowed");
	if (r->pp && MHD_post_process(r->pp, "", 0) != MHD_YES)
		r->bad_body = true;
	if (r->bad_body)
		return web_reply_error(r, 400, "bad_request", "フォームを読めません");
	if ((rt->flags & RF_JSON) && has_body_method(r->method)) {
		json_error_t je;

		r->json = json_loadb(buf_str(&r->body), r->body.len, JSON_REJECT_DUPLICATES, &je);
		if (!r->json) {
			char msg[300];

			snprintf(msg, sizeof(msg), "invalid JSON at line %d, column %d: %s", je.line,
				 je.column, je.text);
			return web_reply_error(r, 400, "bad_json", msg);
		}
		if (!json_is_object(r->json))
			return web_reply_error(r, 400, "bad_json", "the body must be a JSON object");
	}
	if ((rt->flags & (RF_FORM | RF_ANON_FORM)) &&
	    form_parse(buf_str(&r->body), r->body.len, &r->form))
		return web_reply_error(r, 400, "bad_request", "フォームを読めません");
	if (rt->flags & (RF_FORM | RF_UPLOAD)) {
		if (!auth_csrf_ok(r))
			return web_reply_error(r, 403, "csrf",
					       "フォームの有効期限が切れたか、正しくありません。"
					       "ページを開き直してから、もう一度送信してください");
	} else if (rt->flags & RF_ANON_FORM) {
		if (!auth_csrf_anon_ok(r->srv, "login", web_form(r, "csrf")))
			return web_reply_error(r, 403, "csrf",
					       "フォームの有効期限が切れました。"
					       "ページを開き直してから、もう一度送信してください");
	}
	if (r->up.fd >= 0) {
		close(r->up.fd);
		r->up.fd = -1;
	}
	return rt->fn(r);
}

enum MHD_Result web_access(void *cls, struct MHD_Connection *conn, const char *url,
			   const char *method, const char *version, const char *upload_data,
			   size_t *upload_data_size, void **con_cls)
{
	struct web_server *srv = cls;
	struct web_req *r = *con_cls;
	int rc;

	(void)version;
	if (!r) {
		r = req_new(srv, conn, url, method);
		if (!r)
			return MHD_NO;
		*con_cls = r;
		rc = admit(r);
		if (rc <= 0)
			return rc < 0 ? MHD_NO : MHD_YES;
		r->state = REQ_BODY;
		return MHD_YES;
	}
	if (r->state == REQ_REPLIED) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		body_chunk(r, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->state == REQ_WAITING) {
		if (!r->job.done)
			return MHD_YES;
		r->state = REQ_BODY;
		rc = r->done(r, r->job.rc, &r->job.err);
	} else {
		rc = run_handler(r);
	}
	if (rc)
		return MHD_NO;
	if (r->state != REQ_REPLIED && r->state != REQ_WAITING)
		return web_reply_error(r, 500, "internal", "no reply") ? MHD_NO : MHD_YES;
	return MHD_YES;
}

void web_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		   enum MHD_RequestTerminationCode toe)
{
	struct web_server *srv = cls;
	struct web_req *r = *con_cls;

	(void)conn;
	if (!r)
		return;
	if (srv->cfg->access_log) {
		char when[MO_TIME_MAX], addr[64];
		double ms = (double)(now_ns() - r->t0_ns) / 1e6;

		time_format_utc(time_now(), when, sizeof(when));
		web_client_addr(r, addr, sizeof(addr));
		fprintf(stderr, "%s %s %s \"%s %s\" %u %zu %.1fms%s\n", when, addr, r->who.id,
			r->method, r->log_path, r->status, r->sent, ms,
			toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	}
	*con_cls = NULL;
	req_free(r);
	atomic_fetch_sub(&srv->inflight, 1);
}
