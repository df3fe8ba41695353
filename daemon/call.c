/*
 * call.c — a client's call in progress and its answer, after JSON-RPC 2.0.
 *
 * A handler owns the struct call it is given until call_reply() or
 * call_error() finishes it, maybe much later from the loop.  A call
 * outlives its client happily: the answer is then just dropped.
 * Notifications are never answered; a batch is answered with one array
 * when its last call has finished (JSON-RPC 2.0, sections 4.1, 6).
 */
#include <stdlib.h>
#include <string.h>

#include "kabinet/codec.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"

/*
 * A batch (an array of requests on one line) is answered with one array,
 * once its last call has finished: each call holds the batch, and so does
 * the dispatcher until it has walked the whole array.
 */
struct batch {
	uint64_t	 client;
	json_t		*answers;
	unsigned int	 holds;
};

struct batch *
batch_new(uint64_t client)
{
	struct batch	*b;

	b = xcalloc(1, sizeof *b);
	b->client = client;
	b->answers = json_array();
	b->holds = 1;
	return b;
}

void
batch_release(struct batch *b)
{
	struct client	*c;

	if (--b->holds > 0)
		return;
	/* A batch of notifications only is answered with nothing at all. */
	if (json_array_size(b->answers) > 0 &&
	    (c = client_lookup(b->client)) != NULL)
		client_send(c, b->answers);
	else
		json_decref(b->answers);
	free(b);
}

void
call_answer(uint64_t client, struct batch *b, int notification, json_t *msg)
{
	struct client	*c;

	if (notification)
		json_decref(msg);
	else if (b != NULL)
		json_array_append_new(b->answers, msg);
	else if ((c = client_lookup(client)) != NULL)
		client_send(c, msg);
	else
		json_decref(msg);
}

struct call *
call_new(struct client *c, const json_t *id, int notification,
    const char *method, json_t *params, struct batch *b)
{
	struct call	*call;

	call = xcalloc(1, sizeof *call);
	call->client = client_id(c);
	call->id = notification ? NULL : json_deep_copy(id);
	call->notification = notification;
	call->method = method;
	call->params = params;
	if ((call->batch = b) != NULL)
		b->holds++;
	client_call_begin(c);
	return call;
}

static void
call_free(struct call *call)
{
	struct batch	*b = call->batch;

	client_call_end(call->client);
	json_decref(call->id);
	json_decref_wipe(call->params);
	free(call);
	if (b != NULL)
		batch_release(b);
}

void
call_reply(struct call *call, json_t *result)
{
	call_answer(call->client, call->batch, call->notification,
	    rpc_result(call->id, result));
	call_free(call);
}

void
call_reply_text(struct call *call, const char *result)
{
	json_t	*r;

	if (call->batch != NULL) {
		/* A batch's answers are one array: decoded into it. */
		if ((r = json_loads(result, JSON_DECODE_ANY, NULL)) == NULL)
			r = json_null();
		call_reply(call, r);
		return;
	}
	if (!call->notification)
		client_send_result(client_lookup(call->client), call->id,
		    result);
	call_free(call);
}

void
call_error(struct call *call, int code, const char *reason,
    const char *message, json_t *data)
{
	call_answer(call->client, call->batch, call->notification,
	    rpc_error(call->id, code, reason, message, data));
	call_free(call);
}

void
call_fail(struct call *call, const char *reason, const char *message)
{
	call_error(call, RPC_APP_ERROR, reason, message, NULL);
}

const char *
call_param_str(struct call *call, const char *key)
{
	return json_string_value(json_object_get(call->params, key));
}

void
call_bad_params(struct call *call, const char *message)
{
	call_error(call, RPC_INVALID_PARAMS, R_INVALID_PARAMS, message, NULL);
}

void
call_fail_field(struct call *call, const char *field, const char *reason,
    const char *message)
{
	call_error(call, RPC_APP_ERROR, R_VALIDATION, message,
	    json_pack("{s:[{s:s, s:s}]}", "fields", "field", field, "reason",
	    reason));
}

const char *
call_param_token(struct call *call, const char *key, size_t max,
    const char *chars, const char *message)
{
	const char	*v = call_param_str(call, key);

	if (v == NULL || *v == '\0' || strlen(v) > max ||
	    strspn(v, chars) != strlen(v)) {
		call_bad_params(call, message);
		return NULL;
	}
	return v;
}
