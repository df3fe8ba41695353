/*
 * autopay.c — автоплатёж: the borrower's separate consent to a charge of
 * the default card on the loan's due date (its own document, signed with
 * an SMS code, withdrawn at any time without one), and the charges.
 *
 * On the due date by the sandbox clock (the Moscow calendar) the lender
 * charges what is due then, split in the legal order as any card payment.
 * A declined charge is tried once more AUTOPAY_RETRY_SECONDS (a day)
 * later; a second decline ends it for that due date, and the borrower
 * pays by hand.  Each try is a row of autopay_attempts, unique per loan,
 * due date and try, written in the same transaction as its charge: a
 * clock moved twice, a restart or a second tick finds the row and charges
 * nothing.  Callers hold sb_lock().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/date.h"
#include "kabinet/log.h"
#include "sandbox.h"

#define AUTOPAY_DOC	"autopay"

static int
autopay_enabled(const char *account_id)
{
	return db_existsf("SELECT 1 FROM autopay WHERE account_id = ? AND "
	    "enabled = 1", "t", account_id);
}

/* A card as the borrower sees it (no holder), or null. */
static json_t *
masked_card(const char *card_id)
{
	json_t	*c;

	if (card_id == NULL || *card_id == '\0')
		return json_null();
	c = lending_card_json(card_id);
	if (json_is_object(c))
		json_object_del(c, "holder");
	return c;
}

/* The open loan of an account, accrued to today: 0, or -1 if none. */
static int
open_loan(const char *account_id, struct pay_loan *l)
{
	sqlite3_stmt	*st;
	int		 rc = -1;

	st = db_queryf("SELECT id FROM loans WHERE account_id = ? AND state "
	    "IN ('active', 'overdue') ORDER BY created_at LIMIT 1", "t",
	    account_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = pay_loan_get((const char *)sqlite3_column_text(st, 0),
		    NULL, l);
	sqlite3_finalize(st);
	if (rc == 0)
		pay_accrue(l);
	return rc;
}

/*
 * Which try is owed for the loan's due date now: 1 or 2, or 0 for none
 * (not yet due, charged, or both tries spent); *retry_at is when try 2
 * falls due after a decline (0 otherwise).
 */
static int
try_owed(const struct pay_loan *l, time_t now, time_t *retry_at)
{
	struct date	 today = date_from_time(now);
	char		 due[DATE_FMT_LEN];
	sqlite3_stmt	*st;
	int		 n = 0, failed = 0, ok = 0;
	time_t		 last = 0;

	*retry_at = 0;
	date_format_iso(&l->due_on, due, sizeof due);
	st = db_queryf("SELECT attempt, status, at FROM autopay_attempts "
	    "WHERE loan_id = ? AND due_on = ? ORDER BY attempt", "tt", l->id,
	    due);
	while (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int(st, 0);
		if (strcmp((const char *)sqlite3_column_text(st, 1),
		    "succeeded") == 0)
			ok = 1;
		else
			failed = 1;
		last = (time_t)sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (ok || n >= 2)
		return 0;
	if (n == 1 && failed) {
		*retry_at = last + AUTOPAY_RETRY_SECONDS;
		return now >= *retry_at ? 2 : 0;
	}
	return date_cmp(&today, &l->due_on) >= 0 ? 1 : 0;
}

/* What the charge will be: what is due today once the due date has
 * come, else all that is due on it. */
static int64_t
amount_then(const struct pay_loan *l)
{
	struct date	today = date_from_time(sbclock_now());

	if (date_cmp(&today, &l->due_on) >= 0)
		return pay_total_today(l);
	return l->principal_due + l->interest_due + l->penalty_due +
	    l->other_due;
}

/* The autopay state of an account (new ref). */
static json_t *
autopay_json(const char *account_id)
{
	sqlite3_stmt	*st;
	const char	*text, *title, *version;
	char		 card[48], hash[65], due[DATE_FMT_LEN];
	json_t		*j, *next = json_null();
	struct pay_loan	 l;
	time_t		 retry_at, changed = 0;
	int		 on = 0, owed;

	st = db_queryf("SELECT enabled, changed_at FROM autopay WHERE "
	    "account_id = ?", "t", account_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		on = sqlite3_column_int(st, 0);
		changed = (time_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	text = lending_document_version(AUTOPAY_DOC, &title, &version);
	auth_sha256_hex(text, hash);
	pay_default_card(account_id, card, sizeof card);
	if (on && open_loan(account_id, &l) == 0) {
		owed = try_owed(&l, sbclock_now(), &retry_at);
		date_format_iso(&l.due_on, due, sizeof due);
		if (owed != 0 || retry_at != 0 || !db_existsf("SELECT 1 FROM "
		    "autopay_attempts WHERE loan_id = ? AND due_on = ?", "tt",
		    l.id, due))
			next = json_pack("{s:s, s:s, s:I, s:i, s:o*}",
			    "loan_id", l.id, "due_on", due, "amount",
			    (json_int_t)amount_then(&l), "attempt",
			    retry_at != 0 ? 2 : 1, "retry_at", retry_at != 0 ?
			    sbclock_json(retry_at) : NULL);
	}
	j = json_pack("{s:b, s:o, s:o, s:o, s:{s:s, s:s, s:s, s:s}}",
	    "enabled", on, "changed_at", changed != 0 ? sbclock_json(changed)
	    : json_null(), "card", masked_card(card), "next_charge", next,
	    "document", "id", AUTOPAY_DOC, "title", title, "version", version,
	    "sha256", hash);
	return j;
}

/* ---- the charges ---- */

/* One card decline the sandbox was told to make (POST
 * /sandbox/cards/{id}/declines), used up; 1 if the charge is declined. */
static int
card_declines(const char *card_id)
{
	return db_execf("UPDATE cards SET declines_left = declines_left - 1 "
	    "WHERE id = ? AND declines_left > 0", "t", card_id) > 0;
}

static void
notify(const struct pay_loan *l, const char *result, int attempt,
    int64_t amount, const char *card, const char *payment_id,
    const char *reason, time_t retry_at)
{
	char	due[DATE_FMT_LEN];

	date_format_iso(&l->due_on, due, sizeof due);
	/* In the borrower's inbox, and as the live state of autopay. */
	inbox_add(l->account_id, strcmp(result, "charged") == 0 ?
	    "autopay_charged" : "autopay_failed", json_pack("{s:s, s:s?, "
	    "s:I, s:i, s:s?, s:b}", "loan_id", l->id, "payment_id",
	    payment_id, "amount", (json_int_t)amount, "attempt", attempt,
	    "reason", reason, "retry", retry_at != 0));
	events_append(l->account_id, "autopay.updated", json_pack(
	    "{s:s, s:s, s:s, s:i, s:I, s:o, s:s?, s:s?, s:o}",
	    "result", result, "loan_id", l->id, "due_on", due,
	    "attempt", attempt, "amount", (json_int_t)amount,
	    "card", masked_card(card), "payment_id", payment_id,
	    "reason", reason,
	    "retry_at", retry_at != 0 ? sbclock_json(retry_at) : json_null()));
}

/* Makes try number attempt on l: the charge and its row, at once. */
static void
charge(struct pay_loan *l, int attempt, time_t now)
{
	char		 card[48] = "", pid[48] = "", due[DATE_FMT_LEN];
	const char	*reason = NULL;
	int64_t		 amount = pay_total_today(l);
	json_t		*split;

	date_format_iso(&l->due_on, due, sizeof due);
	if (amount <= 0)
		return;
	if (sqlite3_exec(db_handle(), "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return;
	/* The row first: if it is there already, nothing is charged. */
	if (db_execf("INSERT OR IGNORE INTO autopay_attempts (account_id, "
	    "loan_id, due_on, attempt, status, amount, at) VALUES (?, ?, ?, "
	    "?, 'failed', ?, ?)", "ttti" "ii", l->account_id, l->id, due,
	    (int64_t)attempt, amount, (int64_t)now) != 1) {
		sqlite3_exec(db_handle(), "ROLLBACK", NULL, NULL, NULL);
		return;
	}
	if (pay_default_card(l->account_id, card, sizeof card) != 0)
		reason = "no_card";
	else if (card_declines(card))
		reason = "card_declined";
	if (reason == NULL) {
		split = pay_card_charge(l, amount, card, pid, sizeof pid);
		json_decref(split);
	}
	db_execf("UPDATE autopay_attempts SET status = ?, card_id = ?, "
	    "payment_id = ?, reason = ? WHERE loan_id = ? AND due_on = ? AND "
	    "attempt = ?", "tttttti", reason == NULL ? "succeeded" : "failed",
	    card[0] != '\0' ? card : NULL, pid[0] != '\0' ? pid : NULL, reason,
	    l->id, due, (int64_t)attempt);
	notify(l, reason == NULL ? "charged" : "failed", attempt, amount, card,
	    pid[0] != '\0' ? pid : NULL, reason, reason != NULL &&
	    attempt == 1 ? now + AUTOPAY_RETRY_SECONDS : 0);
	if (sqlite3_exec(db_handle(), "COMMIT", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		log_warnx("%s", sqlite3_errmsg(db_handle()));
		sqlite3_exec(db_handle(), "ROLLBACK", NULL, NULL, NULL);
		return;
	}
	if (reason == NULL)
		log_info("autopay: loan %s charged (try %d)", l->id, attempt);
	else
		log_info("autopay: loan %s not charged (try %d): %s", l->id,
		    attempt, reason);
}

static void
tick_one(struct pay_loan *l, void *arg)
{
	time_t	now = *(time_t *)arg, retry_at;
	int	owed;

	if (!autopay_enabled(l->account_id))
		return;
	pay_accrue(l);
	if ((owed = try_owed(l, now, &retry_at)) != 0)
		charge(l, owed, now);
}

void
autopay_tick(void)
{
	time_t	now = sbclock_now();

	pay_each_open_loan(tick_one, &now);
}

/* ---- routes ---- */

static int
route_autopay_get(struct req *r)
{
	return http_json(r, 200, json_pack("{s:o}", "autopay",
	    autopay_json(r->account.id)));
}

/* On with the signature that consented, or off (a withdrawal). */
static void
autopay_set(const char *account_id, int on, int64_t signature_id)
{
	db_execf("INSERT INTO autopay (account_id, enabled, changed_at) "
	    "VALUES (?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET enabled "
	    "= excluded.enabled, changed_at = excluded.changed_at", "tii",
	    account_id, (int64_t)on, (int64_t)sbclock_now());
	if (on)
		db_execf("UPDATE autopay SET signature_id = ? WHERE account_id "
		    "= ?", "it", signature_id, account_id);
}

/*
 * PUT /v1/autopay {enabled, document_sha256}: on needs the borrower's
 * signature of the consent's text (the SHA-256 of the text shown) by SMS
 * code: 202 {challenge}; off is a withdrawal, at once and without a code.
 */
static int
route_autopay_put(struct req *r)
{
	json_t		*on = json_object_get(r->json, "enabled");
	const char	*sha = http_str(r, "document_sha256");
	const char	*text, *version;
	char		 hash[65], chid[48], card[48];
	json_t		*c, *data;
	time_t		 until;

	if (!json_is_boolean(on))
		return http_validation(r, "enabled", "required");
	if (!json_is_true(on)) {
		if (autopay_enabled(r->account.id)) {
			autopay_set(r->account.id, 0, 0);
			log_info("autopay withdrawn by %s", r->account.id);
		}
		return route_autopay_get(r);
	}
	if (autopay_enabled(r->account.id))
		return route_autopay_get(r);
	/* Withdrawing is always allowed; a new charge is money. */
	if (r->account.restricted)
		return http_problem(r, 403, "account_restricted",
		    "confirm the new phone number first", NULL);
	if (sha == NULL || *sha == '\0')
		return http_validation(r, "document_sha256", "required");
	text = lending_document_version(AUTOPAY_DOC, NULL, &version);
	lending_text_keep(text, hash);
	if (strcmp(hash, sha) != 0)
		return http_problem(r, 409, "document_changed", "the consent's "
		    "text has changed; show it again", NULL);
	if ((until = challenge_locked_until(r->account.phone, "autopay"))
	    != 0)
		return http_codes_locked(r, until);
	/* The SMS names the card the charges will come from. */
	if (pay_default_card(r->account.id, card, sizeof card) != 0)
		return http_problem(r, 409, "no_card", "link a card first: "
		    "autopay charges the default card", NULL);
	c = lending_card_json(card);
	data = json_pack("{s:s, s:s, s:s, s:s?}", "document_id", AUTOPAY_DOC,
	    "document_version", version, "document_hash", hash, "last4",
	    json_string_value(json_object_get(c, "last4")));
	json_decref(c);
	if (challenge_create("autopay", r->account.id, r->account.phone,
	    data, chid, sizeof chid, &until) != 0)
		return http_rate_limited(r, "sms", (long)(until - sbclock_now()));
	return http_json(r, 202, json_pack("{s:o}", "challenge",
	    challenge_json(chid)));
}

/* The code was right: the signature goes on the record (63-FZ art. 9:
 * what, which version and text, when, which phone, which challenge) and
 * autopay is on. */
int
autopay_complete(struct req *r, const struct account *a, json_t *data)
{
	const char	*ver = json_string_value(json_object_get(data,
			    "document_version"));
	const char	*hash = json_string_value(json_object_get(data,
			    "document_hash"));
	const char	*chid = json_string_value(json_object_get(data,
			    "challenge_id"));

	if (ver == NULL || hash == NULL || chid == NULL)
		return http_problem(r, 500, "internal", "bad challenge", NULL);
	if (!autopay_enabled(a->id)) {
		db_execf("INSERT INTO signatures (account_id, application_id, "
		    "document_id, document_version, document_sha256, "
		    "signed_at, phone, challenge_id) VALUES (?, NULL, ?, ?, ?, "
		    "?, ?, ?)", "tttt" "itt", a->id, AUTOPAY_DOC, ver, hash,
		    (int64_t)sbclock_now(), a->phone, chid);
		autopay_set(a->id, 1, sqlite3_last_insert_rowid(db_handle()));
		log_info("autopay switched on by %s", a->id);
		/* Switched on on (or after) the due date: charged now. */
		autopay_tick();
	}
	/* The verify route has no bearer: the challenge says whose. */
	return http_json(r, 200, json_pack("{s:o}", "autopay",
	    autopay_json(a->id)));
}

/* POST /sandbox/cards/{id}/declines {count}: the card's next count
 * charges by the lender (autopay) are declined, as a bank would for want
 * of funds. */
static int
route_declines(struct req *r)
{
	json_t	*v = json_object_get(r->json, "count");

	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 100)
		return http_validation(r, "count", "out_of_range");
	if (db_execf("UPDATE cards SET declines_left = ? WHERE id = ? AND "
	    "removed_at IS NULL", "it", (int64_t)json_integer_value(v),
	    r->arg[0]) != 1)
		return http_problem(r, 404, "card_not_found", "no such card",
		    NULL);
	return http_json(r, 200, json_pack("{s:s, s:I}", "card_id", r->arg[0],
	    "declines_left", json_integer_value(v)));
}

const struct route routes_autopay[] = {
	{ "GET", "/v1/autopay", route_autopay_get, R_NEEDS_AUTH },
	{ "PUT", "/v1/autopay", route_autopay_put, R_NEEDS_AUTH | R_JSON },
	{ "POST", "/sandbox/cards/*/declines", route_declines,
	  R_SANDBOX | R_JSON },
	{ NULL, NULL, NULL, 0 },
};
