/*
 * money.h — amounts are int64 kopecks end to end; never floating point.
 * Shown as "12 345,67 ₽" in Russian locales, "12,345.67 RUB" elsewhere.
 */
#ifndef KABINET_MONEY_H
#define KABINET_MONEY_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t kopecks_t;

enum money_style { MONEY_RU, MONEY_EN, MONEY_ASCII_RU };

/* Enough for any int64 amount in any style, with the NUL. */
#define MONEY_FMT_LEN	48

/* Returns out.  MONEY_RU uses U+00A0-free plain spaces and "₽";
 * MONEY_ASCII_RU uses "руб." spelled "rub." for ASCII-only terminals. */
char	*money_format(kopecks_t, enum money_style, char *out, size_t len);

/* The one way an amount is shown to a person (screens, the command
 * line's human output): Russian "7 000,00 ₽" when the text shown is
 * Russian (i18n_is_russian()), "7 000,00 rub." when the terminal cannot
 * show ₽ (not UTF-8), else "7,000.00 RUB".  Returns out. */
char	*money_show(kopecks_t, char *out, size_t len);
enum money_style money_shown_style(void);

enum money_parse_error {
	MONEY_OK = 0,
	MONEY_EMPTY,
	MONEY_BAD_CHAR,
	MONEY_NEGATIVE,
	MONEY_TOO_MANY_DECIMALS,
	MONEY_TOO_LARGE,
};
/* Accepts "1500", "1 500,50", "1500.5"; refuses "-1", "1e3". */
enum money_parse_error money_parse(const char *, kopecks_t *);
const char *money_strerror(enum money_parse_error);

#endif
