/* test_daemon_challenge.c — challenge.c on its own loop: a malformed lender
 * challenge is refused, a pending one whose client is not connected shows
 * in every client's session.status, it expires on its own at expires_at
 * (continuation told "expired"), and cancel_all settles every one exactly
 * once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "kabinetd.h"
#include "challenge.h"

static int			 calls;
static enum challenge_outcome	 last;

static void
cont(enum challenge_outcome o, const struct lender_response *r, void *arg)
{
	(void)r;
	(void)arg;
	calls++;
	last = o;
}

/* A lender challenge object expiring in `in` seconds. */
static json_t *
lender_challenge(const char *id, int in)
{
	GDateTime	*now, *then;
	char		*exp;
	json_t		*v;

	now = g_date_time_new_now_utc();
	then = g_date_time_add_seconds(now, in);
	exp = g_date_time_format_iso8601(then);
	v = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:i}",
	    "id", id, "kind", "sms", "purpose", "login",
	    "phone_masked", "+7 9** ***-**-01", "length", 6,
	    "expires_at", exp, "resend_at", exp, "attempts_left", 3);
	g_free(exp);
	g_date_time_unref(then);
	g_date_time_unref(now);
	return v;
}

static void
run_for(int ms)
{
	gint64	end = g_get_monotonic_time() + (gint64)ms * 1000;

	while (g_get_monotonic_time() < end)
		g_main_context_iteration(NULL, FALSE), g_usleep(10000);
}

static void
test_malformed(void **state)
{
	json_t	*bad;

	(void)state;
	calls = 0;
	bad = json_pack("{s:s}", "id", "ch_x");		/* no expires_at */
	assert_int_equal(challenge_start(7, bad, 0, cont, NULL), -1);
	json_decref(bad);
	assert_int_equal(challenge_start(7, NULL, 0, cont, NULL), -1);
	assert_null(challenge_pending_json(7));
	assert_int_equal(calls, 0);
}

static void
test_pending_and_expiry(void **state)
{
	json_t	*lc, *p;

	(void)state;
	calls = 0;
	lc = lender_challenge("ch_expiring", 1);
	assert_int_equal(challenge_start(7, lc, 0, cont, NULL), 0);
	/* the same id twice is refused */
	assert_int_equal(challenge_start(7, lc, 0, cont, NULL), -1);
	json_decref(lc);
	p = challenge_pending_json(7);
	assert_non_null(p);
	assert_string_equal(json_string_value(json_object_get(p,
	    "challenge_id")), "ch_expiring");
	assert_int_equal(json_integer_value(json_object_get(p,
	    "attempts_left")), 3);
	json_decref(p);
	/* client 7 is not connected here: a challenge without its client
	 * is every client's to answer */
	p = challenge_pending_json(8);
	assert_non_null(p);
	json_decref(p);
	assert_int_equal(calls, 0);
	run_for(3500);
	assert_int_equal(calls, 1);
	assert_int_equal(last, CHALLENGE_EXPIRED);
	assert_null(challenge_pending_json(7));
}

static void
test_cancel_all(void **state)
{
	json_t	*a, *b;

	(void)state;
	calls = 0;
	a = lender_challenge("ch_a", 300);
	b = lender_challenge("ch_b", 300);
	assert_int_equal(challenge_start(7, a, 0, cont, NULL), 0);
	assert_int_equal(challenge_start(9, b, 0, cont, NULL), 0);
	json_decref(a);
	json_decref(b);
	challenge_cancel_all();
	assert_int_equal(calls, 2);
	assert_int_equal(last, CHALLENGE_CANCELLED);
	assert_null(challenge_pending_json(7));
	assert_null(challenge_pending_json(9));
	run_for(100);
	assert_int_equal(calls, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_pending_and_expiry),
		cmocka_unit_test(test_cancel_all),
	};

	challenge_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
