/*
 * test_sandbox_fault.c — kabinet-sandbox's fault dice: certain rates are
 * certain, zero is never, and a mix comes out in about the right shares.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/log.h"
#include "sandbox.h"

#define ROLLS	4000

static void
roll_many(const struct faults *f, int counts[4])
{
	long	latency;
	int	i;

	fault_set(f);
	memset(counts, 0, 4 * sizeof counts[0]);
	for (i = 0; i < ROLLS; i++)
		counts[fault_roll(&latency)]++;
	assert_int_equal(latency, f->latency_ms);
}

static void
test_certain_and_never(void **state)
{
	struct faults	f;
	int		c[4];

	(void)state;
	memset(&f, 0, sizeof f);
	roll_many(&f, c);
	assert_int_equal(c[FAULT_NONE], ROLLS);
	f.drop_rate = 1.0;
	roll_many(&f, c);
	assert_int_equal(c[FAULT_DROP], ROLLS);
	f.drop_rate = 0;
	f.garbage_rate = 1.0;
	f.latency_ms = 250;
	roll_many(&f, c);
	assert_int_equal(c[FAULT_GARBAGE], ROLLS);
}

static void
test_mixed_shares(void **state)
{
	struct faults	f = { .error_rate = 0.25, .drop_rate = 0.25,
			    .garbage_rate = 0.25 };
	int		c[4], i;

	(void)state;
	roll_many(&f, c);
	/* Each is 1000 expected; 6 sigma is about 165. */
	for (i = 0; i < 4; i++)
		assert_true(c[i] > 800 && c[i] < 1200);
}

static void
test_error_statuses(void **state)
{
	int	seen[3] = { 0, 0, 0 }, i, s;

	(void)state;
	for (i = 0; i < 300; i++) {
		s = fault_error_status();
		assert_true(s == 500 || s == 502 || s == 503);
		seen[s == 500 ? 0 : s == 502 ? 1 : 2] = 1;
	}
	assert_true(seen[0] && seen[1] && seen[2]);
}

/* An armed problem answers one request to its path, then is gone. */
static void
test_problem_once(void **state)
{
	struct faults	f = { .problem_status = 409 };
	char		code[64];
	int		status = 0;

	(void)state;
	strcpy(f.problem_path, "/v1/auth/login");
	strcpy(f.problem_code, "account_restricted");
	fault_set(&f);
	assert_int_equal(fault_take_problem("/v1/profile", &status, code,
	    sizeof code), 0);
	assert_int_equal(fault_take_problem("/v1/auth/login", &status, code,
	    sizeof code), 1);
	assert_int_equal(status, 409);
	assert_string_equal(code, "account_restricted");
	assert_int_equal(fault_take_problem("/v1/auth/login", &status, code,
	    sizeof code), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_certain_and_never),
		cmocka_unit_test(test_mixed_shares),
		cmocka_unit_test(test_error_statuses),
		cmocka_unit_test(test_problem_once),
	};

	log_init("test_sandbox_fault", 1, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
