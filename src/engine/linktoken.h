/* Signed links in messages (/ack/TOKEN, /verify/TOKEN): a token carries
 * purpose, incident, recipient and expiry, signed with HMAC-SHA256
 * (libsodium crypto_auth_hmacsha256) under a key kept in the database
 * (store/links.c; created on first use, rotatable), base64url without
 * padding. Checked in constant time; single use through a table of the
 * used tokens' hashes.
 *
 * Token format: base64url(payload) "." base64url(mac), where payload is
 * "v1|purpose|incident_id|expires|recipient" and mac the HMAC over it. */
#ifndef MO_ENGINE_LINKTOKEN_H
#define MO_ENGINE_LINKTOKEN_H

#include "util/common.h"
#include "util/err.h"

struct store;

struct linktoken {
	char purpose[16];    /* "ack", "verify" */
	int64_t incident_id; /* 0 when none (verify) */
	char recipient[128]; /* person id, or "person/channel" for verify */
	int64_t expires;     /* Unix seconds */
};
#define LINKTOKEN_MAX 256
/* e->detail when linktoken_check returns 1 (e->msg is translated, for a page);
 * e->code is MO_ENOTFOUND (malformed) or MO_EFORBIDDEN (altered, expired). */
enum linktoken_fault {
	LINKTOKEN_MALFORMED = 1,
	LINKTOKEN_ALTERED,
	LINKTOKEN_EXPIRED
};
/* A signed, URL-safe token for t into out. Needs a write transaction the first time (creates the
 * key). */
int linktoken_make(struct store *st, const struct linktoken *t, char *out, size_t size,
		   struct mo_err *e);
/* 0 when valid (t filled); 1 when altered, malformed or expired (e says which, for the page); -1 on
 * error. */
int linktoken_check(struct store *st, const char *token, int64_t now, struct linktoken *t,
		    struct mo_err *e);
/* Single use, inside a write transaction: 0 the first time, 1 when already used. */
int linktoken_use(struct store *st, const char *token, int64_t now, struct mo_err *e);

/* Read only: 1 when token was used already, 0 when not; -1 on error. */
int linktoken_used(struct store *st, const char *token, struct mo_err *e);

/* Replaces the key (inside a write transaction): every token made before
 * stops checking as valid. */
int linktoken_rotate(struct store *st, struct mo_err *e);

#endif
