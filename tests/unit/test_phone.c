/* test_phone.c — Russian mobile numbers as borrowers type them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/phone.h"

static void
test_normalize_accepts(void **state)
{
	static const char *const in[] = {
		"8 900 000-00-01",
		"+7 (900) 000-00-01",
		"79000000001",
		"9000000001",
		"+79000000001",
		"8(900)000.00.01",
		"  +7 900 000 00 01  ",
		"+8 900 000 00 01",
	};
	char	out[PHONE_LEN + 1];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		memset(out, 'x', sizeof out);
		if (phone_normalize(in[i], out) != PHONE_OK)
			fail_msg("refused \"%s\"", in[i]);
		assert_string_equal(out, "+79000000001");
	}
}

static void
test_normalize_refuses(void **state)
{
	static const struct {
		const char		*in;
		enum phone_error	 err;
	} t[] = {
		{ "+7 495 123-45-67", PHONE_NOT_MOBILE },	/* Moscow landline */
		{ "84951234567", PHONE_NOT_MOBILE },
		{ "4951234567", PHONE_NOT_MOBILE },
		{ "+1 555 123 4567", PHONE_NOT_MOBILE },
		{ "12345", PHONE_BAD_LENGTH },
		{ "+7 900 000-00-011", PHONE_BAD_LENGTH },
		{ "900000000", PHONE_BAD_LENGTH },
		{ "123456789012345678901234567890", PHONE_BAD_LENGTH },
		{ "8900abc0001", PHONE_BAD_CHAR },
		{ "7+9000000001", PHONE_BAD_CHAR },
		{ "++79000000001", PHONE_BAD_CHAR },
		{ "+7 900 000 00 01 ext", PHONE_BAD_CHAR },
		{ "+7\xd0\x90" "900", PHONE_BAD_CHAR },		/* Cyrillic А */
		{ "", PHONE_EMPTY },
		{ "   ", PHONE_EMPTY },
		{ " ( ) - ", PHONE_EMPTY },
	};
	char	out[PHONE_LEN + 1];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		enum phone_error e = phone_normalize(t[i].in, out);
		if (e != t[i].err)
			fail_msg("\"%s\": got %d, want %d", t[i].in, e,
			    t[i].err);
		assert_string_equal(out, "");
	}
	assert_int_equal(phone_normalize(NULL, out), PHONE_EMPTY);
}

static void
test_mask(void **state)
{
	char	out[20];

	(void)state;
	phone_mask("+79001234522", out, sizeof out);
	assert_string_equal(out, "+7 9** ***-**-22");
	phone_mask("+79000000001", out, sizeof out);
	assert_string_equal(out, "+7 9** ***-**-01");
	/* Something not normalized is never echoed, even in part. */
	phone_mask("+74951234567", out, sizeof out);
	assert_null(strstr(out, "67"));
	assert_null(strstr(out, "495"));
	phone_mask("garbage", out, sizeof out);
	assert_null(strstr(out, "garbage"));
	phone_mask(NULL, out, sizeof out);
	assert_string_equal(out, "+7 *** ***-**-**");
	/* Truncates, never overflows. */
	phone_mask("+79001234522", out, 5);
	assert_string_equal(out, "+7 9");
}

static void
test_pretty(void **state)
{
	char	out[20];

	(void)state;
	phone_pretty("+79001234522", out, sizeof out);
	assert_string_equal(out, "+7 900 123-45-22");
	phone_pretty("+79000000001", out, sizeof out);
	assert_string_equal(out, "+7 900 000-00-01");
}

static void
test_strerror(void **state)
{
	int	e;

	(void)state;
	for (e = PHONE_OK; e <= PHONE_NOT_MOBILE; e++) {
		assert_non_null(phone_strerror(e));
		assert_true(strlen(phone_strerror(e)) > 0);
	}
	assert_string_not_equal(phone_strerror(PHONE_BAD_CHAR),
	    phone_strerror(PHONE_NOT_MOBILE));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize_accepts),
		cmocka_unit_test(test_normalize_refuses),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_pretty),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
