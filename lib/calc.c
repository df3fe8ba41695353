/* calc.c — the loan quote: interest, caps, due date and ПСК. */
#include <stdio.h>
#include <string.h>

#include "kabinet/calc.h"
#include "kabinet/i18n.h"

typedef unsigned __int128 u128;

/* n / d rounded half up, for n >= 0, d > 0. */
static u128
calc_div_round(u128 n, u128 d)
{
	return (n + d / 2) / d;
}

enum calc_error
calc_quote(const struct calc_input *in, struct calc_quote *q)
{
	kopecks_t	cap, interest;
	int		cap_pct;

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

	/* basis points: 1/10000 of the principal per day */
	interest = (kopecks_t)calc_div_round((u128)in->principal *
	    (u128)in->rate_bp_per_day * (u128)in->term_days, 10000);
	q->interest_uncapped = interest;
	if (in->rate_bp_per_day > CALC_RATE_CAP_BP)
		q->flags |= CALC_OVER_RATE_CAP;

	/* The cap is on everything charged; the interest gives way first. */
	cap_pct = in->charges_cap_percent > 0 ? in->charges_cap_percent :
	    CALC_CHARGES_CAP_PERCENT;
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

	/*
	 * One repayment: i = charges/principal, ЧБП = 365/term, and
	 * ПСК [0.001 %] = i × ЧБП × 100 × 1000.
	 */
	q->psk_milli = (int64_t)calc_div_round((u128)q->charges * 36500000,
	    (u128)in->principal * (u128)in->term_days);
	if (q->psk_milli > CALC_PSK_CAP_MILLI)
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
