/* The store: schema and migrations, file modes, incident round trips,
 * lists, steps, the append-only timeline, the audit chain (including an
 * edit made behind moshimo's back) and search. */
#include "testutil.h"
#include "store/store.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

static char dbpath[4096];
static const int64_t T0 = 1795000000; /* 2026-11-19 */

static struct store *fresh(void)
{
	const char *tmp = getenv("TMPDIR");
	struct mo_err e;
	struct store *st;
	char wal[4200], shm[4200], anchor[4200];

	snprintf(dbpath, sizeof(dbpath), "%s/t2000-%ld.db", tmp ? tmp : "/tmp", (long)getpid());
	snprintf(wal, sizeof(wal), "%s-wal", dbpath);
	snprintf(shm, sizeof(shm), "%s-shm", dbpath);
	/* The chain's anchor belongs to the database it was written for. */
	snprintf(anchor, sizeof(anchor), "%s/audit.anchor", tmp ? tmp : "/tmp");
	unlink(dbpath);
	unlink(wal);
	unlink(shm);
	unlink(anchor);
	st = store_open(dbpath, STORE_CREATE, &e);
	if (!st)
		fprintf(stderr, "%s\n", e.msg);
	assert_non_null(st);
	store_actor(st, "tester", T0);
	return st;
}

static void fill(struct inc *inc, const char *title)
{
	inc_init(inc);
	inc->title = title;
	inc->description = "経理部のPCでランサムウェアの脅迫画面が表示された";
	inc->category = "malware";
	inc->level = 2;
	inc->status = INC_REPORTED;
	inc->owner_role = "manager";
	inc->owner = "鈴木花子";
	inc->impact = IMPACT_BUSINESS | IMPACT_EMPLOYEES;
	inc->discovered_at = T0;
	inc->reported_at = T0 + 60;
	inc->updated_at = T0 + 60;
	inc->reporter_name = "佐藤";
	inc->reporter_contact = "内線123";
	inc->reporter_external = 0;
	inc->facts.persons = 120;
	inc->facts.malicious = 1;
	inc->facts.encrypted = 0;
	inc->facts.malware_name = "LockBit";
}

static void test_open_schema_modes(void **state)
{
	struct store *st = fresh();
	struct stat sb;
	struct mo_err e;

	(void)state;
	assert_int_equal(stat(dbpath, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	store_close(st);
	/* Reopening does not migrate again; a missing file without CREATE fails. */
	st = store_open(dbpath, 0, &e);
	assert_non_null(st);
	store_close(st);
	assert_null(store_open("/nonexistent/dir/x.db", 0, &e));
	assert_non_null(strstr(e.msg, "no incident database"));
}

static void test_newer_schema_refused(void **state)
{
	struct store *st = fresh();
	sqlite3 *db;
	struct mo_err e;

	(void)state;
	store_close(st);
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_null(store_open(dbpath, 0, &e));
	assert_non_null(strstr(e.msg, "newer moshimo"));
}

static void test_incident_round_trip(void **state)
{
	struct store *st = fresh();
	struct inc in, out;
	struct mo_err e;

	(void)state;
	fill(&in, "ランサムウェア感染の疑い");
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_incident_insert(st, &in, &e), 0);
	assert_int_equal(in.id, 1);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(store_incident_get(st, 1, &out, &e), 0);
	assert_string_equal(out.title, "ランサムウェア感染の疑い");
	assert_string_equal(out.category, "malware");
	assert_int_equal(out.level, 2);
	assert_int_equal(out.status, INC_REPORTED);
	assert_int_equal(out.impact, IMPACT_BUSINESS | IMPACT_EMPLOYEES);
	assert_int_equal(out.discovered_at, T0);
	assert_true(out.occurred_at == MO_TIME_NONE);
	assert_true(out.closed_at == MO_TIME_NONE);
	assert_string_equal(out.reporter_contact, "内線123");
	assert_int_equal(out.facts.persons, 120);
	assert_int_equal(out.facts.malicious, 1);
	assert_int_equal(out.facts.encrypted, 0);
	assert_int_equal(out.facts.sensitive, MO_TRI_NONE);
	assert_string_equal(out.facts.malware_name, "LockBit");
	assert_null(out.cause);
	inc_release(&out);
	assert_int_equal(store_incident_get(st, 2, &out, &e), 1);
	inc_release(&out);
	inc_release(&in);
	store_close(st);
}

static void test_list_filters(void **state)
{
	struct store *st = fresh();
	struct inc in;
	struct inc_summary_list l = {0};
	struct mo_err e;
	int64_t n;

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	for (int i = 0; i < 5; i++) {
		fill(&in, i % 2 ? "奇数" : "偶数");
		if (i == 3) {
			in.status = INC_CLOSED;
			in.closed_at = T0 + 100;
		}
		assert_int_equal(store_incident_insert(st, &in, &e), 0);
		inc_release(&in);
	}
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(store_incident_list(st, STORE_OPEN, 50, 0, &l, &e), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.v[0].id, 5); /* newest first */
	inc_summary_list_release(&l);
	assert_int_equal(store_incident_list(st, STORE_CLOSED, 50, 0, &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].id, 4);
	inc_summary_list_release(&l);
	assert_int_equal(store_incident_list(st, STORE_ALL, 2, 1, &l, &e), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].id, 4);
	inc_summary_list_release(&l);
	assert_int_equal(store_incident_count(st, STORE_ALL, &n, &e), 0);
	assert_int_equal(n, 5);
	store_close(st);
}

static void test_steps_and_timeline(void **state)
{
	struct store *st = fresh();
	struct inc in;
	struct step v[3];
	struct step_list l = {0};
	struct event ev = {0};
	struct event_list el = {0};
	struct mo_err e;
	sqlite3 *db;
	char *msg = NULL;

	(void)state;
	fill(&in, "手順");
	memset(v, 0, sizeof(v));
	for (int i = 0; i < 3; i++) {
		v[i].n = i + 1;
		v[i].level = 2;
		v[i].action = i == 0 ? "報告する" : i == 1 ? "調査する" : "周知する";
		v[i].actor = "sysadmin";
		v[i].due_at = i == 0 ? T0 + 600 : MO_TIME_NONE;
		v[i].at = MO_TIME_NONE;
	}
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_incident_insert(st, &in, &e), 0);
	assert_int_equal(store_steps_replace(st, in.id, v, 3, &e), 0);
	v[0].incident_id = in.id;
	v[0].state = STEP_DONE;
	v[0].by = "tester";
	v[0].at = T0 + 300;
	assert_int_equal(store_step_update(st, &v[0], &e), 0);
	/* Shrinking the checklist deletes the rows past its end. */
	assert_int_equal(store_steps_replace(st, in.id, v, 2, &e), 0);
	ev.incident_id = in.id;
	ev.at = T0;
	ev.who = "tester";
	ev.kind = "note";
	ev.text = "メモ";
	assert_int_equal(store_event_append(st, &ev, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(store_steps_get(st, in.id, &l, &e), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].state, STEP_DONE);
	assert_int_equal(l.v[0].due_at, T0 + 600);
	assert_string_equal(l.v[1].action, "調査する");
	step_list_release(&l);
	assert_int_equal(store_events_get(st, in.id, &el, &e), 0);
	assert_int_equal(el.n, 1);
	assert_string_equal(el.v[0].text, "メモ");
	event_list_release(&el);
	/* The timeline is append-only, whoever writes. */
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE events SET text = 'x'", NULL, NULL, &msg),
			     SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	/* A write outside a transaction is refused. */
	assert_int_equal(store_event_append(st, &ev, &e), -1);
	inc_release(&in);
	store_close(st);
}

static int verify(struct store *st, struct store_audit_report *r)
{
	struct mo_err e;
	int rc = store_audit_verify(st, r, &e);

	assert_true(rc >= 0);
	return rc;
}

static void tamper(const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, msg);
		fail();
	}
	sqlite3_close(db);
}

static struct store *with_three(void)
{
	struct store *st = fresh();
	struct inc in;
	struct mo_err e;

	assert_int_equal(store_begin(st, &e), 0);
	for (int i = 0; i < 3; i++) {
		fill(&in, "監査");
		assert_int_equal(store_incident_insert(st, &in, &e), 0);
		in.level = 3;
		assert_int_equal(store_incident_update(st, &in, &e), 0);
		inc_release(&in);
	}
	assert_int_equal(store_commit(st, &e), 0);
	return st;
}

static void test_audit_chain(void **state)
{
	struct store_audit_report r;
	struct store *st = with_three();

	(void)state;
	assert_int_equal(verify(st, &r), 0);
	assert_int_equal(r.rows, 6);
	store_close(st);

	/* An edited audit row: its hash no longer matches. */
	st = with_three();
	tamper("DROP TRIGGER audit_no_update; UPDATE audit SET who = 'mallory' WHERE seq = 4");
	assert_int_equal(verify(st, &r), 1);
	assert_int_equal(r.broken_seq, 4);
	assert_non_null(strstr(r.what, "row 4"));
	store_close(st);

	/* A deleted audit row: the chain has a gap. */
	st = with_three();
	tamper("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2");
	assert_int_equal(verify(st, &r), 1);
	assert_int_equal(r.broken_seq, 3);
	store_close(st);

	/* Incident data edited behind moshimo's back. */
	st = with_three();
	tamper("UPDATE incidents SET level = 0 WHERE id = 2");
	assert_int_equal(verify(st, &r), 1);
	assert_non_null(strstr(r.what, "incidents row 2"));
	store_close(st);

	/* A deleted incident. */
	st = with_three();
	tamper("DELETE FROM search WHERE rowid = 3; DELETE FROM incidents WHERE id = 3");
	assert_int_equal(verify(st, &r), 1);
	assert_non_null(strstr(r.what, "incidents row 3"));
	store_close(st);

	/* A row inserted without the audit. */
	st = with_three();
	tamper("INSERT INTO incidents (id, title, category, level, status, owner_role, owner, "
	       "discovered_at, reported_at, updated_at) VALUES (9, 'x', 'leak', 2, 'reported', "
	       "'manager', 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', "
	       "'2026-01-01T00:00:00Z')");
	assert_int_equal(verify(st, &r), 1);
	assert_non_null(strstr(r.what, "never audited"));
	store_close(st);
}

static void test_search_japanese(void **state)
{
	struct store *st = fresh();
	struct inc in;
	struct event ev = {0};
	struct mo_err e;
	int64_t *ids;
	size_t n;

	(void)state;
	assert_int_equal(store_begin(st, &e), 0);
	fill(&in, "ランサムウェア感染の疑い");
	assert_int_equal(store_incident_insert(st, &in, &e), 0);
	inc_release(&in);
	fill(&in, "顧客情報のメール誤送信");
	in.category = "leak";
	in.description = "取引先に別の顧客の名簿を送ってしまった";
	assert_int_equal(store_incident_insert(st, &in, &e), 0);
	inc_release(&in);
	ev.incident_id = 2;
	ev.at = T0;
	ev.who = "t";
	ev.kind = "note";
	ev.text = "受信者に削除を依頼し、完了の返信を受領";
	assert_int_equal(store_event_append(st, &ev, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);

	assert_int_equal(store_search(st, "ランサム", 10, &ids, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 1);
	free(ids);
	/* Notes are searched; a 2-character word works too. */
	assert_int_equal(store_search(st, "削除を依頼", 10, &ids, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 2);
	free(ids);
	assert_int_equal(store_search(st, "名簿", 10, &ids, &n, &e), 0);
	assert_int_equal(n, 1);
	free(ids);
	/* Every word must match; full-width spaces separate words. */
	assert_int_equal(store_search(st, "誤送信　名簿", 10, &ids, &n, &e), 0);
	assert_int_equal(n, 1);
	free(ids);
	assert_int_equal(store_search(st, "誤送信 ランサム", 10, &ids, &n, &e), 0);
	assert_int_equal(n, 0);
	free(ids);
	/* Facts and descriptions count; ASCII ignores case; quotes are only
	 * text. */
	assert_int_equal(store_search(st, "lockbit", 10, &ids, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 2);
	free(ids);
	assert_int_equal(store_search(st, "脅迫画面", 10, &ids, &n, &e), 0);
	assert_int_equal(n, 1);
	free(ids);
	assert_int_equal(store_search(st, "\"ラン\"サム OR", 10, &ids, &n, &e), 0);
	assert_int_equal(n, 0);
	free(ids);
	assert_int_equal(store_search(st, "   ", 10, &ids, &n, &e), -1);
	store_close(st);
}

static void test_backup(void **state)
{
	struct store *st = with_three(), *copy;
	struct store_audit_report r;
	struct store_backup_result res;
	struct store_backup_opts o = {0};
	struct mo_err e;
	char path[4200], dir[4200], db[4300], key[4200], anchor[4300];
	struct stat sb;

	(void)state;
	snprintf(path, sizeof(path), "%s.tar", dbpath);
	snprintf(dir, sizeof(dir), "%s.restored", dbpath);
	snprintf(db, sizeof(db), "%s/moshimo.db", dir);
	snprintf(anchor, sizeof(anchor), "%s/audit.anchor", dir);
	snprintf(key, sizeof(key), "%s/audit.key", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	o.evidence_dir = "/nonexistent";
	assert_int_equal(store_backup(st, path, &o, &res, &e), 0);
	assert_int_equal(res.rows, 6);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(store_restore(path, dir, key, &res, &e), 0);
	copy = store_open_keyed(db, key, anchor, STORE_READONLY, &e);
	assert_non_null(copy);
	assert_int_equal(verify(copy, &r), 0);
	assert_int_equal(r.rows, 6);
	store_close(copy);
	store_close(st);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_schema_modes),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_incident_round_trip),
		cmocka_unit_test(test_list_filters),
		cmocka_unit_test(test_steps_and_timeline),
		cmocka_unit_test(test_audit_chain),
		cmocka_unit_test(test_search_japanese),
		cmocka_unit_test(test_backup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
