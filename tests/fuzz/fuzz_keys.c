/*
 * fuzz_keys.c — the TUI's input: escape sequences (keys_escape) and the
 * keys and UTF-8 text an input field takes (field_key, field_set,
 * field_value).  Input bytes are the terminal's: Esc starts a sequence,
 * bytes at or above 0x80 are gathered into code points as get_wch()
 * would; whatever arrives, a field holds at most its max characters and
 * gives back valid UTF-8 that sets it to the same text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <locale.h>

#include "tui.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const uint8_t	*in;
static size_t		 in_len, in_pos;

static int
next(int wait_ms)
{
	(void)wait_ms;
	return in_pos < in_len ? in[in_pos++] : -1;
}

/* The next code point of the input as get_wch() gives it, or -1. */
static int
next_key(void)
{
	mbstate_t	st;
	wchar_t		wc;
	size_t		n;

	if (in_pos >= in_len)
		return -1;
	memset(&st, 0, sizeof st);
	n = mbrtowc(&wc, (const char *)in + in_pos, in_len - in_pos, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		in_pos++;
		return 0xfffd;
	}
	in_pos += n;
	return (int)wc;
}

static int
utf8_valid(const char *s)
{
	mbstate_t	st;
	size_t		n, len = strlen(s);

	memset(&st, 0, sizeof st);
	while (len > 0) {
		n = mbrtowc(NULL, s, len, &st);
		if (n == (size_t)-1 || n == (size_t)-2)
			return 0;
		s += n;
		len -= n;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 inited;
	struct field	 f, g;
	char		*v, *w;
	int		 key, after;
	enum field_kind	 kind;

	if (!inited) {
		setlocale(LC_CTYPE, "C.UTF-8");
		inited = 1;
	}
	if (size < 1)
		return 0;
	kind = (enum field_kind)(data[0] % (FIELD_CARD + 1));
	in = data + 1;
	in_len = size - 1;
	in_pos = 0;
	field_init(&f, kind, "fuzz", 1 + data[0] % 40);
	while ((key = next_key()) != -1) {
		if (key == 0x1b) {
			key = keys_escape(next, &after);
			if (key != 0)
				field_key(&f, key);
			if (after != 0)
				field_key(&f, after);
			continue;
		}
		field_key(&f, key);
		if (f.len > f.max || f.cursor > f.len)
			abort();
	}
	v = field_value(&f);
	if (!utf8_valid(v))
		abort();
	/* What a field gives back sets another to the same text. */
	field_init(&g, kind, "again", f.max);
	field_set(&g, v);
	w = field_value(&g);
	if (strcmp(v, w) != 0)
		abort();
	free(w);
	free(v);
	/* The raw bytes as text: cut to max, never past it. */
	v = malloc(in_len + 1);
	memcpy(v, in, in_len);
	v[in_len] = '\0';
	field_set(&g, v);
	if (g.len > g.max)
		abort();
	free(v);
	w = field_value(&g);
	if (!utf8_valid(w))
		abort();
	free(w);
	field_free(&g);
	field_free(&f);
	return 0;
}
