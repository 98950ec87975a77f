/* revise/diff.c: the line diff of two revisions, and policy/yaml_errors.c
 * on texts built here (the shell tests use the template). */
#include "testutil.h"
#include "policy/yaml_errors.h"
#include "revise/revise.h"

/* The diff as "-x|+y| z|@" lines, for comparing. */
static char *render(const char *a, const char *b, int ctx)
{
	struct revise_diff_line *d = NULL;
	size_t n = 0;
	struct buf out;

	buf_init(&out, 0);
	assert_int_equal(revise_diff(a, strlen(a), b, strlen(b), ctx, &d, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (d[i].kind == DIFF_HUNK) {
			assert_int_equal(buf_addf(&out, "@%d,%d|", d[i].a_line, d[i].b_line), 0);
			continue;
		}
		assert_int_equal(buf_addf(&out, "%c%.*s|",
					  d[i].kind == DIFF_DEL	  ? '-'
					  : d[i].kind == DIFF_ADD ? '+'
								  : ' ',
					  (int)d[i].len, d[i].s),
				 0);
	}
	free(d);
	return buf_detach(&out, NULL);
}

static void test_diff(void **state)
{
	static const struct {
		const char *a, *b;
		int ctx;
		const char *want;
	} cases[] = {
		{"a\nb\nc\n", "a\nb\nc\n", 3, ""},
		{"", "", 3, ""},
		{"", "x\n", 3, "@0,1|+x|"},
		{"x\n", "", 3, "@1,0|-x|"},
		{"a\nb\nc\n", "a\nB\nc\n", 1, "@1,1| a|-b|+B| c|"},
		{"a\nb\nc\n", "a\nB\nc\n", 0, "@2,2|-b|+B|"},
		/* No newline at the end is the same line. */
		{"a\nb", "a\nb\n", 3, ""},
		/* Two changes far apart: two hunks. */
		{"1\n2\n3\n4\n5\n6\n7\n8\n9\n", "X\n2\n3\n4\n5\n6\n7\n8\nY\n", 1,
		 "@1,1|-1|+X| 2|@8,8| 8|-9|+Y|"},
		/* Close together: one hunk. */
		{"1\n2\n3\n4\n", "X\n2\n3\nY\n", 1, "@1,1|-1|+X| 2| 3|-4|+Y|"},
		/* A line inserted in the middle keeps the rest aligned. */
		{"a\nb\nc\nd\n", "a\nb\nnew\nc\nd\n", 1, "@2,2| b|+new| c|"},
		/* CRLF against LF differs (the web editor normalises before saving). */
		{"a\r\n", "a\n", 0, "@1,1|-a\r|+a|"},
	};

	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(cases); i++) {
		char *got = render(cases[i].a, cases[i].b, cases[i].ctx);

		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, got, cases[i].want);
		free(got);
	}
}

/* A large file with a change in the middle: the head and tail are set
 * aside, the answer is the one line. */
static void test_diff_large(void **state)
{
	struct buf a, b;
	struct revise_diff_line *d = NULL;
	size_t n = 0, changed = 0;

	(void)state;
	buf_init(&a, 0);
	buf_init(&b, 0);
	for (int i = 0; i < 15000; i++) {
		assert_int_equal(buf_addf(&a, "line %d\n", i), 0);
		assert_int_equal(buf_addf(&b, i == 7000 ? "changed %d\n" : "line %d\n", i), 0);
	}
	assert_int_equal(revise_diff(buf_str(&a), a.len, buf_str(&b), b.len, 3, &d, &n), 0);
	for (size_t i = 0; i < n; i++)
		changed += d[i].kind == DIFF_ADD || d[i].kind == DIFF_DEL;
	assert_int_equal(changed, 2);
	free(d);
	buf_release(&a);
	buf_release(&b);
}

static void test_yaml_errors_small(void **state)
{
	static const struct {
		const char *text;
		struct yaml_problem y;
		int line, col;
		const char *want;
	} cases[] = {
		{"a: 1\nb:2\nc: 3\n",
		 {"while scanning a simple key", "could not find expected ':'", 2, 1, 3, 1},
		 2,
		 3,
		 "no space after the colon of \"b:\""},
		{"a:\n  b: 1\n\tc: 2\n",
		 {NULL, "found character that cannot start any token", 0, 0, 3, 1},
		 3,
		 1,
		 "tab character"},
		{"a: [1, 2\nb: 3\n",
		 {"while parsing a flow sequence", "did not find expected ',' or ']'", 1, 4, 2, 2},
		 1,
		 4,
		 "the bracket ["},
		{"a: 'x\nb: 3\nc: 'y'\n",
		 {"while parsing a block mapping", "did not find expected key", 1, 1, 3, 5},
		 1,
		 4,
		 "the quote '"},
		/* Nothing recognisable: left to libyaml's words. */
		{"a: 1\n", {NULL, "something else", 0, 0, 1, 1}, 0, 0, NULL},
	};

	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(cases); i++) {
		char msg[512] = "";
		int line = 0, col = 0;
		bool found = yaml_error_explain(cases[i].text, strlen(cases[i].text), &cases[i].y,
						&line, &col, msg, sizeof(msg));

		if (!cases[i].want) {
			assert_false(found);
			continue;
		}
		if (!found || line != cases[i].line || col != cases[i].col ||
		    !strstr(msg, cases[i].want))
			fail_msg("case %zu: %d:%d %s", i, line, col, msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_diff_large),
		cmocka_unit_test(test_yaml_errors_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
