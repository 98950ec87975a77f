/* Reports in, documents out: strict JSON reading, filings owed with their
 * deadlines, the immediate actions, the report document (md and json),
 * Japanese search and similar past incidents. */
#include "enginefix.h"
#include "render/incident_doc.h"

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

static void expect_error(const char *json, const char *needle)
{
	const char *msg = fix_parse_error(&fx, json);

	if (!msg || !strstr(msg, needle)) {
		fprintf(stderr, "json: %s\nwant: %s\ngot: %s\n", json, needle, msg ? msg : "(ok)");
		fail();
	}
}

static void test_strict_json(void **state)
{
	(void)state;
	assert_null(fix_parse_error(&fx, "{\"title\":\"x\",\"category\":\"leak\"}"));
	expect_error("{\"title\":\"x\",\"category\":\"leak\"", "malformed JSON");
	expect_error("[1]", "must be a JSON object");
	expect_error("{\"category\":\"leak\"}", "\"title\" is required");
	expect_error("{\"title\":\"\",\"category\":\"leak\"}", "\"title\" is required");
	expect_error("{\"title\":\"x\"}", "\"category\" is required");
	expect_error("{\"title\":\"x\",\"category\":\"fire\"}", "unknown category \"fire\"");
	expect_error("{\"title\":\"x\",\"category\":\"leak\",\"colour\":1}",
		     "\"colour\": unknown key");
	expect_error("{\"title\":5,\"category\":\"leak\"}", "\"title\": must be a string");
	expect_error("{\"title\":\"a\\nb\",\"category\":\"leak\"}", "control character");
	expect_error(
		"{\"title\":\"x\",\"category\":\"leak\",\"discovered_at\":\"2026-11-02 25:00\"}",
		"must be a date and time");
	expect_error(
		"{\"title\":\"x\",\"category\":\"leak\",\"discovered_at\":\"2026-02-30T10:00:00Z\"}",
		"must be a date and time");
	/* A time as a person types it, in the policy's zone (item 8 of issue 11). */
	{
		struct inc inc;
		struct mo_err e;

		assert_int_equal(
			engine_report_parse(fx.p,
					    "{\"title\":\"x\",\"category\":\"leak\","
					    "\"discovered_at\":\"2026/11/17 18:30\"}",
					    strlen("{\"title\":\"x\",\"category\":\"leak\","
						   "\"discovered_at\":\"2026/11/17 18:30\"}"),
					    "t.json", fx.en.now, &inc, &e),
			0);
		assert_int_equal(inc.discovered_at, 1794907800); /* 2026-11-17T18:30+09:00 */
		inc_release(&inc);
	}
	expect_error(
		"{\"title\":\"x\",\"category\":\"leak\",\"discovered_at\":\"2030-01-01T00:00:00Z\"}",
		"in the future");
	expect_error(
		"{\"title\":\"x\",\"category\":\"leak\",\"discovered_at\":\"2026-11-01T00:00:00Z\","
		"\"occurred_at\":\"2026-11-02T00:00:00Z\"}",
		"cannot be after");
	expect_error("{\"title\":\"x\",\"category\":\"leak\",\"impact\":{\"customer\":true}}",
		     "\"impact.customer\": unknown key");
	expect_error("{\"title\":\"x\",\"category\":\"leak\",\"impact\":{\"customers\":1}}",
		     "must be true, false or null");
	expect_error("{\"title\":\"x\",\"category\":\"leak\",\"facts\":{\"persons\":-1}}",
		     "whole number");
	expect_error("{\"title\":\"x\",\"category\":\"leak\",\"facts\":{\"persons\":1.5}}",
		     "whole number");
	expect_error("{\"title\":\"x\",\"category\":\"leak\",\"facts\":{\"colour\":true}}",
		     "unknown fact");
	expect_error("{\"title\":\"x\",\"category\":\"leak\",\"reporter\":{\"external\":true}}",
		     "reporter.contact");
	expect_error("{\"title\":\"x\",\"category\":\"leak\",\"sign\":\"nosuch\"}", "unknown sign");
	expect_error("{\"title\":\"x\",\"title\":\"y\",\"category\":\"leak\"}", "duplicate");
	expect_error("{\"title\":\"a\\u0000b\",\"category\":\"leak\"}", "NUL");
	/* A sign gives the category; null is "unknown". */
	assert_null(fix_parse_error(&fx, "{\"title\":\"x\",\"sign\":\"ransom_screen\","
					 "\"occurred_at\":null,\"facts\":{\"persons\":null}}"));
}

static void test_report_fields(void **state)
{
	struct inc_full f;
	int64_t id;

	(void)state;
	id = fix_report(&fx,
			"{\"title\":\"委託案件の顧客名簿が流出\",\"category\":\"leak\","
			"\"description\":\"委託元の顧客名簿が外部サイトに掲載\","
			"\"discovered_at\":\"2026-11-18T18:00:00+09:00\","
			"\"occurred_at\":\"2026-11-17T09:00:00+09:00\","
			"\"reporter\":{\"name\":\"外部の研究者\",\"contact\":\"r@example.org\","
			"\"external\":true},"
			"\"impact\":{\"customers\":true,\"personal_data\":true},"
			"\"business\":\"テスト商事\",\"client\":\"委託元株式会社\","
			"\"facts\":{\"persons\":1500,\"malicious\":true,\"my_number\":false,"
			"\"data_kinds\":\"氏名、住所\"}}");
	fix_load(&fx, id, &f);
	assert_int_equal(f.inc.level, 3);
	assert_int_equal(f.inc.discovered_at, 1795078800 - 86400); /* 09:00Z */
	assert_string_equal(f.inc.client, "委託元株式会社");
	assert_int_equal(f.inc.reporter_external, 1);
	assert_int_equal(f.inc.facts.persons, 1500);
	assert_int_equal(f.inc.facts.my_number, 0);
	inc_full_release(&f);
}

/* Midnight in Tokyo of FIX_T0's day (20:06:40 JST) plus days, minus a
 * second: the end of the day-th day when discovery day is day 1. */
#define DAY_END(days) (FIX_T0 - 72400 + (days)*86400 - 1)

static bool has_id(const struct filing_due *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].filing->id, id) == 0)
			return true;
	return false;
}

static void test_filings(void **state)
{
	struct inc inc;
	struct filing_due due[16];
	size_t n;
	bool prompt = false, final = false, police = false;

	(void)state;
	inc_init(&inc);
	inc.category = "leak";
	inc.discovered_at = FIX_T0;
	inc.impact = IMPACT_PERSONAL_DATA;
	/* A known small count and nothing else: no report is owed (the old
	 * rule reported every leak). */
	inc.facts.persons = 10;
	n = engine_filings(fx.p, &inc, due, 16);
	assert_int_equal(n, 0);
	/* An unknown count keeps ④'s おそれ: 速報 within 3 to 5 days. */
	inc.facts.persons = MO_COUNT_NONE;
	n = engine_filings(fx.p, &inc, due, 16);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(due[i].filing->id, "ppc_prompt") == 0) {
			prompt = true;
			assert_int_equal(due[i].due_at, DAY_END(5));
			assert_int_equal(due[i].remind_at, DAY_END(3));
		}
		if (strcmp(due[i].filing->id, "ppc_final") == 0) {
			final = true;
			assert_int_equal(due[i].due_at, DAY_END(30));
		}
		assert_string_not_equal(due[i].filing->id, "police");
	}
	assert_true(prompt && final);
	/* Malicious: the 確報 gets 60 days, and the police are advised. */
	inc.facts.malicious = 1;
	n = engine_filings(fx.p, &inc, due, 16);
	final = false;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(due[i].filing->id, "ppc_final") == 0) {
			final = true;
			assert_int_equal(due[i].due_at, DAY_END(60));
			assert_true(due[i].malicious);
		}
		if (strcmp(due[i].filing->id, "police") == 0) {
			police = true;
			assert_false(due[i].filing->legal);
		}
	}
	assert_true(final && police);
	/* No personal data, no PPC; malware means IPA (advised, not required). */
	inc_init(&inc);
	inc.category = "malware";
	inc.discovered_at = FIX_T0;
	n = engine_filings(fx.p, &inc, due, 16);
	assert_int_equal(n, 1);
	assert_string_equal(due[0].filing->id, "ipa_virus");
	assert_false(due[0].filing->legal);
	/* My Number with an unknown count: one combined report (番号法 and
	 * APPI), its 確報, the notice to persons, and IPA. */
	inc.facts.my_number = 1;
	n = engine_filings(fx.p, &inc, due, 16);
	assert_int_equal(n, 4);
	assert_true(has_id(due, n, "mynumber_prompt"));
	assert_true(has_id(due, n, "mynumber_final"));
	assert_true(has_id(due, n, "persons_notice"));
	assert_false(has_id(due, n, "ppc_prompt"));
	inc_release(&inc);
}

static void test_actions(void **state)
{
	struct inc inc;
	struct actions a;
	bool pay = false;

	(void)state;
	inc_init(&inc);
	inc.category = "malware";
	inc.level = 2;
	inc.sign = "ransom_screen";
	engine_actions(fx.p, &inc, &a);
	assert_true(a.n_do >= 1);
	for (size_t i = 0; i < a.n_dont; i++)
		pay |= strstr(a.dont[i], "身代金を支払わない") != NULL;
	assert_true(pay);
	/* Encrypted files: stop and ask (002 4.3), no virus self-help. */
	assert_null(a.self_help);
	assert_int_equal(a.n_steps, 1);
	/* Without a sign: the category's signs, without duplicates. */
	inc.sign = NULL;
	engine_actions(fx.p, &inc, &a);
	for (size_t i = 0; i < a.n_do; i++)
		for (size_t j = i + 1; j < a.n_do; j++)
			assert_string_not_equal(a.do_now[i], a.do_now[j]);
	inc_release(&inc);
}

static void test_export(void **state)
{
	struct inc_full f;
	struct buf b;
	struct mo_err e;
	json_t *j;
	int64_t id;

	(void)state;
	id = fix_report(&fx, "{\"title\":\"ランサムウェア|感染\",\"category\":\"malware\","
			     "\"description\":\"一行目\\n二行目\",\"impact\":{\"business\":true}}");
	fix_load(&fx, id, &f);
	buf_init(&b, BUF_MAX_DEFAULT);
	assert_int_equal(incident_write(fx.p, &f, FIX_T0, "md", &b, &e), 0);
	/* Every record item of 001. */
	{
		static const char *const items[] = {
			"インシデントの分類",
			"事業者",
			"責任者・担当者",
			"発覚日時",
			"発生日時",
			"発生事象",
			"対応経過",
			"想定される原因",
			"被害を受けたシステムの状況",
			"システム構成・運用状況",
		};

		for (size_t i = 0; i < MO_ARRAY_SIZE(items); i++)
			assert_non_null(strstr(buf_str(&b), items[i]));
	}
	assert_non_null(strstr(buf_str(&b), "## 2. 対応手順（チェックリスト）"));
	assert_non_null(strstr(buf_str(&b), "## 5. 対応経過"));
	assert_non_null(strstr(buf_str(&b), "一行目<br>二行目"));
	assert_non_null(strstr(buf_str(&b), "ランサムウェア|感染"));   /* the cover */
	assert_non_null(strstr(buf_str(&b), "ランサムウェア\\|感染")); /* a cell */
	assert_non_null(strstr(buf_str(&b), "2026-11-18 20:06"));      /* Asia/Tokyo */
	buf_reset(&b);
	assert_int_equal(incident_write(fx.p, &f, FIX_T0, "json", &b, &e), 0);
	j = json_loads(buf_str(&b), 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "level")), 2);
	assert_string_equal(json_string_value(json_object_get(j, "discovered_at")),
			    "2026-11-18T20:06:40+09:00");
	assert_true(json_array_size(json_object_get(j, "steps")) > 0);
	assert_true(json_array_size(json_object_get(j, "timeline")) > 0);
	json_decref(j);
	assert_int_equal(incident_write(fx.p, &f, FIX_T0, "pdfx", &b, &e), -1);
	assert_int_equal(e.code, MO_EINVAL);
	buf_release(&b);
	inc_full_release(&f);
}

struct close_args {
	int64_t id;
};

static int close_fn(struct engine *en, void *arg, struct mo_err *e)
{
	struct close_args *a = arg;
	struct step_list l = {0};
	int rc = store_steps_get(en->st, a->id, &l, e);

	for (size_t i = 0; rc == 0 && i < l.n; i++)
		rc = engine_step(en, a->id, l.v[i].n, STEP_DONE, NULL, e);
	step_list_release(&l);
	return rc ? rc
		  : engine_close(en, a->id, "VPN機器の脆弱性", "VPN機器を更新し多要素認証を導入",
				 "パッチ適用の遅れが原因", e);
}

static void test_search_and_similar(void **state)
{
	struct close_args a;
	struct mo_err e;
	int64_t past, other, now, *ids;
	size_t n;

	(void)state;
	past = fix_report(&fx, "{\"title\":\"ランサムウェアによるファイル暗号化\","
			       "\"category\":\"malware\"}");
	a.id = past;
	assert_int_equal(engine_tx(&fx.en, close_fn, &a, &e), 0);
	other = fix_report(&fx,
			   "{\"title\":\"ファイル共有サーバーの停止\",\"category\":\"tamper\"}");
	a.id = other;
	assert_int_equal(engine_tx(&fx.en, close_fn, &a, &e), 0);
	now = fix_report(&fx, "{\"title\":\"ランサムウェア感染の疑い\",\"category\":\"malware\"}");
	assert_int_equal(store_search(fx.st, "ランサム", 50, &ids, &n, &e), 0);
	assert_true(n >= 2);
	assert_int_equal(ids[0], now);
	free(ids);
	assert_int_equal(store_similar(fx.st, now, "malware", "ランサムウェア感染の疑い", 10, &ids,
				       &n, &e),
			 0);
	assert_true(n >= 1);
	assert_int_equal(ids[0], past);
	for (size_t i = 0; i < n; i++)
		assert_true(ids[i] != now);
	free(ids);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strict_json), cmocka_unit_test(test_report_fields),
		cmocka_unit_test(test_filings),	    cmocka_unit_test(test_actions),
		cmocka_unit_test(test_export),	    cmocka_unit_test(test_search_and_similar),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
