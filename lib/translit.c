/* translit.c — Russian Cyrillic to Latin capitals (passport systems). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/buf.h"
#include "kabinet/translit.h"
#include "kabinet/utf8.h"
#include "kabinet/xmalloc.h"

/* а..я in code point order (U+0430..U+044F). */
static const char *const translit_icao[32] = {
	"A", "B", "V", "G", "D", "E", "ZH", "Z",
	"I", "I", "K", "L", "M", "N", "O", "P",
	"R", "S", "T", "U", "F", "KH", "TS", "CH",
	"SH", "SHCH", "IE", "Y", "", "E", "IU", "IA",
};
static const char *const translit_legacy[32] = {
	"A", "B", "V", "G", "D", "E", "ZH", "Z",
	"I", "Y", "K", "L", "M", "N", "O", "P",
	"R", "S", "T", "U", "F", "KH", "TS", "CH",
	"SH", "SHCH", "", "Y", "", "E", "YU", "YA",
};

/* Next code point of s at *i; -1 on bad UTF-8 (overlong, surrogate …). */
static int32_t
translit_next(const unsigned char *s, size_t *i)
{
	size_t	used;
	int32_t	cp = utf8_decode((const char *)s + *i, strlen((const char *)s +
		    *i), &used);

	if (cp >= 0)
		*i += used;
	return cp;
}

static char *
translit_with(const char *in, const char *const table[32])
{
	const unsigned char	*s = (const unsigned char *)in;
	struct buf		 b;
	size_t			 i = 0;
	int32_t			 cp;

	if (in == NULL)
		return NULL;
	buf_init(&b, strlen(in) * 2);
	while (s[i] != '\0') {
		if ((cp = translit_next(s, &i)) == -1)
			goto bad;
		if (cp < 0x80) {
			if (cp >= 'a' && cp <= 'z')
				cp -= 'a' - 'A';
			buf_addch(&b, (int)cp);
		} else if (cp >= 0x410 && cp <= 0x42f)
			buf_adds(&b, table[cp - 0x410]);
		else if (cp >= 0x430 && cp <= 0x44f)
			buf_adds(&b, table[cp - 0x430]);
		else if (cp == 0x401 || cp == 0x451)	/* Ё ё */
			buf_addch(&b, 'E');
		else
			goto bad;
	}
	return buf_detach(&b, NULL);
bad:
	buf_release(&b);
	return NULL;
}

char *
translit_ru(const char *in)
{
	return translit_with(in, translit_icao);
}

char *
translit_ru_legacy(const char *in)
{
	return translit_with(in, translit_legacy);
}

static int
translit_pair_matches(const char *holder, const char *a, const char *b)
{
	size_t	na = strlen(a);

	return strncmp(holder, a, na) == 0 && holder[na] == ' ' &&
	    strcmp(holder + na + 1, b) == 0;
}

int
translit_name_matches(const char *holder, const char *given,
    const char *surname)
{
	char	*(*fn[2])(const char *) = { translit_ru, translit_ru_legacy };
	char	*g, *s;
	int	 i, ok = 0;

	if (holder == NULL)
		return 0;
	for (i = 0; i < 2 && !ok; i++) {
		g = fn[i](given);
		s = fn[i](surname);
		if (g != NULL && s != NULL && *g != '\0' && *s != '\0')
			ok = translit_pair_matches(holder, g, s) ||
			    translit_pair_matches(holder, s, g);
		free(g);
		free(s);
	}
	return ok;
}
