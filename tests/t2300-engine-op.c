/* One operation type (engine/op.h): every kind applied through
 * engine_op_apply() leaves the same timeline events and the same audit rows
 * (content digests included) as the engine calls the CLI, the API and the
 * forms made before; a bad operation, or a batch with one failing
 * operation, changes nothing. */
#include "enginefix.h"
#include "engine/escalation.h"
#include "engine/linktoken.h"
#include "engine/op.h"
#include "store/auth.h"

#include <sqlite3.h>

#define REPORT "{\"title\":\"不審なメール\",\"category\":\"malware\"}"

static char evidence_file[4200];

/* The same-moment clock and the same acting person for both databases,
 * one transaction per change (as the CLI). */
struct old_call {
	int what;
	int64_t id;
	struct inc *inc;
	int n;
};

enum {
	OLD_CREATE,
	OLD_NOTE,
	OLD_STEP,
	OLD_FIELD,
	OLD_STATUS,
	OLD_LEVEL,
	OLD_CATEGORY,
	OLD_DECIDE,
	OLD_EVIDENCE,
	OLD_ACK,
	OLD_DISMISS,
	OLD_REOPEN,
	OLD_SKIP_ALL,
	OLD_CLOSE,
	OLD_ACK_LINK,
	OLD_LINK,
};

/* An ack message's link for president on incident id (f's key). */
static void ack_token(struct engine *en, int64_t id, char *out)
{
	struct linktoken t = {.incident_id = id, .expires = FIX_T0 + 86400};
	struct mo_err e;

	snprintf(t.purpose, sizeof(t.purpose), "ack");
	snprintf(t.recipient, sizeof(t.recipient), "president");
	store_actor(en->st, en->who, en->now);
	assert_int_equal(store_begin(en->st, &e), 0);
	assert_int_equal(linktoken_make(en->st, &t, out, LINKTOKEN_MAX, &e), 0);
	assert_int_equal(store_commit(en->st, &e), 0);
}

static char token[LINKTOKEN_MAX], link_a[LINKTOKEN_MAX], link_b[LINKTOKEN_MAX];

/* The paths as they were written before engine/op.c: the engine functions
 * called one by one (cmd_*.c's run(), api_incidents.c's and
 * pages_incident.c's jobs). */
static int old_fn(struct engine *en, void *arg, struct mo_err *e)
{
	struct old_call *c = arg;
	struct evidence ev;

	switch (c->what) {
	case OLD_CREATE:
		if (engine_create(en, c->inc, e))
			return -1;
		c->id = c->inc->id;
		return store_report_owner_add(en->st, c->id, "user:yamada", e);
	case OLD_NOTE:
		return engine_note(en, c->id, "メールを隔離した", e);
	case OLD_STEP:
		return engine_step(en, c->id, 1, STEP_DONE, "報告済み", e);
	case OLD_FIELD:
		return engine_set_field(en, c->id, "affected_systems", "メールサーバー", e);
	case OLD_STATUS:
		return engine_set_status(en, c->id, INC_TRIAGE, NULL, e);
	case OLD_LEVEL:
		return engine_set_level(en, c->id, 3, "顧客情報の可能性", e);
	case OLD_CATEGORY:
		return engine_set_category(en, c->id, "leak", "流出の疑い", e);
	case OLD_DECIDE:
		return engine_decide(en, c->id, "intake/record", "記録を開始", "全件記録", e);
	case OLD_EVIDENCE:
		return engine_evidence_add(en, c->id, evidence_file, "受信したメール", &ev, e);
	case OLD_ACK:
		for (size_t i = 0; i < en->p->n_people; i++)
			if (strcmp(en->p->people[i].id, "president") == 0)
				return engine_ack_by(en, c->id, "president", en->p->people[i].name,
						     "cli", e);
		return -1;
	case OLD_DISMISS:
		return engine_close_as(en, c->id, ENGINE_FALSE_ALARM, 0, "訓練のメール", e);
	case OLD_REOPEN:
		return engine_reopen(en, c->id, "本物だった", e);
	case OLD_SKIP_ALL:
		for (int i = 1; i <= c->n; i++)
			if (engine_step(en, c->id, i, STEP_DONE, NULL, e))
				return -1;
		return 0;
	case OLD_CLOSE:
		return engine_close(en, c->id, "添付ファイル", "添付の無害化", "訓練を続ける", e);
	case OLD_ACK_LINK: {
		struct ack_result res;

		return engine_ack(en, token, "link", &res, e) ? -1 : 0;
	}
	case OLD_LINK: {
		struct linktoken t = {.incident_id = c->id, .expires = en->now + 3600};

		snprintf(t.purpose, sizeof(t.purpose), "followup");
		snprintf(t.recipient, sizeof(t.recipient), "user:yamada");
		return linktoken_make(en->st, &t, link_a, sizeof(link_a), e);
	}
	}
	return -1;
}

static void old_tx(struct fix *f, int what, int64_t id, int n)
{
	struct old_call c = {what, id, NULL, n};
	struct mo_err e;

	if (engine_tx(&f->en, old_fn, &c, &e)) {
		fprintf(stderr, "old path %d: %s\n", what, e.msg);
		fail();
	}
}

static bool applied[ENGINE_OP_KINDS];

/* The same change as one operation, applied in one transaction. */
static void op_tx(struct fix *f, struct engine_ops *ops)
{
	struct mo_err e;

	for (size_t i = 0; i < ops->n; i++)
		applied[ops->v[i].kind] = true;
	if (engine_ops_tx(&f->en, ops, &e)) {
		fprintf(stderr, "operation %s: %s\n", engine_op_name(ops->v[0].kind), e.msg);
		fail();
	}
}

static struct engine_op *one(struct engine_ops *ops, enum engine_op_kind kind, int64_t id)
{
	struct engine_op *op;

	engine_ops_release(ops);
	engine_ops_init(ops);
	op = engine_ops_add(ops, kind, id);
	assert_non_null(op);
	return op;
}

static int steps_of(struct fix *f, int64_t id)
{
	struct inc_full full;
	int n;

	fix_load(f, id, &full);
	n = (int)full.steps.n;
	inc_full_release(&full);
	return n;
}

/* Every event and audit row of f as one text (the audit chain's hashes
 * are keyed per database and left out; the content digests are not). */
static char *dump(struct fix *f)
{
	static const char *const queries[] = {
		"SELECT incident_id, at, who, kind, field, before, after, text FROM events ORDER BY id",
		/* the link key's row holds a random key: its digest differs */
		"SELECT at, who, tbl, key, op, CASE tbl WHEN 'web_settings' THEN '' ELSE "
		"hex(digest) END FROM audit ORDER BY seq",
	};
	struct buf b;
	sqlite3 *db;

	buf_init(&b, 1 << 24);
	assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	for (size_t q = 0; q < MO_ARRAY_SIZE(queries); q++) {
		sqlite3_stmt *s;

		assert_int_equal(sqlite3_prepare_v2(db, queries[q], -1, &s, NULL), SQLITE_OK);
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

static void test_every_kind_as_before(void **state)
{
	struct fix a, b;
	struct engine_ops ops;
	struct engine_op *op;
	struct mo_err e;
	struct inc *inc;
	int64_t ia, ib, ja, jb;
	char *da, *db;
	size_t rows = 0;
	FILE *fp;

	(void)state;
	snprintf(evidence_file, sizeof(evidence_file), "%s/t2300-mail.eml",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fp = fopen(evidence_file, "w");
	assert_non_null(fp);
	fputs("From: someone@example.com\nSubject: invoice\n\nopen the attachment\n", fp);
	fclose(fp);
	fix_open(&a, NULL);
	fix_open(&b, NULL);
	engine_ops_init(&ops);

	/* A: the old paths. */
	{
		struct old_call c = {OLD_CREATE, 0, NULL, 0};
		struct inc in;

		assert_int_equal(engine_report_parse(a.p, REPORT, strlen(REPORT), "t", a.en.now,
						     &in, &e),
				 0);
		c.inc = &in;
		assert_int_equal(engine_tx(&a.en, old_fn, &c, &e), 0);
		ia = c.id;
		inc_release(&in);
	}
	old_tx(&a, OLD_NOTE, ia, 0);
	a.en.who = "佐藤";
	old_tx(&a, OLD_STEP, ia, 0);
	a.en.who = "tester";
	old_tx(&a, OLD_FIELD, ia, 0);
	old_tx(&a, OLD_STATUS, ia, 0);
	old_tx(&a, OLD_LEVEL, ia, 0);
	old_tx(&a, OLD_CATEGORY, ia, 0);
	old_tx(&a, OLD_DECIDE, ia, 0);
	old_tx(&a, OLD_EVIDENCE, ia, 0);
	a.en.who = "president";
	old_tx(&a, OLD_ACK, ia, 0);
	a.en.who = "tester";
	ack_token(&a.en, ia, token);
	old_tx(&a, OLD_ACK_LINK, ia, 0);
	old_tx(&a, OLD_LINK, ia, 0);
	ja = fix_report(&a, REPORT);
	old_tx(&a, OLD_DISMISS, ja, 0);
	old_tx(&a, OLD_REOPEN, ja, 0);
	old_tx(&a, OLD_FIELD, ja, 0);
	old_tx(&a, OLD_SKIP_ALL, ja, steps_of(&a, ja));
	old_tx(&a, OLD_CLOSE, ja, 0);

	/* B: the same as operations. */
	op = one(&ops, ENGINE_OP_CREATE, 0);
	inc = engine_ops_inc(&ops);
	assert_non_null(inc);
	assert_int_equal(engine_report_parse(b.p, REPORT, strlen(REPORT), "t", b.en.now, inc, &e),
			 0);
	op->u.create.inc = inc;
	op->u.create.principal = engine_ops_str(&ops, "user:yamada");
	op_tx(&b, &ops);
	ib = ops.v[0].id;
	assert_int_equal(ib, ia);
	op = one(&ops, ENGINE_OP_NOTE, ib);
	op->u.note.text = "メールを隔離した";
	op_tx(&b, &ops);
	op = one(&ops, ENGINE_OP_STEP, ib);
	op->who = "佐藤"; /* by whom: for this operation only */
	op->u.step.n = 1;
	op->u.step.state = STEP_DONE;
	op->u.step.note = "報告済み";
	op_tx(&b, &ops);
	assert_string_equal(b.en.who, "tester");
	op = one(&ops, ENGINE_OP_FIELD, ib);
	op->u.field.key = "affected_systems";
	op->u.field.value = "メールサーバー";
	op_tx(&b, &ops);
	op = one(&ops, ENGINE_OP_STATUS, ib);
	op->u.status.to = INC_TRIAGE;
	op_tx(&b, &ops);
	op = one(&ops, ENGINE_OP_LEVEL, ib);
	op->u.level.level = 3;
	op->u.level.reason = "顧客情報の可能性";
	op_tx(&b, &ops);
	op = one(&ops, ENGINE_OP_CATEGORY, ib);
	op->u.category.category = "leak";
	op->u.category.reason = "流出の疑い";
	op_tx(&b, &ops);
	op = one(&ops, ENGINE_OP_DECIDE, ib);
	op->u.decide.point = "intake/record";
	op->u.decide.decision = "記録を開始";
	op->u.decide.why = "全件記録";
	op_tx(&b, &ops);
	op = one(&ops, ENGINE_OP_EVIDENCE, ib);
	op->u.evidence.path = evidence_file;
	op->u.evidence.note = "受信したメール";
	op_tx(&b, &ops);
	assert_int_equal(ops.v[0].u.evidence.n, 1);
	/* The CLI's ack: --as names a person of the policy by id. */
	op = one(&ops, ENGINE_OP_ACK, ib);
	op->who = "president";
	op->u.ack.channel = "cli";
	op_tx(&b, &ops);
	/* The ack message's link: who and which incident from the token. */
	ack_token(&b.en, ib, token);
	op = one(&ops, ENGINE_OP_ACK_LINK, 0);
	op->u.ack_link.token = token;
	op_tx(&b, &ops);
	assert_int_equal(ops.v[0].id, ib);
	op = one(&ops, ENGINE_OP_LINK, ib);
	op->u.link.purpose = "followup";
	op->u.link.recipient = "user:yamada";
	op->u.link.seconds = 3600;
	op->u.link.out = link_b;
	op_tx(&b, &ops);
	/* The same link (the keys differ: the payloads are the same). */
	assert_true(link_b[0] != '\0');
	assert_non_null(strchr(link_a, '.'));
	assert_non_null(strchr(link_b, '.'));
	assert_int_equal(strchr(link_a, '.') - link_a, strchr(link_b, '.') - link_b);
	assert_memory_equal(link_a, link_b, (size_t)(strchr(link_a, '.') - link_a));
	jb = fix_report(&b, REPORT);
	assert_int_equal(jb, ja);
	op = one(&ops, ENGINE_OP_DISMISS, jb);
	op->u.dismiss.how = ENGINE_FALSE_ALARM;
	op->u.dismiss.reason = "訓練のメール";
	op_tx(&b, &ops);
	op = one(&ops, ENGINE_OP_REOPEN, jb);
	op->u.reopen.to = INC_CLOSED;
	op->u.reopen.reason = "本物だった";
	op_tx(&b, &ops);
	op = one(&ops, ENGINE_OP_FIELD, jb);
	op->u.field.key = "affected_systems";
	op->u.field.value = "メールサーバー";
	op_tx(&b, &ops);
	/* A batch: every step in one transaction. */
	engine_ops_release(&ops);
	engine_ops_init(&ops);
	for (int i = 1, n = steps_of(&b, jb); i <= n; i++) {
		op = engine_ops_add(&ops, ENGINE_OP_STEP, jb);
		assert_non_null(op);
		op->u.step.n = i;
		op->u.step.state = STEP_DONE;
	}
	assert_true(ops.n > 1);
	op_tx(&b, &ops);
	op = one(&ops, ENGINE_OP_CLOSE, jb);
	op->u.close.cause = "添付ファイル";
	op->u.close.measures = "添付の無害化";
	op->u.close.lessons = "訓練を続ける";
	op_tx(&b, &ops);
	engine_ops_release(&ops);

	for (int k = 0; k < ENGINE_OP_KINDS; k++) {
		if (!applied[k])
			fprintf(stderr, "kind %s not applied\n", engine_op_name(k));
		assert_true(applied[k]);
	}
	da = dump(&a);
	db = dump(&b);
	for (const char *p = da; *p; p++)
		rows += *p == '\n';
	assert_true(rows > 40);
	if (strcmp(da, db) != 0)
		fprintf(stderr, "--- old paths\n%s--- operations\n%s", da, db);
	assert_string_equal(da, db);
	free(da);
	free(db);
	fix_close(&a);
	fix_close(&b);
}

/* The chain's length and head and the number of events. */
struct snapshot {
	int64_t rows;
	char head[65];
	int events;
};

static void snap(struct fix *f, int64_t id, struct snapshot *s)
{
	struct inc_full full;
	struct mo_err e;

	assert_int_equal(store_audit_head(f->st, &s->rows, s->head, &e), 0);
	fix_load(f, id, &full);
	s->events = (int)full.events.n;
	inc_full_release(&full);
}

static void same(struct fix *f, int64_t id, const struct snapshot *before)
{
	struct snapshot now;

	snap(f, id, &now);
	assert_int_equal(now.rows, before->rows);
	assert_string_equal(now.head, before->head);
	assert_int_equal(now.events, before->events);
}

static void refused(struct fix *f, struct engine_ops *ops, int code)
{
	struct mo_err e;

	mo_err_clear(&e);
	assert_int_equal(engine_ops_tx(&f->en, ops, &e), -1);
	assert_int_equal(e.code, code);
	assert_true(e.msg[0] != '\0');
}

static void test_bad_operation_changes_nothing(void **state)
{
	struct fix f;
	struct engine_ops ops;
	struct engine_op *op;
	struct snapshot before;
	struct mo_err e;
	int64_t id;

	(void)state;
	fix_open(&f, NULL);
	id = fix_report(&f, REPORT);
	snap(&f, id, &before);
	engine_ops_init(&ops);

	/* An unknown kind. */
	op = engine_ops_add(&ops, ENGINE_OP_KINDS, id);
	refused(&f, &ops, MO_EINVAL);
	ops.v[0].kind = (enum engine_op_kind) - 1;
	refused(&f, &ops, MO_EINVAL);
	/* No incident. */
	op->kind = ENGINE_OP_NOTE;
	op->id = 0;
	op->u.note.text = "x";
	refused(&f, &ops, MO_EINVAL);
	/* Nobody acting. */
	op->id = id;
	op->who = "";
	refused(&f, &ops, MO_EINVAL);
	/* A good note, then a step that does not exist: the note goes too. */
	op->who = NULL;
	op = engine_ops_add(&ops, ENGINE_OP_STEP, id);
	op->u.step.n = 999;
	op->u.step.state = STEP_DONE;
	mo_err_clear(&e);
	assert_int_equal(engine_ops_tx(&f.en, &ops, &e), -1);
	assert_true(e.msg[0] != '\0');
	/* A good note, then a level without a reason. */
	op->kind = ENGINE_OP_LEVEL;
	op->u.level.level = 2;
	op->u.level.reason = NULL;
	assert_int_equal(engine_ops_tx(&f.en, &ops, &e), -1);
	/* An incident that does not exist. */
	ops.n = 1;
	ops.v[0].id = id + 100;
	refused(&f, &ops, MO_ENOTFOUND);
	/* An empty batch, a batch that ran out of room. */
	engine_ops_release(&ops);
	engine_ops_init(&ops);
	refused(&f, &ops, MO_EINVAL);
	for (int i = 0; i < ENGINE_OPS_MAX; i++)
		assert_non_null(engine_ops_add(&ops, ENGINE_OP_NOTE, id));
	assert_null(engine_ops_add(&ops, ENGINE_OP_NOTE, id));
	assert_true(ops.failed);
	for (size_t i = 0; i < ops.n; i++)
		ops.v[i].u.note.text = "x";
	refused(&f, &ops, MO_ENOMEM);
	engine_ops_release(&ops);
	same(&f, id, &before);

	/* Every kind has a name; none past the table. */
	for (int k = 0; k < ENGINE_OP_KINDS; k++)
		assert_non_null(engine_op_name(k));
	assert_null(engine_op_name(ENGINE_OP_KINDS));

	/* And a good one still goes through after all that. */
	engine_ops_init(&ops);
	op = engine_ops_add(&ops, ENGINE_OP_NOTE, id);
	op->u.note.text = engine_ops_str(&ops, "確認した");
	assert_int_equal(engine_ops_tx(&f.en, &ops, &e), 0);
	engine_ops_release(&ops);
	snap(&f, id, &before);
	assert_true(before.events > 0);
	fix_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind_as_before),
		cmocka_unit_test(test_bad_operation_changes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
