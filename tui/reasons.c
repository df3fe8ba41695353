/*
 * reasons.c — the daemon's stable error reasons (protocol.h) in words.
 * The TUI never parses an error's message; it reads data.reason and the
 * data that goes with it (attempts_left, until, resend_at, retry_at).
 */
#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "tui.h"

/* Not from the daemon: the connection itself went. */
#define R_LOCAL_DAEMON_GONE	"daemon_gone"

const struct reason_text reasons[] = {
	{ R_PARSE_ERROR, N_("The daemon could not read the request") },
	{ R_INVALID_REQUEST, N_("The daemon refused a malformed request") },
	{ R_UNKNOWN_METHOD, N_("The daemon does not know this request; is it "
	    "older than kabinet?") },
	{ R_INVALID_PARAMS, N_("The daemon refused the request's "
	    "parameters") },
	{ R_INTERNAL, N_("Internal error in the daemon") },
	{ R_HELLO_REQUIRED, N_("The daemon was not greeted first") },
	{ R_PROTOCOL_MISMATCH, N_("The daemon speaks another protocol "
	    "version; restart it") },
	{ R_LINE_TOO_LONG, N_("A message to the daemon was too long") },
	{ R_INVALID_PHONE, N_("Not a Russian mobile number") },
	{ R_WRONG_CREDENTIALS, N_("Wrong phone number or password") },
	{ R_ACCOUNT_LOCKED, N_("The account is locked after too many failed "
	    "sign-ins") },
	{ R_CHALLENGE_EXPIRED, N_("The code has expired") },
	{ R_CHALLENGE_CANCELLED, N_("Cancelled") },
	{ R_WRONG_CODE, N_("Wrong code") },
	{ R_TOO_MANY_ATTEMPTS, N_("Too many wrong codes") },
	{ R_RESEND_TOO_EARLY, N_("A new code cannot be sent yet") },
	{ R_RATE_LIMITED, N_("Too many requests; try again later") },
	{ R_LENDER_UNAVAILABLE, N_("The lender cannot be reached; try again "
	    "later") },
	{ R_LENDER_INVALID, N_("The lender sent an answer kabinet cannot "
	    "read") },
	{ R_LENDER_ERROR, N_("The lender reported an error") },
	{ R_TLS_ERROR, N_("The lender's certificate could not be "
	    "verified") },
	{ R_NOT_LOGGED_IN, N_("You are not signed in") },
	{ R_ALREADY_LOGGED_IN, N_("You are already signed in") },
	{ R_SESSION_EXPIRED, N_("Your session has expired; sign in again") },
	{ R_PASSWORD_CHANGE_REQUIRED, N_("Change your password first") },
	{ R_WEAK_PASSWORD, N_("The new password is too weak") },
	{ R_VALIDATION, N_("Some fields are not filled in correctly") },
	{ R_BUSY, N_("Another such operation is in progress; wait for it") },
	{ R_LOCAL_DAEMON_GONE, N_("The connection to the daemon was lost") },
	/* the operator desk */
	{ R_OPERATOR_NOT_LOGGED_IN, N_("No operator is signed in") },
	{ R_OPERATOR_IDLE, N_("Signed out after too long without work") },
	{ R_SHIFT_OVER, N_("The shift is over") },
	{ R_CLIENT_NOT_FOUND, N_("No such client") },
	{ R_IDENTITY_NOT_VERIFIED, N_("Verify the caller's identity first; "
	    "a check is good for 10 minutes") },
	{ R_VERIFICATION_LOCKED, N_("Identity checks for this client are "
	    "locked after three mismatches") },
	{ R_PHONE_TAKEN, N_("That number belongs to another account") },
	{ R_SUPERVISOR_ONLY, N_("Only a supervisor may do this") },
	{ R_WRONG_ROLE, N_("This account may not do this") },
	{ R_ACCOUNT_RESTRICTED, N_("Confirm your new phone number first") },
	{ R_PAYMENT_PENDING, N_("The lender has not answered yet; the "
	    "payment is kept and sent again until it does") },
	{ R_HOLDER_MISMATCH, N_("The card's holder is not you: only a card "
	    "in your own name, as in your passport, can be linked") },
	{ R_CARD_NOT_FOUND, N_("No such card") },
	{ R_CARD_IN_USE, N_("The loan was paid out to this card; it can be "
	    "removed once the loan is repaid") },
	{ R_LOAN_NOT_FOUND, N_("No such loan") },
	{ R_LOAN_CLOSED, N_("The loan is already repaid") },
	{ R_EXTENSION_LIMIT, N_("The loan has been extended 5 times this "
	    "year, the most the law allows") },
	{ R_EXTENSION_NOT_ALLOWED, N_("This loan cannot be extended") },
	{ R_CHARGES_CAP, N_("That would take the loan's charges over the amount "
	    "borrowed, the legal cap") },
	{ R_SERVICE_NOT_FOUND, N_("No such service") },
	{ R_PRODUCT_NOT_FOUND, N_("The lender has no such loan product") },
	{ R_NO_REGISTRATION, N_("No registration in progress; start again "
	    "from your phone number") },
	{ NULL, NULL }
};

const char *
reasons_of(json_t *error)
{
	json_t	*r = json_object_get(json_object_get(error, "data"), "reason");

	return json_is_string(r) ? json_string_value(r) : NULL;
}

const char *
reasons_text(const char *reason)
{
	const struct reason_text	*r;

	for (r = reasons; reason != NULL && r->reason != NULL; r++) {
		if (strcmp(r->reason, reason) == 0)
			return _(r->text);
	}
	return _("Something went wrong in the daemon");
}

static json_t *
reasons_data(json_t *error, const char *key)
{
	return json_object_get(json_object_get(error, "data"), key);
}

static int
reasons_time(json_t *error, const char *key, char *out, size_t len)
{
	json_t	*v = reasons_data(error, key);
	time_t	 t;

	if (!json_is_string(v) || (t = text_parse_time(json_string_value(v)))
	    == -1)
		return -1;
	text_hhmm(t, out, len);
	return 0;
}

/* Which rule a new password broke (data.rule, the lender's code). */
static const char *
reasons_rule(json_t *error)
{
	static const struct reason_text rules[] = {
		{ "too_short", N_("The password must have at least 8 "
		    "characters") },
		{ "too_long", N_("The password is too long") },
		{ "needs_letter_and_digit", N_("The password must have both "
		    "letters and digits") },
		{ "contains_phone", N_("The password must not be your phone "
		    "number") },
		{ NULL, NULL }
	};
	const struct reason_text	*r;
	json_t				*v = reasons_data(error, "rule");

	for (r = rules; json_is_string(v) && r->reason != NULL; r++) {
		if (strcmp(r->reason, json_string_value(v)) == 0)
			return _(r->text);
	}
	return NULL;
}

void
reasons_describe(json_t *error, struct buf *b)
{
	const char	*r = reasons_of(error);
	json_t		*n = reasons_data(error, "attempts_left");
	const char	*t;
	char		 hhmm[16];
	int		 left = json_is_integer(n) ? (int)json_integer_value(n) :
			    -1;

	if (r == NULL) {
		buf_adds(b, reasons_text(NULL));
		return;
	}
	if (strcmp(r, R_WRONG_CREDENTIALS) == 0 && left >= 0) {
		buf_addf(b, P_("Wrong phone number or password; %d attempt "
		    "left before the account is locked", "Wrong phone number "
		    "or password; %d attempts left before the account is "
		    "locked", left), left);
	} else if (strcmp(r, R_WRONG_CODE) == 0 && left >= 0) {
		buf_addf(b, P_("Wrong code; %d attempt left", "Wrong code; %d "
		    "attempts left", left), left);
	} else if (strcmp(r, R_ACCOUNT_LOCKED) == 0 &&
	    reasons_time(error, "until", hhmm, sizeof hhmm) == 0) {
		buf_addf(b, _("The account is locked until %s after too many "
		    "failed sign-ins"), hhmm);
	} else if (strcmp(r, R_TOO_MANY_ATTEMPTS) == 0 &&
	    reasons_time(error, "until", hhmm, sizeof hhmm) == 0) {
		buf_addf(b, _("Too many wrong codes; try again after %s"),
		    hhmm);
	} else if (strcmp(r, R_RATE_LIMITED) == 0 &&
	    reasons_time(error, "retry_at", hhmm, sizeof hhmm) == 0) {
		buf_addf(b, _("Too many requests; try again after %s"), hhmm);
	} else if (strcmp(r, R_RESEND_TOO_EARLY) == 0 &&
	    reasons_time(error, "resend_at", hhmm, sizeof hhmm) == 0) {
		buf_addf(b, _("A new code can be sent at %s"), hhmm);
	} else if (strcmp(r, R_WEAK_PASSWORD) == 0 &&
	    (t = reasons_rule(error)) != NULL)
		buf_adds(b, t);
	else
		buf_adds(b, reasons_text(r));
}

const char *
reasons_lender(json_t *lender)
{
	json_t	*e = json_object_get(lender, "error");

	/* {reason, message} (protocol.h); a bare reason is read too. */
	if (json_is_object(e))
		e = json_object_get(e, "reason");
	if (!json_is_string(e))
		return NULL;
	return reasons_text(json_string_value(e));
}
