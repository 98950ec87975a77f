/* What a handler reads from a request: query parameters, headers, the
 * urlencoded form body (parsed here, strictly), the client's address. */
#include "web/webInt.h"
#include "util/strnum.h"
#include "util/utf8.h"

#include <arpa/inet.h>
#include <netinet/in.h>

const char *web_query(struct web_req *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *web_header(struct web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *web_form(struct web_req *r, const char *key)
{
	for (size_t i = 0; i < r->form.n; i++)
		if (strcmp(r->form.v[i].key, key) == 0)
			return r->form.v[i].value;
	return NULL;
}

size_t web_form_all(struct web_req *r, const char *key, const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < r->form.n && n < max; i++)
		if (strcmp(r->form.v[i].key, key) == 0)
			out[n++] = r->form.v[i].value;
	return n;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..len) ('+' is a space, %XX a byte) into a new string; NULL
 * when a % is not followed by two hex digits, on a NUL byte, or when out
 * of memory. */
static char *decode(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	size_t o = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi, lo;

			if (i + 2 >= len) {
				free(out);
				return NULL;
			}
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0) {
				free(out);
				return NULL;
			}
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0') {
			free(out);
			return NULL;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	return out;
}

void form_release(struct form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].key);
		free(f->v[i].value);
	}
	f->n = 0;
}

int form_parse(const char *body, size_t len, struct form *f)
{
	size_t i = 0;

	f->n = 0;
	while (i < len) {
		size_t end = i, eq;

		while (end < len && body[end] != '&')
			end++;
		if (end > i) {
			eq = i;
			while (eq < end && body[eq] != '=')
				eq++;
			if (f->n == WEB_FORM_MAX)
				goto fail;
			f->v[f->n].key = decode(body + i, eq - i);
			f->v[f->n].value =
				eq < end ? decode(body + eq + 1, end - eq - 1) : strdup("");
			if (!f->v[f->n].key || !f->v[f->n].value) {
				free(f->v[f->n].key);
				free(f->v[f->n].value);
				goto fail;
			}
			f->n++;
		}
		i = end + 1;
	}
	return 0;
fail:
	form_release(f);
	return -1;
}

int web_query_long(struct web_req *r, const char *key, long min, long max, long def, long *out)
{
	const char *v = web_query(r, key);

	if (!v) {
		*out = def;
		return 0;
	}
	return str_to_long(v, min, max, out);
}

/* The peer's address, without the "::ffff:" of an IPv4 client of an IPv6 socket. */
static void peer_addr(struct web_req *r, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, size, "-");
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
			  out, (socklen_t)size);
	if (strncmp(out, "::ffff:", 7) == 0 && strchr(out + 7, '.'))
		memmove(out, out + 7, strlen(out + 7) + 1);
}

/* The last address of X-Forwarded-For (the one our proxy added: those
 * before it are what the client claimed) into out, when it is one. */
static bool forwarded_addr(struct web_req *r, char *out, size_t size)
{
	const char *h = web_header(r, "X-Forwarded-For");
	const char *last, *end;
	unsigned char bin[sizeof(struct in6_addr)];
	char a[INET6_ADDRSTRLEN];
	size_t n;

	if (!h)
		return false;
	last = strrchr(h, ',');
	last = last ? last + 1 : h;
	while (*last == ' ' || *last == '\t')
		last++;
	end = last + strlen(last);
	while (end > last && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	n = (size_t)(end - last);
	if (n == 0 || n >= sizeof(a))
		return false;
	memcpy(a, last, n);
	a[n] = '\0';
	if (inet_pton(AF_INET, a, bin) != 1 && inet_pton(AF_INET6, a, bin) != 1)
		return false;
	snprintf(out, size, "%s", a);
	return true;
}

/* The client: the peer, or when the peer is the configured reverse proxy
 * (serve --trusted-proxy) the address it forwarded. Per-address login
 * throttling and the access log use it; X-Forwarded-For from anyone else
 * is ignored, so a client cannot choose its own address. */
void web_client_addr(struct web_req *r, char *out, size_t size)
{
	const char *proxy = r->srv && r->srv->cfg ? r->srv->cfg->trusted_proxy : NULL;

	peer_addr(r, out, size);
	if (proxy && strcmp(out, proxy) == 0)
		forwarded_addr(r, out, size);
}

bool web_text_ok(const char *s, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_seq_len(p);

		if (!n)
			return false;
		if (n == 1 && (*p < 0x20 || *p == 0x7f) &&
		    !(multiline && (*p == '\n' || *p == '\t' || *p == '\r')))
			return false;
		p += n;
	}
	return true;
}
