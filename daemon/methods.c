/*
 * methods.c — the method table (after tmux's cmd_entry), the top of the
 * daemon: it names every handler.
 *
 * methods_dispatch() checks the JSON-RPC envelope, finds the method, checks
 * its flags (hello, session) and hands the handler a struct call (call.c)
 * it owns until call_reply()/call_error() finish it.  Notifications run
 * and are never answered; a batch's calls share one answer (call.c).
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
	{ M_PAYMENT_SBP_LIST,	pay_sbp_list,		M_NEEDS_SESSION },
	{ M_SERVICE_LIST,	pay_service_list,	M_NEEDS_SESSION },
	{ M_SERVICE_SET,	pay_service_set,	M_NEEDS_SESSION },
	{ M_OUTBOX_LIST,	pay_outbox_list,	0 },
	{ M_DOCUMENTS_LIST,	documents_list,		M_NEEDS_SESSION },
	{ M_DOCUMENTS_GET,	documents_get,		M_NEEDS_SESSION },
	/* notifications */
	{ M_NOTIFICATIONS_LIST,	inbox_list,		M_NEEDS_SESSION },
	{ M_NOTIFICATIONS_READ,	inbox_read,		M_NEEDS_SESSION },
	{ M_ACCOUNT_SUMMARY,	glance_summary,		0 },
	{ M_AUTOPAY_STATUS,	autopay_status,		M_NEEDS_SESSION },
	{ M_AUTOPAY_CONSENT,	autopay_consent,	M_NEEDS_SESSION },
	{ M_AUTOPAY_ON,		autopay_on,		M_NEEDS_SESSION },
	{ M_AUTOPAY_OFF,	autopay_off,		M_NEEDS_SESSION },
	/* appeals */
	{ M_APPEAL_LIST,	appeal_list,		M_NEEDS_SESSION },
	{ M_APPEAL_GET,		appeal_get,		M_NEEDS_SESSION },
	{ M_APPEAL_CREATE,	appeal_create,		M_NEEDS_SESSION },
	{ M_OPERATOR_APPEAL_QUEUE, appeal_queue,	0 },
	{ M_OPERATOR_APPEAL_GET, appeal_desk_get,	0 },
	{ M_OPERATOR_APPEAL_TAKE, appeal_take,		0 },
	{ M_OPERATOR_APPEAL_ANSWER, appeal_answer,	0 },
	{ M_OPERATOR_APPEAL_CLOSE, appeal_close,	0 },
	{ M_PROFILE_GET,	profile_get,		M_NEEDS_SESSION },
	{ M_PROFILE_UPDATE,	profile_update,		M_NEEDS_SESSION },
};

static gint64	started;

void
methods_init(void)
{
	started = g_get_monotonic_time();
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
	json_t			*id, *params, *owned;
	uint64_t		 cid = client_id(c), prev;
	char			*text;
	int			 note = 0;

	switch (rpc_classify(msg, &why)) {
	case RPC_INVALID:
		call_answer(cid, b, 0, rpc_error(usable_id(msg),
		    RPC_INVALID_REQUEST, R_INVALID_REQUEST, why, NULL));
		return;
	case RPC_RESPONSE:
		call_answer(cid, b, 0, rpc_error(NULL, RPC_INVALID_REQUEST,
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
		call_answer(cid, b, note, rpc_error(id, RPC_METHOD_NOT_FOUND,
		    R_UNKNOWN_METHOD, text, NULL));
		free(text);
		return;
	}
	/* Parameters are by name; an empty list is as good as none. */
	params = json_object_get(msg, "params");
	if (json_is_array(params) && json_array_size(params) == 0)
		params = NULL;
	if (params != NULL && !json_is_object(params)) {
		call_answer(cid, b, note, rpc_error(id, RPC_INVALID_PARAMS,
		    R_INVALID_PARAMS, "params must be an object", NULL));
		return;
	}
	if (!(m->flags & M_BEFORE_HELLO) && !client_hello_done(c)) {
		call_answer(cid, b, note, rpc_error(id, RPC_APP_ERROR,
		    R_HELLO_REQUIRED, "say hello first", NULL));
		return;
	}
	if ((m->flags & M_NEEDS_SESSION) &&
	    (refusal = session_refusal()) != NULL) {
		call_answer(cid, b, note, rpc_error(id, RPC_APP_ERROR, refusal,
		    strcmp(refusal, R_NOT_LOGGED_IN) == 0 ? "not signed in" :
		    "the password must be changed first", NULL));
		return;
	}
	/*
	 * Taken out of the request, not copied, so the call holds the only
	 * reference and finishing it wipes any secret in it exactly once.
	 */
	if (params != NULL) {
		owned = json_incref(params);
		json_object_del(msg, "params");
	} else
		owned = json_object();
	call = call_new(c, id, note, m->name, owned, b);
	log_debug("client %llu: %s%s", (unsigned long long)call->client,
	    m->name, note ? " (notification)" : "");
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
		call_answer(client_id(c), NULL, 0, rpc_error(NULL,
		    RPC_INVALID_REQUEST, R_INVALID_REQUEST, "empty batch",
		    NULL));
		return;
	}
	b = batch_new(client_id(c));
	/* A call may close the client; the batch then answers no one. */
	json_array_foreach(msg, i, elt) {
		if (client_lookup(client_id(c)) == NULL)
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
