/* The single writer: every write of the server is a job on one queue. The
 * writer thread takes all the jobs that are waiting, runs them in one
 * transaction, commits once (synchronous=FULL: the commit has reached the
 * disk), and only then wakes each job's request to answer. So concurrent
 * writers share one fsync (group commit).
 *
 * A job that fails must not take the others with it. The batch first runs
 * without savepoints, because FTS5 writes its pending index out at every
 * SAVEPOINT and that would cost each create a segment; when a job fails,
 * the whole transaction is rolled back and the batch runs again with each
 * job in its own savepoint, so the failing one is undone alone. Jobs are
 * functions of their arguments and the database, so running one twice
 * gives the same result. */
#include "web/webInt.h"
#include "notify/dispatch.h"
#include "util/timefmt.h"

#define BATCH_MAX 256

struct web_writer {
	struct web_server *srv;
	struct store *st;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct web_job *head, *tail;
	bool stop;
	size_t queued; /* messages the batch's jobs queued */
};

static void job_finish(struct web_job *j)
{
	if (j->sync_lock) {
		pthread_mutex_lock(j->sync_lock);
		j->done = true;
		pthread_cond_signal(j->sync_cond);
		pthread_mutex_unlock(j->sync_lock);
		return;
	}
	j->done = true;
	MHD_resume_connection(j->conn);
}

/* Fails the jobs of the batch that had succeeded: their work was lost with
 * the transaction. */
static void fail_done(struct web_job **v, size_t n, const struct mo_err *why)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i]->rc == 0) {
			v[i]->rc = -1;
			v[i]->err = *why;
		}
	}
}

/* Every job in one transaction, no savepoints: true when all succeeded and
 * the commit went through (or failed for all: then their rc says so);
 * false when a job failed and everything was rolled back. */
static bool run_fast(struct web_writer *w, struct web_job **v, size_t n)
{
	struct mo_err e;

	mo_err_clear(&e);
	if (store_begin(w->st, &e)) {
		for (size_t i = 0; i < n; i++) {
			v[i]->rc = -1;
			v[i]->err = e;
		}
		return true;
	}
	for (size_t i = 0; i < n; i++) {
		struct web_job *j = v[i];
		struct engine en = {.p = j->p,
				    .st = w->st,
				    .who = j->who,
				    .now = time_now(),
				    .evidence_dir = w->srv->evidence_dir,
				    .notify = w->srv->notify,
				    .public_url = w->srv->public_url};

		mo_err_clear(&j->err);
		store_actor(w->st, j->who, en.now);
		store_actor_login(w->st, j->login);
		j->rc = j->fn(&en, j->arg, &j->err);
		if (j->rc) {
			store_rollback(w->st);
			return false;
		}
		w->queued += en.queued;
	}
	if (store_commit(w->st, &e)) {
		for (size_t i = 0; i < n; i++) {
			v[i]->rc = -1;
			v[i]->err = e;
		}
	}
	return true;
}

static void run_batch(struct web_writer *w, struct web_job **v, size_t n)
{
	struct mo_err e;
	size_t committed_from = 0;

	w->queued = 0;
	if (run_fast(w, v, n))
		goto notify;
	w->queued = 0;
	mo_err_clear(&e);
	if (store_begin(w->st, &e)) {
		for (size_t i = 0; i < n; i++) {
			v[i]->rc = -1;
			v[i]->err = e;
		}
		goto notify;
	}
	for (size_t i = 0; i < n; i++) {
		struct web_job *j = v[i];
		struct engine en = {.p = j->p,
				    .st = w->st,
				    .who = j->who,
				    .now = time_now(),
				    .evidence_dir = w->srv->evidence_dir,
				    .notify = w->srv->notify,
				    .public_url = w->srv->public_url};

		mo_err_clear(&j->err);
		store_actor(w->st, j->who, en.now);
		store_actor_login(w->st, j->login);
		if (store_savepoint(w->st, &j->err)) {
			j->rc = -1;
			continue;
		}
		j->rc = j->fn(&en, j->arg, &j->err);
		if (j->rc == 0 && store_savepoint_release(w->st, &j->err))
			j->rc = -1;
		if (j->rc == 0) {
			w->queued += en.queued;
			continue;
		}
		if (!j->err.msg[0])
			mo_err_set(&j->err, NULL, 0, 0, "%s", _("the change could not be saved"));
		store_savepoint_rollback(w->st);
		if (!store_in_transaction(w->st)) {
			/* SQLite gave up the whole transaction (I/O error, disk
			 * full): what ran before is lost; start again for the rest. */
			fail_done(v + committed_from, i - committed_from, &j->err);
			committed_from = i + 1;
			if (store_begin(w->st, &e)) {
				for (size_t k = i + 1; k < n; k++) {
					v[k]->rc = -1;
					v[k]->err = e;
				}
				goto notify;
			}
		}
	}
	if (store_commit(w->st, &e))
		fail_done(v + committed_from, n - committed_from, &e);
notify:
	/* the messages are committed: the dispatcher sends them now, not at
	 * its next look (a wake when the commit failed only costs a look) */
	if (w->queued)
		notify_dispatch_wake(w->srv->dispatch);
	for (size_t i = 0; i < n; i++)
		job_finish(v[i]);
}

static void *writer_main(void *arg)
{
	struct web_writer *w = arg;
	struct web_job *batch[BATCH_MAX];

	for (;;) {
		size_t n = 0;

		pthread_mutex_lock(&w->lock);
		while (!w->head && !w->stop)
			pthread_cond_wait(&w->cond, &w->lock);
		if (!w->head) {
			pthread_mutex_unlock(&w->lock);
			break;
		}
		while (w->head && n < BATCH_MAX) {
			batch[n++] = w->head;
			w->head = w->head->next;
		}
		if (!w->head)
			w->tail = NULL;
		pthread_mutex_unlock(&w->lock);
		run_batch(w, batch, n);
	}
	return NULL;
}

struct web_writer *writer_start(struct web_server *srv, struct mo_err *e)
{
	struct web_writer *w = calloc(1, sizeof(*w));

	if (!w) {
		mo_err_oom(e, NULL);
		return NULL;
	}
	w->srv = srv;
	w->st = store_open(srv->db_path, STORE_CREATE, e);
	if (!w->st) {
		free(w);
		return NULL;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	if (pthread_create(&w->thread, NULL, writer_main, w)) {
		mo_err_set(e, NULL, 0, 0, "cannot start the writer thread");
		store_close(w->st);
		free(w);
		return NULL;
	}
	return w;
}

void writer_stop(struct web_writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	store_close(w->st);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	free(w);
}

size_t writer_pending(struct web_writer *w)
{
	size_t n = 0;

	pthread_mutex_lock(&w->lock);
	for (const struct web_job *j = w->head; j; j = j->next)
		n++;
	pthread_mutex_unlock(&w->lock);
	return n;
}

/* Queues j; -1 when the writer no longer takes jobs. When r is given, its
 * connection is suspended under the queue's lock, before the writer can
 * see the job and resume it. */
static int enqueue(struct web_writer *w, struct web_job *j, struct web_req *r)
{
	pthread_mutex_lock(&w->lock);
	if (w->stop) {
		pthread_mutex_unlock(&w->lock);
		return -1;
	}
	if (r) {
		r->state = REQ_WAITING;
		MHD_suspend_connection(r->conn);
	}
	j->next = NULL;
	if (w->tail)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

int web_submit(struct web_req *r, web_job_fn fn, void *arg, void (*arg_free)(void *),
	       web_done_fn done)
{
	struct web_job *j = &r->job;

	r->arg = arg;
	r->arg_free = arg_free;
	r->done = done;
	memset(j, 0, sizeof(*j));
	j->fn = fn;
	j->arg = arg;
	j->p = r->p;
	snprintf(j->who, sizeof(j->who), "%s", r->who.name);
	/* The stable login id: the account's name, else the principal. */
	snprintf(j->login, sizeof(j->login), "%s%s", r->who.kind == WHO_USER ? "user:" : "",
		 r->who.kind == WHO_USER ? r->who.user.name : r->who.id);
	j->conn = r->conn;
	return enqueue(r->srv->writer, j, r);
}

int web_submit_sync(struct web_server *srv, const struct policy *p, const char *who, web_job_fn fn,
		    void *arg, struct mo_err *e)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
	struct web_job j;

	memset(&j, 0, sizeof(j));
	j.fn = fn;
	j.arg = arg;
	j.p = p;
	snprintf(j.who, sizeof(j.who), "%s", who);
	j.sync_lock = &lock;
	j.sync_cond = &cond;
	if (enqueue(srv->writer, &j, NULL))
		return mo_err_set(e, NULL, 0, 0, "the server is stopping");
	pthread_mutex_lock(&lock);
	while (!j.done)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	if (j.rc)
		*e = j.err;
	return j.rc;
}
