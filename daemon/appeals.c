/*
 * appeals.c — appeal.* for the borrower (GET/POST /v1/appeals) and
 * operator.appeal.* for the support desk (/v1/operator/appeals), with
 * the operator's token from operator.c.
 *
 * The subject and the text are checked here first (kabinet/appeal.h's
 * rules, the lender's own), so a bad appeal never leaves the machine.  An
 * appeal is not a money request: it is not kept in the outbox; each call
 * sends it with its own Idempotency-Key, so a retried send is one appeal.
 */
#include <stdio.h>
#include <string.h>

#include "kabinet/appeal.h"
#include "kabinet/protocol.h"
#include "kabinetd.h"

#define APPEAL_ID_MAX	48

/* params.id, checked, or fails call. */
static const char *
take_id(struct call *call)
{
	return call_param_token(call, "id", APPEAL_ID_MAX, CALL_ID_CHARS,
	    "id must be an appeal's id");
}

/* params.text checked against max, or fails call. */
static const char *
take_text(struct call *call, size_t max)
{
	const char		*text = call_param_str(call, "text");
	enum appeal_text_error	 e = appeal_text_check(text, max);

	if (e == APPEAL_TEXT_OK)
		return text;
	call_fail_field(call, "text", appeal_text_code(e),
	    e == APPEAL_TEXT_EMPTY ? "the text is empty" :
	    e == APPEAL_TEXT_TOO_LONG ? "the text is too long" :
	    "the text holds a control character");
	return NULL;
}

/* ---- the borrower ---- */

static void
appeal_done(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;

	if (r->reason != NULL)
		session_call_fail(call, r);
	else if (!json_is_object(r->body))
		call_fail(call, R_LENDER_INVALID,
		    "the lender's answer is malformed");
	else
		call_reply(call, json_incref(r->body));
}

void
appeal_list(struct call *call)
{
	session_request("GET", "/v1/appeals", NULL, NULL, LENDER_RETRY,
	    appeal_done, call);
}

void
appeal_get(struct call *call)
{
	const char	*id;
	char		 path[96];

	if ((id = take_id(call)) == NULL)
		return;
	snprintf(path, sizeof path, "/v1/appeals/%s", id);
	session_request("GET", path, NULL, NULL, LENDER_RETRY, appeal_done,
	    call);
}

void
appeal_create(struct call *call)
{
	const struct appeal_subject *s;
	const char	*subject = call_param_str(call, "subject"), *text;
	char		 key[40];

	if ((s = appeal_subject_find(subject)) == NULL) {
		call_fail_field(call, "subject", subject == NULL ? "required" :
		    "invalid", "choose the appeal's subject from the list");
		return;
	}
	if ((text = take_text(call, APPEAL_TEXT_MAX)) == NULL)
		return;
	snprintf(key, sizeof key, "appeal-%08x%08x", g_random_int(),
	    g_random_int());
	session_request("POST", "/v1/appeals", json_pack("{s:s, s:s}",
	    "subject", s->id, "text", text), key, 0, appeal_done,
	    call);
}

/* ---- the support desk ---- */

void
appeal_queue(struct call *call)
{
	operator_call(call, "GET", "/v1/operator/appeals", NULL);
}

void
appeal_desk_get(struct call *call)
{
	const char	*id;
	char		 path[96];

	if ((id = take_id(call)) == NULL)
		return;
	snprintf(path, sizeof path, "/v1/operator/appeals/%s", id);
	operator_call(call, "GET", path, NULL);
}

static void
desk_step(struct call *call, const char *step, json_t *body)
{
	const char	*id;
	char		 path[112];

	if ((id = take_id(call)) == NULL) {
		json_decref(body);
		return;
	}
	snprintf(path, sizeof path, "/v1/operator/appeals/%s/%s", id, step);
	operator_call(call, "POST", path, body);
}

void
appeal_take(struct call *call)
{
	desk_step(call, "take", json_object());
}

void
appeal_answer(struct call *call)
{
	const char	*text;

	if ((text = take_text(call, APPEAL_ANSWER_MAX)) == NULL)
		return;
	desk_step(call, "answer", json_pack("{s:s}", "text", text));
}

void
appeal_close(struct call *call)
{
	desk_step(call, "close", json_object());
}
