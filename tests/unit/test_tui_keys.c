/* test_tui_keys.c — key tables: the bottom bar and the help text are
 * generated from the table the keys are dispatched from. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <curses.h>
#include <term.h>
#include <cmocka.h>

#include "tui.h"

static int	calls;
static void
fn(struct screen *s)
{
	(void)s;
	calls++;
}

static const struct keybind screen_keys[] = {
	{ { KEYC_ENTER }, NULL, "Sign in", fn, KB_BAR },
	{ { KEYC_FN(KEY_F(4)) }, NULL, "Forgot password?", fn, KB_BAR },
	{ { 's', KEYC_FN(KEY_F(2)) }, "s", "Settings", fn, KB_BAR },
	{ { KEYC_CTRL('R') }, NULL, "Hidden from the bar", fn, 0 },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static const struct keybind global_keys[] = {
	{ { KEYC_FN(KEY_F(1)), '?' }, "F1", "Help", fn, KB_BAR },
	{ { KEYC_FN(KEY_F(10)), 'q' }, "F10", "Quit", fn, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static const struct keybind shadowing_keys[] = {
	{ { KEYC_ESC, 'q', KEYC_FN(KEY_F(1)) }, "Esc", "Close the help", fn,
	  KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

/* The terminal the bar is made for: its terminfo says which keys exist. */
static void
use_term(const char *name)
{
	int	err;

	if (cur_term != NULL)
		del_curterm(cur_term);
	cur_term = NULL;
	assert_int_equal(setupterm(name, 1, &err), OK);
}

static void
test_bar(void **state)
{
	struct buf	b = BUF_INIT;

	(void)state;
	use_term("xterm");
	keys_bar(screen_keys, global_keys, 0, 200, &b);
	assert_string_equal(b.data, "F1 Help  Enter Sign in  F4 Forgot "
	    "password?  s Settings  F10 Quit");
	buf_release(&b);
}

static void
test_bar_vt100(void **state)
{
	struct buf	b = BUF_INIT;

	(void)state;
	/* A vt100 has F1-F4 only: F10 is shown by its letter. */
	use_term("vt100");
	keys_bar(screen_keys, global_keys, 0, 200, &b);
	assert_string_equal(b.data, "F1 Help  Enter Sign in  F4 Forgot "
	    "password?  s Settings  q Quit");
	buf_release(&b);
}

static void
test_bar_whole_hints(void **state)
{
	struct buf	b = BUF_INIT;

	(void)state;
	/* 40 cells: whole hints by priority (help, the screen's own in
	 * order, then quit), a hint that does not fit left to the help
	 * screen, never a cut word. */
	use_term("xterm");
	keys_bar(screen_keys, global_keys, 0, 40, &b);
	assert_true(b.len <= 40);
	assert_string_equal(b.data, "F1 Help  Enter Sign in  s Settings");
	buf_release(&b);
}

static void
test_bar_shadowed(void **state)
{
	struct buf	b = BUF_INIT;

	(void)state;
	/* The help screen's own F1 hides the global "F1 Help". */
	use_term("xterm");
	keys_bar(shadowing_keys, global_keys, 0, 200, &b);
	assert_string_equal(b.data, "Esc Close the help  F10 Quit");
	buf_release(&b);
}

static void
test_help(void **state)
{
	struct buf	b = BUF_INIT;

	(void)state;
	keys_help(screen_keys, global_keys, &b);
	assert_non_null(strstr(b.data, "Enter"));
	assert_non_null(strstr(b.data, "s, F2"));
	assert_non_null(strstr(b.data, "Hidden from the bar"));
	assert_non_null(strstr(b.data, "F10, q"));
	assert_non_null(strstr(b.data, "Ctrl-R"));
	/* One line per binding, both tables. */
	{
		size_t n = 0;
		const char *p;

		for (p = b.data; *p != '\0'; p++)
			n += *p == '\n';
		assert_int_equal(n, 6);
	}
	buf_release(&b);
}

static void
test_find_and_normalize(void **state)
{
	(void)state;
	assert_ptr_equal(keys_find(screen_keys, KEYC_FN(KEY_F(2))),
	    &screen_keys[2]);
	assert_ptr_equal(keys_find(screen_keys, 's'), &screen_keys[2]);
	assert_null(keys_find(screen_keys, 'x'));
	assert_int_equal(keys_normalize(0, '\r'), KEYC_ENTER);
	assert_int_equal(keys_normalize(1, KEY_ENTER), KEYC_ENTER);
	assert_int_equal(keys_normalize(0, 127), KEYC_FN(KEY_BACKSPACE));
	assert_int_equal(keys_normalize(1, KEY_F(5)), KEYC_FN(KEY_F(5)));
	/* Cyrillic letters are characters, never function keys. */
	assert_int_equal(keys_normalize(0, 0x0439), 0x0439);
	assert_true(keys_printable(0x0439));
	assert_false(keys_printable(KEYC_FN(KEY_F(1))));
	assert_false(keys_printable(KEYC_ESC));
}

/* Bytes after an Esc, for keys_escape()'s reader. */
static const char	*seq;

static int
next(int wait_ms)
{
	(void)wait_ms;
	if (seq == NULL || *seq == '\0')
		return -1;
	return (unsigned char)*seq++;
}

static int
esc(const char *rest, int *after)
{
	seq = rest;
	return keys_escape(next, after);
}

static void
test_escape_sequences(void **state)
{
	int	after;

	(void)state;
	/* xterm's, vt220's and the Linux console's keys. */
	assert_int_equal(esc("[15~", &after), KEYC_FN(KEY_F(5)));
	assert_int_equal(after, 0);
	assert_int_equal(esc("[21~", &after), KEYC_FN(KEY_F(10)));
	assert_int_equal(esc("[24~", &after), KEYC_FN(KEY_F(12)));
	assert_int_equal(esc("[6~", &after), KEYC_FN(KEY_NPAGE));
	assert_int_equal(esc("[5~", &after), KEYC_FN(KEY_PPAGE));
	assert_int_equal(esc("OP", &after), KEYC_FN(KEY_F(1)));
	assert_int_equal(esc("[A", &after), KEYC_FN(KEY_UP));
	assert_int_equal(esc("[Z", &after), KEYC_FN(KEY_BTAB));
	assert_int_equal(esc("[[E", &after), KEYC_FN(KEY_F(5)));
	assert_int_equal(esc("OM", &after), KEYC_ENTER);
	/* Read whole and dropped: unknown, modified, malformed, cut. */
	assert_int_equal(esc("[99~", &after), 0);
	assert_int_equal(esc("[15;5~", &after), 0);
	assert_int_equal(esc("[1;5X", &after), 0);
	assert_int_equal(esc("Oz", &after), 0);
	assert_int_equal(esc("[>0c", &after), 0);
	assert_int_equal(esc("[15", &after), 0);
	assert_int_equal(esc("[12345678901234567890123456789012345~",
	    &after), 0);
	assert_int_equal(after, 0);
	/* A lone Esc, and what came after it, a key of its own. */
	assert_int_equal(esc("", &after), KEYC_ESC);
	assert_int_equal(after, 0);
	assert_int_equal(esc("q", &after), KEYC_ESC);
	assert_int_equal(after, 'q');
}

/* A terminal can send what decodes past U+10FFFF or to a surrogate: no
 * field takes it, since it has no UTF-8 form to send on (fuzz_keys). */
static void
test_printable_code_points(void **state)
{
	struct buf	b = BUF_INIT;

	(void)state;
	assert_true(keys_printable('a'));
	assert_true(keys_printable(0x44f));		/* я */
	assert_true(keys_printable(0x10ffff));
	assert_false(keys_printable(0xd800));
	assert_false(keys_printable(0xdfff));
	assert_false(keys_printable(0x110000));
	assert_false(keys_printable(0x1279e7));
	text_encode(&b, 0x1279e7);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "\xef\xbf\xbd", 3);	/* U+FFFD */
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bar),
		cmocka_unit_test(test_bar_vt100),
		cmocka_unit_test(test_bar_whole_hints),
		cmocka_unit_test(test_bar_shadowed),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_find_and_normalize),
		cmocka_unit_test(test_escape_sequences),
		cmocka_unit_test(test_printable_code_points),
	};

	setlocale(LC_ALL, "C.UTF-8");
	unsetenv("LANGUAGE");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
