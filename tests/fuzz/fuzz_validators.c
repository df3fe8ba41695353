/*
 * fuzz_validators.c — the form validators under arbitrary strings: dates,
 * cards, passports, names, transliteration, and the loan calculator under
 * arbitrary numbers.  Whatever is accepted must be in normal form and
 * survive a second pass unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/calc.h"
#include "kabinet/card.h"
#include "kabinet/date.h"
#include "kabinet/name.h"
#include "kabinet/passport.h"
#include "kabinet/personal.h"
#include "kabinet/translit.h"
#include "kabinet/xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_date(const char *s)
{
	struct date	d, back;
	char		out[DATE_FMT_LEN];

	if (date_parse(s, &d) != DATE_OK)
		return;
	if (!date_valid(&d))
		abort();
	if (date_parse(date_format_iso(&d, out, sizeof out), &back) !=
	    DATE_OK || date_cmp(&d, &back) != 0)
		abort();
	if (date_parse(date_format_ru(&d, out, sizeof out), &back) !=
	    DATE_OK || date_cmp(&d, &back) != 0)
		abort();
	back = date_from_days(date_to_days(&d));
	if (date_cmp(&d, &back) != 0)
		abort();
}

static void
fuzz_card(const char *s)
{
	char	pan[CARD_PAN_MAX + 1], mask[CARD_MASK_LEN];
	char	holder[CARD_HOLDER_MAX + 1], again[CARD_HOLDER_MAX + 1];
	size_t	n, i, digits = 0;
	int	m, y;

	if (card_pan_parse(s, pan) == CARD_OK) {
		n = strlen(pan);
		if (n < CARD_PAN_MIN || n > CARD_PAN_MAX || !card_luhn_ok(pan))
			abort();
		card_mask(pan, mask, sizeof mask);
		for (i = 0; mask[i] != '\0'; i++)
			digits += mask[i] >= '0' && mask[i] <= '9';
		if (strlen(mask) != n || digits != 10)
			abort();
		(void)card_brand(pan);
	} else if (pan[0] != '\0')
		abort();
	card_mask(s, mask, sizeof mask);

	if (card_expiry_parse(s, &m, &y) == CARD_OK &&
	    (m < 1 || m > 12 || y < 2000 || y > 2099))
		abort();

	if (card_holder_normalize(s, holder, sizeof holder) == CARD_OK) {
		n = strlen(holder);
		if (n < CARD_HOLDER_MIN || n > CARD_HOLDER_MAX ||
		    strspn(holder, "ABCDEFGHIJKLMNOPQRSTUVWXYZ -'") != n)
			abort();
		if (card_holder_normalize(holder, again, sizeof again) !=
		    CARD_OK || strcmp(holder, again) != 0)
			abort();
	}
}

/* An accepted e-mail or address is accepted again once trimmed; the
 * masks never show more than their two digits. */
static void
fuzz_personal(const char *s)
{
	char	*t, out[PERSONAL_EMAIL_MAX + 8];

	if (personal_email_check(s) == NULL &&
	    (strchr(s, ' ') != NULL || strlen(s) > PERSONAL_EMAIL_MAX))
		abort();
	personal_email_mask(s, out, sizeof out);
	t = personal_trim(s);
	if (personal_address_check(s) == NULL &&
	    personal_address_check(t) != NULL)
		abort();
	free(t);
	personal_snils_mask(s, out, sizeof out);
	if (*out != '\0' && strspn(out, "*- ") != 12)
		abort();
	personal_inn_mask(s, out, sizeof out);
	if (*out != '\0' && strspn(out, "*") != strlen(out) - 2)
		abort();
	passport_mask(s, s, out, sizeof out);
}

static void
fuzz_passport(const char *s)
{
	char	out[PASSPORT_DIVISION_LEN + 1];

	if (passport_series_parse(s, out) == PASSPORT_OK &&
	    strlen(out) != PASSPORT_SERIES_LEN)
		abort();
	if (passport_number_parse(s, out) == PASSPORT_OK &&
	    strlen(out) != PASSPORT_NUMBER_LEN)
		abort();
	if (passport_division_parse(s, out) == PASSPORT_OK &&
	    (strlen(out) != PASSPORT_DIVISION_LEN || out[3] != '-'))
		abort();
}

static void
fuzz_name(const char *s)
{
	char	*out, *again;

	if (name_normalize(s, &out) != NAME_OK) {
		if (out != NULL)
			abort();
		return;
	}
	if (name_normalize(out, &again) != NAME_OK ||
	    strcmp(out, again) != 0)
		abort();
	free(out);
	free(again);
}

static void
fuzz_translit(const char *s)
{
	char	*t, *l;
	size_t	 i;

	t = translit_ru(s);
	l = translit_ru_legacy(s);
	if ((t == NULL) != (l == NULL))
		abort();
	for (i = 0; t != NULL && t[i] != '\0'; i++)
		if ((unsigned char)t[i] >= 0x80 || (t[i] >= 'a' && t[i] <= 'z'))
			abort();
	free(t);
	free(l);
	(void)translit_name_matches(s, s, s);
}

static void
fuzz_calc(const uint8_t *data, size_t size)
{
	struct calc_input	in;
	struct calc_quote	q;
	uint8_t			b[24];
	kopecks_t		cap;

	memset(b, 0, sizeof b);
	memcpy(b, data, size < sizeof b ? size : sizeof b);
	memset(&in, 0, sizeof in);
	memcpy(&in.principal, b, 8);
	in.principal %= CALC_MAX_PRINCIPAL + 2;
	in.term_days = (b[8] | b[9] << 8) % (CALC_MAX_TERM + 2);
	in.rate_bp_per_day = (b[10] | b[11] << 8) % (CALC_MAX_RATE_BP + 2);
	in.extra_charges = (kopecks_t)(b[12] | b[13] << 8 | b[14] << 16) *
	    (b[15] % 200);
	in.charges_cap_percent = b[16] % 2 ? 0 : b[17] * 2;
	in.start.y = 1990 + b[18] % 100;
	in.start.m = 1 + b[19] % 12;
	in.start.d = 1 + b[20] % 31;
	if (calc_quote(&in, &q) != CALC_OK)
		return;
	/* The cap applied is the product's, held to the law's on the start
	 * date (130 % before 01.04.2026, 100 % since). */
	if (q.charges_cap_percent > calc_charges_cap_on(&in.start) ||
	    (in.charges_cap_percent > 0 &&
	    q.charges_cap_percent > in.charges_cap_percent))
		abort();
	cap = in.principal * q.charges_cap_percent / 100;
	if (q.interest < 0 || q.interest > q.interest_uncapped ||
	    q.charges != q.interest + in.extra_charges ||
	    q.total != in.principal + q.charges ||
	    q.overpayment != q.charges || q.psk_milli < 0)
		abort();
	if (q.charges > cap && !(q.flags & CALC_OVER_CHARGES_CAP))
		abort();
	if (date_diff(&in.start, &q.due) != in.term_days)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s = xstrndup((const char *)data, size);

	fuzz_date(s);
	fuzz_card(s);
	fuzz_passport(s);
	fuzz_personal(s);
	fuzz_name(s);
	fuzz_translit(s);
	fuzz_calc(data, size);
	free(s);
	return 0;
}
