/*
 * test_sandbox_auth.c — kabinet-sandbox's password policy, yescrypt
 * hashes, tokens, lock-out and sessions (on a real :memory: database).
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

static int
setup(void **state)
{
	(void)state;
	config_defaults(&sb_cfg);
	if (db_open(":memory:") != 0)
		return -1;
	seed_demo();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	db_close();
	return 0;
}

static void
test_password_policy(void **state)
{
	static const struct {
		const char	*pw, *want;
	} cases[] = {
		{ "Demo2026", NULL },
		{ "пароль2026", NULL },		/* Cyrillic letters count */
		{ "short1", "too_short" },
		{ "", "too_short" },
		{ "onlyletters", "needs_letter_and_digit" },
		{ "1234567890", "needs_letter_and_digit" },
		{ "me9001234567", "contains_phone" },
		{ "x79001234567", "contains_phone" },
		{ "9001234x567", NULL },
	};
	char	long_pw[200];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = auth_password_policy(cases[i].pw,
		    "+79001234567");

		if (cases[i].want == NULL) {
			if (got != NULL)
				fail_msg("\"%s\": %s", cases[i].pw, got);
		} else {
			if (got == NULL)
				fail_msg("\"%s\" accepted", cases[i].pw);
			assert_string_equal(got, cases[i].want);
		}
	}
	memset(long_pw, 'a', sizeof long_pw - 2);
	long_pw[sizeof long_pw - 2] = '1';
	long_pw[sizeof long_pw - 1] = '\0';
	assert_string_equal(auth_password_policy(long_pw, NULL), "too_long");
}

static void
test_hash_and_check(void **state)
{
	char	*h;

	(void)state;
	h = auth_hash_password("Demo2026");
	assert_non_null(h);
	assert_true(strncmp(h, "$y$", 3) == 0);
	assert_true(auth_check_password("Demo2026", h));
	assert_false(auth_check_password("demo2026", h));
	assert_false(auth_check_password("", h));
	assert_false(auth_check_password("Demo2026", "*"));
	free(h);
}

static void
test_tokens_and_digests(void **state)
{
	char	a[44], b[44], d[65];

	(void)state;
	auth_random_token(a, sizeof a);
	auth_random_token(b, sizeof b);
	assert_int_equal(strlen(a), 43);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	    "opqrstuvwxyz0123456789-_"), 43);
	assert_string_not_equal(a, b);
	auth_sha256_hex("abc", d);
	assert_string_equal(d, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}

static void
test_lockout_after_five_failures(void **state)
{
	const char	*phone = "+79000000002";
	int		 i;

	(void)state;
	assert_int_equal(auth_locked_until(phone), 0);
	for (i = 4; i >= 1; i--)
		assert_int_equal(auth_login_failed(phone), i);
	assert_int_equal(auth_locked_until(phone), 0);
	assert_int_equal(auth_login_failed(phone), 0);
	assert_true(auth_locked_until(phone) >=
	    sbclock_now() + LOGIN_LOCK_SECONDS - 1);
	sbclock_advance(LOGIN_LOCK_SECONDS + 1);
	assert_int_equal(auth_locked_until(phone), 0);
	/* A success forgets earlier failures. */
	auth_login_failed(phone);
	auth_login_succeeded(phone);
	for (i = 4; i >= 1; i--)
		assert_int_equal(auth_login_failed(phone), i);
}

static const char *
str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void
test_sessions_rotate_and_revoke(void **state)
{
	struct account	 a, who;
	json_t		*s1, *s2;
	int64_t		 sid, sid2;

	(void)state;
	assert_int_equal(auth_account_by_phone("+79000000001", &a), 0);
	assert_string_equal(a.surname, "Иванов");
	assert_false(auth_device_known(a.id, "dev"));
	auth_device_remember(a.id, "dev");
	assert_true(auth_device_known(a.id, "dev"));
	assert_false(auth_device_known(a.id, "other"));

	s1 = auth_session_create(&a, "dev");
	assert_int_equal(auth_session_lookup(str(s1, "access_token"), &who,
	    &sid), 0);
	assert_string_equal(who.id, a.id);
	s2 = auth_session_refresh(str(s1, "refresh_token"));
	assert_non_null(s2);
	/* The old access token is void at once, the new one works; the old
	 * refresh token is void once the new pair has been used (until
	 * then it may ask again: the rotation's answer can be lost). */
	assert_int_equal(auth_session_lookup(str(s1, "access_token"), &who,
	    &sid2), -1);
	assert_int_equal(auth_session_lookup(str(s2, "access_token"), &who,
	    &sid2), 0);
	assert_true(sid2 == sid);
	assert_null(auth_session_refresh(str(s1, "refresh_token")));
	/* Expiry by the sandbox clock. */
	sbclock_advance(sb_cfg.access_ttl);
	assert_int_equal(auth_session_lookup(str(s2, "access_token"), &who,
	    &sid2), -1);
	auth_session_revoke(sid);
	assert_null(auth_session_refresh(str(s2, "refresh_token")));
	json_decref(s1);
	json_decref(s2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_policy),
		cmocka_unit_test(test_hash_and_check),
		cmocka_unit_test(test_tokens_and_digests),
		cmocka_unit_test_setup_teardown(
		    test_lockout_after_five_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_sessions_rotate_and_revoke, setup, teardown),
	};

	log_init("test_sandbox_auth", 1, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
