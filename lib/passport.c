/* passport.c — Russian internal passport fields. */
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

enum passport_error
passport_series_parse(const char *in, char *out)
{
	int	empty;

	if (passport_digits(in, out, PASSPORT_SERIES_LEN, &empty) == 0)
		return PASSPORT_OK;
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
	if (k != 6)
		return PASSPORT_BAD_DIVISION;
	memcpy(out, d, 3);
	out[3] = '-';
	memcpy(out + 4, d + 3, 3);
	out[PASSPORT_DIVISION_LEN] = '\0';
	return PASSPORT_OK;
}

enum passport_error
passport_issue_check(const struct date *issued, const struct date *birth,
    const struct date *today)
{
	static const struct date first = { 1997, 7, 1 };

	if (date_cmp(birth, today) > 0)
		return PASSPORT_BAD_BIRTH_DATE;
	if (date_cmp(issued, today) > 0)
		return PASSPORT_ISSUED_IN_FUTURE;
	if (date_cmp(issued, &first) < 0)
		return PASSPORT_ISSUED_TOO_EARLY;
	if (date_cmp(issued, birth) < 0 ||
	    date_age(birth, issued) < PASSPORT_MIN_AGE)
		return PASSPORT_HOLDER_TOO_YOUNG;
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

const char *
passport_strerror(enum passport_error e)
{
	switch (e) {
	case PASSPORT_OK:
		return N_("valid passport");
	case PASSPORT_EMPTY:
		return N_("passport field is empty");
	case PASSPORT_BAD_SERIES:
		return N_("passport series must be 4 digits");
	case PASSPORT_BAD_NUMBER:
		return N_("passport number must be 6 digits");
	case PASSPORT_BAD_DIVISION:
		return N_("division code must be written as 000-000");
	case PASSPORT_ISSUED_IN_FUTURE:
		return N_("issue date is in the future");
	case PASSPORT_ISSUED_TOO_EARLY:
		return N_("issue date is before 1 July 1997, when these "
		    "passports were first issued");
	case PASSPORT_HOLDER_TOO_YOUNG:
		return N_("passport is issued at 14 or older; check the issue "
		    "and birth dates");
	case PASSPORT_BAD_BIRTH_DATE:
		return N_("birth date is in the future");
	}
	return N_("invalid passport");
}
