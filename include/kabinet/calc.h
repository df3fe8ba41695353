/*
 * calc.h — the loan quote (DESIGN.md "Domain rules", 353-FZ as of 2026).
 *
 * A payday loan repaid in one payment after term days.  Interest is
 * principal × rate × term, rounded to the kopeck half up; all charges
 * (interest plus paid services) are capped at charges_cap_percent of the
 * principal, by cutting the interest.  ПСК = i × ЧБП × 100 with
 * i = total/principal − 1 and ЧБП = 365/term, in thousandths of a percent
 * (0.8 %/day gives exactly 292000).  Integer arithmetic only.
 * A quote over the legal caps is flagged, never hidden.
 */
#ifndef KABINET_CALC_H
#define KABINET_CALC_H

#include <stddef.h>
#include <stdint.h>

#include "kabinet/date.h"
#include "kabinet/money.h"

#define CALC_RATE_CAP_BP	80	/* 0.8 % a day */
#define CALC_PSK_CAP_MILLI	292000	/* 292.000 % a year */
#define CALC_CHARGES_CAP_PERCENT 100	/* of the principal, since 2026-04-01 */

#define CALC_MAX_PRINCIPAL	((kopecks_t)100000000000)	/* 1e9 ₽ */
#define CALC_MAX_TERM		3650
#define CALC_MAX_RATE_BP	10000	/* 100 % a day */

struct calc_input {
	kopecks_t	principal;
	int		term_days;		/* 1..CALC_MAX_TERM */
	int		rate_bp_per_day;	/* 80 = 0.8 % a day */
	struct date	start;			/* the day the money is paid out */
	kopecks_t	extra_charges;		/* paid services; >= 0 */
	int		charges_cap_percent;	/* 0: CALC_CHARGES_CAP_PERCENT */
};

#define CALC_OVER_RATE_CAP	0x1	/* rate above 0.8 % a day */
#define CALC_OVER_PSK_CAP	0x2	/* ПСК above 292 % */
#define CALC_CHARGES_CAPPED	0x4	/* interest cut to keep charges in cap */
#define CALC_OVER_CHARGES_CAP	0x8	/* services alone exceed the cap */

struct calc_quote {
	kopecks_t	interest;	/* after the cap */
	kopecks_t	interest_uncapped;
	kopecks_t	charges;	/* interest + extra_charges */
	kopecks_t	total;		/* principal + charges: to repay */
	kopecks_t	overpayment;	/* total − principal */
	struct date	due;		/* start + term_days */
	int64_t		psk_milli;	/* ПСК in 0.001 %: 292000 = 292.000 % */
	int		flags;		/* CALC_* above */
};

enum calc_error {
	CALC_OK = 0,
	CALC_BAD_PRINCIPAL,	/* <= 0 or over CALC_MAX_PRINCIPAL */
	CALC_BAD_TERM,
	CALC_BAD_RATE,
	CALC_BAD_CHARGES,	/* negative or over 10 × principal */
	CALC_BAD_DATE,
};

enum calc_error calc_quote(const struct calc_input *, struct calc_quote *);
const char *calc_strerror(enum calc_error);	/* English, for N_() */
/* "292.000" (out >= 24 bytes); the decimal point is the caller's to
 * localise. */
char	*calc_psk_format(int64_t psk_milli, char *out, size_t len);

#endif
