/* Who is asking and what they may do: roles, sessions (cookies), API
 * tokens (Bearer), the report link, CSRF tokens, passwords (argon2id).
 * Secrets are compared in constant time and stored only as hashes. */
#include "web/webInt.h"
#include "util/strnum.h"
#include "util/timefmt.h"

#include <sodium.h>

static const struct {
	const char *key;
	const char *label;
} roles[ROLE_COUNT] = {
	[ROLE_NONE] = {"none", "なし"},
	[ROLE_REPORTER] = {"reporter", "報告者"},
	[ROLE_RESPONDER] = {"responder", "対応者"},
	[ROLE_MANAGER] = {"manager", "責任者"},
	[ROLE_ADMIN] = {"admin", "管理者"},
};

const char *web_role_key(enum web_role r)
{
	return (unsigned)r < ROLE_COUNT ? roles[r].key : "none";
}

const char *web_role_label(enum web_role r)
{
	return (unsigned)r < ROLE_COUNT ? roles[r].label : roles[ROLE_NONE].label;
}

int web_role_parse(const char *s, enum web_role *out)
{
	for (int i = ROLE_REPORTER; s && i < ROLE_COUNT; i++) {
		if (strcmp(s, roles[i].key) == 0) {
			*out = (enum web_role)i;
			return 0;
		}
	}
	return -1;
}

void auth_sha256_hex(const char *s, char out[STORE_HASH_HEX])
{
	unsigned char d[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(d, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, STORE_HASH_HEX, d, sizeof(d));
}

void auth_token_new(char *out, size_t size)
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	if (size < sodium_base64_ENCODED_LEN(sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING)) {
		if (size)
			out[0] = '\0';
		return;
	}
	sodium_bin2base64(out, size, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void auth_password_new(char *out, size_t size)
{
	static const char alphabet[] = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
	size_t n = size > 17 ? 16 : size - 1;

	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[n] = '\0';
}

/* OWASP's argon2id minimum (19 MiB, 2 passes): a login costs tens of
 * milliseconds, an offline guess as much. */
#define PW_OPS 2
#define PW_MEM ((size_t)19 << 20)

int auth_password_hash(const char *password, char out[STORE_PWHASH_MAX])
{
	char h[crypto_pwhash_STRBYTES];

	if (crypto_pwhash_str(h, password, strlen(password), PW_OPS, PW_MEM) != 0)
		return -1;
	snprintf(out, STORE_PWHASH_MAX, "%s", h);
	return 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

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
static void session_csrf(struct web_server *srv, const char *session_hash, char *out,
			 size_t size)
{
	char msg[96], mac[65];

	snprintf(msg, sizeof(msg), "session:%s", session_hash);
	hmac_hex(srv->csrf_key, msg, mac);
	snprintf(out, size, "%s", mac);
}

#define ANON_CSRF_SECONDS (12 * 3600)

void auth_csrf_anon(struct web_server *srv, const char *purpose, char *out, size_t size)
{
	char msg[256], mac[65];
	long long now = (long long)time_now();

	snprintf(msg, sizeof(msg), "anon:%s:%lld", purpose, now);
	hmac_hex(srv->csrf_key, msg, mac);
	snprintf(out, size, "%lld.%s", now, mac);
}

bool auth_csrf_anon_ok(struct web_server *srv, const char *purpose, const char *token)
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

void auth_session_new(struct web_server *srv, char *cookie, size_t size, char hash[STORE_HASH_HEX])
{
	char token[64];

	auth_token_new(token, sizeof(token));
	auth_sha256_hex(token, hash);
	snprintf(cookie, size, WEB_SESSION_COOKIE "=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
		 token, WEB_SESSION_SECONDS, srv->tls ? "; Secure" : "");
	sodium_memzero(token, sizeof(token));
}

void auth_session_clear(struct web_server *srv, char *cookie, size_t size)
{
	snprintf(cookie, size, WEB_SESSION_COOKIE "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
		 srv->tls ? "; Secure" : "");
}

void auth_link_path(const char *token, char *out, size_t size)
{
	snprintf(out, size, "/r/%s", token);
}

static void set_user(struct principal *w, const struct store_user *u)
{
	enum web_role role;

	w->kind = WHO_USER;
	w->user = *u;
	w->role = web_role_parse(u->role, &role) ? ROLE_NONE : role;
	snprintf(w->id, sizeof(w->id), "user:%lld", (long long)u->id);
	snprintf(w->name, sizeof(w->name), "%s", u->display[0] ? u->display : u->name);
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

static int identify_bearer(struct web_req *r, struct store *st, struct mo_err *e)
{
	const char *h = web_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	char hash[STORE_HASH_HEX];
	struct store_token t;
	enum web_role role;
	int rc;

	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return 0;
	h += 7;
	while (*h == ' ')
		h++;
	if (!token_shaped(h))
		return 0;
	auth_sha256_hex(h, hash);
	rc = store_token_find(st, hash, &t, e);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (web_role_parse(t.role, &role))
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
	const char *c = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, WEB_SESSION_COOKIE);
	char hash[STORE_HASH_HEX];
	struct store_user u;
	int rc;

	if (!c || !token_shaped(c))
		return 0;
	auth_sha256_hex(c, hash);
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
	auth_sha256_hex(token, hash);
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

void web_password_new(char *out, size_t size)
{
	auth_password_new(out, size);
}

int web_password_hash(const char *password, char *out, size_t size)
{
	char h[STORE_PWHASH_MAX];

	if (auth_password_hash(password, h))
		return -1;
	snprintf(out, size, "%s", h);
	return 0;
}

void web_token_new(char *out, size_t size)
{
	auth_token_new(out, size);
}

void web_token_hash(const char *token, char *out, size_t size)
{
	char h[STORE_HASH_HEX];

	auth_sha256_hex(token, h);
	snprintf(out, size, "%s", h);
}

bool web_role_valid(const char *role)
{
	enum web_role r;

	return web_role_parse(role, &r) == 0;
}
