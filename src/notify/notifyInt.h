/* Inside notify/: the loaded notify.yaml, the table of channels, and the
 * HTTP and result helpers the channels share. */
#ifndef MO_NOTIFY_INT_H
#define MO_NOTIFY_INT_H

#include "notify/notify.h"
#include "util/arena.h"
#include "util/buf.h"

struct notify_hook {
	const char *id;
	enum notify_kind kind;
	const char *url;   /* secret: the webhook URL; chatwork: its API base */
	const char *room;  /* chatwork */
	const char *token; /* chatwork: secret */
};

struct notify_conf {
	struct arena arena; /* every string below */
	const char *public_url;
	bool privacy_full;
	bool smtp_set;
	const char *smtp_url;
	const char *smtp_user;	   /* may be NULL */
	const char *smtp_password; /* secret; may be NULL */
	const char *smtp_from;	   /* "Name <addr>" or "addr" */
	bool smtp_need_tls;	   /* a password to a host not on loopback */
	long connect_timeout;	   /* seconds */
	long total_timeout;	   /* seconds */
	struct notify_hook *hooks;
	size_t n_hooks;
};

#define NOTIFY_CHATWORK_API "https://api.chatwork.com/v2"
#define NOTIFY_CONNECT_TIMEOUT 10
#define NOTIFY_TOTAL_TIMEOUT 30

const struct notify_hook *notify_conf_hook(const struct notify_conf *c, const char *id);

/* One row per channel kind: the name in notify.yaml and how to send.
 * hook is NULL for e-mail. Each fills r (outcome and reply). */
struct notify_channel {
	enum notify_kind kind;
	const char *name;
	void (*send)(const struct notify_conf *c, const struct notify_hook *hook,
		     const struct notify_msg *m, struct notify_result *r);
};
extern const struct notify_channel notify_channels[];
extern const size_t notify_channels_count;

void notify_smtp_send(const struct notify_conf *c, const struct notify_hook *hook,
		      const struct notify_msg *m, struct notify_result *r);
void notify_slack_send(const struct notify_conf *c, const struct notify_hook *hook,
		       const struct notify_msg *m, struct notify_result *r);
void notify_teams_send(const struct notify_conf *c, const struct notify_hook *hook,
		       const struct notify_msg *m, struct notify_result *r);
void notify_gchat_send(const struct notify_conf *c, const struct notify_hook *hook,
		       const struct notify_msg *m, struct notify_result *r);
void notify_chatwork_send(const struct notify_conf *c, const struct notify_hook *hook,
			  const struct notify_msg *m, struct notify_result *r);
void notify_webhook_send(const struct notify_conf *c, const struct notify_hook *hook,
			 const struct notify_msg *m, struct notify_result *r);

/* Builds the RFC 5322 message (CRLF line ends, headers RFC 2047 encoded,
 * base64 body) for m from the address from ("Name <addr>" or "addr") into
 * out. 0, or -1 with why in r->reply (bad address, a header with a line
 * break, invalid UTF-8, out of memory). */
int notify_mail_build(const char *from, const struct notify_msg *m, struct buf *out,
		      struct notify_result *r);
/* Appends s as RFC 2047 B encoded-words ("=?UTF-8?B?…?=", each at most 75
 * characters, split on character boundaries, folded with CRLF SP). */
int notify_mail_encode_words(struct buf *out, const char *s) MO_WUR;
/* Splits "Name <addr>" (or "addr") into name and addr; -1 when malformed. */
int notify_mail_split_address(const char *s, char *name, size_t name_size, char *addr,
			      size_t addr_size);

/* POSTs body (content_type) to url with the extra headers (each "Name:
 * value"; NULL-terminated; may be NULL) and classifies the reply into r:
 * 2xx sent; 429 retry with Retry-After; 5xx, time-outs and connection
 * failures retry; other 4xx dead. The reply text never holds the URL. */
void notify_http_post(const struct notify_conf *c, const char *url, const char *content_type,
		      const char *const *headers, const char *body, size_t len,
		      struct notify_result *r);
/* Posts j (a jansson json_t *, stolen; NULL means out of memory) as JSON. */
void notify_http_post_json(const struct notify_conf *c, const char *url, void *j,
			   const char *const *headers, struct notify_result *r);
/* Seconds to wait from a Retry-After value (delta-seconds or an HTTP-date)
 * at now; 0 when it cannot be read. */
int64_t notify_retry_after_parse(const char *v, int64_t now);

/* Fills r: outcome and a printf-formatted reply (control characters
 * replaced by spaces). */
void notify_result_set(struct notify_result *r, enum notify_outcome o, const char *fmt, ...)
	MO_PRINTF(3, 4);

/* libcurl's global start, once per process (send.c). */
void notify_curl_init(void);

#endif
