/* utf8.c — strict UTF-8 decoding and encoding (utf8.h). */
#include "kabinet/utf8.h"

int32_t
utf8_decode(const char *p, size_t n, size_t *used)
{
	const unsigned char	*s = (const unsigned char *)p;
	int32_t			 c, min;
	size_t			 len, i;

	*used = 1;
	if (s[0] < 0x80)
		return s[0];
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else
		return -1;
	if (len > n)
		return -1;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*used = len;
	return c;
}

void
utf8_add(struct buf *b, int32_t c)
{
	if (c < 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;	/* no UTF-8 form: never invalid UTF-8 out */
	if (c < 0x80)
		buf_addch(b, (int)c);
	else if (c < 0x800) {
		buf_addch(b, 0xc0 | (int)(c >> 6));
		buf_addch(b, 0x80 | (int)(c & 0x3f));
	} else if (c < 0x10000) {
		buf_addch(b, 0xe0 | (int)(c >> 12));
		buf_addch(b, 0x80 | (int)((c >> 6) & 0x3f));
		buf_addch(b, 0x80 | (int)(c & 0x3f));
	} else {
		buf_addch(b, 0xf0 | (int)(c >> 18));
		buf_addch(b, 0x80 | (int)((c >> 12) & 0x3f));
		buf_addch(b, 0x80 | (int)((c >> 6) & 0x3f));
		buf_addch(b, 0x80 | (int)(c & 0x3f));
	}
}
