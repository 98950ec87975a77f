/* The outbox rows: a claim takes a row once (two connections racing in two
 * threads), a lease that ran out lets another dispatcher take the row and
 * its old owner can no longer mark it, retries wait for their time, dead
 * letters come back with `retry`, a rolled-back change leaves no message,
 * and the counts /healthz and the dashboard show. */
#include "testutil.h"
#include "store/outbox.h"

#include <pthread.h>
#include <unistd.h>

static char dbpath[4096];
static const int64_t T0 = 1795000000;

static struct store *open_db(bool fresh)
{
	const char *tmp = getenv("TMPDIR");
	struct mo_err e;
	struct store *st;

	if (fresh) {
		char p[4200];

		snprintf(dbpath, sizeof(dbpath), "%s/t2100-%ld.db", tmp ? tmp : "/tmp",
			 (long)getpid());
		unlink(dbpath);
		snprintf(p, sizeof(p), "%s-wal", dbpath);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", dbpath);
		unlink(p);
	}
	st = store_open(dbpath, STORE_CREATE, &e);
	if (!st)
		fprintf(stderr, "%s\n", e.msg);
	assert_non_null(st);
	store_actor(st, "tester", T0);
	return st;
}

static int64_t add(struct store *st, const char *mid, int64_t at)
{
	struct outbox_msg m = {0};
	struct mo_err e;

	m.purpose = "report";
	m.person = "president";
	m.person_name = "髙橋 一郎";
	m.channel = "email";
	m.address = "president@example.co.jp";
	m.subject = "【moshimo】レベル3 INC-0001 テスト";
	m.body = "本文";
	m.message_id = mid;
	m.created_at = at;
	m.next_at = at;
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_outbox_add(st, &m, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_true(m.id > 0);
	return m.id;
}

static size_t claim(struct store *st, const char *owner, int64_t now, int64_t until, size_t max,
		    struct outbox_list *l)
{
	struct mo_err e;

	outbox_list_init(l);
	assert_int_equal(store_outbox_claim(st, owner, now, until, max, l, &e), 0);
	return l->n;
}

static void test_claim_once_and_lease(void **state)
{
	struct store *a = open_db(true), *b = open_db(false);
	struct outbox_list l;
	struct mo_err e;
	int64_t id = add(a, "<m1@x>", T0);

	(void)state;
	assert_int_equal(claim(b, "h/1/0", T0 - 1, T0 + 100, 8, &l), 0); /* not due yet */
	outbox_list_release(&l);
	assert_int_equal(claim(a, "h/1/0", T0, T0 + 100, 8, &l), 1);
	assert_int_equal(l.v[0].id, id);
	assert_int_equal(l.v[0].state, OUTBOX_SENDING);
	assert_int_equal(l.v[0].attempts, 1);
	assert_string_equal(l.v[0].message_id, "<m1@x>");
	assert_string_equal(l.v[0].person_name, "髙橋 一郎");
	outbox_list_release(&l);
	/* held: nobody else gets it while the lease runs */
	assert_int_equal(claim(b, "h/2/0", T0 + 50, T0 + 150, 8, &l), 0);
	outbox_list_release(&l);
	/* the lease ran out: b takes it, a can no longer mark it */
	assert_int_equal(claim(b, "h/2/0", T0 + 100, T0 + 200, 8, &l), 1);
	assert_int_equal(l.v[0].attempts, 2);
	outbox_list_release(&l);
	assert_int_equal(store_outbox_finish(a, id, "h/1/0", OUTBOX_SENT, 0, T0 + 101, NULL, &e),
			 1);
	assert_int_equal(store_outbox_finish(b, id, "h/2/0", OUTBOX_SENT, 0, T0 + 101, NULL, &e),
			 0);
	outbox_list_init(&l);
	assert_int_equal(store_outbox_get(a, id, &l, &e), 0);
	assert_int_equal(l.v[0].state, OUTBOX_SENT);
	assert_int_equal(l.v[0].sent_at, T0 + 101);
	assert_null(l.v[0].lease_owner);
	outbox_list_release(&l);
	/* sent is final: no claim, no retry */
	assert_int_equal(claim(a, "h/1/0", T0 + 10000, T0 + 10100, 8, &l), 0);
	outbox_list_release(&l);
	assert_int_equal(store_outbox_retry(a, id, T0 + 10000, &e), 1);
	store_close(a);
	store_close(b);
}

static void test_retry_dead_and_release(void **state)
{
	struct store *st = open_db(true);
	struct outbox_list l;
	struct outbox_stats s;
	struct mo_err e;
	int64_t r = add(st, "<r@x>", T0), d = add(st, "<d@x>", T0), k = add(st, "<k@x>", T0);

	(void)state;
	assert_int_equal(claim(st, "h/1/0", T0, T0 + 300, 8, &l), 3);
	outbox_list_release(&l);
	assert_int_equal(store_outbox_finish(st, r, "h/1/0", OUTBOX_PENDING, T0 + 20, 0,
					     "451 4.3.0 later", &e),
			 0);
	assert_int_equal(store_outbox_finish(st, d, "h/1/0", OUTBOX_DEAD, T0 + 5, 0,
					     "550 5.1.1 No such user", &e),
			 0);
	/* k stays with a dispatcher that died: released, due at once */
	assert_int_equal(claim(st, "h/9/0", T0 + 10, T0 + 310, 8, &l), 0);
	outbox_list_release(&l);
	{
		size_t n = 0;

		assert_int_equal(store_outbox_release(st, "h/1/0", T0 + 10, &n, &e), 0);
		assert_int_equal(n, 1);
	}
	assert_int_equal(claim(st, "h/9/0", T0 + 10, T0 + 310, 8, &l), 1);
	assert_int_equal(l.v[0].id, k);
	outbox_list_release(&l);
	/* the retry waits for its time */
	assert_int_equal(claim(st, "h/9/0", T0 + 19, T0 + 310, 8, &l), 0);
	outbox_list_release(&l);
	assert_int_equal(claim(st, "h/9/0", T0 + 20, T0 + 320, 8, &l), 1);
	assert_int_equal(l.v[0].id, r);
	assert_int_equal(l.v[0].attempts, 2);
	assert_string_equal(l.v[0].last_error, "451 4.3.0 later");
	outbox_list_release(&l);
	/* counts: r and k are being sent, d is a dead letter of today */
	assert_int_equal(store_outbox_stats(st, T0 + 400, &s, &e), 0);
	assert_int_equal(s.pending, 2);
	assert_int_equal(s.oldest_pending_s, 400);
	assert_int_equal(s.stuck, 2);
	assert_int_equal(s.dead_recent, 1);
	assert_int_equal(store_outbox_stats(st, T0 + 2 * 86400, &s, &e), 0);
	assert_int_equal(s.dead_recent, 0);
	/* the failed list: the dead letter and the one waiting after a failure */
	outbox_list_init(&l);
	assert_int_equal(store_outbox_list(st, OUTBOX_FAILED, 10, &l, &e), 0);
	assert_int_equal(l.n, 2);
	outbox_list_release(&l);
	assert_int_equal(store_outbox_finish(st, r, "h/9/0", OUTBOX_SENT, 0, T0 + 30, NULL, &e), 0);
	assert_int_equal(store_outbox_finish(st, k, "h/9/0", OUTBOX_SENT, 0, T0 + 30, NULL, &e), 0);
	/* retry brings the dead letter back, tries counted afresh */
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_outbox_retry(st, d, T0 + 500, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(claim(st, "h/9/0", T0 + 500, T0 + 800, 8, &l), 1);
	assert_int_equal(l.v[0].id, d);
	assert_int_equal(l.v[0].attempts, 1);
	assert_int_equal(l.v[0].window_from, T0 + 500);
	outbox_list_release(&l);
	store_close(st);
}

static void test_rollback_leaves_nothing(void **state)
{
	struct store *st = open_db(true);
	struct outbox_msg m = {0};
	struct outbox_list l;
	struct mo_err e;

	(void)state;
	m.purpose = "report";
	m.person = "p";
	m.channel = "email";
	m.subject = "s";
	m.body = "b";
	m.message_id = "<gone@x>";
	m.created_at = m.next_at = T0;
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_outbox_add(st, &m, &e), 0);
	store_rollback(st);
	outbox_list_init(&l);
	assert_int_equal(store_outbox_list(st, OUTBOX_ALL, 10, &l, &e), 0);
	assert_int_equal(l.n, 0);
	outbox_list_release(&l);
	/* a Message-ID is unique */
	add(st, "<dup@x>", T0);
	m.message_id = "<dup@x>";
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_outbox_add(st, &m, &e), -1);
	store_rollback(st);
	store_close(st);
}

static void test_held_back_is_not_late(void **state)
{
	struct store *st = open_db(true);
	struct outbox_msg m = {0};
	struct outbox_stats s;
	struct mo_err e;

	(void)state;
	/* a level-1 message held for the morning: created at T0, due at T0+8h */
	m.purpose = "report";
	m.person = "p";
	m.channel = "email";
	m.subject = "s";
	m.body = "b";
	m.message_id = "<held@x>";
	m.created_at = T0;
	m.next_at = T0 + 8 * 3600;
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_outbox_add(st, &m, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(store_outbox_stats(st, T0 + 3600, &s, &e), 0);
	assert_int_equal(s.pending, 1);
	assert_int_equal(s.oldest_pending_s, 0);
	assert_int_equal(s.stuck, 0);
	assert_int_equal(s.next_due, T0 + 8 * 3600);
	/* due and still not sent: late from its due time, not its creation */
	assert_int_equal(store_outbox_stats(st, T0 + 8 * 3600 + 400, &s, &e), 0);
	assert_int_equal(s.oldest_pending_s, 400);
	assert_int_equal(s.stuck, 1);
	store_close(st);
}

#define RACE_ROWS 200

struct racer {
	const char *owner;
	int64_t got[RACE_ROWS];
	size_t n;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct store *st = open_db(false);

	{
		struct mo_err e;

		assert_int_equal(store_outbox_dispatcher_conn(st, &e), 0);
	}
	for (;;) {
		struct outbox_list l;
		struct mo_err e;

		outbox_list_init(&l);
		if (store_outbox_claim(st, r->owner, T0, T0 + 300, 3, &l, &e)) {
			fprintf(stderr, "claim: %s\n", e.msg);
			outbox_list_release(&l);
			break;
		}
		if (!l.n) {
			outbox_list_release(&l);
			break;
		}
		for (size_t i = 0; i < l.n && r->n < RACE_ROWS; i++)
			r->got[r->n++] = l.v[i].id;
		outbox_list_release(&l);
	}
	store_close(st);
	return NULL;
}

static void test_two_dispatchers_race(void **state)
{
	struct store *st = open_db(true);
	struct racer a = {.owner = "h/1/0"}, b = {.owner = "h/2/0"};
	pthread_t ta, tb;
	static bool seen[RACE_ROWS + 1];
	struct mo_err e;

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	for (int i = 0; i < RACE_ROWS; i++) {
		struct outbox_msg m = {0};
		char mid[64];

		snprintf(mid, sizeof(mid), "<race.%d@x>", i);
		m.purpose = "report";
		m.person = "p";
		m.channel = "email";
		m.subject = "s";
		m.body = "b";
		m.message_id = mid;
		m.created_at = m.next_at = T0;
		assert_int_equal(store_outbox_add(st, &m, &e), 0);
	}
	assert_int_equal(store_commit(st, &e), 0);
	pthread_create(&ta, NULL, race, &a);
	pthread_create(&tb, NULL, race, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	assert_int_equal(a.n + b.n, RACE_ROWS);
	for (size_t i = 0; i < a.n; i++) {
		assert_false(seen[a.got[i]]);
		seen[a.got[i]] = true;
	}
	for (size_t i = 0; i < b.n; i++) {
		assert_false(seen[b.got[i]]);
		seen[b.got[i]] = true;
	}
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_claim_once_and_lease),
		cmocka_unit_test(test_retry_dead_and_release),
		cmocka_unit_test(test_rollback_leaves_nothing),
		cmocka_unit_test(test_held_back_is_not_late),
		cmocka_unit_test(test_two_dispatchers_race),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
