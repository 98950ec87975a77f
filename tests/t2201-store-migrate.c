/* Migrating a database of an earlier schema that has data. The data is
 * written by today's code (reports, a note, steps done: incidents, events,
 * steps, decisions, the keyed audit chain), then the database is taken back
 * to each earlier schema that later migrations only add tables to (those
 * tables dropped, user_version set back), as that version's moshimo left it.
 * store_open migrates it: the schema is current, every incident reads as
 * before, integrity_check is ok, the audit chain verifies, and the new
 * tables work (a new report, escalation rows). Schema 2's SHA-256 chain is
 * t4210's (tests/fixtures/audit-v2.sql). */
#include "testutil.h"
#include "enginefix.h"
#include "store/storeInt.h"

#include <sqlite3.h>

static struct fix fx;

static int note_fn(struct engine *en, void *arg, struct mo_err *e)
{
	return engine_note(en, *(int64_t *)arg, "ログを保全した", e);
}

static int step_fn(struct engine *en, void *arg, struct mo_err *e)
{
	return engine_step(en, *(int64_t *)arg, 1, STEP_DONE, "済み", e);
}

/* "title|status|steps|events|decisions" of each incident, in id order. */
static void snapshot(struct store *st, int64_t n, struct buf *out)
{
	buf_reset(out);
	for (int64_t id = 1; id <= n; id++) {
		struct inc_full f;
		struct mo_err e;

		assert_int_equal(engine_load(st, id, &f, &e), 0);
		assert_int_equal(buf_addf(out, "%s|%s|%zu|%zu|%zu\n", f.inc.title,
					  inc_status_key(f.inc.status), f.steps.n, f.events.n,
					  f.decisions.n),
				 0);
		inc_full_release(&f);
	}
}

/* True when migration m can be undone by dropping the tables it creates:
 * it only creates tables, indexes and triggers (a trigger's "BEFORE UPDATE
 * ON t" is no change; dropping t drops it), or rebuilds the search index
 * (derived data: running it again over an index it already rebuilt gives
 * the same). */
static bool only_creates(const char *m)
{
	static const char *const changes[] = {"ALTER ", "UPDATE ", "INSERT ", "DROP ", "DELETE "};
	static const char *const rebuilds[] = {"DELETE FROM search;", "INSERT INTO search "};

	for (size_t i = 0; i < MO_ARRAY_SIZE(changes); i++)
		for (const char *p = m; (p = strstr(p, changes[i])) != NULL; p++) {
			bool rebuild = false;

			for (size_t k = 0; k < MO_ARRAY_SIZE(rebuilds); k++)
				rebuild |= strncmp(p, rebuilds[k], strlen(rebuilds[k])) == 0;
			rebuild |= p - m >= 7 && strncmp(p - 7, "BEFORE ", 7) == 0;
			if (!rebuild)
				return false;
		}
	return true;
}

/* Takes the database at path back to schema v: drops the tables the
 * migrations after v create and sets user_version. */
static void downgrade(const char *path, size_t v)
{
	sqlite3 *db;
	char sql[300];

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (size_t m = v; m < store_migrations_count; m++) {
		for (const char *p = store_migrations[m];
		     (p = strstr(p, "CREATE TABLE ")) != NULL;) {
			size_t len;

			p += strlen("CREATE TABLE ");
			len = strcspn(p, " (");
			snprintf(sql, sizeof(sql), "DROP TABLE \"%.*s\"", (int)len, p);
			if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
				fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
				fail();
			}
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %zu", v);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void copy(const char *from, const char *to)
{
	struct mo_err e;
	char *data = NULL;
	size_t len = 0;

	assert_int_equal(fs_read_file(from, (size_t)64 << 20, &data, &len, &e), 0);
	assert_int_equal(fs_write_file(to, data, len, &e), 0);
	free(data);
}

static void test_migrate_with_data(void **state)
{
	char key[4200], anchor[4200], old[4200], files[3][2][4300], msg[512];
	struct buf want, got;
	struct store_audit_report r;
	struct mo_err e;
	size_t tried = 0;
	int64_t id;

	(void)state;
	buf_init(&want, 0);
	buf_init(&got, 0);
	fix_report(&fx, "{\"title\":\"ランサムウェア\",\"category\":\"malware\","
			"\"impact\":{\"business\":true}}");
	id = fix_report(&fx, "{\"title\":\"顧客名簿の誤送信\",\"category\":\"leak\","
			     "\"impact\":{\"customers\":true,\"personal_data\":true}}");
	assert_int_equal(engine_tx(&fx.en, note_fn, &id, &e), 0);
	assert_int_equal(engine_tx(&fx.en, step_fn, &id, &e), 0);
	snapshot(fx.st, 2, &want);
	store_close(fx.st);
	fx.st = NULL;
	snprintf(key, sizeof(key), "%s.key", fx.db);
	snprintf(anchor, sizeof(anchor), "%s.anchor", fx.db);

	/* The newest schema first, back while the migrations only add tables;
	 * never below 3 (the keyed chain). */
	for (size_t v = store_migrations_count - 1; v >= 3 && only_creates(store_migrations[v]);
	     v--) {
		struct store *st;
		int from = 0, to = 0;

		snprintf(old, sizeof(old), "%s.v%zu", fx.db, v);
		snprintf(files[0][0], sizeof(files[0][0]), "%s", fx.db);
		snprintf(files[0][1], sizeof(files[0][1]), "%s", old);
		snprintf(files[1][0], sizeof(files[1][0]), "%s", key);
		snprintf(files[1][1], sizeof(files[1][1]), "%s.key", old);
		snprintf(files[2][0], sizeof(files[2][0]), "%s", anchor);
		snprintf(files[2][1], sizeof(files[2][1]), "%s.anchor", old);
		for (int i = 0; i < 3; i++)
			copy(files[i][0], files[i][1]);
		downgrade(old, v);

		st = store_open_keyed(old, files[1][1], files[2][1], 0, &e);
		if (!st)
			fprintf(stderr, "schema %zu: %s\n", v, e.msg);
		assert_non_null(st);
		assert_true(store_migrated(st, &from, &to));
		assert_int_equal(from, (int)v);
		assert_int_equal(to, store_schema_version());
		snapshot(st, 2, &got);
		assert_string_equal(buf_str(&got), buf_str(&want));
		assert_int_equal(store_integrity_check(st, msg, sizeof(msg), &e), 0);
		memset(&r, 0, sizeof(r));
		assert_int_equal(store_audit_verify(st, &r, &e), 0);
		if (r.broken_seq)
			fprintf(stderr, "schema %zu: audit: %s\n", v, r.what);
		assert_int_equal(r.broken_seq, 0);
		/* The new tables work: a report (escalation rows, its events). */
		fx.en.st = st;
		fix_report(&fx, "{\"title\":\"移行後の報告\",\"category\":\"leak\"}");
		memset(&r, 0, sizeof(r));
		assert_int_equal(store_audit_verify(st, &r, &e), 0);
		assert_int_equal(r.broken_seq, 0);
		store_close(st);
		tried++;
		for (int i = 0; i < 3; i++)
			unlink(files[i][1]);
	}
	fprintf(stderr, "migrated from %zu earlier schemas\n", tried);
	assert_true(tried >= 1);
	buf_release(&want);
	buf_release(&got);
}

static int setup(void **state)
{
	(void)state;
	fix_open(&fx, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (fx.st)
		store_close(fx.st);
	policy_free(fx.p);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_with_data),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
