/* Password hashing (argon2id: 19 MiB and tens of milliseconds each) on a
 * small pool of its own threads, never on the HTTP threads: a login is
 * suspended while its check waits in a bounded queue, so a flood of logins
 * queues here and every other route keeps its threads. A job may be told
 * to wait before it runs: the login throttle slows down, it does not lock
 * out. */
#include "web/webInt.h"

#include <time.h>

#define PW_WORKERS 2
#define PW_READY_MAX 64	   /* jobs that may run now */
#define PW_DELAYED_MAX 256 /* jobs waiting for their time (a suspended connection each) */

struct pw_job {
	int (*fn)(void *arg);
	void *arg;
	int64_t not_before; /* CLOCK_MONOTONIC milliseconds */
	bool delayed;
	struct web_req *r; /* NULL for a job someone waits for */
	int rc;
	bool done;
	struct pw_job *next;
};

struct web_pwpool {
	pthread_mutex_t lock;
	pthread_cond_t cond;	  /* work for the workers (CLOCK_MONOTONIC) */
	pthread_cond_t done_cond; /* a waited-for job finished */
	pthread_t threads[PW_WORKERS];
	size_t n_threads;
	struct pw_job *head; /* by not_before, earliest first */
	size_t ready, delayed;
	bool stop;
};

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void insert(struct web_pwpool *p, struct pw_job *j)
{
	struct pw_job **at = &p->head;

	while (*at && (*at)->not_before <= j->not_before)
		at = &(*at)->next;
	j->next = *at;
	*at = j;
}

static void *worker(void *arg)
{
	struct web_pwpool *p = arg;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		struct pw_job *j = p->head;
		int64_t now = mono_ms();

		if (!j) {
			if (p->stop)
				break;
			pthread_cond_wait(&p->cond, &p->lock);
			continue;
		}
		/* Stopping: what waits runs now, so the server can finish. */
		if (j->not_before > now && !p->stop) {
			struct timespec ts = {(time_t)(j->not_before / 1000),
					      (long)(j->not_before % 1000) * 1000000};

			pthread_cond_timedwait(&p->cond, &p->lock, &ts);
			continue;
		}
		p->head = j->next;
		if (j->delayed)
			p->delayed--;
		else
			p->ready--;
		pthread_mutex_unlock(&p->lock);
		j->rc = j->fn(j->arg);
		if (j->r) {
			struct web_req *r = j->r;

			r->job.rc = j->rc;
			r->job.done = true;
			free(j);
			MHD_resume_connection(r->conn);
			pthread_mutex_lock(&p->lock);
		} else {
			pthread_mutex_lock(&p->lock);
			j->done = true;
			pthread_cond_broadcast(&p->done_cond);
		}
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct web_pwpool *pwpool_start(struct mo_err *e)
{
	struct web_pwpool *p = calloc(1, sizeof(*p));
	pthread_condattr_t ca;

	if (!p) {
		mo_err_oom(e, NULL);
		return NULL;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_cond_init(&p->done_cond, NULL);
	for (; p->n_threads < PW_WORKERS; p->n_threads++) {
		if (pthread_create(&p->threads[p->n_threads], NULL, worker, p)) {
			mo_err_set(e, NULL, 0, 0, "cannot start the password hashing threads");
			pwpool_free(p);
			return NULL;
		}
	}
	return p;
}

void pwpool_stop(struct web_pwpool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	for (size_t i = 0; i < p->n_threads; i++)
		pthread_join(p->threads[i], NULL);
	p->n_threads = 0;
}

void pwpool_free(struct web_pwpool *p)
{
	if (!p)
		return;
	pwpool_stop(p);
	pthread_cond_destroy(&p->cond);
	pthread_cond_destroy(&p->done_cond);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

int web_pw_submit(struct web_req *r, int (*fn)(void *arg), void *arg, void (*arg_free)(void *),
		  int64_t delay_ms, web_done_fn done)
{
	struct web_pwpool *p = r->srv->pwpool;
	struct pw_job *j = calloc(1, sizeof(*j));

	if (!j)
		return -1;
	j->fn = fn;
	j->arg = arg;
	j->r = r;
	j->delayed = delay_ms > 0;
	j->not_before = mono_ms() + (delay_ms > 0 ? delay_ms : 0);
	pthread_mutex_lock(&p->lock);
	if (p->stop || (j->delayed ? p->delayed >= PW_DELAYED_MAX : p->ready >= PW_READY_MAX)) {
		pthread_mutex_unlock(&p->lock);
		free(j);
		return -1;
	}
	r->arg = arg;
	r->arg_free = arg_free;
	r->done = done;
	memset(&r->job, 0, sizeof(r->job));
	r->state = REQ_WAITING;
	MHD_suspend_connection(r->conn);
	insert(p, j);
	if (j->delayed)
		p->delayed++;
	else
		p->ready++;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

int web_pw_run(struct web_server *srv, int (*fn)(void *arg), void *arg)
{
	struct web_pwpool *p = srv->pwpool;
	struct pw_job j;
	int rc;

	memset(&j, 0, sizeof(j));
	j.fn = fn;
	j.arg = arg;
	j.not_before = mono_ms();
	pthread_mutex_lock(&p->lock);
	if (p->stop || p->ready >= PW_READY_MAX) {
		pthread_mutex_unlock(&p->lock);
		return -2;
	}
	insert(p, &j);
	p->ready++;
	pthread_cond_signal(&p->cond);
	while (!j.done)
		pthread_cond_wait(&p->done_cond, &p->lock);
	rc = j.rc;
	pthread_mutex_unlock(&p->lock);
	return rc;
}
