/* test_money.c — kopecks shown and read the way borrowers write them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/money.h"

static const char *
fmt(kopecks_t k, enum money_style s)
{
	static char	out[MONEY_FMT_LEN];

	return money_format(k, s, out, sizeof out);
}

static void
test_format_ru(void **state)
{
	(void)state;
	assert_string_equal(fmt(1234567, MONEY_RU), "12 345,67 \xe2\x82\xbd");
	assert_string_equal(fmt(0, MONEY_RU), "0,00 \xe2\x82\xbd");
	assert_string_equal(fmt(5, MONEY_RU), "0,05 \xe2\x82\xbd");
	assert_string_equal(fmt(100000, MONEY_RU), "1 000,00 \xe2\x82\xbd");
	assert_string_equal(fmt(99999, MONEY_RU), "999,99 \xe2\x82\xbd");
	assert_string_equal(fmt(300000000, MONEY_RU),
	    "3 000 000,00 \xe2\x82\xbd");
	assert_string_equal(fmt(-1234567, MONEY_RU),
	    "-12 345,67 \xe2\x82\xbd");
	/* No NBSP anywhere: plain spaces only. */
	assert_null(strstr(fmt(123456789, MONEY_RU), "\xc2\xa0"));
}

static void
test_format_en_ascii(void **state)
{
	(void)state;
	assert_string_equal(fmt(1234567, MONEY_EN), "12,345.67 RUB");
	assert_string_equal(fmt(-1, MONEY_EN), "-0.01 RUB");
	assert_string_equal(fmt(100000000, MONEY_EN), "1,000,000.00 RUB");
	assert_string_equal(fmt(1234567, MONEY_ASCII_RU), "12 345,67 rub.");
	assert_string_equal(fmt(104000, MONEY_ASCII_RU), "1 040,00 rub.");
}

static void
test_format_extremes(void **state)
{
	char	small[8];

	(void)state;
	assert_string_equal(fmt(INT64_MIN, MONEY_EN),
	    "-92,233,720,368,547,758.08 RUB");
	assert_string_equal(fmt(INT64_MAX, MONEY_RU),
	    "92 233 720 368 547 758,07 \xe2\x82\xbd");
	assert_true(strlen(fmt(INT64_MIN, MONEY_RU)) < MONEY_FMT_LEN);
	/* A short buffer is cut, NUL-terminated, and never mid-"₽". */
	money_format(123, MONEY_RU, small, sizeof small);
	assert_string_equal(small, "1,23 ");
	assert_ptr_equal(money_format(1, MONEY_RU, small, 0), small);
}

static void
test_parse_accepts(void **state)
{
	static const struct {
		const char	*in;
		kopecks_t	 want;
	} t[] = {
		{ "1500", 150000 },
		{ "1 500,50", 150050 },
		{ "1500.5", 150050 },
		{ "1500,05", 150005 },
		{ "  1500  ", 150000 },
		{ "0", 0 },
		{ "0,01", 1 },
		{ "007", 700 },
		{ "1\xc2\xa0" "500", 150000 },		/* NBSP */
		{ "1\xe2\x80\xaf" "500", 150000 },	/* narrow NBSP */
		{ "12 345,67 \xe2\x82\xbd", 1234567 },
		{ "12 345,67 rub.", 1234567 },
		{ "1000 \xd1\x80\xd1\x83\xd0\xb1.", 100000 },
		{ "92233720368547758,07", INT64_MAX },
	};
	kopecks_t	k;
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		enum money_parse_error e = money_parse(t[i].in, &k);
		if (e != MONEY_OK)
			fail_msg("refused \"%s\" (%d)", t[i].in, e);
		if (k != t[i].want)
			fail_msg("\"%s\" read as %lld", t[i].in, (long long)k);
	}
}

static void
test_parse_refuses(void **state)
{
	static const struct {
		const char		*in;
		enum money_parse_error	 err;
	} t[] = {
		{ "-1", MONEY_NEGATIVE },
		{ " -1 500", MONEY_NEGATIVE },
		{ "1e3", MONEY_BAD_CHAR },
		{ "", MONEY_EMPTY },
		{ "   ", MONEY_EMPTY },
		{ "1.234", MONEY_TOO_MANY_DECIMALS },
		{ "1,001", MONEY_TOO_MANY_DECIMALS },
		{ "1,2,3", MONEY_BAD_CHAR },
		{ "1.2.3", MONEY_BAD_CHAR },
		{ "abc", MONEY_BAD_CHAR },
		{ "+5", MONEY_BAD_CHAR },
		{ "1500.", MONEY_BAD_CHAR },
		{ ",50", MONEY_BAD_CHAR },
		{ "1  500", MONEY_BAD_CHAR },
		{ "15 00x", MONEY_BAD_CHAR },
		{ "0x10", MONEY_BAD_CHAR },
		{ "1500 $", MONEY_BAD_CHAR },
		{ "92233720368547758,08", MONEY_TOO_LARGE },
		{ "99999999999999999999", MONEY_TOO_LARGE },
		{ "999999999999999999999999999999,99", MONEY_TOO_LARGE },
	};
	kopecks_t	k;
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		enum money_parse_error e = money_parse(t[i].in, &k);
		if (e != t[i].err)
			fail_msg("\"%s\": got %d, want %d", t[i].in, e,
			    t[i].err);
		assert_int_equal(k, 0);
	}
	assert_int_equal(money_parse(NULL, &k), MONEY_EMPTY);
}

/* What we print in Russian, we read back. */
static void
test_roundtrip(void **state)
{
	static const kopecks_t v[] = { 0, 1, 99, 100, 150050, 1234567,
	    300000000, INT64_MAX };
	kopecks_t	k;
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		assert_int_equal(money_parse(fmt(v[i], MONEY_RU), &k),
		    MONEY_OK);
		assert_int_equal(k, v[i]);
		assert_int_equal(money_parse(fmt(v[i], MONEY_ASCII_RU), &k),
		    MONEY_OK);
		assert_int_equal(k, v[i]);
	}
}

static void
test_strerror(void **state)
{
	int	e;

	(void)state;
	for (e = MONEY_OK; e <= MONEY_TOO_LARGE; e++)
		assert_true(strlen(money_strerror(e)) > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_ru),
		cmocka_unit_test(test_format_en_ascii),
		cmocka_unit_test(test_format_extremes),
		cmocka_unit_test(test_parse_accepts),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
