/* The filing rules of the built-in policy against the law (issue 13): each
 * of 規則7条 ①–④ alone, the strong-encryption exception, 1,000 and 1,001
 * persons, an unknown count with a wrongful act, skimming of data being
 * entered, a client's data (委託), the My Number cases after April 2022,
 * ③ → 60 days; the deadline arithmetic (month ends, 23:30 JST, the policy's
 * day_one); and the seeds' worked cases with ransomware and a mis-sent My
 * Number: exactly the filings a lawyer would name. */
#include "enginefix.h"
#include "store/filings.h"

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

/* Midnight in Tokyo of FIX_T0's day (20:06:40 JST) plus days, minus a
 * second: the end of day `days` when the day of discovery is day 1. */
#define DAY_END(days) (FIX_T0 - 72400 + (int64_t)(days)*86400 - 1)

struct got {
	struct filing_due v[32];
	size_t n;
	char ids[512];
	struct inc_full f;
};

/* Reports json and evaluates its filings; ids: "a,b,c" in policy order. */
static void eval(const char *json, struct got *g)
{
	int64_t id = fix_report(&fx, json);

	fix_load(&fx, id, &g->f);
	g->n = engine_filings(fx.p, &g->f.inc, g->v, MO_ARRAY_SIZE(g->v));
	g->ids[0] = '\0';
	for (size_t i = 0; i < g->n; i++) {
		size_t len = strlen(g->ids);

		snprintf(g->ids + len, sizeof(g->ids) - len, "%s%s", i ? "," : "",
			 g->v[i].filing->id);
	}
}

static const struct filing_due *find(const struct got *g, const char *id)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->v[i].filing->id, id) == 0)
			return &g->v[i];
	return NULL;
}

/* The rule words of filing id (static buffer). */
static const char *rule(struct got *g, const char *id)
{
	static char out[8192];
	const struct filing_due *fd = find(g, id);
	struct buf b;

	assert_non_null(fd);
	buf_init(&b, sizeof(out));
	assert_int_equal(engine_filing_rule(fx.p, &g->f.inc, fd, &b), 0);
	snprintf(out, sizeof(out), "%s", buf_str(&b));
	buf_release(&b);
	return out;
}

static void expect(struct got *g, const char *ids)
{
	if (strcmp(g->ids, ids) != 0)
		fail_msg("filings: got \"%s\", expected \"%s\"", g->ids, ids);
}

#define LEAK "{\"title\":\"t\",\"category\":\"leak\",\"impact\":{\"personal_data\":true},"

static void test_each_of_four_alone(void **state)
{
	struct got g;

	(void)state;
	/* ① 要配慮 alone, five persons. */
	eval(LEAK "\"facts\":{\"persons\":5,\"sensitive\":true}}", &g);
	expect(&g, "ppc_prompt,ppc_final,persons_notice");
	assert_non_null(strstr(rule(&g, "ppc_prompt"), "①要配慮個人情報"));
	assert_non_null(strstr(rule(&g, "ppc_prompt"), "個人情報保護法26条1項"));
	assert_true(find(&g, "ppc_prompt")->filing->legal);
	assert_int_equal(find(&g, "ppc_prompt")->due_at, DAY_END(5));
	assert_int_equal(find(&g, "ppc_prompt")->remind_at, DAY_END(3));
	assert_int_equal(find(&g, "ppc_final")->due_at, DAY_END(30));
	assert_int_equal(find(&g, "persons_notice")->due_at, MO_TIME_NONE);
	inc_full_release(&g.f);
	/* ② card numbers alone. */
	eval(LEAK "\"facts\":{\"persons\":3,\"financial\":true,\"data_kinds\":\"カード番号\"}}",
	     &g);
	expect(&g, "ppc_prompt,ppc_final,persons_notice");
	assert_non_null(
		strstr(rule(&g, "ppc_prompt"), "②財産的被害のおそれ（クレジットカード番号"));
	assert_int_equal(find(&g, "ppc_final")->due_at, DAY_END(30));
	inc_full_release(&g.f);
	/* ③ a wrongful act alone: the 確報 gets 60 days; the police advised. */
	eval(LEAK "\"facts\":{\"persons\":2,\"malicious\":true}}", &g);
	expect(&g, "ppc_prompt,ppc_final,persons_notice,police");
	assert_non_null(strstr(rule(&g, "ppc_prompt"), "③不正の目的"));
	assert_int_equal(find(&g, "ppc_final")->due_at, DAY_END(60));
	assert_true(find(&g, "ppc_final")->malicious);
	assert_false(find(&g, "police")->filing->legal);
	assert_int_equal(find(&g, "police")->filing->advice, ADVICE_RECOMMEND);
	inc_full_release(&g.f);
	/* ④ 1,001 persons: reported; 1,000: not. */
	eval(LEAK "\"facts\":{\"persons\":1001}}", &g);
	expect(&g, "ppc_prompt,ppc_final,persons_notice");
	assert_non_null(strstr(rule(&g, "ppc_prompt"), "④本人の数が1,000人を超える"));
	inc_full_release(&g.f);
	eval(LEAK "\"facts\":{\"persons\":1000}}", &g);
	expect(&g, "");
	inc_full_release(&g.f);
}

static void test_encrypted_unknown_skimming(void **state)
{
	struct got g;

	(void)state;
	/* Strong encryption: nothing is owed, even for 要配慮 of many. */
	eval(LEAK "\"facts\":{\"persons\":5000,\"sensitive\":true,\"encrypted\":true}}", &g);
	expect(&g, "");
	inc_full_release(&g.f);
	/* An unknown count with a wrongful act: ③ holds, and so does ④'s おそれ. */
	eval(LEAK "\"facts\":{\"malicious\":true}}", &g);
	expect(&g, "ppc_prompt,ppc_final,persons_notice,police");
	assert_non_null(strstr(rule(&g, "ppc_prompt"), "③不正の目的"));
	assert_non_null(strstr(rule(&g, "ppc_prompt"), "④本人の数が未確認"));
	assert_int_equal(find(&g, "ppc_final")->due_at, DAY_END(60));
	inc_full_release(&g.f);
	/* An unknown count alone keeps the おそれ (never silenced). */
	eval(LEAK "\"facts\":{}}", &g);
	expect(&g, "ppc_prompt,ppc_final,persons_notice");
	inc_full_release(&g.f);
	/* Skimming of card data being entered (2024): no personal data held
	 * was touched, still ③, 60 days, police and IPA advised. */
	eval("{\"title\":\"決済フォームの改ざん\",\"category\":\"tamper\",\"facts\":{\"skimming\":true,"
	     "\"financial\":true,\"persons\":40}}",
	     &g);
	expect(&g, "ppc_prompt,ppc_final,persons_notice,police,ipa_access");
	assert_non_null(strstr(rule(&g, "ppc_prompt"), "2024年4月"));
	assert_int_equal(find(&g, "ppc_final")->due_at, DAY_END(60));
	inc_full_release(&g.f);
}

static void test_client(void **state)
{
	struct got g;
	const char *r;

	(void)state;
	eval(LEAK "\"client\":\"委託元株式会社\",\"facts\":{\"persons\":20,\"financial\":true}}",
	     &g);
	expect(&g, "ppc_prompt,ppc_final,persons_notice,client_notice");
	r = rule(&g, "ppc_prompt");
	assert_non_null(strstr(r, "又は「委託元への通知」で代えることができる"));
	assert_non_null(strstr(r, "26条1項ただし書"));
	r = rule(&g, "client_notice");
	assert_non_null(strstr(r, "委託を受けて取り扱っていた個人データ"));
	assert_non_null(strstr(r, "②財産的被害"));
	assert_true(find(&g, "client_notice")->filing->legal);
	inc_full_release(&g.f);
	/* A client's data that needs no report: no client notice either. */
	eval(LEAK "\"client\":\"委託元株式会社\",\"facts\":{\"persons\":20}}", &g);
	expect(&g, "");
	inc_full_release(&g.f);
}

static void test_my_number(void **state)
{
	struct got g;
	const char *r;

	(void)state;
	/* 100 persons: not a 重大事態 under the 2022 rules. */
	eval(LEAK "\"facts\":{\"persons\":100,\"my_number\":true}}", &g);
	expect(&g, "");
	inc_full_release(&g.f);
	/* 101 persons: 番号法's report and the notice; APPI's ④ does not hold. */
	eval(LEAK "\"facts\":{\"persons\":101,\"my_number\":true}}", &g);
	expect(&g, "persons_notice,mynumber_prompt,mynumber_final");
	assert_non_null(strstr(rule(&g, "mynumber_prompt"), "100人を超える"));
	assert_non_null(strstr(rule(&g, "mynumber_prompt"), "番号法"));
	assert_int_equal(find(&g, "mynumber_final")->due_at, DAY_END(30));
	inc_full_release(&g.f);
	/* A wrongful act with one person: one combined report (not two), 60 days. */
	eval(LEAK "\"facts\":{\"persons\":1,\"my_number\":true,\"malicious\":true}}", &g);
	expect(&g, "persons_notice,mynumber_prompt,mynumber_final,police");
	r = rule(&g, "mynumber_prompt");
	assert_non_null(strstr(r, "規則2条2号"));
	assert_non_null(strstr(r, "と併せて1件の報告とする"));
	assert_non_null(strstr(r, "③不正の目的"));
	assert_non_null(find(&g, "mynumber_prompt")->absorbed);
	assert_string_equal(find(&g, "mynumber_prompt")->absorbed->id, "ppc_prompt");
	assert_int_equal(find(&g, "mynumber_final")->due_at, DAY_END(60));
	inc_full_release(&g.f);
	/* One person's My Number mis-sent: nothing is required. */
	eval(LEAK "\"facts\":{\"persons\":1,\"my_number\":true,\"malicious\":false}}", &g);
	expect(&g, "");
	inc_full_release(&g.f);
	/* Exposed to 不特定多数: reportable whatever the count. */
	eval(LEAK "\"facts\":{\"persons\":3,\"my_number\":true,\"exposed_public\":true}}", &g);
	expect(&g, "persons_notice,mynumber_prompt,mynumber_final");
	inc_full_release(&g.f);
}

static int64_t at(const char *rfc)
{
	int64_t t;

	assert_int_equal(time_parse(rfc, &t), 0);
	return t;
}

static void test_deadlines(void **state)
{
	struct duration d5 = {5, DUR_DAY}, d30 = {30, DUR_DAY}, d3 = {3, DUR_DAY};
	struct duration h72 = {72, DUR_HOUR}, m1 = {1, DUR_MONTH};
	int64_t t;

	(void)state;
	/* Across a month end (January has 31 days, February 2026 28). */
	t = at("2026-01-31T10:00:00+09:00");
	assert_int_equal(engine_filing_deadline(fx.p, t, &d5), at("2026-02-04T23:59:59+09:00"));
	assert_int_equal(engine_filing_deadline(fx.p, t, &d30), at("2026-03-01T23:59:59+09:00"));
	/* A discovery at 23:30 JST (14:30 UTC): that day is day 1. */
	t = at("2026-11-30T14:30:00Z");
	assert_int_equal(engine_filing_deadline(fx.p, t, &d5), at("2026-12-04T23:59:59+09:00"));
	/* 00:30 JST on Dec 1 is the previous day in UTC: still Dec 1 is day 1. */
	t = at("2026-11-30T15:30:00Z");
	assert_int_equal(engine_filing_deadline(fx.p, t, &d5), at("2026-12-05T23:59:59+09:00"));
	/* Over the year end and into a leap day. */
	t = at("2026-12-29T09:00:00+09:00");
	assert_int_equal(engine_filing_deadline(fx.p, t, &d5), at("2027-01-02T23:59:59+09:00"));
	t = at("2028-02-27T09:00:00+09:00");
	assert_int_equal(engine_filing_deadline(fx.p, t, &d3), at("2028-02-29T23:59:59+09:00"));
	/* Hours are exact; a month ends the day before the same date. */
	assert_int_equal(engine_filing_deadline(fx.p, t, &h72), t + 72 * 3600);
	assert_int_equal(engine_filing_deadline(fx.p, t, &m1), at("2028-03-26T23:59:59+09:00"));
	/* The policy's other reading: 民法140条, the first day not counted. */
	{
		struct policy *p = fx.p;

		p->day_one = DAY_ONE_NEXT_DAY;
		t = at("2026-11-30T14:30:00Z");
		assert_int_equal(engine_filing_deadline(p, t, &d5),
				 at("2026-12-05T23:59:59+09:00"));
		p->day_one = DAY_ONE_DISCOVERY;
	}
	assert_int_equal(engine_filing_deadline(fx.p, MO_TIME_NONE, &d5), MO_TIME_NONE);
}

/* JPCERT/CC's four worked cases (003), a ransomware attack on the
 * customer database and a mis-sent mail with one person's My Number. */
static void test_seed_cases(void **state)
{
	struct got g;

	(void)state;
	/* 1. A lost laptop with a customer list of 300, not encrypted: no
	 * ①–④, nothing owed; with the count unknown, the おそれ; encrypted,
	 * nothing. */
	eval("{\"title\":\"ノートPC紛失\",\"sign\":\"device_lost\",\"impact\":{\"personal_data\":true},"
	     "\"facts\":{\"persons\":300,\"encrypted\":false,\"data_kinds\":\"顧客の氏名・連絡先\"}}",
	     &g);
	expect(&g, "");
	inc_full_release(&g.f);
	eval("{\"title\":\"ノートPC紛失\",\"sign\":\"device_lost\",\"impact\":{\"personal_data\":true}}",
	     &g);
	expect(&g, "ppc_prompt,ppc_final,persons_notice");
	inc_full_release(&g.f);
	eval("{\"title\":\"ノートPC紛失\",\"sign\":\"device_lost\",\"impact\":{\"personal_data\":true},"
	     "\"facts\":{\"encrypted\":true}}",
	     &g);
	expect(&g, "");
	inc_full_release(&g.f);
	/* A stolen one is ③ whatever the count. */
	eval("{\"title\":\"ノートPC盗難\",\"sign\":\"theft\",\"impact\":{\"personal_data\":true},"
	     "\"facts\":{\"persons\":300}}",
	     &g);
	expect(&g, "ppc_prompt,ppc_final,persons_notice,police");
	inc_full_release(&g.f);
	/* 2. A phishing site imitating the company: JPCERT/CC and the police
	 * advised, nothing required (the company's data did not leak). */
	eval("{\"title\":\"自社をかたる偽サイト\",\"sign\":\"phishing_site\"}", &g);
	expect(&g, "police,jpcert");
	assert_false(find(&g, "jpcert")->filing->legal);
	inc_full_release(&g.f);
	/* 3. A customer's ID abused (their data seen by the intruder): ③. */
	eval("{\"title\":\"顧客IDの不正利用\",\"sign\":\"account_misuse\","
	     "\"impact\":{\"customers\":true,\"personal_data\":true},\"facts\":{\"persons\":1}}",
	     &g);
	expect(&g, "ppc_prompt,ppc_final,persons_notice,police,ipa_access");
	assert_int_equal(find(&g, "ppc_final")->due_at, DAY_END(60));
	inc_full_release(&g.f);
	/* 4. An APT intrusion found by an outside organisation, malware, data
	 * leaving, the count unknown. */
	eval("{\"title\":\"標的型攻撃\",\"sign\":\"outside_report\",\"impact\":{\"personal_data\":true},"
	     "\"facts\":{\"malware_name\":\"PlugX\",\"entry_point\":\"標的型メールの添付\"}}",
	     &g);
	expect(&g, "ppc_prompt,ppc_final,persons_notice,police,ipa_virus,ipa_access");
	inc_full_release(&g.f);
	/* Ransomware on the customer database. */
	eval("{\"title\":\"顧客DBがランサムウェアで暗号化\",\"sign\":\"ransom_screen\","
	     "\"impact\":{\"personal_data\":true,\"business\":true},\"facts\":{\"persons\":5000}}",
	     &g);
	expect(&g, "ppc_prompt,ppc_final,persons_notice,police,ipa_virus");
	assert_non_null(strstr(rule(&g, "ppc_prompt"), "③"));
	assert_non_null(strstr(rule(&g, "ppc_prompt"), "④本人の数が1,000人を超える"));
	assert_int_equal(find(&g, "ppc_final")->due_at, DAY_END(60));
	inc_full_release(&g.f);
	/* A mis-sent mail with one person's My Number: nothing required. */
	eval("{\"title\":\"マイナンバーを含むメールの誤送信\",\"sign\":\"mail_misdelivery\","
	     "\"impact\":{\"personal_data\":true},\"facts\":{\"persons\":1,\"my_number\":true,"
	     "\"malicious\":false}}",
	     &g);
	expect(&g, "");
	inc_full_release(&g.f);
}

/* The JSON of issue 13: exactly its fields. */
static void test_json(void **state)
{
	struct got g;
	json_t *j, *o;
	const char *key;
	json_t *v;
	size_t n = 0;

	(void)state;
	eval(LEAK "\"facts\":{\"persons\":5,\"sensitive\":true}}", &g);
	j = engine_filing_json(fx.p, &g.f.inc, NULL);
	assert_non_null(j);
	assert_int_equal(json_array_size(j), 3);
	o = json_array_get(j, 0);
	json_object_foreach(o, key, v)
	{
		static const char *const want[] = {"id",      "title",	"authority", "legal",
						   "rule",    "due_at", "remind_at", "state",
						   "done_at", "ref"};
		bool ok = false;

		for (size_t i = 0; i < MO_ARRAY_SIZE(want); i++)
			ok = ok || strcmp(key, want[i]) == 0;
		if (!ok)
			fail_msg("unexpected key %s", key);
		n++;
	}
	assert_int_equal(n, 10);
	assert_string_equal(json_string_value(json_object_get(o, "id")), "ppc_prompt");
	assert_true(json_is_true(json_object_get(o, "legal")));
	assert_string_equal(json_string_value(json_object_get(o, "state")), "due");
	assert_string_equal(json_string_value(json_object_get(o, "due_at")),
			    "2026-11-22T23:59:59+09:00");
	assert_string_equal(json_string_value(json_object_get(o, "remind_at")),
			    "2026-11-20T23:59:59+09:00");
	assert_true(json_is_null(json_object_get(o, "done_at")));
	/* persons_notice has no window: no remind_at. */
	assert_null(json_object_get(json_array_get(j, 2), "remind_at"));
	json_decref(j);
	/* The next deadline: the 速報's; once it is done, the 確報's. */
	{
		const struct mo_filing *w;
		struct filing_recs recs = {0};
		struct filing_rec r = {.state = FILING_DONE};

		assert_int_equal(engine_filing_next_due(fx.p, &g.f.inc, NULL, &w), DAY_END(5));
		assert_string_equal(w->id, "ppc_prompt");
		snprintf(r.kind, sizeof(r.kind), "ppc_prompt");
		recs.v = &r;
		recs.n = 1;
		assert_int_equal(engine_filing_next_due(fx.p, &g.f.inc, &recs, &w), DAY_END(30));
		assert_string_equal(w->id, "ppc_final");
	}
	inc_full_release(&g.f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_of_four_alone),
		cmocka_unit_test(test_encrypted_unknown_skimming),
		cmocka_unit_test(test_client),
		cmocka_unit_test(test_my_number),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_seed_cases),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
