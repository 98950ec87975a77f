/* SQLite's "fail the Nth allocation" (sqlite3_config(SQLITE_CONFIG_MALLOC)
 * with an allocator that fails once the count reaches N, as SQLite's own
 * test_malloc.c does), N = 1, 2, … until the operation runs without the
 * failure being reached, over: creating a database (the schema and its
 * migrations) and reporting an incident into a database that already has
 * one. After each failure, on the real allocator: the operation either
 * happened whole or not at all (every table's rows as before or as after a
 * clean run), PRAGMA integrity_check is ok and the audit chain verifies.
 * Leaks are the sanitizer build's to find (LeakSanitizer at exit). Both
 * modes: the Nth allocation alone fails, and every one from the Nth on. */
#include "testutil.h"
#include "engine/engine.h"
#include "faultvfs.h"

static sqlite3_mem_methods real_mem;
static long countdown = -1; /* allocations left before one fails; -1 never */
static bool persistent;
static long failed;

static bool fail_now(void)
{
	if (countdown < 0)
		return false;
	if (countdown == 0) {
		failed++;
		if (!persistent)
			countdown = -1;
		return true;
	}
	countdown--;
	return false;
}

static void *m_malloc(int n)
{
	return fail_now() ? NULL : real_mem.xMalloc(n);
}

static void *m_realloc(void *p, int n)
{
	return fail_now() ? NULL : real_mem.xRealloc(p, n);
}

static void arm(long n, bool all_after)
{
	countdown = n - 1;
	persistent = all_after;
	failed = 0;
}

static void disarm(void)
{
	countdown = -1;
}

static void install_allocator(void)
{
	static sqlite3_mem_methods faulty;

	assert_int_equal(sqlite3_shutdown(), SQLITE_OK);
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem), SQLITE_OK);
	faulty = real_mem;
	faulty.xMalloc = m_malloc;
	faulty.xRealloc = m_realloc;
	/* No lookaside: every allocation goes through the allocator above. */
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &faulty), SQLITE_OK);
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0), SQLITE_OK);
	assert_int_equal(sqlite3_initialize(), SQLITE_OK);
}

static char dir[4096];
static struct policy *pol;

static void paths(const char *name, char *db, char *key, char *anchor, size_t size)
{
	snprintf(db, size, "%s/%s.db", dir, name);
	snprintf(key, size, "%s/%s.key", dir, name);
	snprintf(anchor, size, "%s/%s.anchor", dir, name);
}

static void remove_db(const char *name)
{
	char db[4200], key[4200], anchor[4200], more[4300];

	paths(name, db, key, anchor, sizeof(db));
	unlink(db);
	unlink(key);
	unlink(anchor);
	snprintf(more, sizeof(more), "%s-wal", db);
	unlink(more);
	snprintf(more, sizeof(more), "%s-shm", db);
	unlink(more);
}

static void copy_file(const char *from, const char *to)
{
	struct mo_err e;
	char *data = NULL;
	size_t len = 0;

	assert_int_equal(fs_read_file(from, (size_t)64 << 20, &data, &len, &e), 0);
	assert_int_equal(fs_write_file(to, data, len, &e), 0);
	free(data);
}

/* Every table's row count, "name=count;…" in name order, on a plain
 * connection (sqlite3 directly: this is the test's view, not the store's). */
static void shape(const char *db_path, struct buf *out)
{
	sqlite3 *db;
	sqlite3_stmt *s, *c;
	char sql[600];

	buf_reset(out);
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT name FROM sqlite_schema WHERE type = 'table' "
					    "ORDER BY name",
					    -1, &s, NULL),
			 SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", name);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &c, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(c), SQLITE_ROW);
		assert_int_equal(buf_addf(out, "%s=%lld;", name, sqlite3_column_int64(c, 0)), 0);
		sqlite3_finalize(c);
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* integrity_check and the audit chain, on the real allocator. */
static void assert_sound(const char *name)
{
	char db[4200], key[4200], anchor[4200], msg[512];
	struct store_audit_report r;
	struct mo_err e;
	struct store *st;

	paths(name, db, key, anchor, sizeof(db));
	st = store_open_keyed(db, key, anchor, 0, &e);
	if (!st)
		fprintf(stderr, "reopen %s: %s\n", name, e.msg);
	assert_non_null(st);
	assert_int_equal(store_integrity_check(st, msg, sizeof(msg), &e), 0);
	memset(&r, 0, sizeof(r));
	if (store_audit_verify(st, &r, &e) || r.broken_seq)
		fprintf(stderr, "audit of %s: %s %s\n", name, e.msg, r.what);
	assert_int_equal(r.broken_seq, 0);
	store_close(st);
}

static int create_fn(struct engine *en, void *arg, struct mo_err *e)
{
	return engine_create(en, arg, e);
}

static const char report_json[] = "{\"title\":\"顧客名簿の誤送信\",\"category\":\"leak\","
				  "\"impact\":{\"customers\":true,\"personal_data\":true},"
				  "\"reporter\":{\"name\":\"佐藤\"}}";

/* Reports report_json into the store st (opened already). */
static int report(struct store *st, struct mo_err *e)
{
	struct engine en = {.p = pol, .st = st, .who = "tester", .now = 1795000000};
	struct inc inc;
	int rc;

	if (engine_report_parse(pol, report_json, strlen(report_json), "t.json", en.now, &inc, e))
		return -1;
	rc = engine_tx(&en, create_fn, &inc, e);
	inc_release(&inc);
	return rc;
}

/* A database with one incident, kept as "base" to copy from. */
static void make_base(void)
{
	char db[4200], key[4200], anchor[4200];
	struct mo_err e;
	struct store *st;

	paths("base", db, key, anchor, sizeof(db));
	st = store_open_keyed(db, key, anchor, STORE_CREATE, &e);
	assert_non_null(st);
	assert_int_equal(report(st, &e), 0);
	store_close(st);
}

static void copy_base(const char *name)
{
	char from[3][4200], to[3][4200];

	remove_db(name);
	paths("base", from[0], from[1], from[2], sizeof(from[0]));
	paths(name, to[0], to[1], to[2], sizeof(to[0]));
	for (int i = 0; i < 3; i++)
		copy_file(from[i], to[i]);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct mo_findings fd;

	(void)state;
	install_allocator();
	/* Thousands of databases are written: without fsync, the loop takes
	 * seconds, not minutes (durability is t4900-crash's). */
	fault_vfs_install();
	atomic_store(&fault_nosync, true);
	/* Our own files (the audit key and anchor, the copies) are fsync'd
	 * too: on a tmpfs when there is one, that costs nothing. */
	if (access("/dev/shm", W_OK) == 0)
		tmp = "/dev/shm";
	snprintf(dir, sizeof(dir), "%s/moshimo-nomem-XXXXXX", tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	mo_findings_init(&fd, "(built-in)");
	pol = policy_load_default(&fd);
	assert_non_null(pol);
	mo_findings_release(&fd);
	make_base();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	policy_free(pol);
	remove_db("base");
	remove_db("clean");
	remove_db("try");
	rmdir(dir);
	return 0;
}

/* The next allocation to fail. Reporting makes about 2,100 allocations:
 * one at a time, every one; every one from the Nth on, every 7th. Creating
 * a database makes about 13,000 (the migrations): every one of the first
 * 300, then every 41st (a prime, so the points fall at every offset of the
 * repeated work); all after, every 97th. NOMEM_ALL=1 fails each, in both
 * (minutes, not seconds). */
static long next_n(long n, bool create, bool all_after)
{
	if (getenv("NOMEM_ALL"))
		return n + 1;
	if (!create)
		return all_after ? n + 7 : n + 1;
	if (all_after)
		return n + 97;
	return n < 300 ? n + 1 : n + 41;
}

/* Reporting into a copy of base, failing the nth allocation: 1 when the
 * failure was never reached (the loop is done). */
static int report_failing(long n, bool all_after, const char *before, const char *after)
{
	char db[4200], key[4200], anchor[4200];
	struct buf got;
	struct mo_err e;
	struct store *st;
	int rc;
	bool reached;

	copy_base("try");
	paths("try", db, key, anchor, sizeof(db));
	/* The store is opened on the real allocator; the failure is in the report. */
	st = store_open_keyed(db, key, anchor, 0, &e);
	assert_non_null(st);
	mo_err_clear(&e);
	arm(n, all_after);
	rc = report(st, &e);
	disarm();
	reached = failed > 0;
	store_close(st);
	if (rc)
		assert_true(e.msg[0] != '\0');
	buf_init(&got, 0);
	shape(db, &got);
	/* Whole or not at all; a reported success is whole. */
	if (rc == 0 || strcmp(buf_str(&got), before) != 0) {
		if (strcmp(buf_str(&got), after) != 0) {
			fprintf(stderr,
				"allocation %ld%s: rc %d, half written:\n got  %s\n want %s\n", n,
				all_after ? " on" : "", rc, buf_str(&got), after);
			fail();
		}
	}
	buf_release(&got);
	assert_sound("try");
	if (!reached)
		assert_int_equal(rc, 0);
	return reached ? 0 : 1;
}

static void test_report(void **state)
{
	char db[4200], key[4200], anchor[4200];
	struct buf before, after;
	struct mo_err e;
	struct store *st;
	long n, runs = 0;

	(void)state;
	buf_init(&before, 0);
	buf_init(&after, 0);
	paths("base", db, key, anchor, sizeof(db));
	shape(db, &before);
	copy_base("clean");
	paths("clean", db, key, anchor, sizeof(db));
	st = store_open_keyed(db, key, anchor, 0, &e);
	assert_non_null(st);
	assert_int_equal(report(st, &e), 0);
	store_close(st);
	shape(db, &after);
	assert_string_not_equal(buf_str(&before), buf_str(&after));
	for (int mode = 0; mode < 2; mode++) {
		for (n = 1; !report_failing(n, mode == 1, buf_str(&before), buf_str(&after));
		     n = next_n(n, false, mode == 1))
			runs++;
		fprintf(stderr, "report: up to allocation %ld failed (%s)\n", n - 1,
			mode ? "and all after" : "one at a time");
		assert_true(n > 20);
	}
	assert_true(runs > 40);
	buf_release(&before);
	buf_release(&after);
}

/* Creating a database (schema, migrations) with the nth allocation failing:
 * the open fails or succeeds, and either way opening it again on the real
 * allocator gives a whole, current schema. */
static void test_create(void **state)
{
	char db[4200], key[4200], anchor[4200];
	struct buf want, got;
	struct mo_err e;
	struct store *st;
	long n;

	(void)state;
	buf_init(&want, 0);
	buf_init(&got, 0);
	remove_db("clean");
	paths("clean", db, key, anchor, sizeof(db));
	st = store_open_keyed(db, key, anchor, STORE_CREATE, &e);
	assert_non_null(st);
	store_close(st);
	shape(db, &want);
	for (int mode = 0; mode < 2; mode++) {
		for (n = 1;; n = next_n(n, true, mode == 1)) {
			bool reached;

			remove_db("try");
			paths("try", db, key, anchor, sizeof(db));
			mo_err_clear(&e);
			arm(n, mode == 1);
			st = store_open_keyed(db, key, anchor, STORE_CREATE, &e);
			disarm();
			reached = failed > 0;
			if (st)
				store_close(st);
			else
				assert_true(e.msg[0] != '\0');
			st = store_open_keyed(db, key, anchor, STORE_CREATE, &e);
			if (!st)
				fprintf(stderr, "allocation %ld: reopen: %s\n", n, e.msg);
			assert_non_null(st);
			store_close(st);
			shape(db, &got);
			assert_string_equal(buf_str(&got), buf_str(&want));
			assert_sound("try");
			if (!reached)
				break;
		}
		fprintf(stderr, "create: up to allocation %ld failed (%s)\n", n - 1,
			mode ? "and all after" : "one at a time");
		assert_true(n > 20);
	}
	buf_release(&want);
	buf_release(&got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_create),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
