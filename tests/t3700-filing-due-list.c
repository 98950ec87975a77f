/* The next legal filing deadline of a list of incidents, from one query
 * for the whole list (engine_summaries_filing_due), is exactly what
 * engine_filing_next_due says for each incident loaded alone with its
 * filing records: for incidents of every kind of the rule table (①–④, the
 * encryption exception, unknown count, skimming, 委託, My Number, signs that
 * imply facts, a category-only malware) and with filings done, waived and
 * substituted. And the filing reminders (engine/filing_reminders.c): due
 * only once a reminder's moment came, each once. */
#include "enginefix.h"
#include "engine/filing_reminders.h"
#include "engine/listing.h"
#include "store/filings.h"

static struct fix fx;
static int ok_count;

#define LEAK "{\"title\":\"t\",\"category\":\"leak\",\"impact\":{\"personal_data\":true},"

static const char *const reports[] = {
	LEAK "\"facts\":{\"persons\":5,\"sensitive\":true}}",
	LEAK "\"facts\":{\"persons\":3,\"financial\":true}}",
	LEAK "\"facts\":{\"persons\":2,\"malicious\":true}}",
	LEAK "\"facts\":{\"persons\":1001}}",
	LEAK "\"facts\":{\"persons\":1000}}",
	LEAK "\"facts\":{\"persons\":5000,\"sensitive\":true,\"encrypted\":true}}",
	LEAK "\"facts\":{}}",
	"{\"title\":\"s\",\"category\":\"tamper\",\"facts\":{\"skimming\":true,\"financial\":true,"
	"\"persons\":40}}",
	LEAK "\"client\":\"A社\",\"facts\":{\"persons\":2000}}",
	LEAK "\"facts\":{\"persons\":1,\"my_number\":true,\"malicious\":true}}",
	LEAK "\"facts\":{\"persons\":1,\"my_number\":true,\"malicious\":false}}",
	LEAK "\"facts\":{\"persons\":3,\"my_number\":true,\"exposed_public\":true}}",
	LEAK "\"facts\":{\"persons\":101,\"my_number\":true,\"mynumber_system\":true}}",
	"{\"title\":\"p\",\"sign\":\"device_lost\",\"impact\":{\"personal_data\":true}}",
	"{\"title\":\"f\",\"sign\":\"phishing_site\"}",
	"{\"title\":\"r\",\"sign\":\"ransom_screen\",\"impact\":{\"personal_data\":true,"
	"\"business\":true},\"facts\":{\"persons\":5000}}",
	"{\"title\":\"a\",\"sign\":\"outside_report\",\"impact\":{\"personal_data\":true},"
	"\"facts\":{\"malware_name\":\"PlugX\",\"entry_point\":\"mail\"}}",
	"{\"title\":\"m\",\"category\":\"malware\",\"impact\":{\"business\":true}}",
};

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

struct rec_args {
	int64_t id;
	const char *kind;
	int how; /* 0 done, 1 waive, 2 substitute */
};

static int record_fn(struct engine *en, void *arg, struct mo_err *e)
{
	const struct rec_args *a = arg;
	struct filing_substitute sub = {"https://example.jp/n", "0120-000-000", "連絡先不明"};

	if (a->how == 1)
		return engine_filing_waive(en, a->id, a->kind, "不要", e);
	if (a->how == 2)
		return engine_filing_substitute(en, a->id, a->kind, en->now, &sub, NULL, 0, NULL,
						e);
	return engine_filing_done(en, a->id, a->kind, en->now, NULL, NULL, 0, NULL, e);
}

static void record(int64_t id, const char *kind, int how)
{
	struct rec_args a = {id, kind, how};
	struct mo_err e;

	if (engine_tx(&fx.en, record_fn, &a, &e))
		fprintf(stderr, "%s\n", e.msg);
	else
		ok_count++;
	/* Done and substituted are final; a waiver may be recorded again. */
	assert_int_equal(engine_tx(&fx.en, record_fn, &a, &e) == 0, how == 1);
}

static void test_one_query_equals_each(void **state)
{
	int64_t ids[MO_ARRAY_SIZE(reports)];
	struct inc_summary_list l;
	struct mo_err e;
	size_t with = 0, without = 0;

	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(reports); i++)
		ids[i] = fix_report(&fx, reports[i]);
	/* Records: the 速報 of ①, the 速報 and 確報 of ②, ③'s 確報 waived,
	 * 本人への通知 of the ransomware by 代替措置. */
	record(ids[0], "ppc_prompt", 0);
	record(ids[1], "ppc_prompt", 0);
	record(ids[1], "ppc_final", 0);
	record(ids[2], "ppc_final", 1);
	record(ids[15], "persons_notice", 2);
	assert_int_equal(ok_count, 5);
	memset(&l, 0, sizeof(l));
	assert_int_equal(store_incident_list(fx.st, STORE_ALL, 100, 0, &l, &e), 0);
	assert_int_equal(l.n, MO_ARRAY_SIZE(reports));
	for (size_t i = 0; i < l.n; i++)
		assert_false(l.v[i].filing_known);
	assert_int_equal(engine_summaries_filing_due(fx.p, fx.st, &l, &e), 0);
	for (size_t i = 0; i < l.n; i++) {
		struct inc_full f;
		struct filing_recs recs;
		const struct mo_filing *which = NULL;
		int64_t want;

		fix_load(&fx, l.v[i].id, &f);
		assert_int_equal(store_filings_get(fx.st, l.v[i].id, false, &recs, &e), 0);
		want = engine_filing_next_due(fx.p, &f.inc, &recs, &which);
		if (want != l.v[i].filing_due)
			fprintf(stderr, "incident %lld: %lld != %lld\n", (long long)l.v[i].id,
				(long long)want, (long long)l.v[i].filing_due);
		assert_true(l.v[i].filing_known);
		assert_int_equal(l.v[i].filing_due, want);
		if (which)
			assert_string_equal(l.v[i].filing_kind, which->id);
		else
			assert_null(l.v[i].filing_kind);
		with += want != MO_TIME_NONE;
		without += want == MO_TIME_NONE;
		filing_recs_release(&recs);
		inc_full_release(&f);
	}
	/* Both kinds of rows, so the comparison means something. */
	assert_true(with >= 8);
	assert_true(without >= 4);
	/* ②'s 速報 and 確報 are done: nothing legal with a date is left. */
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].id == ids[1])
			assert_int_equal(l.v[i].filing_due, MO_TIME_NONE);
		else if (l.v[i].id == ids[0])
			assert_string_equal(l.v[i].filing_kind, "ppc_final");
	inc_summary_list_release(&l);
}

static int remind_fn(struct engine *en, void *arg, struct mo_err *e)
{
	return engine_filing_reminders(en, arg, e);
}

static void test_reminders_once(void **state)
{
	struct mo_err e;
	size_t fired = 0;
	int64_t id;

	(void)state;
	id = fix_report(&fx, LEAK "\"facts\":{\"persons\":5,\"sensitive\":true}}");
	(void)id;
	/* Reported now: nothing due yet. */
	assert_int_equal(engine_filing_reminders_due(&fx.en, &e), 0);
	/* Ten days on: the 速報's window opened and its deadline passed. */
	fx.en.now = FIX_T0 + 10 * 86400;
	assert_int_equal(engine_filing_reminders_due(&fx.en, &e), 1);
	assert_int_equal(engine_tx(&fx.en, remind_fn, &fired, &e), 0);
	assert_int_equal(engine_filing_reminders_due(&fx.en, &e), 0);
	assert_int_equal(engine_tx(&fx.en, remind_fn, &fired, &e), 0);
	assert_int_equal(engine_filing_reminders_due(&fx.en, &e), 0);
	/* The 確報's day before (30 days: day 29's end) brings one more. */
	fx.en.now = FIX_T0 + 29 * 86400;
	assert_int_equal(engine_filing_reminders_due(&fx.en, &e), 1);
	assert_int_equal(engine_tx(&fx.en, remind_fn, &fired, &e), 0);
	assert_int_equal(engine_filing_reminders_due(&fx.en, &e), 0);
	fx.en.now = FIX_T0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_query_equals_each, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reminders_once, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
