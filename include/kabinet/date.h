/*
 * date.h — calendar dates (no time of day), as the lender counts them:
 * in Europe/Moscow, which is UTC+3 all year since 2014, so "today" needs
 * no time zone database.  Years 1..9999, the proleptic Gregorian calendar.
 */
#ifndef KABINET_DATE_H
#define KABINET_DATE_H

#include <stddef.h>
#include <time.h>

struct date {
	int	y, m, d;
};

#define DATE_FMT_LEN	11	/* "YYYY-MM-DD" or "DD.MM.YYYY" + NUL */
#define DATE_MSK_OFFSET	(3 * 3600)	/* Moscow: UTC+3, no DST */

enum date_error {
	DATE_OK = 0,
	DATE_EMPTY,
	DATE_BAD_FORMAT,	/* neither YYYY-MM-DD nor DD.MM.YYYY */
	DATE_NO_SUCH_DAY,	/* 2023-02-29, 31.04.2024, month 13 … */
};

int	 date_is_leap(int y);
int	 date_days_in_month(int y, int m);	/* 0 for a bad month */
int	 date_valid(const struct date *);
/* Strictly "YYYY-MM-DD" or "DD.MM.YYYY": two-digit day and month,
 * four-digit year, nothing around.  *dp is zeroed on error. */
enum date_error date_parse(const char *, struct date *dp);
const char *date_strerror(enum date_error);	/* English, for N_() */

/* Days since 1970-01-01 (negative before); d must be valid. */
long	 date_to_days(const struct date *);
struct date date_from_days(long days);
struct date date_add_days(const struct date *, long n);
/* b - a in days. */
long	 date_diff(const struct date *a, const struct date *b);
/* <0, 0, >0 as a is before, the same as, after b. */
int	 date_cmp(const struct date *a, const struct date *b);
/* Full years from birth to on; the birthday counts on the day, and 29
 * February's is 28 February in other years (Civil Code art. 192). */
int	 date_age(const struct date *birth, const struct date *on);

/* Working days as Russian law counts them (Labour Code art. 112):
 * Saturdays, Sundays and the public holidays of part 1 (1-8 January,
 * 23 February, 8 March, 1 and 9 May, 12 June, 4 November) are not; a
 * holiday other than the January ones that falls on a weekend moves the
 * day off to the next working day (part 2).  The Government's yearly
 * transfers by decree (part 5) are not modelled. */
int	 date_is_working_day(const struct date *);
/* The n-th working day after d (d itself not counted, as a period that
 * starts the day after its event; Civil Code art. 191). */
struct date date_add_working_days(const struct date *, int n);

/* The Moscow calendar date of a UNIX time; of now. */
struct date date_from_time(time_t);
struct date date_today(void);

/* "2026-11-26"; "26.11.2026".  Return out (out >= DATE_FMT_LEN). */
char	*date_format_iso(const struct date *, char *out, size_t len);
char	*date_format_ru(const struct date *, char *out, size_t len);
/* The one way a date is shown to a person (screens, the command line's
 * human output): "15.12.2026" when the text shown is Russian, else
 * "2026-12-15".  date_show_iso takes the wire's "2026-12-15" (or a time
 * "2026-12-15T…", shown as its date); what is not a date is copied as it
 * is.  Both return out (>= DATE_FMT_LEN). */
char	*date_show(const struct date *, char *out, size_t len);
char	*date_show_iso(const char *iso, char *out, size_t len);

#endif
