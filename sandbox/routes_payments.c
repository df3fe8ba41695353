/*
 * routes_payments.c — /v1/cards (link, remove, default), payments and
 * extensions of a loan, the payment history, the optional services, and
 * the sandbox's own /sandbox/history and /sandbox/payments/hold.
 *
 * A card's PAN is checked, cut to first 6 / last 4 and wiped from the
 * request at once: it is never stored, logged or kept in a challenge.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/card.h"
#include "kabinet/calc.h"
#include "kabinet/log.h"
#include "kabinet/phone.h"
#include "kabinet/translit.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

#define HOLD_MAX_MS	60000

static const char *const brands[] = { "other", "mir", "visa",
    "mastercard" };

static int
fail(struct req *r, int status, const char *code, const char *detail)
{
	idem_abort(r);
	return http_problem(r, status, code, detail, NULL);
}

static int
fail_field(struct req *r, const char *field, const char *code)
{
	idem_abort(r);
	return http_validation(r, field, code);
}

static json_t *
card_json(const char *id)
{
	json_t		*c = lending_card_json(id);
	sqlite3_stmt	*st;

	if (!json_is_object(c))
		return c;
	st = db_queryf("SELECT is_default FROM cards WHERE id = ?", "t", id);
	if (sqlite3_step(st) == SQLITE_ROW)
		json_object_set_new(c, "default",
		    json_boolean(sqlite3_column_int(st, 0)));
	sqlite3_finalize(st);
	return c;
}

static int
card_live(const char *account_id, const char *card_id)
{
	return db_existsf("SELECT 1 FROM cards WHERE id = ? AND account_id = ? "
	    "AND removed_at IS NULL", "tt", card_id, account_id);
}

static int
int_member(struct req *r, const char *name, int64_t *v)
{
	json_t	*j = json_object_get(r->json, name);

	if (j == NULL)
		return -1;
	if (!json_is_integer(j))
		return -2;
	*v = json_integer_value(j);
	return 0;
}

static void
wipe_member(struct req *r, const char *name)
{
	json_t	*j = json_object_get(r->json, name);

	if (json_is_string(j))
		wipe((char *)json_string_value(j), json_string_length(j));
}

/* ---- cards ---- */

static int
has_default(const char *account_id)
{
	return db_existsf("SELECT 1 FROM cards WHERE account_id = ? AND "
	    "removed_at IS NULL AND is_default = 1", "t", account_id);
}

static int
route_card_add(struct req *r)
{
	const char	*in = http_str(r, "pan"), *hin = http_str(r, "holder");
	char		 pan[CARD_PAN_MAX + 1], holder[CARD_HOLDER_MAX + 1];
	char		 first6[7], last4[5], chid[48];
	enum card_brand	 brand;
	struct date	 today = date_from_time(sbclock_now());
	int64_t		 m = 0, y = 0;
	json_t		*errors = json_array(), *data;
	time_t		 until;
	size_t		 n;

	if (idem_begin(r)) {
		wipe_member(r, "pan");
		json_decref(errors);
		return 0;
	}
	pan[0] = '\0';
	if (in == NULL || *in == '\0')
		json_array_append_new(errors, json_pack("{s:s, s:s}", "field",
		    "pan", "code", "required"));
	else if (card_pan_parse(in, pan) != CARD_OK)
		json_array_append_new(errors, json_pack("{s:s, s:s}", "field",
		    "pan", "code", "invalid_pan"));
	wipe_member(r, "pan");
	if (int_member(r, "exp_month", &m) != 0 || int_member(r, "exp_year",
	    &y) != 0 || m < 1 || m > 12 || y < 2000 || y > 2100)
		json_array_append_new(errors, json_pack("{s:s, s:s}", "field",
		    "expiry", "code", "invalid_expiry"));
	else if (card_expiry_check((int)m, (int)y, today.y, today.m) !=
	    CARD_OK)
		json_array_append_new(errors, json_pack("{s:s, s:s}", "field",
		    "expiry", "code", "expired"));
	if (hin == NULL || card_holder_normalize(hin, holder, sizeof holder)
	    != CARD_OK)
		json_array_append_new(errors, json_pack("{s:s, s:s}", "field",
		    "holder", "code", "invalid_holder"));
	if (json_array_size(errors) != 0) {
		wipe(pan, sizeof pan);
		idem_abort(r);
		return http_problem(r, 422, "validation", "the card is not "
		    "valid", json_pack("{s:o}", "errors", errors));
	}
	json_decref(errors);
	brand = card_brand(pan);
	n = strlen(pan);
	memcpy(first6, pan, 6);
	first6[6] = '\0';
	memcpy(last4, pan + n - 4, 5);
	wipe(pan, sizeof pan);
	if (brand == CARD_BRAND_OTHER)
		return fail_field(r, "pan", "unsupported_brand");
	if (!translit_name_matches(holder, r->account.given,
	    r->account.surname))
		return fail(r, 422, "holder_mismatch", "the card's holder is "
		    "not the borrower: only a card in the borrower's own name "
		    "can be linked");
	if ((until = challenge_locked_until(r->account.phone, "card_link"))
	    != 0) {
		idem_abort(r);
		return http_codes_locked(r, until);
	}
	data = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "brand",
	    brands[brand], "first6", first6, "last4", last4, "holder", holder,
	    "exp_month", (json_int_t)m, "exp_year", (json_int_t)y);
	if (challenge_create("card_link", r->account.id, r->account.phone,
	    data, chid, sizeof chid, &until) != 0) {
		idem_abort(r);
		return http_rate_limited(r, "sms", (long)(until - sbclock_now()));
	}
	log_info("card %s…%s awaits its confirmation", first6, last4);
	idem_finish(r, 202, json_pack("{s:o}", "challenge",
	    challenge_json(chid)));
	return 0;
}

int
pay_complete_card(struct req *r, const struct account *a, json_t *data)
{
	char	 id[48];
	int	 first;

	first = !has_default(a->id);
	lending_new_id("cd", id, sizeof id);
	db_execf("INSERT INTO cards (id, account_id, brand, first6, last4, "
	    "holder, exp_month, exp_year, created_at, is_default) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "tttttt" "iiii", id, a->id,
	    json_string_value(json_object_get(data, "brand")),
	    json_string_value(json_object_get(data, "first6")),
	    json_string_value(json_object_get(data, "last4")),
	    json_string_value(json_object_get(data, "holder")),
	    (int64_t)json_integer_value(json_object_get(data, "exp_month")),
	    (int64_t)json_integer_value(json_object_get(data, "exp_year")),
	    (int64_t)sbclock_now(), (int64_t)first);
	log_info("card %s linked", id);
	lending_card_linked(a->id, id);
	return http_json(r, 201, json_pack("{s:o}", "card", card_json(id)));
}

static int
route_card_remove(struct req *r)
{
	if (!card_live(r->account.id, r->arg[0]))
		return http_problem(r, 404, "card_not_found", "no such card",
		    NULL);
	if (db_existsf("SELECT 1 FROM loans WHERE card_id = ? AND state IN "
	    "('active', 'overdue')", "t", r->arg[0]))
		return http_problem(r, 409, "card_in_use", "the open loan was "
		    "paid out to this card; it can be removed once the loan "
		    "is repaid", NULL);
	db_execf("UPDATE cards SET removed_at = ?, is_default = 0 WHERE id = ?",
	    "it", (int64_t)sbclock_now(), r->arg[0]);
	return http_empty(r, 204, NULL);
}

static int
route_card_default(struct req *r)
{
	if (!card_live(r->account.id, r->arg[0]))
		return http_problem(r, 404, "card_not_found", "no such card",
		    NULL);
	db_execf("UPDATE cards SET is_default = (id = ?) WHERE account_id = ?",
	    "tt", r->arg[0], r->account.id);
	return http_json(r, 200, json_pack("{s:o}", "card",
	    card_json(r->arg[0])));
}

/* The one marked, else the oldest linked. */
int
pay_default_card(const char *account_id, char *out, size_t len)
{
	sqlite3_stmt	*st;
	int		 found;

	out[0] = '\0';
	st = db_queryf("SELECT id FROM cards WHERE account_id = ? AND "
	    "removed_at IS NULL ORDER BY is_default DESC, created_at, id "
	    "LIMIT 1", "t", account_id);
	if ((found = sqlite3_step(st) == SQLITE_ROW))
		snprintf(out, len, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return found ? 0 : -1;
}

/* GET /v1/cards/default: the card payments go from unless told. */
static int
route_card_get_default(struct req *r)
{
	char		 id[48] = "";

	pay_default_card(r->account.id, id, sizeof id);
	return http_json(r, 200, json_pack("{s:o}", "card", id[0] != '\0' ?
	    card_json(id) : json_null()));
}

/* ---- payments and extensions ---- */

/* The answer of a payment or an extension (sbp.c's link too): stored,
 * and answered after /sandbox/payments/hold's pause if one is set
 * (idem_finish). */
int
pay_finish(struct req *r, json_t *body)
{
	idem_finish(r, 201, body);
	return 0;
}

static json_t *
schedule_json(const struct pay_loan *l)
{
	char	due[DATE_FMT_LEN];

	if (strcmp(l->state, "closed") == 0)
		return json_array();
	date_format_iso(&l->due_on, due, sizeof due);
	return json_pack("[{s:s, s:I}]", "date", due, "amount",
	    (json_int_t)(l->principal_due + l->interest_due + l->penalty_due +
	    l->other_due));
}

/*
 * What an entry says as a code and its parameters, so that a client
 * renders it in its user's language; the English description stays for
 * search and for clients that do not know the code.
 */
static json_t *
payment_text(const char *kind, const char *desc)
{
	static const char	 refund[] = ": refund (cooling-off)";
	static const char	 term[] = "interest for the term of ";
	char			 contract[64];
	size_t			 n = strlen(desc);
	int			 days;

	if (strcmp(kind, "payment") == 0 && strcmp(desc, "full repayment") == 0)
		return json_pack("{s:s}", "code", "full_repayment");
	if (strcmp(kind, "payment") == 0 &&
	    strcmp(desc, "partial repayment") == 0)
		return json_pack("{s:s}", "code", "partial_repayment");
	if ((strcmp(kind, "extension") == 0 || strcmp(kind, "interest") == 0)
	    && sscanf(desc, "extension by %d days", &days) == 1)
		return json_pack("{s:s, s:i}", "code", strcmp(kind,
		    "extension") == 0 ? "extension" : "extension_interest",
		    "days", days);
	if (strcmp(kind, "interest") == 0 && strncmp(desc, term,
	    sizeof term - 1) == 0)
		return json_pack("{s:s, s:s}", "code", "interest_term",
		    "contract", desc + sizeof term - 1);
	if (strcmp(kind, "penalty") == 0 &&
	    sscanf(desc, "penalty, %d days", &days) == 1)
		return json_pack("{s:s, s:i}", "code", "penalty", "days", days);
	if (strcmp(kind, "service") == 0)
		return json_pack("{s:s, s:s}", "code", "service", "service",
		    desc);
	if (strcmp(kind, "refund") == 0 && n > sizeof refund - 1 &&
	    strcmp(desc + n - (sizeof refund - 1), refund) == 0)
		return json_pack("{s:s, s:s%}", "code", "service_refund",
		    "service", desc, n - (sizeof refund - 1));
	if (strcmp(desc, "history entry") == 0 ||
	    strcmp(desc, "archived charge") == 0)	/* /sandbox/history */
		return json_pack("{s:s}", "code", desc[0] == 'h' ?
		    "history_entry" : "archived_charge");
	if (strcmp(kind, "disbursement") == 0 &&
	    sscanf(desc, "loan %63s paid out", contract) == 1)
		return json_pack("{s:s, s:s}", "code", "loan_paid_out",
		    "contract", contract);
	return json_null();
}

json_t *
pay_payment_json(const char *id)
{
	sqlite3_stmt	*st;
	json_t		*j = NULL, *split, *card, *text;

	st = db_queryf("SELECT id, loan_id, kind, status, amount, card_id, "
	    "description, split, on_date, at FROM payments WHERE id = ?", "t",
	    id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		split = sqlite3_column_type(st, 7) == SQLITE_NULL ? json_null()
		    : json_loads((const char *)sqlite3_column_text(st, 7), 0,
		    NULL);
		card = json_null();
		if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
			card = lending_card_json((const char *)
			    sqlite3_column_text(st, 5));
			if (json_is_object(card))
				json_object_del(card, "holder");
		}
		j = json_pack("{s:s, s:s?, s:s, s:s, s:I, s:o, s:s?, s:o*,"
		    " s:s, s:o}",
		    "id", sqlite3_column_text(st, 0),
		    "loan_id", sqlite3_column_text(st, 1),
		    "kind", sqlite3_column_text(st, 2),
		    "status", sqlite3_column_text(st, 3),
		    "amount", (json_int_t)sqlite3_column_int64(st, 4),
		    "card", card,
		    "description", sqlite3_column_text(st, 6),
		    "split", split,
		    "date", sqlite3_column_text(st, 8),
		    "at", sbclock_json(sqlite3_column_int64(st, 9)));
		text = sqlite3_column_type(st, 6) == SQLITE_NULL ? json_null() :
		    payment_text((const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 6));
		if (j != NULL && !json_is_null(text))
			json_object_set_new(j, "text", text);
		else
			json_decref(text);
	}
	sqlite3_finalize(st);
	return j;
}

static const char *
payment_id_of(int64_t seq, char *out, size_t len)
{
	sqlite3_stmt	*st;

	out[0] = '\0';
	st = db_queryf("SELECT id FROM payments WHERE seq = ?", "i",
	    (int64_t)seq);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, len, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* The loan of the path and a card of the body, both checked. */
static int
loan_and_card(struct req *r, struct pay_loan *l, const char **card)
{
	if (pay_loan_get(r->arg[0], r->account.id, l) != 0) {
		fail(r, 404, "loan_not_found", "no such loan");
		return -1;
	}
	pay_accrue(l);
	if ((*card = http_str(r, "card_id")) == NULL || **card == '\0') {
		fail_field(r, "card_id", "required");
		return -1;
	}
	if (!card_live(r->account.id, *card)) {
		fail_field(r, "card_id", "unknown_card");
		return -1;
	}
	if (strcmp(l->state, "closed") == 0) {
		fail(r, 409, "loan_closed", "the loan is repaid already");
		return -1;
	}
	return 0;
}

/* What the loan costs in roubles on its current schedule: interest
 * paid and due (penalties and service fees are not its price). */
static int64_t
loan_cost(const struct pay_loan *l)
{
	int64_t	paid;

	paid = db_intf("SELECT coalesce(sum(coalesce(json_extract(split, "
	    "'$.interest'), 0) + coalesce(json_extract(split, "
	    "'$.overdue_interest'), 0)), 0) FROM payments WHERE loan_id = ? "
	    "AND kind IN ('payment', 'extension') AND status = 'succeeded'",
	    "t", l->id);
	return paid + l->interest_due;
}

/*
 * The body's amount for a payment to l: a whole number of kopecks, at
 * least 1 RUB and at most what is due today.  0, or -1 when the request
 * was answered (and its key released).
 */
int
pay_amount_check(struct req *r, const struct pay_loan *l, int64_t *amount)
{
	int64_t	due = pay_total_today(l);
	int	rc;

	if ((rc = int_member(r, "amount", amount)) != 0) {
		fail_field(r, "amount", rc == -1 ? "required" :
		    "not_an_integer");
		return -1;
	}
	if (*amount < 100) {
		idem_abort(r);
		http_problem(r, 422, "validation", "the amount is under 1 RUB",
		    json_pack("{s:[{s:s, s:s}]}", "errors", "field", "amount",
		    "code", "too_small"));
		return -1;
	}
	if (*amount > due) {
		idem_abort(r);
		http_problem(r, 422, "validation", "the amount is over what is "
		    "due today", json_pack("{s:[{s:s, s:s}], s:I}", "errors",
		    "field", "amount", "code", "over_due", "total_due",
		    (json_int_t)due));
		return -1;
	}
	return 0;
}

static int
route_pay(struct req *r)
{
	struct pay_loan	 l;
	const char	*card;
	int64_t		 amount;
	json_t		*split, *body;
	char		 id[48], psk[48];

	if (idem_begin(r))
		return 0;
	if (loan_and_card(r, &l, &card) != 0)
		return 0;
	if (pay_amount_check(r, &l, &amount) != 0)
		return 0;
	split = pay_card_charge(&l, amount, card, id, sizeof id);
	body = json_pack("{s:o, s:o, s:o, s:o, s:o}", "payment",
	    pay_payment_json(id), "split", split, "loan", lending_loan_json(l.id),
	    "due_today", pay_due_today(&l), "schedule", schedule_json(&l));
	if (strcmp(l.state, "closed") != 0) {
		/* The price did not change: the contract ПСК stays, and the
		 * cost in roubles is what the loan's interest comes to. */
		json_object_set_new(body, "psk_milli",
		    json_integer(pay_psk_milli(&l)));
		json_object_set_new(body, "psk", json_string(calc_psk_format(
		    pay_psk_milli(&l), psk, sizeof psk)));
	}
	json_object_set_new(body, "cost", json_integer(loan_cost(&l)));
	inbox_add(r->account.id, "payment_received", json_pack("{s:s, s:s,"
	    " s:I, s:b}", "loan_id", l.id, "payment_id", id, "amount",
	    (json_int_t)amount, "closed", strcmp(l.state, "closed") == 0));
	return pay_finish(r, body);
}

json_t *
pay_card_charge(struct pay_loan *l, int64_t amount, const char *card,
    char *id, size_t idlen)
{
	json_t		*split;
	int64_t		 seq;

	split = pay_split(l, amount, 0);
	if (l->principal_due + l->interest_due + l->penalty_due +
	    l->other_due == 0) {
		struct date today = date_from_time(sbclock_now());
		char	    d[DATE_FMT_LEN];

		snprintf(l->state, sizeof l->state, "closed");
		date_format_iso(&today, d, sizeof d);
		db_execf("UPDATE loans SET closed_on = ? WHERE id = ?", "tt",
		    d, l->id);
	}
	pay_loan_put(l);
	seq = pay_history_add(l->account_id, l->id, "payment", "succeeded",
	    amount, card, strcmp(l->state, "closed") == 0 ? "full repayment" :
	    "partial repayment", json_incref(split));
	payment_id_of(seq, id, idlen);
	events_append(l->account_id, "payment.updated", json_pack(
	    "{s:s, s:s, s:o}", "kind", "payment", "state", "succeeded",
	    "payment", pay_payment_json(id)));
	events_append(l->account_id, "loan.updated", json_pack("{s:o}",
	    "loan", lending_loan_json(l->id)));
	log_info("payment %s on %s: %s", id, l->id, l->state);
	return split;
}

/*
 * What an extension costs today: the interest for the days used and not
 * yet paid, and any penalty owed; never the service fees, never the
 * principal.  On the day of issue no day is used, so there is nothing to
 * extend: the loan can be repaid that day without interest
 * (doc/lender-api.md "Rules").
 */
static int64_t
extension_fee(const struct pay_loan *l)
{
	if (strcmp(l->state, "overdue") == 0)
		return l->interest_due + l->penalty_due;
	return pay_total_today(l) - l->principal_due - l->other_due;
}

static int
issued_today(const struct pay_loan *l)
{
	struct date	today = date_from_time(sbclock_now());

	return date_cmp(&today, &l->issued_on) <= 0;
}

static int
route_extend(struct req *r)
{
	struct pay_loan	 l;
	const char	*card;
	int64_t		 days, fee, interest, seq, room, psk;
	struct date	 today = date_from_time(sbclock_now()), from;
	json_t		*body, *split;
	char		 id[48], desc[64], pskbuf[24];
	int		 rc;

	if (idem_begin(r))
		return 0;
	if (loan_and_card(r, &l, &card) != 0)
		return 0;
	if ((rc = int_member(r, "days", &days)) != 0)
		return fail_field(r, "days", rc == -1 ? "required" :
		    "not_an_integer");
	if (days < 1 || days > EXTENSION_MAX_DAYS)
		return fail_field(r, "days", "out_of_range");
	if (l.term > 30)
		return fail(r, 409, "extension_not_allowed", "this loan "
		    "cannot be extended");
	if (l.extensions >= EXTENSIONS_PER_YEAR) {
		idem_abort(r);
		return http_problem(r, 409, "extension_limit", "a loan can "
		    "be extended at most 5 times in 12 months",
		    json_pack("{s:i}", "limit", EXTENSIONS_PER_YEAR));
	}
	if (issued_today(&l))
		return fail(r, 409, "extension_too_early", "the loan was issued "
		    "today: repay it today without interest, or extend it from "
		    "tomorrow");
	/* The fee pays the interest used and the penalty, in the legal
	 * order; never the principal. */
	fee = extension_fee(&l);
	split = pay_split(&l, fee, PAY_NO_PRINCIPAL);
	interest = calc_interest(l.principal_due, l.rate_bp, days);
	room = pay_loan_cap(&l) - l.charges;
	if (interest > room)
		interest = room > 0 ? room : 0;
	l.interest_due += interest;
	l.charges += interest;
	from = date_cmp(&l.due_on, &today) > 0 ? l.due_on : today;
	l.due_on = date_add_days(&from, (long)days);
	snprintf(l.state, sizeof l.state, "active");
	/* The price changed: the ПСК on the new schedule, checked. */
	psk = pay_psk_schedule(&l, fee - json_integer_value(json_object_get(
	    split, "penalty")));
	if (psk < 0 || psk > CALC_PSK_CAP_MILLI) {
		json_decref(split);
		idem_abort(r);
		return http_problem(r, 422, "psk_over_cap", "the extension "
		    "would take the full cost of the loan over 292 % a year",
		    json_pack("{s:I}", "psk_milli", (json_int_t)psk));
	}
	l.psk_milli = psk;
	l.extensions++;
	pay_loan_put(&l);
	snprintf(desc, sizeof desc, "extension by %d days", (int)days);
	seq = pay_history_add(r->account.id, l.id, "extension", "succeeded",
	    fee, card, desc, json_incref(split));
	payment_id_of(seq, id, sizeof id);
	if (interest > 0)
		pay_history_add(r->account.id, l.id, "interest", "charged",
		    interest, NULL, desc, NULL);
	loandocs_extension(&l, id, (int)days, fee, interest);
	body = json_pack("{s:o, s:o, s:I, s:o, s:o, s:i, s:I, s:s}",
	    "payment", pay_payment_json(id), "split", split,
	    "interest_charged", (json_int_t)interest,
	    "loan", lending_loan_json(l.id),
	    "schedule", schedule_json(&l),
	    "extensions_left", EXTENSIONS_PER_YEAR - l.extensions,
	    "psk_milli", (json_int_t)psk,
	    "psk", calc_psk_format(psk, pskbuf, sizeof pskbuf));
	events_append(r->account.id, "payment.updated", json_pack("{s:s, "
	    "s:s, s:o}", "kind", "extension", "state", "succeeded", "payment",
	    pay_payment_json(id)));
	events_append(r->account.id, "loan.updated", json_pack("{s:o}",
	    "loan", lending_loan_json(l.id)));
	log_info("loan %s extended by %d days", l.id, (int)days);
	return pay_finish(r, body);
}

/* GET /v1/loans/{id}/extension: what an extension would take. */
static int
route_extension_terms(struct req *r)
{
	struct pay_loan	l;

	if (pay_loan_get(r->arg[0], r->account.id, &l) != 0)
		return http_problem(r, 404, "loan_not_found", "no such loan",
		    NULL);
	pay_accrue(&l);
	return http_json(r, 200, json_pack("{s:b, s:i, s:i, s:i, s:I, s:I,"
	    " s:i}", "allowed", l.term <= 30 && strcmp(l.state, "closed") != 0
	    && l.extensions < EXTENSIONS_PER_YEAR && !issued_today(&l),
	    "limit_per_year", EXTENSIONS_PER_YEAR,
	    "used_this_year", l.extensions,
	    "max_days", EXTENSION_MAX_DAYS,
	    "to_pay", (json_int_t)extension_fee(&l),
	    "interest_per_day", (json_int_t)calc_interest(l.principal_due,
	    l.rate_bp, 1), "rate_bp_per_day", l.rate_bp));
}

/* GET /v1/loans/{id}/due: the loan and what is due today, split. */
static int
route_due(struct req *r)
{
	struct pay_loan	l;

	if (pay_loan_get(r->arg[0], r->account.id, &l) != 0)
		return http_problem(r, 404, "loan_not_found", "no such loan",
		    NULL);
	return http_json(r, 200, pay_due_json(&l));
}

/* ---- history ---- */

static int
parse_day(const char *s, int64_t *t, int end)
{
	struct date	d;

	if (date_parse(s, &d) != DATE_OK)
		return -1;
	/* Midnight in Moscow (UTC+3) of that day, or of the next. */
	*t = (int64_t)(date_to_days(&d) + (end ? 1 : 0)) * 86400 - 3 * 3600;
	return 0;
}

/* The filters every history query shares, and their parameters. */
struct hist_filter {
	const char	*account, *kind, *q;
	char		*like;
	int64_t		 from, to;
};

static void
hist_where(struct buf *sql, const struct hist_filter *hf)
{
	buf_adds(sql, " WHERE account_id = ? AND at >= ? AND at < ?");
	if (hf->kind != NULL)
		buf_adds(sql, " AND kind = ?");
	if (hf->q != NULL)
		buf_adds(sql, " AND (description LIKE ? ESCAPE '\\' OR id = ?"
		    " OR CAST(amount / 100 AS TEXT) = ?)");
}

static int
hist_bind(sqlite3_stmt *st, const struct hist_filter *hf)
{
	int	i;

	i = db_bindf(st, 1, "tii", hf->account, hf->from, hf->to);
	if (hf->kind != NULL)
		i = db_bindf(st, i, "t", hf->kind);
	if (hf->q != NULL)
		i = db_bindf(st, i, "ttt", hf->like, hf->q, hf->q);
	return i;
}

/* Entries matching the filters, and of those the ones newer than the
 * key (at, seq): the index of the first entry after it. */
static int64_t
hist_count(const struct hist_filter *hf, int64_t at, int64_t seq)
{
	struct buf	 sql = BUF_INIT;
	sqlite3_stmt	*st;
	int64_t		 n = 0;
	int		 i;

	buf_adds(&sql, "SELECT COUNT(*) FROM payments");
	hist_where(&sql, hf);
	if (at != INT64_MAX)
		buf_adds(&sql, " AND (at > ? OR (at = ? AND seq >= ?))");
	st = db_prepare(sql.data);
	i = hist_bind(st, hf);
	if (at != INT64_MAX)
		db_bindf(st, i, "iii", at, at, seq);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	buf_release(&sql);
	return n;
}

/*
 * A page of the history, newest first.  Three ways in: a cursor (the
 * page after the one that gave it), an offset (any page at once: the
 * last one, for End), or on_or_before (the page that begins at the
 * newest entry of that day or before).  Every page says where it is
 * (offset) in how many (total), so a client can show its position and
 * reach the last entry in one request.
 */
static int
route_history(struct req *r)
{
	const char	*cur = http_query(r, "cursor"), *lim = http_query(r,
			    "limit"), *from = http_query(r, "from"), *to =
			    http_query(r, "to"), *kind = http_query(r, "kind"),
			    *q = http_query(r, "q"), *off = http_query(r,
			    "offset"), *before = http_query(r, "on_or_before");
	int64_t		 limit = 50, offset = -1, first, total, anchor;
	long long	 cat = INT64_MAX, cseq = INT64_MAX;
	struct hist_filter hf = { r->account.id, kind, NULL, NULL, INT64_MIN,
			    INT64_MAX };
	struct buf	 sql = BUF_INIT, like = BUF_INIT;
	sqlite3_stmt	*st;
	json_t		*items = json_array(), *body, *p;
	char		*s, hash[65], etag[24], id[48], next[48];
	const char	*h[] = { "ETag", etag, NULL };
	int		 n = 0, i, bad;
	int64_t		 last_at = 0, last_seq = 0;
	char		*end;

	if (lim != NULL) {
		limit = strtoll(lim, &end, 10);
		if (*lim == '\0' || *end != '\0' || limit < 1 ||
		    limit > HISTORY_PAGE_MAX) {
			json_decref(items);
			return http_validation(r, "limit", "out_of_range");
		}
	}
	if (off != NULL) {
		errno = 0;
		offset = strtoll(off, &end, 10);
		if (*off == '\0' || *end != '\0' || errno != 0 || offset < 0 ||
		    offset > INT32_MAX || cur != NULL || before != NULL) {
			json_decref(items);
			return http_validation(r, "offset", cur != NULL ||
			    before != NULL ? "conflict" : "out_of_range");
		}
	}
	if (cur != NULL && sscanf(cur, "%lld_%lld", &cat, &cseq) != 2) {
		json_decref(items);
		return http_validation(r, "cursor", "invalid_cursor");
	}
	if (before != NULL) {
		if (cur != NULL) {
			json_decref(items);
			return http_validation(r, "on_or_before", "conflict");
		}
		if (parse_day(before, &anchor, 1) != 0) {
			json_decref(items);
			return http_validation(r, "on_or_before",
			    "invalid_date");
		}
		cat = anchor;
		cseq = INT64_MAX;
	}
	if ((bad = from != NULL && parse_day(from, &hf.from, 0) != 0) ||
	    (to != NULL && parse_day(to, &hf.to, 1) != 0)) {
		json_decref(items);
		return http_validation(r, bad ? "from" : "to", "invalid_date");
	}
	if (kind != NULL && strcmp(kind, "payment") != 0 && strcmp(kind,
	    "extension") != 0 && strcmp(kind, "interest") != 0 &&
	    strcmp(kind, "penalty") != 0 && strcmp(kind, "service") != 0 &&
	    strcmp(kind, "refund") != 0 &&
	    strcmp(kind, "disbursement") != 0) {
		json_decref(items);
		return http_validation(r, "kind", "invalid_kind");
	}
	if (q != NULL && *q != '\0') {
		buf_addch(&like, '%');
		for (s = (char *)q; *s != '\0'; s++) {
			if (*s == '%' || *s == '_' || *s == '\\')
				buf_addch(&like, '\\');
			buf_addch(&like, *s);
		}
		buf_addch(&like, '%');
		hf.q = q;
		hf.like = like.data;
	}
	pay_history_sync(r->account.id);
	total = hist_count(&hf, INT64_MAX, 0);
	first = offset >= 0 ? offset : cat == INT64_MAX ? 0 :
	    hist_count(&hf, cat, cseq);
	buf_adds(&sql, "SELECT id, at, seq FROM payments");
	hist_where(&sql, &hf);
	buf_adds(&sql, " AND (at < ? OR (at = ? AND seq < ?))"
	    " ORDER BY at DESC, seq DESC LIMIT ? OFFSET ?");
	st = db_prepare(sql.data);
	i = hist_bind(st, &hf);
	db_bindf(st, i, "iiiii", (int64_t)cat, (int64_t)cat, (int64_t)cseq,
	    limit + 1, offset >= 0 ? offset : (int64_t)0);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == limit) {
			n++;
			break;
		}
		snprintf(id, sizeof id, "%s", sqlite3_column_text(st, 0));
		last_at = sqlite3_column_int64(st, 1);
		last_seq = sqlite3_column_int64(st, 2);
		if ((p = pay_payment_json(id)) != NULL)
			json_array_append_new(items, p);
		n++;
	}
	sqlite3_finalize(st);
	buf_release(&sql);
	buf_release(&like);
	snprintf(next, sizeof next, "%lld_%lld", (long long)last_at,
	    (long long)last_seq);
	body = json_pack("{s:o, s:s?, s:I, s:I}", "items", items,
	    "next_cursor", n > limit ? next : NULL, "offset",
	    (json_int_t)first, "total", (json_int_t)total);
	s = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	auth_sha256_hex(s, hash);
	free(s);
	snprintf(etag, sizeof etag, "\"%.16s\"", hash);
	if (http_header(r, "If-None-Match") != NULL &&
	    strstr(http_header(r, "If-None-Match"), etag) != NULL) {
		json_decref(body);
		return http_empty(r, 304, h);
	}
	return http_json_headers(r, 200, body, h);
}

/* ---- services ---- */

static int
route_services(struct req *r)
{
	json_t	*b = services_json(r->account.id);

	json_object_set_new(b, "charges_cap_percent",
	    json_integer(CALC_CHARGES_CAP_PERCENT));
	json_object_set_new(b, "enabled_cost",
	    json_integer(services_cost(r->account.id)));
	return http_json(r, 200, b);
}

static int
route_service_set(struct req *r)
{
	const struct service *s = services_find(r->arg[0]);
	json_t		*on = json_object_get(r->json, "enabled");
	char		 chid[48];
	time_t		 until;

	if (s == NULL)
		return http_problem(r, 404, "service_not_found",
		    "no such service", NULL);
	if (!json_is_boolean(on))
		return http_validation(r, "enabled", "required");
	if ((until = challenge_locked_until(r->account.phone, "service"))
	    != 0)
		return http_codes_locked(r, until);
	if (challenge_create("service", r->account.id, r->account.phone,
	    json_pack("{s:s, s:b, s:s, s:I}", "service", s->id, "enabled",
	    json_is_true(on), "title", s->title, "amount",
	    (json_int_t)s->price), chid, sizeof chid, &until) != 0)
		return http_rate_limited(r, "sms", (long)(until - sbclock_now()));
	return http_json(r, 202, json_pack("{s:o}", "challenge",
	    challenge_json(chid)));
}

/*
 * A service switched off within the cooling-off period (353-FZ art. 7
 * parts 2.7–2.8: COOLING_OFF_DAYS since it was switched on) is refunded:
 * what is still owed of its fee is cancelled, what was paid goes back to
 * the card, and the refund is a history entry.
 */
static void
service_refund(const struct account *a, struct pay_loan *l,
    const struct service *s)
{
	sqlite3_stmt	*st;
	int64_t		 since = 0, cancel, back;
	int		 charged = 0;
	char		 desc[160];

	st = db_queryf("SELECT changed_at, (SELECT COUNT(*) FROM payments "
	    "WHERE loan_id = ? AND kind = 'service' AND status = 'charged' "
	    "AND description = ?) FROM account_services WHERE account_id = ? "
	    "AND service_id = ? AND enabled = 1", "tttt", l->id, s->title,
	    a->id, s->id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		since = sqlite3_column_int64(st, 0);
		charged = sqlite3_column_int(st, 1) > 0;
	}
	sqlite3_finalize(st);
	if (!charged || sbclock_now() - since > COOLING_OFF_DAYS * 86400)
		return;
	cancel = l->other_due < s->price ? l->other_due : s->price;
	back = s->price - cancel;
	l->other_due -= cancel;
	l->charges -= s->price;
	pay_loan_put(l);
	snprintf(desc, sizeof desc, "%s: refund (cooling-off)", s->title);
	pay_history_add(a->id, l->id, "refund", "succeeded", s->price,
	    back > 0 ? l->card_id : NULL, desc, json_pack("{s:I, s:I}",
	    "cancelled", (json_int_t)cancel, "returned", (json_int_t)back));
	events_append(a->id, "loan.updated", json_pack("{s:o}", "loan",
	    lending_loan_json(l->id)));
}

int
pay_complete_service(struct req *r, const struct account *a, json_t *data)
{
	const struct service *s = services_find(json_string_value(
	    json_object_get(data, "service")));
	int		 on = json_is_true(json_object_get(data, "enabled"));
	sqlite3_stmt	*st;
	struct pay_loan	 l;
	int		 have = 0;
	json_t		*b;

	if (s == NULL)
		return http_problem(r, 404, "service_not_found",
		    "no such service", NULL);
	/* A paid service switched on while a loan is open is a charge on
	 * it, within the 100 % cap. */
	st = db_queryf("SELECT id FROM loans WHERE account_id = ? AND state "
	    "IN ('active', 'overdue') LIMIT 1", "t", a->id);
	if (sqlite3_step(st) == SQLITE_ROW)
		have = pay_loan_get((const char *)sqlite3_column_text(st, 0),
		    NULL, &l) == 0;
	sqlite3_finalize(st);
	if (on && have && !services_enabled(a->id, s->id)) {
		pay_accrue(&l);
		if (l.charges + s->price > pay_loan_cap(&l))
			return http_problem(r, 422, "charges_cap", "the "
			    "service would take the loan's charges over 100 % "
			    "of the principal", NULL);
		/* An "other payment" (353-FZ art. 5 part 20), not interest:
		 * its own line, last in the order a payment pays. */
		l.charges += s->price;
		l.other_due += s->price;
		pay_loan_put(&l);
		pay_history_add(a->id, l.id, "service", "charged", s->price,
		    NULL, s->title, NULL);
		events_append(a->id, "loan.updated", json_pack("{s:o}",
		    "loan", lending_loan_json(l.id)));
	} else if (!on && have && services_enabled(a->id, s->id))
		service_refund(a, &l, s);
	services_set(a->id, s->id, on);
	b = services_json(a->id);
	json_object_set_new(b, "service", json_pack("{s:s, s:b}", "id",
	    s->id, "enabled", on));
	return http_json(r, 200, b);
}

/* ---- sandbox controls ---- */

static int
route_seed_history(struct req *r)
{
	const char	*in = http_str(r, "phone");
	char		 phone[PHONE_LEN + 1], id[48], d[DATE_FMT_LEN];
	static const char *const kinds[] = { "payment", "interest",
	    "penalty", "service", "extension" };
	struct account	 a;
	int64_t		 count, i, at;
	struct date	 day;

	if (in == NULL || phone_normalize(in, phone) != PHONE_OK)
		return http_validation(r, "phone", "invalid_phone");
	if (auth_account_by_phone(phone, &a) != 0)
		return http_problem(r, 404, "account_not_found",
		    "no such account", NULL);
	if (int_member(r, "count", &count) != 0 || count < 1 ||
	    count > 100000)
		return http_validation(r, "count", "out_of_range");
	sqlite3_exec(db_handle(), "BEGIN", NULL, NULL, NULL);
	for (i = 0; i < count; i++) {
		/* One entry an hour going back from a day ago. */
		at = (int64_t)sbclock_now() - 86400 - i * 3600;
		day = date_from_time((time_t)at);
		date_format_iso(&day, d, sizeof d);
		snprintf(id, sizeof id, "pm_h%06lld", (long long)i);
		db_execf("INSERT OR IGNORE INTO payments (id, account_id, "
		    "loan_id, kind, status, amount, description, on_date, at) "
		    "VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?)", "tttti" "tti", id,
		    a.id, kinds[i % 5], i % 7 == 6 ? "failed" : (i % 5 == 1 ||
		    i % 5 == 2 || i % 5 == 3) ? "charged" : "succeeded",
		    (int64_t)(10000 + (i * 7919) % 500000),
		    i % 5 == 0 ? "history entry" : "archived charge", d, at);
	}
	sqlite3_exec(db_handle(), "COMMIT", NULL, NULL, NULL);
	return http_json(r, 201, json_pack("{s:I}", "count",
	    (json_int_t)count));
}

static int
route_hold(struct req *r)
{
	int64_t	ms;

	if (int_member(r, "ms", &ms) != 0 || ms < 0 || ms > HOLD_MAX_MS)
		return http_validation(r, "ms", "out_of_range");
	idem_set_hold((long)ms);
	return http_json(r, 200, json_pack("{s:I}", "ms", (json_int_t)ms));
}

const struct route routes_payments[] = {
	{ "POST", "/v1/cards", route_card_add,
	  R_NEEDS_AUTH | R_JSON | R_MONEY },
	{ "GET", "/v1/cards/default", route_card_get_default, R_NEEDS_AUTH },
	{ "DELETE", "/v1/cards/*", route_card_remove, R_NEEDS_AUTH },
	{ "POST", "/v1/cards/*/default", route_card_default,
	  R_NEEDS_AUTH | R_JSON },
	{ "POST", "/v1/loans/*/payments", route_pay,
	  R_NEEDS_AUTH | R_JSON | R_MONEY },
	{ "GET", "/v1/loans/*/due", route_due, R_NEEDS_AUTH },
	{ "GET", "/v1/loans/*/extension", route_extension_terms,
	  R_NEEDS_AUTH },
	{ "POST", "/v1/loans/*/extension", route_extend,
	  R_NEEDS_AUTH | R_JSON | R_MONEY },
	{ "GET", "/v1/payments", route_history, R_NEEDS_AUTH },
	{ "GET", "/v1/services", route_services, R_NEEDS_AUTH },
	{ "PUT", "/v1/services/*", route_service_set,
	  R_NEEDS_AUTH | R_JSON | R_MONEY },
	{ "POST", "/sandbox/history", route_seed_history,
	  R_SANDBOX | R_JSON },
	{ "POST", "/sandbox/payments/hold", route_hold, R_SANDBOX | R_JSON },
	{ NULL, NULL, NULL, 0 },
};
