/* The server's escalation thread: every second, the escalation tick
 * (engine_escalation_tick: due chain steps and reminders) on its own
 * connection with the policy in force, then a wake of the outbox's
 * dispatcher when something was queued, so an escalation goes out within a
 * second of its time. */
#include "engine/escalation.h"
#include "notify/dispatch.h"
#include "util/timefmt.h"
#include "web/webInt.h"

#include <time.h>

struct web_escalator {
	struct web_server *srv;
	struct store *st;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
};

static void *escalate_main(void *arg)
{
	struct web_escalator *t = arg;

	for (;;) {
		struct web_policy *wp = web_policy_get(t->srv);
		struct engine en = {.p = wp->p,
				    .st = t->st,
				    .who = "moshimo",
				    .evidence_dir = t->srv->evidence_dir,
				    .notify = t->srv->notify,
				    .public_url = t->srv->public_url};
		struct mo_err e;
		struct timespec until;

		mo_err_clear(&e);
		if (engine_escalation_tick(&en, time_now(), &e) < 0)
			mo_report_err(stderr, &e);
		web_policy_put(wp);
		if (en.queued)
			notify_dispatch_wake(t->srv->dispatch);
		/* Just after the next whole second of the real clock: time()
		 * reads a coarse clock that may lag the exact one by a few ms,
		 * and a step due at second S must see S. */
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec++;
		until.tv_nsec = 20 * 1000000L;
		pthread_mutex_lock(&t->lock);
		while (!t->stop)
			if (pthread_cond_timedwait(&t->cond, &t->lock, &until) == ETIMEDOUT)
				break;
		if (t->stop) {
			pthread_mutex_unlock(&t->lock);
			break;
		}
		pthread_mutex_unlock(&t->lock);
	}
	return NULL;
}

struct web_escalator *escalator_start(struct web_server *srv, struct mo_err *e)
{
	struct web_escalator *t = calloc(1, sizeof(*t));

	if (!t) {
		mo_err_oom(e, NULL);
		return NULL;
	}
	t->srv = srv;
	t->st = store_open(srv->db_path, 0, e);
	if (!t->st) {
		free(t);
		return NULL;
	}
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->cond, NULL);
	if (pthread_create(&t->thread, NULL, escalate_main, t)) {
		mo_err_set(e, NULL, 0, 0, "cannot start the escalation thread");
		pthread_mutex_destroy(&t->lock);
		pthread_cond_destroy(&t->cond);
		store_close(t->st);
		free(t);
		return NULL;
	}
	return t;
}

void escalator_stop(struct web_escalator *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->cond);
	store_close(t->st);
	free(t);
}
