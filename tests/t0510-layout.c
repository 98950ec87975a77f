/* The PDF layout engine on its own: empty and long documents, tables
 * longer than a page and rows taller than one, links (only safe schemes),
 * bad text, errors from the content and from fonts leaving the output
 * untouched, and QR codes too long to encode. */
#include "testutil.h"
#include "render/layout.h"

#include <unistd.h>

static int setup(void **state)
{
	(void)state;
	unsetenv("MOSHIMO_FONT");
	setenv("MOSHIMO_TODAY", "2026-05-01", 1);
	return 0;
}

/* How many pages the PDF in b has (cairo writes one page object each). */
static size_t pdf_pages(const struct buf *b)
{
	static const char mark[] = "/Type /Page %";
	size_t n = 0;

	for (const char *p = b->data;
	     p && (p = memmem(p, b->len - (size_t)(p - b->data), mark, sizeof(mark) - 1)); p++)
		n++;
	return n;
}

static bool contains(const struct buf *b, const char *s)
{
	return b->data && memmem(b->data, b->len, s, strlen(s)) != NULL;
}

static int render(int (*content)(struct layout *, void *), void *ud, struct buf *out,
		  struct mo_err *e)
{
	struct layout_opts o = {0};

	o.title = "test";
	o.content = content;
	o.ud = ud;
	return layout_render(&o, out, e);
}

static int c_empty(struct layout *L, void *ud)
{
	(void)L;
	(void)ud;
	return 0;
}

static void test_empty_document(void **state)
{
	struct buf out;
	struct mo_err e;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(render(c_empty, NULL, &out, &e), 0);
	assert_true(out.len > 100);
	assert_memory_equal(out.data, "%PDF-", 5);
	assert_true(contains(&out, "%%EOF"));
	assert_int_equal(pdf_pages(&out), 1);
	buf_release(&out);
}

/* Chapters with sections, the contents first, paragraphs and lists. */
static int c_long(struct layout *L, void *ud)
{
	char num[32];

	(void)ud;
	layout_add(L, 0, "目次");
	layout_toc(L);
	for (int ch = 1; ch <= 12; ch++) {
		snprintf(num, sizeof(num), "%d", ch);
		layout_add(L, 0, "章の見出し");
		layout_heading(L, 2, num, LAYOUT_H_OUTLINE | LAYOUT_H_TOC | LAYOUT_H_NEW_PAGE);
		for (int s = 1; s <= 4; s++) {
			snprintf(num, sizeof(num), "%d.%d", ch, s);
			layout_add(L, 0, "節の見出し");
			layout_heading(L, 3, num, LAYOUT_H_OUTLINE | LAYOUT_H_TOC);
			for (int p = 0; p < 6; p++) {
				layout_add(L, 0,
					   "情報セキュリティインシデントが発生した場合には、"
					   "以下の体制で対応する。");
				layout_add(L, LAYOUT_BOLD, "「重要」");
				layout_add(L, LAYOUT_MARK, "〇〇");
				layout_para(L, LAYOUT_P_BODY);
			}
			layout_add(L, 0, "ネットワークから切り離す");
			layout_item(L, 0, "1.");
			layout_add(L, 0, "電源を切らない");
			layout_item(L, 1, "・");
			layout_list_end(L);
		}
	}
	return 0;
}

static void test_long_document(void **state)
{
	struct buf out;
	struct mo_err e;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(render(c_long, NULL, &out, &e), 0);
	/* contents (1 or more pages) + 12 chapters of several pages */
	assert_true(pdf_pages(&out) > 24);
	assert_true(contains(&out, "/Outlines"));
	/* The contents link to the headings by name (60 headings: h0 … h59). */
	assert_true(contains(&out, "/Dest (h1)"));
	assert_true(contains(&out, "/Dest (h59)"));
	buf_release(&out);
}

struct table_spec {
	int rows;
	int tall_lines; /* > 0: one cell of that many lines */
};

static int c_table(struct layout *L, void *ud)
{
	const struct table_spec *t = ud;
	char cell[64];

	layout_add(L, 0, "長い表");
	layout_heading(L, 2, "1", LAYOUT_H_OUTLINE);
	layout_table_begin(L, 3, LAYOUT_T_HEAD | LAYOUT_T_KEYS);
	layout_add(L, 0, "番号");
	layout_table_cell(L);
	layout_add(L, 0, "内容");
	layout_table_cell(L);
	layout_add(L, 0, "担当");
	layout_table_cell(L);
	layout_table_row(L);
	for (int r = 0; r < t->rows; r++) {
		snprintf(cell, sizeof(cell), "%d", r);
		layout_add(L, 0, cell);
		layout_table_cell(L);
		if (r == t->rows / 2 && t->tall_lines) {
			for (int i = 0; i < t->tall_lines; i++) {
				snprintf(cell, sizeof(cell), "行%d", i);
				layout_add(L, 0, cell);
				layout_newline(L);
			}
		} else {
			layout_add(L, 0,
				   "インシデント対応責任者は原因を特定するとともに、"
				   "二次被害が想定される場合には防止策を実行する。");
		}
		layout_table_cell(L);
		layout_add(L, 0, "情報システム管理者");
		/* the row's last cell is taken by layout_table_row */
		layout_table_row(L);
	}
	layout_table_end(L);
	return 0;
}

static void test_long_table(void **state)
{
	struct table_spec t = {200, 0};
	struct buf out;
	struct mo_err e;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(render(c_table, &t, &out, &e), 0);
	assert_true(pdf_pages(&out) >= 5);
	buf_release(&out);
}

static void test_row_taller_than_a_page(void **state)
{
	struct table_spec t = {6, 400};
	struct buf out;
	struct mo_err e;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(render(c_table, &t, &out, &e), 0);
	assert_true(pdf_pages(&out) >= 6);
	buf_release(&out);
}

static int c_links(struct layout *L, void *ud)
{
	(void)ud;
	layout_add_link(L, 0, "IPA", "https://www.ipa.go.jp/security/");
	layout_add(L, 0, " と ");
	layout_add_link(L, 0, "危ないリンク", "javascript:alert(1)");
	layout_add(L, 0, " と ");
	layout_add_link(L, 0, "電話", "tel:03-5978-7509");
	layout_para(L, LAYOUT_P_BODY);
	return 0;
}

static void test_links(void **state)
{
	struct buf out;
	struct mo_err e;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(render(c_links, NULL, &out, &e), 0);
	assert_true(contains(&out, "https://www.ipa.go.jp/security/"));
	assert_true(contains(&out, "tel:03-5978-7509"));
	assert_false(contains(&out, "javascript"));
	buf_release(&out);
}

static int c_bad_text(struct layout *L, void *ud)
{
	static const char bad[] = "制御\x01文字\x1b[31mと\xff\xfe不正な\xe3\x81UTF-8\r\n次の行";

	(void)ud;
	layout_addn(L, 0, bad, sizeof(bad) - 1);
	layout_para(L, LAYOUT_P_BODY);
	layout_addn(L, 0, bad, sizeof(bad) - 1);
	layout_heading(L, 3, "1.1", LAYOUT_H_OUTLINE);
	layout_table_begin(L, 2, 0);
	layout_addn(L, 0, bad, sizeof(bad) - 1);
	layout_table_cell(L);
	layout_table_end(L);
	return 0;
}

static void test_bad_text(void **state)
{
	struct buf out;
	struct mo_err e;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(render(c_bad_text, NULL, &out, &e), 0);
	assert_memory_equal(out.data, "%PDF-", 5);
	buf_release(&out);
}

static int c_fails(struct layout *L, void *ud)
{
	int *calls = ud;

	(*calls)++;
	layout_add(L, 0, "途中まで");
	layout_para(L, LAYOUT_P_BODY);
	layout_fail(L, "the content gave up");
	layout_add(L, 0, "after the failure");
	layout_para(L, LAYOUT_P_BODY);
	return -1;
}

static void test_content_error_leaves_output(void **state)
{
	struct buf out;
	struct mo_err e;
	int calls = 0;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(buf_adds(&out, "before"), 0);
	assert_int_equal(render(c_fails, &calls, &out, &e), -1);
	assert_string_equal(e.msg, "the content gave up");
	assert_int_equal(calls, 1);
	assert_string_equal(buf_str(&out), "before");
	buf_release(&out);
}

static void test_missing_font(void **state)
{
	struct buf out;
	struct mo_err e;

	(void)state;
	setenv("MOSHIMO_FONT", "Bogus Font Family", 1);
	buf_init(&out, 0);
	assert_int_equal(render(c_long, NULL, &out, &e), -1);
	assert_non_null(strstr(e.msg, "Bogus Font Family"));
	assert_int_equal(out.len, 0);
	buf_release(&out);
	unsetenv("MOSHIMO_FONT");
}

static int c_qr(struct layout *L, void *ud)
{
	const char *text = ud;

	layout_new_page(L);
	return layout_qr(L, 50, 50, 100, text);
}

static void test_qr(void **state)
{
	struct buf out;
	struct mo_err e;
	char *huge = malloc(10000);

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(render(c_qr, "https://example.co.jp/report", &out, &e), 0);
	buf_release(&out);

	assert_non_null(huge);
	memset(huge, 'x', 9999);
	huge[9999] = '\0';
	buf_init(&out, 0);
	assert_int_equal(render(c_qr, huge, &out, &e), -1);
	assert_non_null(strstr(e.msg, "QR"));
	buf_release(&out);
	free(huge);
}

/* The output buffer's limit is honoured: a PDF too large is an error. */
static void test_output_limit(void **state)
{
	struct buf out;
	struct mo_err e;

	(void)state;
	buf_init(&out, 4096);
	assert_int_equal(render(c_long, NULL, &out, &e), -1);
	assert_true(e.msg[0] != '\0');
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_document),
		cmocka_unit_test(test_long_document),
		cmocka_unit_test(test_long_table),
		cmocka_unit_test(test_row_taller_than_a_page),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_content_error_leaves_output),
		cmocka_unit_test(test_missing_font),
		cmocka_unit_test(test_qr),
		cmocka_unit_test(test_output_limit),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
