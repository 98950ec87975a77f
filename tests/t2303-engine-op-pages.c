/* The three pages that wrote their own writer jobs now submit engine
 * operations (engine/op.h): the reporter's follow-up page (a note, a file
 * with a description), the acknowledgements (the incident page's
 * 「対応します」 and the ack message's link) and the report form (report
 * once, the discoverer's step, the photo, the follow-up link). Database A
 * runs the jobs as the pages wrote them before (copied below from
 * pages_followup.c, pages_ack.c and pages_report.c at 217c772), database B
 * the batches the pages build now, through engine_ops_job; both with the
 * same clock, the same actor and login per change (as the writer sets
 * them). Every event and audit row must be the same (the audit chain's
 * content digests included, the actor and the login too), and so must the
 * report-once rows, the used links and the links made. Then refusals: an
 * ack link used, altered or not a link, a report whose photo is missing, a
 * note on no incident: an error with the right code (and the ack page's
 * status), and nothing changed. */
#include "enginefix.h"
#include "engine/escalation.h"
#include "engine/linktoken.h"
#include "engine/op.h"
#include "engine/report_filed.h"
#include "store/auth.h"
#include "store/report_once.h"

#include <sqlite3.h>
#include <sys/stat.h>

#define REPORT                                                                                                  \
	"{\"title\":\"画面に脅迫文\",\"category\":\"malware\",\"reporter\":{\"name\":\"山田 花子\"}," \
	"\"impact\":{\"business\":true}}"
#define REPORT2 "{\"title\":\"見知らぬUSB\",\"category\":\"malware\"}"
#define ONCE "5f2b6d0e8c1a4f3b9e7d2c6a1b0f8e4d3c2b1a09f8e7d6c5b4a39281706f5e4d"
#define FOLLOWUP_SECONDS (366 * 24 * 3600)

/* ---- the old jobs, as the pages had them ---- */

struct followup_job {
	int64_t id;
	char *text;
	char path[4200];
	char name[256];
};

static int followup_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct followup_job *j = arg;
	struct evidence ev;

	if (j->path[0])
		return engine_evidence_add_as(en, j->id, j->path, j->name, j->name, j->text, &ev,
					      e);
	return engine_note(en, j->id, j->text, e);
}

struct ack_job {
	char token[256];
	struct ack_result res;
	char why[1024];
	int64_t id;
	char person[64];
	char name[160];
};

static int ack_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct ack_job *j = arg;
	struct mo_err why;
	int rc;

	mo_err_clear(&why);
	rc = engine_ack(en, j->token, "link", &j->res, &why);
	if (rc < 0) {
		*e = why;
		return -1;
	}
	if (rc > 0)
		snprintf(j->why, sizeof(j->why), "%s", why.msg);
	return 0;
}

static int ack_by_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct ack_job *j = arg;

	return engine_ack_by(en, j->id, j->person[0] ? j->person : NULL, j->name, "web", e);
}

struct report_job {
	struct inc inc;
	char principal[48];
	char once[STORE_HASH_HEX];
	char path[4200];
	char name[256];
	char followup[LINKTOKEN_MAX];
	bool repeat;
};

static int report_write(struct engine *en, void *arg, struct mo_err *e)
{
	struct report_job *j = arg;
	struct linktoken t;
	struct evidence ev;
	int64_t id = 0;
	int rc = 0;

	if (j->once[0]) {
		rc = store_report_once_get(en->st, j->once, &id, e);
		if (rc < 0)
			return -1;
	}
	if (rc == 1) {
		j->inc.id = id;
		j->repeat = true;
	} else {
		if (engine_create(en, &j->inc, e) ||
		    store_report_owner_add(en->st, j->inc.id, j->principal, e) ||
		    (j->once[0] && store_report_once_add(en->st, j->once, j->inc.id, en->now, e)) ||
		    engine_report_filed(en, j->inc.id, e))
			return -1;
		if (j->path[0] && engine_evidence_add_as(en, j->inc.id, j->path, j->name, j->name,
							 "報告と一緒に送られたファイル", &ev, e))
			return -1;
	}
	memset(&t, 0, sizeof(t));
	snprintf(t.purpose, sizeof(t.purpose), "%s", "followup");
	t.incident_id = j->inc.id;
	snprintf(t.recipient, sizeof(t.recipient), "%s", j->principal);
	t.expires = en->now + FOLLOWUP_SECONDS;
	return linktoken_make(en->st, &t, j->followup, sizeof(j->followup), e);
}

/* ---- helpers ---- */

/* Who acts, as the writer sets it from the request: the name on the
 * timeline and in the chain, and the login. */
static void as(struct fix *f, const char *who, const char *login)
{
	f->en.who = who;
	store_actor_login(f->st, login);
}

static void tx(struct fix *f, int (*fn)(struct engine *, void *, struct mo_err *), void *arg)
{
	struct mo_err e;

	mo_err_clear(&e);
	if (engine_tx(&f->en, fn, arg, &e)) {
		fprintf(stderr, "%s: %s\n", f->en.who, e.msg);
		fail();
	}
}

static void ops_tx(struct fix *f, struct engine_ops *ops)
{
	tx(f, engine_ops_job, ops);
}

/* A file to keep as evidence, in a folder of side's (each keeping takes
 * its own copy; the kept copy is named after the file). */
static void file_at(char *path, size_t size, char side, const char *name, const char *text)
{
	const char *tmp = getenv("TMPDIR");
	FILE *fp;

	snprintf(path, size, "%s/t2303-%ld-%c", tmp ? tmp : "/tmp", (long)getpid(), side);
	mkdir(path, 0700);
	snprintf(path + strlen(path), size - strlen(path), "/%s", name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* The link's payload (before the '.'): the keys differ per database, the
 * payloads must not. */
static size_t payload_len(const char *token)
{
	const char *dot = strchr(token, '.');

	assert_non_null(dot);
	return (size_t)(dot - token);
}

static void same_payload(const char *a, const char *b)
{
	assert_int_equal(payload_len(a), payload_len(b));
	assert_memory_equal(a, b, payload_len(a));
}

/* An ack message's link for person on incident id. */
static void ack_link(struct fix *f, int64_t id, const char *person, char *out)
{
	struct linktoken t = {.incident_id = id, .expires = FIX_T0 + 86400};
	struct mo_err e;

	snprintf(t.purpose, sizeof(t.purpose), "ack");
	snprintf(t.recipient, sizeof(t.recipient), "%s", person);
	store_actor(f->st, f->en.who, f->en.now);
	assert_int_equal(store_begin(f->st, &e), 0);
	assert_int_equal(linktoken_make(f->st, &t, out, LINKTOKEN_MAX, &e), 0);
	assert_int_equal(store_commit(f->st, &e), 0);
}

/* Every event, audit row, report-once row, used link, acknowledgement and
 * escalation row of f as text (the
 * chain's keyed hashes and the random link key's digest left out). */
static char *dump(struct fix *f)
{
	static const char *const queries[] = {
		"SELECT incident_id, at, who, login, kind, field, before, after, text FROM events "
		"ORDER BY id",
		"SELECT at, who, login, tbl, key, op, CASE tbl WHEN 'web_settings' THEN '' ELSE "
		"hex(digest) END FROM audit ORDER BY seq",
		"SELECT hash, incident_id, at FROM report_once ORDER BY hash",
		"SELECT count(*) FROM link_used",
		"SELECT incident_id, principal FROM report_owners ORDER BY rowid",
		"SELECT * FROM acks ORDER BY id",
		"SELECT * FROM escalation ORDER BY id",
	};
	struct buf b;
	sqlite3 *db;

	buf_init(&b, 1 << 24);
	assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	for (size_t q = 0; q < MO_ARRAY_SIZE(queries); q++) {
		sqlite3_stmt *s;

		if (sqlite3_prepare_v2(db, queries[q], -1, &s, NULL) != SQLITE_OK) {
			fprintf(stderr, "%s: %s\n", queries[q], sqlite3_errmsg(db));
			fail();
		}
		while (sqlite3_step(s) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(s); c++) {
				const unsigned char *t = sqlite3_column_text(s, c);

				if (buf_addf(&b, "%s|", t ? (const char *)t : "(null)"))
					fail();
			}
			if (buf_add(&b, "\n", 1))
				fail();
		}
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return buf_detach(&b, NULL);
}

/* A batch as page_report_post builds it: the create (principal, the
 * one-time key's hash, filed), the photo, the follow-up link. */
static struct engine_ops *report_ops(struct fix *f, const char *json, const char *principal,
				     const char *once, const char *photo, const char *name,
				     char *followup)
{
	struct engine_ops *ops = engine_ops_new();
	struct engine_op *create, *op;
	struct inc *inc;
	struct mo_err e;

	assert_non_null(ops);
	create = engine_ops_add(ops, ENGINE_OP_CREATE, 0);
	inc = engine_ops_inc(ops);
	assert_non_null(inc);
	assert_int_equal(engine_report_parse(f->p, json, strlen(json), "form", f->en.now, inc, &e),
			 0);
	create->u.create.inc = inc;
	create->u.create.principal = engine_ops_str(ops, principal);
	create->u.create.filed = true;
	create->u.create.once = engine_ops_str(ops, once);
	if (photo) {
		op = engine_ops_add(ops, ENGINE_OP_EVIDENCE, ENGINE_OP_CREATED);
		op->u.evidence.path = engine_ops_str(ops, photo);
		op->u.evidence.name = engine_ops_str(ops, name);
		op->u.evidence.source = op->u.evidence.name;
		op->u.evidence.note = "報告と一緒に送られたファイル";
	}
	op = engine_ops_add(ops, ENGINE_OP_LINK, ENGINE_OP_CREATED);
	op->u.link.purpose = "followup";
	op->u.link.recipient = create->u.create.principal;
	op->u.link.seconds = FOLLOWUP_SECONDS;
	op->u.link.out = followup;
	assert_false(ops->failed);
	return ops;
}

static struct report_job *report_job(struct fix *f, const char *json, const char *principal,
				     const char *once, const char *photo, const char *name)
{
	struct report_job *j = calloc(1, sizeof(*j));
	struct mo_err e;

	assert_non_null(j);
	assert_int_equal(engine_report_parse(f->p, json, strlen(json), "form", f->en.now, &j->inc,
					     &e),
			 0);
	snprintf(j->principal, sizeof(j->principal), "%s", principal);
	snprintf(j->once, sizeof(j->once), "%s", once ? once : "");
	snprintf(j->path, sizeof(j->path), "%s", photo ? photo : "");
	snprintf(j->name, sizeof(j->name), "%s", name ? name : "");
	return j;
}

static void report_job_free(struct report_job *j)
{
	inc_release(&j->inc);
	free(j);
}

/* A one-operation batch of kind on id. */
static struct engine_op *one(struct engine_ops *ops, enum engine_op_kind kind, int64_t id)
{
	struct engine_op *op;

	engine_ops_release(ops);
	engine_ops_init(ops);
	op = engine_ops_add(ops, kind, id);
	assert_non_null(op);
	return op;
}

static const char *person_name(const struct policy *p, const char *id)
{
	for (size_t i = 0; i < p->n_people; i++)
		if (strcmp(p->people[i].id, id) == 0)
			return p->people[i].name;
	fail();
	return NULL;
}

/* ---- the same rows ---- */

static void test_pages_as_before(void **state)
{
	struct fix a, b;
	struct engine_ops one_ops, *ops;
	struct engine_op *op;
	struct report_job *rj;
	struct followup_job fj;
	struct ack_job aj;
	struct ack_result res;
	char photo_a[4200], photo_b[4200], file_a[4200], file_b[4200];
	char fa[LINKTOKEN_MAX], fb[LINKTOKEN_MAX], ta[LINKTOKEN_MAX], tb[LINKTOKEN_MAX];
	const char *president;
	int64_t ia, ib, ja, jb;
	char *da, *db;
	size_t rows = 0;

	(void)state;
	fix_open(&a, NULL);
	fix_open(&b, NULL);
	engine_ops_init(&one_ops);
	president = person_name(a.p, "president");
	file_at(photo_a, sizeof(photo_a), 'a', "photo.jpg", "JPEG of the ransom note\n");
	file_at(photo_b, sizeof(photo_b), 'b', "photo.jpg", "JPEG of the ransom note\n");

	/* The report form of a logged-in employee, with a photo and the
	 * form's one-time key. */
	as(&a, "山田 花子", "user:yamada");
	as(&b, "山田 花子", "user:yamada");
	rj = report_job(&a, REPORT, "user:3", ONCE, photo_a, "ransom.jpg");
	tx(&a, report_write, rj);
	ia = rj->inc.id;
	snprintf(fa, sizeof(fa), "%s", rj->followup);
	report_job_free(rj);
	ops = report_ops(&b, REPORT, "user:3", ONCE, photo_b, "ransom.jpg", fb);
	ops_tx(&b, ops);
	ib = ops->v[0].id;
	assert_int_equal(ib, ia);
	assert_false(ops->v[0].u.create.repeat);
	/* the references stay for a run again by the writer */
	assert_int_equal(ops->v[1].id, ENGINE_OP_CREATED);
	assert_int_equal(ops->v[1].u.evidence.n, 1);
	engine_ops_free(ops);
	same_payload(fa, fb);

	/* The same form sent again: nothing filed, a link to the same one. */
	rj = report_job(&a, REPORT, "user:3", ONCE, photo_a, "ransom.jpg");
	tx(&a, report_write, rj);
	assert_true(rj->repeat);
	snprintf(fa, sizeof(fa), "%s", rj->followup);
	report_job_free(rj);
	ops = report_ops(&b, REPORT, "user:3", ONCE, photo_b, "ransom.jpg", fb);
	ops_tx(&b, ops);
	assert_true(ops->v[0].u.create.repeat);
	assert_int_equal(ops->v[0].id, ib);
	assert_int_equal(ops->v[1].u.evidence.n, 0); /* not kept again */
	engine_ops_free(ops);
	same_payload(fa, fb);

	/* Through the report link: no account, no key, no photo. */
	as(&a, "報告リンク", "link");
	as(&b, "報告リンク", "link");
	rj = report_job(&a, REPORT2, "link", NULL, NULL, NULL);
	tx(&a, report_write, rj);
	ja = rj->inc.id;
	snprintf(fa, sizeof(fa), "%s", rj->followup);
	report_job_free(rj);
	ops = report_ops(&b, REPORT2, "link", NULL, NULL, NULL, fb);
	ops_tx(&b, ops);
	jb = ops->v[0].id;
	assert_int_equal(jb, ja);
	engine_ops_free(ops);
	same_payload(fa, fb);

	/* The follow-up page: the reporter's name, the page's login. */
	as(&a, "山田 花子", "followup");
	as(&b, "山田 花子", "followup");
	memset(&fj, 0, sizeof(fj));
	fj.id = ia;
	fj.text = "隣の席のPCにも同じ画面が出ています";
	tx(&a, followup_write, &fj);
	op = one(&one_ops, ENGINE_OP_NOTE, ib);
	op->u.note.text = "隣の席のPCにも同じ画面が出ています";
	ops_tx(&b, &one_ops);
	file_at(file_a, sizeof(file_a), 'a', "upload-1", "PNG of the second screen\n");
	file_at(file_b, sizeof(file_b), 'b', "upload-1", "PNG of the second screen\n");
	memset(&fj, 0, sizeof(fj));
	fj.id = ia;
	fj.text = "2台目の画面";
	snprintf(fj.path, sizeof(fj.path), "%s", file_a);
	snprintf(fj.name, sizeof(fj.name), "screen.png");
	tx(&a, followup_write, &fj);
	op = one(&one_ops, ENGINE_OP_EVIDENCE, ib);
	op->u.evidence.path = file_b;
	op->u.evidence.name = "screen.png";
	op->u.evidence.source = "screen.png";
	op->u.evidence.note = "2台目の画面";
	ops_tx(&b, &one_ops);
	assert_int_equal(one_ops.v[0].u.evidence.n, 2);

	/* 「対応します」 by a login that is a person of the policy. */
	as(&a, president, "user:president");
	as(&b, president, "user:president");
	memset(&aj, 0, sizeof(aj));
	aj.id = ia;
	snprintf(aj.person, sizeof(aj.person), "president");
	snprintf(aj.name, sizeof(aj.name), "%s", president);
	tx(&a, ack_by_write, &aj);
	op = one(&one_ops, ENGINE_OP_ACK, ib);
	op->u.ack.person = "president";
	op->u.ack.name = president;
	op->u.ack.channel = "web";
	ops_tx(&b, &one_ops);
	/* … and by one that is not, whose name happens to be a person's id:
	 * "" keeps it from being taken for that person. */
	as(&a, "president", "user:sato");
	as(&b, "president", "user:sato");
	memset(&aj, 0, sizeof(aj));
	aj.id = ja;
	snprintf(aj.name, sizeof(aj.name), "president");
	tx(&a, ack_by_write, &aj);
	op = one(&one_ops, ENGINE_OP_ACK, jb);
	op->u.ack.person = "";
	op->u.ack.name = "president";
	op->u.ack.channel = "web";
	ops_tx(&b, &one_ops);

	/* The ack message's link, pressed by someone not logged in. */
	as(&a, "anonymous", "anonymous");
	as(&b, "anonymous", "anonymous");
	ack_link(&a, ja, "president", ta);
	ack_link(&b, jb, "president", tb);
	memset(&aj, 0, sizeof(aj));
	snprintf(aj.token, sizeof(aj.token), "%s", ta);
	tx(&a, ack_write, &aj);
	assert_int_equal(aj.res.status, 0);
	memset(&res, 0, sizeof(res));
	op = one(&one_ops, ENGINE_OP_ACK_LINK, 0);
	op->u.ack_link.token = tb;
	op->u.ack_link.out = &res;
	ops_tx(&b, &one_ops);
	assert_int_equal(res.status, 0);
	assert_int_equal(res.incident_id, aj.res.incident_id);
	assert_string_equal(res.name, aj.res.name);
	assert_int_equal(one_ops.v[0].id, jb);
	engine_ops_release(&one_ops);

	da = dump(&a);
	db = dump(&b);
	for (const char *p = da; *p; p++)
		rows += *p == '\n';
	assert_true(rows > 60);
	/* what the pages did is all there */
	assert_non_null(strstr(da, "|followup|note|"));
	assert_non_null(strstr(da, "|user:yamada|evidence|"));
	assert_non_null(strstr(da, "報告と一緒に送られたファイル"));
	assert_non_null(strstr(da, "|anonymous|ack|"));
	if (strcmp(da, db) != 0)
		fprintf(stderr, "--- the pages' old jobs\n%s--- operations\n%s", da, db);
	assert_string_equal(da, db);
	free(da);
	free(db);
	fix_close(&a);
	fix_close(&b);
}

/* ---- refusals change nothing ---- */

struct snapshot {
	int64_t rows;
	char head[65];
	char *all;
};

static void snap(struct fix *f, struct snapshot *s)
{
	struct mo_err e;

	assert_int_equal(store_audit_head(f->st, &s->rows, s->head, &e), 0);
	s->all = dump(f);
}

static void same(struct fix *f, struct snapshot *before)
{
	struct snapshot now;

	snap(f, &now);
	assert_int_equal(now.rows, before->rows);
	assert_string_equal(now.head, before->head);
	assert_string_equal(now.all, before->all);
	free(now.all);
}

/* ops refused with code (and, an ack link, the page's status); nothing
 * written. */
static void refused(struct fix *f, struct engine_ops *ops, int code, int status)
{
	struct snapshot before;
	struct ack_result res;
	struct mo_err e;

	memset(&res, 0, sizeof(res));
	if (ops->v[0].kind == ENGINE_OP_ACK_LINK)
		ops->v[0].u.ack_link.out = &res;
	snap(f, &before);
	mo_err_clear(&e);
	assert_int_equal(engine_ops_tx(&f->en, ops, &e), -1);
	if (e.code != code)
		fprintf(stderr, "code %d, not %d: %s\n", e.code, code, e.msg);
	assert_int_equal(e.code, code);
	assert_true(e.msg[0] != '\0');
	assert_int_equal(res.status, status);
	same(f, &before);
	free(before.all);
}

static void test_refused_changes_nothing(void **state)
{
	struct fix f;
	struct engine_ops ops, *rops;
	struct engine_op *op;
	struct ack_result res;
	char token[LINKTOKEN_MAX], altered[LINKTOKEN_MAX], fol[LINKTOKEN_MAX];
	int64_t id, closed;

	(void)state;
	fix_open(&f, NULL);
	engine_ops_init(&ops);
	id = fix_report(&f, REPORT);
	closed = fix_report(&f, REPORT2);
	op = one(&ops, ENGINE_OP_DISMISS, closed);
	op->u.dismiss.how = ENGINE_FALSE_ALARM;
	op->u.dismiss.reason = "訓練";
	ops_tx(&f, &ops);
	as(&f, "anonymous", "anonymous");
	ack_link(&f, id, "president", token);

	/* Pressed once: taken. */
	memset(&res, 0, sizeof(res));
	op = one(&ops, ENGINE_OP_ACK_LINK, 0);
	op->u.ack_link.token = token;
	op->u.ack_link.out = &res;
	ops_tx(&f, &ops);
	/* Twice: used (410, a conflict). */
	op = one(&ops, ENGINE_OP_ACK_LINK, 0);
	op->u.ack_link.token = token;
	refused(&f, &ops, MO_ECONFLICT, 410);
	/* Altered: the incident's number changed under the signature (403). */
	snprintf(altered, sizeof(altered), "%s", token);
	altered[payload_len(altered) + 1] ^= 1;
	op = one(&ops, ENGINE_OP_ACK_LINK, 0);
	op->u.ack_link.token = altered;
	refused(&f, &ops, MO_EFORBIDDEN, 403);
	/* Not a link at all (404). */
	op = one(&ops, ENGINE_OP_ACK_LINK, 0);
	op->u.ack_link.token = "not-a-token";
	refused(&f, &ops, MO_ENOTFOUND, 404);
	/* The incident closed since the message (410). */
	ack_link(&f, closed, "president", token);
	op = one(&ops, ENGINE_OP_ACK_LINK, 0);
	op->u.ack_link.token = token;
	refused(&f, &ops, MO_ECONFLICT, 410);
	/* No token. */
	op = one(&ops, ENGINE_OP_ACK_LINK, 0);
	refused(&f, &ops, MO_EINVAL, 0);

	/* A report whose photo is gone: the incident goes too. */
	rops = report_ops(&f, REPORT, "user:3", ONCE, "/nonexistent/t2303.jpg", "x.jpg", fol);
	refused(&f, rops, MO_EINVAL, 0);
	engine_ops_free(rops);
	/* … and its one-time key was not used up: the form sent again files. */
	rops = report_ops(&f, REPORT, "user:3", ONCE, NULL, NULL, fol);
	ops_tx(&f, rops);
	assert_false(rops->v[0].u.create.repeat);
	assert_true(rops->v[0].id > closed);
	engine_ops_free(rops);
	/* An operation on the batch's created incident with no create
	 * before it. */
	op = one(&ops, ENGINE_OP_NOTE, ENGINE_OP_CREATED);
	op->u.note.text = "x";
	refused(&f, &ops, MO_EINVAL, 0);
	/* The follow-up page's note on an incident that is not there. */
	op = one(&ops, ENGINE_OP_NOTE, 9999);
	op->u.note.text = "x";
	refused(&f, &ops, MO_ENOTFOUND, 0);
	/* 「対応します」 on a closed incident. */
	op = one(&ops, ENGINE_OP_ACK, closed);
	op->u.ack.person = "";
	op->u.ack.name = "佐藤";
	op->u.ack.channel = "web";
	refused(&f, &ops, MO_ECONFLICT, 0);
	engine_ops_release(&ops);
	fix_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_as_before),
		cmocka_unit_test(test_refused_changes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
