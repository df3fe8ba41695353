/*
 * routes_operator.c — /v1/operator/…: sign-in with a TOTP second factor,
 * client search and card (masked), identity check, phone change confirmed
 * by SMS to the new number, password reset, the audit log; and the
 * borrower's side of a changed phone, POST /v1/profile/phone/confirm.
 *
 * Every operator action is appended to the audit log with its outcome.
 * Answers never carry a passport, a full phone number or a full name.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/date.h"
#include "kabinet/log.h"
#include "kabinet/passport.h"
#include "kabinet/phone.h"
#include "kabinet/utf8.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

#define OP_LOGIN_PER_MINUTE	10
#define OP_LOGIN_MAX		64
#define SEARCH_MAX		20
#define AUDIT_PAGE		50
#define AUDIT_PAGE_MAX		500

static void
failure_key(const char *login, char *key, size_t len)
{
	snprintf(key, len, "operator:%s", login);
}

/* ---- sign-in ---- */

static int
route_login(struct req *r)
{
	struct operator	 op;
	const char	*login, *pw;
	char		*hash, key[96], id[48], rl[96];
	time_t		 until;
	long		 wait;
	int		 found, ok;

	snprintf(rl, sizeof rl, "oplogin:%s", r->remote);
	if ((wait = ratelimit_hit(rl, OP_LOGIN_PER_MINUTE, 60)) != 0)
		return http_rate_limited(r, "operator_login", wait);
	if ((login = http_str(r, "login")) == NULL || *login == '\0' ||
	    strlen(login) > OP_LOGIN_MAX)
		return http_validation(r, "login", "required");
	if ((pw = http_str(r, "password")) == NULL || *pw == '\0')
		return http_validation(r, "password", "required");
	failure_key(login, key, sizeof key);
	if ((until = auth_locked_until(key)) != 0)
		return auth_answer_locked(r, until);
	found = operator_by_login(login, &op) == 0;
	hash = found ? operator_password_hash(login) : NULL;
	ok = hash != NULL && auth_check_password(pw, hash);
	free(hash);
	if (!ok) {
		if (found)
			operator_audit(login, NULL, "login", "wrong_password");
		return auth_answer_refused(r, key, "wrong login or password");
	}
	auth_login_succeeded(key);
	if ((until = challenge_locked_until(key, "operator_login")) != 0)
		return http_locked(r, "too_many_attempts", until,
		    "too many wrong codes; try again later");
	if (operator_challenge_create(login, id, sizeof id) != 0)
		return http_problem(r, 500, "internal", "cannot store", NULL);
	return http_json(r, 202, json_pack("{s:o}", "challenge",
	    operator_challenge_json(id)));
}

/* The route's '*' took what follows "tc_". */
static const char *
totp_challenge_id(struct req *r, char *id, size_t len)
{
	snprintf(id, len, "tc_%s", r->arg[0]);
	return id;
}

static int
route_totp_verify(struct req *r)
{
	struct operator	 op;
	const char	*code = http_str(r, "code");
	enum ch_result	 res;
	time_t		 until;
	char		 id[160];
	int		 left;

	if (code == NULL || *code == '\0')
		return http_validation(r, "code", "required");
	res = operator_challenge_verify(totp_challenge_id(r, id, sizeof id),
	    code, &left, &until, &op);
	switch (res) {
	case CH_OK:
		operator_audit(op.login, NULL, "login", "ok");
		return http_json(r, 200, operator_session_create(&op));
	case CH_EXPIRED:
		return http_problem(r, 410, "challenge_expired",
		    "the code has expired; start again", NULL);
	case CH_WRONG_CODE:
		return http_problem(r, 422, "wrong_code", "wrong code",
		    json_pack("{s:i}", "attempts_left", left));
	case CH_TOO_MANY:
		return http_locked(r, "too_many_attempts", until,
		    "too many wrong codes; try again later");
	default:
		return http_problem(r, 404, "challenge_not_found",
		    "no such pending challenge", NULL);
	}
}

static int
route_totp_resend(struct req *r)
{
	json_t	*ch;
	char	 id[160];

	if ((ch = operator_challenge_json(totp_challenge_id(r, id,
	    sizeof id))) == NULL)
		return http_problem(r, 404, "challenge_not_found",
		    "no such pending challenge", NULL);
	json_decref(ch);
	return http_problem(r, 409, "not_resendable",
	    "an authenticator code is not sent; read the current one", NULL);
}

static int
route_logout(struct req *r)
{
	operator_session_revoke(r->op.session_id);
	operator_audit(r->op.login, NULL, "logout", "ok");
	return http_empty(r, 204, NULL);
}

static int
route_me(struct req *r)
{
	return http_json(r, 200, json_pack("{s:{s:s, s:s, s:s}}",
	    "operator", "login", r->op.login, "name", r->op.name,
	    "role", r->op.role));
}

/* ---- clients ---- */

/* The first UTF-8 character of s into out (>= 5 bytes). */
static void
initial(const char *s, char *out)
{
	size_t	n;

	out[0] = '\0';
	if (s == NULL || *s == '\0')
		return;
	utf8_decode(s, strlen(s), &n);
	memcpy(out, s, n);
	out[n] = '\0';
}

#define CLIENT_COLS	"id, phone, surname, given_name, patronymic, " \
			"birth_date, restricted, must_change_password"

/* A client row as an operator may see it: surname and initials, the
 * phone and birth date masked, nothing of the passport. */
static json_t *
client_row_json(sqlite3_stmt *st)
{
	const char	*bd = (const char *)sqlite3_column_text(st, 5);
	char		 masked[32], gi[8], pi[8], *name, bdm[16];
	json_t		*o;

	phone_mask((const char *)sqlite3_column_text(st, 1), masked,
	    sizeof masked);
	initial((const char *)sqlite3_column_text(st, 3), gi);
	initial((const char *)sqlite3_column_text(st, 4), pi);
	if (pi[0] != '\0')
		xasprintf(&name, "%s %s. %s.",
		    (const char *)sqlite3_column_text(st, 2), gi, pi);
	else
		xasprintf(&name, "%s %s.",
		    (const char *)sqlite3_column_text(st, 2), gi);
	if (bd != NULL && strlen(bd) == 10)
		snprintf(bdm, sizeof bdm, "**.**.%.4s", bd);
	else
		snprintf(bdm, sizeof bdm, "-");
	o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}",
	    "id", (const char *)sqlite3_column_text(st, 0),
	    "name", name, "phone_masked", masked, "birth_date_masked", bdm,
	    "restricted", sqlite3_column_int(st, 6),
	    "must_change_password", sqlite3_column_int(st, 7));
	free(name);
	return o;
}

static int
valid_date(const char *s, char *iso)
{
	struct date	d;

	if (s == NULL || date_parse(s, &d) != DATE_OK)
		return -1;
	date_format_iso(&d, iso, DATE_FMT_LEN);
	return 0;
}

static int
route_clients(struct req *r)
{
	const char	*phone_in = http_query(r, "phone");
	const char	*surname = http_query(r, "surname");
	const char	*birth = http_query(r, "birth_date");
	const char	*contract = http_query(r, "contract");
	sqlite3_stmt	*st;
	char		 phone[PHONE_LEN + 1], iso[DATE_FMT_LEN], what[16];
	json_t		*items;
	int		 n = 0;

	if (phone_in != NULL && *phone_in != '\0') {
		if (phone_normalize(phone_in, phone) != PHONE_OK)
			return http_validation(r, "phone", "invalid_phone");
		st = db_queryf("SELECT " CLIENT_COLS " FROM accounts "
		    "WHERE phone = ?", "t", phone);
		snprintf(what, sizeof what, "phone");
	} else if (contract != NULL && *contract != '\0') {
		if (strlen(contract) > 64)
			return http_validation(r, "contract", "too_long");
		st = db_queryf("SELECT " CLIENT_COLS " FROM accounts "
		    "WHERE id IN (SELECT account_id FROM loans "
		    "WHERE contract_number = ?)", "t", contract);
		snprintf(what, sizeof what, "contract");
	} else if (surname != NULL && *surname != '\0') {
		if (birth == NULL || *birth == '\0')
			return http_validation(r, "birth_date", "required");
		if (valid_date(birth, iso) != 0)
			return http_validation(r, "birth_date", "invalid_date");
		if (strlen(surname) > 128)
			return http_validation(r, "surname", "too_long");
		/* SQLite's lower() folds ASCII only: compare both ways. */
		st = db_queryf("SELECT " CLIENT_COLS " FROM accounts "
		    "WHERE birth_date = ? ORDER BY surname, id", "t", iso);
		snprintf(what, sizeof what, "surname");
	} else
		return http_validation(r, "phone", "required");
	items = json_array();
	while (sqlite3_step(st) == SQLITE_ROW && n < SEARCH_MAX) {
		if (what[0] == 's' && !auth_surname_equal(surname,
		    (const char *)sqlite3_column_text(st, 2)))
			continue;
		json_array_append_new(items, client_row_json(st));
		n++;
	}
	sqlite3_finalize(st);
	operator_audit(r->op.login, NULL, "client_search",
	    n > 0 ? "found" : "none");
	return http_json(r, 200, json_pack("{s:o}", "items", items));
}

static json_t *
identity_json(const char *id, const char *login)
{
	time_t	v = operator_identity_verified_until(id, login);
	time_t	l = operator_identity_locked_until(id);

	return json_pack("{s:b, s:o, s:o}", "verified", v != 0,
	    "verified_until", v != 0 ? sbclock_json(v) : json_null(),
	    "locked_until", l != 0 ? sbclock_json(l) : json_null());
}

/* The client's loans, newest first, as the card shows them. */
static json_t *
loans_json(const char *id)
{
	sqlite3_stmt	*st;
	json_t		*items = json_array();

	st = db_queryf("SELECT id, contract_number, principal, term, "
	    "issued_on, due_on, state, principal_due + interest_due + "
	    "penalty_due FROM loans WHERE account_id = ? "
	    "ORDER BY created_at DESC, id DESC", "t", id);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(items, json_pack(
		    "{s:s, s:s, s:I, s:i, s:s, s:s, s:s, s:I}",
		    "id", (const char *)sqlite3_column_text(st, 0),
		    "contract_number", (const char *)sqlite3_column_text(st, 1),
		    "principal", (json_int_t)sqlite3_column_int64(st, 2),
		    "term", sqlite3_column_int(st, 3),
		    "issued_on", (const char *)sqlite3_column_text(st, 4),
		    "due_on", (const char *)sqlite3_column_text(st, 5),
		    "state", (const char *)sqlite3_column_text(st, 6),
		    "outstanding", (json_int_t)sqlite3_column_int64(st, 7)));
	sqlite3_finalize(st);
	return items;
}

/* The client's last payments, newest first (the payments table). */
static json_t *
payments_json(const char *id)
{
	sqlite3_stmt	*st;
	json_t		*items = json_array();

	st = db_queryf("SELECT id, loan_id, kind, status, amount, on_date "
	    "FROM payments WHERE account_id = ? ORDER BY at DESC, seq DESC "
	    "LIMIT 10", "t", id);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(items, json_pack(
		    "{s:s, s:s?, s:s, s:s, s:I, s:s}",
		    "id", (const char *)sqlite3_column_text(st, 0),
		    "loan_id", (const char *)sqlite3_column_text(st, 1),
		    "kind", (const char *)sqlite3_column_text(st, 2),
		    "status", (const char *)sqlite3_column_text(st, 3),
		    "amount", (json_int_t)sqlite3_column_int64(st, 4),
		    "on_date", (const char *)sqlite3_column_text(st, 5)));
	sqlite3_finalize(st);
	return items;
}

json_t *
operator_client_card(const char *id, const char *login, int full)
{
	sqlite3_stmt	*st;
	json_t		*c = NULL, *svc;

	st = db_queryf("SELECT " CLIENT_COLS " FROM accounts WHERE id = ?", "t",
	    id);
	if (sqlite3_step(st) == SQLITE_ROW)
		c = client_row_json(st);
	sqlite3_finalize(st);
	if (c == NULL)
		return NULL;
	if (full) {
		json_object_set_new(c, "loans", loans_json(id));
		json_object_set_new(c, "payments", payments_json(id));
		/* payments.c's catalogue, each with the client's choice. */
		svc = services_json(id);
		json_object_set(c, "services", json_object_get(svc, "items"));
		json_decref(svc);
	}
	json_object_set_new(c, "identity", identity_json(id, login));
	return c;
}

static int
route_client(struct req *r)
{
	json_t	*c;

	if ((c = operator_client_card(r->arg[0], r->op.login, 1)) == NULL)
		return http_problem(r, 404, "client_not_found",
		    "no such client", NULL);
	operator_audit(r->op.login, r->arg[0], "client_view", "ok");
	return http_json(r, 200, json_pack("{s:o}", "client", c));
}

static int
route_identity(struct req *r)
{
	struct account	 a;
	const char	*s_in = http_str(r, "passport_series");
	const char	*n_in = http_str(r, "passport_number");
	char		 series[8], number[8], iso[DATE_FMT_LEN];
	time_t		 until;
	int		 match, left;

	if (auth_account_by_id(r->arg[0], &a) != 0)
		return http_problem(r, 404, "client_not_found",
		    "no such client", NULL);
	if (s_in == NULL || passport_series_parse(s_in, series) != PASSPORT_OK)
		return http_validation(r, "passport_series", "invalid");
	if (n_in == NULL || passport_number_parse(n_in, number) != PASSPORT_OK)
		return http_validation(r, "passport_number", "invalid");
	if (valid_date(http_str(r, "birth_date"), iso) != 0)
		return http_validation(r, "birth_date", "invalid_date");
	if ((until = operator_identity_locked_until(a.id)) != 0) {
		operator_audit(r->op.login, a.id, "identity_check", "locked");
		return http_locked(r, "verification_locked", until,
		    "too many mismatches; identity checks for this client are "
		    "locked for a while");
	}
	match = db_existsf("SELECT 1 FROM accounts WHERE id = ? AND "
	    "passport_series = ? AND passport_number = ? AND birth_date = ?",
	    "tttt", a.id, series, number, iso);
	wipe(series, sizeof series);
	wipe(number, sizeof number);
	left = operator_identity_record(a.id, r->op.login, match, &until);
	operator_audit(r->op.login, a.id, "identity_check",
	    match ? "match" : until != 0 ? "mismatch_locked" : "mismatch");
	if (match)
		return http_json(r, 200, json_pack("{s:b, s:o}", "match", 1,
		    "verified_until", sbclock_json(
		    operator_identity_verified_until(a.id, r->op.login))));
	if (until != 0)
		return http_json(r, 200, json_pack("{s:b, s:i, s:o}",
		    "match", 0, "attempts_left", 0, "locked_until",
		    sbclock_json(until)));
	return http_json(r, 200, json_pack("{s:b, s:i}", "match", 0,
	    "attempts_left", left));
}

/* 403 identity_not_verified unless this operator's check is recent. */
static int
need_verified(struct req *r, const char *account_id, const char *action)
{
	if (operator_identity_verified_until(account_id, r->op.login) != 0)
		return 0;
	operator_audit(r->op.login, account_id, action, "not_verified");
	http_problem(r, 403, "identity_not_verified",
	    "check the caller's identity first (valid 10 minutes)", NULL);
	return -1;
}

static int
route_phone(struct req *r)
{
	struct account	 a, other;
	const char	*in = http_str(r, "new_phone");
	char		 phone[PHONE_LEN + 1], id[48];
	time_t		 until;

	if (auth_account_by_id(r->arg[0], &a) != 0)
		return http_problem(r, 404, "client_not_found",
		    "no such client", NULL);
	if (in == NULL || *in == '\0')
		return http_validation(r, "new_phone", "required");
	if (phone_normalize(in, phone) != PHONE_OK)
		return http_validation(r, "new_phone", "invalid_phone");
	if (need_verified(r, a.id, "phone_change") != 0)
		return 0;
	if (strcmp(phone, a.phone) == 0)
		return http_validation(r, "new_phone", "same_phone");
	if (auth_account_by_phone(phone, &other) == 0) {
		operator_audit(r->op.login, a.id, "phone_change",
		    "phone_taken");
		return http_problem(r, 409, "phone_taken",
		    "that number belongs to another account", NULL);
	}
	if ((until = challenge_locked_until(phone, "operator_phone")) != 0)
		return http_locked(r, "too_many_attempts", until,
		    "too many wrong codes; try again later");
	if (challenge_create("operator_phone", a.id, phone, json_pack(
	    "{s:s, s:s}", "new_phone", phone, "operator", r->op.login), id,
	    sizeof id, &until) != 0)
		return http_rate_limited(r, "sms", (long)(until - sbclock_now()));
	operator_audit(r->op.login, a.id, "phone_change", "code_sent");
	return http_json(r, 202, json_pack("{s:o}", "challenge",
	    challenge_json(id)));
}

int
operator_complete_phone(struct req *r, const struct account *a, json_t *data)
{
	struct account	 other;
	const char	*phone, *login;

	phone = json_string_value(json_object_get(data, "new_phone"));
	login = json_string_value(json_object_get(data, "operator"));
	if (phone == NULL || login == NULL)
		return http_problem(r, 500, "internal", "bad challenge", NULL);
	if (auth_account_by_phone(phone, &other) == 0) {
		operator_audit(login, a->id, "phone_change", "phone_taken");
		return http_problem(r, 409, "phone_taken",
		    "that number belongs to another account", NULL);
	}
	if (db_execf("UPDATE accounts SET phone = ?, restricted = 1 "
	    "WHERE id = ?", "tt", phone, a->id) != 1)
		return http_problem(r, 500, "internal", "cannot store", NULL);
	/* Signed out everywhere; the next sign-in confirms the number. */
	auth_sessions_revoke_others(a->id, 0);
	operator_identity_spend(a->id);
	operator_audit(login, a->id, "phone_change", "changed");
	auth_account_by_id(a->id, &other);
	return http_json(r, 200, json_pack("{s:b, s:o}", "changed", 1,
	    "client", auth_client_json(&other, 0)));
}

static int
route_password_reset(struct req *r)
{
	struct account	 a;
	char		 pw[AUTH_TEMP_PASSWORD_LEN + 1], masked[32];
	char		*hash, *text;
	time_t		 until;

	if (auth_account_by_id(r->arg[0], &a) != 0)
		return http_problem(r, 404, "client_not_found",
		    "no such client", NULL);
	if (need_verified(r, a.id, "password_reset") != 0)
		return 0;
	if (sms_allowed(a.phone, &until) != 0) {
		operator_audit(r->op.login, a.id, "password_reset",
		    "rate_limited");
		return http_rate_limited(r, "sms", (long)(until - sbclock_now()));
	}
	auth_temp_password(pw);
	if ((hash = auth_hash_password(pw)) == NULL)
		return http_problem(r, 500, "internal", "cannot hash", NULL);
	auth_set_password(a.id, hash, 1);
	free(hash);
	auth_sessions_revoke_others(a.id, 0);
	xasprintf(&text, "Временный пароль для входа в личный кабинет: %s. "
	    "Смените его после входа.", pw);
	sms_send(a.phone, text, pw);
	xfree_secret(text);
	wipe(pw, sizeof pw);
	operator_identity_spend(a.id);
	operator_audit(r->op.login, a.id, "password_reset", "sent");
	phone_mask(a.phone, masked, sizeof masked);
	return http_json(r, 200, json_pack("{s:b, s:s}", "sent", 1,
	    "phone_masked", masked));
}

/* ---- the audit log ---- */

static int
day_bound(const char *s, int next, time_t *t)
{
	struct date	d;

	if (date_parse(s, &d) != DATE_OK)
		return -1;
	*t = (time_t)(date_to_days(&d) + (next ? 1 : 0)) * 86400 -
	    DATE_MSK_OFFSET;
	return 0;
}

static int
route_audit(struct req *r)
{
	const char	*login = http_query(r, "operator");
	const char	*client = http_query(r, "client");
	const char	*from = http_query(r, "from"), *to = http_query(r, "to");
	const char	*cur = http_query(r, "cursor");
	const char	*lim = http_query(r, "limit");
	time_t		 f = 0, t = (time_t)INT64_MAX / 2;
	long long	 before = 0, limit = AUDIT_PAGE;
	char		*end;

	if (strcmp(r->op.role, "supervisor") != 0) {
		operator_audit(r->op.login, NULL, "audit_view", "forbidden");
		return http_problem(r, 403, "supervisor_only",
		    "the audit log is for supervisors", NULL);
	}
	if (from != NULL && *from != '\0' && day_bound(from, 0, &f) != 0)
		return http_validation(r, "from", "invalid_date");
	if (to != NULL && *to != '\0' && day_bound(to, 1, &t) != 0)
		return http_validation(r, "to", "invalid_date");
	if (cur != NULL && *cur != '\0') {
		before = strtoll(cur, &end, 10);
		if (*end != '\0' || before <= 0)
			return http_validation(r, "cursor", "invalid");
	}
	if (lim != NULL && *lim != '\0') {
		limit = strtoll(lim, &end, 10);
		if (*end != '\0' || limit < 1 || limit > AUDIT_PAGE_MAX)
			return http_validation(r, "limit", "invalid");
	}
	if (login != NULL && *login == '\0')
		login = NULL;
	if (client != NULL && *client == '\0')
		client = NULL;
	return http_json(r, 200, operator_audit_json(login, client, f, t,
	    (int64_t)before, (int)limit));
}

/* ---- the borrower confirms a number an operator set ---- */

static int
route_confirm_phone(struct req *r)
{
	struct account	*a = &r->account;
	char		 id[48];
	time_t		 until;

	if (!a->restricted)
		return http_problem(r, 409, "not_restricted",
		    "the phone number needs no confirmation", NULL);
	if ((until = challenge_locked_until(a->phone, "confirm_phone")) != 0)
		return http_locked(r, "too_many_attempts", until,
		    "too many wrong codes; try again later");
	if (challenge_create("confirm_phone", a->id, a->phone,
	    json_object(), id, sizeof id, &until) != 0)
		return http_rate_limited(r, "sms", (long)(until - sbclock_now()));
	return http_json(r, 202, json_pack("{s:o}", "challenge",
	    challenge_json(id)));
}

int
operator_complete_confirm_phone(struct req *r, const struct account *a,
    json_t *data)
{
	struct account	b;

	(void)data;
	db_execf("UPDATE accounts SET restricted = 0 WHERE id = ?", "t",
	    a->id);
	auth_account_by_id(a->id, &b);
	return http_json(r, 200, json_pack("{s:o}", "client",
	    auth_client_json(&b, 1)));
}

const struct route routes_operator[] = {
	{ "POST", "/v1/operator/login", route_login, R_JSON },
	{ "POST", "/v1/challenges/tc_*/verify", route_totp_verify, R_JSON },
	{ "POST", "/v1/challenges/tc_*/resend", route_totp_resend, R_JSON },
	{ "POST", "/v1/operator/logout", route_logout, R_OPERATOR },
	{ "GET", "/v1/operator/me", route_me, R_OPERATOR },
	{ "GET", "/v1/operator/clients", route_clients, R_OPERATOR },
	{ "GET", "/v1/operator/clients/*", route_client, R_OPERATOR },
	{ "POST", "/v1/operator/clients/*/identity-check", route_identity,
	  R_JSON | R_OPERATOR },
	{ "POST", "/v1/operator/clients/*/phone", route_phone,
	  R_JSON | R_OPERATOR },
	{ "POST", "/v1/operator/clients/*/password-reset",
	  route_password_reset, R_JSON | R_OPERATOR },
	{ "GET", "/v1/operator/audit", route_audit, R_OPERATOR },
	{ "POST", "/v1/profile/phone/confirm", route_confirm_phone,
	  R_JSON | R_NEEDS_AUTH },
	{ NULL, NULL, NULL, 0 },
};
