/* 疎通確認 (contact checks): every person's channels (e-mail from the
 * policy, chat through the webhook id their `chat` names), a test message
 * on each with a signed link PUBLIC_URL/verify/TOKEN (linktoken purpose
 * "verify", 7 days), and the human's confirmation of that link. A
 * webhook's 2xx is not a confirmation: only the POST of the link counts.
 *
 * As elsewhere in the engine: -1 with e set on error. */
#ifndef MO_ENGINE_CONTACTS_H
#define MO_ENGINE_CONTACTS_H

#include "engine/engine.h"
#include "engine/linktoken.h"
#include "notify/notify.h"
#include "policy/policy.h"
#include "store/store.h"

#define CONTACTS_VERIFY_SECONDS (7 * 86400)

struct contact_row {
	const struct mo_person *person;
	char channel[64];     /* "email" or the webhook id */
	bool usable;	      /* notify.yaml can send on it */
	int64_t sent_at;      /* last test message sent; 0: never */
	int64_t confirmed_at; /* last human confirmation; 0: never */
};

/* Every (person, channel) of the policy, in policy order, with what the
 * store recorded (st may be NULL: no database yet; c may be NULL: nothing
 * configured). *rows is malloc'd; the caller frees it. */
int contacts_collect(const struct policy *p, const struct notify_conf *c, struct store *st,
		     struct contact_row **rows, size_t *n, struct mo_err *e) MO_WUR;

/* True when the row's confirmation is missing or older than the policy's
 * contacts.verify_every (default 6 months) at now. */
bool contacts_stale(const struct policy *p, const struct contact_row *row, int64_t now);

/* What happened to one test message. */
struct contact_sent {
	const struct mo_person *person;
	char channel[64];
	struct notify_result result;
	bool tried; /* false: the channel is not usable (result says why) */
};

/* Runs fn(en, arg, e) as one write transaction: engine_tx for the CLI,
 * the server's writer (web_submit_sync) for the web. */
typedef int (*contacts_write_fn)(void *ctx,
				 int (*fn)(struct engine *en, void *arg, struct mo_err *e),
				 void *arg, struct mo_err *e);

/* Sends the test message to every usable channel of person_id (NULL:
 * everybody) now, synchronously through notify_send, and records each sent
 * one. Reads through st (may be NULL: no database yet); writes (the link
 * key on first use, the sent dates) go through write(wctx, …) in short
 * transactions, never held while sending. *out (malloc'd, the caller
 * frees) lists every channel tried or skipped. -1 with e set when nothing
 * can be sent at all (no notify.yaml, no public_url, an unknown person). */
int contacts_verify(struct store *st, contacts_write_fn write, void *wctx, const struct policy *p,
		    const struct notify_conf *c, const char *person_id, int64_t now,
		    struct contact_sent **out, size_t *n, struct mo_err *e) MO_WUR;

/* Reads a verify token for the page: 0 with the person (NULL when the
 * policy no longer has them) and channel filled; 1 when altered, malformed
 * or expired (e->code a linktoken_fault, e->msg for the page); -1 on error. */
int contacts_token_read(struct store *st, const struct policy *p, const char *token, int64_t now,
			const struct mo_person **person, char *channel, size_t size,
			struct mo_err *e) MO_WUR;

/* The human's POST: checks token, uses it once and records the
 * confirmation, inside the caller's write transaction. 0 confirmed; 1
 * refused (e->msg for the page: altered, expired, or already used, then
 * e->detail is CONTACTS_USED); -1 on error. */
#define CONTACTS_USED 10
int contacts_confirm(struct store *st, const struct policy *p, const char *token, int64_t now,
		     struct mo_err *e) MO_WUR;

#endif
