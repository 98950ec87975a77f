/* The twelve reports of issue 11, as people really make them, through
 * the built-in policy: each gets the level, owner, first step and
 * category a practitioner expects; a ransom screen gets no virus
 * self-help and is offered the police and IPA. */
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

static const struct {
	const char *name;
	const char *json;
	int level;
	const char *owner;
	const char *category;
	const char *first; /* the start of the first step's text */
} cases[] = {
	{"suspicious mail, not opened",
	 "{\"title\":\"不審なメールが届いた\",\"sign\":\"suspicious_mail\"}", 0, "sysadmin",
	 "malware", "発見者は不審なメールを開かず"},
	{"suspicious mail, attachment opened",
	 "{\"title\":\"不審なメールの添付を開いた\",\"sign\":\"suspicious_mail_opened\"}", 1,
	 "manager", "malware",
	 "発見者はネットワークからコンピュータを切断し、情報システム管理者に連絡する。"},
	{"antivirus alert, file quarantined",
	 "{\"title\":\"ウイルス対策ソフトが隔離した\",\"sign\":\"antivirus_alert\"}", 1, "manager",
	 "malware", "発見者はネットワークからコンピュータを切断し、情報システム管理者に連絡する。"},
	{"ransom screen on one PC",
	 "{\"title\":\"身代金を要求する画面\",\"sign\":\"ransom_screen\"}", 2, "manager", "malware",
	 "発見者はネットワークからコンピュータを切断し、発見次第、情報システム管理者に報告する。"},
	{"ransomware stops billing on the file server",
	 "{\"title\":\"ファイルサーバーが暗号化され請求が止まった\",\"sign\":\"ransom_screen\","
	 "\"impact\":{\"business\":true}}",
	 2, "manager", "malware", "発見者はネットワークからコンピュータを切断し"},
	{"ransomware stops billing, customers affected",
	 "{\"title\":\"請求が止まり顧客に影響\",\"sign\":\"ransom_screen\","
	 "\"impact\":{\"business\":true,\"customers\":true}}",
	 3, "chief", "malware",
	 "発見者はネットワークからコンピュータを切断し、即座にインシデント対応責任者及び代表取締役社長に報告する。"},
	{"lost encrypted USB stick",
	 "{\"title\":\"暗号化USBメモリの紛失\",\"sign\":\"device_lost\","
	 "\"impact\":{\"personal_data\":true},\"facts\":{\"encrypted\":true,\"persons\":50}}",
	 2, "manager", "leak", "発見者は発見次第、情報システム管理者に報告する。"},
	{"lost unencrypted laptop with customer data",
	 "{\"title\":\"顧客データの入ったノートPCの紛失\",\"sign\":\"device_lost\","
	 "\"facts\":{\"encrypted\":false,\"persons\":300}}",
	 3, "chief", "leak", "発見者は即座にインシデント対応責任者及び代表取締役社長に報告する。"},
	{"mis-sent mail with one customer's data",
	 "{\"title\":\"顧客1名の情報をメールで誤送信\",\"sign\":\"mail_misdelivery\","
	 "\"facts\":{\"persons\":1}}",
	 3, "chief", "leak", "発見者は即座にインシデント対応責任者及び代表取締役社長に報告する。"},
	{"defaced website", "{\"title\":\"Webサイトが改ざんされた\",\"sign\":\"web_tamper\"}", 2,
	 "manager", "tamper", "発見者は発見次第、情報システム管理者に報告する。"},
	{"phishing site imitating the company",
	 "{\"title\":\"自社をかたる偽サイト\",\"sign\":\"phishing_site\"}", 2, "manager",
	 "impersonation",
	 "発見者は発見次第、情報システム管理者に報告する。外部から通報を受け付けた場合は"},
	{"a customer's account abused",
	 "{\"title\":\"顧客IDの不正利用\",\"sign\":\"account_misuse\","
	 "\"impact\":{\"customers\":true}}",
	 3, "chief", "impersonation",
	 "発見者は即座にインシデント対応責任者及び代表取締役社長に報告する。"},
	{"outside organisation reports suspicious traffic",
	 "{\"title\":\"外部機関から不審な通信の連絡\",\"sign\":\"outside_report\"}", 2, "manager",
	 "malware", "発見者はネットワークからコンピュータを切断し"},
	{"outside organisation reports data leaving",
	 "{\"title\":\"外部機関から情報流出の連絡\",\"sign\":\"outside_report\","
	 "\"impact\":{\"personal_data\":true}}",
	 3, "chief", "malware", "発見者はネットワークからコンピュータを切断し"},
	{"earthquake stops the main system",
	 "{\"title\":\"地震で基幹システムが停止\",\"sign\":\"disaster\","
	 "\"impact\":{\"business\":true}}",
	 2, "manager", "disaster", "発見者は身の安全を確保したうえで"},
	{"something else, reported from outside",
	 "{\"title\":\"取引先から連絡があった\",\"sign\":\"external_contact\"}", 0, "sysadmin",
	 "other",
	 "発見者は発見次第、発生可能性のあるインシデントと想定される被害を情報システム管理者に報告する。"},
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(cases); i++) {
		struct inc_full f;
		int64_t id = fix_report(&fx, cases[i].json);

		fix_load(&fx, id, &f);
		if (f.inc.level != cases[i].level || strcmp(f.inc.owner_role, cases[i].owner) ||
		    strcmp(f.inc.category, cases[i].category) || !f.steps.n ||
		    strncmp(f.steps.v[0].action, cases[i].first, strlen(cases[i].first))) {
			fail_msg("%s: got level %d, owner %s, category %s, first step %s",
				 cases[i].name, f.inc.level, f.inc.owner_role, f.inc.category,
				 f.steps.n ? f.steps.v[0].action : "(none)");
		}
		inc_full_release(&f);
	}
}

static bool has_filing(const struct filing_due *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].filing->id, id) == 0)
			return true;
	return false;
}

/* 002's own rule: when files are encrypted, stop and ask. The employee
 * is told to disconnect and call, never to update definitions and remove
 * the virus; police and IPA are offered. */
static void test_ransom_path(void **state)
{
	struct inc_full f;
	struct actions a;
	struct filing_due due[16];
	size_t n;
	bool call = false, keep_power = false;
	int64_t id;

	(void)state;
	id = fix_report(&fx, "{\"title\":\"身代金を要求する画面\",\"sign\":\"ransom_screen\"}");
	fix_load(&fx, id, &f);
	engine_actions(fx.p, &f.inc, &a);
	assert_null(a.self_help);
	for (size_t i = 0; i < a.n_do; i++) {
		assert_null(strstr(a.do_now[i], "定義ファイル"));
		assert_null(strstr(a.do_now[i], "駆除する"));
		call = call || strstr(a.do_now[i], "情報システム管理者に電話") != NULL;
	}
	for (size_t i = 0; i < a.n_dont; i++)
		keep_power = keep_power || strstr(a.dont[i], "電源を切らない") != NULL;
	assert_true(call);
	assert_true(keep_power);
	n = engine_filings(fx.p, &f.inc, due, MO_ARRAY_SIZE(due));
	assert_true(has_filing(due, n, "police"));
	assert_true(has_filing(due, n, "ipa_virus"));
	inc_full_release(&f);

	/* The antivirus alert still gets 002's self-help (4.3). */
	id = fix_report(&fx, "{\"title\":\"警告\",\"sign\":\"antivirus_alert\"}");
	fix_load(&fx, id, &f);
	engine_actions(fx.p, &f.inc, &a);
	assert_non_null(a.self_help);
	inc_full_release(&f);
}

/* The level-3 malware playbook checks the other machines, tries the
 * decryption tools, reports to the ministry and does 原因対策; level 2
 * keeps the evidence. */
static void test_malware_playbooks(void **state)
{
	const struct mo_playbook *p3 = policy_playbook(fx.p, "malware", 3);
	const struct mo_playbook *p2 = policy_playbook(fx.p, "malware", 2);
	const char *need3[] = {"他のパソコンやサーバー", "復号化ツールを入手", "所管の省庁",
			       "原因対策を実施"};

	(void)state;
	for (size_t k = 0; k < MO_ARRAY_SIZE(need3); k++) {
		bool found = false;

		for (size_t i = 0; i < p3->n_steps; i++)
			found = found || strstr(p3->steps[i].action, need3[k]) != NULL;
		if (!found)
			fail_msg("malware level 3 lacks \"%s\"", need3[k]);
	}
	{
		bool found = false;

		for (size_t i = 0; i < p2->n_steps; i++)
			found = found ||
				(p2->steps[i].title && strcmp(p2->steps[i].title, "証拠保全") == 0);
		assert_true(found);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_ransom_path),
		cmocka_unit_test(test_malware_playbooks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
