/* The business continuity plan's systems: the recovery order of a small
 * graph (tier first, each system after what it depends on, deterministic),
 * a dependency cycle as a positioned check error, rto/rpo/vendors loaded
 * and checked, and the built-in policy's example systems. */
#include "testutil.h"
#include "engine/bcp.h"
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

/* minimal.yaml with bcp appended; findings in f (the caller releases). */
static struct policy *load(const char *bcp, struct mo_findings *f)
{
	size_t n = strlen(minimal) + strlen(bcp) + 2;
	char *text = malloc(n);
	struct policy *p;

	assert_non_null(text);
	snprintf(text, n, "%s\n%s", minimal, bcp);
	mo_findings_init(f, "t.yaml");
	p = policy_load(text, strlen(text), "t.yaml", f);
	if (p)
		policy_check(p, f);
	free(text);
	return p;
}

static bool has(const struct mo_findings *f, int line, int col, const char *needle)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].severity == MO_ERROR && strstr(f->v[i].msg, needle) &&
		    f->v[i].line == line && (col <= 0 || f->v[i].col == col))
			return true;
	mo_report_findings(stderr, f);
	return false;
}

static size_t errors(const struct mo_findings *f)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].severity == MO_ERROR;
	return n;
}

#define TIERS                                                                                      \
	"bcp:\n"                                                                                   \
	"  tiers:\n"                                                                               \
	"    - {id: a, label: 最重要}\n"                                                        \
	"    - {id: b, label: 重要}\n"                                                           \
	"    - {id: c, label: その他}\n"                                                        \
	"  systems:\n"

static void order_ids(const struct policy *p, char *out, size_t size)
{
	size_t order[16], n = engine_bcp_order(p, order);

	assert_int_equal(n, p->bcp.n_systems);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(out);

		snprintf(out + len, size - len, "%s%s", i ? " " : "", p->bcp.systems[order[i]].id);
	}
}

static void test_order_of_a_small_graph(void **state)
{
	struct mo_findings f;
	struct policy *p;
	char got[256];

	(void)state;
	p = load(TIERS "    - {id: crm, name: 顧客管理, tier: a, depends_on: [db, 電源]}\n"
		       "    - {id: wiki, name: 社内Wiki, tier: c}\n"
		       "    - {id: db, name: データベース, tier: b, depends_on: [net]}\n"
		       "    - {id: net, name: ネットワーク, tier: a, depends_on: [電源]}\n"
		       "    - {id: mail, name: メール, tier: b, depends_on: [net]}\n",
		 &f);
	assert_non_null(p);
	assert_int_equal(errors(&f), 0);
	order_ids(p, got, sizeof(got));
	/* net (a) first; then db (b) before crm (a), which depends on it; then
	 * mail (b) and wiki (c). */
	assert_string_equal(got, "net db crm mail wiki");
	/* the same again: deterministic */
	order_ids(p, got, sizeof(got));
	assert_string_equal(got, "net db crm mail wiki");
	policy_free(p);
	mo_findings_release(&f);

	/* A system takes the tier of the most important system that needs
	 * it: x (b) goes before y (b) because z (a) waits for it. */
	p = load(TIERS "    - {id: y, name: Y, tier: b}\n"
		       "    - {id: x, name: X, tier: b}\n"
		       "    - {id: z, name: Z, tier: a, depends_on: [x]}\n",
		 &f);
	assert_non_null(p);
	order_ids(p, got, sizeof(got));
	assert_string_equal(got, "x z y");
	policy_free(p);
	mo_findings_release(&f);
}

static void test_cycle_is_a_positioned_error(void **state)
{
	struct mo_findings f;
	struct policy *p;
	int base = 1;
	char got[256];

	(void)state;
	for (const char *c = minimal; *c; c++)
		base += *c == '\n';
	/* minimal's lines, the blank line, then "bcp:" at base + 1; the
	 * systems start at base + 7; the error is at the item closing the
	 * cycle (z's "x", column 46). */
	p = load(TIERS "    - {id: x, name: X, tier: a, depends_on: [y]}\n"
		       "    - {id: y, name: Y, tier: b, depends_on: [電源, z]}\n"
		       "    - {id: z, name: Z, tier: c, depends_on: [x]}\n"
		       "    - {id: s, name: S, tier: c, depends_on: [s]}\n",
		 &f);
	assert_non_null(p);
	assert_true(has(&f, base + 9, 46, "x → y → z → x"));
	assert_true(has(&f, base + 10, 46, "s → s"));
	assert_true(has(&f, base + 9, 0, "cycle"));
	assert_int_equal(errors(&f), 2);
	/* The order still places every system once. */
	order_ids(p, got, sizeof(got));
	assert_string_equal(got, "x z y s");
	policy_free(p);
	mo_findings_release(&f);
}

static void test_rto_rpo_vendors(void **state)
{
	struct mo_findings f;
	struct policy *p;

	(void)state;
	p = load("authorities:\n"
		 "  - {id: it_vendor, organization: (株)テスト開発, tel: 03-1111-2222}\n" TIERS
		 "    - {id: m, name: M, tier: a, rto: 4h, rpo: 1d, vendors: [it_vendor]}\n"
		 "    - {id: n, name: N, tier: a, rto: soon, vendors: [nobody]}\n",
		 &f);
	assert_non_null(p);
	assert_true(p->bcp.systems[0].has_rto && p->bcp.systems[0].has_rpo);
	assert_int_equal(duration_seconds(&p->bcp.systems[0].rto), 4 * 3600);
	assert_int_equal(duration_seconds(&p->bcp.systems[0].rpo), 86400);
	assert_int_equal(p->bcp.systems[0].vendors.n, 1);
	assert_false(p->bcp.systems[1].has_rto);
	{
		bool dur = false, vendor = false;

		for (size_t i = 0; i < f.n; i++) {
			dur |= strstr(f.v[i].msg, "\"rto\": malformed duration \"soon\"") != NULL;
			vendor |= strstr(f.v[i].msg, "vendor \"nobody\" is not defined") != NULL;
		}
		assert_true(dur);
		assert_true(vendor);
	}
	policy_free(p);
	mo_findings_release(&f);
}

static void test_builtin_systems(void **state)
{
	struct mo_findings f;
	struct policy *p;
	char got[256];

	(void)state;
	mo_findings_init(&f, "(built-in)");
	p = policy_load_default(&f);
	assert_non_null(p);
	policy_check(p, &f);
	assert_int_equal(errors(&f), 0);
	order_ids(p, got, sizeof(got));
	assert_string_equal(got, "network sales mail file_server");
	for (size_t i = 0; i < p->bcp.n_systems; i++) {
		assert_true(p->bcp.systems[i].has_rto);
		assert_true(p->bcp.systems[i].vendors.n > 0);
	}
	policy_free(p);
	mo_findings_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_of_a_small_graph),
		cmocka_unit_test(test_cycle_is_a_positioned_error),
		cmocka_unit_test(test_rto_rpo_vendors),
		cmocka_unit_test(test_builtin_systems),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
