/* Notifications out: DATA/notify.yaml (the SMTP server, the chat webhooks
 * and their secrets) and sending one message now on one channel. notify/
 * is the only module that calls libcurl; each channel (smtp, slack, teams,
 * google_chat, chatwork, webhook) is one file and one row of a table.
 *
 * libcurl: notify_conf_load() calls curl_global_init() once per process
 * (guarded by pthread_once), so every caller that can reach notify_send()
 * has a loaded conf and libcurl is initialised before any thread sends.
 *
 * Secrets (the SMTP password, chat tokens, webhook URLs) stay in the conf:
 * no function here puts one into a mo_err, a result's reply or a log. */
#ifndef MO_NOTIFY_H
#define MO_NOTIFY_H

#include "util/common.h"
#include "util/err.h"

struct notify_conf; /* DATA/notify.yaml, loaded */
/* Loads and validates path. 0 ok; 1 when the file does not exist (*out = NULL,
 * nothing configured); -1 with e positioned (file:line:col) on errors. Never puts
 * a secret (password, token, webhook URL) into e. */
int notify_conf_load(const char *path, struct notify_conf **out, struct mo_err *e);
void notify_conf_free(struct notify_conf *c);
/* As notify_conf_load, but every finding goes into f (for `moshimo check`):
 * 0 ok, 1 no file, -1 with findings. A file others can read is refused. */
int notify_conf_check(const char *path, struct notify_conf **out, struct mo_findings *f);
/* Validates text (name for positions) without a file: for the fuzzer and
 * tests. 0 with *out set, or -1 with findings in f. */
int notify_conf_parse(const char *text, size_t len, const char *name, struct notify_conf **out,
		      struct mo_findings *f);
const char *notify_conf_public_url(const struct notify_conf *c); /* may be NULL */
bool notify_conf_privacy_full(const struct notify_conf *c);	 /* privacy: full */
enum notify_kind {
	NOTIFY_EMAIL,
	NOTIFY_SLACK,
	NOTIFY_TEAMS,
	NOTIFY_GOOGLE_CHAT,
	NOTIFY_CHATWORK,
	NOTIFY_WEBHOOK
};
/* channel is "email" (usable only when smtp is configured) or a webhook id.
 * The kind, or -1 when c (may be NULL) has no such usable channel. */
int notify_conf_channel_kind(const struct notify_conf *c, const char *channel);

struct notify_msg {
	const char *channel;	  /* "email" or a webhook id */
	const char *to;		  /* e-mail address (email only) */
	const char *to_name;	  /* display name, UTF-8 (髙橋 …); may be NULL */
	const char *subject;	  /* UTF-8, one line */
	const char *body;	  /* UTF-8 plain text, LF line ends */
	const char *message_id;	  /* "<…@…>", the same on every retry */
	const char *ack_url;	  /* may be NULL: chat payloads show it as a button/link */
	const char *incident_url; /* may be NULL */
	int64_t date;		  /* Unix seconds, for Date: */
};
enum notify_outcome {
	NOTIFY_SENT,
	NOTIFY_RETRY,
	NOTIFY_DEAD
};
struct notify_result {
	enum notify_outcome outcome;
	int64_t retry_after; /* seconds from HTTP 429 Retry-After; 0 when none */
	char reply[512];     /* the server's reply or curl's error, for logs/dead letters */
};
/* Sends one message now (blocking, bounded by the conf's time-outs), classifies the reply.
 * Returns 0 when a send was tried (whatever the outcome, in r: a refused
 * message or a bad address is NOTIFY_DEAD, an unreachable server
 * NOTIFY_RETRY); -1 when c has no such usable channel or m lacks a
 * subject, body or Message-ID, with r->outcome NOTIFY_DEAD and r->reply
 * saying why. Thread-safe: each call
 * uses its own curl handle. */
int notify_send(const struct notify_conf *c, const struct notify_msg *m, struct notify_result *r);

/* A name for an outcome ("sent", "retry", "dead"), for logs. */
const char *notify_outcome_name(enum notify_outcome o);

#endif
