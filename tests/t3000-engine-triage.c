/* Triage: every rule of the level table, every category minimum of the
 * built-in policy, the owner resolved to people, the intake decisions. */
#include "enginefix.h"

static struct fix fx;
static char *shipped; /* data/policy.yaml's text */

static int setup(void **state)
{
	(void)state;
	fix_open(&fx, NULL);
	shipped = test_read("data/policy.yaml");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fix_close(&fx);
	free(shipped);
	return 0;
}

static int level_of(const char *category, unsigned impact, long long persons, int my_number)
{
	struct inc inc;
	struct triage t;
	struct mo_err e;

	inc_init(&inc);
	inc.category = category;
	inc.impact = impact;
	inc.facts.persons = persons;
	inc.facts.my_number = my_number;
	assert_int_equal(engine_triage(fx.p, &inc, &t, &e), 0);
	inc_release(&inc);
	return t.level;
}

static void test_rules(void **state)
{
	(void)state;
	/* tamper has minimum 0, so the impact answers show through. */
	assert_int_equal(level_of("tamper", 0, MO_COUNT_NONE, MO_TRI_NONE), 0);
	assert_int_equal(level_of("tamper", IMPACT_EMPLOYEES, MO_COUNT_NONE, MO_TRI_NONE), 1);
	assert_int_equal(level_of("tamper", IMPACT_BUSINESS, MO_COUNT_NONE, MO_TRI_NONE), 2);
	assert_int_equal(level_of("tamper", IMPACT_CUSTOMERS, MO_COUNT_NONE, MO_TRI_NONE), 3);
	assert_int_equal(level_of("tamper", IMPACT_PERSONAL_DATA, MO_COUNT_NONE, MO_TRI_NONE), 3);
	/* The highest rule wins. */
	assert_int_equal(level_of("tamper", IMPACT_EMPLOYEES | IMPACT_BUSINESS, MO_COUNT_NONE,
				  MO_TRI_NONE),
			 2);
	assert_int_equal(level_of("tamper", IMPACT_EMPLOYEES | IMPACT_CUSTOMERS, MO_COUNT_NONE,
				  MO_TRI_NONE),
			 3);
	/* Facts that say personal data leaked count as that answer. */
	assert_int_equal(level_of("tamper", 0, 12, MO_TRI_NONE), 3);
	assert_int_equal(level_of("tamper", 0, 0, MO_TRI_NONE), 0);
	assert_int_equal(level_of("tamper", 0, MO_COUNT_NONE, 1), 3);
}

static void test_category_minimums(void **state)
{
	(void)state;
	/* 情報漏えい・流出は全て事故レベル2以上. */
	assert_int_equal(policy_category(fx.p, "leak")->min_level, 2);
	assert_int_equal(level_of("leak", 0, MO_COUNT_NONE, MO_TRI_NONE), 2);
	assert_int_equal(level_of("leak", IMPACT_EMPLOYEES, MO_COUNT_NONE, MO_TRI_NONE), 2);
	assert_int_equal(level_of("leak", IMPACT_CUSTOMERS, MO_COUNT_NONE, MO_TRI_NONE), 3);
	/* A virus infection is at least level 1. */
	assert_int_equal(policy_category(fx.p, "malware")->min_level, 1);
	assert_int_equal(level_of("malware", 0, MO_COUNT_NONE, MO_TRI_NONE), 1);
	assert_int_equal(level_of("malware", IMPACT_BUSINESS, MO_COUNT_NONE, MO_TRI_NONE), 2);
	assert_int_equal(policy_category(fx.p, "tamper")->min_level, 0);
	/* Every category of the policy: never below its minimum. */
	for (size_t i = 0; i < fx.p->n_categories; i++)
		for (unsigned impact = 0; impact < 16; impact++)
			assert_true(level_of(fx.p->categories[i].id, impact, MO_COUNT_NONE,
					     MO_TRI_NONE) >= fx.p->categories[i].min_level);
}

static void test_why_and_unknown(void **state)
{
	struct inc inc;
	struct triage t;
	struct mo_err e;

	(void)state;
	inc_init(&inc);
	inc.category = "leak";
	inc.impact = IMPACT_EMPLOYEES;
	assert_int_equal(engine_triage(fx.p, &inc, &t, &e), 0);
	assert_int_equal(t.impact_level, 1);
	assert_int_equal(t.min_level, 2);
	assert_int_equal(t.level, 2);
	assert_string_equal(t.owner_role, "manager");
	assert_non_null(strstr(t.why, "従業員の業務遂行に影響が及ぶ → レベル1"));
	assert_non_null(strstr(t.why, "区分「漏えい・流出」は事故レベル2以上"));
	inc.category = "nosuch";
	assert_int_equal(engine_triage(fx.p, &inc, &t, &e), -1);
	assert_non_null(strstr(e.msg, "nosuch"));
	inc_release(&inc);
}

static void test_owner_and_intake(void **state)
{
	struct fix mf;
	struct inc_full f;
	int64_t id;
	int seen = 0;

	(void)state;
	/* The minimal policy has real names: the owner resolves to people. */
	fix_open(&mf, "tests/fixtures/minimal.yaml");
	id = fix_report(&mf, "{\"title\":\"名簿の紛失\",\"category\":\"leak\","
			     "\"impact\":{\"customers\":true},"
			     "\"reporter\":{\"name\":\"佐藤\"}}");
	fix_load(&mf, id, &f);
	assert_int_equal(f.inc.level, 3);
	assert_string_equal(f.inc.owner_role, "chief");
	assert_string_equal(f.inc.owner, "山田太郎");
	assert_int_equal(f.inc.status, INC_REPORTED);
	/* The discoverer's step goes to the reporter. */
	assert_string_equal(f.steps.v[0].person, "佐藤");
	for (size_t i = 0; i < f.decisions.n; i++) {
		const struct decision *d = &f.decisions.v[i];

		if (strcmp(d->point, "is_incident") == 0 || strcmp(d->point, "priority") == 0 ||
		    strcmp(d->point, "assignee") == 0) {
			assert_string_equal(d->phase, "intake");
			assert_string_equal(d->who, "moshimo");
			assert_non_null(d->why);
			seen++;
		}
	}
	assert_int_equal(seen, 3);
	inc_full_release(&f);
	/* Level 2: the owner is the manager, two roles held by one person. */
	id = fix_report(&mf, "{\"title\":\"誤送信\",\"category\":\"leak\"}");
	fix_load(&mf, id, &f);
	assert_int_equal(f.inc.level, 2);
	assert_string_equal(f.inc.owner, "鈴木花子");
	inc_full_release(&f);
	fix_close(&mf);
}

static void test_sign_is_recorded(void **state)
{
	struct inc_full f;
	int64_t id;
	bool found = false;

	(void)state;
	/* Level 0 (予兆) is recorded, not dropped. */
	id = fix_report(&fx, "{\"title\":\"不審なメールが届いた\",\"category\":\"tamper\"}");
	fix_load(&fx, id, &f);
	assert_int_equal(f.inc.level, 0);
	assert_string_equal(f.inc.owner_role, "sysadmin");
	for (size_t i = 0; i < f.decisions.n; i++)
		if (strcmp(f.decisions.v[i].point, "is_incident") == 0)
			found = strstr(f.decisions.v[i].decision, "予兆") != NULL;
	assert_true(found);
	inc_full_release(&f);
}

/* Loads policy text (a copy of the built-in one, edited) and checks it clean. */
static struct policy *load_clean(const char *text)
{
	struct mo_findings fd;
	struct policy *p;

	mo_findings_init(&fd, "copy");
	p = policy_load(text, strlen(text), "copy", &fd);
	if (p)
		policy_check(p, &fd);
	if (!p || fd.errors) {
		mo_report_findings(stderr, &fd);
		fail();
	}
	mo_findings_release(&fd);
	return p;
}

static int level_in(const struct policy *p, const char *category, unsigned impact, int encrypted,
		    char *why, size_t size)
{
	struct inc inc;
	struct triage t;
	struct mo_err e;

	inc_init(&inc);
	inc.category = category;
	inc.impact = impact;
	inc.facts.encrypted = encrypted;
	assert_int_equal(engine_triage(p, &inc, &t, &e), 0);
	if (why)
		snprintf(why, size, "%s", t.why);
	inc_release(&inc);
	return t.level;
}

/* The rules are the policy's: editing a copy of data/policy.yaml's
 * triage: changes what moshimo decides, and what the manual prints. */
static void test_rules_are_data(void **state)
{
	const char *text = shipped;
	char *edited, *edited2, *edited3;
	struct policy *p;
	char why[1024];

	(void)state;
	/* The built-in default as shipped: an encrypted loss is no leak. */
	assert_false(fx.p->triage_builtin);
	assert_int_equal(level_of("tamper", IMPACT_PERSONAL_DATA, MO_COUNT_NONE, MO_TRI_NONE), 3);
	assert_int_equal(level_in(fx.p, "leak", IMPACT_PERSONAL_DATA, 1, NULL, 0), 2);
	assert_int_equal(level_in(fx.p, "leak", IMPACT_PERSONAL_DATA, 0, NULL, 0), 3);

	/* The company decides that an effect on the business is level 3. */
	edited = test_replace(text, "  - level: 2\n    any: [business]\n",
			      "  - level: 3\n    any: [business]\n");
	assert_non_null(edited);
	/* ... and that employees' work with malicious intent is level 2. */
	edited2 = test_replace(edited, "  - level: 1\n    any: [employees]\n",
			       "  - level: 1\n    any: [employees]\n"
			       "  - level: 2\n    all: [employees, malicious]\n"
			       "    text: 故意による従業員の業務への影響\n");
	assert_non_null(edited2);
	p = load_clean(edited2);
	assert_int_equal(level_in(p, "tamper", IMPACT_BUSINESS, MO_TRI_NONE, why, sizeof(why)), 3);
	assert_non_null(strstr(why, "事業に影響が及ぶ → レベル3"));
	assert_int_equal(level_in(p, "tamper", IMPACT_EMPLOYEES, MO_TRI_NONE, NULL, 0), 1);
	{
		struct inc inc;
		struct triage t;
		struct mo_err e;

		inc_init(&inc);
		inc.category = "tamper";
		inc.impact = IMPACT_EMPLOYEES;
		inc.facts.malicious = 1;
		assert_int_equal(engine_triage(p, &inc, &t, &e), 0);
		assert_int_equal(t.level, 2);
		assert_non_null(strstr(t.why, "故意による従業員の業務への影響 → レベル2"));
		inc_release(&inc);
	}
	/* The unless is gone when the company deletes it: encrypted or not, 3. */
	policy_free(p);
	edited3 = test_replace(text, "    any: [personal_data]\n    unless: [encrypted]\n",
			       "    any: [personal_data]\n");
	assert_non_null(edited3);
	p = load_clean(edited3);
	assert_int_equal(level_in(p, "leak", IMPACT_PERSONAL_DATA, 1, NULL, 0), 3);
	policy_free(p);
	free(edited3);
	free(edited2);
	free(edited);
}

/* A policy without triage: gets 002's rules built in: today's results. */
static void test_builtin_rules(void **state)
{
	struct fix mf;

	(void)state;
	fix_open(&mf, "tests/fixtures/minimal.yaml");
	assert_true(mf.p->triage_builtin);
	/* Its only category is a leak (minimum 2): the rules show above it. */
	assert_int_equal(level_in(mf.p, "leak", 0, MO_TRI_NONE, NULL, 0), 2);
	assert_int_equal(level_in(mf.p, "leak", IMPACT_EMPLOYEES, MO_TRI_NONE, NULL, 0), 2);
	assert_int_equal(level_in(mf.p, "leak", IMPACT_CUSTOMERS, MO_TRI_NONE, NULL, 0), 3);
	/* 002's table knows no encryption: personal data is 3 either way. */
	assert_int_equal(level_in(mf.p, "leak", IMPACT_PERSONAL_DATA, 1, NULL, 0), 3);
	fix_close(&mf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_category_minimums),
		cmocka_unit_test(test_why_and_unknown),
		cmocka_unit_test(test_owner_and_intake),
		cmocka_unit_test(test_sign_is_recorded),
		cmocka_unit_test(test_rules_are_data),
		cmocka_unit_test(test_builtin_rules),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
