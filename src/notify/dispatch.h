/* The dispatcher: the only caller of notify_send. It claims due outbox
 * rows (store/outbox.h) with a lease, sends each, and marks it sent, due
 * again later (a retry: exponential backoff with jitter, at least the
 * server's Retry-After) or dead (refused, or still failing after
 * NOTIFY_MAX_TRIES tries or a day), each on the incident's timeline (kind
 * "notify") and one line on stderr. A per-destination rate limit (the SMTP
 * server; each webhook) spaces the sends.
 *
 * Two ways to run it: threads (notify_dispatch_start, in `moshimo serve`:
 * four senders sharing one rate limit, so one slow server does not hold up
 * the rest; notify_dispatch_wake after a commit that queued messages makes
 * them look at once, otherwise they look every second), and one pass in
 * the caller's thread (notify_dispatch_pass, `moshimo notify run`). All may
 * run at once on one database: a row is claimed by one of them only. A
 * claim's owner is "HOST/PID/N"; rows of a process of this machine that is
 * gone (kill -9) are taken back at once, others when their lease ends. */
#ifndef MO_NOTIFY_DISPATCH_H
#define MO_NOTIFY_DISPATCH_H

#include "util/common.h"
#include "util/err.h"

struct notify_conf;
struct store;

#define NOTIFY_MAX_TRIES 10
#define NOTIFY_GIVE_UP_SECONDS 86400
#define NOTIFY_LEASE_SECONDS 300 /* at least; longer when the time-outs are */
#define NOTIFY_BACKOFF_FIRST 10	 /* seconds; jitter makes it 5..15 */
#define NOTIFY_BACKOFF_CAP 1800

struct notify_dispatcher;

/* A dispatcher working on st (its own connection; the caller keeps it open
 * and uses it for nothing else meanwhile) with conf (may be NULL: every
 * row then waits). NULL when out of memory. */
struct notify_dispatcher *notify_dispatcher_new(struct store *st, const struct notify_conf *conf);
void notify_dispatcher_free(struct notify_dispatcher *d);

struct notify_pass {
	size_t sent, retried, dead;
	int64_t next_due; /* the earliest time a pending row is due; 0 when none */
};
/* Sends what is due now, until nothing is. Rows held by a dispatcher that
 * died on this machine are taken back first. 0, or -1 with e set on a
 * database error. */
int notify_dispatch_pass(struct notify_dispatcher *d, struct notify_pass *out,
			 struct mo_err *e) MO_WUR;

/* ---- The server's thread ---- */

struct notify_dispatch;
/* Opens db_path and starts the thread. NULL with e set on error. */
struct notify_dispatch *notify_dispatch_start(const char *db_path, const struct notify_conf *conf,
					      struct mo_err *e);
/* Makes the thread look at the outbox now (cheap; any thread). d may be NULL. */
void notify_dispatch_wake(struct notify_dispatch *d);
/* Finishes the send in progress and stops the thread. d may be NULL. */
void notify_dispatch_stop(struct notify_dispatch *d);

#endif
