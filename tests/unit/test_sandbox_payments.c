/*
 * test_sandbox_payments.c — the lender's arithmetic for a payment: the
 * legal order of the split (overdue interest, overdue principal,
 * penalty, current interest for the days used, current principal), the
 * interest a partial payment saves, what is due today, and the ПСК of a
 * loan repaid in one payment (292 % at 0.8 % a day).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/calc.h"
#include "kabinet/date.h"
#include "sandbox.h"

/* 10 000 ₽ at 0.8 % a day for 30 days, issued 10 days ago. */
static void
loan_init(struct pay_loan *l, const char *state)
{
	struct date	today = date_from_time(sbclock_now());

	memset(l, 0, sizeof *l);
	snprintf(l->id, sizeof l->id, "ln_test");
	snprintf(l->state, sizeof l->state, "%s", state);
	l->principal = l->principal_due = 1000000;
	l->interest_due = 240000;
	l->charges = 240000;
	l->rate_bp = 80;
	l->term = 30;
	l->issued_on = date_add_days(&today, -10);
	l->due_on = date_add_days(&today, 20);
}

static int64_t
member(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static void
test_partial_pays_interest_then_principal(void **state)
{
	struct pay_loan	 l;
	json_t		*sp;

	(void)state;
	loan_init(&l, "active");
	assert_int_equal(pay_total_today(&l), 1080000);
	sp = pay_split(&l, 150000, 0);
	assert_int_equal(member(sp, "interest"), 80000);
	assert_int_equal(member(sp, "principal"), 70000);
	assert_int_equal(member(sp, "penalty"), 0);
	assert_int_equal(member(sp, "overdue_interest"), 0);
	json_decref(sp);
	/* 9 300 ₽ left: 20 days of its interest, 1 488 ₽; 2.4 ₽ × 20 … */
	assert_int_equal(l.principal_due, 930000);
	assert_int_equal(l.interest_due, 148800);
	/* … and the 11.2 ₽ of interest 700 ₽ no longer earns are dropped */
	assert_int_equal(l.charges, 240000 - 11200);
	assert_int_equal(pay_total_today(&l), 930000);
}

static void
test_penalty_before_current_interest(void **state)
{
	struct pay_loan	 l;
	json_t		*sp;

	(void)state;
	loan_init(&l, "active");
	l.penalty_due = 5000;
	sp = pay_split(&l, 10000, 0);
	assert_int_equal(member(sp, "penalty"), 5000);
	assert_int_equal(member(sp, "interest"), 5000);
	assert_int_equal(member(sp, "principal"), 0);
	json_decref(sp);
}

static void
test_overdue_order(void **state)
{
	struct pay_loan	 l;
	json_t		*sp, *due;

	(void)state;
	loan_init(&l, "overdue");
	l.penalty_due = 2739;
	due = pay_due_today(&l);
	assert_int_equal(member(due, "overdue_interest"), 240000);
	assert_int_equal(member(due, "overdue_principal"), 1000000);
	assert_int_equal(member(due, "interest"), 0);
	assert_int_equal(member(due, "total"), 1242739);
	json_decref(due);
	sp = pay_split(&l, 1241000, 0);
	assert_int_equal(member(sp, "overdue_interest"), 240000);
	assert_int_equal(member(sp, "overdue_principal"), 1000000);
	assert_int_equal(member(sp, "penalty"), 1000);
	json_decref(sp);
	assert_int_equal(l.penalty_due, 1739);
}

static void
test_psk_single_payment_is_292(void **state)
{
	struct pay_loan	l;

	(void)state;
	assert_int_equal(db_open(":memory:"), 0);
	loan_init(&l, "active");
	assert_int_equal(pay_psk_schedule(&l, 0), 292000);
	db_close();
}

/*
 * A partial payment at the contract rate never raises the ПСК: over many
 * amounts, terms, days and payments, the receipt's ПСК is the contract's,
 * the price per rouble-day is never above the rate, and the ПСК by
 * art. 6 on the updated schedule is never above the contract's.
 */
static void
test_partial_never_raises_psk(void **state)
{
	struct date	 today = date_from_time(sbclock_now());
	struct pay_loan	 l;
	json_t		*sp;
	int64_t		 p, pay, contract, cost, rouble_days, paid_i, psk;
	int		 term, d, k, n = 0;

	(void)state;
	assert_int_equal(db_open(":memory:"), 0);
	for (p = 100000; p <= 3000000; p += 290000)
	for (term = 5; term <= 30; term += 5)
	for (d = 1; d < term; d += 2)
	for (k = 1; k <= 7; k++) {
		memset(&l, 0, sizeof l);
		snprintf(l.id, sizeof l.id, "ln_prop");
		snprintf(l.state, sizeof l.state, "active");
		l.principal = l.principal_due = p;
		l.rate_bp = 80;
		l.term = term;
		l.interest_due = l.charges = calc_interest(p, 80, term);
		l.psk_milli = contract = calc_psk_single(p, l.interest_due,
		    term);
		l.issued_on = date_add_days(&today, -d);
		l.due_on = date_add_days(&l.issued_on, term);
		/* from 1 ₽ to just under everything due today, odd kopecks */
		pay = 100 + (pay_total_today(&l) - 200) * k / 8 + k * 37;
		sp = pay_split(&l, pay, 0);
		paid_i = json_integer_value(json_object_get(sp, "interest"));
		json_decref(sp);
		assert_int_equal(pay_psk_milli(&l), contract);
		cost = paid_i + l.interest_due;
		rouble_days = p * d + l.principal_due * (term - d);
		assert_true(cost * 10000 <= 80 * rouble_days);
		psk = pay_psk_schedule(&l, pay);
		assert_true(psk >= 0);
		if (psk > contract)
			print_error("%lld ₽ / %d days, %lld on day %d: %lld > "
			    "%lld\n", (long long)p, term, (long long)pay, d,
			    (long long)psk, (long long)contract);
		assert_true(psk <= contract);
		n++;
	}
	assert_true(n > 3000);
	db_close();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partial_pays_interest_then_principal),
		cmocka_unit_test(test_penalty_before_current_interest),
		cmocka_unit_test(test_overdue_order),
		cmocka_unit_test(test_psk_single_payment_is_292),
		cmocka_unit_test(test_partial_never_raises_psk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
