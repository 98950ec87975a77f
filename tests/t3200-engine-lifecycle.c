/* The lifecycle: allowed moves, going back with a reason, monitoring only
 * after recovery, closing needs cause, measures, lessons and a finished
 * checklist, a closed incident refuses edits until reopened, and each
 * phase shows its open decisions. */
#include "enginefix.h"

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

static void test_status_rules(void **state)
{
	struct mo_err e;

	(void)state;
	assert_int_equal(engine_status_check(INC_REPORTED, INC_TRIAGE, NULL, &e), 0);
	assert_int_equal(engine_status_check(INC_REPORTED, INC_RECOVERY, NULL, &e), 0);
	assert_int_equal(engine_status_check(INC_RECOVERY, INC_MONITORING, NULL, &e), 0);
	assert_int_equal(engine_status_check(INC_INITIAL, INC_MONITORING, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "monitoring follows recovery"));
	assert_int_equal(engine_status_check(INC_RECOVERY, INC_INITIAL, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "reason"));
	assert_int_equal(engine_status_check(INC_RECOVERY, INC_INITIAL, "再発", &e), 0);
	assert_int_equal(engine_status_check(INC_TRIAGE, INC_TRIAGE, NULL, &e), -1);
	assert_int_equal(engine_status_check(INC_RECOVERY, INC_CLOSED, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "moshimo close"));
	assert_int_equal(engine_status_check(INC_CLOSED, INC_RECOVERY, "x", &e), -1);
}

struct args {
	int64_t id;
	int op;
	const char *a, *b, *c;
	enum inc_status to;
};

static int run(struct engine *en, void *arg, struct mo_err *e)
{
	struct args *x = arg;

	switch (x->op) {
	case 0:
		return engine_set_status(en, x->id, x->to, x->a, e);
	case 1:
		return engine_close(en, x->id, x->a, x->b, x->c, e);
	case 2:
		return engine_reopen(en, x->id, x->a, e);
	case 3:
		return engine_note(en, x->id, x->a, e);
	case 4:
		return engine_step(en, x->id, (int)strtol(x->a, NULL, 10), STEP_DONE, NULL, e);
	case 5:
		return engine_set_field(en, x->id, x->a, x->b, e);
	case 6:
		return engine_decide(en, x->id, x->a, x->b, x->c, e);
	}
	return -1;
}

static int op(int64_t id, int which, const char *a, const char *b, const char *c,
	      enum inc_status to, struct mo_err *e)
{
	struct args x = {id, which, a, b, c, to};

	return engine_tx(&fx.en, run, &x, e);
}

static size_t open_count(int64_t id, const char *phase)
{
	struct inc_full f;
	struct open_point v[64];
	size_t n, k = 0;

	fix_load(&fx, id, &f);
	n = engine_open_decisions(fx.p, &f.inc, &f.decisions, v, 64);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].phase->id, phase) == 0)
			k++;
	inc_full_release(&f);
	return k;
}

static void test_close_and_reopen(void **state)
{
	struct inc_full f;
	struct mo_err e;
	int64_t id;

	(void)state;
	id = fix_report(&fx, "{\"title\":\"誤送信\",\"category\":\"leak\"}");
	assert_int_equal(op(id, 0, NULL, NULL, NULL, INC_TRIAGE, &e), 0);
	assert_int_equal(op(id, 0, NULL, NULL, NULL, INC_INITIAL, &e), 0);
	assert_int_equal(op(id, 0, NULL, NULL, NULL, INC_RECOVERY, &e), 0);
	assert_int_equal(op(id, 0, NULL, NULL, NULL, INC_MONITORING, &e), 0);
	/* Closing needs the three items... */
	assert_int_equal(op(id, 1, NULL, NULL, NULL, 0, &e), -1);
	assert_non_null(strstr(e.msg, "cause is missing"));
	assert_int_equal(op(id, 1, "宛先の確認漏れ", NULL, "二人で確認", 0, &e), -1);
	assert_non_null(strstr(e.msg, "measures is missing"));
	/* ... and no open step. */
	assert_int_equal(op(id, 1, "宛先の確認漏れ", "送信前の確認", "二人で確認", 0, &e), -1);
	assert_non_null(strstr(e.msg, "step 1 is still to do"));
	fix_load(&fx, id, &f);
	assert_int_equal(f.inc.status, INC_MONITORING);
	assert_null(f.inc.cause); /* nothing of the failed close stayed */
	inc_full_release(&f);
	assert_int_equal(op(id, 4, "1", NULL, NULL, 0, &e), 0);
	/* Items recorded before count. */
	assert_int_equal(op(id, 5, "cause", "宛先の確認漏れ", NULL, 0, &e), 0);
	assert_int_equal(op(id, 1, NULL, "送信前の確認", "二人で確認", 0, &e), 0);
	fix_load(&fx, id, &f);
	assert_int_equal(f.inc.status, INC_CLOSED);
	assert_true(f.inc.closed_at == FIX_T0);
	assert_string_equal(f.inc.measures, "送信前の確認");
	inc_full_release(&f);
	/* Closed: edits are refused, nothing changes. */
	assert_int_equal(op(id, 3, "追記", NULL, NULL, 0, &e), -1);
	assert_non_null(strstr(e.msg, "is closed"));
	assert_int_equal(op(id, 5, "cause", "別の原因", NULL, 0, &e), -1);
	assert_int_equal(op(id, 0, NULL, NULL, NULL, INC_RECOVERY, &e), -1);
	assert_int_equal(op(id, 6, "after/monitoring", "継続", NULL, 0, &e), -1);
	assert_int_equal(op(id, 1, "a", "b", "c", 0, &e), -1);
	/* Reopen needs a reason and returns to where it was closed from. */
	assert_int_equal(op(id, 2, "", NULL, NULL, 0, &e), -1);
	assert_int_equal(op(id, 2, "同じ宛先に再送していた", NULL, NULL, 0, &e), 0);
	fix_load(&fx, id, &f);
	assert_int_equal(f.inc.status, INC_MONITORING);
	assert_true(f.inc.closed_at == MO_TIME_NONE);
	assert_string_equal(f.events.v[f.events.n - 1].kind, "reopen");
	assert_string_equal(f.events.v[f.events.n - 1].text, "同じ宛先に再送していた");
	inc_full_release(&f);
	assert_int_equal(op(id, 2, "again", NULL, NULL, 0, &e), -1);
	assert_non_null(strstr(e.msg, "not closed"));
}

static void test_decisions_by_phase(void **state)
{
	struct mo_err e;
	int64_t id;

	(void)state;
	/* The minimal policy has no decisions: nothing is open. */
	id = fix_report(&fx, "{\"title\":\"x\",\"category\":\"leak\"}");
	assert_int_equal(open_count(id, "intake"), 0);
	assert_int_equal(op(id, 6, "intake/is_incident", "はい", NULL, 0, &e), -1);
	assert_non_null(strstr(e.msg, "unknown decision point"));
}

static void test_decisions_default_policy(void **state)
{
	struct fix d;
	struct fix saved = fx;
	struct mo_err e;
	int64_t id;
	size_t initial;

	(void)state;
	fix_open(&d, NULL);
	fx = d;
	id = fix_report(&fx, "{\"title\":\"名簿の紛失\",\"category\":\"leak\"}");
	/* Triage answered three of intake's four points. */
	assert_int_equal(open_count(id, "intake"), 1);
	assert_int_equal(op(id, 6, "intake/record", "記録を開始した", "003", 0, &e), 0);
	assert_int_equal(open_count(id, "intake"), 0);
	assert_int_equal(op(id, 0, NULL, NULL, NULL, INC_INITIAL, &e), 0);
	initial = open_count(id, "initial") + open_count(id, "disclose");
	assert_true(initial > 0);
	/* A point id unique in the policy needs no phase. */
	assert_int_equal(op(id, 6, "share_scope", "社内の関係者のみ", NULL, 0, &e), 0);
	assert_int_equal(open_count(id, "initial") + open_count(id, "disclose"), initial - 1);
	/* "means" is in two phases. */
	assert_int_equal(op(id, 6, "means", "x", NULL, 0, &e), -1);
	assert_non_null(strstr(e.msg, "several phases"));
	assert_int_equal(op(id, 6, "disclose/means", "自社Webサイト", NULL, 0, &e), 0);
	assert_int_equal(op(id, 6, "intake/nosuch", "x", NULL, 0, &e), -1);
	fix_close(&d);
	fx = saved;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_rules),
		cmocka_unit_test(test_close_and_reopen),
		cmocka_unit_test(test_decisions_by_phase),
		cmocka_unit_test(test_decisions_default_policy),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
