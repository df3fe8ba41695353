/*
 * profile.c — profile.get and profile.update: what the lender holds about
 * the borrower (GET /v1/account/profile, document numbers masked by the
 * lender), and a new e-mail or postal address, checked here as the lender
 * will (lib/personal.c) and made once the SMS code confirms it (PATCH
 * /v1/account/profile, then the challenge).  The phone is not changed
 * here: support does it after a passport check.  E-mail and addresses
 * are personal data: never logged whole.
 */
#include <stdlib.h>
#include <string.h>

#include "kabinet/log.h"
#include "kabinet/personal.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "challenge.h"
#include "kabinetd.h"

/* What profile.update takes, with its check. */
static const struct changeable {
	const char	*name;
	const char	*(*check)(const char *);
} changeables[] = {
	{ "email", personal_email_check },
	{ "postal_address", personal_address_check },
};
#define NCHANGEABLE	(sizeof changeables / sizeof changeables[0])

static void
profile_got(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;

	if (r->reason != NULL || !json_is_object(json_object_get(r->body,
	    "profile"))) {
		if (r->reason == NULL)
			call_fail(call, R_LENDER_INVALID,
			    "the lender's profile is malformed");
		else
			session_call_fail(call, r);
		return;
	}
	call_reply(call, json_pack("{s:O}", "profile",
	    json_object_get(r->body, "profile")));
}

void
profile_get(struct call *call)
{
	session_request("GET", "/v1/account/profile", NULL, NULL,
	    LENDER_RETRY, profile_got, call);
}

static void
profile_verified(enum challenge_outcome o, const struct lender_response *r,
    void *arg)
{
	struct call	*call = arg;

	if (o != CHALLENGE_OK) {
		challenge_call_fail(call, o, r, session_call_fail,
		    "the change was cancelled");
		return;
	}
	log_info("the profile was changed");
	profile_got(r, call);
}

static void
profile_sent(const struct lender_response *r, void *arg)
{
	challenge_call_start(arg, r, CHALLENGE_BEARER, profile_verified,
	    session_call_fail);
}

void
profile_update(struct call *call)
{
	json_t		*fields = json_array(), *body = json_object(), *v;
	const char	*key, *why;
	char		*trimmed, masked[PERSONAL_EMAIL_MAX + 8];
	size_t		 i;

	json_object_foreach(call->params, key, v) {
		for (i = 0; i < NCHANGEABLE; i++)
			if (strcmp(key, changeables[i].name) == 0)
				break;
		trimmed = NULL;
		if (i == NCHANGEABLE)
			why = "not_changeable";
		else if (!json_is_string(v))
			why = "invalid_type";
		else {
			/* Kept trimmed: the spaces around it are no part. */
			trimmed = personal_trim(json_string_value(v));
			why = changeables[i].check(trimmed);
		}
		if (why != NULL)
			json_array_append_new(fields, json_pack("{s:s, s:s}",
			    "field", key, "reason", why));
		else
			json_object_set_new(body, key, json_string(trimmed));
		free(trimmed);
	}
	if (json_array_size(fields) > 0) {
		json_decref(body);
		call_error(call, RPC_APP_ERROR, R_VALIDATION,
		    "the profile has errors", json_pack("{s:o}", "fields",
		    fields));
		return;
	}
	json_decref(fields);
	if (json_object_size(body) == 0) {
		json_decref(body);
		call_bad_params(call, "give email or postal_address");
		return;
	}
	if ((v = json_object_get(body, "email")) != NULL) {
		personal_email_mask(json_string_value(v), masked,
		    sizeof masked);
		log_info("a new e-mail %s to confirm", masked);
	}
	if (json_object_get(body, "postal_address") != NULL)
		log_info("a new postal address to confirm");
	session_request("PATCH", "/v1/account/profile", body, NULL, 0,
	    profile_sent, call);
}
