/*
 * payments.c — the loan's money: overdue and penalty accrual,
 * the legal order a payment is split in, extensions, the payment history
 * and the optional services.  Routes are in routes_payments.c.
 *
 * A loan's interest for its term is charged at issue (doc/lender-api.md).
 * Once the sandbox clock passes due_on the loan is overdue: its principal
 * and interest are then overdue, and a penalty of 20 % a year on the
 * overdue principal accrues day by day.  Every charge (interest,
 * penalty, paid services) counts toward the cap of 100 % of the principal:
 * loans.charges holds what has been charged so far.  Callers hold
 * sb_lock().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/calc.h"
#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/log.h"
#include "sandbox.h"

/*
 * The lender's words, in English as it sends them; N_() so that the TUI,
 * which shows them through gettext, finds their Russian in po/ru.po.
 */
static const struct service services[] = {
	{ "sms", N_("SMS notifications"), 4900,
	  N_("An SMS a day before the due date and on every payment; 49 RUB "
	  "once per loan.") },
	{ "insurance", N_("Loan insurance"), 30000,
	  N_("Covers the debt in case of job loss or illness; 300 RUB once "
	  "per loan.") },
	{ "legal", N_("Legal help"), 19900,
	  N_("Unlimited phone consultations with a lawyer while the loan is "
	  "open; 199 RUB once per loan.") },
	{ "credit_report", N_("Credit history report"), 14900,
	  N_("A report from the credit bureau with your score; 149 RUB "
	  "once.") },
};

const struct service *
services_find(const char *id)
{
	size_t	i;

	for (i = 0; i < sizeof services / sizeof services[0]; i++)
		if (strcmp(services[i].id, id) == 0)
			return &services[i];
	return NULL;
}

int
services_enabled(const char *account_id, const char *id)
{
	return (int)db_intf("SELECT enabled FROM account_services WHERE "
	    "account_id = ? AND service_id = ?", "tt", account_id, id);
}

json_t *
services_json(const char *account_id)
{
	json_t	*items = json_array();
	size_t	 i;

	for (i = 0; i < sizeof services / sizeof services[0]; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:I, s:s,"
		    " s:b}", "id", services[i].id, "title", services[i].title,
		    "price", (json_int_t)services[i].price,
		    "terms", services[i].terms,
		    "enabled", services_enabled(account_id, services[i].id)));
	return json_pack("{s:o}", "items", items);
}

int64_t
services_cost(const char *account_id)
{
	int64_t	sum = 0;
	size_t	i;

	for (i = 0; i < sizeof services / sizeof services[0]; i++)
		if (services_enabled(account_id, services[i].id))
			sum += services[i].price;
	return sum;
}

json_t *
services_enabled_json(const char *account_id, int64_t *total)
{
	json_t	*items = json_array();
	size_t	 i;

	*total = 0;
	for (i = 0; i < sizeof services / sizeof services[0]; i++) {
		if (!services_enabled(account_id, services[i].id))
			continue;
		json_array_append_new(items, json_pack("{s:s, s:s, s:I}",
		    "id", services[i].id, "name", services[i].title,
		    "price", (json_int_t)services[i].price));
		*total += services[i].price;
	}
	return items;
}

void
services_set(const char *account_id, const char *id, int on)
{
	db_execf("INSERT INTO account_services (account_id, service_id, "
	    "enabled, changed_at) VALUES (?, ?, ?, ?) ON CONFLICT "
	    "(account_id, service_id) DO UPDATE SET enabled = excluded.enabled,"
	    " changed_at = excluded.changed_at", "ttii", account_id, id,
	    (int64_t)on, (int64_t)sbclock_now());
}

/* ---- loans ---- */

int
pay_loan_get(const char *id, const char *account_id, struct pay_loan *l)
{
	sqlite3_stmt	*st;
	int		 rc = -1;

	st = db_queryf("SELECT id, account_id, state, principal, "
	    "rate_bp_per_day, term, issued_on, due_on, principal_due, "
	    "interest_due, penalty_due, extensions_this_year, "
	    "coalesce(charges, interest_due + penalty_due), "
	    "coalesce(penalty_through, due_on), card_id, "
	    "coalesce(extensions_year, 0), other_due, psk_milli FROM loans "
	    "WHERE id = ?", "t", id);
	if (sqlite3_step(st) == SQLITE_ROW && (account_id == NULL ||
	    strcmp((const char *)sqlite3_column_text(st, 1), account_id)
	    == 0)) {
		memset(l, 0, sizeof *l);
		snprintf(l->id, sizeof l->id, "%s",
		    sqlite3_column_text(st, 0));
		snprintf(l->account_id, sizeof l->account_id, "%s",
		    sqlite3_column_text(st, 1));
		snprintf(l->state, sizeof l->state, "%s",
		    sqlite3_column_text(st, 2));
		l->principal = sqlite3_column_int64(st, 3);
		l->rate_bp = sqlite3_column_int(st, 4);
		l->term = sqlite3_column_int(st, 5);
		date_parse((const char *)sqlite3_column_text(st, 6),
		    &l->issued_on);
		date_parse((const char *)sqlite3_column_text(st, 7),
		    &l->due_on);
		l->principal_due = sqlite3_column_int64(st, 8);
		l->interest_due = sqlite3_column_int64(st, 9);
		l->penalty_due = sqlite3_column_int64(st, 10);
		l->extensions = sqlite3_column_int(st, 11);
		l->charges = sqlite3_column_int64(st, 12);
		date_parse((const char *)sqlite3_column_text(st, 13),
		    &l->penalty_through);
		if (sqlite3_column_type(st, 14) != SQLITE_NULL)
			snprintf(l->card_id, sizeof l->card_id, "%s",
			    sqlite3_column_text(st, 14));
		l->extensions_year = sqlite3_column_int(st, 15);
		l->other_due = sqlite3_column_int64(st, 16);
		/* A loan made before the column: its contract ПСК. */
		l->psk_milli = sqlite3_column_type(st, 17) != SQLITE_NULL ?
		    sqlite3_column_int64(st, 17) : calc_psk_single(l->principal,
		    calc_interest(l->principal, l->rate_bp, l->term), l->term);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

void
pay_loan_put(const struct pay_loan *l)
{
	char	due[DATE_FMT_LEN], pt[DATE_FMT_LEN];

	date_format_iso(&l->due_on, due, sizeof due);
	date_format_iso(&l->penalty_through, pt, sizeof pt);
	db_execf("UPDATE loans SET state = ?, due_on = ?, principal_due = ?, "
	    "interest_due = ?, penalty_due = ?, extensions_this_year = ?, "
	    "charges = ?, penalty_through = ?, extensions_year = ?, "
	    "other_due = ?, psk_milli = ?, updated_at = ? WHERE id = ?",
	    "ttiiiiitiiiit", l->state, due, l->principal_due, l->interest_due,
	    l->penalty_due, (int64_t)l->extensions, l->charges, pt,
	    (int64_t)l->extensions_year, l->other_due, l->psk_milli,
	    (int64_t)sbclock_now(), l->id);
}

int64_t
pay_loan_cap(const struct pay_loan *l)
{
	return l->principal * CALC_CHARGES_CAP_PERCENT / 100;
}

/* Records a history entry; returns its row id.  split and card may be
 * NULL. */
int64_t
pay_history_add(const char *account_id, const char *loan_id,
    const char *kind, const char *status, int64_t amount,
    const char *card_id, const char *description, json_t *split)
{
	char	*s = NULL, date[DATE_FMT_LEN], id[48];
	struct date d = date_from_time(sbclock_now());
	int64_t	 seq;

	if (split != NULL) {
		s = json_dumps(split, JSON_COMPACT);
		json_decref(split);
	}
	date_format_iso(&d, date, sizeof date);
	lending_new_id("pm", id, sizeof id);
	db_execf("INSERT INTO payments (id, account_id, loan_id, kind, status, "
	    "amount, card_id, description, split, on_date, at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ttttti" "tttti", id,
	    account_id, loan_id, kind, status, amount, card_id, description,
	    s, date, (int64_t)sbclock_now());
	free(s);
	seq = sqlite3_last_insert_rowid(db_handle());
	loandocs_payment(seq);
	return seq;
}

/*
 * The money paid out and the interest charged at issue are history
 * entries too: added once per loan (when it is made, so what is paid or
 * charged later is newer), at the moment the loan was made (created_at)
 * when that is its issue day in Moscow — a payment made the same morning
 * is then newer than the payout, as it happened — else (a loan seeded
 * with an issue day in the past) at noon, Moscow, of issued_on; the
 * interest after the payout (the same time, the next row).
 */
#define PAY_ISSUE_AT \
	"CASE WHEN date(created_at + 3 * 3600, 'unixepoch') = issued_on " \
	"THEN created_at ELSE CAST((julianday(issued_on) - 2440587.5) * " \
	"86400 AS INTEGER) + 9 * 3600 END"

void
pay_history_sync(const char *account_id)
{
	static const char *const sql[] = {
		"INSERT OR IGNORE INTO payments (id, account_id, loan_id, kind, "
		"status, amount, card_id, description, on_date, at) SELECT "
		"'pm_d_' || id, account_id, id, 'disbursement', 'succeeded', "
		"principal, card_id, 'loan ' || contract_number || ' paid out', "
		"issued_on, " PAY_ISSUE_AT " FROM loans WHERE account_id = ?",
		"INSERT OR IGNORE INTO payments (id, account_id, loan_id, kind, "
		"status, amount, description, on_date, at) SELECT "
		"'pm_i_' || id, account_id, id, 'interest', 'charged', "
		"min(principal * rate_bp_per_day * term / 10000, principal), "
		"'interest for the term of ' || contract_number, issued_on, "
		PAY_ISSUE_AT " FROM loans WHERE account_id = ?",
	};
	size_t	i;

	for (i = 0; i < sizeof sql / sizeof sql[0]; i++)
		db_execf(sql[i], "t", account_id);
}

/* Extensions of the loan in the last 365 days, today included: a rolling
 * year, so December and January cannot make ten. */
int
pay_extensions_12m(const char *loan_id)
{
	return (int)db_intf("SELECT COUNT(*) FROM payments WHERE loan_id = ? "
	    "AND kind = 'extension' AND status = 'succeeded' AND at > ?", "ti",
	    loan_id, (int64_t)sbclock_now() - 365 * 86400);
}

/* Brings one loan up to today: active past due_on becomes overdue, the
 * penalty accrues (20 % a year on the overdue principal, within the
 * charges cap).  1 if it changed. */
int
pay_accrue(struct pay_loan *l)
{
	struct date	 today = date_from_time(sbclock_now());
	long		 days;
	int64_t		 pen, room;
	int		 changed = 0, n;
	char		 desc[64];

	if ((n = pay_extensions_12m(l->id)) != l->extensions) {
		l->extensions = n;
		changed = 1;
	}
	if (strcmp(l->state, "active") == 0 &&
	    date_cmp(&today, &l->due_on) > 0) {
		snprintf(l->state, sizeof l->state, "overdue");
		l->penalty_through = l->due_on;
		changed = 1;
	}
	if (strcmp(l->state, "overdue") == 0 &&
	    (days = date_diff(&l->penalty_through, &today)) > 0) {
		pen = calc_penalty(l->principal_due, PENALTY_PERCENT_YEAR,
		    days);
		room = pay_loan_cap(l) - l->charges;
		if (pen > room)
			pen = room > 0 ? room : 0;
		l->penalty_due += pen;
		l->charges += pen;
		l->penalty_through = today;
		if (pen > 0) {
			snprintf(desc, sizeof desc, "penalty, %ld days", days);
			pay_history_add(l->account_id, l->id, "penalty",
			    "charged", pen, NULL, desc, NULL);
		}
		changed = 1;
	}
	if (changed)
		pay_loan_put(l);
	return changed;
}

void
pay_each_open_loan(void (*fn)(struct pay_loan *, void *), void *arg)
{
	sqlite3_stmt	*st;
	struct pay_loan	 l;
	char		 (*ids)[48] = NULL;
	size_t		 n = 0, i;

	/* The ids first: fn may write to the loans. */
	st = db_prepare("SELECT id FROM loans WHERE state IN ('active', "
	    "'overdue')");
	while (sqlite3_step(st) == SQLITE_ROW) {
		ids = reallocarray(ids, n + 1, sizeof *ids);
		if (ids == NULL)
			fatalx("out of memory");
		snprintf(ids[n++], sizeof *ids, "%s",
		    sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	for (i = 0; i < n; i++)
		if (pay_loan_get(ids[i], NULL, &l) == 0)
			fn(&l, arg);
	free(ids);
}

static void
accrue_one(struct pay_loan *l, void *arg)
{
	(void)arg;
	if (pay_accrue(l))
		events_append(l->account_id, "loan.updated",
		    json_pack("{s:o}", "loan", lending_loan_json(l->id)));
}

void
pay_accrue_all(void)
{
	pay_each_open_loan(accrue_one, NULL);
}

json_t *
pay_due_json(struct pay_loan *l)
{
	accrue_one(l, NULL);
	return json_pack("{s:o, s:o}", "loan", lending_loan_json(l->id),
	    "due_today", pay_due_today(l));
}

/* Interest still to accrue from today to due_on on today's principal
 * (0 once overdue): what repaying today saves (353-FZ art. 11 p. 4:
 * interest only for the days the money was used). */
static int64_t
future_interest(const struct pay_loan *l)
{
	struct date	 today = date_from_time(sbclock_now());
	long		 left = date_diff(&today, &l->due_on);
	int64_t		 f;

	if (strcmp(l->state, "overdue") == 0 || left <= 0)
		return 0;
	f = calc_interest(l->principal_due, l->rate_bp, left);
	return f > l->interest_due ? l->interest_due : f;
}

json_t *
pay_due_today(const struct pay_loan *l)
{
	int64_t	i = l->interest_due - future_interest(l);
	int	overdue = strcmp(l->state, "overdue") == 0;

	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
	    "overdue_interest", (json_int_t)(overdue ? i : 0),
	    "overdue_principal", (json_int_t)(overdue ? l->principal_due : 0),
	    "penalty", (json_int_t)l->penalty_due,
	    "interest", (json_int_t)(overdue ? 0 : i),
	    "principal", (json_int_t)(overdue ? 0 : l->principal_due),
	    "other", (json_int_t)l->other_due,
	    "total", (json_int_t)(l->principal_due + i + l->penalty_due +
	    l->other_due));
}

int64_t
pay_total_today(const struct pay_loan *l)
{
	return l->principal_due + l->interest_due - future_interest(l) +
	    l->penalty_due + l->other_due;
}

/*
 * Splits amount over what is due today in the legal order (353-FZ
 * art. 5 part 20): overdue interest, overdue principal, penalty, current
 * interest, current principal, then other payments (service fees).
 * Principal repaid early stops its future interest.  With
 * PAY_NO_PRINCIPAL (an extension's fee) the principal is skipped: the
 * fee pays what the extension costs, never the debt.  Changes l;
 * returns the split object.
 */
json_t *
pay_split(struct pay_loan *l, int64_t amount, int flags)
{
	int64_t	 oi = 0, op = 0, pe = 0, ci = 0, cp = 0, ot = 0, take;
	int64_t	 fut = future_interest(l), today = l->interest_due - fut, nf;
	struct date now = date_from_time(sbclock_now());
	long	 left = date_diff(&now, &l->due_on);

#define TAKE(from, into) do {					\
	take = amount < (from) ? amount : (from);		\
	(from) -= take; (into) += take; amount -= take;		\
} while (0)
	if (strcmp(l->state, "overdue") == 0) {
		TAKE(l->interest_due, oi);
		if (!(flags & PAY_NO_PRINCIPAL))
			TAKE(l->principal_due, op);
		TAKE(l->penalty_due, pe);
	} else {
		TAKE(l->penalty_due, pe);
		TAKE(today, ci);
		if (!(flags & PAY_NO_PRINCIPAL))
			TAKE(l->principal_due, cp);
		nf = left > 0 ? calc_interest(l->principal_due, l->rate_bp,
		    left) : 0;
		if (nf > fut)
			nf = fut;
		l->charges -= fut - nf;
		l->interest_due = today + nf;
	}
	if (!(flags & PAY_NO_PRINCIPAL))
		TAKE(l->other_due, ot);
#undef TAKE
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}",
	    "overdue_interest", (json_int_t)oi,
	    "overdue_principal", (json_int_t)op,
	    "penalty", (json_int_t)pe,
	    "interest", (json_int_t)ci,
	    "principal", (json_int_t)cp,
	    "other", (json_int_t)ot);
}

/*
 * The ПСК of the loan's price (353-FZ art. 6): the contract's, kept
 * after a partial payment at the contract rate, which changes the
 * schedule but not the price.  When the price changes (an extension),
 * pay_psk_reprice() computes it anew.
 */
int64_t
pay_psk_milli(const struct pay_loan *l)
{
	return l->psk_milli;
}

/*
 * The ПСК by art. 6 on the loan's updated schedule: the payments made so
 * far on their days, then extra (paid today, 0 if none), then what is
 * left on due_on; penalties and service fees left out (art. 6 part 5 and
 * parts 4–5 for services the borrower may refuse), and a payment on the
 * day of issue taken off the principal.  -1 if it cannot be computed.
 */
int64_t
pay_psk_schedule(const struct pay_loan *l, int64_t extra)
{
	sqlite3_stmt	*st;
	struct date	 d, today = date_from_time(sbclock_now());
	struct calc_flow f[256];
	size_t		 n = 0;
	int64_t		 principal = l->principal, a;
	long		 day;

#define FLOW(dd, aa) do {						\
	if ((dd) <= 0)							\
		principal -= (aa);					\
	else if (n > 0 && f[n - 1].day == (dd))				\
		f[n - 1].amount += (aa);				\
	else if (n < sizeof f / sizeof f[0]) {				\
		f[n].day = (dd);					\
		f[n++].amount = (aa);					\
	}								\
} while (0)
	st = db_queryf("SELECT on_date, amount - coalesce(json_extract(split,"
	    " '$.penalty'), 0) - coalesce(json_extract(split, '$.other'), 0) "
	    "FROM payments WHERE loan_id = ? AND kind IN ('payment', "
	    "'extension') AND status = 'succeeded' ORDER BY at, seq", "t",
	    l->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (date_parse((const char *)sqlite3_column_text(st, 0), &d)
		    != DATE_OK)
			continue;
		day = date_diff(&l->issued_on, &d);
		a = sqlite3_column_int64(st, 1);
		FLOW(day, a);
	}
	sqlite3_finalize(st);
	if (extra > 0) {
		day = date_diff(&l->issued_on, &today);
		FLOW(day, extra);
	}
	day = date_diff(&l->issued_on, &l->due_on);
	FLOW(day, l->principal_due + l->interest_due);
#undef FLOW
	return calc_psk_flows(principal, f, n);
}
