/* date.c — calendar dates in Moscow time; integer arithmetic only. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kabinet/clock.h"
#include "kabinet/date.h"
#include "kabinet/i18n.h"

int
date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && date_is_leap(y))
		return 29;
	return days[m - 1];
}

int
date_valid(const struct date *d)
{
	return d->y >= 1 && d->y <= 9999 && d->d >= 1 &&
	    d->d <= date_days_in_month(d->y, d->m);
}

static int
date_digits(const char *s, int n, int *v)
{
	int	i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

enum date_error
date_parse(const char *s, struct date *dp)
{
	struct date	d;

	memset(dp, 0, sizeof *dp);
	if (s == NULL || *s == '\0')
		return DATE_EMPTY;
	if (strlen(s) != 10)
		return DATE_BAD_FORMAT;
	if (s[4] == '-' && s[7] == '-') {
		if (date_digits(s, 4, &d.y) == -1 ||
		    date_digits(s + 5, 2, &d.m) == -1 ||
		    date_digits(s + 8, 2, &d.d) == -1)
			return DATE_BAD_FORMAT;
	} else if (s[2] == '.' && s[5] == '.') {
		if (date_digits(s, 2, &d.d) == -1 ||
		    date_digits(s + 3, 2, &d.m) == -1 ||
		    date_digits(s + 6, 4, &d.y) == -1)
			return DATE_BAD_FORMAT;
	} else
		return DATE_BAD_FORMAT;
	if (!date_valid(&d))
		return DATE_NO_SUCH_DAY;
	*dp = d;
	return DATE_OK;
}

const char *
date_strerror(enum date_error e)
{
	switch (e) {
	case DATE_OK:
		return N_("valid date");
	case DATE_EMPTY:
		return N_("date is empty");
	case DATE_BAD_FORMAT:
		return N_("date must be written as DD.MM.YYYY");
	case DATE_NO_SUCH_DAY:
		return N_("no such day in the calendar");
	}
	return N_("invalid date");
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
long
date_to_days(const struct date *d)
{
	long		 y = d->y - (d->m <= 2);
	long		 era = (y >= 0 ? y : y - 399) / 400;
	long		 yoe = y - era * 400;
	long		 mp = (d->m + 9) % 12;
	long		 doy = (153 * mp + 2) / 5 + d->d - 1;
	long		 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct date
date_from_days(long z)
{
	struct date	 d;
	long		 era, doe, yoe, doy, mp, y;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.y = (int)(y + (d.m <= 2));
	return d;
}

struct date
date_add_days(const struct date *d, long n)
{
	return date_from_days(date_to_days(d) + n);
}

/* 0 Sunday .. 6 Saturday; 1970-01-01 was a Thursday. */
static int
weekday(const struct date *d)
{
	long	w = (date_to_days(d) + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

static int
is_weekend(const struct date *d)
{
	int	w = weekday(d);

	return w == 0 || w == 6;
}

static const struct { int m, d; } holidays[] = {
	{ 2, 23 }, { 3, 8 }, { 5, 1 }, { 5, 9 }, { 6, 12 }, { 11, 4 },
};

static int
is_holiday(const struct date *d)
{
	size_t	i;

	if (d->m == 1 && d->d <= 8)
		return 1;
	for (i = 0; i < sizeof holidays / sizeof holidays[0]; i++)
		if (holidays[i].m == d->m && holidays[i].d == d->d)
			return 1;
	return 0;
}

int
date_is_working_day(const struct date *d)
{
	struct date	 moved[sizeof holidays / sizeof holidays[0]], h;
	size_t		 i, j, n = 0;

	if (is_weekend(d) || is_holiday(d))
		return 0;
	/* Part 2: a weekend holiday's day off goes to the next working
	 * day not already taken by another. */
	for (i = 0; i < sizeof holidays / sizeof holidays[0]; i++) {
		h.y = d->y;
		h.m = holidays[i].m;
		h.d = holidays[i].d;
		if (!is_weekend(&h))
			continue;
		for (;;) {
			h = date_add_days(&h, 1);
			if (is_weekend(&h) || is_holiday(&h))
				continue;
			for (j = 0; j < n; j++)
				if (date_cmp(&moved[j], &h) == 0)
					break;
			if (j == n)
				break;
		}
		moved[n++] = h;
		if (date_cmp(&h, d) == 0)
			return 0;
	}
	return 1;
}

struct date
date_add_working_days(const struct date *d, int n)
{
	struct date	x = *d;

	while (n > 0) {
		x = date_add_days(&x, 1);
		if (date_is_working_day(&x))
			n--;
	}
	return x;
}

long
date_diff(const struct date *a, const struct date *b)
{
	return date_to_days(b) - date_to_days(a);
}

int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

int
date_age(const struct date *birth, const struct date *on)
{
	int	age = on->y - birth->y, bd = birth->d;

	/* Civil Code art. 192: a term ending on a day the month lacks ends
	 * on its last day, so 29 February has its birthday on the 28th. */
	if (bd > date_days_in_month(on->y, birth->m))
		bd = date_days_in_month(on->y, birth->m);
	if (on->m < birth->m || (on->m == birth->m && on->d < bd))
		age--;
	return age;
}

struct date
date_from_time(time_t t)
{
	long long	s = (long long)t + DATE_MSK_OFFSET;
	long long	days = s / 86400;

	if (s % 86400 < 0)
		days--;
	return date_from_days((long)days);
}

struct date
date_today(void)
{
	return date_from_time(clock_now());
}

char *
date_format_iso(const struct date *d, char *out, size_t len)
{
	snprintf(out, len, "%04d-%02d-%02d", d->y, d->m, d->d);
	return out;
}

char *
date_format_ru(const struct date *d, char *out, size_t len)
{
	snprintf(out, len, "%02d.%02d.%04d", d->d, d->m, d->y);
	return out;
}

char *
date_show(const struct date *d, char *out, size_t len)
{
	return i18n_is_russian() ? date_format_ru(d, out, len) :
	    date_format_iso(d, out, len);
}

char *
date_show_iso(const char *iso, char *out, size_t len)
{
	struct date	d;
	char		day[DATE_FMT_LEN];

	if (iso == NULL)
		iso = "";
	snprintf(day, sizeof day, "%.10s", iso);
	if (date_parse(day, &d) != DATE_OK) {
		snprintf(out, len, "%s", iso);
		return out;
	}
	return date_show(&d, out, len);
}
