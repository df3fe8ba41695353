/*
 * passport.h — the Russian internal passport: series (4 digits), number
 * (6 digits), division code (ddd-ddd) and issue date, which is not in the
 * future, not before 1997-10-01 (the first passports of this form), and
 * when the holder was at least 14.  A passport issued before the 20th or
 * the 45th birthday is void 90 days after it (the Regulation on the
 * passport, Government decree No. 828 of 08.07.1997, items 7 and 15).
 * Series and division code begin with a region's code, never 00.
 * Passport data is personal data (152-FZ): never log it.
 */
#ifndef KABINET_PASSPORT_H
#define KABINET_PASSPORT_H

#include <stddef.h>

#include "kabinet/date.h"

#define PASSPORT_SERIES_LEN	4
#define PASSPORT_NUMBER_LEN	6
#define PASSPORT_DIVISION_LEN	7	/* "ddd-ddd" */
#define PASSPORT_MIN_AGE	14
#define PASSPORT_GRACE_DAYS	90	/* to replace it at 20 and 45 */

enum passport_error {
	PASSPORT_OK = 0,
	PASSPORT_EMPTY,
	PASSPORT_BAD_SERIES,
	PASSPORT_BAD_NUMBER,
	PASSPORT_BAD_DIVISION,
	PASSPORT_ISSUED_IN_FUTURE,
	PASSPORT_ISSUED_TOO_EARLY,	/* before 1997-10-01 */
	PASSPORT_HOLDER_TOO_YOUNG,	/* under 14 on the issue date */
	PASSPORT_BAD_BIRTH_DATE,	/* in the future */
	PASSPORT_NEEDS_REPLACING,	/* 90 days past the 20th/45th birthday */
};

/* Each normalizes into out (LEN + 1 bytes), "" on error.  The series may
 * be typed "45 10"; the division code "770-001" or "770001". */
enum passport_error passport_series_parse(const char *in, char *out);
enum passport_error passport_number_parse(const char *in, char *out);
enum passport_error passport_division_parse(const char *in, char *out);
/* birth NULL (not known): only the checks of the issue date alone. */
enum passport_error passport_issue_check(const struct date *issued,
	    const struct date *birth, const struct date *today);

/* All of the above; on error *fieldp names the field at fault:
 * "passport_series", "passport_number", "division_code", "issue_date" or
 * "birth_date" (the daemon's validation error uses these names). */
enum passport_error passport_validate(const char *series, const char *number,
	    const char *division, const struct date *issued,
	    const struct date *birth, const struct date *today,
	    const char **fieldp);

const char *passport_strerror(enum passport_error);	/* English, N_() */
/* The reason code the lender and the daemon send for it ("invalid_series",
 * "needs_replacing", …); NULL for PASSPORT_OK. */
const char *passport_reason(enum passport_error);
/* Series and number as the borrower is shown them: the series' region and
 * the number's last two digits, "45 ** ****56"; "" unless both are well
 * formed.  out >= PASSPORT_MASK_LEN. */
#define PASSPORT_MASK_LEN	16
void	 passport_mask(const char *series, const char *number, char *out,
	    size_t len);

#endif
