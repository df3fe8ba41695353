/*
 * documents.c — documents.list and documents.get: what the borrower
 * accepted or signed, and one document's exact text as the lender keeps
 * it (GET /v1/account/documents).  The client checks the text's SHA-256.
 */
#include <stdio.h>
#include <string.h>

#include "kabinet/protocol.h"
#include "kabinetd.h"

static void
documents_done(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;

	if (r->status == 404)
		call_fail(call, R_DOCUMENT_NOT_FOUND, "no such document");
	else if (r->status == 410)
		call_fail(call, R_TEXT_NOT_KEPT,
		    "the lender no longer keeps this document's text");
	else if (r->reason != NULL)
		session_call_fail(call, r);
	else
		call_reply(call, r->body != NULL ? json_incref(r->body) :
		    json_object());
}

void
documents_list(struct call *call)
{
	session_request("GET", "/v1/account/documents", NULL, NULL,
	    LENDER_RETRY, documents_done, call);
}

void
documents_get(struct call *call)
{
	const char	*id;
	char		 path[96];

	if ((id = call_param_token(call, "id", 48,
	    "abcdefghijklmnopqrstuvwxyz0123456789_",
	    "id must be a document's id")) == NULL)
		return;
	snprintf(path, sizeof path, "/v1/account/documents/%s", id);
	session_request("GET", path, NULL, NULL, LENDER_RETRY, documents_done,
	    call);
}
