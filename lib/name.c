/* name.c — parts of a Russian full name, checked and capitalised. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/buf.h"
#include "kabinet/i18n.h"
#include "kabinet/name.h"

/* A Cyrillic letter of Russian at s: its code point, else -1. */
static int32_t
name_letter(const unsigned char *s)
{
	int32_t	cp;

	if (s[0] != 0xd0 && s[0] != 0xd1)
		return -1;
	if ((s[1] & 0xc0) != 0x80)
		return -1;
	cp = (s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	if ((cp >= 0x410 && cp <= 0x44f) || cp == 0x401 || cp == 0x451)
		return cp;
	return -1;
}

static int32_t
name_upper(int32_t cp)
{
	if (cp >= 0x430 && cp <= 0x44f)
		return cp - 0x20;
	if (cp == 0x451)
		return 0x401;
	return cp;
}

static int32_t
name_lower(int32_t cp)
{
	if (cp >= 0x410 && cp <= 0x42f)
		return cp + 0x20;
	if (cp == 0x401)
		return 0x451;
	return cp;
}

static void
name_addcp(struct buf *b, int32_t cp)
{
	buf_addch(b, 0xc0 | (cp >> 6));
	buf_addch(b, 0x80 | (cp & 0x3f));
}

enum name_error
name_normalize(const char *in, char **outp)
{
	const unsigned char	*s = (const unsigned char *)in;
	struct buf		 b;
	size_t			 chars = 0;
	int32_t			 cp;
	int			 start = 1;	/* next letter starts a part */
	int			 blank = 0;
	char			 sep = 0;	/* pending '-' or '\'' */

	*outp = NULL;
	if (in == NULL)
		return NAME_EMPTY;
	buf_init(&b, 0);
	for (; *s != '\0';) {
		if (*s == ' ' || *s == '\t') {
			if (sep != 0)
				goto bad;
			blank = b.len > 0;
			s++;
			continue;
		}
		if (*s == '-' || *s == '\'') {
			/* Only between letters: "Анна-Мария", "Д'Артаньян". */
			if (b.len == 0 || blank || sep != 0)
				goto bad;
			sep = (char)*s++;
			continue;
		}
		if ((cp = name_letter(s)) == -1)
			goto bad;
		s += 2;
		if (blank || sep != 0) {
			buf_addch(&b, blank ? ' ' : sep);
			chars++;
			blank = 0;
			sep = 0;
			start = 1;
		}
		name_addcp(&b, start ? name_upper(cp) : name_lower(cp));
		start = 0;
		if (++chars > NAME_MAX_CHARS) {
			buf_release(&b);
			return NAME_TOO_LONG;
		}
	}
	if (sep != 0)
		goto bad;
	if (b.len == 0) {
		buf_release(&b);
		return NAME_EMPTY;
	}
	*outp = buf_detach(&b, NULL);
	return NAME_OK;
bad:
	buf_release(&b);
	return NAME_BAD_CHAR;
}

const char *
name_strerror(enum name_error e)
{
	switch (e) {
	case NAME_OK:
		return N_("valid name");
	case NAME_EMPTY:
		return N_("name is empty");
	case NAME_BAD_CHAR:
		return N_("name may contain only Russian letters, with a "
		    "hyphen, space or apostrophe between them");
	case NAME_TOO_LONG:
		return N_("name is longer than 50 characters");
	}
	return N_("invalid name");
}
