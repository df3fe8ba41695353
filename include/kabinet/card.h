/*
 * card.h — bank cards: the PAN (Luhn, 16–19 digits, brand by BIN), the
 * expiry and the holder name.  Only the first 6 and last 4 digits are
 * ever shown or kept (card_mask()); a PAN buffer is a secret, to be
 * wiped by the caller (wipe()) once sent.  No CVV ever passes through.
 */
#ifndef KABINET_CARD_H
#define KABINET_CARD_H

#include <stddef.h>

#define CARD_PAN_MIN	16
#define CARD_PAN_MAX	19
#define CARD_MASK_LEN	(CARD_PAN_MAX + 1)	/* "220220*********1234" */
#define CARD_HOLDER_MIN	2
#define CARD_HOLDER_MAX	26

enum card_brand {
	CARD_BRAND_OTHER = 0,
	CARD_BRAND_MIR,		/* 2200–2204 */
	CARD_BRAND_VISA,	/* 4 */
	CARD_BRAND_MASTERCARD,	/* 51–55, 2221–2720 */
};

enum card_error {
	CARD_OK = 0,
	CARD_EMPTY,
	CARD_BAD_CHAR,		/* PAN: not digits and spaces */
	CARD_BAD_LENGTH,	/* PAN: not 16–19 digits */
	CARD_BAD_CHECKSUM,	/* PAN: Luhn fails (a typo) */
	CARD_EXPIRY_FORMAT,	/* not MM/YY */
	CARD_EXPIRED,
	CARD_HOLDER_BAD_CHAR,	/* not Latin letters, space, - or ' */
	CARD_HOLDER_LENGTH,	/* not 2–26 characters */
};

/* Digits of in, which may hold spaces (and dashes) between groups, into
 * pan (CARD_PAN_MAX + 1 bytes); checks length and Luhn.  pan is "" on
 * error.  Both in and pan are secrets. */
enum card_error card_pan_parse(const char *in, char *pan);
/* 1 when a string of digits passes the Luhn check. */
int	 card_luhn_ok(const char *digits);
enum card_brand card_brand(const char *pan);
const char *card_brand_name(enum card_brand);	/* "Mir", "Visa", … */
/* The lender's brand code ("mir") as shown ("Mir"); an unknown code as
 * it is. */
const char *card_brand_label(const char *code);
/* A linked card as every screen, the CLI and the contract name it:
 * "Mir 220070…4242" (first 6 and last 4 only).  Returns out
 * (>= CARD_LABEL_LEN). */
#define CARD_LABEL_LEN	48
char	*card_label(const char *brand, const char *first6,
	    const char *last4, char *out, size_t len);
/* "2202201234567890" → "220220******7890" (out >= CARD_MASK_LEN);
 * anything not a 16–19 digit PAN gives "****". */
void	 card_mask(const char *pan, char *out, size_t len);

/* "MM/YY" (also "MM / YY", "MMYY") → month 1..12 and a four-digit year. */
enum card_error card_expiry_parse(const char *in, int *month, int *year);
/* A card is good through the last day of its expiry month. */
enum card_error card_expiry_check(int month, int year, int today_y,
	    int today_m);

/* Trims, squeezes inner blanks, upper-cases into out (>= CARD_HOLDER_MAX
 * + 1 bytes): "ivan  ivanov " → "IVAN IVANOV".  out is "" on error. */
enum card_error card_holder_normalize(const char *in, char *out,
	    size_t len);

const char *card_strerror(enum card_error);	/* English, for N_() */

#endif
