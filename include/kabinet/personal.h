/*
 * personal.h — what the lender holds about a borrower besides the
 * passport: the e-mail and postal addresses a borrower may change (checked
 * the same way by the TUI, the daemon and the lender), and SNILS and INN,
 * only ever shown masked.  All of it is personal data (152-FZ): never log
 * it in full.
 */
#ifndef KABINET_PERSONAL_H
#define KABINET_PERSONAL_H

#include <stddef.h>

#define PERSONAL_EMAIL_MAX	254	/* bytes (RFC 5321 path limit) */
#define PERSONAL_ADDRESS_MIN	10	/* characters, trimmed */
#define PERSONAL_ADDRESS_MAX	200
/* A borrower is an adult: full legal capacity comes at 18 (Civil Code
 * art. 21); a younger one is refused at registration (too_young). */
#define PERSONAL_MIN_AGE	18

/*
 * NULL when s is an e-mail address the lender takes (local@domain: a
 * local part of letters, digits and !#$%&'*+/=?^_`{|}~- in dot-separated
 * atoms, at most 64 bytes; a domain of at least two labels of letters,
 * digits and inner hyphens, at most 63 bytes each, ending in a top-level
 * label of two or more letters), else the reason: "required" (empty),
 * "too_long" or "invalid_email".
 */
const char *personal_email_check(const char *s);
/*
 * NULL when s is a postal address the lender takes: valid UTF-8 with no
 * control characters, PERSONAL_ADDRESS_MIN to PERSONAL_ADDRESS_MAX
 * characters once leading and trailing spaces are trimmed, with at least
 * one letter and one digit (a house); else the reason: "required",
 * "too_short", "too_long" or "invalid_address".
 */
const char *personal_address_check(const char *s);
/* s without the spaces around it, as it is kept (caller frees). */
char	*personal_trim(const char *s);
/* The e-mail for a log line: its first character and the domain,
 * "i***@example.ru"; out >= 8 bytes. */
void	 personal_email_mask(const char *email, char *out, size_t len);
/* SNILS (11 digits, any punctuation) as "***-***-*** 01"; INN (10 or 12
 * digits) as "********34": only the last two digits.  A value that is
 * not one gives "". */
void	 personal_snils_mask(const char *snils, char *out, size_t len);
void	 personal_inn_mask(const char *inn, char *out, size_t len);

#endif
