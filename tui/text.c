/* text.c — UTF-8 decoding, display width, ASCII fallbacks and times. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/utf8.h"
#include "tui.h"

static int text_is_utf8 = 1;

void
text_set_utf8(int on)
{
	text_is_utf8 = on;
}

int
text_utf8(void)
{
	return text_is_utf8;
}

/* One code point from s (at most n bytes); *used gets its length; bad
 * UTF-8 is U+FFFD, one byte at a time. */
wchar_t
text_next(const char *p, size_t n, size_t *used)
{
	int32_t	c = utf8_decode(p, n, used);

	return c < 0 ? 0xfffd : (wchar_t)c;
}

size_t
text_decode(const char *s, wchar_t *out, size_t max)
{
	size_t	 n = strlen(s), i = 0, k = 0, used;
	wchar_t	 c;

	while (i < n) {
		c = text_next(s + i, n - i, &used);
		i += used;
		if (out != NULL) {
			if (k >= max)
				break;
			out[k] = c;
		}
		k++;
	}
	return k;
}

void
text_encode(struct buf *b, wchar_t c)
{
	utf8_add(b, (int32_t)c);
}

size_t
text_width(const char *s)
{
	size_t	 n = strlen(s), i = 0, w = 0, used;
	wchar_t	 c;
	int	 cw;

	while (i < n) {
		c = text_next(s + i, n - i, &used);
		i += used;
		cw = text_is_utf8 ? wcwidth(c) : 1;
		w += cw > 0 ? (size_t)cw : (cw == 0 ? 0 : 1);
	}
	return w;
}

void
text_pad(struct buf *b, const char *s, size_t cells)
{
	size_t	 n = strlen(s), i = 0, w = 0, used;
	wchar_t	 c;
	int	 cw;

	while (i < n) {
		c = text_next(s + i, n - i, &used);
		cw = text_is_utf8 ? wcwidth(c) : 1;
		cw = cw > 0 ? cw : (cw == 0 ? 0 : 1);
		if (w + (size_t)cw > cells)
			break;
		buf_add(b, s + i, used);
		w += (size_t)cw;
		i += used;
	}
	for (; w < cells; w++)
		buf_addch(b, ' ');
}

/* Russian letters а..я in Latin (a simplified GOST 7.79 B). */
static const char *const text_cyr[32] = {
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m",
	"n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh",
	"shch", "", "y", "", "e", "yu", "ya",
};

static void
text_ascii(struct buf *out, wchar_t c)
{
	const char	*t;

	if (c >= 0x410 && c <= 0x44f) {
		t = text_cyr[(c - 0x410) % 32];
		if (c < 0x430 && t[0] != '\0') {
			buf_addch(out, t[0] - 'a' + 'A');
			buf_adds(out, t + 1);
		} else
			buf_adds(out, t);
		return;
	}
	switch (c) {
	case 0x401:			/* Ё */
		buf_adds(out, "Yo");
		return;
	case 0x451:
		buf_adds(out, "yo");
		return;
	case 0xab:			/* « » “ ” „ */
	case 0xbb:
	case 0x201c:
	case 0x201d:
	case 0x201e:
		buf_addch(out, '"');
		return;
	case 0x2013:			/* – — */
	case 0x2014:
	case 0x2212:
		buf_addch(out, '-');
		return;
	case 0x2026:
		buf_adds(out, "...");
		return;
	case 0x20bd:
		buf_adds(out, "rub.");
		return;
	case 0xa0:
	case 0x2009:
	case 0x202f:
		buf_addch(out, ' ');
		return;
	case 0x2116:			/* № */
		buf_adds(out, "No.");
		return;
	}
	buf_addch(out, '?');
}

void
text_display(const char *s, struct buf *out)
{
	size_t	 n = strlen(s), i = 0, used;
	wchar_t	 c;

	while (i < n) {
		c = text_next(s + i, n - i, &used);
		if (c < 0x20 || c == 0x7f)
			buf_addch(out, ' ');
		else if (c < 0x80 || (text_is_utf8 && c != 0xfffd))
			buf_add(out, s + i, used);
		else if (text_is_utf8)
			buf_adds(out, "\xef\xbf\xbd");
		else
			text_ascii(out, c);
		i += used;
	}
}

static int
text_digits(const char **pp, int n, int *v)
{
	const char	*p = *pp;
	int		 i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		*v = *v * 10 + (p[i] - '0');
	}
	*pp = p + n;
	return 0;
}

time_t
text_parse_time(const char *s)
{
	struct tm	 tm;
	int		 y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 1;
	time_t		 t;

	if (s == NULL)
		return -1;
	if (text_digits(&s, 4, &y) || *s++ != '-' ||
	    text_digits(&s, 2, &mo) || *s++ != '-' ||
	    text_digits(&s, 2, &d) || (*s != 'T' && *s != ' '))
		return -1;
	s++;
	if (text_digits(&s, 2, &h) || *s++ != ':' ||
	    text_digits(&s, 2, &mi) || *s++ != ':' ||
	    text_digits(&s, 2, &sec))
		return -1;
	if (*s == '.' || *s == ',') {
		s++;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'Z' || *s == 'z')
		s++;
	else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if (text_digits(&s, 2, &oh))
			return -1;
		if (*s == ':')
			s++;
		if (text_digits(&s, 2, &om))
			return -1;
	} else
		return -1;
	if (*s != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	return t - sign * (oh * 3600 + om * 60);
}

/* Moscow time of day, as every date on screen is a Moscow date (a
 * terminal's own TZ, often UTC on a server, would disagree with them). */
void
text_hhmm(time_t t, char *out, size_t len)
{
	long long	s = ((long long)t + DATE_MSK_OFFSET) % 86400;

	if (len == 0)
		return;
	if (s < 0)
		s += 86400;
	snprintf(out, len, "%02lld:%02lld", s / 3600, s / 60 % 60);
}

void
text_mmss(long secs, char *out, size_t len)
{
	if (secs < 0)
		secs = 0;
	snprintf(out, len, "%ld:%02ld", secs / 60, secs % 60);
}

int
text_money_style(void)
{
	return money_shown_style();
}

char *
text_money(int64_t kop, char *out, size_t len)
{
	return money_show(kop, out, len);
}

const char *
text_date_iso(const char *in, char *iso, size_t len)
{
	struct date	d;
	enum date_error	e = date_parse(in, &d);

	if (e != DATE_OK)
		return _(date_strerror(e));
	date_format_iso(&d, iso, len);
	return NULL;
}

char *
text_decimal(const char *dotted, char *out, size_t len)
{
	char	*p;

	snprintf(out, len, "%s", dotted != NULL ? dotted : "");
	if (i18n_is_russian())
		for (p = out; *p != '\0'; p++)
			if (*p == '.')
				*p = ',';
	return out;
}
