/* Who is asking and what they may do: sessions (cookies), API tokens
 * (Bearer), the report link, CSRF tokens (the secrets themselves and the
 * roles are auth/auth.c). Secrets are compared in constant time and stored
 * only as hashes. */
#include "web/webInt.h"
#include "util/strnum.h"
#include "util/timefmt.h"

#include <sodium.h>

static void hmac_hex(const unsigned char key[32], const char *msg, char out[65])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, strlen(msg), key);
	sodium_bin2hex(out, 65, mac, sizeof(mac));
}

static bool equal_str(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

/* The form token of a session: derived from the session, so nothing more
 * is stored and it dies with the session. */
static void session_csrf(struct web_server *srv, const char *session_hash, char *out, size_t size)
{
	char msg[96], mac[65];

	snprintf(msg, sizeof(msg), "session:%s", session_hash);
	hmac_hex(srv->csrf_key, msg, mac);
	snprintf(out, size, "%s", mac);
}

#define ANON_CSRF_SECONDS (12 * 3600)

/* A CSRF token for a form shown to someone without a session (the report
 * link): bound to purpose and valid for a few hours. */
static void auth_csrf_anon(struct web_server *srv, const char *purpose, char *out, size_t size)
{
	char msg[256], mac[65];
	long long now = (long long)time_now();

	snprintf(msg, sizeof(msg), "anon:%s:%lld", purpose, now);
	hmac_hex(srv->csrf_key, msg, mac);
	snprintf(out, size, "%lld.%s", now, mac);
}

static bool auth_csrf_anon_ok(struct web_server *srv, const char *purpose, const char *token)
{
	char msg[256], mac[65], num[24];
	const char *dot;
	long ts;
	int64_t now = time_now();

	if (!token || !(dot = strchr(token, '.')) || (size_t)(dot - token) >= sizeof(num))
		return false;
	memcpy(num, token, (size_t)(dot - token));
	num[dot - token] = '\0';
	if (str_to_long(num, 0, LONG_MAX, &ts) || ts > now + 60 || now - ts > ANON_CSRF_SECONDS)
		return false;
	snprintf(msg, sizeof(msg), "anon:%s:%ld", purpose, ts);
	hmac_hex(srv->csrf_key, msg, mac);
	return equal_str(dot + 1, mac);
}

bool auth_csrf_ok(struct web_req *r)
{
	const char *sent = web_form(r, "csrf");

	if (!sent || !r->who.csrf[0])
		return false;
	if (r->who.kind == WHO_USER)
		return equal_str(sent, r->who.csrf);
	if (r->who.kind == WHO_LINK)
		return auth_csrf_anon_ok(r->srv, "link", sent);
	return false;
}

/* A token must look like one before it is hashed and looked up. */
static bool token_shaped(const char *t)
{
	size_t n = strlen(t);

	if (n < 20 || n > 90)
		return false;
	for (; *t; t++)
		if (!((*t >= 'A' && *t <= 'Z') || (*t >= 'a' && *t <= 'z') ||
		      (*t >= '0' && *t <= '9') || *t == '-' || *t == '_'))
			return false;
	return true;
}

/* A cookie's name as this server uses it: base, with the "__Host-" prefix
 * under TLS (only a secure, host-only cookie for path / may carry it). */
static void auth_cookie_name(struct web_server *srv, const char *base, char *out, size_t size)
{
	snprintf(out, size, "%s%s", srv->tls ? "__Host-" : "", base);
}

/* The value of r's cookie base (by that name); NULL when absent. */
static const char *auth_cookie(struct web_req *r, const char *base)
{
	char name[64];

	auth_cookie_name(r->srv, base, name, sizeof(name));
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

/* A Set-Cookie value: name (with its prefix), value, Max-Age, and the
 * flags every cookie of ours has. */
static void cookie_make(struct web_server *srv, const char *base, const char *value, long max_age,
			char *out, size_t size)
{
	char name[64];

	auth_cookie_name(srv, base, name, sizeof(name));
	snprintf(out, size, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s", name, value,
		 max_age, srv->tls ? "; Secure" : "");
}

void auth_session_new(struct web_server *srv, char *cookie, size_t size, char hash[STORE_HASH_HEX])
{
	char token[64];

	auth_token_new(token, sizeof(token));
	auth_token_hash(token, hash);
	cookie_make(srv, WEB_SESSION_COOKIE, token, WEB_SESSION_SECONDS, cookie, size);
	sodium_memzero(token, sizeof(token));
}

void auth_session_clear(struct web_server *srv, char *cookie, size_t size)
{
	cookie_make(srv, WEB_SESSION_COOKIE, "", 0, cookie, size);
}

/* ---- the device cookie: this browser logged in as this user before ---- */

#define DEVICE_SECONDS (180L * 86400)

/* "uid.issued.nonce" and its MAC: the value is "d1.uid.issued.nonce.mac". */
static void device_mac(struct web_server *srv, const char *body, char mac[65])
{
	char msg[128];

	snprintf(msg, sizeof(msg), "device:%s", body);
	hmac_hex(srv->csrf_key, msg, mac);
}

void auth_device_new(struct web_server *srv, int64_t user_id, char *cookie, size_t size)
{
	unsigned char raw[12];
	char nonce[25], body[96], mac[65], value[200];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(nonce, sizeof(nonce), raw, sizeof(raw));
	snprintf(body, sizeof(body), "%lld.%lld.%s", (long long)user_id, (long long)time_now(),
		 nonce);
	device_mac(srv, body, mac);
	snprintf(value, sizeof(value), "d1.%s.%s", body, mac);
	cookie_make(srv, WEB_DEVICE_COOKIE, value, DEVICE_SECONDS, cookie, size);
}

bool auth_device_check(struct web_req *r, int64_t *user_id, char *id, size_t size)
{
	const char *c = auth_cookie(r, WEB_DEVICE_COOKIE);
	char body[96], mac[65], uid[24], issued[24];
	const char *last, *p;
	long v, t;
	size_t n;

	if (!c || strncmp(c, "d1.", 3) != 0 || !(last = strrchr(c, '.')) || last - c <= 3)
		return false;
	n = (size_t)(last - (c + 3));
	if (n >= sizeof(body))
		return false;
	memcpy(body, c + 3, n);
	body[n] = '\0';
	device_mac(r->srv, body, mac);
	if (!equal_str(last + 1, mac))
		return false;
	/* Signed by us: the fields are ours. */
	p = strchr(body, '.');
	if (!p || (size_t)(p - body) >= sizeof(uid))
		return false;
	memcpy(uid, body, (size_t)(p - body));
	uid[p - body] = '\0';
	snprintf(issued, sizeof(issued), "%.*s", (int)strcspn(p + 1, "."), p + 1);
	if (str_to_long(uid, 1, LONG_MAX, &v) || str_to_long(issued, 0, LONG_MAX, &t) ||
	    time_now() - t > DEVICE_SECONDS)
		return false;
	*user_id = v;
	snprintf(id, size, "%s", strrchr(body, '.') + 1);
	return true;
}

/* ---- the login form's token: bound to the browser's pre-session cookie ---- */

static void login_mac(struct web_server *srv, const char *pre, char mac[65])
{
	char msg[128];

	snprintf(msg, sizeof(msg), "login:%s", pre);
	hmac_hex(srv->csrf_key, msg, mac);
}

void auth_login_csrf(struct web_req *r, char *out, size_t size)
{
	const char *pre = auth_cookie(r, WEB_LOGIN_COOKIE);
	char token[64], mac[65], cookie[200];

	if (pre && token_shaped(pre)) {
		snprintf(token, sizeof(token), "%s", pre);
	} else {
		auth_token_new(token, sizeof(token));
		cookie_make(r->srv, WEB_LOGIN_COOKIE, token, WEB_LOGIN_COOKIE_SECONDS, cookie,
			    sizeof(cookie));
		web_add_header(r, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	}
	login_mac(r->srv, token, mac);
	snprintf(out, size, "%s", mac);
}

bool auth_login_csrf_ok(struct web_req *r, const char *token)
{
	const char *pre = auth_cookie(r, WEB_LOGIN_COOKIE);
	char mac[65];

	if (!token || !pre || !token_shaped(pre))
		return false;
	login_mac(r->srv, pre, mac);
	return equal_str(token, mac);
}

void auth_link_path(const char *token, char *out, size_t size)
{
	snprintf(out, size, "/r/%s", token);
}

static void set_user(struct principal *w, const struct store_user *u)
{
	enum auth_role role;

	w->kind = WHO_USER;
	w->user = *u;
	w->role = auth_role_parse(u->role, &role) ? ROLE_NONE : role;
	snprintf(w->id, sizeof(w->id), "user:%lld", (long long)u->id);
	snprintf(w->name, sizeof(w->name), "%s", u->display[0] ? u->display : u->name);
}

static int identify_bearer(struct web_req *r, struct store *st, struct mo_err *e)
{
	const char *h = web_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	char hash[STORE_HASH_HEX];
	struct store_token t;
	enum auth_role role;
	int rc;

	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return 0;
	h += 7;
	while (*h == ' ')
		h++;
	if (!token_shaped(h))
		return 0;
	auth_token_hash(h, hash);
	rc = store_token_find(st, hash, &t, e);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (auth_role_parse(t.role, &role))
		return 0;
	r->who.kind = WHO_TOKEN;
	r->who.role = role;
	r->who.token_id = t.id;
	snprintf(r->who.id, sizeof(r->who.id), "token:%lld", (long long)t.id);
	snprintf(r->who.name, sizeof(r->who.name), "token:%s",
		 t.label[0] ? t.label : r->who.id + 6);
	return 0;
}

static int identify_session(struct web_req *r, struct store *st, struct mo_err *e)
{
	const char *c = auth_cookie(r, WEB_SESSION_COOKIE);
	char hash[STORE_HASH_HEX];
	struct store_user u;
	int rc;

	if (!c || !token_shaped(c))
		return 0;
	auth_token_hash(c, hash);
	rc = store_session_get(st, hash, time_now(), &u, NULL, e);
	if (rc)
		return rc < 0 ? -1 : 0;
	set_user(&r->who, &u);
	snprintf(r->who.session, sizeof(r->who.session), "%s", hash);
	session_csrf(r->srv, hash, r->who.csrf, sizeof(r->who.csrf));
	return 0;
}

static bool link_ok(struct web_server *srv, const char *token)
{
	char hash[STORE_HASH_HEX], want[STORE_HASH_HEX];

	if (!token_shaped(token))
		return false;
	auth_token_hash(token, hash);
	pthread_mutex_lock(&srv->lock);
	snprintf(want, sizeof(want), "%s", srv->link_hash);
	pthread_mutex_unlock(&srv->lock);
	return want[0] && equal_str(hash, want);
}

int auth_identify(struct web_req *r, struct mo_err *e)
{
	struct store *st;

	memset(&r->who, 0, sizeof(r->who));
	snprintf(r->who.id, sizeof(r->who.id), "anonymous");
	snprintf(r->who.name, sizeof(r->who.name), "anonymous");
	if (r->route->flags & RF_PUBLIC && !(r->route->flags & (RF_LINK | RF_ANON_FORM)) &&
	    !(r->route->flags & RF_API))
		return 0;
	st = web_reader(r->srv, e);
	if (!st)
		return -1;
	if (r->route->flags & RF_API)
		return identify_bearer(r, st, e);
	if (identify_session(r, st, e))
		return -1;
	if (r->who.kind == WHO_ANON && (r->route->flags & RF_LINK) && r->token[0] &&
	    link_ok(r->srv, r->token)) {
		r->who.kind = WHO_LINK;
		snprintf(r->who.id, sizeof(r->who.id), "link");
		snprintf(r->who.name, sizeof(r->who.name), "報告リンク");
		auth_csrf_anon(r->srv, "link", r->who.csrf, sizeof(r->who.csrf));
	}
	return 0;
}

bool auth_link_valid(struct web_req *r)
{
	return r->token[0] && link_ok(r->srv, r->token);
}
