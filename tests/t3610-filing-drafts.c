/* Filing drafts and what was filed (issue 13 items 4, 5): every draft has
 * its required headings and the incident's facts (the PPC report's nine
 * items of 規則8条1項, 調査中 in a 速報, 未記入 in a 確報; the police memo's
 * timeline and evidence hashes), in every format; a filed draft cannot be
 * changed (refused by the engine and by the database) while the audit
 * chain still verifies; waiving needs a reason. */
#include "enginefix.h"
#include "render/doc_format.h"
#include "render/filing_doc.h"
#include "store/filings.h"

#include <sodium.h>
#include <sqlite3.h>

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

/* The draft of kind in format as text (malloc'd). */
static char *draft(int64_t id, const char *kind, const char *format)
{
	struct inc_full f;
	struct filing_recs recs;
	struct mo_err e;
	struct doc *d;
	struct buf b;
	char *out;

	fix_load(&fx, id, &f);
	assert_int_equal(store_filings_get(fx.st, id, false, &recs, &e), 0);
	d = filing_doc_build(fx.p, &f, &recs, kind, FIX_T0, &e);
	if (!d)
		fail_msg("%s: %s", kind, e.msg);
	buf_init(&b, (size_t)64 << 20);
	if (doc_write(d, format, &b, &e))
		fail_msg("%s %s: %s", kind, format, e.msg);
	out = buf_detach(&b, NULL);
	doc_free(d);
	filing_recs_release(&recs);
	inc_full_release(&f);
	return out;
}

static void has(const char *text, const char *what, const char *kind)
{
	if (!strstr(text, what))
		fail_msg("%s: missing \"%s\"", kind, what);
}

static const char *const nine[] = {
	"概要",
	"漏えい等が発生し又は発生したおそれがある個人データの項目",
	"本人の数",
	"原因",
	"二次被害又はそのおそれの有無及びその内容",
	"本人への対応の実施状況",
	"公表の実施状況",
	"再発防止のための措置",
	"その他参考となる事項",
};

#define FULL                                                                                                            \
	"{\"title\":\"ECサイトの決済フォーム改ざん\",\"category\":\"tamper\","                             \
	"\"description\":\"決済画面に不正なスクリプトが埋め込まれていた\","                       \
	"\"impact\":{\"personal_data\":true,\"customers\":true},"                                                       \
	"\"business\":\"株式会社テスト商事\",\"responsible\":\"情報システム部 山田\","                \
	"\"cause\":\"管理画面の脆弱性を突かれた\",\"affected_systems\":\"ECサイト（クラウド）\"," \
	"\"facts\":{\"persons\":1500,\"financial\":true,\"skimming\":true,"                                             \
	"\"data_kinds\":\"氏名、クレジットカード番号\",\"entry_point\":\"管理画面\"}}"

static void test_ppc_nine_items(void **state)
{
	int64_t id;
	char *t;

	(void)state;
	id = fix_report(&fx, FULL);
	t = draft(id, "ppc_prompt", "md");
	for (size_t i = 0; i < MO_ARRAY_SIZE(nine); i++)
		has(t, nine[i], "ppc_prompt");
	has(t, "速報", "ppc_prompt");
	has(t, "株式会社テスト商事", "ppc_prompt");
	has(t, "ECサイトの決済フォーム改ざん", "ppc_prompt");
	has(t, "氏名、クレジットカード番号", "ppc_prompt");
	has(t, "1500人", "ppc_prompt");
	has(t, "管理画面の脆弱性を突かれた", "ppc_prompt");
	has(t, "②財産的被害のおそれ", "ppc_prompt");
	has(t, "調査中", "ppc_prompt"); /* measures unknown */
	free(t);
	/* The 確報 marks a blank to fill in, not 調査中. */
	t = draft(id, "ppc_final", "md");
	for (size_t i = 0; i < MO_ARRAY_SIZE(nine); i++)
		has(t, nine[i], "ppc_final");
	has(t, "確報", "ppc_final");
	has(t, "未記入", "ppc_final");
	assert_null(strstr(t, "調査中"));
	free(t);
	/* Every draft, every format, builds and names the incident. */
	{
		static const char *const kinds[] = {"ppc_prompt",      "ppc_final",
						    "mynumber_prompt", "mynumber_final",
						    "persons_notice",  "client_notice",
						    "ipa_virus",       "ipa_access",
						    "police",	       "jpcert",
						    "ministry",	       "public_notice",
						    "update_first",    "update_second",
						    "update_final"};
		static const char *const formats[] = {"md", "html"};

		for (size_t k = 0; k < MO_ARRAY_SIZE(kinds); k++)
			for (size_t f = 0; f < MO_ARRAY_SIZE(formats); f++) {
				t = draft(id, kinds[k], formats[f]);
				has(t, "ECサイトの決済フォーム改ざん", kinds[k]);
				free(t);
			}
	}
	t = draft(id, "persons_notice", "md");
	has(t, "通知事項", "persons_notice");
	has(t, "代替措置", "persons_notice");
	has(t, "氏名、クレジットカード番号", "persons_notice");
	free(t);
	t = draft(id, "public_notice", "md");
	has(t, "お問い合わせ窓口", "public_notice");
	has(t, "FAQ", "public_notice");
	has(t, "カードのご利用明細", "public_notice");
	has(t, "共有・公表ガイダンス", "public_notice");
	free(t);
	t = draft(id, "ipa_access", "md");
	has(t, "被害を受けたシステムと設置場所", "ipa_access");
	has(t, "ECサイト（クラウド）", "ipa_access");
	has(t, "侵入経路", "ipa_access");
	has(t, "管理画面", "ipa_access");
	free(t);
	t = draft(id, "update_first", "md");
	has(t, "第一報", "update_first");
	free(t);
}

static void test_police_memo(void **state)
{
	struct mo_err e;
	struct evidence ev;
	char path[4200], *t;
	FILE *fp;
	int64_t id;

	(void)state;
	id = fix_report(&fx, "{\"title\":\"身代金要求\",\"sign\":\"ransom_screen\","
			     "\"impact\":{\"business\":true}}");
	snprintf(path, sizeof(path), "%s.log", fx.db);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("firewall log\n", fp);
	fclose(fp);
	assert_int_equal(store_begin(fx.st, &e), 0);
	if (engine_evidence_add(&fx.en, id, path, "FWログ", &ev, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(store_commit(fx.st, &e), 0);
	{
		struct inc_full f;

		fix_load(&fx, id, &f);
		assert_int_equal(f.evidence.n, 1);
		snprintf(path, sizeof(path), "%s", f.evidence.v[0].sha256);
		inc_full_release(&f);
	}
	t = draft(id, "police", "md");
	has(t, "対応経過（時系列）", "police");
	has(t, "証拠の一覧（ハッシュ値）", "police");
	has(t, path, "police");
	snprintf(path, sizeof(path), "%s.log", fx.db);
	has(t, "身代金要求", "police");
	has(t, "犯罪（不正アクセス・脅迫・窃盗・内部不正等）のおそれ", "police");
	free(t);
	unlink(path);
}

static int done(int64_t id, const char *kind, const char *bytes, const char *ref, struct mo_err *e)
{
	return engine_filing_done(&fx.en, id, kind, FIX_T0 + 86400, ref, bytes,
				  bytes ? strlen(bytes) : 0, bytes ? "sent.md" : NULL, e);
}

static void test_filed_is_immutable(void **state)
{
	struct store_audit_report r;
	struct filing_recs recs;
	struct mo_err e;
	unsigned char dg[crypto_hash_sha256_BYTES];
	char hex[65];
	sqlite3 *db;
	char *err = NULL;
	int64_t id;

	(void)state;
	id = fix_report(&fx, FULL);
	assert_int_equal(store_begin(fx.st, &e), 0);
	assert_int_equal(done(id, "ppc_prompt", "# 速報\n送った内容\n", "R-1", &e), 0);
	assert_int_equal(store_commit(fx.st, &e), 0);
	/* Kept with its hash, and the hash on the timeline. */
	assert_int_equal(store_filings_get(fx.st, id, true, &recs, &e), 0);
	assert_int_equal(recs.n, 1);
	crypto_hash_sha256(dg, (const unsigned char *)"# 速報\n送った内容\n",
			   strlen("# 速報\n送った内容\n"));
	sodium_bin2hex(hex, sizeof(hex), dg, sizeof(dg));
	assert_string_equal(recs.v[0].sha256, hex);
	assert_memory_equal(recs.v[0].draft, "# 速報\n送った内容\n", recs.v[0].draft_len);
	assert_string_equal(recs.v[0].ref, "R-1");
	filing_recs_release(&recs);
	{
		struct inc_full f;
		bool seen = false;

		fix_load(&fx, id, &f);
		for (size_t i = 0; i < f.events.n; i++)
			seen = seen || (strcmp(f.events.v[i].kind, "filing") == 0 &&
					strstr(f.events.v[i].text, hex));
		assert_true(seen);
		inc_full_release(&f);
	}
	/* Filing it again, or waiving it, is refused and changes nothing. */
	assert_int_equal(store_begin(fx.st, &e), 0);
	assert_int_equal(done(id, "ppc_prompt", "# 別の内容\n", "R-2", &e), -1);
	assert_int_equal(e.code, MO_ECONFLICT);
	assert_int_equal(engine_filing_waive(&fx.en, id, "ppc_prompt", "やはり不要", &e), -1);
	assert_int_equal(e.code, MO_ECONFLICT);
	store_rollback(fx.st);
	/* The database refuses an edit from outside moshimo too. */
	assert_int_equal(sqlite3_open(fx.db, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE filings SET draft = x'00', sha256 = 'x'",
					  NULL, NULL, &err),
			     SQLITE_OK);
	assert_non_null(strstr(err, "a filed draft cannot be changed"));
	sqlite3_free(err);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM filings", NULL, NULL, &err), SQLITE_OK);
	sqlite3_free(err);
	sqlite3_close(db);
	assert_int_equal(store_filings_get(fx.st, id, true, &recs, &e), 0);
	assert_string_equal(recs.v[0].sha256, hex);
	assert_string_equal(recs.v[0].ref, "R-1");
	filing_recs_release(&recs);
	/* And the audit chain still verifies. */
	{
		int rc = store_audit_verify(fx.st, &r, &e);

		if (rc < 0)
			fail_msg("%s", e.msg);
		if (rc != 0 || r.problem != AUDIT_FINE)
			fail_msg("audit: %s", r.what);
	}
}

static void test_waive_needs_reason(void **state)
{
	struct filing_recs recs;
	struct mo_err e;
	int64_t id;

	(void)state;
	id = fix_report(&fx, FULL);
	assert_int_equal(store_begin(fx.st, &e), 0);
	assert_int_equal(engine_filing_waive(&fx.en, id, "police", NULL, &e), -1);
	assert_int_equal(e.code, MO_EINVAL);
	assert_int_equal(engine_filing_waive(&fx.en, id, "police", " \u3000 ", &e), -1);
	assert_int_equal(e.code, MO_EINVAL);
	assert_int_equal(engine_filing_waive(&fx.en, id, "no_such", "理由", &e), -1);
	assert_int_equal(e.code, MO_ENOTFOUND);
	assert_int_equal(engine_filing_waive(&fx.en, id, "police", "警察に相談済み", &e), 0);
	/* A waived filing may still be filed later (the decision changed). */
	assert_int_equal(done(id, "police", NULL, NULL, &e), 0);
	assert_int_equal(store_commit(fx.st, &e), 0);
	assert_int_equal(store_filings_get(fx.st, id, false, &recs, &e), 0);
	assert_int_equal(recs.n, 1);
	assert_int_equal(recs.v[0].state, FILING_DONE);
	filing_recs_release(&recs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ppc_nine_items),
		cmocka_unit_test(test_police_memo),
		cmocka_unit_test(test_filed_is_immutable),
		cmocka_unit_test(test_waive_needs_reason),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
