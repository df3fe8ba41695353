/*
 * test_sandbox_operator.c — the operator desk's pieces that need no
 * network: TOTP against RFC 6238's vectors (SHA-1, last six digits), a
 * used step refused, the identity check's lock after three mismatches,
 * and an audit log that refuses UPDATE and DELETE.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/log.h"
#include "sandbox.h"

/* "12345678901234567890" in base32, the RFC's SHA-1 key. */
#define RFC_SECRET	"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

static void
test_totp_rfc6238_vectors(void **state)
{
	static const struct { int64_t t; const char *code; } v[] = {
		{ 59, "287082" }, { 1111111109, "081804" },
		{ 1111111111, "050471" }, { 1234567890, "005924" },
		{ 2000000000, "279037" }, { 20000000000LL, "353130" },
	};
	char	out[8];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		assert_int_equal(operator_totp(RFC_SECRET, v[i].t / 30, out), 0);
		assert_string_equal(out, v[i].code);
	}
	/* lower case and spaces as authenticator apps show them */
	assert_int_equal(operator_totp("gezd gnbv gy3t qojq gezd gnbv gy3t "
	    "qojq", 59 / 30, out), 0);
	assert_string_equal(out, "287082");
	assert_int_equal(operator_totp("not base32!", 1, out), -1);
}

static void
test_totp_step_used_once(void **state)
{
	char	code[8];

	(void)state;
	assert_int_equal(db_open(":memory:"), 0);
	operator_seed();
	assert_int_equal(operator_totp("JBSWY3DPEHPK3PXP",
	    (int64_t)sbclock_now() / 30, code), 0);
	assert_true(operator_totp_check("op.petrov", code));
	/* the same code again: a code read over a shoulder is spent */
	assert_false(operator_totp_check("op.petrov", code));
	assert_false(operator_totp_check("nobody", code));
	assert_false(operator_totp_check("op.petrov", "12345"));
	db_close();
}

static void
test_identity_lock_after_three(void **state)
{
	time_t	until;

	(void)state;
	assert_int_equal(db_open(":memory:"), 0);
	seed_demo();
	assert_int_equal(operator_identity_record("cl_1001", "op.petrov", 0,
	    &until), 2);
	assert_int_equal(until, 0);
	/* a match in between starts the count again */
	operator_identity_record("cl_1001", "op.petrov", 1, &until);
	assert_true(operator_identity_verified_until("cl_1001", "op.petrov")
	    > sbclock_now());
	assert_int_equal(operator_identity_verified_until("cl_1001",
	    "someone.else"), 0);
	assert_int_equal(operator_identity_record("cl_1001", "op.petrov", 0,
	    &until), 2);
	assert_int_equal(operator_identity_verified_until("cl_1001", NULL),
	    0);
	operator_identity_record("cl_1001", "op.petrov", 0, &until);
	assert_int_equal(operator_identity_record("cl_1001", "op.petrov", 0,
	    &until), 0);
	assert_true(until >= sbclock_now() + IDCHECK_LOCK_SECONDS - 1);
	assert_int_equal(operator_identity_locked_until("cl_1001"), until);
	assert_int_equal(operator_identity_locked_until("cl_1002"), 0);
	db_close();
}

static void
test_audit_is_append_only(void **state)
{
	json_t	*j;

	(void)state;
	assert_int_equal(db_open(":memory:"), 0);
	operator_audit("op.petrov", "cl_1001", "identity_check", "match");
	operator_audit("op.petrov", NULL, "login", "ok");
	assert_int_equal(db_execf("UPDATE operator_audit SET outcome = 'x'",
	    ""), -1);
	assert_int_equal(db_execf("DELETE FROM operator_audit", ""), -1);
	j = operator_audit_json(NULL, NULL, 0, INT32_MAX, 0, 10);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "items"), 1), "outcome")), "match");
	json_decref(j);
	/* filters and pages */
	j = operator_audit_json(NULL, "cl_1001", 0, INT32_MAX, 0, 10);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	j = operator_audit_json(NULL, NULL, 0, INT32_MAX, 0, 1);
	assert_true(json_is_string(json_object_get(j, "next_cursor")));
	json_decref(j);
	db_close();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totp_rfc6238_vectors),
		cmocka_unit_test(test_totp_step_used_once),
		cmocka_unit_test(test_identity_lock_after_three),
		cmocka_unit_test(test_audit_is_append_only),
	};

	log_init("test_sandbox_operator", 0, 0);
	config_defaults(&sb_cfg);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
