/*
 * field.c — one input field: editing in code points (so UTF-8 input is
 * edited a letter at a time), masking, and per-kind checks.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/phone.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

void
field_init(struct field *f, enum field_kind kind, const char *label,
    size_t max)
{
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->label = label;
	f->max = max;
	f->text = xcalloc(max + 1, sizeof *f->text);
}

void
field_free(struct field *f)
{
	if (f->text != NULL) {
		wipe(f->text, (f->max + 1) * sizeof *f->text);
		free(f->text);
	}
	f->text = NULL;
	f->len = f->cursor = 0;
}

void
field_clear(struct field *f)
{
	wipe(f->text, (f->max + 1) * sizeof *f->text);
	f->len = f->cursor = 0;
	f->error = NULL;
}

void
field_set(struct field *f, const char *utf8)
{
	field_clear(f);
	f->len = text_decode(utf8, f->text, f->max);
	f->text[f->len] = 0;
	f->cursor = f->len;
}

int
field_equal(const struct field *a, const struct field *b)
{
	return a->len == b->len && wmemcmp(a->text, b->text, a->len) == 0;
}

char *
field_value(const struct field *f)
{
	struct buf	b = BUF_INIT;
	size_t		i;

	for (i = 0; i < f->len; i++)
		text_encode(&b, f->text[i]);
	return buf_detach(&b, NULL);
}

static int
field_accepts(const struct field *f, int key)
{
	if (f->kind == FIELD_DIGITS || f->kind == FIELD_CARD)
		return key >= '0' && key <= '9';
	return 1;
}

int
field_key(struct field *f, int key)
{
	if (f->readonly)
		return 1;	/* a verified value stays as it is */
	if (keys_printable(key)) {
		if (!field_accepts(f, key))
			return 0;
		if (f->len >= f->max) {
			beep();
			return 1;
		}
		memmove(f->text + f->cursor + 1, f->text + f->cursor,
		    (f->len - f->cursor) * sizeof *f->text);
		f->text[f->cursor++] = (wchar_t)key;
		f->text[++f->len] = 0;
		goto edited;
	}
	switch (key) {
	case KEYC_FN(KEY_BACKSPACE):
		if (f->cursor == 0)
			return 1;
		f->cursor--;
		/* FALLTHROUGH */
	case KEYC_FN(KEY_DC):
	case KEYC_CTRL('D'):
		if (f->cursor >= f->len)
			return 1;
		memmove(f->text + f->cursor, f->text + f->cursor + 1,
		    (f->len - f->cursor) * sizeof *f->text);
		f->len--;
		goto edited;
	case KEYC_FN(KEY_LEFT):
	case KEYC_CTRL('B'):
		if (f->cursor > 0)
			f->cursor--;
		return 1;
	case KEYC_FN(KEY_RIGHT):
	case KEYC_CTRL('F'):
		if (f->cursor < f->len)
			f->cursor++;
		return 1;
	case KEYC_FN(KEY_HOME):
	case KEYC_CTRL('A'):
		f->cursor = 0;
		return 1;
	case KEYC_FN(KEY_END):
	case KEYC_CTRL('E'):
		f->cursor = f->len;
		return 1;
	case KEYC_CTRL('U'):
		field_clear(f);
		goto edited;
	case KEYC_CTRL('K'):
		wipe(f->text + f->cursor, (f->len - f->cursor) *
		    sizeof *f->text);
		f->len = f->cursor;
		goto edited;
	}
	return 0;
edited:
	f->modified = 1;
	f->error = NULL;
	return 1;
}

/* "1 500,50" (Russian) or "1500.50": the amount without its currency,
 * in a form money_parse() reads back. */
static void
field_money_plain(int64_t kop, char *out, size_t len)
{
	char	*p, *q;
	int	 ru = i18n_is_russian();

	money_format(kop, ru ? MONEY_ASCII_RU : MONEY_EN, out, len);
	if ((p = strrchr(out, ' ')) != NULL)
		*p = '\0';
	if (!ru) {
		for (p = q = out; *p != '\0'; p++) {
			if (*p != ',')
				*q++ = *p;
		}
		*q = '\0';
	}
}

int
field_leave(struct field *f)
{
	char	*v, out[MONEY_FMT_LEN];
	int	 rc = 0;

	/* What was said about this value stays until the value changes
	 * (an edit clears it). */
	if (f->error != NULL)
		return -1;
	if (f->kind != FIELD_PHONE && f->kind != FIELD_MONEY)
		return 0;
	v = field_value(f);
	if (f->kind == FIELD_PHONE) {
		enum phone_error e = phone_normalize(v, f->phone);

		if (e != PHONE_OK) {
			f->error = _(phone_strerror(e));
			f->phone[0] = '\0';
			rc = -1;
		} else {
			phone_pretty(f->phone, out, sizeof out);
			field_set(f, out);
		}
	} else {
		enum money_parse_error e = money_parse(v, &f->money);

		if (e != MONEY_OK) {
			f->error = _(money_strerror(e));
			rc = -1;
		} else {
			field_money_plain(f->money, out, sizeof out);
			field_set(f, out);
		}
	}
	xfree_secret(v);
	return rc;
}

const char *
field_warning(const struct field *f)
{
	size_t	i, upper = 0, lower = 0, cyr = 0;
	int	first_lower = -1;
	wchar_t	c;

	if (f->kind != FIELD_PASSWORD)
		return NULL;
	for (i = 0; i < f->len; i++) {
		c = f->text[i];
		if (c >= 0x400 && c <= 0x4ff)
			cyr++;
		if ((c >= 'A' && c <= 'Z') || (c >= 0x410 && c <= 0x42f)) {
			upper++;
			if (first_lower == -1)
				first_lower = 0;
		} else if ((c >= 'a' && c <= 'z') ||
		    (c >= 0x430 && c <= 0x44f)) {
			lower++;
			if (first_lower == -1)
				first_lower = 1;
		}
	}
	if (cyr > 0)
		return _("Russian keyboard layout? The password has Cyrillic "
		    "letters");
	/* Two letters at least, so the first capital alone says nothing.
	 * "dEMO2026" is the usual shape: Shift for the first letter with
	 * Caps Lock on. */
	if (upper >= 2 && lower == 0)
		return _("Caps Lock on? All the letters are upper case");
	if (upper >= 2 && lower == 1 && first_lower == 1)
		return _("Caps Lock on? The letters after the first are upper "
		    "case");
	return NULL;
}

static size_t
field_cell(const struct field *f, wchar_t c)
{
	int	w;

	if (f->kind == FIELD_PASSWORD || !text_utf8())
		return 1;
	w = wcwidth(c);
	return w < 0 ? 1 : (size_t)w;
}

/*
 * What the field shows, one wide char per position, into out (the caller
 * frees), and where the cursor is in it.  A password is stars; a card
 * number is grouped 4-4-4-4 while it is edited and masked but for the
 * last four once the field is left.
 */
static size_t
field_shown(const struct field *f, int focused, wchar_t **out,
    size_t *cursor)
{
	wchar_t	*d = xcalloc(f->len * 2 + 2, sizeof *d);
	size_t	 i, n = 0;

	*cursor = f->cursor;
	for (i = 0; i < f->len; i++) {
		if (f->kind == FIELD_CARD && i > 0 && i % 4 == 0) {
			if (i == f->cursor)
				*cursor = n + 1;
			d[n++] = ' ';
		} else if (i == f->cursor)
			*cursor = n;
		if (f->kind == FIELD_PASSWORD)
			d[n++] = '*';
		else if (f->kind == FIELD_CARD && !focused &&
		    (f->len <= 4 || i < f->len - 4))
			d[n++] = '*';
		else
			d[n++] = f->text[i];
	}
	if (f->cursor >= f->len)
		*cursor = n + (f->kind == FIELD_CARD && f->len > 0 &&
		    f->len % 4 == 0 && f->len < f->max ? 1 : 0);
	*out = d;
	return n;
}

void
field_render(const struct field *f, int focused, size_t width,
    struct buf *b, size_t *cursor_cell)
{
	wchar_t	*d;
	size_t	 start = 0, i, w, n, cur;

	*cursor_cell = 0;
	if (width == 0)
		return;
	n = field_shown(f, focused, &d, &cur);
	/* Scroll so the cursor stays within the window. */
	for (;;) {
		for (i = start, w = 0; i < cur && i < n; i++)
			w += field_cell(f, d[i]);
		w += cur > n ? cur - n : 0;
		if (w < width || start >= cur)
			break;
		start++;
	}
	*cursor_cell = w;
	for (i = start, w = 0; i < n; i++) {
		size_t cw = field_cell(f, d[i]);

		if (w + cw > width)
			break;
		if (text_utf8())
			text_encode(b, d[i]);
		else
			buf_addch(b, d[i] < 0x80 ? (int)d[i] : '?');
		w += cw;
	}
	wipe(d, (f->len * 2 + 2) * sizeof *d);
	free(d);
}

size_t
field_cells(const struct field *f)
{
	return f->kind == FIELD_CARD ? f->max + (f->max - 1) / 4 : f->max;
}
