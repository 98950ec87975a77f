/* The policy loader and every validation rule, positive and negative. */
#include "testutil.h"
#include "policy/policy.h"

static char *minimal;

static int setup(void **state)
{
	(void)state;
	setenv("MOSHIMO_TODAY", "2026-05-01", 1);
	minimal = test_read("tests/fixtures/minimal.yaml");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(minimal);
	return 0;
}

/* Loads and checks text; returns the findings (the caller releases). */
static struct mo_findings load_check(const char *text, struct policy **out)
{
	struct mo_findings f;
	struct policy *p;

	mo_findings_init(&f, "t.yaml");
	p = policy_load(text, strlen(text), "t.yaml", &f);
	if (p)
		policy_check(p, &f);
	if (out)
		*out = p;
	else
		policy_free(p);
	return f;
}

static void dump(const struct mo_findings *f)
{
	mo_report_findings(stderr, f);
}

/* True when some finding of severity sev contains needle (at line, when
 * line > 0). */
static bool has(const struct mo_findings *f, enum mo_severity sev, int line, const char *needle)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].severity == sev && strstr(f->v[i].msg, needle) &&
		    (line <= 0 || f->v[i].line == line))
			return true;
	dump(f);
	return false;
}

static void test_minimal_is_clean(void **state)
{
	struct policy *p;
	struct mo_findings f = load_check(minimal, &p);

	(void)state;
	if (f.n)
		dump(&f);
	assert_int_equal(f.n, 0);
	assert_non_null(p);
	assert_string_equal(p->org.name, "テスト株式会社");
	assert_int_equal(p->n_roles, 4);
	assert_int_equal(p->n_levels, 4);
	assert_string_equal(policy_level(p, 3)->owner, "chief");
	assert_int_equal(policy_category(p, "leak")->min_level, 2);
	assert_int_equal(policy_playbook(p, "leak", 3)->n_steps, 2);
	assert_true(policy_playbook(p, "leak", 3)->steps[0].has_due);
	assert_int_equal(duration_seconds(&policy_playbook(p, "leak", 3)->steps[0].due), 600);
	assert_string_equal(p->org.timezone, "Asia/Tokyo");
	/* Positions are kept: the first role is on line 7, column 5. */
	assert_int_equal(p->roles[0].node->line, 7);
	assert_int_equal(p->roles[0].node->col, 5);
	policy_free(p);
	mo_findings_release(&f);
}

static void test_default_policy_only_placeholder_warnings(void **state)
{
	struct mo_findings f;
	struct policy *p;

	(void)state;
	mo_findings_init(&f, "(built-in)");
	p = policy_load_default(&f);
	assert_non_null(p);
	policy_check(p, &f);
	for (size_t i = 0; i < f.n; i++) {
		if (f.v[i].severity == MO_ERROR || !strstr(f.v[i].msg, "placeholder")) {
			dump(&f);
			fail_msg("unexpected finding: %s", f.v[i].msg);
		}
	}
	assert_true(f.warnings > 0);
	assert_true(policy_placeholder_count(p) > 0);
	/* 002 4.1: the leak level-3 procedure has exactly eight steps. */
	assert_int_equal(policy_playbook(p, "leak", 3)->n_steps, 8);
	assert_int_equal(policy_category(p, "leak")->min_level, 2);
	for (int l = 0; l < 4; l++)
		assert_non_null(policy_level(p, l));
	mo_findings_release(&f);
	policy_free(p);
}

struct rule_case {
	const char *name;
	const char *from;
	const char *to;
	enum mo_severity sev;
	int line;	    /* expected line, or 0 for any */
	const char *needle; /* part of the English message */
};

static const struct rule_case rules[] = {
	{"unknown key", "  name: テスト株式会社", "  name: テスト株式会社\n  nmae: x", MO_ERROR, 5,
	 "unknown key \"nmae\""},
	{"duplicate role id", "{id: manager, title: 対応責任者}", "{id: chief, title: 対応責任者}",
	 MO_ERROR, 8, "duplicate role id \"chief\""},
	{"duplicate key", "{id: chief, title: 最高責任者,", "{id: chief, id: x, title: 最高責任者,",
	 MO_ERROR, 7, "duplicate key \"id\""},
	{"undefined role on a person", "roles: [manager, sysadmin]", "roles: [manager, sysadmn]",
	 MO_ERROR, 13, "role \"sysadmn\" is not defined"},
	{"level without owner", "impact: [事業に影響が及ぶとき], owner: manager}",
	 "impact: [事業に影響が及ぶとき]}", MO_ERROR, 16, "level 2 has no owner"},
	{"level owner undefined", "owner: sysadmin}", "owner: nobody}", MO_ERROR, 18,
	 "role \"nobody\" is not defined"},
	{"missing level",
	 "  - {level: 0, impact: [将来インシデントになりうる事象], owner: sysadmin}\n", "",
	 MO_ERROR, 0, "level 0 is not defined"},
	{"level out of range", "{level: 0,", "{level: 10,", MO_ERROR, 18,
	 "whole number from 0 to 9"},
	{"category without playbook", "  - category: leak\n    level: 2\n",
	 "  - category: leak\n    level: 3\n", MO_ERROR, 0, "no playbook for level 2"},
	{"playbook for unknown category", "  - category: leak\n    level: 2\n",
	 "  - category: leek\n    level: 2\n", MO_ERROR, 0, "category \"leek\" is not defined"},
	{"step actor not a role", "{actor: chief, action:", "{actor: boss, action:", MO_ERROR, 26,
	 "step actor \"boss\" is not a role"},
	{"step without actor", "{actor: chief, action:", "{action:", MO_ERROR, 26,
	 "step has no actor"},
	{"person without contact", "roles: [manager, sysadmin], email: suzuki@example.co.jp}",
	 "roles: [manager, sysadmin]}", MO_ERROR, 13, "has no contact"},
	{"malformed email", "email: yamada@example.co.jp", "email: yamada.example.co.jp", MO_ERROR,
	 12, "malformed e-mail address"},
	{"malformed phone", "phone: 090-1234-5678", "phone: 090-1234-567x", MO_ERROR, 12,
	 "malformed phone number"},
	{"malformed url", "  name: テスト株式会社", "  name: テスト株式会社\n  report_url: ftp://x",
	 MO_ERROR, 5, "malformed URL"},
	{"malformed duration", "due: 10m}", "due: 10 minutes}", MO_ERROR, 25, "malformed duration"},
	{"malformed date", "last_reviewed: 2026-04-01", "last_reviewed: 2026-02-30", MO_ERROR, 5,
	 "malformed date"},
	{"placeholder left", "name: 山田太郎", "name: 〇〇 〇〇", MO_WARNING, 12,
	 "placeholder left"},
	{"placeholder phone is not malformed", "phone: 090-1234-5678", "phone: 090-****-****",
	 MO_WARNING, 12, "placeholder left"},
	{"review overdue", "last_reviewed: 2026-04-01", "last_reviewed: 2024-04-01", MO_WARNING, 5,
	 "due for review on 2025-04-01"},
	{"nobody reachable at level 3",
	 "  - {id: yamada, name: 山田太郎, roles: [chief], phone: 090-1234-5678, email: yamada@example.co.jp}\n",
	 "", MO_ERROR, 14, "nobody is reachable at level 3"},
	{"wrong type", "roles:\n  - {id: chief", "roles: 3\nx:\n  - {id: chief", MO_ERROR, 6,
	 "\"roles\" must be a list"},
	{"missing required", "version: 1\n", "", MO_ERROR, 2, "missing required key \"version\""},
	{"unknown filing condition", "categories:",
	 "authorities: [{id: ppc, organization: 個人情報保護委員会}]\n"
	 "filings: [{id: f, authority: ppc, title: 速報, conditions: [personal_dat]}]\ncategories:",
	 MO_ERROR, 20, "unknown filing condition \"personal_dat\""},
	{"filing authority undefined", "categories:",
	 "filings: [{id: f, authority: ppc, title: 速報, due: 5d}]\ncategories:", MO_ERROR, 19,
	 "authority \"ppc\" is not defined"},
	{"bad id shape", "{id: sysadmin, title:", "{id: Sys Admin, title:", MO_ERROR, 9,
	 "must be 1 to 64 lowercase"},
};

static void test_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct rule_case *r = &rules[i];
		char *text = test_replace(minimal, r->from, r->to);
		struct mo_findings f = load_check(text, NULL);

		if (!has(&f, r->sev, r->line, r->needle))
			fail_msg("rule \"%s\": expected %s at line %d: %s", r->name,
				 r->sev == MO_ERROR ? "error" : "warning", r->line, r->needle);
		mo_findings_release(&f);
		free(text);
	}
}

/* check's findings for malformed triage rules, each at its line and column.
 * The first rule of the block (line 20 of the fixture) is the faulty one. */
static void test_triage_rules(void **state)
{
	static const char good[] = "  - {level: 3, any: [customers, personal_data]}\n"
				   "  - {level: 2, any: [business]}\n"
				   "  - {level: 1, any: [employees]}\n";
	static const struct {
		const char *name;
		const char *block; /* replaces the first rule; "" keeps it */
		int line, col;
		const char *needle;
	} cases[] = {
		{"good", "", 0, 0, NULL},
		{"unknown fact", "  - {level: 3, any: [customers, personal_dat]}\n", 20, 33,
		 "unknown fact \"personal_dat\""},
		{"unknown fact in unless",
		 "  - {level: 3, any: [customers], unless: [encripted]}\n", 20, 43,
		 "unknown fact \"encripted\""},
		{"undefined level", "  - {level: 5, any: [customers, personal_data]}\n", 20, 13,
		 "level 5 is not defined in levels"},
		{"level out of range", "  - {level: 10, any: [customers, personal_data]}\n", 20, 13,
		 "whole number from 0 to 9"},
		{"can never match", "  - {level: 3, all: [customers], unless: [customers]}\n", 20,
		 42, "can never match"},
		{"no any or all", "  - {level: 3, unless: [encrypted]}\n", 20, 5,
		 "needs \"any\" or \"all\""},
		{"empty any", "  - {level: 3, any: []}\n", 20, 21, "empty list"},
		{"unknown key", "  - {level: 3, anyy: [customers]}\n", 20, 16,
		 "unknown key \"anyy\""},
		{"fact twice", "  - {level: 3, any: [customers, customers]}\n", 20, 33,
		 "listed twice"},
		{"same rule twice", "  - {level: 2, any: [business]}\n", 21, 5,
		 "the same rule as line 20"},
		{"not a mapping", "  - customers\n", 20, 5, "expected a mapping"},
		/* Level 3 then has no rule, and no category has minimum 3. */
		{"level with no rule", "  - {level: 2, any: [customers, personal_data]}\n", 15, 13,
		 "level 3 has no triage rule"},
	};

	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(cases); i++) {
		char block[1024], *text;
		struct mo_findings f;
		bool found = false;

		snprintf(block, sizeof(block),
			 "triage:\n%s%s%scategories:", *cases[i].block ? cases[i].block : "",
			 *cases[i].block ? "" : good,
			 *cases[i].block ? strchr(good, '\n') + 1 : "");
		text = test_replace(minimal, "categories:", block);
		f = load_check(text, NULL);
		if (!cases[i].needle) {
			if (f.n)
				dump(&f);
			assert_int_equal(f.n, 0);
		}
		for (size_t k = 0; cases[i].needle && k < f.n; k++)
			if (f.v[k].severity == MO_ERROR && strstr(f.v[k].msg, cases[i].needle) &&
			    f.v[k].line == cases[i].line && f.v[k].col == cases[i].col)
				found = true;
		if (cases[i].needle && !found) {
			dump(&f);
			fail_msg("triage case \"%s\": expected an error at %d:%d: %s",
				 cases[i].name, cases[i].line, cases[i].col, cases[i].needle);
		}
		mo_findings_release(&f);
		free(text);
	}
}

/* Full-width digits and dashes in a phone number are read, not refused. */
static void test_fullwidth_phone(void **state)
{
	char *text =
		test_replace(minimal, "phone: 090-1234-5678", "phone: ０９０－１２３４ー５６７８");
	struct policy *p;
	struct mo_findings f = load_check(text, &p);

	(void)state;
	if (f.errors)
		dump(&f);
	assert_int_equal(f.errors, 0);
	assert_string_equal(p->people[0].phone, "090-1234-5678");
	mo_findings_release(&f);
	policy_free(p);
	free(text);
}

static void test_syntax_errors_have_positions(void **state)
{
	static const struct {
		const char *text;
		int line;
		int col;
		const char *needle;
	} cases[] = {
		/* libyaml's syntax errors, at the line of the mistake (yaml_errors.c). */
		{"version: 1\norganization: {name: x\nroles: []\n", 2, 15,
		 "the brace { opened here"},
		{"a: b\n  c: d\n", 2, 3, "indentation"},
		{"- [\n", 1, 3, "the bracket [ opened here"},
		{"a: 1\n: 2\n", 2, 1,
		 "YAML syntax"}, /* none of the common mistakes: libyaml's words */
		{"", 1, 1, "empty"},
		{"a: *nope\n", 1, 4, "unknown YAML alias"},
		{"a: 1\n---\nb: 2\n", 2, 1, "only one YAML document"},
		{"[1, 2]\n", 1, 1, "must be a mapping"},
		{"a: \"\\xff\"\n", 0, 0, ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mo_findings f = load_check(cases[i].text, NULL);

		assert_true(f.errors > 0);
		if (cases[i].line) {
			if (f.v[0].line != cases[i].line || f.v[0].col != cases[i].col ||
			    !strstr(f.v[0].msg, cases[i].needle)) {
				dump(&f);
				fail_msg("case %zu: want %d:%d %s", i, cases[i].line, cases[i].col,
					 cases[i].needle);
			}
		}
		mo_findings_release(&f);
	}
}

/* A "billion laughs" file: aliases that expand exponentially must hit the
 * node limit, not the memory. */
static void test_alias_bomb_is_refused(void **state)
{
	struct buf b;
	struct mo_findings f;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"), 0);
	for (int i = 1; i < 12; i++)
		assert_int_equal(
			buf_addf(
				&b,
				"a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n",
				i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
				i - 1),
			0);
	f = load_check(buf_str(&b), NULL);
	assert_true(has(&f, MO_ERROR, 0, "too many YAML nodes"));
	mo_findings_release(&f);
	buf_release(&b);
}

static void test_deep_nesting_is_refused(void **state)
{
	struct buf b;
	struct mo_findings f;

	(void)state;
	buf_init(&b, 0);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(buf_adds(&b, "["), 0);
	f = load_check(buf_str(&b), NULL);
	assert_true(f.errors > 0);
	mo_findings_release(&f);
	buf_release(&b);
}

/* Found by the fuzzer: a list entry that failed to load left its fields in
 * the slot the next entry reused (a playbook's step count). */
static void test_failed_entry_does_not_leak_into_next(void **state)
{
	char *text = test_read("tests/fixtures/crash-failed-entry-reused.yaml");
	struct policy *p;
	struct mo_findings f = load_check(text, &p);

	(void)state;
	assert_non_null(p);
	assert_true(has(&f, MO_ERROR, 22, "missing required key \"category\""));
	assert_int_equal(p->n_playbooks, 1);
	assert_int_equal(p->playbooks[0].n_steps, 1);
	assert_int_equal(p->playbooks[0].level, 2);
	policy_free(p);
	mo_findings_release(&f);
	free(text);
}

static void test_durations(void **state)
{
	struct duration d;

	(void)state;
	assert_int_equal(duration_parse("10m", &d), 0);
	assert_int_equal(duration_seconds(&d), 600);
	assert_int_equal(duration_parse("1M", &d), 0);
	assert_int_equal(d.unit, DUR_MONTH);
	assert_int_equal(duration_parse("3d", &d), 0);
	assert_int_equal(duration_seconds(&d), 3 * 86400);
	assert_int_not_equal(duration_parse("m", &d), 0);
	assert_int_not_equal(duration_parse("0m", &d), 0);
	assert_int_not_equal(duration_parse("-1h", &d), 0);
	assert_int_not_equal(duration_parse("10", &d), 0);
	assert_int_not_equal(duration_parse("10x", &d), 0);
	assert_int_not_equal(duration_parse("99999999999999999999h", &d), 0);
}

static void test_placeholders(void **state)
{
	(void)state;
	assert_true(policy_is_placeholder("株式会社〇〇"));
	assert_true(policy_is_placeholder("○○システム"));
	assert_true(policy_is_placeholder("090-****-****"));
	assert_true(policy_is_placeholder("(株)△△ネットワーク"));
	assert_false(policy_is_placeholder("株式会社テスト"));
	assert_false(policy_is_placeholder("*個人データ"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_is_clean),
		cmocka_unit_test(test_triage_rules),
		cmocka_unit_test(test_fullwidth_phone),
		cmocka_unit_test(test_default_policy_only_placeholder_warnings),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_syntax_errors_have_positions),
		cmocka_unit_test(test_alias_bomb_is_refused),
		cmocka_unit_test(test_deep_nesting_is_refused),
		cmocka_unit_test(test_failed_entry_does_not_leak_into_next),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_placeholders),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
