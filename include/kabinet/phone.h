/*
 * phone.h — Russian mobile numbers.
 * Strip everything but digits; 11 digits starting 7 or 8, or 10 starting
 * 9, give "+79XXXXXXXXX".  Anything else is refused.
 */
#ifndef KABINET_PHONE_H
#define KABINET_PHONE_H

#include <stddef.h>

#define PHONE_LEN	12	/* "+79XXXXXXXXX" */

enum phone_error {
	PHONE_OK = 0,
	PHONE_EMPTY,
	PHONE_BAD_CHAR,		/* letters or other junk */
	PHONE_BAD_LENGTH,
	PHONE_NOT_MOBILE,	/* not +79… */
};

/* out must hold PHONE_LEN + 1 bytes. */
enum phone_error phone_normalize(const char *in, char *out);
/* "+79001234522" → "+7 9** ***-**-22" (out >= 20 bytes). */
void	phone_mask(const char *normalized, char *out, size_t len);
/* "+79001234522" → "+7 900 123-45-22" (out >= 20 bytes). */
void	phone_pretty(const char *normalized, char *out, size_t len);
const char *phone_strerror(enum phone_error);	/* English, for N_() */

#endif
