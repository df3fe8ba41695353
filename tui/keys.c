/*
 * keys.c — key codes and key tables.  The bottom bar and the help screen
 * are generated from the same tables the keys are dispatched from.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <term.h>

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

/*
 * Escape sequences the terminal description does not name: a vt100 entry
 * knows PF1-PF4 and the arrows, but the terminal (tmux, PuTTY, a thin
 * client) sends xterm's F5-F12, PgUp and PgDn all the same.  Read whole
 * (ECMA-48: CSI parameters, intermediates, one final byte; SS3 and one
 * final byte), known ones become their key, the rest are dropped, so a
 * sequence never turns into Esc followed by typed text.
 */
#define KEYS_SEQ_MAX	32	/* longer is not a key: dropped */
#define KEYS_SEQ_WAIT	100	/* ms for the rest of a sequence */

static const struct {
	int	 n;		/* CSI n ~ */
	int	 key;
} keys_tilde[] = {
	{ 1, KEY_HOME }, { 2, KEY_IC }, { 3, KEY_DC }, { 4, KEY_END },
	{ 5, KEY_PPAGE }, { 6, KEY_NPAGE }, { 7, KEY_HOME }, { 8, KEY_END },
	{ 11, KEY_F(1) }, { 12, KEY_F(2) }, { 13, KEY_F(3) }, { 14, KEY_F(4) },
	{ 15, KEY_F(5) }, { 17, KEY_F(6) }, { 18, KEY_F(7) }, { 19, KEY_F(8) },
	{ 20, KEY_F(9) }, { 21, KEY_F(10) }, { 23, KEY_F(11) },
	{ 24, KEY_F(12) },
};

static const struct {
	int	 final;		/* CSI final or SS3 final */
	int	 key;
} keys_final[] = {
	{ 'A', KEY_UP }, { 'B', KEY_DOWN }, { 'C', KEY_RIGHT },
	{ 'D', KEY_LEFT }, { 'H', KEY_HOME }, { 'F', KEY_END },
	{ 'Z', KEY_BTAB }, { 'P', KEY_F(1) }, { 'Q', KEY_F(2) },
	{ 'R', KEY_F(3) }, { 'S', KEY_F(4) },
};

/* The key a finished sequence names, or 0.  A modifier (Shift, Ctrl,
 * Alt: a second parameter above 1) makes it a key we do not bind. */
static int
keys_decode(int intro, const char *par, int final)
{
	int	 n = 0, mod = 1;
	size_t	 i;

	if (intro == '[' && par[0] == '[') {
		/* The Linux console's F1-F5: CSI [ A .. CSI [ E. */
		if (par[1] == '\0' && final >= 'A' && final <= 'E')
			return KEYC_FN(KEY_F(1 + final - 'A'));
		return 0;
	}
	if (par[0] != '\0' && sscanf(par, "%d;%d", &n, &mod) < 1)
		return 0;
	if (mod != 1 || strspn(par, "0123456789;") != strlen(par))
		return 0;
	if (intro == '[' && final == '~') {
		for (i = 0; i < sizeof keys_tilde / sizeof keys_tilde[0]; i++)
			if (keys_tilde[i].n == n)
				return KEYC_FN(keys_tilde[i].key);
		return 0;
	}
	if (intro == 'O' && final == 'M')
		return KEYC_ENTER;		/* the keypad's Enter */
	for (i = 0; i < sizeof keys_final / sizeof keys_final[0]; i++)
		if (keys_final[i].final == final)
			return KEYC_FN(keys_final[i].key);
	return 0;
}

int
keys_escape(int (*next)(int), int *after)
{
	char	par[KEYS_SEQ_MAX + 1];
	size_t	n = 0;
	int	intro, c;

	*after = 0;
	intro = next(0);
	if (intro != '[' && intro != 'O') {
		/* A lone Esc; what came after it is a key of its own. */
		if (intro != -1)
			*after = intro;
		return KEYC_ESC;
	}
	for (;;) {
		if ((c = next(KEYS_SEQ_WAIT)) == -1 || KEYC_ISFN(c))
			return 0;	/* cut short: drop what came */
		if (intro == '[' && n == 0 && c == '[') {
			par[n++] = '[';
			continue;
		}
		if (c >= 0x20 && c <= 0x3f && n < KEYS_SEQ_MAX &&
		    par[0] != '[') {
			par[n++] = (char)c;
			continue;
		}
		if (c >= 0x40 && c <= 0x7e) {
			par[n] = '\0';
			return keys_decode(intro, par, c);
		}
		return 0;	/* not a sequence after all, or too long */
	}
}

int
keys_printable(int key)
{
	/* Not a surrogate nor past U+10FFFF: get_wch() passes on what a
	 * terminal sends, and those have no UTF-8 form to go on in. */
	return !KEYC_ISFN(key) && key >= 0x20 && key != 0x7f &&
	    !(key >= 0x80 && key < 0xa0) && !(key >= 0xd800 &&
	    key <= 0xdfff) && key <= 0x10ffff;
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

/* terminfo's name for a key a terminal may lack, or NULL. */
static const char *
keys_capname(int code)
{
	static const struct {
		int		 code;
		const char	*cap;
	} caps[] = {
		{ KEY_PPAGE, "kpp" }, { KEY_NPAGE, "knp" },
		{ KEY_HOME, "khome" }, { KEY_END, "kend" },
		{ KEY_IC, "kich1" }, { KEY_DC, "kdch1" },
		{ KEY_BTAB, "kcbt" },
		{ KEY_UP, "kcuu1" }, { KEY_DOWN, "kcud1" },
		{ KEY_LEFT, "kcub1" }, { KEY_RIGHT, "kcuf1" },
	};
	size_t	i;

	for (i = 0; i < sizeof caps / sizeof caps[0]; i++)
		if (caps[i].code == code)
			return caps[i].cap;
	return NULL;
}

static int
keys_cap(const char *name)
{
	char	*v = tigetstr(name);

	return v != NULL && v != (char *)-1 && *v != '\0';
}

/*
 * Does this terminal have the key?  Its description says so, except that
 * a description with F5 but without F11 and F12 (vt100: "F5"-"F10" are
 * keypad keys there) has no row of function keys beyond PF1-PF4.
 */
int
keys_has(int key)
{
	const char	*cap;
	char		 name[8];
	int		 code, n;

	if (!KEYC_ISFN(key))
		return 1;
	if (cur_term == NULL)
		return 1;	/* no terminal (a unit test): as the tables say */
	code = key & ~0x1000000;
	if (code >= KEY_F(1) && code <= KEY_F(12)) {
		if (code > KEY_F(4)) {
			for (n = 5; n <= 12; n++) {
				snprintf(name, sizeof name, "kf%d", n);
				if (!keys_cap(name))
					return 0;
			}
		}
		snprintf(name, sizeof name, "kf%d", code - KEY_F0);
		return keys_cap(name);
	}
	if ((cap = keys_capname(code)) != NULL)
		return keys_cap(cap);
	return 1;
}

/*
 * The key to show for a binding: the first of its keys this terminal has
 * that works here (on a screen with a form, letters are typed into the
 * field, so a Ctrl key or an F key is shown there).
 */
static int
keys_shown(const struct keybind *k, int form)
{
	size_t	i;

	for (i = 0; i < sizeof k->keys / sizeof k->keys[0] &&
	    k->keys[i] != 0; i++) {
		if (!keys_has(k->keys[i]))
			continue;
		if (form && keys_printable(k->keys[i]))
			continue;
		return k->keys[i];
	}
	return k->keys[0];
}

static const char *
keys_label(const struct keybind *k, int form, char *tmp, size_t len)
{
	int	key = keys_shown(k, form);

	if (k->label != NULL && key == k->keys[0])
		return _(k->label);
	return keys_name(key, tmp, len);
}

const char *
keys_label_of(const struct keybind *t, void (*fn)(struct screen *),
    int form, char *out, size_t len)
{
	char	tmp[32];

	for (; t != NULL && t->keys[0] != 0; t++) {
		if (t->fn == fn) {
			snprintf(out, len, "%s", keys_label(t, form, tmp,
			    sizeof tmp));
			return out;
		}
	}
	snprintf(out, len, "?");
	return out;
}

/* Is this binding overridden by an earlier table (the screen's own)? */
static int
keys_shadowed(const struct keybind *screen, const struct keybind *k)
{
	return keys_find(screen, k->keys[0]) != NULL;
}

/* One hint, "F1 Help", into b (emptied first). */
static void
keys_hint(struct buf *b, const struct keybind *k, int form)
{
	char	tmp[32];

	buf_reset(b);
	buf_adds(b, keys_label(k, form, tmp, sizeof tmp));
	buf_addch(b, ' ');
	buf_adds(b, _(k->help));
}

#define KEYS_BAR_MAX	32

void
keys_bar(const struct keybind *t, const struct keybind *global, int form,
    size_t width, struct buf *b)
{
	const struct keybind	*k, *order[KEYS_BAR_MAX];
	const struct keybind	*help = NULL;
	struct buf		 hint = BUF_INIT;
	size_t			 n = 0, i, used = 0, w;
	int			 take[KEYS_BAR_MAX], pass;

	/* In the order shown: global help, the screen's own, then the rest
	 * of the global ones (quit). */
	for (k = global; k != NULL && k->keys[0] != 0; k++) {
		if ((k->flags & KB_BAR) && !keys_shadowed(t, k) &&
		    k->keys[0] == KEYC_FN(KEY_F(1)))
			help = k;
	}
	if (help != NULL)
		order[n++] = help;
	for (k = t; k != NULL && k->keys[0] != 0 && n < KEYS_BAR_MAX; k++) {
		if (k->flags & KB_BAR)
			order[n++] = k;
	}
	for (k = global; k != NULL && k->keys[0] != 0 && n < KEYS_BAR_MAX;
	    k++) {
		if ((k->flags & KB_BAR) && !keys_shadowed(t, k) && k != help)
			order[n++] = k;
	}
	/*
	 * Whole hints only, by priority: help (it lists the rest), then the
	 * screen's own in table order, then quit, then the KB_LOW ones; a
	 * hint that does not fit is left to the help screen.
	 */
	memset(take, 0, sizeof take);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			if (((order[i]->flags & KB_LOW) != 0) != pass)
				continue;
			keys_hint(&hint, order[i], form);
			w = text_width(hint.data) + (used > 0 ? 2 : 0);
			if (used + w <= width) {
				take[i] = 1;
				used += w;
			}
		}
	}
	for (i = 0; i < n; i++) {
		if (!take[i])
			continue;
		keys_hint(&hint, order[i], form);
		if (b->len > 0)
			buf_adds(b, "  ");
		buf_adds(b, hint.data);
	}
	buf_release(&hint);
}

static void
keys_help_add(struct buf *b, const struct keybind *k)
{
	char	tmp[32];
	size_t	i, w;

	buf_adds(b, "  ");
	for (i = 0, w = 0; i < sizeof k->keys / sizeof k->keys[0] &&
	    k->keys[i] != 0; i++) {
		const char *n = i == 0 && k->label != NULL ? _(k->label) :
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
