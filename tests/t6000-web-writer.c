/* The server's single writer (web/writer.c) with batches of our choosing:
 * a job holds the writer while the next batch is queued. good, failing,
 * good: the batch falls back to one savepoint a job, the two good ones are
 * committed and the failing one (which had written an incident before it
 * failed) leaves nothing. An I/O error injected at the commit (a VFS that
 * fails every write once armed): every job of that batch fails with an I/O
 * error, nothing of it is written, and the writer goes on with the next
 * batch. The audit chain verifies after each. */
#include "testutil.h"
#include "engine/engine.h"
#include "web/webInt.h"

#include "faultvfs.h"

#include <pthread.h>

/* ---- Jobs ---- */

enum kind {
	GATE,
	GOOD,
	FAIL,
	ARM
};

struct job {
	enum kind kind;
	struct inc inc;
	atomic_int calls;
	int rc;
	struct mo_err err;
	pthread_t thread;
};

static struct web_server srv;
static struct policy *pol;
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static bool gate_entered, gate_open;

static int job_fn(struct engine *en, void *arg, struct mo_err *e)
{
	struct job *j = arg;

	atomic_fetch_add(&j->calls, 1);
	switch (j->kind) {
	case GATE:
		pthread_mutex_lock(&gate_lock);
		gate_entered = true;
		pthread_cond_broadcast(&gate_cond);
		while (!gate_open)
			pthread_cond_wait(&gate_cond, &gate_lock);
		pthread_mutex_unlock(&gate_lock);
		return 0;
	case GOOD:
		return engine_create(en, &j->inc, e);
	case FAIL:
		/* Written, then refused: the savepoint must undo the incident. */
		if (engine_create(en, &j->inc, e))
			return -1;
		return mo_err_set(e, NULL, 0, 0, "refused on purpose");
	case ARM:
		if (engine_create(en, &j->inc, e))
			return -1;
		atomic_store(&fault_armed, true);
		return 0;
	}
	return -1;
}

static void *submit_main(void *arg)
{
	struct job *j = arg;

	mo_err_clear(&j->err);
	j->rc = web_submit_sync(&srv, pol, "tester", job_fn, j, &j->err);
	return NULL;
}

static void job_init(struct job *j, enum kind kind, const char *title)
{
	char json[512];
	struct mo_err e;

	memset(j, 0, sizeof(*j));
	j->kind = kind;
	if (kind == GATE)
		return;
	snprintf(json, sizeof(json), "{\"title\":\"%s\",\"category\":\"leak\"}", title);
	assert_int_equal(engine_report_parse(pol, json, strlen(json), "t.json", time_now(), &j->inc,
					     &e),
			 0);
}

/* Runs jobs[1..n) as one batch: jobs[0] (a GATE) holds the writer until all
 * of them are queued, in order. */
static void run_batch(struct job *jobs, size_t n)
{
	gate_entered = gate_open = false;
	assert_int_equal(pthread_create(&jobs[0].thread, NULL, submit_main, &jobs[0]), 0);
	pthread_mutex_lock(&gate_lock);
	while (!gate_entered)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
	for (size_t i = 1; i < n; i++) {
		assert_int_equal(pthread_create(&jobs[i].thread, NULL, submit_main, &jobs[i]), 0);
		while (writer_pending(srv.writer) < i)
			usleep(1000);
	}
	pthread_mutex_lock(&gate_lock);
	gate_open = true;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
	for (size_t i = 0; i < n; i++)
		pthread_join(jobs[i].thread, NULL);
	assert_int_equal(jobs[0].rc, 0);
}

static void jobs_release(struct job *jobs, size_t n)
{
	for (size_t i = 1; i < n; i++)
		inc_release(&jobs[i].inc);
}

/* The titles of the stored incidents, "|"-separated, in id order, read on a
 * connection of our own; and the audit chain verified there. */
static void stored(char *out, size_t size)
{
	struct store_audit_report r;
	struct mo_err e;
	struct store *st;
	sqlite3 *db;
	sqlite3_stmt *s;
	size_t used = 0;

	out[0] = '\0';
	assert_int_equal(sqlite3_open_v2(srv.db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT title FROM incidents ORDER BY id", -1, &s,
					    NULL),
			 SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		used += (size_t)snprintf(out + used, size - used, "%s%s", used ? "|" : "",
					 (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
	st = store_open(srv.db_path, 0, &e);
	assert_non_null(st);
	memset(&r, 0, sizeof(r));
	assert_int_equal(store_audit_verify(st, &r, &e), 0);
	assert_int_equal(r.broken_seq, 0);
	store_close(st);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct mo_findings fd;
	struct mo_err e;

	(void)state;
	fault_vfs_install();
	mo_findings_init(&fd, "(built-in)");
	pol = policy_load_default(&fd);
	assert_non_null(pol);
	mo_findings_release(&fd);
	memset(&srv, 0, sizeof(srv));
	/* A folder of its own: the database's audit key and anchor live beside it. */
	snprintf(srv.data_dir, sizeof(srv.data_dir), "%s/writer-XXXXXX", tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(srv.data_dir));
	snprintf(srv.db_path, sizeof(srv.db_path), "%s/moshimo.db", srv.data_dir);
	snprintf(srv.evidence_dir, sizeof(srv.evidence_dir), "%s/evidence", srv.data_dir);
	srv.writer = writer_start(&srv, &e);
	if (!srv.writer)
		fprintf(stderr, "%s\n", e.msg);
	assert_non_null(srv.writer);
	return 0;
}

static int teardown(void **state)
{
	static const char *const files[] = {"moshimo.db", "moshimo.db-wal", "moshimo.db-shm",
					    "audit.key", "audit.anchor"};
	char path[1200];

	(void)state;
	writer_stop(srv.writer);
	policy_free(pol);
	for (size_t i = 0; i < MO_ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", srv.data_dir, files[i]);
		unlink(path);
	}
	rmdir(srv.evidence_dir);
	rmdir(srv.data_dir);
	return 0;
}

static void test_good_failing_good(void **state)
{
	struct job jobs[4];
	char titles[1024];

	(void)state;
	job_init(&jobs[0], GATE, NULL);
	job_init(&jobs[1], GOOD, "first good");
	job_init(&jobs[2], FAIL, "the failing one");
	job_init(&jobs[3], GOOD, "second good");
	run_batch(jobs, 4);
	assert_int_equal(jobs[1].rc, 0);
	assert_int_equal(jobs[2].rc, -1);
	assert_string_equal(jobs[2].err.msg, "refused on purpose");
	assert_int_equal(jobs[3].rc, 0);
	/* One batch: the fast run stopped at the failing job (the first good
	 * ran, the second not), then every job ran again in its savepoint. */
	assert_int_equal(atomic_load(&jobs[1].calls), 2);
	assert_int_equal(atomic_load(&jobs[2].calls), 2);
	assert_int_equal(atomic_load(&jobs[3].calls), 1);
	stored(titles, sizeof(titles));
	assert_string_equal(titles, "first good|second good");
	jobs_release(jobs, 4);

	/* All good: the fast path, each job once. */
	job_init(&jobs[0], GATE, NULL);
	job_init(&jobs[1], GOOD, "third");
	job_init(&jobs[2], GOOD, "fourth");
	run_batch(jobs, 3);
	assert_int_equal(jobs[1].rc, 0);
	assert_int_equal(jobs[2].rc, 0);
	assert_int_equal(atomic_load(&jobs[1].calls), 1);
	assert_int_equal(atomic_load(&jobs[2].calls), 1);
	stored(titles, sizeof(titles));
	assert_string_equal(titles, "first good|second good|third|fourth");
	jobs_release(jobs, 3);
}

static void test_io_error_at_commit(void **state)
{
	struct job jobs[4];
	char before[1024], after[1024];

	(void)state;
	stored(before, sizeof(before));
	/* The fast path: good, good (and arm), good; the commit's write fails. */
	job_init(&jobs[0], GATE, NULL);
	job_init(&jobs[1], GOOD, "lost one");
	job_init(&jobs[2], ARM, "lost two");
	job_init(&jobs[3], GOOD, "lost three");
	atomic_store(&fault_writes_failed, 0);
	run_batch(jobs, 4);
	atomic_store(&fault_armed, false);
	assert_true(atomic_load(&fault_writes_failed) > 0);
	for (size_t i = 1; i < 4; i++) {
		assert_int_equal(jobs[i].rc, -1);
		assert_int_equal(jobs[i].err.code, MO_EIO);
	}
	stored(after, sizeof(after));
	assert_string_equal(after, before);
	jobs_release(jobs, 4);

	/* The fallback path: good, failing, good (and arm); the commit fails:
	 * the good ones are told their work was lost, the failing one keeps
	 * its own error. */
	job_init(&jobs[0], GATE, NULL);
	job_init(&jobs[1], GOOD, "lost four");
	job_init(&jobs[2], FAIL, "lost five");
	job_init(&jobs[3], ARM, "lost six");
	atomic_store(&fault_writes_failed, 0);
	run_batch(jobs, 4);
	atomic_store(&fault_armed, false);
	assert_true(atomic_load(&fault_writes_failed) > 0);
	assert_int_equal(atomic_load(&jobs[1].calls), 2);
	assert_int_equal(jobs[1].rc, -1);
	assert_int_equal(jobs[1].err.code, MO_EIO);
	assert_int_equal(jobs[2].rc, -1);
	assert_string_equal(jobs[2].err.msg, "refused on purpose");
	assert_int_equal(jobs[3].rc, -1);
	assert_int_equal(jobs[3].err.code, MO_EIO);
	stored(after, sizeof(after));
	assert_string_equal(after, before);
	jobs_release(jobs, 4);

	/* The writer goes on: the next batch is committed. */
	job_init(&jobs[0], GATE, NULL);
	job_init(&jobs[1], GOOD, "after the error");
	run_batch(jobs, 2);
	assert_int_equal(jobs[1].rc, 0);
	stored(after, sizeof(after));
	assert_non_null(strstr(after, "after the error"));
	assert_null(strstr(after, "lost"));
	jobs_release(jobs, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_failing_good),
		cmocka_unit_test(test_io_error_at_commit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
