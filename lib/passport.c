/* passport.c — Russian internal passport fields. */
#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/passport.h"

/* Exactly n digits of in, blanks ignored, into out; -1 otherwise. */
static int
passport_digits(const char *in, char *out, size_t n, int *empty)
{
	size_t	k = 0;

	out[0] = '\0';
	*empty = 1;
	if (in == NULL)
		return -1;
	for (; *in != '\0'; in++) {
		if (*in == ' ' || *in == '\t')
			continue;
		*empty = 0;
		if (*in < '0' || *in > '9' || k == n)
			goto bad;
		out[k++] = *in;
	}
	if (k != n)
		goto bad;
	out[k] = '\0';
	return 0;
bad:
	out[0] = '\0';
	return -1;
}

/*
 * The series begins with the region's OKATO code and the division code
 * with the region's code: no region is numbered 00, so "00.." is a typo
 * or an invention.
 */
static int
passport_region_ok(const char *digits)
{
	return !(digits[0] == '0' && digits[1] == '0');
}

enum passport_error
passport_series_parse(const char *in, char *out)
{
	int	empty;

	if (passport_digits(in, out, PASSPORT_SERIES_LEN, &empty) == 0) {
		if (passport_region_ok(out))
			return PASSPORT_OK;
		out[0] = '\0';
		return PASSPORT_BAD_SERIES;
	}
	return empty ? PASSPORT_EMPTY : PASSPORT_BAD_SERIES;
}

enum passport_error
passport_number_parse(const char *in, char *out)
{
	int	empty;

	if (passport_digits(in, out, PASSPORT_NUMBER_LEN, &empty) == 0)
		return PASSPORT_OK;
	return empty ? PASSPORT_EMPTY : PASSPORT_BAD_NUMBER;
}

enum passport_error
passport_division_parse(const char *in, char *out)
{
	char	d[7];
	size_t	k = 0;
	int	dash = 0;

	out[0] = '\0';
	if (in == NULL)
		return PASSPORT_EMPTY;
	in += strspn(in, " \t");
	if (*in == '\0')
		return PASSPORT_EMPTY;
	for (; *in != '\0'; in++) {
		if (*in == ' ' || *in == '\t')
			continue;
		if (*in == '-') {
			if (dash++ || k != 3)
				return PASSPORT_BAD_DIVISION;
			continue;
		}
		if (*in < '0' || *in > '9' || k == 6)
			return PASSPORT_BAD_DIVISION;
		d[k++] = *in;
	}
	if (k != 6 || !passport_region_ok(d))
		return PASSPORT_BAD_DIVISION;
	memcpy(out, d, 3);
	out[3] = '-';
	memcpy(out + 4, d + 3, 3);
	out[PASSPORT_DIVISION_LEN] = '\0';
	return PASSPORT_OK;
}

/* The holder's birthday at age years (29 February: 1 March). */
static struct date
passport_birthday(const struct date *birth, int years)
{
	struct date	d = *birth;

	d.y += years;
	if (!date_valid(&d)) {
		d.m = 3;
		d.d = 1;
	}
	return d;
}

enum passport_error
passport_issue_check(const struct date *issued, const struct date *birth,
    const struct date *today)
{
	static const struct date first = { 1997, 10, 1 };
	static const int replace_at[] = { 20, 45 };
	struct date	 bday, last;
	size_t		 i;

	if (birth != NULL && date_cmp(birth, today) > 0)
		return PASSPORT_BAD_BIRTH_DATE;
	if (date_cmp(issued, today) > 0)
		return PASSPORT_ISSUED_IN_FUTURE;
	if (date_cmp(issued, &first) < 0)
		return PASSPORT_ISSUED_TOO_EARLY;
	if (birth == NULL)
		return PASSPORT_OK;
	if (date_cmp(issued, birth) < 0 ||
	    date_age(birth, issued) < PASSPORT_MIN_AGE)
		return PASSPORT_HOLDER_TOO_YOUNG;
	/* Issued before the 20th (45th) birthday, it is void once
	 * PASSPORT_GRACE_DAYS have passed since that birthday. */
	for (i = 0; i < sizeof replace_at / sizeof replace_at[0]; i++) {
		bday = passport_birthday(birth, replace_at[i]);
		last = date_add_days(&bday, PASSPORT_GRACE_DAYS);
		if (date_cmp(issued, &bday) < 0 && date_cmp(today, &last) > 0)
			return PASSPORT_NEEDS_REPLACING;
	}
	return PASSPORT_OK;
}

enum passport_error
passport_validate(const char *series, const char *number,
    const char *division, const struct date *issued,
    const struct date *birth, const struct date *today, const char **fieldp)
{
	char			s[PASSPORT_SERIES_LEN + 1];
	char			n[PASSPORT_NUMBER_LEN + 1];
	char			d[PASSPORT_DIVISION_LEN + 1];
	enum passport_error	e;
	const char		*field = NULL;

	if ((e = passport_series_parse(series, s)) != PASSPORT_OK)
		field = "passport_series";
	else if ((e = passport_number_parse(number, n)) != PASSPORT_OK)
		field = "passport_number";
	else if ((e = passport_division_parse(division, d)) != PASSPORT_OK)
		field = "division_code";
	else if ((e = passport_issue_check(issued, birth, today)) !=
	    PASSPORT_OK)
		field = e == PASSPORT_BAD_BIRTH_DATE ? "birth_date" :
		    "issue_date";
	if (fieldp != NULL)
		*fieldp = field;
	return e;
}

/* The wire's reason codes (doc/lender-api.md), by error. */
static const char *const passport_reasons[] = {
	[PASSPORT_OK] = NULL,
	[PASSPORT_EMPTY] = "required",
	[PASSPORT_BAD_SERIES] = "invalid_series",
	[PASSPORT_BAD_NUMBER] = "invalid_number",
	[PASSPORT_BAD_DIVISION] = "invalid_division_code",
	[PASSPORT_ISSUED_IN_FUTURE] = "in_future",
	[PASSPORT_ISSUED_TOO_EARLY] = "issued_before_1997",
	[PASSPORT_HOLDER_TOO_YOUNG] = "issued_before_14",
	[PASSPORT_BAD_BIRTH_DATE] = "in_future",
	[PASSPORT_NEEDS_REPLACING] = "needs_replacing",
};

const char *
passport_reason(enum passport_error e)
{
	if ((size_t)e >= sizeof passport_reasons / sizeof passport_reasons[0])
		return "invalid_date";
	return passport_reasons[e];
}

const char *
passport_strerror(enum passport_error e)
{
	switch (e) {
	case PASSPORT_OK:
		return N_("valid passport");
	case PASSPORT_EMPTY:
		return N_("passport field is empty");
	case PASSPORT_BAD_SERIES:
		return N_("passport series must be 4 digits, beginning with "
		    "a region's code");
	case PASSPORT_BAD_NUMBER:
		return N_("passport number must be 6 digits");
	case PASSPORT_BAD_DIVISION:
		return N_("division code must be written as 000-000, "
		    "beginning with a region's code");
	case PASSPORT_ISSUED_IN_FUTURE:
		return N_("issue date is in the future");
	case PASSPORT_ISSUED_TOO_EARLY:
		return N_("issue date is before 1 October 1997, when these "
		    "passports were first issued");
	case PASSPORT_NEEDS_REPLACING:
		return N_("passport had to be replaced at 20 or 45 and is no "
		    "longer valid");
	case PASSPORT_HOLDER_TOO_YOUNG:
		return N_("passport is issued at 14 or older; check the issue "
		    "and birth dates");
	case PASSPORT_BAD_BIRTH_DATE:
		return N_("birth date is in the future");
	}
	return N_("invalid passport");
}

void
passport_mask(const char *series, const char *number, char *out, size_t len)
{
	char	s[PASSPORT_SERIES_LEN + 1], n[PASSPORT_NUMBER_LEN + 1];

	if (series == NULL || number == NULL ||
	    passport_series_parse(series, s) != PASSPORT_OK ||
	    passport_number_parse(number, n) != PASSPORT_OK) {
		snprintf(out, len, "%s", "");
		return;
	}
	snprintf(out, len, "%.2s ** ****%s", s, n + 4);
}
