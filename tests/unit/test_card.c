/* test_card.c — PAN, brand, mask, expiry and holder name. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/card.h"

static void
test_pan_accepts(void **state)
{
	static const struct {
		const char	*in, *want;
	} t[] = {
		{ "2202 2012 3456 7895", "2202201234567895" },
		{ "2202201234567895", "2202201234567895" },
		{ " 2202 2012 3456 7895 ", "2202201234567895" },
		{ "4111 1111 1111 1111", "4111111111111111" },
		{ "5555 5555 5555 4444", "5555555555554444" },
		{ "2200-2001-2345-6789-017", "2200200123456789017" },
	};
	char	pan[CARD_PAN_MAX + 1];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (card_pan_parse(t[i].in, pan) != CARD_OK)
			fail_msg("refused \"%s\"", t[i].in);
		assert_string_equal(pan, t[i].want);
	}
}

static void
test_pan_refuses(void **state)
{
	static const struct {
		const char		*in;
		enum card_error		 err;
	} t[] = {
		{ "", CARD_EMPTY },
		{ "    ", CARD_EMPTY },
		{ "4111 1111 1111 1112", CARD_BAD_CHECKSUM },
		{ "2202 2012 3456 7894", CARD_BAD_CHECKSUM },
		{ "4111 1111 1111 111", CARD_BAD_LENGTH },		/* 15 */
		{ "4111 1111 1111 1111 1111", CARD_BAD_LENGTH },	/* 20 */
		{ "378282246310005", CARD_BAD_LENGTH },		/* Amex, 15 */
		{ "4111 1111 1111 111O", CARD_BAD_CHAR },
		{ "4111.1111.1111.1111", CARD_BAD_CHAR },
		{ "4111111111111111/123", CARD_BAD_CHAR },
	};
	char	pan[CARD_PAN_MAX + 1];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		enum card_error e = card_pan_parse(t[i].in, pan);
		if (e != t[i].err)
			fail_msg("\"%s\": got %d, want %d", t[i].in, e,
			    t[i].err);
		assert_string_equal(pan, "");
	}
	assert_int_equal(card_pan_parse(NULL, pan), CARD_EMPTY);
}

static void
test_luhn(void **state)
{
	(void)state;
	assert_true(card_luhn_ok("79927398713"));
	assert_false(card_luhn_ok("79927398710"));
	assert_true(card_luhn_ok("0"));
	assert_false(card_luhn_ok(""));
	assert_false(card_luhn_ok("12a4"));
	assert_true(card_luhn_ok("2720999999999996"));
}

static void
test_brand(void **state)
{
	(void)state;
	assert_int_equal(card_brand("2200000000000004"), CARD_BRAND_MIR);
	assert_int_equal(card_brand("2202201234567895"), CARD_BRAND_MIR);
	assert_int_equal(card_brand("2204000000000000"), CARD_BRAND_MIR);
	assert_int_equal(card_brand("2205000000000000"), CARD_BRAND_OTHER);
	assert_int_equal(card_brand("4111111111111111"), CARD_BRAND_VISA);
	assert_int_equal(card_brand("5100000000000000"),
	    CARD_BRAND_MASTERCARD);
	assert_int_equal(card_brand("5500000000000000"),
	    CARD_BRAND_MASTERCARD);
	assert_int_equal(card_brand("5600000000000000"), CARD_BRAND_OTHER);
	assert_int_equal(card_brand("2221000000000009"),
	    CARD_BRAND_MASTERCARD);
	assert_int_equal(card_brand("2720999999999996"),
	    CARD_BRAND_MASTERCARD);
	assert_int_equal(card_brand("2721000000000000"), CARD_BRAND_OTHER);
	assert_int_equal(card_brand("2220000000000000"), CARD_BRAND_OTHER);
	assert_int_equal(card_brand("6200000000000000000"), CARD_BRAND_OTHER);
	assert_int_equal(card_brand(""), CARD_BRAND_OTHER);
	assert_int_equal(card_brand("2"), CARD_BRAND_OTHER);
	assert_string_equal(card_brand_name(CARD_BRAND_MIR), "Mir");
	assert_string_equal(card_brand_name(CARD_BRAND_MASTERCARD),
	    "Mastercard");
}

static void
test_label(void **state)
{
	char	out[CARD_LABEL_LEN];

	(void)state;
	assert_string_equal(card_label("mir", "220070", "4242", out,
	    sizeof out), "Mir 220070…4242");
	assert_string_equal(card_label("visa", "411111", "1111", out,
	    sizeof out), "Visa 411111…1111");
	assert_string_equal(card_label("unionpay", "620000", "0001", out,
	    sizeof out), "unionpay 620000…0001");
	assert_string_equal(card_label(NULL, NULL, NULL, out, sizeof out),
	    "card …");
}

/* The first six and last four digits of a PAN, and never more than
 * that of anything. */
static const struct {
	const char	*pan, *want;
} card_masks[] = {
	{ "2202201234561234", "220220******1234" },
	{ "2200200123456789017", "220020*********9017" },
	{ "22022012345612", "****" },
	{ "2202 2012 3456 1234", "****" },
	{ NULL, "****" },
};

static void
test_mask(void **state)
{
	char	out[CARD_MASK_LEN];
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof card_masks / sizeof card_masks[0]; i++) {
		card_mask(card_masks[i].pan, out, sizeof out);
		assert_string_equal(out, card_masks[i].want);
	}
	card_mask("2202201234561234", out, 8);
	assert_string_equal(out, "220220*");
}

static void
test_expiry(void **state)
{
	int	m, y;

	(void)state;
	assert_int_equal(card_expiry_parse("12/27", &m, &y), CARD_OK);
	assert_int_equal(m, 12);
	assert_int_equal(y, 2027);
	assert_int_equal(card_expiry_parse("03 / 29", &m, &y), CARD_OK);
	assert_int_equal(m, 3);
	assert_int_equal(y, 2029);
	assert_int_equal(card_expiry_parse("0130", &m, &y), CARD_OK);
	assert_int_equal(m, 1);
	assert_int_equal(card_expiry_parse("", &m, &y), CARD_EMPTY);
	assert_int_equal(card_expiry_parse("13/27", &m, &y),
	    CARD_EXPIRY_FORMAT);
	assert_int_equal(card_expiry_parse("00/27", &m, &y),
	    CARD_EXPIRY_FORMAT);
	assert_int_equal(card_expiry_parse("1/27", &m, &y),
	    CARD_EXPIRY_FORMAT);
	assert_int_equal(card_expiry_parse("12/2027", &m, &y),
	    CARD_EXPIRY_FORMAT);
	assert_int_equal(card_expiry_parse("12//27", &m, &y),
	    CARD_EXPIRY_FORMAT);
	assert_int_equal(card_expiry_parse("ab/cd", &m, &y),
	    CARD_EXPIRY_FORMAT);
	assert_int_equal(m, 0);

	/* Good through the last day of the month printed on it. */
	assert_int_equal(card_expiry_check(11, 2026, 2026, 11), CARD_OK);
	assert_int_equal(card_expiry_check(12, 2026, 2026, 11), CARD_OK);
	assert_int_equal(card_expiry_check(1, 2027, 2026, 11), CARD_OK);
	assert_int_equal(card_expiry_check(10, 2026, 2026, 11), CARD_EXPIRED);
	assert_int_equal(card_expiry_check(12, 2025, 2026, 11), CARD_EXPIRED);
	assert_int_equal(card_expiry_check(13, 2030, 2026, 11),
	    CARD_EXPIRY_FORMAT);
}

static void
test_holder(void **state)
{
	char	out[CARD_HOLDER_MAX + 1];

	(void)state;
	assert_int_equal(card_holder_normalize("ivan ivanov", out,
	    sizeof out), CARD_OK);
	assert_string_equal(out, "IVAN IVANOV");
	assert_int_equal(card_holder_normalize("  Anna-Maria  O'Neil ", out,
	    sizeof out), CARD_OK);
	assert_string_equal(out, "ANNA-MARIA O'NEIL");
	assert_int_equal(card_holder_normalize("Li", out, sizeof out),
	    CARD_OK);
	/* 26 characters exactly, then 27. */
	assert_int_equal(card_holder_normalize("ABCDEFGHIJKLM NOPQRSTUVWXY",
	    out, sizeof out), CARD_OK);
	assert_int_equal(strlen(out), 26);
	assert_int_equal(card_holder_normalize("ABCDEFGHIJKLM NOPQRSTUVWXYZ",
	    out, sizeof out), CARD_HOLDER_LENGTH);
	assert_string_equal(out, "");
	assert_int_equal(card_holder_normalize("I", out, sizeof out),
	    CARD_HOLDER_LENGTH);
	assert_int_equal(card_holder_normalize("", out, sizeof out),
	    CARD_EMPTY);
	assert_int_equal(card_holder_normalize("\xd0\x98\xd0\xb2\xd0\xb0"
	    "\xd0\xbd", out, sizeof out), CARD_HOLDER_BAD_CHAR);  /* Иван */
	assert_int_equal(card_holder_normalize("IVAN IVANOV 2", out,
	    sizeof out), CARD_HOLDER_BAD_CHAR);
	assert_int_equal(card_holder_normalize("IVAN.IVANOV", out,
	    sizeof out), CARD_HOLDER_BAD_CHAR);
	assert_int_equal(card_holder_normalize("--", out, sizeof out),
	    CARD_HOLDER_BAD_CHAR);
	assert_true(strlen(card_strerror(CARD_HOLDER_LENGTH)) > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pan_accepts),
		cmocka_unit_test(test_pan_refuses),
		cmocka_unit_test(test_luhn),
		cmocka_unit_test(test_brand),
		cmocka_unit_test(test_label),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_holder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
