/* Evidence and the audit chain through the engine: a kept file is copied
 * (0600) with its SHA-256, a changed or missing file is found, custody is
 * on the timeline; every engine write is in the chain and an edit of the
 * data is found. */
#include "enginefix.h"

#include <sqlite3.h>
#include <sys/stat.h>

static struct fix fx;

static int setup(void **state)
{
	(void)state;
	fix_open(&fx, "tests/fixtures/minimal.yaml");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fix_close(&fx);
	return 0;
}

struct add {
	int64_t id;
	const char *path;
	struct evidence ev;
	struct evidence_check *v;
	size_t n;
	int result;
};

static int add_fn(struct engine *en, void *arg, struct mo_err *e)
{
	struct add *a = arg;

	return engine_evidence_add(en, a->id, a->path, "サーバーのログ", &a->ev, e);
}

static int verify_fn(struct engine *en, void *arg, struct mo_err *e)
{
	struct add *a = arg;

	a->result = engine_evidence_verify(en, a->id, &a->v, &a->n, e);
	return a->result < 0 ? -1 : 0;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_evidence(void **state)
{
	char src[4200], kept[8400];
	struct add a = {0};
	struct inc_full f;
	struct mo_err e;
	struct stat sb;
	char hex[65];
	int64_t size;

	(void)state;
	a.id = fix_report(&fx, "{\"title\":\"不正アクセス\",\"category\":\"leak\"}");
	snprintf(src, sizeof(src), "%s.log", fx.db);
	write_text(src, "GET /admin 200\n");
	a.path = src;
	assert_int_equal(engine_tx(&fx.en, add_fn, &a, &e), 0);
	assert_int_equal(a.ev.n, 1);
	fix_load(&fx, a.id, &f);
	assert_int_equal(f.evidence.n, 1);
	assert_int_equal(f.evidence.v[0].size, 15);
	/* sha256("GET /admin 200\n"), from sha256sum(1) and Python's hashlib. */
	assert_string_equal(f.evidence.v[0].sha256,
			    "14727beee0d6836cc90c3f20ba1e7952bbb7295006b03f3fa88a5527aaed75ce");
	assert_int_equal(engine_hash_file(src, hex, &size, &e), 0);
	assert_string_equal(hex,
			    "14727beee0d6836cc90c3f20ba1e7952bbb7295006b03f3fa88a5527aaed75ce");
	assert_int_equal(size, 15);
	assert_string_equal(f.evidence.v[0].note, "サーバーのログ");
	assert_string_equal(f.evidence.v[0].who, "tester");
	snprintf(kept, sizeof(kept), "%s/%s", fx.evidence, f.evidence.v[0].file);
	assert_int_equal(stat(kept, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_string_equal(f.events.v[f.events.n - 1].kind, "evidence");
	inc_full_release(&f);

	/* All well. */
	assert_int_equal(engine_tx(&fx.en, verify_fn, &a, &e), 0);
	assert_int_equal(a.result, 0);
	assert_int_equal(a.n, 1);
	assert_int_equal(a.v[0].state, EVIDENCE_OK);
	free(a.v);
	/* The kept copy is changed: found; the original does not matter. */
	write_text(kept, "GET /admin 404\n");
	write_text(src, "changed too\n");
	assert_int_equal(engine_tx(&fx.en, verify_fn, &a, &e), 0);
	assert_int_equal(a.result, 1);
	assert_int_equal(a.v[0].state, EVIDENCE_CHANGED);
	free(a.v);
	unlink(kept);
	assert_int_equal(engine_tx(&fx.en, verify_fn, &a, &e), 0);
	assert_int_equal(a.v[0].state, EVIDENCE_MISSING);
	free(a.v);
	fix_load(&fx, a.id, &f);
	assert_string_equal(f.events.v[f.events.n - 1].kind, "custody");
	assert_non_null(strstr(f.events.v[f.events.n - 1].text, "1件中 0件が一致"));
	inc_full_release(&f);
	/* Not a file, or no such incident: an error, nothing kept. */
	a.path = "/nonexistent/file";
	assert_int_equal(engine_tx(&fx.en, add_fn, &a, &e), -1);
	a.path = "/tmp";
	assert_int_equal(engine_tx(&fx.en, add_fn, &a, &e), -1);
	assert_non_null(strstr(e.msg, "regular file"));
	a.path = src;
	a.id = 999;
	assert_int_equal(engine_tx(&fx.en, add_fn, &a, &e), -1);
	unlink(src);
}

static void test_audit_through_engine(void **state)
{
	struct store_audit_report r;
	struct mo_err e;
	sqlite3 *db;
	int64_t id;

	(void)state;
	id = fix_report(&fx, "{\"title\":\"監査\",\"category\":\"leak\"}");
	assert_int_equal(store_audit_verify(fx.st, &r, &e), 0);
	assert_true(r.rows > 5);
	/* A step edited with the sqlite3 shell's SQL is found. */
	assert_int_equal(sqlite3_open(fx.db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "UPDATE steps SET state = 'done', by = 'mallory' WHERE "
				      "incident_id = 1 AND n = 1",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_audit_verify(fx.st, &r, &e), 1);
	assert_non_null(strstr(r.what, "steps row 1/1"));
	(void)id;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_audit_through_engine),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
