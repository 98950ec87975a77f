/* policy/edit.c and questions.c: scalars written so they read back the
 * same, edits that keep every other byte (comments), items and pairs
 * removed and added, overlapping edits refused, and answers applied. */
#include "testutil.h"
#include "policy/policy.h"
#include "policy/setup.h"

static const char *const tricky[] = {
	"plain",     "a: b",	  "#x",	       "x #y",	  "- x",       "-x",	       "true",
	"False",     "null",	  "~",	       "123",	  "1.5e3",     "0120-123-456", "2026-01-01",
	"quote\"s",  "back\\sl",  "  lead",    "trail ",  "line\nbrk", "tab\there",    "[x]",
	"{y}",	     "a,b",	  "@at",       "`tick",	  "key:",      "日本語: 値",   "〇〇 〇〇",
	"'single'",  "%pct",	  "!tag",      "&anchor", "*alias",    "|pipe",	       ">fold",
	"株式会社A", "a\x01ctrl", "?question", "",
};

/* The scalar value of key k in a one-pair document "k: <quoted>". */
static void check_roundtrip(const char *s, bool flow)
{
	struct buf b;
	struct ydoc d;
	struct mo_err e;
	const struct ynode *n;

	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, flow ? "k: [" : "k: "), 0);
	assert_int_equal(yaml_scalar_quote(s, flow, &b), 0);
	assert_int_equal(buf_adds(&b, flow ? ", z]\n" : "\n"), 0);
	if (ydoc_parse(&d, b.data, b.len, &e)) {
		fprintf(stderr, "%s: %s\n", buf_str(&b), e.msg);
		fail();
	}
	n = ynode_get(d.root, "k");
	assert_non_null(n);
	if (flow) {
		assert_int_equal(n->kind, YN_SEQUENCE);
		assert_int_equal(n->n, 2);
		n = n->kid[0];
	}
	assert_int_equal(n->kind, YN_SCALAR);
	assert_string_equal(n->str, s);
	/* a value that YAML would read as null, a bool or a number is quoted */
	if (!strcmp(s, "true") || !strcmp(s, "null") || !strcmp(s, "123") || !*s)
		assert_false(n->plain);
	ydoc_release(&d);
	buf_release(&b);
}

static void test_quote_roundtrip(void **state)
{
	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(tricky); i++) {
		check_roundtrip(tricky[i], false);
		check_roundtrip(tricky[i], true);
	}
}

static char *apply(const char *text, struct yedits *ed, struct ydoc *d)
{
	struct buf out;
	struct mo_err e;

	buf_init(&out, 0);
	if (yedits_apply(d, ed, &out, &e)) {
		fprintf(stderr, "apply: %s\n", e.msg);
		fail();
	}
	(void)text;
	return buf_detach(&out, NULL);
}

static const char doc[] = "# head comment\n"
			  "org:\n"
			  "  name: 株式会社〇〇 # trailing comment\n"
			  "  note: |-\n"
			  "    line one\n"
			  "    line two\n"
			  "  size: 3\n"
			  "# people\n"
			  "people:\n"
			  "  - id: a\n"
			  "    name: 〇〇 〇〇\n"
			  "    roles: [chief]\n"
			  "  # before b\n"
			  "  - id: b\n"
			  "    name: 〇〇 〇〇\n"
			  "    roles:\n"
			  "      - manager\n"
			  "  - id: c\n"
			  "    name: x\n"
			  "tail: end\n";

static void test_edits_keep_the_rest(void **state)
{
	struct ydoc d, d2;
	struct yedits ed = {0};
	struct mo_err e;
	char *out;

	(void)state;
	assert_int_equal(ydoc_parse(&d, doc, strlen(doc), &e), 0);
	assert_string_equal(ydoc_find(&d, "org.name")->str, "株式会社〇〇");
	assert_string_equal(ydoc_find(&d, "people[id=b].name")->str, "〇〇 〇〇");
	assert_string_equal(ydoc_find(&d, "people[2].name")->str, "x");
	assert_null(ydoc_find(&d, "people[3]"));
	assert_null(ydoc_find(&d, "people[id=zz]"));
	assert_int_equal(yedits_set_scalar(&ed, ydoc_find(&d, "org.name"), "株式会社もしも: 本社"),
			 0);
	assert_int_equal(yedits_set_scalar(&ed, ydoc_find(&d, "org.note"), "one line"), 0);
	assert_int_equal(yedits_add_pair(&ed, &d, ydoc_find(&d, "org"), "url", "https://x.example"),
			 0);
	assert_int_equal(yedits_set_raw(&ed, &d, ydoc_find(&d, "people[id=b].roles"),
					"[manager, sysadmin]"),
			 0);
	assert_int_equal(yedits_drop_item(&ed, &d, ydoc_find(&d, "people[id=a]")), 0);
	assert_int_equal(yedits_drop_pair(&ed, &d, ydoc_find(&d, "people[id=c].name")), 0);
	out = apply(doc, &ed, &d);
	assert_non_null(strstr(out, "# head comment\norg:\n"));
	assert_non_null(strstr(out, "  name: \"株式会社もしも: 本社\" # trailing comment\n"));
	assert_non_null(strstr(out, "  note: one line\n  size: 3\n  url: https://x.example\n"));
	assert_non_null(strstr(out, "# people\npeople:\n  # before b\n  - id: b\n"));
	assert_non_null(
		strstr(out, "    roles:\n      [manager, sysadmin]\n  - id: c\ntail: end\n"));
	assert_int_equal(ydoc_parse(&d2, out, strlen(out), &e), 0);
	assert_string_equal(ydoc_find(&d2, "org.name")->str, "株式会社もしも: 本社");
	assert_string_equal(ydoc_find(&d2, "org.url")->str, "https://x.example");
	assert_string_equal(ydoc_find(&d2, "people[0].id")->str, "b");
	assert_int_equal(ydoc_find(&d2, "people[id=b].roles")->n, 2);
	assert_null(ydoc_find(&d2, "people[id=c].name"));
	ydoc_release(&d2);
	free(out);
	yedits_release(&ed);
	ydoc_release(&d);
}

static void test_overlap_is_refused(void **state)
{
	struct ydoc d;
	struct yedits ed = {0};
	struct buf out;
	struct mo_err e;

	(void)state;
	assert_int_equal(ydoc_parse(&d, doc, strlen(doc), &e), 0);
	assert_int_equal(yedits_set_scalar(&ed, ydoc_find(&d, "people[id=a].name"), "x"), 0);
	assert_int_equal(yedits_drop_item(&ed, &d, ydoc_find(&d, "people[id=a]")), 0);
	buf_init(&out, 0);
	mo_err_clear(&e);
	assert_int_equal(yedits_apply(&d, &ed, &out, &e), -1);
	assert_int_equal(e.code, MO_ECONFLICT);
	assert_int_equal(out.len, 0);
	buf_release(&out);
	yedits_release(&ed);
	ydoc_release(&d);
}

/* Every 5th scalar of the real template set to a hard value reads back. */
static void collect(const struct ynode *n, const struct ynode **v, size_t *k, size_t max)
{
	if (n->kind == YN_SCALAR) {
		if (*k < max)
			v[(*k)++] = n;
		return;
	}
	for (size_t i = 0; i < n->n; i++)
		collect(n->kid[i], v, k, max);
}

static void test_every_scalar_of_the_template(void **state)
{
	static const struct ynode *v[20000], *w[20000];
	struct ydoc d, d2;
	struct mo_err e;
	size_t n = 0, m = 0, edited = 0;
	struct yedits ed = {0};
	char *out;

	(void)state;
	assert_int_equal(ydoc_parse(&d, policy_default_yaml, policy_default_yaml_len, &e), 0);
	collect(d.root, v, &n, MO_ARRAY_SIZE(v));
	assert_true(n > 500);
	for (size_t i = 0; i < n; i += 5, edited++)
		assert_int_equal(yedits_set_scalar(&ed, v[i], tricky[i % MO_ARRAY_SIZE(tricky)]),
				 0);
	out = apply(policy_default_yaml, &ed, &d);
	assert_int_equal(ydoc_parse(&d2, out, strlen(out), &e), 0);
	collect(d2.root, w, &m, MO_ARRAY_SIZE(w));
	assert_int_equal(m, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(w[i]->str,
				    i % 5 ? v[i]->str : tricky[i % MO_ARRAY_SIZE(tricky)]);
	/* every comment line of the template is still there */
	for (const char *p = policy_default_yaml; (p = strstr(p, "\n#")); p++) {
		const char *eol = strchr(p + 1, '\n');
		char line[1024];
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		if (len >= sizeof(line))
			continue;
		memcpy(line, p, len);
		line[len] = '\0';
		assert_non_null(strstr(out, line));
	}
	assert_true(edited > 100);
	free(out);
	yedits_release(&ed);
	ydoc_release(&d2);
	ydoc_release(&d);
}

static void test_questions_and_answers(void **state)
{
	struct setup_questions q;
	struct mo_err e;
	struct buf out;
	size_t bad = 99;
	const struct setup_question *s;
	struct setup_answer a[] = {
		{"company_name", "株式会社テスト"},
		{"president.name", "山田 太郎"},
		{"incident_manager.name", "山田 太郎"},
		{"president.phone", "０３－１２３４－５６７８"},
		{"incident_manager.phone", "090-0000-1111"},
		{"review_interval", "２４"},
	};
	struct setup_answer wrong[] = {
		{"company_name", "株式会社テスト"},
		{"president.email", "yamada@"},
	};

	(void)state;
	assert_int_equal(setup_questions_load(&q, policy_default_yaml, policy_default_yaml_len, &e),
			 0);
	assert_true(setup_questions_open(&q) >= 26);
	s = setup_question_find(&q, "company_name");
	assert_non_null(s);
	assert_true(s->open);
	assert_string_equal(s->current, "株式会社〇〇");
	s = setup_question_find(&q, "review_interval");
	assert_non_null(s);
	assert_false(s->open);
	assert_string_equal(s->current, "12");
	buf_init(&out, 0);
	assert_int_equal(setup_answer_check(s, "0", &out, &e), -1);
	assert_int_equal(e.detail, SETUP_FAULT_MONTHS);
	s = setup_question_find(&q, "president.email");
	assert_int_equal(setup_answer_check(s, "ＹＡＭＡＤＡ＠example.jp", &out, &e), 0);
	assert_string_equal(buf_str(&out), "YAMADA@example.jp");
	assert_int_equal(setup_answer_check(s, "", &out, &e), 0); /* optional */
	s = setup_question_find(&q, "president.phone");
	assert_int_equal(setup_answer_check(s, "", &out, &e), -1);
	assert_int_equal(e.detail, SETUP_FAULT_REQUIRED);
	assert_int_equal(setup_answer_check(s, "090-****-1111", &out, &e), -1);
	assert_int_equal(e.detail, SETUP_FAULT_PLACEHOLDER);
	setup_questions_release(&q);

	mo_err_clear(&e);
	assert_int_equal(setup_apply(policy_default_yaml, policy_default_yaml_len, wrong, 2, &out,
				     &bad, &e),
			 -1);
	assert_int_equal(bad, 1);
	assert_non_null(strstr(e.msg, "president.email"));
	assert_int_equal(out.len, 0);

	assert_int_equal(setup_apply(policy_default_yaml, policy_default_yaml_len, a,
				     MO_ARRAY_SIZE(a), &out, &bad, &e),
			 0);
	assert_non_null(strstr(buf_str(&out), "roles: [chief, manager]"));
	assert_null(strstr(buf_str(&out), "id: incident_manager"));
	assert_non_null(strstr(buf_str(&out), "phone: 03-1234-5678"));
	assert_non_null(strstr(buf_str(&out), "interval_months: 24"));
	assert_int_equal(setup_questions_load(&q, out.data, out.len, &e), 0);
	assert_null(setup_question_find(&q, "incident_manager.phone"));
	assert_string_equal(setup_question_find(&q, "president.name")->current, "山田 太郎");
	setup_questions_release(&q);
	buf_release(&out);
}

/* A BOM, a folded plain scalar over two lines and a block scalar: the
 * positions still land on the right bytes. */
static void test_odd_layouts(void **state)
{
	static const char odd[] = "\xef\xbb\xbf"
				  "# bom\n"
				  "a: x\n"
				  "b: one\n  two\n"
				  "c: |\n  text\n"
				  "d: 〇〇\n";
	struct ydoc d, d2;
	struct yedits ed = {0};
	struct mo_err e;
	char *out;

	(void)state;
	assert_int_equal(ydoc_parse(&d, odd, strlen(odd), &e), 0);
	assert_string_equal(ydoc_find(&d, "b")->str, "one two");
	assert_int_equal(yedits_set_scalar(&ed, ydoc_find(&d, "d"), "ok"), 0);
	assert_int_equal(yedits_set_scalar(&ed, ydoc_find(&d, "b"), "new"), 0);
	out = apply(odd, &ed, &d);
	assert_string_equal(out, "\xef\xbb\xbf"
				 "# bom\na: x\nb: new\nc: |\n  text\nd: ok\n");
	assert_int_equal(ydoc_parse(&d2, out, strlen(out), &e), 0);
	ydoc_release(&d2);
	free(out);
	yedits_release(&ed);
	ydoc_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_roundtrip),
		cmocka_unit_test(test_edits_keep_the_rest),
		cmocka_unit_test(test_overlap_is_refused),
		cmocka_unit_test(test_every_scalar_of_the_template),
		cmocka_unit_test(test_questions_and_answers),
		cmocka_unit_test(test_odd_layouts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
