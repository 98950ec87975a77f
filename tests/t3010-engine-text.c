/* The one rule for text before it is stored or compared (issue 10):
 * line ends become LF, one-line text loses bidi controls and line
 * separators, blank titles are blank, and engine_set_field stores a
 * textarea's CR LF text as LF without calling it a change. */
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

static void expect_clean(const char *in, bool multiline, const char *want)
{
	char *got = engine_text_clean(in, multiline);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_clean(void **state)
{
	(void)state;
	expect_clean("一行目\r\n二行目\r三行目\n", true, "一行目\n二行目\n三行目\n");
	expect_clean("\r\n\r\n", true, "\n\n");
	expect_clean("a\r", true, "a\n");
	/* Kept in multi-line text, removed from one-line text. */
	expect_clean("題\u202e名\u2028", true, "題\u202e名\u2028");
	expect_clean("請求書\u202e\u2066txt.exe\u2069\u2028二\u2029", false, "請求書txt.exe二");
	expect_clean("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", false, "");
	/* Neighbours of the removed ranges stay. */
	expect_clean("\u2027\u202f\u2065\u206a", false, "\u2027\u202f\u2065\u206a");
	expect_clean("", false, "");
}

static void test_blank(void **state)
{
	(void)state;
	assert_true(engine_text_blank(""));
	assert_true(engine_text_blank("   "));
	assert_true(engine_text_blank("\u3000 \t\u3000"));
	assert_false(engine_text_blank(" a "));
	assert_false(engine_text_blank("\u3001"));
	assert_true(engine_field_multiline(inc_field_find("description")));
	assert_false(engine_field_multiline(inc_field_find("title")));
	assert_false(engine_field_multiline(inc_field_find("persons")));
}

struct set {
	int64_t id;
	const char *key, *value;
};

static int set_fn(struct engine *en, void *arg, struct mo_err *e)
{
	struct set *s = arg;

	return engine_set_field(en, s->id, s->key, s->value, e);
}

/* engine_set_field in its own transaction. */
static int set(int64_t id, const char *key, const char *value, struct mo_err *e)
{
	struct set s = {id, key, value};

	mo_err_clear(e);
	return engine_tx(&fx.en, set_fn, &s, e);
}

static void test_set_field(void **state)
{
	struct mo_err e;
	struct inc_full f;
	int64_t id = fix_report(&fx, "{\"title\":\"テスト\",\"category\":\"malware\","
				     "\"description\":\"一行目\\n二行目\"}");

	(void)state;
	mo_err_clear(&e);
	/* The same text with CR LF is no change. */
	assert_int_equal(set(id, "description", "一行目\r\n二行目", &e), -1);
	assert_non_null(strstr(e.msg, "already"));
	/* A change is stored with LF. */
	assert_int_equal(set(id, "description", "一\r\n二\r三", &e), 0);
	assert_int_equal(set(id, "title", "\u3000 ", &e), -1);
	assert_int_equal(set(id, "title", "新\u202eしい", &e), 0);
	assert_int_equal(engine_load(fx.st, id, &f, &e), 0);
	assert_string_equal(f.inc.description, "一\n二\n三");
	assert_string_equal(f.inc.title, "新しい");
	inc_full_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_blank),
		cmocka_unit_test(test_set_field),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
