/* test_calc.c — the loan quote against hand-computed cases. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/calc.h"

#define RUB(x)	((kopecks_t)(x) * 100)

static struct calc_input
input(kopecks_t principal, int term, int rate)
{
	struct calc_input	in;

	memset(&in, 0, sizeof in);
	in.principal = principal;
	in.term_days = term;
	in.rate_bp_per_day = rate;
	in.start.y = 2026;
	in.start.m = 11;
	in.start.d = 26;
	return in;
}

static void
test_1000_for_5_days(void **state)
{
	struct calc_input	in = input(RUB(1000), 5, 80);
	struct calc_quote	q;

	(void)state;
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, RUB(40));
	assert_int_equal(q.total, RUB(1040));
	assert_int_equal(q.overpayment, RUB(40));
	assert_int_equal(q.psk_milli, 292000);
	assert_int_equal(q.flags, 0);
	assert_int_equal(q.due.y, 2026);
	assert_int_equal(q.due.m, 12);
	assert_int_equal(q.due.d, 1);
}

static void
test_10000_for_30_days(void **state)
{
	struct calc_input	in = input(RUB(10000), 30, 80);
	struct calc_quote	q;

	(void)state;
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, RUB(2400));
	assert_int_equal(q.total, RUB(12400));
	assert_int_equal(q.psk_milli, 292000);
	assert_int_equal(q.flags, 0);
	assert_int_equal(q.due.m, 12);
	assert_int_equal(q.due.d, 26);
}

/* 0.8 % a day is exactly 292.000 % for every term and amount offered. */
static void
test_cap_rate_is_cap_psk(void **state)
{
	struct calc_input	in;
	struct calc_quote	q;
	int			term;
	kopecks_t		p;

	(void)state;
	for (term = 5; term <= 30; term++) {
		for (p = RUB(1000); p <= RUB(30000); p += RUB(1000)) {
			in = input(p, term, 80);
			assert_int_equal(calc_quote(&in, &q), CALC_OK);
			assert_int_equal(q.psk_milli, 292000);
			assert_int_equal(q.flags, 0);
		}
	}
}

static void
test_under_the_cap(void **state)
{
	struct calc_input	in = input(RUB(1000), 10, 50);
	struct calc_quote	q;
	char			s[24];

	(void)state;
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, RUB(50));
	assert_int_equal(q.psk_milli, 182500);
	assert_string_equal(calc_psk_format(q.psk_milli, s, sizeof s),
	    "182.500");
	assert_int_equal(q.flags, 0);
}

static void
test_over_rate_cap(void **state)
{
	struct calc_input	in = input(RUB(1000), 10, 100);
	struct calc_quote	q;

	(void)state;
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, RUB(100));
	assert_int_equal(q.psk_milli, 365000);
	assert_int_equal(q.flags, CALC_OVER_RATE_CAP | CALC_OVER_PSK_CAP);
}

/* 0.8 % × 130 days = 104 %: the interest stops at 100 % of principal. */
static void
test_charges_cap_binds(void **state)
{
	struct calc_input	in = input(RUB(1000), 130, 80);
	struct calc_quote	q;
	char			s[24];

	(void)state;
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest_uncapped, RUB(1040));
	assert_int_equal(q.interest, RUB(1000));
	assert_int_equal(q.total, RUB(2000));
	assert_int_equal(q.overpayment, RUB(1000));
	assert_true(q.flags & CALC_CHARGES_CAPPED);
	assert_false(q.flags & CALC_OVER_CHARGES_CAP);
	assert_false(q.flags & CALC_OVER_RATE_CAP);
	/* 1 × 365/130 × 100 = 280.769230… */
	assert_int_equal(q.psk_milli, 280769);
	assert_string_equal(calc_psk_format(q.psk_milli, s, sizeof s),
	    "280.769");
	/* 125 days is exactly 100 %: not capped. */
	in.term_days = 125;
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, RUB(1000));
	assert_int_equal(q.flags, 0);
	/* The pre-2026 cap of 130 % when the product says so. */
	in.term_days = 130;
	in.charges_cap_percent = 130;
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, RUB(1040));
	assert_int_equal(q.flags, 0);
}

static void
test_extra_charges(void **state)
{
	struct calc_input	in = input(RUB(1000), 30, 80);
	struct calc_quote	q;

	(void)state;
	in.extra_charges = RUB(100);
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, RUB(240));
	assert_int_equal(q.charges, RUB(340));
	assert_int_equal(q.total, RUB(1340));
	/* 0.34 × 365/30 × 100 = 413.666… → 413.667; services count. */
	assert_int_equal(q.psk_milli, 413667);
	assert_int_equal(q.flags, CALC_OVER_PSK_CAP);

	/* Services and interest together over 100 %: interest gives way. */
	in.term_days = 120;		/* 960 ₽ interest + 100 ₽ */
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, RUB(900));
	assert_int_equal(q.charges, RUB(1000));
	assert_true(q.flags & CALC_CHARGES_CAPPED);

	/* Services alone over the cap: no interest, and flagged. */
	in.extra_charges = RUB(1500);
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, 0);
	assert_int_equal(q.total, RUB(2500));
	assert_true(q.flags & CALC_CHARGES_CAPPED);
	assert_true(q.flags & CALC_OVER_CHARGES_CAP);
}

static void
test_rounding_half_up(void **state)
{
	struct calc_input	in;
	struct calc_quote	q;

	(void)state;
	in = input(1500, 1, 10);	/* 1.5 kopecks */
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, 2);
	in = input(1499, 1, 10);	/* 1.499 */
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, 1);
	in = input(123456, 7, 80);	/* 6913.536 */
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, 6914);
	in = input(RUB(1000), 5, 0);	/* interest-free */
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, 0);
	assert_int_equal(q.psk_milli, 0);
}

static void
test_bad_input(void **state)
{
	struct calc_input	in;
	struct calc_quote	q;

	(void)state;
	in = input(0, 5, 80);
	assert_int_equal(calc_quote(&in, &q), CALC_BAD_PRINCIPAL);
	in = input(-100, 5, 80);
	assert_int_equal(calc_quote(&in, &q), CALC_BAD_PRINCIPAL);
	in = input(CALC_MAX_PRINCIPAL + 1, 5, 80);
	assert_int_equal(calc_quote(&in, &q), CALC_BAD_PRINCIPAL);
	in = input(RUB(1000), 0, 80);
	assert_int_equal(calc_quote(&in, &q), CALC_BAD_TERM);
	in = input(RUB(1000), 5, -1);
	assert_int_equal(calc_quote(&in, &q), CALC_BAD_RATE);
	in = input(RUB(1000), 5, 80);
	in.extra_charges = -1;
	assert_int_equal(calc_quote(&in, &q), CALC_BAD_CHARGES);
	in = input(RUB(1000), 5, 80);
	in.start.m = 2;
	in.start.d = 30;
	assert_int_equal(calc_quote(&in, &q), CALC_BAD_DATE);
	assert_int_equal(q.total, 0);
	assert_true(strlen(calc_strerror(CALC_BAD_TERM)) > 0);
}

static void
test_extremes_do_not_overflow(void **state)
{
	struct calc_input	in;
	struct calc_quote	q;

	(void)state;
	in = input(CALC_MAX_PRINCIPAL, CALC_MAX_TERM, CALC_MAX_RATE_BP);
	in.extra_charges = 10 * CALC_MAX_PRINCIPAL;
	in.charges_cap_percent = 10000;
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest_uncapped, CALC_MAX_PRINCIPAL *
	    CALC_MAX_TERM);
	assert_true(q.total > 0);
	assert_true(q.psk_milli > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_1000_for_5_days),
		cmocka_unit_test(test_10000_for_30_days),
		cmocka_unit_test(test_cap_rate_is_cap_psk),
		cmocka_unit_test(test_under_the_cap),
		cmocka_unit_test(test_over_rate_cap),
		cmocka_unit_test(test_charges_cap_binds),
		cmocka_unit_test(test_extra_charges),
		cmocka_unit_test(test_rounding_half_up),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_extremes_do_not_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
