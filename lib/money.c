/* money.c — formatting and parsing int64 kopecks; never floating point. */
#include <langinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "kabinet/i18n.h"
#include "kabinet/money.h"

struct money_fmt {
	char		 group;
	char		 point;
	const char	*suffix;
};

static const struct money_fmt money_fmts[] = {
	[MONEY_RU] = { ' ', ',', " \xe2\x82\xbd" },	/* " ₽" */
	[MONEY_EN] = { ',', '.', " RUB" },
	[MONEY_ASCII_RU] = { ' ', ',', " rub." },
};

char *
money_format(kopecks_t amount, enum money_style style, char *out, size_t len)
{
	const struct money_fmt	*f;
	char			 digits[24], tmp[MONEY_FMT_LEN];
	uint64_t		 mag, rub;
	size_t			 nd, i, o = 0;

	if (len == 0)
		return out;
	if ((unsigned)style >= sizeof money_fmts / sizeof money_fmts[0])
		style = MONEY_EN;
	f = &money_fmts[style];

	/* Magnitude in uint64 so INT64_MIN has one. */
	mag = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
	rub = mag / 100;
	nd = (size_t)snprintf(digits, sizeof digits, "%llu",
	    (unsigned long long)rub);

	if (amount < 0)
		tmp[o++] = '-';
	for (i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			tmp[o++] = f->group;
		tmp[o++] = digits[i];
	}
	snprintf(tmp + o, sizeof tmp - o, "%c%02u%s", f->point,
	    (unsigned)(mag % 100), f->suffix);

	/* Too small a buffer: cut at a character boundary, never mid-"₽". */
	o = strlen(tmp);
	if (o >= len) {
		o = len - 1;
		while (o > 0 && ((unsigned char)tmp[o] & 0xc0) == 0x80)
			o--;
	}
	memcpy(out, tmp, o);
	out[o] = '\0';
	return out;
}

enum money_style
money_shown_style(void)
{
	const char	*cs = nl_langinfo(CODESET);

	if (!i18n_is_russian())
		return MONEY_EN;
	return cs != NULL && strcmp(cs, "UTF-8") == 0 ? MONEY_RU :
	    MONEY_ASCII_RU;
}

char *
money_show(kopecks_t amount, char *out, size_t len)
{
	return money_format(amount, money_shown_style(), out, len);
}

/* Bytes of a blank at p: space, tab, NBSP, thin or narrow no-break space. */
static size_t
money_blank(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (u[0] == ' ' || u[0] == '\t')
		return 1;
	if (u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0x89 || u[2] == 0xaf))
		return 3;
	return 0;
}

static const char *
money_skip_blanks(const char *p)
{
	size_t	n;

	while ((n = money_blank(p)) > 0)
		p += n;
	return p;
}

static int
money_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

/* A currency word after the number, as people paste it; 0 if none. */
static size_t
money_suffix(const char *p)
{
	static const char *const words[] = {
		"\xe2\x82\xbd",				/* ₽ */
		"\xd1\x80\xd1\x83\xd0\xb1.",		/* руб. */
		"\xd1\x80\xd1\x83\xd0\xb1",		/* руб */
		"\xd1\x80.",				/* р. */
		"rub.", "rub", "RUB",
	};
	size_t	i, n;

	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		n = strlen(words[i]);
		if (strncmp(p, words[i], n) == 0)
			return n;
	}
	return 0;
}

static int
money_add_digit(uint64_t *v, int d)
{
	if (*v > ((uint64_t)INT64_MAX - (uint64_t)d) / 10)
		return -1;
	*v = *v * 10 + (uint64_t)d;
	return 0;
}

enum money_parse_error
money_parse(const char *s, kopecks_t *out)
{
	uint64_t	 rub = 0;
	unsigned	 kop = 0, ndec = 0;
	int		 overflow = 0;
	size_t		 n;
	const char	*p;

	*out = 0;
	if (s == NULL)
		return MONEY_EMPTY;
	p = money_skip_blanks(s);
	if (*p == '\0')
		return MONEY_EMPTY;
	if (*p == '-' || strncmp(p, "\xe2\x88\x92", 3) == 0)	/* U+2212 */
		return MONEY_NEGATIVE;
	if (!money_isdigit(*p))
		return MONEY_BAD_CHAR;

	/* Rubles: digits, with single blanks allowed between digits. */
	for (;;) {
		if (money_isdigit(*p)) {
			if (money_add_digit(&rub, *p - '0') == -1)
				overflow = 1;
			p++;
			continue;
		}
		n = money_blank(p);
		if (n > 0 && money_isdigit(p[n])) {
			p += n;
			continue;
		}
		break;
	}

	/* Kopecks: '.' or ',' and one or two digits. */
	if (*p == '.' || *p == ',') {
		p++;
		if (!money_isdigit(*p))
			return MONEY_BAD_CHAR;
		while (money_isdigit(*p)) {
			if (++ndec <= 2)
				kop = kop * 10 + (unsigned)(*p - '0');
			p++;
		}
		if (ndec > 2)
			return MONEY_TOO_MANY_DECIMALS;
		if (ndec == 1)
			kop *= 10;
	}

	p = money_skip_blanks(p);
	p += money_suffix(p);
	p = money_skip_blanks(p);
	if (*p != '\0')
		return MONEY_BAD_CHAR;

	if (overflow || rub > ((uint64_t)INT64_MAX - kop) / 100)
		return MONEY_TOO_LARGE;
	*out = (kopecks_t)(rub * 100 + kop);
	return MONEY_OK;
}

const char *
money_strerror(enum money_parse_error e)
{
	switch (e) {
	case MONEY_OK:
		return N_("valid amount");
	case MONEY_EMPTY:
		return N_("amount is empty");
	case MONEY_BAD_CHAR:
		return N_("amount must be a number such as 1500 or 1 500,50");
	case MONEY_NEGATIVE:
		return N_("amount cannot be negative");
	case MONEY_TOO_MANY_DECIMALS:
		return N_("amount has more than two digits after the point");
	case MONEY_TOO_LARGE:
		return N_("amount is too large");
	}
	return N_("invalid amount");
}
