/* test_date.c — calendar dates: parsing, arithmetic, Moscow's today. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/date.h"

static struct date
D(int y, int m, int d)
{
	struct date	x = { y, m, d };

	return x;
}

static void
assert_date(struct date got, int y, int m, int d)
{
	if (got.y != y || got.m != m || got.d != d)
		fail_msg("got %04d-%02d-%02d, want %04d-%02d-%02d", got.y,
		    got.m, got.d, y, m, d);
}

static void
test_parse_both_forms(void **state)
{
	struct date	d;

	(void)state;
	assert_int_equal(date_parse("2026-11-26", &d), DATE_OK);
	assert_date(d, 2026, 11, 26);
	assert_int_equal(date_parse("15.05.1990", &d), DATE_OK);
	assert_date(d, 1990, 5, 15);
	assert_int_equal(date_parse("29.02.2024", &d), DATE_OK);
	assert_date(d, 2024, 2, 29);
	assert_int_equal(date_parse("2000-02-29", &d), DATE_OK);
	assert_int_equal(date_parse("0001-01-01", &d), DATE_OK);
	assert_int_equal(date_parse("31.12.9999", &d), DATE_OK);
}

static void
test_parse_strict(void **state)
{
	static const struct {
		const char	*in;
		enum date_error	 err;
	} t[] = {
		{ "", DATE_EMPTY },
		{ "29.02.2023", DATE_NO_SUCH_DAY },
		{ "1900-02-29", DATE_NO_SUCH_DAY },
		{ "31.04.2024", DATE_NO_SUCH_DAY },
		{ "2024-13-01", DATE_NO_SUCH_DAY },
		{ "2024-00-10", DATE_NO_SUCH_DAY },
		{ "00.01.2024", DATE_NO_SUCH_DAY },
		{ "0000-01-01", DATE_NO_SUCH_DAY },
		{ "5.05.1990", DATE_BAD_FORMAT },
		{ "15.5.1990", DATE_BAD_FORMAT },
		{ "15.05.90", DATE_BAD_FORMAT },
		{ "15/05/1990", DATE_BAD_FORMAT },
		{ "1990.05.15", DATE_BAD_FORMAT },
		{ "15-05-1990", DATE_BAD_FORMAT },
		{ " 15.05.1990", DATE_BAD_FORMAT },
		{ "15.05.1990 ", DATE_BAD_FORMAT },
		{ "2026-11-2a", DATE_BAD_FORMAT },
		{ "+026-11-26", DATE_BAD_FORMAT },
		{ "2026-1-026", DATE_BAD_FORMAT },
	};
	struct date	d;
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		enum date_error e = date_parse(t[i].in, &d);
		if (e != t[i].err)
			fail_msg("\"%s\": got %d, want %d", t[i].in, e,
			    t[i].err);
		assert_date(d, 0, 0, 0);
	}
	assert_int_equal(date_parse(NULL, &d), DATE_EMPTY);
	assert_true(strlen(date_strerror(DATE_BAD_FORMAT)) > 0);
}

static void
test_leap(void **state)
{
	(void)state;
	assert_true(date_is_leap(2024));
	assert_true(date_is_leap(2000));
	assert_false(date_is_leap(1900));
	assert_false(date_is_leap(2026));
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2026, 2), 28);
	assert_int_equal(date_days_in_month(2026, 4), 30);
	assert_int_equal(date_days_in_month(2026, 13), 0);
}

static void
test_days(void **state)
{
	struct date	a = D(1970, 1, 1), b = D(2026, 11, 26);
	long		n;

	(void)state;
	assert_int_equal(date_to_days(&a), 0);
	assert_int_equal(date_to_days(&b), 20783);
	assert_date(date_from_days(-1), 1969, 12, 31);
	assert_date(date_from_days(20783), 2026, 11, 26);
	/* Every day of 1899..2101 survives the round trip, in order. */
	a = D(1899, 1, 1);
	for (n = date_to_days(&a); n < date_to_days(&a) + 74000; n++) {
		struct date x = date_from_days(n), y = date_from_days(n + 1);
		assert_true(date_valid(&x));
		assert_int_equal(date_to_days(&x), n);
		assert_true(date_cmp(&x, &y) < 0);
	}
}

static void
test_add_and_diff(void **state)
{
	struct date	d = D(2026, 11, 26), e;

	(void)state;
	assert_date(date_add_days(&d, 5), 2026, 12, 1);
	assert_date(date_add_days(&d, 30), 2026, 12, 26);
	assert_date(date_add_days(&d, 36), 2027, 1, 1);
	assert_date(date_add_days(&d, -26), 2026, 10, 31);
	d = D(2024, 2, 28);
	assert_date(date_add_days(&d, 1), 2024, 2, 29);
	assert_date(date_add_days(&d, 2), 2024, 3, 1);
	d = D(2026, 1, 1);
	e = D(2027, 1, 1);
	assert_int_equal(date_diff(&d, &e), 365);
	d = D(2028, 1, 1);
	e = D(2029, 1, 1);
	assert_int_equal(date_diff(&d, &e), 366);
	assert_int_equal(date_diff(&e, &d), -366);
	assert_int_equal(date_cmp(&d, &d), 0);
}

static void
test_age(void **state)
{
	struct date	b = D(1990, 5, 15), on;

	(void)state;
	on = D(2004, 5, 14);
	assert_int_equal(date_age(&b, &on), 13);
	on = D(2004, 5, 15);
	assert_int_equal(date_age(&b, &on), 14);
	on = D(2026, 11, 26);
	assert_int_equal(date_age(&b, &on), 36);
	b = D(2008, 2, 29);
	on = D(2022, 2, 27);
	assert_int_equal(date_age(&b, &on), 13);
	on = D(2022, 2, 28);
	assert_int_equal(date_age(&b, &on), 14);
	on = D(2024, 2, 28);		/* a leap year: the 29th is the day */
	assert_int_equal(date_age(&b, &on), 15);
	on = D(2024, 2, 29);
	assert_int_equal(date_age(&b, &on), 16);
}

static void
test_moscow(void **state)
{
	struct date	t;

	(void)state;
	/* 2026-11-26 20:59:59 UTC is 23:59:59 in Moscow, 21:00 the next day. */
	assert_date(date_from_time(1795726799), 2026, 11, 26);
	assert_date(date_from_time(1795726800), 2026, 11, 27);
	assert_date(date_from_time(0), 1970, 1, 1);
	/* 1969-12-31 20:59:59 UTC is 23:59:59 in Moscow. */
	assert_date(date_from_time(-3 * 3600 - 1), 1969, 12, 31);
	assert_date(date_from_time(-3 * 3600), 1970, 1, 1);
	t = date_today();
	assert_true(date_valid(&t));
	assert_true(t.y >= 2026);
}

static void
test_format(void **state)
{
	struct date	d = D(2026, 3, 5);
	char		out[DATE_FMT_LEN];

	(void)state;
	assert_string_equal(date_format_iso(&d, out, sizeof out),
	    "2026-03-05");
	assert_string_equal(date_format_ru(&d, out, sizeof out),
	    "05.03.2026");
}

static void
test_working_days(void **state)
{
	struct date	d;

	(void)state;
	d = D(2026, 11, 28);	/* Saturday */
	assert_false(date_is_working_day(&d));
	d = D(2026, 11, 4);	/* Unity Day, a Wednesday */
	assert_false(date_is_working_day(&d));
	d = D(2026, 3, 9);	/* 8 March was a Sunday: Monday is off */
	assert_false(date_is_working_day(&d));
	d = D(2026, 5, 11);	/* 9 May a Saturday: Monday is off */
	assert_false(date_is_working_day(&d));
	d = D(2026, 5, 12);
	assert_true(date_is_working_day(&d));
	d = D(2027, 1, 8);
	assert_false(date_is_working_day(&d));
	/* An appeal on Friday 27.11.2026: the 15th working day. */
	d = D(2026, 11, 27);
	assert_date(date_add_working_days(&d, 15), 2026, 12, 18);
	/* Five working days over the New Year holidays. */
	d = D(2026, 12, 25);
	assert_date(date_add_working_days(&d, 5), 2027, 1, 11);
	d = D(2026, 11, 27);
	assert_date(date_add_working_days(&d, 0), 2026, 11, 27);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_both_forms),
		cmocka_unit_test(test_parse_strict),
		cmocka_unit_test(test_leap),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_add_and_diff),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_moscow),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_working_days),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
