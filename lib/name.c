/* name.c — parts of a Russian full name, checked and capitalised. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/buf.h"
#include "kabinet/i18n.h"
#include "kabinet/name.h"
#include "kabinet/utf8.h"

/* A Cyrillic letter of Russian at s: its code point, else -1. */
static int32_t
name_letter(const unsigned char *s)
{
	size_t	used;
	int32_t	cp = utf8_decode((const char *)s, strlen((const char *)s),
		    &used);

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
		utf8_add(&b, start ? name_upper(cp) : name_lower(cp));
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
