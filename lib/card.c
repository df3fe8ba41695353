/* card.c — PAN, expiry and holder-name checks; never keeps a PAN. */
#include <stdio.h>
#include <string.h>

#include "kabinet/card.h"
#include "kabinet/i18n.h"
#include "kabinet/xmalloc.h"

int
card_luhn_ok(const char *digits)
{
	size_t	n = strlen(digits), i;
	int	sum = 0, d, dbl = 0;

	if (n == 0)
		return 0;
	for (i = n; i-- > 0; dbl = !dbl) {
		if (digits[i] < '0' || digits[i] > '9')
			return 0;
		d = digits[i] - '0';
		if (dbl && (d *= 2) > 9)
			d -= 9;
		sum += d;
	}
	return sum % 10 == 0;
}

enum card_error
card_pan_parse(const char *in, char *pan)
{
	size_t	n = 0;

	pan[0] = '\0';
	if (in == NULL)
		return CARD_EMPTY;
	for (; *in != '\0'; in++) {
		if (*in == ' ' || *in == '-' || *in == '\t')
			continue;
		if (*in < '0' || *in > '9')
			goto bad_char;
		if (n < CARD_PAN_MAX)
			pan[n] = *in;
		n++;
	}
	if (n == 0)
		return CARD_EMPTY;
	if (n < CARD_PAN_MIN || n > CARD_PAN_MAX) {
		wipe(pan, n < CARD_PAN_MAX ? n : CARD_PAN_MAX);
		pan[0] = '\0';
		return CARD_BAD_LENGTH;
	}
	pan[n] = '\0';
	if (!card_luhn_ok(pan)) {
		wipe(pan, n);
		return CARD_BAD_CHECKSUM;
	}
	return CARD_OK;

bad_char:
	wipe(pan, n < CARD_PAN_MAX ? n : CARD_PAN_MAX);
	pan[0] = '\0';
	return CARD_BAD_CHAR;
}

/* The first n digits of pan as a number; -1 if there are not n digits. */
static int
card_prefix(const char *pan, int n)
{
	int	v = 0, i;

	for (i = 0; i < n; i++) {
		if (pan[i] < '0' || pan[i] > '9')
			return -1;
		v = v * 10 + (pan[i] - '0');
	}
	return v;
}

enum card_brand
card_brand(const char *pan)
{
	int	p2 = card_prefix(pan, 2), p4 = card_prefix(pan, 4);

	if (p4 >= 2200 && p4 <= 2204)
		return CARD_BRAND_MIR;
	if (pan[0] == '4')
		return CARD_BRAND_VISA;
	if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
		return CARD_BRAND_MASTERCARD;
	return CARD_BRAND_OTHER;
}

const char *
card_brand_name(enum card_brand b)
{
	switch (b) {
	case CARD_BRAND_MIR:
		return "Mir";
	case CARD_BRAND_VISA:
		return "Visa";
	case CARD_BRAND_MASTERCARD:
		return "Mastercard";
	case CARD_BRAND_OTHER:
		break;
	}
	return N_("card");
}

static const struct {
	const char	*code, *label;
} card_brand_labels[] = {
	{ "mir", "Mir" },
	{ "visa", "Visa" },
	{ "mastercard", "Mastercard" },
};

const char *
card_brand_label(const char *code)
{
	size_t	i;

	if (code == NULL || *code == '\0')
		return N_("card");
	for (i = 0; i < sizeof card_brand_labels /
	    sizeof card_brand_labels[0]; i++)
		if (strcmp(code, card_brand_labels[i].code) == 0)
			return card_brand_labels[i].label;
	return code;
}

char *
card_label(const char *brand, const char *first6, const char *last4,
    char *out, size_t len)
{
	snprintf(out, len, "%s %s…%s", card_brand_label(brand),
	    first6 != NULL ? first6 : "", last4 != NULL ? last4 : "");
	return out;
}

void
card_mask(const char *pan, char *out, size_t len)
{
	char	tmp[CARD_MASK_LEN];
	size_t	n = pan != NULL ? strlen(pan) : 0, i;

	if (len == 0)
		return;
	if (n < CARD_PAN_MIN || n > CARD_PAN_MAX ||
	    strspn(pan, "0123456789") != n) {
		snprintf(out, len, "****");
		return;
	}
	memcpy(tmp, pan, 6);
	for (i = 6; i < n - 4; i++)
		tmp[i] = '*';
	memcpy(tmp + n - 4, pan + n - 4, 4);
	tmp[n] = '\0';
	snprintf(out, len, "%s", tmp);
	wipe(tmp, sizeof tmp);
}

enum card_error
card_expiry_parse(const char *in, int *month, int *year)
{
	char	d[5];
	size_t	n = 0;
	int	slash = 0;

	*month = *year = 0;
	if (in == NULL)
		return CARD_EMPTY;
	in += strspn(in, " ");
	if (*in == '\0')
		return CARD_EMPTY;
	for (; *in != '\0'; in++) {
		if (*in == ' ')
			continue;
		if (*in == '/') {
			if (slash++ || n != 2)
				return CARD_EXPIRY_FORMAT;
			continue;
		}
		if (*in < '0' || *in > '9' || n == 4)
			return CARD_EXPIRY_FORMAT;
		d[n++] = *in;
	}
	if (n != 4)
		return CARD_EXPIRY_FORMAT;
	*month = (d[0] - '0') * 10 + (d[1] - '0');
	*year = 2000 + (d[2] - '0') * 10 + (d[3] - '0');
	if (*month < 1 || *month > 12) {
		*month = *year = 0;
		return CARD_EXPIRY_FORMAT;
	}
	return CARD_OK;
}

enum card_error
card_expiry_check(int month, int year, int today_y, int today_m)
{
	if (month < 1 || month > 12)
		return CARD_EXPIRY_FORMAT;
	if (year < today_y || (year == today_y && month < today_m))
		return CARD_EXPIRED;
	return CARD_OK;
}

enum card_error
card_holder_normalize(const char *in, char *out, size_t len)
{
	char	tmp[CARD_HOLDER_MAX + 1];
	size_t	n = 0;
	int	blank = 0, letters = 0;
	char	c;

	if (len > 0)
		out[0] = '\0';
	if (in == NULL)
		return CARD_EMPTY;
	in += strspn(in, " \t");
	if (*in == '\0')
		return CARD_EMPTY;
	for (; *in != '\0'; in++) {
		c = *in;
		if (c == ' ' || c == '\t') {
			blank = 1;
			continue;
		}
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c >= 'A' && c <= 'Z')
			letters++;
		else if (c != '-' && c != '\'')
			return CARD_HOLDER_BAD_CHAR;
		if (blank && n > 0) {
			if (n == CARD_HOLDER_MAX)
				return CARD_HOLDER_LENGTH;
			tmp[n++] = ' ';
		}
		blank = 0;
		if (n == CARD_HOLDER_MAX)
			return CARD_HOLDER_LENGTH;
		tmp[n++] = c;
	}
	if (n < CARD_HOLDER_MIN)
		return CARD_HOLDER_LENGTH;
	if (letters == 0)
		return CARD_HOLDER_BAD_CHAR;
	tmp[n] = '\0';
	if (n + 1 > len)
		return CARD_HOLDER_LENGTH;
	memcpy(out, tmp, n + 1);
	return CARD_OK;
}

const char *
card_strerror(enum card_error e)
{
	switch (e) {
	case CARD_OK:
		return N_("valid card");
	case CARD_EMPTY:
		return N_("card field is empty");
	case CARD_BAD_CHAR:
		return N_("card number may contain only digits and spaces");
	case CARD_BAD_LENGTH:
		return N_("card number must have 16 to 19 digits");
	case CARD_BAD_CHECKSUM:
		return N_("card number has a typo (check digit does not match)");
	case CARD_EXPIRY_FORMAT:
		return N_("expiry must be written as MM/YY");
	case CARD_EXPIRED:
		return N_("card has expired");
	case CARD_HOLDER_BAD_CHAR:
		return N_("cardholder name may contain only Latin letters, "
		    "spaces, hyphens and apostrophes");
	case CARD_HOLDER_LENGTH:
		return N_("cardholder name must be 2 to 26 characters long");
	}
	return N_("invalid card");
}
