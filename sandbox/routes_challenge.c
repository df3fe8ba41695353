/*
 * routes_challenge.c — POST /v1/challenges/{id}/verify and .../resend.
 * A verified challenge completes the operation it was made for; the
 * completers are a table keyed by purpose.  challenge_ask() starts one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/log.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

static int
complete_login(struct req *r, const struct account *a, json_t *data)
{
	const char	*dev = json_string_value(json_object_get(data,
	    "device_id"));

	if (dev == NULL)
		return http_problem(r, 500, "internal", "bad challenge", NULL);
	auth_device_remember(a->id, dev);
	return http_json(r, 200, auth_session_create(a, dev));
}

static int
complete_change_password(struct req *r, const struct account *a,
    json_t *data)
{
	const char	*hash = json_string_value(json_object_get(data,
	    "password_hash"));
	json_int_t	 keep = json_integer_value(json_object_get(data,
	    "session_id"));

	if (hash == NULL)
		return http_problem(r, 500, "internal", "bad challenge", NULL);
	auth_set_password(a->id, hash, 0);
	/* A new password signs out every other session. */
	auth_sessions_revoke_others(a->id, keep);
	return http_json(r, 200, json_object());
}

int
challenge_ask(struct req *r, const char *purpose, const struct account *a,
    json_t *data)
{
	char	 id[48];
	time_t	 until;

	if ((until = challenge_locked_until(a->phone, purpose)) != 0) {
		json_decref(data);
		return http_codes_locked(r, until);
	}
	if (challenge_create(purpose, a->id, a->phone, data, id, sizeof id,
	    &until) != 0)
		return http_rate_limited(r, "sms", (long)(until - sbclock_now()));
	return http_json(r, 202, json_pack("{s:o}", "challenge",
	    challenge_json(id)));
}

static const struct completer {
	const char	*purpose;
	int		(*complete)(struct req *, const struct account *,
			    json_t *);
} completers[] = {
	{ "login", complete_login },
	{ "change_password", complete_change_password },
	{ "application", lending_complete_application },
	{ "operator_phone", operator_complete_phone },
	{ "confirm_phone", operator_complete_confirm_phone },
	{ "card_link", pay_complete_card },
	{ "service", pay_complete_service },
	{ "autopay", autopay_complete },
	{ "profile", profile_complete },
};

static int
answer_failure(struct req *r, enum ch_result res, int attempts_left,
    time_t until)
{
	switch (res) {
	case CH_NOT_FOUND:
		return http_problem(r, 404, "challenge_not_found",
		    "no such pending challenge", NULL);
	case CH_EXPIRED:
		return http_problem(r, 410, "challenge_expired",
		    "the code has expired; start again", NULL);
	case CH_WRONG_CODE:
		return http_problem(r, 422, "wrong_code", "wrong code",
		    json_pack("{s:i}", "attempts_left", attempts_left));
	case CH_TOO_MANY:
		return http_codes_locked(r, until);
	case CH_RATE_LIMITED:
		return http_rate_limited(r, "sms", (long)(until - sbclock_now()));
	case CH_TOO_EARLY: {
		char		 s[24];
		const char	*h[] = { "Retry-After", s, NULL };

		snprintf(s, sizeof s, "%ld", (long)(until - sbclock_now()));
		return http_json_headers(r, 429, json_pack(
		    "{s:s, s:s, s:i, s:s, s:s, s:o}",
		    "type", "https://lender.example/problems/resend_too_early",
		    "title", "Too Many Requests", "status", 429,
		    "detail", "a new code cannot be sent yet",
		    "code", "resend_too_early",
		    "resend_at", sbclock_json(until)), h);
	}
	case CH_OK:
		break;
	}
	return http_problem(r, 500, "internal", "unexpected state", NULL);
}

static int
route_verify(struct req *r)
{
	const char	*code = http_str(r, "code");
	struct account	 a;
	enum ch_result	 res;
	char		*purpose = NULL, *account_id = NULL;
	json_t		*data = NULL;
	time_t		 until;
	size_t		 i;
	int		 left;

	if (code == NULL || *code == '\0')
		return http_validation(r, "code", "required");
	res = challenge_verify(r->arg[0], code, &left, &until, &purpose,
	    &account_id, &data);
	if (res != CH_OK)
		return answer_failure(r, res, left, until);
	if (strcmp(purpose, "register") == 0) {	/* no account yet */
		register_complete_phone(r, data);
		goto out;
	}
	if (account_id == NULL || auth_account_by_id(account_id, &a) != 0) {
		http_problem(r, 404, "challenge_not_found",
		    "the account has gone", NULL);
		goto out;
	}
	/* The challenge that bound it goes on the record (signatures). */
	if (json_is_object(data))
		json_object_set_new(data, "challenge_id",
		    json_string(r->arg[0]));
	for (i = 0; i < sizeof completers / sizeof completers[0]; i++)
		if (strcmp(completers[i].purpose, purpose) == 0) {
			completers[i].complete(r, &a, data);
			goto out;
		}
	log_warnx("no completer for \"%s\"", purpose);
	http_problem(r, 500, "internal", "unknown challenge purpose", NULL);
out:
	free(purpose);
	free(account_id);
	json_decref(data);
	return 0;
}

static int
route_resend(struct req *r)
{
	enum ch_result	res;
	time_t		until;

	if ((res = challenge_resend(r->arg[0], &until)) != CH_OK)
		return answer_failure(r, res, 0, until);
	return http_json(r, 200, json_pack("{s:o}", "challenge",
	    challenge_json(r->arg[0])));
}

const struct route routes_challenge[] = {
	{ "POST", "/v1/challenges/*/verify", route_verify, R_JSON },
	{ "POST", "/v1/challenges/*/resend", route_resend, R_JSON },
	{ NULL, NULL, NULL, 0 },
};
