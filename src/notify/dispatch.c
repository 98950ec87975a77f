/* The dispatcher: claim → send → mark, with retries, dead letters, a
 * per-destination rate limit, the timeline and a log line. See dispatch.h. */
#include "notify/dispatch.h"
#include "engine/engine.h"
#include "notify/notifyInt.h"
#include "store/outbox.h"
#include "util/clock.h"
#include "util/timefmt.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sodium.h>
#include <time.h>
#include <unistd.h>

#define CLAIM_BATCH 4
#define RECLAIM_EVERY 5 /* seconds between looks for dead dispatchers */
#define BUCKETS_MAX 64

/* Sends per second and burst per destination, by kind; MOSHIMO_NOTIFY_RATE
 * (sends per second) replaces them all, for benchmarks. Slack asks for
 * about one message a second per webhook. */
static const struct {
	enum notify_kind kind;
	double rate;
	double burst;
} rates[] = {
	{NOTIFY_EMAIL, 20, 20},	    {NOTIFY_SLACK, 1, 3},    {NOTIFY_TEAMS, 2, 4},
	{NOTIFY_GOOGLE_CHAT, 1, 3}, {NOTIFY_CHATWORK, 1, 3}, {NOTIFY_WEBHOOK, 5, 10},
};

struct bucket {
	char key[64];
	double tokens; /* may go below 0: sends reserved ahead */
	double rate, burst;
	double last; /* monotonic seconds */
};

/* The rate limit, shared by the dispatchers of one process. */
struct notify_limiter {
	pthread_mutex_t lock;
	struct bucket buckets[BUCKETS_MAX];
	size_t n_buckets;
	double rate_override;
};

struct notify_dispatcher {
	struct store *st;
	const struct notify_conf *conf;
	char owner[128]; /* "HOST/PID/N" */
	char host[96];
	struct notify_limiter *limiter;
	bool own_limiter;
	int64_t reclaimed_at;
	bool reclaimed_once;
	const atomic_bool *stop; /* may be NULL */
	bool conn_ready;	 /* store_outbox_dispatcher_conn done */
};

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct notify_limiter *limiter_new(void)
{
	struct notify_limiter *l = calloc(1, sizeof(*l));
	const char *r = getenv("MOSHIMO_NOTIFY_RATE");

	if (!l)
		return NULL;
	pthread_mutex_init(&l->lock, NULL);
	if (r && *r) {
		char *end;
		double v = strtod(r, &end);

		if (*end == '\0' && v > 0)
			l->rate_override = v;
	}
	return l;
}

static void limiter_free(struct notify_limiter *l)
{
	if (!l)
		return;
	pthread_mutex_destroy(&l->lock);
	free(l);
}

static struct notify_dispatcher *dispatcher_new(struct store *st, const struct notify_conf *conf,
						struct notify_limiter *shared, int n)
{
	struct notify_dispatcher *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->st = st;
	d->conf = conf;
	d->limiter = shared;
	if (!d->limiter) {
		d->limiter = limiter_new();
		d->own_limiter = true;
		if (!d->limiter) {
			free(d);
			return NULL;
		}
	}
	if (gethostname(d->host, sizeof(d->host)) != 0 || !d->host[0])
		snprintf(d->host, sizeof(d->host), "localhost");
	d->host[sizeof(d->host) - 1] = '\0';
	snprintf(d->owner, sizeof(d->owner), "%s/%ld/%d", d->host, (long)getpid(), n);
	return d;
}

struct notify_dispatcher *notify_dispatcher_new(struct store *st, const struct notify_conf *conf)
{
	return dispatcher_new(st, conf, NULL, 0);
}

void notify_dispatcher_free(struct notify_dispatcher *d)
{
	if (d && d->own_limiter)
		limiter_free(d->limiter);
	free(d);
}

/* The next try's delay after attempts failed tries, with jitter, never
 * less than retry_after. */
static int64_t notify_backoff(int attempts, int64_t retry_after)
{
	int64_t base = NOTIFY_BACKOFF_FIRST;
	int64_t d;

	for (int i = 1; i < attempts && base < NOTIFY_BACKOFF_CAP; i++)
		base *= 2;
	if (base > NOTIFY_BACKOFF_CAP)
		base = NOTIFY_BACKOFF_CAP;
	/* jitter: half to one and a half of the base, so many messages failing
	 * together do not come back together */
	d = base / 2 + (int64_t)randombytes_uniform((uint32_t)base + 1);
	if (d < 1)
		d = 1;
	if (retry_after > 0) {
		if (retry_after > 3600)
			retry_after = 3600;
		if (d < retry_after)
			d = retry_after;
	}
	return d;
}

/* Waits until destination channel may send one more: takes a token now
 * (the balance may go negative), then sleeps off the debt outside the lock. */
static void rate_wait(struct notify_dispatcher *d, const char *channel)
{
	struct notify_limiter *l = d->limiter;
	struct bucket *b = NULL;
	double now = mono(), wait = 0;

	pthread_mutex_lock(&l->lock);
	for (size_t i = 0; i < l->n_buckets && !b; i++)
		if (strcmp(l->buckets[i].key, channel) == 0)
			b = &l->buckets[i];
	if (!b) {
		int kind = notify_conf_channel_kind(d->conf, channel);

		if (l->n_buckets == BUCKETS_MAX)
			l->n_buckets = 0; /* forget them all rather than grow: rare */
		b = &l->buckets[l->n_buckets++];
		memset(b, 0, sizeof(*b));
		snprintf(b->key, sizeof(b->key), "%s", channel);
		b->rate = 1;
		b->burst = 1;
		for (size_t i = 0; i < MO_ARRAY_SIZE(rates); i++) {
			if ((int)rates[i].kind == kind) {
				b->rate = rates[i].rate;
				b->burst = rates[i].burst;
			}
		}
		if (l->rate_override > 0)
			b->rate = b->burst = l->rate_override;
		b->tokens = b->burst;
		b->last = now;
	}
	b->tokens += (now - b->last) * b->rate;
	if (b->tokens > b->burst)
		b->tokens = b->burst;
	b->last = now;
	b->tokens -= 1;
	if (b->tokens < 0)
		wait = -b->tokens / b->rate;
	pthread_mutex_unlock(&l->lock);
	if (wait > 0) {
		struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};

		nanosleep(&ts, NULL);
	}
}

static const char *channel_ja(const char *channel, char *out, size_t size)
{
	if (strcmp(channel, "email") == 0)
		snprintf(out, size, "メール");
	else
		snprintf(out, size, "チャット %s", channel);
	return out;
}

/* Takes back the rows of dispatchers on this machine whose process is gone
 * (killed while sending): they are due again now. */
static int reclaim(struct notify_dispatcher *d, int64_t now, struct mo_err *e)
{
	char *owners[32];
	size_t n = 0;
	int rc = 0;

	if (store_outbox_owners(d->st, owners, MO_ARRAY_SIZE(owners), &n, e))
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t hl = strlen(d->host);
		char *end;
		long pid;

		/* "HOST/PID/N": only this machine's processes can be looked at */
		if (strncmp(owners[i], d->host, hl) != 0 || owners[i][hl] != '/')
			continue;
		pid = strtol(owners[i] + hl + 1, &end, 10);
		if (*end != '/' || pid <= 0)
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue; /* alive (or not ours to ask): its lease decides */
		{
			size_t k = 0;

			if (store_outbox_release(d->st, owners[i], now, &k, e)) {
				rc = -1;
				break;
			}
			if (k)
				fprintf(stderr,
					"moshimo: notify: %zu message(s) of a stopped dispatcher (%s) "
					"are due again\n",
					k, owners[i]);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(owners[i]);
	if (rc == 0) {
		d->reclaimed_once = true;
		d->reclaimed_at = now;
	}
	return rc;
}

/* How long a claim holds: never less than a round of CLAIM_BATCH sends
 * can take at the conf's time-outs, so no other dispatcher takes a row
 * that is still being sent. */
static int64_t lease_seconds(const struct notify_dispatcher *d)
{
	int64_t round = CLAIM_BATCH * (int64_t)(d->conf->total_timeout + 5) + 60;

	return round > NOTIFY_LEASE_SECONDS ? round : NOTIFY_LEASE_SECONDS;
}

/* The outcome of one try, kept until it is written. */
struct tried {
	const struct outbox_msg *m;
	enum outbox_state state;
	int64_t next_at;
	char reply[512];
	char text[1024];
};

/* Marks each tried row and puts it on the timeline, then (when next is
 * given) claims the next rows, all in one transaction: one commit (one
 * fsync) per round instead of one per message. A row whose lease another
 * dispatcher took meanwhile is left alone. */
static int record(struct notify_dispatcher *d, const struct tried *t, size_t n,
		  struct outbox_list *next, struct mo_err *e)
{
	int64_t now = time_now();

	if (store_begin(d->st, e))
		return -1;
	store_actor(d->st, "moshimo", now);
	for (size_t i = 0; i < n; i++) {
		const struct outbox_msg *m = t[i].m;
		/* a dead letter's next_at is when it died (the dashboard's last day) */
		int rc = store_outbox_finish(d->st, m->id, d->owner, t[i].state,
					     t[i].state == OUTBOX_DEAD ? now : t[i].next_at,
					     t[i].state == OUTBOX_SENT ? now : 0,
					     t[i].state == OUTBOX_SENT ? NULL : t[i].reply, e);

		if (rc < 0)
			goto fail;
		if (rc == 1 || m->incident_id <= 0)
			continue;
		{
			struct event ev = {0};

			ev.incident_id = m->incident_id;
			ev.at = now;
			ev.who = "moshimo";
			ev.kind = "notify";
			ev.field = m->channel;
			ev.after = t[i].state == OUTBOX_SENT   ? "sent"
				   : t[i].state == OUTBOX_DEAD ? "dead"
							       : "retry";
			ev.text = t[i].text;
			if (store_event_append(d->st, &ev, e))
				goto fail;
		}
	}
	if (next &&
	    store_outbox_claim(d->st, d->owner, now, now + lease_seconds(d), CLAIM_BATCH, next, e))
		goto fail;
	return store_commit(d->st, e);
fail:
	store_rollback(d->st);
	return -1;
}

/* Sends m now and decides what becomes of it (into t). */
static void try_one(struct notify_dispatcher *d, const struct outbox_msg *m, struct tried *t,
		    struct notify_pass *p)
{
	struct notify_msg msg = {0};
	struct notify_result r;
	int64_t now;
	char ref[32], ch[96], when[MO_TIME_MAX];
	const char *who = m->person_name ? m->person_name : m->person;

	memset(&r, 0, sizeof(r));
	t->m = m;
	t->next_at = 0;
	msg.channel = m->channel;
	msg.to = m->address;
	msg.to_name = m->person_name;
	msg.subject = m->subject;
	msg.body = m->body;
	msg.message_id = m->message_id;
	msg.ack_url = m->ack_url;
	msg.incident_url = m->incident_url;
	msg.date = time_now();
	rate_wait(d, m->channel);
	if (notify_send(d->conf, &msg, &r) != 0)
		r.outcome = NOTIFY_DEAD;
	r.reply[sizeof(r.reply) - 1] = '\0';
	snprintf(t->reply, sizeof(t->reply), "%s", r.reply);
	now = time_now();
	engine_ref(m->incident_id, ref, sizeof(ref));
	channel_ja(m->channel, ch, sizeof(ch));
	switch (r.outcome) {
	case NOTIFY_SENT:
		t->state = OUTBOX_SENT;
		snprintf(t->text, sizeof(t->text), "%sさん（%s）に送信しました（%s）", who, ch,
			 m->purpose);
		p->sent++;
		break;
	case NOTIFY_RETRY:
		if (m->attempts >= NOTIFY_MAX_TRIES ||
		    now - m->window_from >= NOTIFY_GIVE_UP_SECONDS) {
			t->state = OUTBOX_DEAD;
			snprintf(t->text, sizeof(t->text),
				 "%sさん（%s）への送信を %d 回試みて、あきらめました: %s", who, ch,
				 m->attempts, r.reply);
			p->dead++;
			break;
		}
		t->state = OUTBOX_PENDING;
		t->next_at = now + notify_backoff(m->attempts, r.retry_after);
		time_format_utc(t->next_at, when, sizeof(when));
		snprintf(t->text, sizeof(t->text),
			 "%sさん（%s）への送信に失敗しました。%s に再試行します: %s", who, ch, when,
			 r.reply);
		p->retried++;
		break;
	default:
		t->state = OUTBOX_DEAD;
		snprintf(t->text, sizeof(t->text), "%sさん（%s）への送信が拒否されました: %s", who,
			 ch, r.reply);
		p->dead++;
		break;
	}
	fprintf(stderr, "moshimo: notify #%lld %s %s %s %s try %d: %s%s%s\n", (long long)m->id,
		m->incident_id > 0 ? ref : "-", m->purpose, m->person, m->channel, m->attempts,
		t->state == OUTBOX_SENT	  ? "sent"
		: t->state == OUTBOX_DEAD ? "dead"
					  : "retry",
		r.reply[0] ? " — " : "", r.reply);
}

int notify_dispatch_pass(struct notify_dispatcher *d, struct notify_pass *out, struct mo_err *e)
{
	struct outbox_stats stats;
	struct outbox_list cur;
	struct tried t[CLAIM_BATCH];
	size_t nt = 0;
	bool stopping = false;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!d->conf)
		return 0; /* nothing configured: every row waits for notify.yaml */
	if (!d->conn_ready) {
		if (store_outbox_dispatcher_conn(d->st, e))
			return -1;
		d->conn_ready = true;
	}
	outbox_list_init(&cur);
	for (;;) {
		struct outbox_list next;
		int64_t now = time_now();

		if ((!d->reclaimed_once || now - d->reclaimed_at >= RECLAIM_EVERY) &&
		    reclaim(d, now, e)) {
			rc = -1;
			break;
		}
		outbox_list_init(&next);
		if (nt ? record(d, t, nt, stopping ? NULL : &next, e)
		       : store_outbox_claim(d->st, d->owner, now, now + lease_seconds(d),
					    CLAIM_BATCH, &next, e)) {
			outbox_list_release(&next);
			rc = -1;
			break;
		}
		nt = 0;
		outbox_list_release(&cur);
		cur = next;
		if (stopping || !cur.n)
			break;
		for (size_t i = 0; i < cur.n && i < CLAIM_BATCH; i++) {
			if (d->stop && atomic_load(d->stop)) {
				stopping = true;
				break;
			}
			try_one(d, &cur.v[i], &t[nt++], out);
		}
		if (stopping && !nt)
			break;
	}
	if (rc == 0 && stopping) {
		/* the rows claimed and not tried go back at once */
		size_t k;

		if (store_outbox_release(d->st, d->owner, time_now(), &k, e))
			rc = -1;
	} else if (rc) {
		/* a database error: give back what was not tried; what was sent and
		 * not marked is sent again after the lease (the same Message-ID) */
		struct mo_err e2;
		size_t k;

		mo_err_clear(&e2);
		if (nt == 0 && store_outbox_release(d->st, d->owner, time_now(), &k, &e2))
			mo_report_err(stderr, &e2);
	}
	outbox_list_release(&cur);
	if (rc)
		return -1;
	if (store_outbox_stats(d->st, time_now(), &stats, e))
		return -1;
	out->next_due = stats.next_due;
	return 0;
}

/* ---- the server's threads ---- */

#define WORKERS 4

struct worker {
	struct notify_dispatch *t;
	struct store *st;
	struct notify_dispatcher *d;
	pthread_t thread;
	bool started;
};

struct notify_dispatch {
	struct notify_limiter *limiter;
	struct worker w[WORKERS];
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned long gen; /* bumped by each wake */
	atomic_bool stop;
};

/* Now in milliseconds: a message due at second T goes out at T, not up to
 * a second later. Under the test clock (MOSHIMO_NOW), its whole second. */
static int64_t now_millis(void)
{
	struct timespec ts;
	int64_t fixed;

	if (clock_test(&fixed) == CLOCK_FIXED)
		return fixed * 1000;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct notify_dispatch *t = w->t;
	unsigned long seen = 0;

	for (;;) {
		struct notify_pass p;
		struct mo_err e;
		struct timespec until;
		int64_t wait_ms = 1000;

		pthread_mutex_lock(&t->lock);
		seen = t->gen;
		pthread_mutex_unlock(&t->lock);
		mo_err_clear(&e);
		if (notify_dispatch_pass(w->d, &p, &e)) {
			mo_report_err(stderr, &e);
		} else if (p.next_due) {
			int64_t now_ms = now_millis();

			if (p.next_due * 1000 <= now_ms)
				wait_ms = 0;
			else if (p.next_due * 1000 - now_ms < wait_ms)
				wait_ms = p.next_due * 1000 - now_ms;
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)(wait_ms / 1000);
		until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&t->lock);
		while (t->gen == seen && !atomic_load(&t->stop) && wait_ms > 0)
			if (pthread_cond_timedwait(&t->cond, &t->lock, &until) == ETIMEDOUT)
				break;
		pthread_mutex_unlock(&t->lock);
		if (atomic_load(&t->stop))
			break;
	}
	return NULL;
}

struct notify_dispatch *notify_dispatch_start(const char *db_path, const struct notify_conf *conf,
					      struct mo_err *e)
{
	struct notify_dispatch *t = calloc(1, sizeof(*t));

	if (!t) {
		mo_err_oom(e, NULL);
		return NULL;
	}
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->cond, NULL);
	atomic_init(&t->stop, false);
	t->limiter = limiter_new();
	if (!t->limiter) {
		mo_err_oom(e, NULL);
		goto fail;
	}
	/* Several senders: one slow server (a remote SMTP's TLS handshake, a
	 * webhook timing out) does not hold up the others' messages. */
	for (int i = 0; i < WORKERS; i++) {
		struct worker *w = &t->w[i];

		w->t = t;
		w->st = store_open(db_path, STORE_CREATE, e);
		if (!w->st)
			goto fail;
		w->d = dispatcher_new(w->st, conf, t->limiter, i);
		if (!w->d) {
			mo_err_oom(e, NULL);
			goto fail;
		}
		w->d->stop = &t->stop;
		if (pthread_create(&w->thread, NULL, worker_main, w)) {
			mo_err_set(e, NULL, 0, 0, "cannot start the dispatcher thread");
			goto fail;
		}
		w->started = true;
	}
	return t;
fail:
	notify_dispatch_stop(t);
	return NULL;
}

void notify_dispatch_wake(struct notify_dispatch *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	t->gen++;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

void notify_dispatch_stop(struct notify_dispatch *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	atomic_store(&t->stop, true);
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
	for (int i = 0; i < WORKERS; i++) {
		struct worker *w = &t->w[i];

		if (w->started)
			pthread_join(w->thread, NULL);
		notify_dispatcher_free(w->d);
		store_close(w->st);
	}
	limiter_free(t->limiter);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->cond);
	free(t);
}
