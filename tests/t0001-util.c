/* util/: the growable buffer, dates, numbers, atomic file writes. */
#include "testutil.h"
#include "util/strnum.h"
#include "util/timeutil.h"
#include "util/timefmt.h"
#include "util/phone.h"

#include <sys/stat.h>

static void test_buf_grows_and_detaches(void **state)
{
	struct buf b;
	char *s;
	size_t len;

	(void)state;
	buf_init(&b, 0);
	assert_string_equal(buf_str(&b), "");
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_addf(&b, "%d,", i), 0);
	assert_int_equal(b.len, strlen(buf_str(&b)));
	assert_true(strstr(buf_str(&b), "999,") != NULL);
	s = buf_detach(&b, &len);
	assert_int_equal(len, strlen(s));
	assert_null(b.data);
	free(s);
}

static void test_buf_max_fails_and_frees(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "1234"), 0);
	assert_int_equal(buf_adds(&b, "56789"), -1);
	assert_true(b.failed);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	/* Once failed, it stays failed: no half-built text. */
	assert_int_equal(buf_adds(&b, "x"), -1);
	buf_release(&b);
}

static void test_dates(void **state)
{
	struct mo_date d, e;
	char out[64];

	(void)state;
	assert_int_equal(date_parse("2024-02-29", &d), 0);
	assert_int_not_equal(date_parse("2023-02-29", &d), 0);
	assert_int_not_equal(date_parse("2026-13-01", &d), 0);
	assert_int_not_equal(date_parse("2026-1-01", &d), 0);
	assert_int_not_equal(date_parse("2026-01-01x", &d), 0);
	assert_int_equal(date_parse("2026-01-31", &d), 0);
	e = date_add_months(d, 1);
	assert_int_equal(e.month, 2);
	assert_int_equal(e.day, 28);
	e = date_add_months(d, 12);
	assert_int_equal(e.year, 2027);
	assert_true(date_cmp(d, e) < 0);
	date_format(d, true, out, sizeof(out));
	assert_string_equal(out, "2026年1月31日");
	date_format(d, false, out, sizeof(out));
	assert_string_equal(out, "2026-01-31");
}

/* Every instant time_parse accepts prints (time_format_utc) to a form it
 * reads back; offsets past the years 1900-9999 are refused (found by
 * tests/fuzz/fuzz-time.c). */
static void test_instants_round_trip(void **state)
{
	static const char *const ok[] = {"2026-11-22T10:00:00+09:00", "1900-01-01T00:00:00Z",
					 "9999-12-31T23:59:59Z", "1900-01-01T00:00:00-23:59",
					 "9999-12-31T00:00:00+23:59"};
	static const char *const bad[] = {"9999-12-31T23:59:59-23:59", "1900-01-01T00:00:00+00:01",
					  "2026-02-29T00:00:00Z", "2026-11-22T10:00:00"};
	char out[MO_TIME_MAX];
	int64_t t, back;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(time_parse(ok[i], &t), 0);
		time_format_utc(t, out, sizeof(out));
		assert_int_equal(time_parse(out, &back), 0);
		assert_int_equal(back, t);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(time_parse(bad[i], &t), -1);
}

static void test_numbers(void **state)
{
	long v;

	(void)state;
	assert_int_equal(str_to_long("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_not_equal(str_to_long("101", 0, 100, &v), 0);
	assert_int_not_equal(str_to_long("4x", 0, 100, &v), 0);
	assert_int_not_equal(str_to_long("", 0, 100, &v), 0);
	assert_int_not_equal(str_to_long(" 4", 0, 100, &v), 0);
	assert_int_not_equal(str_to_long("99999999999999999999999", 0, 100, &v), 0);
}

static void test_atomic_write_is_private(void **state)
{
	char dir[] = "/tmp/mo-util-XXXXXX";
	char path[600], sub[300];
	struct mo_err e;
	struct stat st;
	char *data;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/a/b", dir);
	assert_int_equal(fs_mkdirs(sub, &e), 0);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(path, sizeof(path), "%s/f.txt", sub);
	assert_int_equal(fs_write_file(path, "hello", 5, &e), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	data = test_read(path);
	assert_string_equal(data, "hello");
	free(data);
	/* A size limit is honoured and says so. */
	assert_int_not_equal(fs_read_file(path, 3, &data, NULL, &e), 0);
	assert_true(strstr(e.msg, "too large") != NULL);
	/* Writing into a folder that does not exist fails and leaves nothing. */
	snprintf(path, sizeof(path), "%s/none/f.txt", dir);
	assert_int_not_equal(fs_write_file(path, "x", 1, &e), 0);
	assert_false(fs_exists(path));
	snprintf(path, sizeof(path), "%s/a/b/f.txt", dir);
	unlink(path);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/a", dir);
	rmdir(sub);
	rmdir(dir);
}

/* A time a person types (issue 11 item 8): one parser for every form. */
static void test_time_input(void **state)
{
	/* 2026-12-01T18:30:00+09:00 */
	const int64_t want = 1796117400, now = 1796207200; /* now: 2026-12-02 19:26:40 JST */
	static const char *const good[] = {
		"2026/12/01 18:30",	"2026-12-01 18:30",
		"12/1 18:30",		"2026-12-01T18:30:00+09:00",
		"2026-12-01T09:30:00Z", "2026-12-01T18:30",
		"2026/12/1 18:30:00",	" ２０２６／１２／０１　１８：３０ ",
		"１２/１ 18:30",	"2026-12-01  18:30",
	};
	static const char *const bad[] = {
		"",
		"12/1",
		"18:30",
		"2026/13/01 18:30",
		"2026/02/30 10:00",
		"2026/12/01 24:00",
		"2026/12/01 18:3",
		"12/1 18:30 foo",
		"2026/12-01 18:30",
		"tomorrow",
		"2026/12/01",
		"202/12/01 18:30",
	};
	int64_t t;

	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(good); i++) {
		if (time_parse_input(good[i], "Asia/Tokyo", now, &t) || t != want)
			fail_msg("\"%s\" should be 2026-12-01 18:30 JST", good[i]);
	}
	for (size_t i = 0; i < MO_ARRAY_SIZE(bad); i++)
		if (time_parse_input(bad[i], "Asia/Tokyo", now, &t) == 0)
			fail_msg("\"%s\" should be refused", bad[i]);
	/* In UTC the same words are nine hours later. */
	assert_int_equal(time_parse_input("2026/12/01 18:30", "UTC", now, &t), 0);
	assert_int_equal(t, want + 9 * 3600);
	/* 12/31 typed on 1 January is last year's. */
	assert_int_equal(time_parse_input("12/31 23:00", "Asia/Tokyo",
					  1798761600 /* 2027-01-01 09:00 JST */, &t),
			 0);
	assert_int_equal(t, 1798725600);
}

static void test_phone_normalize(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(phone_normalize("０３－５９７８－７５０９", out, sizeof(out)), 1);
	assert_string_equal(out, "03-5978-7509");
	assert_int_equal(phone_normalize("090ー1234‐5678", out, sizeof(out)), 1);
	assert_string_equal(out, "090-1234-5678");
	assert_int_equal(phone_normalize("＋８１（３）１２３４", out, sizeof(out)), 1);
	assert_string_equal(out, "+81(3)1234");
	assert_int_equal(phone_normalize("内線12", out, sizeof(out)), 0);
	assert_string_equal(out, "内線12");
	assert_int_equal(phone_normalize("sato@example.jp", out, sizeof(out)), 0);
	assert_int_equal(phone_normalize("12", out, sizeof(out)), 0);
	assert_int_equal(phone_normalize("０３－５９７８－７５０９", out, 4), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_grows_and_detaches),
		cmocka_unit_test(test_buf_max_fails_and_frees),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_time_input),
		cmocka_unit_test(test_phone_normalize),
		cmocka_unit_test(test_instants_round_trip),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_atomic_write_is_private),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
