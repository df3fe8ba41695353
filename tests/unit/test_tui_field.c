/* test_tui_field.c — form fields: editing UTF-8 a letter at a time,
 * masking, the phone and money checks, the password warnings, forms. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <curses.h>
#include <cmocka.h>

#include "kabinet/xmalloc.h"
#include "tui.h"

static void
type(struct field *f, const char *utf8)
{
	wchar_t	w[64];
	size_t	n, i;

	n = text_decode(utf8, w, 64);
	for (i = 0; i < n; i++)
		field_key(f, (int)w[i]);
}

static void
assert_value(struct field *f, const char *want)
{
	char	*v = field_value(f);

	assert_string_equal(v, want);
	xfree_secret(v);
}

static void
test_utf8_editing(void **state)
{
	struct field	f;

	(void)state;
	field_init(&f, FIELD_TEXT, "Surname", 40);
	type(&f, "Петрова");
	assert_int_equal(f.len, 7);
	assert_value(&f, "Петрова");
	/* Backspace takes one letter (two bytes), not one byte. */
	field_key(&f, KEYC_FN(KEY_BACKSPACE));
	assert_value(&f, "Петров");
	/* Insert in the middle, after moving left twice. */
	field_key(&f, KEYC_FN(KEY_LEFT));
	field_key(&f, KEYC_FN(KEY_LEFT));
	type(&f, "ё");
	assert_value(&f, "Петрёов");
	field_key(&f, KEYC_FN(KEY_HOME));
	field_key(&f, KEYC_FN(KEY_DC));
	assert_value(&f, "етрёов");
	field_key(&f, KEYC_FN(KEY_END));
	type(&f, "а");
	assert_value(&f, "етрёова");
	field_key(&f, KEYC_CTRL('U'));
	assert_int_equal(f.len, 0);
	assert_value(&f, "");
	assert_true(f.modified);
	field_free(&f);
}

static void
test_max_and_digits(void **state)
{
	struct field	f;

	(void)state;
	field_init(&f, FIELD_DIGITS, "Code", 6);
	/* Letters are not the field's: they go on to the key table. */
	assert_int_equal(field_key(&f, 'r'), 0);
	type(&f, "12345678");
	assert_value(&f, "123456");
	field_free(&f);
}

static void
test_phone_leave(void **state)
{
	static const char *const good[] = {
		"8 900 000-00-01", "+7 (900) 000-00-01", "79000000001",
	};
	struct field	f;
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		field_init(&f, FIELD_PHONE, "Phone", 24);
		type(&f, good[i]);
		assert_int_equal(field_leave(&f), 0);
		assert_string_equal(f.phone, "+79000000001");
		assert_value(&f, "+7 900 000-00-01");
		assert_null(f.error);
		field_free(&f);
	}
	field_init(&f, FIELD_PHONE, "Phone", 24);
	type(&f, "8 495 123-45-67");
	assert_int_equal(field_leave(&f), -1);
	assert_non_null(f.error);
	assert_non_null(strstr(f.error, "not a Russian mobile"));
	assert_string_equal(f.phone, "");
	/* Typing clears the error. */
	field_key(&f, KEYC_FN(KEY_BACKSPACE));
	assert_null(f.error);
	field_free(&f);
}

static void
test_money_leave(void **state)
{
	struct field	f;

	(void)state;
	field_init(&f, FIELD_MONEY, "Amount", 20);
	type(&f, "1500,5");
	assert_int_equal(field_leave(&f), 0);
	assert_int_equal(f.money, 150050);
	assert_value(&f, "1500.50");
	field_clear(&f);
	type(&f, "-3");
	assert_int_equal(field_leave(&f), -1);
	assert_non_null(f.error);
	field_free(&f);
}

static void
test_password_mask_and_warnings(void **state)
{
	struct field	 f;
	struct buf	 b = BUF_INIT;
	size_t		 cur;

	(void)state;
	field_init(&f, FIELD_PASSWORD, "Password", 64);
	type(&f, "Demo2026");
	assert_null(field_warning(&f));
	field_render(&f, 1, 20, &b, &cur);
	assert_string_equal(b.data, "********");
	assert_int_equal(cur, 8);
	field_clear(&f);
	type(&f, "D");
	assert_null(field_warning(&f));		/* one capital says nothing */
	type(&f, "EMO2026");
	assert_non_null(field_warning(&f));
	assert_non_null(strstr(field_warning(&f), "Caps Lock"));
	/* The usual Caps Lock shape: Shift for the first letter. */
	field_clear(&f);
	type(&f, "dEMO2026");
	assert_non_null(strstr(field_warning(&f), "Caps Lock"));
	field_clear(&f);
	type(&f, "dEmo2026");
	assert_null(field_warning(&f));
	field_clear(&f);
	type(&f, "Вуьщ2026");
	assert_non_null(strstr(field_warning(&f), "Russian keyboard"));
	buf_release(&b);
	field_free(&f);
}

static void
test_render_scrolls_to_cursor(void **state)
{
	struct field	 f;
	struct buf	 b = BUF_INIT;
	size_t		 cur;

	(void)state;
	field_init(&f, FIELD_TEXT, "Name", 40);
	type(&f, "абвгдежзийклмноп");
	field_render(&f, 1, 10, &b, &cur);
	/* The cursor is at the end: the last letters are shown. */
	assert_true(cur < 10);
	assert_non_null(strstr(b.data, "оп"));
	assert_true(text_width(b.data) <= 10);
	buf_release(&b);
	field_free(&f);
}

static void
test_card_number(void **state)
{
	struct field	 f;
	struct buf	 b = BUF_INIT;
	size_t		 cur;

	(void)state;
	field_init(&f, FIELD_CARD, "Card number", 19);
	type(&f, "2200 70ab/12-34");
	assert_value(&f, "2200701234");
	field_render(&f, 1, 30, &b, &cur);
	assert_string_equal(b.data, "2200 7012 34");
	assert_int_equal(cur, 12);
	type(&f, "567896");
	buf_reset(&b);
	field_render(&f, 1, 30, &b, &cur);
	assert_string_equal(b.data, "2200 7012 3456 7896");
	assert_int_equal(cur, 20);	/* after the space the next group takes */
	buf_reset(&b);
	field_render(&f, 0, 30, &b, &cur);
	assert_string_equal(b.data, "**** **** **** 7896");
	assert_int_equal(field_cells(&f), 23);
	buf_release(&b);
	field_free(&f);
}

static int	submitted;
static void
on_submit(struct screen *s)
{
	(void)s;
	submitted++;
}

static void
test_form_enter_moves_then_submits(void **state)
{
	struct form	fm;

	(void)state;
	form_init(&fm, 2);
	field_init(form_field(&fm, 0), FIELD_PHONE, "Phone", 24);
	field_init(form_field(&fm, 1), FIELD_PASSWORD, "Password", 64);
	fm.submit = on_submit;
	type(form_field(&fm, 0), "89000000001");
	assert_int_equal(form_key(&fm, NULL, KEYC_ENTER), 1);
	assert_int_equal(fm.focus, 1);
	/* Leaving the phone field showed it normalised. */
	assert_value(form_field(&fm, 0), "+7 900 000-00-01");
	assert_true(form_modified(&fm));
	submitted = 0;
	form_key(&fm, NULL, KEYC_ENTER);
	assert_int_equal(submitted, 1);
	form_key(&fm, NULL, KEYC_TAB);
	assert_int_equal(fm.focus, 0);
	form_key(&fm, NULL, KEYC_FN(KEY_BTAB));
	assert_int_equal(fm.focus, 1);
	form_free(&fm);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_editing),
		cmocka_unit_test(test_max_and_digits),
		cmocka_unit_test(test_phone_leave),
		cmocka_unit_test(test_money_leave),
		cmocka_unit_test(test_password_mask_and_warnings),
		cmocka_unit_test(test_render_scrolls_to_cursor),
		cmocka_unit_test(test_card_number),
		cmocka_unit_test(test_form_enter_moves_then_submits),
	};

	setlocale(LC_ALL, "C.UTF-8");
	unsetenv("LANGUAGE");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
