/* The dispatcher: MHD's access handler. It matches the route table, finds
 * out who is asking, and checks the role, the body's size and type and
 * the form's CSRF token before any handler runs, so no handler can forget
 * them. Also the body's accumulation, evidence uploads (MHD's post
 * processor), resuming after a write, and the access log. */
#include "web/webInt.h"
#include "util/strnum.h"
#include "util/timefmt.h"
#include "util/utf8.h"

#include <fcntl.h>
#include <malloc.h>
#include <sodium.h>
#include <sys/socket.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- the deadline for headers ---- */

/* MHD closes a connection that stays silent (CONN_IDLE_SECONDS), but one
 * that sends its headers a byte at a time would stay for ever: each
 * connection has a watch here, and one still without its whole headers
 * HEADER_DEADLINE_MS after they began is shut down by the watch thread.
 * The watch keeps its own duplicate of the socket, so the number it shuts
 * down is never a later connection's. */
#define HEADER_DEADLINE_MS 15000

struct conn_watch {
	int fd;	       /* our duplicate of the connection's socket */
	int64_t since; /* ms: when its headers began; 0 when not waiting */
	struct conn_watch *prev, *next;
};

static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn_watch *watch_head;
static pthread_once_t watch_once = PTHREAD_ONCE_INIT;

static int64_t now_ms(void)
{
	return now_ns() / 1000000;
}

static void *watch_thread(void *arg)
{
	struct timespec tick = {0, 500 * 1000 * 1000};

	(void)arg;
	for (;;) {
		int64_t now;

		nanosleep(&tick, NULL);
		now = now_ms();
		pthread_mutex_lock(&watch_lock);
		for (struct conn_watch *w = watch_head; w; w = w->next) {
			if (w->since && now - w->since > HEADER_DEADLINE_MS) {
				shutdown(w->fd, SHUT_RDWR);
				w->since = 0;
			}
		}
		pthread_mutex_unlock(&watch_lock);
	}
	return NULL;
}

static void watch_start(void)
{
	pthread_attr_t a;
	pthread_t t;

	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &a, watch_thread, NULL))
		fprintf(stderr, "moshimo: cannot start the header deadline thread\n");
	pthread_attr_destroy(&a);
}

void web_conn_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		     enum MHD_ConnectionNotificationCode code)
{
	struct conn_watch *w = *socket_context;

	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);

		if (!ci || !(w = calloc(1, sizeof(*w))))
			return;
		w->fd = fcntl(ci->connect_fd, F_DUPFD_CLOEXEC, 0);
		if (w->fd < 0) {
			free(w);
			return;
		}
		w->since = now_ms();
		pthread_once(&watch_once, watch_start);
		pthread_mutex_lock(&watch_lock);
		w->next = watch_head;
		if (watch_head)
			watch_head->prev = w;
		watch_head = w;
		pthread_mutex_unlock(&watch_lock);
		*socket_context = w;
		return;
	}
	if (!w)
		return;
	pthread_mutex_lock(&watch_lock);
	if (w->prev)
		w->prev->next = w->next;
	else
		watch_head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&watch_lock);
	close(w->fd);
	free(w);
	*socket_context = NULL;
}

/* The connection's headers are in (waiting false), or its next request's
 * begin (true). */
static void watch_headers(struct MHD_Connection *conn, bool waiting)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn_watch *w = ci ? ci->socket_context : NULL;

	if (!w)
		return;
	pthread_mutex_lock(&watch_lock);
	w->since = waiting ? now_ms() : 0;
	pthread_mutex_unlock(&watch_lock);
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

const struct route *web_route_find(struct web_req *r, bool *wrong_method, char *allow, size_t size)
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

/* A file name that is safe in a path and fit to show: the browser's
 * name without folders or leading dots, ASCII other than letters, digits
 * and ".-_" and any byte that is not valid UTF-8 replaced by '_', cut to
 * size - 1 bytes at a character boundary, keeping its extension (".xlsx"). */
static void upload_name(const char *in, char *out, size_t size)
{
	const char *slash = strrchr(in, '/'), *bs = strrchr(in, '\\'), *dot, *stem_end;
	size_t o = 0, ext_len = 0, room;

	if (bs && (!slash || bs > slash))
		slash = bs;
	if (slash)
		in = slash + 1;
	while (*in == '.')
		in++;
	/* An extension: a short run of ASCII letters and digits. */
	dot = strrchr(in, '.');
	stem_end = in + strlen(in);
	if (dot && dot > in && strlen(dot) <= 16 && strlen(dot) > 1) {
		bool plain = true;

		for (const char *c = dot + 1; *c; c++)
			plain &= (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
				 (*c >= '0' && *c <= '9');
		if (plain) {
			ext_len = strlen(dot);
			stem_end = dot;
		}
	}
	if (size <= ext_len + 8) {
		snprintf(out, size, "upload");
		return;
	}
	room = size - 1 - ext_len;
	for (const char *c = in; c < stem_end;) {
		size_t n = utf8_seq_len((const unsigned char *)c);
		unsigned char ch = (unsigned char)*c;

		if (n > 1 && c + n <= stem_end) {
			if (o + n > room)
				break;
			memcpy(out + o, c, n);
			o += n;
			c += n;
			continue;
		}
		if (o + 1 > room)
			break;
		out[o++] =
			n == 1 && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
				   (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_')
				? (char)ch
				: '_';
		c++;
	}
	if (!o) {
		memcpy(out, "upload", 6);
		o = 6;
	}
	memcpy(out + o, stem_end, ext_len);
	out[o + ext_len] = '\0';
}

enum MHD_Result web_upload_iter(void *cls, enum MHD_ValueKind kind, const char *key,
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
			char name[UPLOAD_NAME_MAX];

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
			snprintf(r->up.name, sizeof(r->up.name), "%s", name);
			r->up.fd = open(r->up.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
			if (r->up.fd < 0) {
				r->up.path[0] = '\0';
				r->bad_body = true;
				return MHD_NO;
			}
		}
		if (r->up.fd < 0)
			return MHD_YES; /* only the first file is kept */
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

/* The routes whose bodies may be larger than the default of their kind:
 * forms with long texts (a urlencoded Japanese character takes 9 bytes,
 * and the engine takes 64 KiB per text). */
static const struct {
	web_handler fn;
	size_t max;
} body_max[] = {
	{page_report_post, 256 << 10},	  {page_incident_fields, 2 << 20},
	{page_incident_note, 256 << 10},  {page_incident_step, 64 << 10},
	{page_incident_status, 64 << 10}, {page_incident_level, 64 << 10},
	{page_incident_close, 1 << 20},	  {page_incident_reopen, 64 << 10},
	{api_incident_note, 256 << 10},	  {api_incident_step, 64 << 10},
	{page_policy_edit_post, 4 << 20}, {page_followup_note, 256 << 10},
};

/* The most a route's body may be. */
static size_t body_limit(const struct route *rt)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(body_max); i++)
		if (body_max[i].fn == rt->fn)
			return body_max[i].max;
	if (rt->flags & RF_UPLOAD)
		return WEB_UPLOAD_MAX;
	if (rt->flags & RF_JSON)
		return WEB_BODY_MAX;
	if (rt->flags & RF_ANON_FORM)
		return WEB_ANON_BODY_MAX;
	if (rt->flags & RF_FORM)
		return WEB_FORM_BODY_MAX;
	return 0;
}

/* Reserves n bytes of the bodies all connections may hold; false when
 * that would pass WEB_BODIES_MAX. */
static bool bodies_reserve(struct web_req *r, size_t n)
{
	size_t cur = atomic_load(&r->srv->bodies);

	do {
		if (n > WEB_BODIES_MAX || cur > WEB_BODIES_MAX - n)
			return false;
	} while (!atomic_compare_exchange_weak(&r->srv->bodies, &cur, cur + n));
	r->reserved = n;
	return true;
}

/* Takes a piece of the body. Past its limit nothing more is kept (what
 * was is freed at once); the rest is read and dropped, then 413. Returns
 * 0, or -1 when the connection must close. */
static int body_chunk(struct web_req *r, const char *data, size_t size)
{
	if (r->too_big || r->bad_body)
		return 0;
	if (r->pp) {
		r->body.len += size; /* counts the bytes; the data goes to the file */
		if (r->body.len > r->limit) {
			r->too_big = true;
			return 0;
		}
		if (MHD_post_process(r->pp, data, size) != MHD_YES && !r->up.too_big)
			r->bad_body = true;
		if (r->up.too_big)
			r->too_big = true;
		return 0;
	}
	/* A chunked body has no Content-Length to refuse up front: it is cut
	 * off at its limit, which is also what it reserved. */
	if (r->body.len + size > r->limit || r->body.len + size > r->reserved ||
	    buf_add(&r->body, data, size)) {
		r->too_big = true;
		buf_release(&r->body);
	}
	return 0;
}

/* ---- the request's life ---- */

static struct web_req *req_new(struct web_server *srv, struct MHD_Connection *conn, const char *url,
			       const char *method)
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
	bool big = r->body.cap >= ((size_t)256 << 10);

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
	if (r->reserved)
		atomic_fetch_sub(&r->srv->bodies, r->reserved);
	sodium_memzero(&r->who, sizeof(r->who));
	free(r);
	/* A large body's memory goes back to the system, not only to this
	 * thread's arena: a flood of bodies must not leave the server big. */
	if (big)
		malloc_trim(0);
}

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	int *n = cls;

	(void)kind;
	(void)value;
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
		n[0]++;
	else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
		n[1]++;
	return MHD_YES;
}

/* True when the request's framing is unambiguous: at most one
 * Content-Length and one Transfer-Encoding (two let a proxy in front and
 * this server read different requests from the same bytes). */
static bool framing_ok(struct web_req *r)
{
	int n[2] = {0, 0};

	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, count_framing, n);
	return n[0] <= 1 && n[1] <= 1;
}

/* The first sight of a request, before its URL is decoded: an encoded
 * NUL ("%00") would cut the decoded path short ("/static/app.css%00.x" is
 * "/static/app.css"), so such a request is marked here and refused. The
 * result becomes the request's first *con_cls. */
static char bad_uri_mark;

void *web_uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	for (const char *p = uri; p && (p = strchr(p, '%')); p++)
		if (p[1] == '0' && p[2] == '0')
			return &bad_uri_mark;
	return NULL;
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
	if (!framing_ok(r))
		return web_reply_error(r, 400, "bad_request",
				       "two Content-Length or Transfer-Encoding headers")
			       ? -1
			       : 0;
	if (strlen(r->path) + 1 >= sizeof(r->path))
		return web_reply_error(r, 404, "not_found", NULL) ? -1 : 0;
	rt = web_route_find(r, &wrong_method, allow, sizeof(allow));
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
		return web_reply_fail(r, &e) ? -1 : 0;
	if ((rt->flags & RF_LINK) && r->token[0] && !auth_link_valid(r))
		return web_reply_error(
			       r, 404, "not_found",
			       "この報告リンクは使えません。管理者に新しいリンクを確認してください")
			       ? -1
			       : 0;
	if (!(rt->flags & RF_PUBLIC) && !((rt->flags & RF_LINK) && r->who.kind == WHO_LINK)) {
		if (r->who.role == ROLE_NONE) {
			if (!(rt->flags & RF_API) && strcmp(rt->method, "GET") == 0) {
				char next[sizeof(r->path) * 3 + 16];
				size_t o = (size_t)snprintf(next, sizeof(next), "/login?next=");

				/* The path percent-encoded: a query value of ours. */
				for (const char *c = r->path; *c && o + 4 < sizeof(next); c++)
					o += (size_t)(token_char(*c) || *c == '~'
							      ? snprintf(next + o, sizeof(next) - o,
									 "%c", *c)
							      : snprintf(next + o, sizeof(next) - o,
									 "%%%02X",
									 (unsigned char)*c));
				return web_redirect(r, next) ? -1 : 0;
			}
			return web_reply_error(r, 401, "unauthorized",
					       (rt->flags & RF_API)
						       ? "a valid Bearer token is required"
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
	/* A form route that also takes a file (RF_FORM or RF_ANON_FORM with
	 * RF_UPLOAD: the report with its photo) reads either body. */
	r->multipart = (rt->flags & RF_UPLOAD) && (!(rt->flags & (RF_FORM | RF_ANON_FORM)) ||
						   content_type_is(r, "multipart/form-data"));
	r->limit = r->multipart ? WEB_UPLOAD_MAX : body_limit(rt);
	cl = web_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl) {
		long v;

		if (str_to_long(cl, 0, LONG_MAX, &v))
			return web_reply_error(r, 400, "bad_request",
					       "Content-Length is not a number")
				       ? -1
				       : 0;
		if ((size_t)v > r->limit)
			return web_reply_error(r, 413, "too_large",
					       "the request body is larger than allowed")
				       ? -1
				       : 0;
	}
	/* What this body may hold in memory: an upload's file goes to disk,
	 * only its other fields stay; a body without Content-Length may
	 * grow to its limit. */
	if (!bodies_reserve(r, r->multipart ? WEB_UPLOAD_FIELDS_MAX
			       : cl	    ? (size_t)strtoull(cl, NULL, 10)
					    : r->limit)) {
		web_add_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "5");
		return web_reply_error(
			       r, 503, "busy",
			       "サーバーが混み合っています。少し待ってからやり直してください")
			       ? -1
			       : 0;
	}
	if (((rt->flags & RF_JSON) && !content_type_is(r, "application/json")) ||
	    ((rt->flags & (RF_FORM | RF_ANON_FORM)) && !r->multipart &&
	     !content_type_is(r, "application/x-www-form-urlencoded")) ||
	    ((rt->flags & RF_UPLOAD) && !(rt->flags & (RF_FORM | RF_ANON_FORM)) &&
	     !content_type_is(r, "multipart/form-data")))
		return web_reply_error(r, 415, "unsupported_media_type",
				       (rt->flags & RF_JSON) ? "send Content-Type: application/json"
							     : "フォームの形式が正しくありません")
			       ? -1
			       : 0;
	if (r->multipart) {
		r->pp = MHD_create_post_processor(r->conn, 64 * 1024, web_upload_iter, r);
		if (!r->pp)
			return web_reply_error(r, 400, "bad_request", "フォームを読めません") ? -1
											      : 0;
	}
	return 1;
}

/* The body is complete: parse it, check the form's token, run the handler. */
static int run_handler(struct web_req *r)
{
	const struct route *rt = r->route;

	if (r->too_big)
		return web_reply_error(r, 413, "too_large",
				       "the request body is larger than allowed");
	/* The post processor says whether the body ended as it must, with
	 * its closing boundary: a cut body is refused, not stored. */
	if (r->pp) {
		if (MHD_post_process(r->pp, "", 0) != MHD_YES ||
		    MHD_destroy_post_processor(r->pp) != MHD_YES)
			r->bad_body = true;
		r->pp = NULL;
	}
	if (r->bad_body)
		return web_reply_error(r, 400, "bad_request", "フォームを読めません");
	if ((rt->flags & RF_JSON) && has_body_method(r->method)) {
		json_error_t je;

		r->json = json_loadb(buf_str(&r->body), r->body.len, JSON_REJECT_DUPLICATES, &je);
		if (!r->json) {
			char msg[300];

			snprintf(msg, sizeof(msg), "invalid JSON at line %d, column %d: %s",
				 je.line, je.column, je.text);
			return web_reply_error(r, 400, "bad_json", msg);
		}
		if (!json_is_object(r->json))
			return web_reply_error(r, 400, "bad_json",
					       "the body must be a JSON object");
	}
	if ((rt->flags & (RF_FORM | RF_ANON_FORM)) && !r->multipart &&
	    form_parse(buf_str(&r->body), r->body.len, &r->form))
		return web_reply_error(r, 400, "bad_request", "フォームを読めません");
	if (rt->flags & RF_ANON_FORM) {
		if (!auth_login_csrf_ok(r, web_form(r, "csrf")))
			return web_reply_error(r, 403, "csrf",
					       "フォームの有効期限が切れました。"
					       "ページを開き直してから、もう一度送信してください");
	} else if (rt->flags & (RF_FORM | RF_UPLOAD)) {
		if (!auth_csrf_ok(r))
			return web_reply_error(r, 403, "csrf",
					       "フォームの有効期限が切れたか、正しくありません。"
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
	if (!r || *con_cls == &bad_uri_mark)
		watch_headers(conn, false);
	if (*con_cls == &bad_uri_mark) {
		r = req_new(srv, conn, url, method);
		if (!r)
			return MHD_NO;
		*con_cls = r;
		return web_reply_error(r, 400, "bad_request", "the URL holds an encoded NUL (%00)")
			       ? MHD_NO
			       : MHD_YES;
	}
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
		rc = body_chunk(r, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return rc ? MHD_NO : MHD_YES;
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

	watch_headers(conn, true);
	if (!r || *con_cls == (void *)&bad_uri_mark)
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
