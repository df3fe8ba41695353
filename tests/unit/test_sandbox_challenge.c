/*
 * test_sandbox_challenge.c — the SMS challenge state machine of
 * kabinet-sandbox on a real :memory: database, timed by the sandbox clock.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/log.h"
#include "sandbox.h"

#define PHONE	"+79000000001"

static int
setup(void **state)
{
	(void)state;
	config_defaults(&sb_cfg);
	ratelimit_reset();
	return db_open(":memory:");
}

static int
teardown(void **state)
{
	(void)state;
	db_close();
	ratelimit_reset();
	return 0;
}

/* The code of the latest SMS to PHONE, as the user reads it. */
static void
last_code(char *out)
{
	json_t	*l = sms_list_json(PHONE), *items = json_object_get(l, "items");
	size_t	 n = json_array_size(items);

	assert_true(n > 0);
	strcpy(out, json_string_value(json_object_get(
	    json_array_get(items, n - 1), "code")));
	json_decref(l);
}

static void
make(char *id, const char *purpose)
{
	time_t	until;

	assert_int_equal(challenge_create(purpose, "cl_1", PHONE,
	    json_pack("{s:s}", "device_id", "d1"), id, 48, &until), 0);
}

static void
other_code(const char *code, char *out)
{
	size_t	i;

	/* Every digit moved on by one: never the same code. */
	for (i = 0; code[i] != '\0'; i++)
		out[i] = (char)('0' + (code[i] - '0' + 1) % 10);
	out[i] = '\0';
}

static void
test_right_code_completes_once(void **state)
{
	char		 id[48], code[8], *purpose = NULL, *acc = NULL;
	json_t		*data = NULL, *ch;
	int		 left;
	time_t		 until;

	(void)state;
	make(id, "login");
	assert_true(strncmp(id, "ch_", 3) == 0);
	last_code(code);
	assert_int_equal(strlen(code), 6);
	assert_int_equal(strspn(code, "0123456789"), 6);

	ch = challenge_json(id);
	assert_string_equal(json_string_value(json_object_get(ch,
	    "phone_masked")), "+7 9** ***-**-01");
	assert_int_equal(json_integer_value(json_object_get(ch,
	    "attempts_left")), 3);
	json_decref(ch);

	assert_int_equal(challenge_verify(id, code, &left, &until, &purpose,
	    &acc, &data), CH_OK);
	assert_string_equal(purpose, "login");
	assert_string_equal(acc, "cl_1");
	assert_string_equal(json_string_value(json_object_get(data,
	    "device_id")), "d1");
	free(purpose);
	free(acc);
	json_decref(data);
	/* Spent: the same code does not work twice. */
	assert_int_equal(challenge_verify(id, code, &left, &until, &purpose,
	    &acc, &data), CH_NOT_FOUND);
	assert_int_equal(challenge_verify("ch_nope", code, &left, &until,
	    &purpose, &acc, &data), CH_NOT_FOUND);
}

static void
test_three_wrong_codes_lock_the_action(void **state)
{
	char		 id[48], code[8], wrong[8], *purpose, *acc;
	json_t		*data;
	int		 left;
	time_t		 until;

	(void)state;
	make(id, "change_password");
	last_code(code);
	other_code(code, wrong);
	assert_int_equal(challenge_verify(id, wrong, &left, &until, &purpose,
	    &acc, &data), CH_WRONG_CODE);
	assert_int_equal(left, 2);
	assert_int_equal(challenge_verify(id, "12", &left, &until, &purpose,
	    &acc, &data), CH_WRONG_CODE);
	assert_int_equal(left, 1);
	assert_int_equal(challenge_locked_until(PHONE, "change_password"), 0);
	assert_int_equal(challenge_verify(id, wrong, &left, &until, &purpose,
	    &acc, &data), CH_TOO_MANY);
	assert_true(until >= sbclock_now() + CH_LOCK_SECONDS - 1);
	/* Even the right code is no good now. */
	assert_int_equal(challenge_verify(id, code, &left, &until, &purpose,
	    &acc, &data), CH_TOO_MANY);
	assert_true(challenge_locked_until(PHONE, "change_password") != 0);
	/* Only that action is locked. */
	assert_int_equal(challenge_locked_until(PHONE, "login"), 0);
	sbclock_advance(CH_LOCK_SECONDS + 1);
	assert_int_equal(challenge_locked_until(PHONE, "change_password"), 0);
}

static void
test_code_expires(void **state)
{
	char		 id[48], code[8], *purpose, *acc;
	json_t		*data;
	int		 left;
	time_t		 until;

	(void)state;
	make(id, "login");
	last_code(code);
	sbclock_advance(CH_TTL + 1);
	assert_int_equal(challenge_verify(id, code, &left, &until, &purpose,
	    &acc, &data), CH_EXPIRED);
	assert_int_equal(challenge_resend(id, &until), CH_EXPIRED);
}

static void
test_resend_waits_and_voids_the_old_code(void **state)
{
	char		 id[48], old[8], new[8], *purpose = NULL, *acc = NULL;
	json_t		*data = NULL;
	int		 left;
	time_t		 until, before = sbclock_now();

	(void)state;
	make(id, "login");
	last_code(old);
	assert_int_equal(challenge_resend(id, &until), CH_TOO_EARLY);
	assert_true(until >= before + CH_RESEND_AFTER);
	sbclock_advance(CH_RESEND_AFTER);
	assert_int_equal(challenge_resend(id, &until), CH_OK);
	last_code(new);
	if (strcmp(old, new) != 0)
		assert_int_equal(challenge_verify(id, old, &left, &until,
		    &purpose, &acc, &data), CH_WRONG_CODE);
	assert_int_equal(challenge_verify(id, new, &left, &until, &purpose,
	    &acc, &data), CH_OK);
	free(purpose);
	free(acc);
	json_decref(data);
}

static void
test_sms_per_hour_limit(void **state)
{
	char	 id[48];
	time_t	 until = 0;
	int	 i;

	(void)state;
	for (i = 0; i < 5; i++)
		make(id, "login");
	assert_int_equal(challenge_create("login", "cl_1", PHONE,
	    json_object(), id, sizeof id, &until), -1);
	assert_true(until > sbclock_now());
	assert_true(until <= sbclock_now() + 3600);
	sbclock_advance(3601);
	make(id, "login");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_right_code_completes_once,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_three_wrong_codes_lock_the_action, setup, teardown),
		cmocka_unit_test_setup_teardown(test_code_expires, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_resend_waits_and_voids_the_old_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sms_per_hour_limit, setup,
		    teardown),
	};

	log_init("test_sandbox_challenge", 1, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
