/* test_utf8.c — the one UTF-8 decoder: valid forms of every length, the
 * invalid ones (overlong, surrogate, past U+10FFFF, cut, stray), and the
 * encoder giving the bytes back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/utf8.h"

static void
check(const char *s, int32_t want, size_t want_used)
{
	size_t	used = 99;

	assert_int_equal(utf8_decode(s, strlen(s) ? strlen(s) : 1, &used),
	    want);
	assert_int_equal(used, want_used);
}

static void
test_decode(void **state)
{
	(void)state;
	check("A", 'A', 1);
	check("\xd0\x81", 0x401, 2);			/* Ё */
	check("\xe2\x82\xbd", 0x20bd, 3);		/* ₽ */
	check("\xf0\x9f\x98\x80", 0x1f600, 4);
	check("\xc0\xaf", -1, 1);			/* overlong '/' */
	check("\xe0\x80\xaf", -1, 1);
	check("\xed\xa0\x80", -1, 1);			/* a surrogate */
	check("\xf4\x90\x80\x80", -1, 1);		/* past U+10FFFF */
	check("\xd0", -1, 1);				/* cut */
	check("\xe2\x82", -1, 1);
	check("\x80", -1, 1);				/* stray */
	check("\xff", -1, 1);
}

static void
test_round_trip(void **state)
{
	static const int32_t cps[] = { 0x41, 0x7f, 0x80, 0x401, 0x7ff, 0x800,
	    0x20bd, 0xffff, 0x10000, 0x10ffff };
	struct buf	b = BUF_INIT;
	size_t		i, used;

	(void)state;
	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		buf_reset(&b);
		utf8_add(&b, cps[i]);
		assert_int_equal(utf8_decode(b.data, b.len, &used), cps[i]);
		assert_int_equal(used, b.len);
	}
	/* no UTF-8 form: U+FFFD, never invalid bytes */
	buf_reset(&b);
	utf8_add(&b, 0xd800);
	utf8_add(&b, 0x110000);
	utf8_add(&b, -5);
	assert_string_equal(b.data, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
