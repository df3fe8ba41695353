/*
 * keys.c — key codes and key tables.  The bottom bar and the help screen
 * are generated from the same tables the keys are dispatched from.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "tui.h"

int
keys_normalize(int is_fn, int code)
{
	if (is_fn) {
		if (code == KEY_ENTER)
			return KEYC_ENTER;
		return KEYC_FN(code);
	}
	if (code == '\r')
		return KEYC_ENTER;
	if (code == 127 || code == 8)
		return KEYC_FN(KEY_BACKSPACE);
	return code;
}

int
keys_printable(int key)
{
	return !KEYC_ISFN(key) && key >= 0x20 && key != 0x7f &&
	    !(key >= 0x80 && key < 0xa0);
}

const char *
keys_name(int key, char *out, size_t len)
{
	static const struct {
		int		 key;
		const char	*name;
	} names[] = {
		{ KEYC_ESC, N_("Esc") },
		{ KEYC_ENTER, N_("Enter") },
		{ KEYC_TAB, N_("Tab") },
		{ ' ', N_("Space") },
		{ KEYC_FN(KEY_UP), N_("Up") },
		{ KEYC_FN(KEY_DOWN), N_("Down") },
		{ KEYC_FN(KEY_LEFT), N_("Left") },
		{ KEYC_FN(KEY_RIGHT), N_("Right") },
		{ KEYC_FN(KEY_BTAB), N_("Shift-Tab") },
		{ KEYC_FN(KEY_BACKSPACE), N_("Backspace") },
	};
	size_t	i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (names[i].key == key) {
			snprintf(out, len, "%s", _(names[i].name));
			return out;
		}
	}
	if (KEYC_ISFN(key)) {
		int	k = key & ~0x1000000;

		if (k >= KEY_F(1) && k <= KEY_F(24))
			snprintf(out, len, "F%d", k - KEY_F0);
		else
			snprintf(out, len, "%s", keyname(k));
	} else if (key > 0 && key < 0x20)
		snprintf(out, len, "Ctrl-%c", key + '@');
	else {
		struct buf	b = BUF_INIT;

		text_encode(&b, (wchar_t)key);
		snprintf(out, len, "%s", b.data);
		buf_release(&b);
	}
	return out;
}

const struct keybind *
keys_find(const struct keybind *t, int key)
{
	size_t	i;

	for (; t != NULL && t->keys[0] != 0; t++) {
		for (i = 0; i < sizeof t->keys / sizeof t->keys[0] &&
		    t->keys[i] != 0; i++) {
			if (t->keys[i] == key)
				return t;
		}
	}
	return NULL;
}

static const char *
keys_label(const struct keybind *k, char *tmp, size_t len)
{
	if (k->label != NULL)
		return _(k->label);
	return keys_name(k->keys[0], tmp, len);
}

/* Is this binding overridden by an earlier table (the screen's own)? */
static int
keys_shadowed(const struct keybind *screen, const struct keybind *k)
{
	return keys_find(screen, k->keys[0]) != NULL;
}

static void
keys_bar_add(struct buf *b, const struct keybind *k)
{
	char	tmp[32];

	if (b->len > 0)
		buf_adds(b, "  ");
	buf_adds(b, keys_label(k, tmp, sizeof tmp));
	buf_addch(b, ' ');
	buf_adds(b, _(k->help));
}

void
keys_bar(const struct keybind *t, const struct keybind *global,
    struct buf *b)
{
	const struct keybind	*k;

	/* Global help first, then the screen's own, then global quit. */
	for (k = global; k != NULL && k->keys[0] != 0; k++) {
		if ((k->flags & KB_BAR) && k->keys[0] == KEYC_FN(KEY_F(1)) &&
		    !keys_shadowed(t, k))
			keys_bar_add(b, k);
	}
	for (k = t; k != NULL && k->keys[0] != 0; k++) {
		if (k->flags & KB_BAR)
			keys_bar_add(b, k);
	}
	for (k = global; k != NULL && k->keys[0] != 0; k++) {
		if ((k->flags & KB_BAR) && k->keys[0] != KEYC_FN(KEY_F(1)) &&
		    !keys_shadowed(t, k))
			keys_bar_add(b, k);
	}
}

static void
keys_help_add(struct buf *b, const struct keybind *k)
{
	char	tmp[32];
	size_t	i, w;

	buf_adds(b, "  ");
	for (i = 0, w = 0; i < sizeof k->keys / sizeof k->keys[0] &&
	    k->keys[i] != 0; i++) {
		const char *n = i == 0 ? keys_label(k, tmp, sizeof tmp) :
		    keys_name(k->keys[i], tmp, sizeof tmp);
		if (i > 0) {
			buf_adds(b, ", ");
			w += 2;
		}
		buf_adds(b, n);
		w += text_width(n);
	}
	for (; w < 16; w++)
		buf_addch(b, ' ');
	buf_addch(b, ' ');
	buf_adds(b, _(k->help));
	buf_addch(b, '\n');
}

void
keys_help(const struct keybind *t, const struct keybind *global,
    struct buf *b)
{
	const struct keybind	*k;

	for (k = t; k != NULL && k->keys[0] != 0; k++)
		keys_help_add(b, k);
	for (k = global; k != NULL && k->keys[0] != 0; k++) {
		if (!keys_shadowed(t, k))
			keys_help_add(b, k);
	}
}
