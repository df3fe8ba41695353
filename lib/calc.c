/* calc.c — the loan quote: interest, caps, due date and ПСК. */
#include <stdio.h>
#include <string.h>

#include "kabinet/calc.h"
#include "kabinet/i18n.h"

typedef unsigned __int128 u128;

/* n / d rounded down, for n >= 0, d > 0: the one rounding rule. */
static u128
calc_div_down(u128 n, u128 d)
{
	return n / d;
}

kopecks_t
calc_interest(kopecks_t principal, int rate_bp_per_day, long days)
{
	if (principal <= 0 || rate_bp_per_day <= 0 || days <= 0)
		return 0;
	/* basis points: 1/10000 of the principal per day */
	return (kopecks_t)calc_div_down((u128)principal *
	    (u128)rate_bp_per_day * (u128)days, 10000);
}

kopecks_t
calc_penalty(kopecks_t overdue, int percent_a_year, long days)
{
	if (overdue <= 0 || percent_a_year <= 0 || days <= 0)
		return 0;
	return (kopecks_t)calc_div_down((u128)overdue *
	    (u128)percent_a_year * (u128)days, 100 * 365);
}

int64_t
calc_psk_single(kopecks_t principal, kopecks_t charges, long days)
{
	if (principal <= 0 || charges <= 0 || days <= 0)
		return 0;
	/* i = charges/principal, ЧБП = 365/days, [0.001 %] = × 100 000 */
	return (int64_t)calc_div_down((u128)charges * 36500000,
	    (u128)principal * (u128)days);
}

/* Σ a_k / ((1 + e_k·i)(1 + i)^q_k) − principal, for the root finder. */
static long double
calc_npv(kopecks_t principal, const struct calc_flow *f, size_t n, long bp,
    long double i)
{
	long double	sum = -(long double)principal, d;
	long		q, k;
	size_t		j;

	for (j = 0; j < n; j++) {
		q = f[j].day / bp;
		d = 1.0L + (long double)(f[j].day % bp) / (long double)bp * i;
		for (k = 0; k < q; k++)
			d *= 1.0L + i;
		sum += (long double)f[j].amount / d;
	}
	return sum;
}

int64_t
calc_psk_flows(kopecks_t principal, const struct calc_flow *f, size_t n)
{
	long double	lo = 0.0L, hi = 1.0L, mid;
	long		bp = 0, prev = 0, iv, iv2, prev2;
	size_t		j, k, best = 0, count;
	kopecks_t	paid = 0;
	int		it;

	if (principal <= 0 || n == 0 || n > 1000)
		return -1;
	for (j = 0; j < n; j++) {
		if (f[j].day <= prev || f[j].amount < 0)
			return -1;
		prev = f[j].day;
		paid += f[j].amount;
	}
	if (n == 1)
		return calc_psk_single(principal, f[0].amount - principal,
		    f[0].day);
	if (paid <= principal)
		return 0;
	/* The interval met most often; ties go to the longest. */
	for (j = 0, prev = 0; j < n; prev = f[j].day, j++) {
		iv = f[j].day - prev;
		count = 0;
		for (k = 0, prev2 = 0; k < n; prev2 = f[k].day, k++) {
			iv2 = f[k].day - prev2;
			count += iv2 == iv;
		}
		if (count > best || (count == best && iv > bp)) {
			best = count;
			bp = iv;
		}
	}
	while (calc_npv(principal, f, n, bp, hi) > 0 && hi < 1e6L)
		hi *= 2;
	for (it = 0; it < 200; it++) {
		mid = (lo + hi) / 2;
		if (calc_npv(principal, f, n, bp, mid) > 0)
			lo = mid;
		else
			hi = mid;
	}
	/* Rounded down to 0.001 %; the nudge absorbs the root finder's last
	 * bits so that an exact 292 does not print as 291.999. */
	return (int64_t)(lo * 365.0L / (long double)bp * 100000.0L + 1e-6L);
}

int
calc_charges_cap_on(const struct date *d)
{
	static const struct date from = { 2026, 4, 1 };

	return date_cmp(d, &from) < 0 ? CALC_CHARGES_CAP_OLD :
	    CALC_CHARGES_CAP_PERCENT;
}

enum calc_error
calc_quote(const struct calc_input *in, struct calc_quote *q)
{
	kopecks_t	cap, interest;
	int		cap_pct, law;

	memset(q, 0, sizeof *q);
	if (in->principal <= 0 || in->principal > CALC_MAX_PRINCIPAL)
		return CALC_BAD_PRINCIPAL;
	if (in->term_days < 1 || in->term_days > CALC_MAX_TERM)
		return CALC_BAD_TERM;
	if (in->rate_bp_per_day < 0 || in->rate_bp_per_day > CALC_MAX_RATE_BP)
		return CALC_BAD_RATE;
	if (in->extra_charges < 0 || in->extra_charges > 10 * in->principal)
		return CALC_BAD_CHARGES;
	if (in->charges_cap_percent < 0 || in->charges_cap_percent > 10000)
		return CALC_BAD_CHARGES;
	if (!date_valid(&in->start))
		return CALC_BAD_DATE;

	interest = calc_interest(in->principal, in->rate_bp_per_day,
	    in->term_days);
	q->interest_uncapped = interest;
	if (in->rate_bp_per_day > CALC_RATE_CAP_BP)
		q->flags |= CALC_OVER_RATE_CAP;

	/* The cap is on everything charged; the interest gives way first.
	 * A product's cap above the law's is held to the law's. */
	law = calc_charges_cap_on(&in->start);
	cap_pct = in->charges_cap_percent > 0 ? in->charges_cap_percent : law;
	if (cap_pct > law) {
		q->flags |= CALC_CAP_OVER_LAW;
		cap_pct = law;
	}
	q->charges_cap_percent = cap_pct;
	cap = (kopecks_t)((u128)in->principal * (u128)cap_pct / 100);
	if (interest + in->extra_charges > cap) {
		interest = cap > in->extra_charges ? cap - in->extra_charges : 0;
		if (interest < q->interest_uncapped)
			q->flags |= CALC_CHARGES_CAPPED;
		if (in->extra_charges > cap)
			q->flags |= CALC_OVER_CHARGES_CAP;
	}

	q->interest = interest;
	q->charges = interest + in->extra_charges;
	q->total = in->principal + q->charges;
	q->overpayment = q->charges;
	q->due = date_add_days(&in->start, in->term_days);

	/* Optional services stay out of the ПСК (art. 6 parts 4–5). */
	q->psk_milli = calc_psk_single(in->principal, q->interest,
	    in->term_days);
	/* Exact: interest / principal × 365 / term > 2.92. */
	if ((u128)q->interest * 36500000 > (u128)CALC_PSK_CAP_MILLI *
	    (u128)in->principal * (u128)in->term_days)
		q->flags |= CALC_OVER_PSK_CAP;
	return CALC_OK;
}

const char *
calc_strerror(enum calc_error e)
{
	switch (e) {
	case CALC_OK:
		return N_("valid loan terms");
	case CALC_BAD_PRINCIPAL:
		return N_("loan amount is out of range");
	case CALC_BAD_TERM:
		return N_("loan term is out of range");
	case CALC_BAD_RATE:
		return N_("interest rate is out of range");
	case CALC_BAD_CHARGES:
		return N_("service charges are out of range");
	case CALC_BAD_DATE:
		return N_("loan start date is not a valid date");
	}
	return N_("invalid loan terms");
}

char *
calc_psk_format(int64_t psk_milli, char *out, size_t len)
{
	uint64_t	m = psk_milli < 0 ? (uint64_t)0 - (uint64_t)psk_milli :
			    (uint64_t)psk_milli;

	snprintf(out, len, "%s%llu.%03llu", psk_milli < 0 ? "-" : "",
	    (unsigned long long)(m / 1000), (unsigned long long)(m % 1000));
	return out;
}
