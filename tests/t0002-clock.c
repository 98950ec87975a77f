/* util/clock.h: the test clock. $MOSHIMO_NOW fixes now and today,
 * $MOSHIMO_TODAY only today, a bad value is the real clock, and every reader
 * (time_now, date_today) agrees with clock_test. */
#include "testutil.h"
#include "util/clock.h"
#include "util/timefmt.h"
#include "util/timeutil.h"

#include <time.h>

static int unset_clocks(void **state)
{
	(void)state;
	unsetenv("MOSHIMO_NOW");
	unsetenv("MOSHIMO_TODAY");
	return 0;
}

static void assert_today(int y, int m, int d)
{
	struct mo_date t = date_today();

	assert_int_equal(t.year, y);
	assert_int_equal(t.month, m);
	assert_int_equal(t.day, d);
}

static void test_real(void **state)
{
	int64_t t, before = (int64_t)time(NULL);

	(void)state;
	assert_int_equal(clock_test(&t), CLOCK_REAL);
	assert_true(t >= before && t <= (int64_t)time(NULL));
	assert_true(time_now() >= before);
}

static void test_now_fixes_now_and_today(void **state)
{
	int64_t t;

	(void)state;
	/* 2026-06-14T23:30:00Z: already the 15th in Tokyo, still the 14th in UTC. */
	setenv("MOSHIMO_NOW", "2026-06-15T08:30:00+09:00", 1);
	assert_int_equal(clock_test(&t), CLOCK_FIXED);
	assert_int_equal(t, 1781479800);
	assert_int_equal(time_now(), 1781479800);
	assert_int_equal(time_now(), 1781479800);
	assert_today(2026, 6, 14);
}

static void test_today_fixes_only_the_date(void **state)
{
	int64_t t, before = (int64_t)time(NULL);

	(void)state;
	setenv("MOSHIMO_TODAY", "2026-11-21", 1);
	assert_int_equal(clock_test(&t), CLOCK_DATE);
	assert_int_equal(t, 1795219200); /* 2026-11-21T00:00:00Z */
	assert_today(2026, 11, 21);
	/* The time of day still runs: now is the real now. */
	assert_true(time_now() >= before);
}

static void test_now_wins_over_today(void **state)
{
	int64_t t;

	(void)state;
	setenv("MOSHIMO_TODAY", "2030-01-01", 1);
	setenv("MOSHIMO_NOW", "2026-12-01T10:00:00Z", 1);
	assert_int_equal(clock_test(&t), CLOCK_FIXED);
	assert_today(2026, 12, 1);
}

static void test_bad_values_are_the_real_clock(void **state)
{
	static const char *const bad_now[] = {"", "yesterday", "2026-12-01", "2026-02-30T00:00:00Z",
					      "2026-12-01T10:00:00"};
	static const char *const bad_today[] = {"", "2026-13-01", "2026-12-1", "2026-12-01T00:00Z"};
	int64_t t;

	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(bad_now); i++) {
		setenv("MOSHIMO_NOW", bad_now[i], 1);
		assert_int_equal(clock_test(&t), CLOCK_REAL);
	}
	unsetenv("MOSHIMO_NOW");
	for (size_t i = 0; i < MO_ARRAY_SIZE(bad_today); i++) {
		setenv("MOSHIMO_TODAY", bad_today[i], 1);
		assert_int_equal(clock_test(&t), CLOCK_REAL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_real, unset_clocks),
		cmocka_unit_test_setup(test_now_fixes_now_and_today, unset_clocks),
		cmocka_unit_test_setup(test_today_fixes_only_the_date, unset_clocks),
		cmocka_unit_test_setup(test_now_wins_over_today, unset_clocks),
		cmocka_unit_test_setup(test_bad_values_are_the_real_clock, unset_clocks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
