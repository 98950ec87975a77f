/* Playbooks become checklists: every category × level of the built-in
 * policy, the leak level-3 checklist exactly as 002 §4.1 lists it, due
 * times from discovery, and re-planning on a level change. */
#include "enginefix.h"

static struct fix fx;

static int setup(void **state)
{
	(void)state;
	fix_open(&fx, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fix_close(&fx);
	return 0;
}

/* 002 §4.1 漏えい・流出発生時の対応, level 3, ① to ⑧. */
static const char *const leak3[] = {
	"発見者は即座にインシデント対応責任者及び代表取締役社長に報告する。",
	"インシデント対応責任者は原因を特定するとともに、二次被害が想定される場合には防止策を実行する。",
	"インシデント対応責任者は被害者/本人対応を準備する。",
	"インシデント対応責任者は問い合わせ対応を準備する。",
	"インシデント対応責任者は影響範囲・被害の大きさによっては総務部に報道発表の準備を申請する。",
	"インシデント対応責任者はサイバー攻撃等の不正アクセスによる被害の場合は都道府県警察本部のサイバー犯罪相談窓口に届け出る。",
	"インシデント対応責任者は個人データ*または特定個人情報漏えいの場合には個人情報保護委員会に報告する。",
	"代表取締役は社内及び影響範囲の全ての組織・人に対応結果及び対策を公表する。",
};

static void plan(const char *category, int level, struct arena *a, struct step **v, size_t *n)
{
	struct inc inc;
	struct mo_err e;

	inc_init(&inc);
	inc.id = 1;
	inc.category = category;
	inc.level = level;
	inc.discovered_at = FIX_T0;
	assert_int_equal(engine_plan(fx.p, &inc, NULL, a, v, n, &e), 0);
	inc_release(&inc);
}

static void test_leak_level3_is_002(void **state)
{
	struct arena a;
	struct step *v;
	size_t n;

	(void)state;
	arena_init(&a, 0);
	plan("leak", 3, &a, &v, &n);
	assert_int_equal(n, 8);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(v[i].n, (int)i + 1);
		assert_string_equal(v[i].action, leak3[i]);
		assert_int_equal(v[i].state, STEP_TODO);
		assert_int_equal(v[i].level, 3);
	}
	assert_string_equal(v[0].actor, "discoverer");
	assert_string_equal(v[1].actor, "manager");
	assert_string_equal(v[7].actor, "chief");
	/* ① is due 10 minutes after discovery (the policy's due). */
	assert_int_equal(v[0].due_at, FIX_T0 + 600);
	free(v);
	arena_release(&a);
}

static void test_every_category_and_level(void **state)
{
	size_t checked = 0;

	(void)state;
	for (size_t c = 0; c < fx.p->n_categories; c++) {
		const struct mo_category *cat = &fx.p->categories[c];

		for (size_t l = 0; l < fx.p->n_levels; l++) {
			int level = fx.p->levels[l].level;
			const struct mo_playbook *pb = policy_playbook(fx.p, cat->id, level);
			struct arena a;
			struct step *v;
			size_t n;

			if (level < cat->min_level)
				continue;
			arena_init(&a, 0);
			plan(cat->id, level, &a, &v, &n);
			/* Every reachable category × level has a playbook with steps. */
			assert_non_null(pb);
			assert_true(pb->n_steps > 0);
			assert_int_equal(n, pb->n_steps);
			for (size_t i = 0; i < n; i++) {
				const struct mo_step *m = &pb->steps[i];

				assert_string_equal(v[i].action, m->action);
				assert_string_equal(v[i].actor, m->actor);
				assert_non_null(v[i].person);
				if (m->has_due)
					assert_int_equal(v[i].due_at,
							 FIX_T0 + duration_seconds(&m->due));
				else
					assert_true(v[i].due_at == MO_TIME_NONE);
			}
			free(v);
			arena_release(&a);
			checked++;
		}
	}
	/* leak 2-3, tamper 0-3, malware 1-3, impersonation 1-3, disaster 2-3,
	 * other 0-3. */
	assert_int_equal(checked, 18);
}

static int step_fn(struct engine *en, void *arg, struct mo_err *e)
{
	int *a = arg;

	return engine_step(en, a[0], a[1], (enum step_state)a[2],
			   a[2] == STEP_SKIPPED ? "不要" : NULL, e);
}

static void set_step(int64_t id, int n, enum step_state s)
{
	int a[3] = {(int)id, n, (int)s};
	struct mo_err e;

	if (engine_tx(&fx.en, step_fn, a, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		fail();
	}
}

struct level_args {
	int64_t id;
	int level;
	const char *reason;
};

static int level_fn(struct engine *en, void *arg, struct mo_err *e)
{
	struct level_args *a = arg;

	return engine_set_level(en, a->id, a->level, a->reason, e);
}

static int set_level(int64_t id, int level, const char *reason, struct mo_err *e)
{
	struct level_args a = {id, level, reason};

	return engine_tx(&fx.en, level_fn, &a, e);
}

static void test_replan_keeps_done(void **state)
{
	struct inc_full f;
	struct mo_err e;
	int64_t id;

	(void)state;
	id = fix_report(&fx, "{\"title\":\"メール誤送信\",\"category\":\"leak\"}");
	fix_load(&fx, id, &f);
	assert_int_equal(f.inc.level, 2);
	assert_int_equal(f.steps.n, 3);
	inc_full_release(&f);
	set_step(id, 1, STEP_DONE);
	set_step(id, 2, STEP_DOING);
	assert_int_equal(set_level(id, 3, "顧客の個人情報を含むと判明", &e), 0);
	fix_load(&fx, id, &f);
	assert_int_equal(f.inc.level, 3);
	assert_string_equal(f.inc.owner_role, "chief");
	/* The done step stays first; the open ones give way to 4.1's eight. */
	assert_int_equal(f.steps.n, 9);
	assert_int_equal(f.steps.v[0].state, STEP_DONE);
	assert_int_equal(f.steps.v[0].level, 2);
	assert_string_equal(f.steps.v[0].by, "tester");
	for (size_t i = 1; i < 9; i++) {
		assert_string_equal(f.steps.v[i].action, leak3[i - 1]);
		assert_int_equal(f.steps.v[i].state, STEP_TODO);
		assert_int_equal(f.steps.v[i].n, (int)i + 1);
	}
	/* The change is on the timeline with its reason. */
	{
		bool level = false, planned = false;

		for (size_t i = 0; i < f.events.n; i++) {
			const struct event *ev = &f.events.v[i];

			if (strcmp(ev->kind, "level") == 0) {
				level = true;
				assert_string_equal(ev->before, "2");
				assert_string_equal(ev->after, "3");
				assert_string_equal(ev->text, "顧客の個人情報を含むと判明");
			}
			if (strcmp(ev->kind, "plan") == 0)
				planned = true;
		}
		assert_true(level && planned);
	}
	inc_full_release(&f);
	/* A level change needs a reason, a defined level, the category's
	 * minimum, and a change. */
	assert_int_equal(set_level(id, 2, "", &e), -1);
	assert_non_null(strstr(e.msg, "reason"));
	assert_int_equal(set_level(id, 7, "x", &e), -1);
	assert_non_null(strstr(e.msg, "level 7"));
	assert_int_equal(set_level(id, 1, "x", &e), -1);
	assert_non_null(strstr(e.msg, "level 2 or higher"));
	assert_int_equal(set_level(id, 3, "x", &e), -1);
	assert_int_equal(set_level(99, 2, "x", &e), -1);
	assert_non_null(strstr(e.msg, "INC-0099"));
}

static void test_replan_carries_open_state(void **state)
{
	struct inc_full f;
	struct mo_err e;
	int64_t id;

	(void)state;
	/* tamper 1 → 2: both start with the same two steps. */
	id = fix_report(&fx, "{\"title\":\"ファイルサーバー停止\",\"category\":\"tamper\","
			     "\"impact\":{\"employees\":true}}");
	set_step(id, 1, STEP_DONE);
	set_step(id, 2, STEP_DOING);
	set_step(id, 4, STEP_SKIPPED);
	assert_int_equal(set_level(id, 2, "受注業務が止まった", &e), 0);
	fix_load(&fx, id, &f);
	/* Kept: 1 done and 4 skipped (in that order), then 2 still doing. */
	assert_int_equal(f.steps.v[0].state, STEP_DONE);
	assert_int_equal(f.steps.v[1].state, STEP_SKIPPED);
	assert_string_equal(f.steps.v[1].note, "不要");
	assert_int_equal(f.steps.v[2].state, STEP_DOING);
	assert_string_equal(f.steps.v[2].title, "原因の特定と応急措置の実施");
	assert_int_equal(f.steps.n, 2 + policy_playbook(fx.p, "tamper", 2)->n_steps - 2);
	inc_full_release(&f);
	/* Down again to 1: what happened stays. */
	assert_int_equal(set_level(id, 1, "業務は代替手段で継続できた", &e), 0);
	fix_load(&fx, id, &f);
	assert_int_equal(f.steps.v[0].state, STEP_DONE);
	assert_int_equal(f.steps.v[1].state, STEP_SKIPPED);
	inc_full_release(&f);
}

static void test_step_rules(void **state)
{
	struct mo_err e;
	int64_t id;
	int a[3];

	(void)state;
	id = fix_report(&fx, "{\"title\":\"不審な通信\",\"category\":\"malware\"}");
	a[0] = (int)id;
	a[1] = 99;
	a[2] = STEP_DONE;
	assert_int_equal(engine_tx(&fx.en, step_fn, a, &e), -1);
	assert_non_null(strstr(e.msg, "no step 99"));
	a[1] = 0;
	assert_int_equal(engine_tx(&fx.en, step_fn, a, &e), -1);
	a[1] = 1;
	assert_int_equal(engine_tx(&fx.en, step_fn, a, &e), 0);
	assert_int_equal(engine_tx(&fx.en, step_fn, a, &e), -1);
	assert_non_null(strstr(e.msg, "already done"));
	/* A skip without a reason is refused. */
	{
		struct step_list l = {0};
		struct mo_err e2;

		assert_int_equal(store_begin(fx.st, &e2), 0);
		assert_int_equal(engine_step(&fx.en, id, 2, STEP_SKIPPED, NULL, &e2), -1);
		assert_non_null(strstr(e2.msg, "reason"));
		store_rollback(fx.st);
		assert_int_equal(store_steps_get(fx.st, id, &l, &e2), 0);
		assert_int_equal(l.v[1].state, STEP_TODO);
		step_list_release(&l);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leak_level3_is_002),
		cmocka_unit_test(test_every_category_and_level),
		cmocka_unit_test(test_replan_keeps_done),
		cmocka_unit_test(test_replan_carries_open_state),
		cmocka_unit_test(test_step_rules),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
