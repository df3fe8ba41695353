/*
 * personal.c — the e-mail and postal addresses a borrower may change,
 * checked alike by the TUI, the daemon and the lender; SNILS and INN
 * masked for display.
 */
#include <stdio.h>
#include <string.h>

#include "kabinet/personal.h"
#include "kabinet/utf8.h"
#include "kabinet/xmalloc.h"

#define EMAIL_LOCAL_MAX	64
#define EMAIL_LABEL_MAX	63

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* RFC 5322 atext. */
static int
is_atext(int c)
{
	return is_alpha(c) || is_digit(c) ||
	    (c != '\0' && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

/* Dot-separated atoms: no dot first, last or twice. */
static int
local_ok(const char *s, size_t n)
{
	size_t	i;

	if (n == 0 || n > EMAIL_LOCAL_MAX || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.' ? s[i + 1] == '.' : !is_atext((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/* Labels of letters, digits and inner hyphens; two at least, the last
 * all letters and two or more of them. */
static int
domain_ok(const char *s)
{
	const char	*label = s, *p;
	size_t		 n, labels = 0, i;
	int		 alpha = 0;

	for (;;) {
		p = strchr(label, '.');
		n = p != NULL ? (size_t)(p - label) : strlen(label);
		if (n == 0 || n > EMAIL_LABEL_MAX || label[0] == '-' ||
		    label[n - 1] == '-')
			return 0;
		alpha = 1;
		for (i = 0; i < n; i++) {
			if (!is_alpha((unsigned char)label[i]) &&
			    !is_digit((unsigned char)label[i]) &&
			    label[i] != '-')
				return 0;
			if (!is_alpha((unsigned char)label[i]))
				alpha = 0;
		}
		labels++;
		if (p == NULL)
			break;
		label = p + 1;
	}
	return labels >= 2 && alpha && n >= 2;
}

const char *
personal_email_check(const char *s)
{
	const char	*at;

	if (s == NULL || *s == '\0')
		return "required";
	if (strlen(s) > PERSONAL_EMAIL_MAX)
		return "too_long";
	if ((at = strrchr(s, '@')) == NULL || !local_ok(s, (size_t)(at - s)) ||
	    !domain_ok(at + 1))
		return "invalid_email";
	return NULL;
}

static int
is_space(int32_t c)
{
	return c == ' ' || c == 0xa0;
}

const char *
personal_address_check(const char *s)
{
	size_t		 n, used, i, chars = 0, trail = 0;
	int32_t		 cp;
	int		 letter = 0, digit = 0, begun = 0;

	if (s == NULL)
		return "required";
	n = strlen(s);
	for (i = 0; i < n; i += used) {
		if ((cp = utf8_decode(s + i, n - i, &used)) < 0)
			return "invalid_address";
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 ||
		    cp == 0x2029)
			return "invalid_address";
		if (is_space(cp)) {
			if (begun)
				trail++;
			continue;
		}
		if (!begun)
			begun = 1;
		chars += trail + 1;
		trail = 0;
		if (is_alpha(cp) || (cp >= 0x400 && cp <= 0x4ff))
			letter = 1;
		else if (is_digit(cp))
			digit = 1;
	}
	if (chars == 0)
		return "required";
	if (chars < PERSONAL_ADDRESS_MIN)
		return "too_short";
	if (chars > PERSONAL_ADDRESS_MAX)
		return "too_long";
	if (!letter || !digit)
		return "invalid_address";
	return NULL;
}

char *
personal_trim(const char *s)
{
	size_t	n;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return xstrndup(s, n);
}

void
personal_email_mask(const char *email, char *out, size_t len)
{
	const char	*at = email != NULL ? strrchr(email, '@') : NULL;

	if (at == NULL || at == email) {
		snprintf(out, len, "***");
		return;
	}
	snprintf(out, len, "%c***%s", email[0], at);
}

/* The digits of s into d (max of them, NUL-terminated); their count, or
 * 0 if s holds a character other than digits, spaces and hyphens. */
static size_t
digits_of(const char *s, char *d, size_t max)
{
	size_t	n = 0;

	for (; s != NULL && *s != '\0'; s++) {
		if (is_digit((unsigned char)*s)) {
			if (n == max)
				return 0;
			d[n++] = *s;
		} else if (*s != ' ' && *s != '-')
			return 0;
	}
	d[n] = '\0';
	return n;
}

void
personal_snils_mask(const char *snils, char *out, size_t len)
{
	char	d[12];

	if (digits_of(snils, d, 11) != 11) {
		snprintf(out, len, "%s", "");
		return;
	}
	snprintf(out, len, "***-***-*** %s", d + 9);
}

void
personal_inn_mask(const char *inn, char *out, size_t len)
{
	char	d[13];
	size_t	n = digits_of(inn, d, 12);

	if (n != 10 && n != 12) {
		snprintf(out, len, "%s", "");
		return;
	}
	snprintf(out, len, "%.*s%s", (int)n - 2, "************", d + n - 2);
}
