/* phone.c — Russian mobile numbers: normalize, mask, pretty-print. */
#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/phone.h"

/* A normalized number is exactly "+79" and nine more digits. */
static int
phone_is_normalized(const char *p)
{
	size_t	i;

	if (p == NULL || strlen(p) != PHONE_LEN)
		return 0;
	if (p[0] != '+' || p[1] != '7' || p[2] != '9')
		return 0;
	for (i = 3; i < PHONE_LEN; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
	}
	return 1;
}

enum phone_error
phone_normalize(const char *in, char *out)
{
	char		 digits[12];
	size_t		 n = 0, i;
	int		 seen = 0;
	const char	*p;

	out[0] = '\0';
	if (in == NULL)
		return PHONE_EMPTY;
	for (p = in; *p != '\0'; p++) {
		switch (*p) {
		case ' ':
		case '\t':
		case '-':
		case '(':
		case ')':
		case '.':
			continue;
		case '+':
			/* Only as the very first non-blank character. */
			if (seen)
				return PHONE_BAD_CHAR;
			seen = 1;
			continue;
		}
		if (*p < '0' || *p > '9')
			return PHONE_BAD_CHAR;
		seen = 1;
		/* Count on past the buffer so length errors stay length errors. */
		if (n < sizeof digits)
			digits[n] = *p;
		n++;
	}
	if (n == 0)
		return PHONE_EMPTY;
	if (n == 11) {
		if (digits[0] != '7' && digits[0] != '8')
			return PHONE_NOT_MOBILE;
		if (digits[1] != '9')
			return PHONE_NOT_MOBILE;
		memmove(digits, digits + 1, 10);
	} else if (n == 10) {
		if (digits[0] != '9')
			return PHONE_NOT_MOBILE;
	} else
		return PHONE_BAD_LENGTH;

	out[0] = '+';
	out[1] = '7';
	for (i = 0; i < 10; i++)
		out[2 + i] = digits[i];
	out[PHONE_LEN] = '\0';
	return PHONE_OK;
}

void
phone_mask(const char *normalized, char *out, size_t len)
{
	const char	*p = normalized;

	if (len == 0)
		return;
	/* Never echo something we cannot vouch for into a log. */
	if (!phone_is_normalized(p)) {
		snprintf(out, len, "+7 *** ***-**-**");
		return;
	}
	snprintf(out, len, "+7 9** ***-**-%c%c", p[10], p[11]);
}

void
phone_pretty(const char *normalized, char *out, size_t len)
{
	const char	*p = normalized;

	if (len == 0)
		return;
	if (!phone_is_normalized(p)) {
		snprintf(out, len, "%s", p != NULL ? p : "");
		return;
	}
	snprintf(out, len, "+7 %.3s %.3s-%.2s-%.2s", p + 2, p + 5, p + 8,
	    p + 10);
}

const char *
phone_strerror(enum phone_error e)
{
	switch (e) {
	case PHONE_OK:
		return N_("valid phone number");
	case PHONE_EMPTY:
		return N_("phone number is empty");
	case PHONE_BAD_CHAR:
		return N_("phone number may contain only digits, spaces, "
		    "dashes, parentheses and a leading '+'");
	case PHONE_BAD_LENGTH:
		return N_("phone number must have 10 or 11 digits");
	case PHONE_NOT_MOBILE:
		return N_("not a Russian mobile number (+7 9XX XXX-XX-XX)");
	}
	return N_("invalid phone number");
}
