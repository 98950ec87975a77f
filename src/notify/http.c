/* The chat channels' one HTTP POST and how its reply is classified. */
#include "notify/notifyInt.h"
#include "util/strnum.h"
#include "util/timefmt.h"

#include <curl/curl.h>
#include <jansson.h>

#define REPLY_KEEP 200 /* bytes of the response body kept for the reply */

struct http_ctx {
	char body[REPLY_KEEP + 1];
	size_t len;
	char retry_after[128];
};

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct http_ctx *x = arg;
	size_t total = size * n, room = REPLY_KEEP - x->len;
	size_t take = total < room ? total : room;

	memcpy(x->body + x->len, p, take);
	x->len += take;
	x->body[x->len] = '\0';
	return total;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct http_ctx *x = arg;
	size_t total = size * n;
	static const char name[] = "retry-after:";

	if (total > sizeof(name) - 1 && strncasecmp(p, name, sizeof(name) - 1) == 0) {
		size_t i = sizeof(name) - 1, len;

		while (i < total && (p[i] == ' ' || p[i] == '\t'))
			i++;
		len = total - i;
		while (len &&
		       (p[i + len - 1] == '\r' || p[i + len - 1] == '\n' || p[i + len - 1] == ' '))
			len--;
		if (len >= sizeof(x->retry_after))
			len = sizeof(x->retry_after) - 1;
		memcpy(x->retry_after, p + i, len);
		x->retry_after[len] = '\0';
	}
	return total;
}

int64_t notify_retry_after_parse(const char *v, int64_t now)
{
	long secs;
	time_t t;

	if (!v || !*v)
		return 0;
	if (str_to_long(v, 0, 7 * 86400, &secs) == 0)
		return secs;
	t = curl_getdate(v, NULL);
	if (t == (time_t)-1)
		return 0;
	return t > now ? (int64_t)t - now : 0;
}

/* Errors that stay until notify.yaml changes; every other (the network,
 * the peer, time) is worth trying again. */
static const CURLcode permanent[] = {
	CURLE_UNSUPPORTED_PROTOCOL,
	CURLE_URL_MALFORMAT,
	CURLE_NOT_BUILT_IN,
	CURLE_BAD_FUNCTION_ARGUMENT,
};

static bool curl_transient(CURLcode rc)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(permanent); i++)
		if (permanent[i] == rc)
			return false;
	return true;
}

void notify_http_post(const struct notify_conf *c, const char *url, const char *content_type,
		      const char *const *headers, const char *body, size_t len,
		      struct notify_result *r)
{
	struct http_ctx x = {.len = 0};
	char errbuf[CURL_ERROR_SIZE] = "";
	char ct[128];
	struct curl_slist *hl = NULL, *tmp;
	CURL *h = curl_easy_init();
	CURLcode rc;
	long code = 0;

	if (!h) {
		notify_result_set(r, NOTIFY_RETRY, "curl: cannot start a transfer");
		return;
	}
	snprintf(ct, sizeof(ct), "Content-Type: %s", content_type);
	if (!(tmp = curl_slist_append(hl, ct)))
		goto oom;
	hl = tmp;
	/* No "Expect: 100-continue" round trip before the body. */
	if (!(tmp = curl_slist_append(hl, "Expect:")))
		goto oom;
	hl = tmp;
	for (size_t i = 0; headers && headers[i]; i++) {
		if (!(tmp = curl_slist_append(hl, headers[i])))
			goto oom;
		hl = tmp;
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c->connect_timeout);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, c->total_timeout);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &x);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "moshimo/" MOSHIMO_VERSION);
	rc = curl_easy_perform(h);
	if (rc != CURLE_OK) {
		/* curl's messages name the host and port, never the URL's path
		 * (where a webhook's secret is). */
		notify_result_set(r, curl_transient(rc) ? NOTIFY_RETRY : NOTIFY_DEAD, "curl: %s",
				  errbuf[0] ? errbuf : curl_easy_strerror(rc));
		goto done;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (code >= 200 && code < 300)
		notify_result_set(r, NOTIFY_SENT, "HTTP %ld %s", code, x.body);
	else if (code == 429) {
		notify_result_set(r, NOTIFY_RETRY, "HTTP %ld %s", code, x.body);
		r->retry_after = notify_retry_after_parse(x.retry_after, time_now());
	} else if (code >= 500)
		notify_result_set(r, NOTIFY_RETRY, "HTTP %ld %s", code, x.body);
	else
		notify_result_set(r, NOTIFY_DEAD, "HTTP %ld %s", code, x.body);
	goto done;
oom:
	notify_result_set(r, NOTIFY_RETRY, "out of memory");
done:
	curl_slist_free_all(hl);
	curl_easy_cleanup(h);
}

void notify_http_post_json(const struct notify_conf *c, const char *url, void *jv,
			   const char *const *headers, struct notify_result *r)
{
	json_t *j = jv;
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	if (!text) {
		notify_result_set(r, NOTIFY_RETRY, "out of memory building the payload");
		return;
	}
	notify_http_post(c, url, "application/json; charset=UTF-8", headers, text, strlen(text), r);
	free(text);
}
