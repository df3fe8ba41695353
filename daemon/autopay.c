/*
 * autopay.c — autopay.status, autopay.consent, autopay.on and autopay.off:
 * the borrower's separate consent to a charge of the default card on the
 * loan's due date (GET and PUT /v1/autopay).  Switching on signs the
 * consent's text with the SMS code through challenge.c; switching off is
 * a withdrawal and needs none.  The charges themselves are the lender's:
 * follow.c pushes their autopay.updated events.
 */
#include <string.h>

#include "kabinet/protocol.h"
#include "challenge.h"
#include "kabinetd.h"

/* The lender's answer as the result. */
static void
autopay_done(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;

	if (r->reason != NULL || !json_is_object(r->body)) {
		session_call_fail(call, r);
		return;
	}
	call_reply(call, json_incref(r->body));
}

void
autopay_status(struct call *call)
{
	session_request("GET", "/v1/autopay", NULL, NULL, LENDER_RETRY,
	    autopay_done, call);
}

void
autopay_consent(struct call *call)
{
	session_request("GET", "/v1/documents/autopay", NULL, NULL,
	    LENDER_RETRY, autopay_done, call);
}

static void
autopay_verified(enum challenge_outcome o, const struct lender_response *r,
    void *arg)
{
	struct call	*call = arg;

	if (o == CHALLENGE_OK)
		call_reply(call, json_incref(r->body));
	else
		challenge_call_fail(call, o, r, session_call_fail,
		    "autopay stays off");
}

static void
autopay_sent(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;

	if (r->status == 202) {
		if (challenge_start(call->client, json_object_get(r->body,
		    "challenge"), CHALLENGE_BEARER, autopay_verified, call) ==
		    -1)
			call_fail(call, R_LENDER_INVALID,
			    "the lender's challenge is malformed");
		return;
	}
	autopay_done(r, call);	/* on already, or refused */
}

void
autopay_on(struct call *call)
{
	const char	*sha = call_param_str(call, "document_sha256");

	if (sha == NULL || strlen(sha) != 64 || strspn(sha,
	    "0123456789abcdef") != 64) {
		call_bad_params(call, "document_sha256 must be the SHA-256 of "
		    "the consent's text (64 hex digits)");
		return;
	}
	session_request("PUT", "/v1/autopay", json_pack("{s:b, s:s}",
	    "enabled", 1, "document_sha256", sha), NULL, 0, autopay_sent,
	    call);
}

void
autopay_off(struct call *call)
{
	session_request("PUT", "/v1/autopay", json_pack("{s:b}", "enabled", 0),
	    NULL, LENDER_RETRY, autopay_done, call);
}
