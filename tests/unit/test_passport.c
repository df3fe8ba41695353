/* test_passport.c — series, number, division code and issue date. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/passport.h"

static struct date
D(int y, int m, int d)
{
	struct date	x = { y, m, d };

	return x;
}

static void
test_series_number(void **state)
{
	char	s[PASSPORT_SERIES_LEN + 1], n[PASSPORT_NUMBER_LEN + 1];

	(void)state;
	assert_int_equal(passport_series_parse("4510", s), PASSPORT_OK);
	assert_string_equal(s, "4510");
	assert_int_equal(passport_series_parse("45 10", s), PASSPORT_OK);
	assert_string_equal(s, "4510");
	assert_int_equal(passport_series_parse("451", s), PASSPORT_BAD_SERIES);
	assert_string_equal(s, "");
	assert_int_equal(passport_series_parse("45101", s),
	    PASSPORT_BAD_SERIES);
	assert_int_equal(passport_series_parse("45-10", s),
	    PASSPORT_BAD_SERIES);
	assert_int_equal(passport_series_parse("45AB", s),
	    PASSPORT_BAD_SERIES);
	/* No region is numbered 00. */
	assert_int_equal(passport_series_parse("0000", s),
	    PASSPORT_BAD_SERIES);
	assert_string_equal(s, "");
	assert_int_equal(passport_series_parse("0012", s),
	    PASSPORT_BAD_SERIES);
	assert_int_equal(passport_series_parse("0112", s), PASSPORT_OK);
	assert_int_equal(passport_series_parse("  ", s), PASSPORT_EMPTY);
	assert_int_equal(passport_series_parse(NULL, s), PASSPORT_EMPTY);

	assert_int_equal(passport_number_parse("123456", n), PASSPORT_OK);
	assert_string_equal(n, "123456");
	assert_int_equal(passport_number_parse(" 123 456 ", n), PASSPORT_OK);
	assert_int_equal(passport_number_parse("12345", n),
	    PASSPORT_BAD_NUMBER);
	assert_int_equal(passport_number_parse("1234567", n),
	    PASSPORT_BAD_NUMBER);
	assert_int_equal(passport_number_parse("12345x", n),
	    PASSPORT_BAD_NUMBER);
	assert_int_equal(passport_number_parse("", n), PASSPORT_EMPTY);
}

static void
test_division(void **state)
{
	char	d[PASSPORT_DIVISION_LEN + 1];

	(void)state;
	assert_int_equal(passport_division_parse("770-001", d), PASSPORT_OK);
	assert_string_equal(d, "770-001");
	assert_int_equal(passport_division_parse("770001", d), PASSPORT_OK);
	assert_string_equal(d, "770-001");
	assert_int_equal(passport_division_parse(" 770 - 001 ", d),
	    PASSPORT_OK);
	assert_string_equal(d, "770-001");
	assert_int_equal(passport_division_parse("77-0001", d),
	    PASSPORT_BAD_DIVISION);
	assert_string_equal(d, "");
	assert_int_equal(passport_division_parse("770-01", d),
	    PASSPORT_BAD_DIVISION);
	assert_int_equal(passport_division_parse("770-0011", d),
	    PASSPORT_BAD_DIVISION);
	assert_int_equal(passport_division_parse("770--001", d),
	    PASSPORT_BAD_DIVISION);
	assert_int_equal(passport_division_parse("770/001", d),
	    PASSPORT_BAD_DIVISION);
	assert_int_equal(passport_division_parse("", d), PASSPORT_EMPTY);
	assert_int_equal(passport_division_parse("000-000", d),
	    PASSPORT_BAD_DIVISION);
	assert_int_equal(passport_division_parse("001-002", d),
	    PASSPORT_BAD_DIVISION);
	assert_int_equal(passport_division_parse("010-002", d), PASSPORT_OK);
}

static void
test_issue_date(void **state)
{
	struct date	birth = D(1990, 5, 15), today = D(2026, 11, 26), i;

	(void)state;
	i = D(2010, 6, 1);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_OK);
	i = today;
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_OK);
	i = D(2026, 11, 27);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_ISSUED_IN_FUTURE);
	/* Born 1950 (never to be replaced): the first passports of
	 * 1 October 1997 are fine, not a day earlier. */
	birth = D(1950, 1, 1);
	i = D(1997, 10, 1);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_OK);
	i = D(1997, 9, 30);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_ISSUED_TOO_EARLY);
	i = D(1997, 7, 1);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_ISSUED_TOO_EARLY);
	/* 14 on the day of issue, not the day before. */
	birth = D(2008, 5, 15);
	i = D(2022, 5, 15);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_OK);
	i = D(2022, 5, 14);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_HOLDER_TOO_YOUNG);
	/* Issued before birth. */
	i = D(2003, 1, 1);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_HOLDER_TOO_YOUNG);
	birth = D(2027, 1, 1);
	i = D(2020, 1, 1);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_BAD_BIRTH_DATE);
}

/* Issued before the 20th or 45th birthday, valid 90 days past it. */
static void
test_replaced_at_20_and_45(void **state)
{
	struct date	birth = D(2000, 3, 10), i = D(2014, 4, 1), today;

	(void)state;
	/* 20 on 2020-03-10: valid through 2020-06-08, void from the 9th. */
	today = D(2020, 3, 10);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_OK);
	today = D(2020, 6, 8);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_OK);
	today = D(2020, 6, 9);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_NEEDS_REPLACING);
	assert_string_equal(passport_reason(PASSPORT_NEEDS_REPLACING),
	    "needs_replacing");
	/* The new one, issued at 20, lasts until 45 + 90 days. */
	i = D(2020, 4, 1);
	today = D(2045, 6, 8);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_OK);
	today = D(2045, 6, 9);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_NEEDS_REPLACING);
	/* Issued at 45 it never expires. */
	i = D(2045, 3, 10);
	today = D(2080, 1, 1);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_OK);
	/* Born on 29 February: 45 on 1 March of a common year. */
	birth = D(1980, 2, 29);
	i = D(2000, 3, 1);
	today = D(2025, 5, 30);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_OK);
	today = D(2025, 5, 31);
	assert_int_equal(passport_issue_check(&i, &birth, &today),
	    PASSPORT_NEEDS_REPLACING);
}

static void
test_validate_names_the_field(void **state)
{
	struct date	 birth = D(1990, 5, 15), today = D(2026, 11, 26);
	struct date	 i = D(2010, 6, 1), bad = D(2030, 1, 1);
	const char	*f = "x";

	(void)state;
	/* The demo borrower's passport. */
	assert_int_equal(passport_validate("4510", "123456", "770-001", &i,
	    &birth, &today, &f), PASSPORT_OK);
	assert_null(f);
	assert_int_equal(passport_validate("451", "123456", "770-001", &i,
	    &birth, &today, &f), PASSPORT_BAD_SERIES);
	assert_string_equal(f, "passport_series");
	assert_int_equal(passport_validate("4510", "12345", "770-001", &i,
	    &birth, &today, &f), PASSPORT_BAD_NUMBER);
	assert_string_equal(f, "passport_number");
	assert_int_equal(passport_validate("4510", "123456", "770", &i,
	    &birth, &today, &f), PASSPORT_BAD_DIVISION);
	assert_string_equal(f, "division_code");
	assert_int_equal(passport_validate("4510", "123456", "770-001", &bad,
	    &birth, &today, &f), PASSPORT_ISSUED_IN_FUTURE);
	assert_string_equal(f, "issue_date");
	assert_int_equal(passport_validate("4510", "123456", "770-001", &i,
	    &bad, &today, &f), PASSPORT_BAD_BIRTH_DATE);
	assert_string_equal(f, "birth_date");
	assert_true(strlen(passport_strerror(PASSPORT_HOLDER_TOO_YOUNG)) > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_series_number),
		cmocka_unit_test(test_division),
		cmocka_unit_test(test_issue_date),
		cmocka_unit_test(test_replaced_at_20_and_45),
		cmocka_unit_test(test_validate_names_the_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
