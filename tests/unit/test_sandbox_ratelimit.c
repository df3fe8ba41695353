/*
 * test_sandbox_ratelimit.c — kabinet-sandbox's fixed windows: the limit
 * holds, keys are separate, Retry-After counts down, the window ends on
 * the sandbox clock.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kabinet/log.h"
#include "sandbox.h"

static int
reset(void **state)
{
	(void)state;
	ratelimit_reset();
	return 0;
}

static void
test_limit_and_window(void **state)
{
	long	wait;
	int	i;

	(void)state;
	for (i = 0; i < 10; i++)
		assert_int_equal(ratelimit_hit("login:10.0.0.1", 10, 60), 0);
	wait = ratelimit_hit("login:10.0.0.1", 10, 60);
	assert_true(wait >= 59 && wait <= 60);
	/* Another address has its own window. */
	assert_int_equal(ratelimit_hit("login:10.0.0.2", 10, 60), 0);
	sbclock_advance(30);
	wait = ratelimit_hit("login:10.0.0.1", 10, 60);
	assert_true(wait >= 29 && wait <= 30);
	sbclock_advance(wait);
	assert_int_equal(ratelimit_hit("login:10.0.0.1", 10, 60), 0);
}

static void
test_refused_hits_do_not_extend_the_window(void **state)
{
	int	i;

	(void)state;
	assert_int_equal(ratelimit_hit("sms:+79000000001", 1, 3600), 0);
	for (i = 0; i < 100; i++)
		assert_true(ratelimit_hit("sms:+79000000001", 1, 3600) > 0);
	sbclock_advance(3600);
	assert_int_equal(ratelimit_hit("sms:+79000000001", 1, 3600), 0);
}

static void
test_reset_forgets(void **state)
{
	(void)state;
	assert_int_equal(ratelimit_hit("k", 1, 60), 0);
	assert_true(ratelimit_hit("k", 1, 60) > 0);
	ratelimit_reset();
	assert_int_equal(ratelimit_hit("k", 1, 60), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_limit_and_window, reset,
		    reset),
		cmocka_unit_test_setup_teardown(
		    test_refused_hits_do_not_extend_the_window, reset, reset),
		cmocka_unit_test_setup_teardown(test_reset_forgets, reset,
		    reset),
	};

	log_init("test_sandbox_ratelimit", 1, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
