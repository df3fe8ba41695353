/*
 * methods.c — the method table (after tmux's cmd_entry) and calls in
 * progress.
 *
 * methods_dispatch() checks the JSON-RPC envelope, finds the method, checks
 * its flags (hello, session) and hands the handler a struct call it owns
 * until call_reply()/call_error() finish it, maybe much later from the loop.
 * A call outlives its client happily: the answer is then just dropped.
 * Notifications run and are never answered; a batch is answered with one
 * array when its last call has finished (JSON-RPC 2.0, sections 4.1, 6).
 */
#include <stdlib.h>
#include <string.h>

#include "kabinet/codec.h"
#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"

static void	handle_hello(struct call *);
static void	handle_ping(struct call *);
static void	handle_session_status(struct call *);

static const struct method methods[] = {
	{ M_HELLO,		handle_hello,		M_BEFORE_HELLO },
	{ M_DAEMON_PING,	handle_ping,		0 },
	{ M_SESSION_STATUS,	handle_session_status,	0 },
	{ M_SESSION_CHECK,	auth_check,		0 },
	{ M_AUTH_LOGIN,		auth_login,		0 },
	{ M_AUTH_LOGOUT,	auth_logout,		0 },
	{ M_AUTH_RECOVER,	auth_recover,		0 },
	{ M_AUTH_CHANGE_PASSWORD, auth_change_password,	0 },
	{ M_CHALLENGE_ANSWER,	auth_challenge_answer,	0 },
	{ M_CHALLENGE_RESEND,	auth_challenge_resend,	0 },
	{ M_CHALLENGE_CANCEL,	auth_challenge_cancel,	0 },
	{ M_OPERATOR_STATUS,	operator_status,	0 },
	{ M_OPERATOR_LOGIN,	operator_login,		0 },
	{ M_OPERATOR_LOGOUT,	operator_logout,	0 },
	{ M_OPERATOR_CLIENT_FIND, operator_client_find,	0 },
	{ M_OPERATOR_CLIENT_GET, operator_client_get,	0 },
	{ M_OPERATOR_IDENTITY_VERIFY, operator_identity_verify, 0 },
	{ M_OPERATOR_PHONE_CHANGE, operator_phone_change, 0 },
	{ M_OPERATOR_PASSWORD_RESET, operator_password_reset, 0 },
	{ M_OPERATOR_AUDIT,	operator_audit,		0 },
	{ M_AUTH_CONFIRM_PHONE,	operator_confirm_phone,	M_NEEDS_SESSION },
	/* borrowing */
	{ M_PRODUCTS_GET,	lending_products_get,	0 },
	{ M_SUPPORT_GET,	lending_support_get,	0 },
	{ M_CALC_QUOTE,		lending_calc_quote,	0 },
	{ M_LOAN_TERMS,		lending_loan_terms,	M_NEEDS_SESSION },
	{ M_LOAN_APPLY,		lending_loan_apply,	M_NEEDS_SESSION },
	{ M_LOAN_LIST,		lending_loan_list,	M_NEEDS_SESSION },
	{ M_LOAN_GET,		lending_loan_get,	M_NEEDS_SESSION },
	{ M_REGISTER_START,	register_start,		0 },
	{ M_REGISTER_STATUS,	register_status,	0 },
	{ M_REGISTER_PROFILE,	register_profile,	0 },
	{ M_REGISTER_CONSENTS,	register_consents,	0 },
	{ M_REGISTER_DOCUMENT,	register_document,	0 },
	{ M_REGISTER_TERMS,	register_terms,		0 },
	{ M_REGISTER_COMPLETE,	register_complete,	0 },
	{ M_AUTH_GOSUSLUGI_START, esia_start,		0 },
	/* cards, payments, history, services */
	{ M_CARD_LIST,		pay_card_list,		M_NEEDS_SESSION },
	{ M_CARD_ADD,		pay_card_add,		M_NEEDS_SESSION },
	{ M_CARD_REMOVE,	pay_card_remove,	M_NEEDS_SESSION },
	{ M_CARD_DEFAULT,	pay_card_default,	M_NEEDS_SESSION },
	{ M_LOAN_DUE,		pay_loan_due,		M_NEEDS_SESSION },
	{ M_LOAN_EXTENSION_TERMS, pay_extension_terms,	M_NEEDS_SESSION },
	{ M_LOAN_EXTEND,	pay_extend,		M_NEEDS_SESSION },
	{ M_PAYMENT_MAKE,	pay_make,		M_NEEDS_SESSION },
	{ M_PAYMENT_HISTORY,	pay_history,		M_NEEDS_SESSION },
	{ M_PAYMENT_SBP_CREATE,	pay_sbp_create,		M_NEEDS_SESSION },
	{ M_PAYMENT_SBP_GET,	pay_sbp_get,		M_NEEDS_SESSION },
	{ M_SERVICE_LIST,	pay_service_list,	M_NEEDS_SESSION },
	{ M_SERVICE_SET,	pay_service_set,	M_NEEDS_SESSION },
	{ M_OUTBOX_LIST,	pay_outbox_list,	0 },
	{ M_DOCUMENTS_LIST,	documents_list,		M_NEEDS_SESSION },
	{ M_DOCUMENTS_GET,	documents_get,		M_NEEDS_SESSION },
};

static gint64	started;

void
methods_init(void)
{
	started = g_get_monotonic_time();
}

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

static void
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

/* Sends (or files in its batch) one answer; a notification's is dropped. */
static void
answer(uint64_t client, struct batch *b, int notification, json_t *msg)
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

static void
call_free(struct call *call)
{
	struct batch	*b = call->batch;

	client_call_end(call->client);
	json_decref(call->id);
	free(call->method);
	json_decref_wipe(call->params);
	free(call);
	if (b != NULL)
		batch_release(b);
}

void
call_reply(struct call *call, json_t *result)
{
	answer(call->client, call->batch, call->notification,
	    rpc_result(call->id, result));
	call_free(call);
}

void
call_error(struct call *call, int code, const char *reason,
    const char *message, json_t *data)
{
	answer(call->client, call->batch, call->notification,
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

static const struct method *
method_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(methods[i].name, name) == 0)
			return &methods[i];
	return NULL;
}

/* An id fit to echo in an error, or NULL (sent as null). */
static const json_t *
usable_id(const json_t *msg)
{
	const json_t	*id;

	if (!json_is_object(msg))
		return NULL;
	id = json_object_get(msg, "id");
	if (json_is_integer(id) || json_is_string(id))
		return id;
	return NULL;
}

/*
 * One request or notification, on its own or from a batch.  A notification
 * runs like a request, but nothing is ever sent back for it, not even an
 * error (JSON-RPC 2.0, section 4.1).
 */
static void
dispatch_one(struct client *c, json_t *msg, struct batch *b)
{
	const struct method	*m;
	const char		*why = NULL, *name, *refusal;
	struct call		*call;
	json_t			*id, *params;
	uint64_t		 cid = client_id(c), prev;
	char			*text;
	int			 note = 0;

	switch (rpc_classify(msg, &why)) {
	case RPC_INVALID:
		answer(cid, b, 0, rpc_error(usable_id(msg),
		    RPC_INVALID_REQUEST, R_INVALID_REQUEST, why, NULL));
		return;
	case RPC_RESPONSE:
		answer(cid, b, 0, rpc_error(NULL, RPC_INVALID_REQUEST,
		    R_INVALID_REQUEST, "the daemon sends no requests to "
		    "answer", NULL));
		return;
	case RPC_NOTIFICATION:
		note = 1;
		break;
	case RPC_REQUEST:
		break;
	}
	id = json_object_get(msg, "id");
	name = json_string_value(json_object_get(msg, "method"));
	if ((m = method_find(name)) == NULL) {
		xasprintf(&text, "unknown method \"%.64s\"", name);
		answer(cid, b, note, rpc_error(id, RPC_METHOD_NOT_FOUND,
		    R_UNKNOWN_METHOD, text, NULL));
		free(text);
		return;
	}
	/* Parameters are by name; an empty list is as good as none. */
	params = json_object_get(msg, "params");
	if (json_is_array(params) && json_array_size(params) == 0)
		params = NULL;
	if (params != NULL && !json_is_object(params)) {
		answer(cid, b, note, rpc_error(id, RPC_INVALID_PARAMS,
		    R_INVALID_PARAMS, "params must be an object", NULL));
		return;
	}
	if (!(m->flags & M_BEFORE_HELLO) && !client_hello_done(c)) {
		answer(cid, b, note, rpc_error(id, RPC_APP_ERROR,
		    R_HELLO_REQUIRED, "say hello first", NULL));
		return;
	}
	if ((m->flags & M_NEEDS_SESSION) &&
	    (refusal = session_refusal()) != NULL) {
		answer(cid, b, note, rpc_error(id, RPC_APP_ERROR, refusal,
		    strcmp(refusal, R_NOT_LOGGED_IN) == 0 ? "not signed in" :
		    "the password must be changed first", NULL));
		return;
	}
	call = xcalloc(1, sizeof *call);
	call->client = cid;
	call->id = note ? NULL : json_deep_copy(id);
	call->notification = note;
	call->method = xstrdup(m->name);
	if ((call->batch = b) != NULL)
		b->holds++;
	/*
	 * Taken out of the request, not copied, so the call holds the only
	 * reference and call_free() wipes any secret in it exactly once.
	 */
	if (params != NULL) {
		call->params = json_incref(params);
		json_object_del(msg, "params");
	} else
		call->params = json_object();
	log_debug("client %llu: %s%s", (unsigned long long)call->client,
	    m->name, note ? " (notification)" : "");
	client_call_begin(c);
	prev = lender_owner_swap(cid);	/* its lender requests are its own */
	m->handler(call);
	lender_owner_swap(prev);
}

void
methods_dispatch(struct client *c, json_t *msg)
{
	struct batch	*b;
	json_t		*elt;
	size_t		 i;

	if (!json_is_array(msg)) {
		dispatch_one(c, msg, NULL);
		return;
	}
	if (json_array_size(msg) == 0) {
		answer(client_id(c), NULL, 0, rpc_error(NULL,
		    RPC_INVALID_REQUEST, R_INVALID_REQUEST, "empty batch",
		    NULL));
		return;
	}
	b = xcalloc(1, sizeof *b);
	b->client = client_id(c);
	b->answers = json_array();
	b->holds = 1;
	/* A call may close the client; the batch then answers no one. */
	json_array_foreach(msg, i, elt) {
		if (client_lookup(b->client) == NULL)
			break;
		dispatch_one(c, elt, b);
	}
	batch_release(b);
}

static void
handle_hello(struct call *call)
{
	struct client	*c;
	uint64_t	 cid = call->client;
	json_t		*proto, *name, *caps;
	char		*text;
	size_t		 i;

	proto = json_object_get(call->params, "protocol");
	name = json_object_get(call->params, "client");
	if (!json_is_integer(proto) || (name != NULL && !json_is_string(name))) {
		call_error(call, RPC_INVALID_PARAMS, R_INVALID_PARAMS,
		    "hello needs {protocol: integer, client: string}", NULL);
		return;
	}
	if (json_integer_value(proto) != KB_PROTOCOL_VERSION) {
		xasprintf(&text, "protocol %lld is not supported; this daemon "
		    "speaks protocol %d",
		    (long long)json_integer_value(proto), KB_PROTOCOL_VERSION);
		call_error(call, RPC_APP_ERROR, R_PROTOCOL_MISMATCH, text,
		    json_pack("{s:[i]}", "supported", KB_PROTOCOL_VERSION));
		free(text);
		return;
	}
	log_debug("client %llu is %s", (unsigned long long)call->client,
	    name != NULL ? json_string_value(name) : "(unnamed)");
	caps = json_array();
	for (i = 0; i < sizeof methods / sizeof methods[0]; i++)
		json_array_append_new(caps, json_string(methods[i].name));
	call_reply(call, json_pack("{s:i, s:s, s:o}",
	    "protocol", KB_PROTOCOL_VERSION,
	    "daemon", "kabinetd/" KB_VERSION,
	    "capabilities", caps));
	/*
	 * Then the lender's state, then whatever on_hello re-offers.  Before
	 * the first health check has finished there is no state to tell: the
	 * check's result is broadcast to every client that has said hello.
	 */
	if ((c = client_lookup(cid)) != NULL && health_known())
		client_notify(c, E_LENDER_STATUS, health_status_json());
	if ((c = client_lookup(cid)) != NULL)
		client_set_hello(c);
}

static void
handle_ping(struct call *call)
{
	call_reply(call, json_pack("{s:b, s:I}", "pong", 1, "uptime",
	    (json_int_t)((g_get_monotonic_time() - started) / G_USEC_PER_SEC)));
}

static void
handle_session_status(struct call *call)
{
	/* auth.c: waits for the stored session, shows the caller's own
	 * pending challenge. */
	auth_status(call);
}
