/*
 * reasons.c — the daemon's stable error reasons in words (the words are
 * reason.h's table), with the data that goes with them.
 * The TUI never parses an error's message; it reads data.reason and the
 * data that goes with it (attempts_left, until, resend_at, retry_at).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/reason.h"
#include "tui.h"

const char *
reasons_of(json_t *error)
{
	json_t	*r = json_object_get(json_object_get(error, "data"), "reason");

	return json_is_string(r) ? json_string_value(r) : NULL;
}

const char *
reasons_text(const char *reason)
{
	const struct reason	*r = reason_find(reason);

	return r != NULL ? _(r->text) : _("Something went wrong in the daemon");
}

static json_t *
reasons_data(json_t *error, const char *key)
{
	return json_object_get(json_object_get(error, "data"), key);
}

static int
reasons_time(json_t *error, const char *key, char *out, size_t len)
{
	json_t		*v = reasons_data(error, key);
	time_t		 t;
	struct date	 day, today = date_today();
	size_t		 n;

	if (!json_is_string(v) || (t = text_parse_time(json_string_value(v)))
	    == -1)
		return -1;
	/* Moscow time; a day other than today says its date too. */
	out[0] = '\0';
	day = date_from_time(t);
	if (date_cmp(&day, &today) != 0) {
		date_show(&day, out, len);
		if ((n = strlen(out)) + 1 < len)
			out[n++] = ' ', out[n] = '\0';
	}
	n = strlen(out);
	text_hhmm(t, out + n, len - n);
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

/* What the lender limited (data.scope), as a format taking the time. */
static const char *
reasons_limit(json_t *error)
{
	static const struct {
		const char	*scope, *text;
	} t[] = {
		{ "sms", N_("Too many SMS codes were sent to this number; "
		    "a new one can be sent after %s") },
		{ "sms_address", N_("Too many SMS codes were asked for from "
		    "this network; a new one can be sent after %s") },
		{ "sms_all", N_("The lender is sending too many SMS codes "
		    "right now; a new one can be sent after %s") },
		{ "login", N_("Too many sign-in attempts; try again after %s") },
		{ "operator_login", N_("Too many sign-in attempts; try again "
		    "after %s") },
		{ "password_reset", N_("Too many password recovery requests; "
		    "try again after %s") },
	};
	const char	*scope = json_string_value(json_object_get(
	    json_object_get(error, "data"), "scope"));
	size_t		 i;

	for (i = 0; scope != NULL && i < sizeof t / sizeof t[0]; i++)
		if (strcmp(scope, t[i].scope) == 0)
			return t[i].text;
	return N_("Too many requests; try again after %s");
}

void
reasons_describe(json_t *error, struct buf *b)
{
	const char	*r = reasons_of(error);
	json_t		*n = reasons_data(error, "attempts_left");
	const char	*t;
	char		 hhmm[32];
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
		buf_addf(b, _(reasons_limit(error)), hhmm);
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
