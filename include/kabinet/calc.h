/*
 * calc.h — the loan quote (DESIGN.md "Domain rules", 353-FZ as of 2026).
 *
 * A payday loan repaid in one payment after term days.  Interest is
 * principal × rate × term; all charges (interest, penalties, paid
 * services) are capped at the charges cap of the principal (353-FZ
 * art. 5 part 24: 100 % since 2026-04-01, 130 % before), by cutting the
 * interest.  A product that claims a higher cap than the law's is
 * flagged and held to the law's.  ПСК = i × ЧБП × 100 with
 * i = charges in the ПСК / principal and ЧБП = 365/term, in thousandths
 * of a percent (0.8 %/day gives exactly 292000).  Optional services the
 * borrower may refuse are not in the ПСК (353-FZ art. 6 parts 4–5) but
 * count toward the charges cap.  Integer arithmetic only.
 *
 * One rounding rule, here and in every program that uses these
 * functions: interest and penalties are rounded down to the kopeck and
 * the ПСК down to 0.001 %.  Down, because the borrower never pays a
 * kopeck the rate does not allow, so a loan at the capped rate never
 * shows a ПСК above 292.000 %; the cap flags compare exact values.
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
#define CALC_CHARGES_CAP_OLD	130	/* before 2026-04-01 */

#define CALC_MAX_PRINCIPAL	((kopecks_t)100000000000)	/* 1e9 ₽ */
#define CALC_MAX_TERM		3650
#define CALC_MAX_RATE_BP	10000	/* 100 % a day */

struct calc_input {
	kopecks_t	principal;
	int		term_days;		/* 1..CALC_MAX_TERM */
	int		rate_bp_per_day;	/* 80 = 0.8 % a day */
	struct date	start;			/* the day the money is paid out */
	kopecks_t	extra_charges;		/* paid services; >= 0 */
	int		charges_cap_percent;	/* the product's; 0: the law's */
};

#define CALC_OVER_RATE_CAP	0x1	/* rate above 0.8 % a day */
#define CALC_OVER_PSK_CAP	0x2	/* ПСК above 292 % */
#define CALC_CHARGES_CAPPED	0x4	/* interest cut to keep charges in cap */
#define CALC_OVER_CHARGES_CAP	0x8	/* services alone exceed the cap */
#define CALC_CAP_OVER_LAW	0x10	/* the product's cap is above the law's */

struct calc_quote {
	kopecks_t	interest;	/* after the cap */
	kopecks_t	interest_uncapped;
	kopecks_t	charges;	/* interest + extra_charges */
	int		charges_cap_percent;	/* the one applied */
	kopecks_t	total;		/* principal + charges: to repay */
	kopecks_t	overpayment;	/* total − principal */
	struct date	due;		/* start + term_days */
	int64_t		psk_milli;	/* ПСК in 0.001 %: 292000 = 292.000 %;
					 * interest only, services excluded */
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

/* The rounding rule above, for every figure a loan is charged. */
kopecks_t calc_interest(kopecks_t principal, int rate_bp_per_day, long days);
kopecks_t calc_penalty(kopecks_t overdue, int percent_a_year, long days);
/* ПСК of a loan repaid in one payment of principal + charges after days. */
int64_t	calc_psk_single(kopecks_t principal, kopecks_t charges, long days);
/*
 * ПСК by 353-FZ art. 6 part 2 of a schedule: principal paid out on day 0,
 * n payments flows[k].amount on day flows[k].day (> 0, ascending), with
 * penalties left out by the caller (art. 6 part 5).  The base period is
 * the interval between consecutive payments met most often (ties: the
 * longest), so one payment after term days gives 365/term as
 * calc_psk_single() does.  -1 if the schedule is not one.
 */
struct calc_flow {
	long		day;
	kopecks_t	amount;
};
int64_t	calc_psk_flows(kopecks_t principal, const struct calc_flow *flows,
	    size_t n);

/* The law's cap on all charges, in % of the principal, for a loan made
 * on that day. */
int	calc_charges_cap_on(const struct date *);
const char *calc_strerror(enum calc_error);	/* English, for N_() */
/* "292.000" (out >= 24 bytes); the decimal point is the caller's to
 * localise. */
char	*calc_psk_format(int64_t psk_milli, char *out, size_t len);

#endif
