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
	/* The pre-2026 cap of 130 % for a loan made before 2026-04-01 … */
	in.term_days = 130;
	in.charges_cap_percent = 130;
	in.start.y = 2026;
	in.start.m = 3;
	in.start.d = 31;
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, RUB(1040));
	assert_int_equal(q.charges_cap_percent, 130);
	assert_int_equal(q.flags, 0);
	/* … but from 2026-04-01 a product that says 130 % is held to 100 %
	 * and flagged: the lender's figure is not the law. */
	in.start.m = 4;
	in.start.d = 1;
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, RUB(1000));
	assert_int_equal(q.charges_cap_percent, 100);
	assert_true(q.flags & CALC_CAP_OVER_LAW);
	assert_true(q.flags & CALC_CHARGES_CAPPED);
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
	/* Optional services are not in the ПСК (353-FZ art. 6 parts 4–5):
	 * still 292.000 %, never the 413.666 % they would make. */
	assert_int_equal(q.psk_milli, 292000);
	assert_int_equal(q.flags, 0);

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

/* One rule: down to the kopeck and to 0.001 %. */
static void
test_rounding_down(void **state)
{
	struct calc_input	in;
	struct calc_quote	q;

	(void)state;
	in = input(1500, 1, 10);	/* 1.5 kopecks */
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, 1);
	in = input(1499, 1, 10);	/* 1.499 */
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, 1);
	in = input(123456, 7, 80);	/* 6913.536 */
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, 6913);
	in = input(RUB(1000), 5, 0);	/* interest-free */
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, 0);
	assert_int_equal(q.psk_milli, 0);
	/* 1 500,50 ₽ for 7 days: 84,028 ₽ is 84,02 ₽, 291.972 %, never the
	 * 84,03 ₽ / 292.007 % of rounding half up. */
	in = input(150050, 7, 80);
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest, 8402);
	assert_int_equal(q.psk_milli, 291972);
	assert_int_equal(q.flags, 0);
	assert_int_equal(calc_interest(150050, 80, 7), 8402);
	assert_int_equal(calc_psk_single(150050, 8402, 7), 291972);
	/* 20 % a year on 10 000 ₽ for 5 days: 27,397… ₽ */
	assert_int_equal(calc_penalty(RUB(10000), 20, 5), 2739);
}

/* art. 6 on a schedule: one payment is the single formula; an extension
 * paid at the due date and a partial payment at the contract rate stay
 * at 292 %. */
static void
test_psk_flows(void **state)
{
	struct calc_flow	one[] = { { 30, RUB(12400) } };
	struct calc_flow	ext[] = { { 30, RUB(2400) }, { 60, RUB(12400) } };
	struct calc_flow	part[] = { { 10, 150050 }, { 30, 1078742 } };
	struct calc_flow	bad[] = { { 30, 100 }, { 30, 100 } };

	(void)state;
	assert_int_equal(calc_psk_flows(RUB(10000), one, 1), 292000);
	assert_int_equal(calc_psk_flows(RUB(10000), ext, 2), 292000);
	assert_true(calc_psk_flows(RUB(10000), part, 2) <= 292000);
	assert_true(calc_psk_flows(RUB(10000), part, 2) >= 291990);
	assert_int_equal(calc_psk_flows(RUB(10000), bad, 2), -1);
	assert_int_equal(calc_psk_flows(0, one, 1), -1);
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
	in.charges_cap_percent = 10000;
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_int_equal(q.interest_uncapped, CALC_MAX_PRINCIPAL *
	    CALC_MAX_TERM);
	assert_true(q.flags & CALC_CAP_OVER_LAW);
	assert_true(q.total > 0);
	assert_true(q.psk_milli > 0);
	in.extra_charges = 10 * CALC_MAX_PRINCIPAL;
	assert_int_equal(calc_quote(&in, &q), CALC_OK);
	assert_true(q.flags & CALC_OVER_CHARGES_CAP);
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
		cmocka_unit_test(test_rounding_down),
		cmocka_unit_test(test_psk_flows),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_extremes_do_not_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
