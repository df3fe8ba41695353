/*
 * payments.c — the loan's money: cards (link with an SMS code
 * as a 3-D Secure stand-in, remove, default), what is due today,
 * payments and extensions through the outbox (outbox.c), the payment
 * history, and the optional services.
 *
 * The PAN is checked with lib/card.c, put in the one request body that
 * carries it and wiped from the call's params, our copies and that body
 * once the request is done (session_request wipes the body it was given).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "kabinet/buf.h"
#include "kabinet/card.h"
#include "kabinet/date.h"
#include "kabinet/codec.h"
#include "kabinet/log.h"
#include "kabinet/money.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "challenge.h"
#include "kabinetd.h"

static const char *
str_param(struct call *call, const char *name)
{
	const char	*s = call_param_str(call, name);

	return s != NULL && *s != '\0' ? s : NULL;
}

/* An id for a path segment: letters, digits, _ and -, at most 47. */
static const char *
id_param(struct call *call, const char *name)
{
	const char	*s = str_param(call, name);
	size_t		 i;

	if (s == NULL || strlen(s) > 47) {
		return NULL;
	}
	for (i = 0; s[i] != '\0'; i++)
		if (!g_ascii_isalnum(s[i]) && s[i] != '_' && s[i] != '-')
			return NULL;
	return s;
}

/* The plain answer's body as the result. */
static void
pass_body(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;

	if (r->reason != NULL) {
		session_call_fail(call, r);
		return;
	}
	call_reply(call, r->body != NULL ? json_incref(r->body) :
	    json_object());
}

static void
get_path(struct call *call, const char *fmt, const char *id)
{
	char	*path;

	xasprintf(&path, fmt, id);
	session_request("GET", path, NULL, NULL, LENDER_RETRY, pass_body,
	    call);
	free(path);
}

/* ---- cards ---- */

struct card_list {
	struct call	*call;
	json_t		*items;
};

/* The default card's answer: mark it in the list. */
static void
card_default_got(const struct lender_response *r, void *arg)
{
	struct card_list *cl = arg;
	const char	*def = NULL, *id;
	json_t		*c;
	size_t		 i;

	if (r->reason == NULL)
		def = json_string_value(json_object_get(json_object_get(
		    r->body, "card"), "id"));
	json_array_foreach(cl->items, i, c) {
		id = json_string_value(json_object_get(c, "id"));
		json_object_set_new(c, "default", json_boolean(def != NULL &&
		    id != NULL && strcmp(id, def) == 0));
	}
	call_reply(cl->call, json_pack("{s:o}", "items", cl->items));
	free(cl);
}

/* Every card says whether it is the default, and one at most is. */
static int
cards_marked(json_t *items)
{
	json_t	*c, *d;
	size_t	 i;
	int	 n = 0;

	json_array_foreach(items, i, c) {
		if (!json_is_boolean(d = json_object_get(c, "default")))
			return 0;
		n += json_is_true(d);
	}
	return n <= 1;
}

static void
card_list_got(const struct lender_response *r, void *arg)
{
	struct call	 *call = arg;
	struct card_list *cl;
	json_t		 *items = json_object_get(r->body, "items");

	if (r->reason != NULL || !json_is_array(items)) {
		session_call_fail(call, r);
		return;
	}
	/* A lender that marks the default in the list is asked once. */
	if (cards_marked(items)) {
		call_reply(call, json_pack("{s:O}", "items", items));
		return;
	}
	cl = xcalloc(1, sizeof *cl);
	cl->call = call;
	cl->items = json_deep_copy(items);
	session_request("GET", "/v1/cards/default", NULL, NULL, LENDER_RETRY,
	    card_default_got, cl);
}

void
pay_card_list(struct call *call)
{
	session_request("GET", "/v1/cards", NULL, NULL, LENDER_RETRY,
	    card_list_got, call);
}

static void
card_verified(enum challenge_outcome o, const struct lender_response *r,
    void *arg)
{
	struct call	*call = arg;

	switch (o) {
	case CHALLENGE_OK:
		log_info("a card was linked");
		call_reply(call, json_pack("{s:O}", "card",
		    json_object_get(r->body, "card")));
		return;
	default:
		challenge_call_fail(call, o, r, session_call_fail,
		    "the card link was cancelled");
		break;
	}
}

static void
card_sent(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;

	/* The PAN has left: wipe the caller's copy now, not at the end. */
	codec_wipe(json_object_get(call->params, "pan"), 0);
	challenge_call_start(call, r, CHALLENGE_BEARER, card_verified,
	    session_call_fail);
}

void
pay_card_add(struct call *call)
{
	const char	*pan_in = str_param(call, "pan");
	const char	*exp = str_param(call, "expiry");
	const char	*holder_in = str_param(call, "holder");
	char		 pan[CARD_PAN_MAX + 1], holder[CARD_HOLDER_MAX + 1];
	char		 key[40];
	struct date	 today = date_today();
	json_t		*fields = json_array(), *body;
	int		 m = 0, y = 0;
	enum card_error	 ce;

	pan[0] = '\0';
	if (pan_in == NULL)
		json_array_append_new(fields, json_pack("{s:s, s:s}", "field",
		    "pan", "reason", "required"));
	else if ((ce = card_pan_parse(pan_in, pan)) != CARD_OK)
		json_array_append_new(fields, json_pack("{s:s, s:s}", "field",
		    "pan", "reason", ce == CARD_BAD_CHECKSUM ? "bad_checksum" :
		    ce == CARD_BAD_LENGTH ? "bad_length" : "invalid_pan"));
	else if (card_brand(pan) == CARD_BRAND_OTHER)
		json_array_append_new(fields, json_pack("{s:s, s:s}", "field",
		    "pan", "reason", "unsupported_brand"));
	if (exp == NULL || card_expiry_parse(exp, &m, &y) != CARD_OK)
		json_array_append_new(fields, json_pack("{s:s, s:s}", "field",
		    "expiry", "reason", "invalid_expiry"));
	else if (card_expiry_check(m, y, today.y, today.m) != CARD_OK)
		json_array_append_new(fields, json_pack("{s:s, s:s}", "field",
		    "expiry", "reason", "expired"));
	if (holder_in == NULL || card_holder_normalize(holder_in, holder,
	    sizeof holder) != CARD_OK)
		json_array_append_new(fields, json_pack("{s:s, s:s}", "field",
		    "holder", "reason", "invalid_holder"));
	if (json_array_size(fields) != 0) {
		wipe(pan, sizeof pan);
		codec_wipe(json_object_get(call->params, "pan"), 0);
		call_error(call, RPC_APP_ERROR, R_VALIDATION,
		    "the card is not valid", json_pack("{s:o}", "fields",
		    fields));
		return;
	}
	json_decref(fields);
	body = json_pack("{s:s, s:i, s:i, s:s}", "pan", pan, "exp_month", m,
	    "exp_year", y, "holder", holder);
	wipe(pan, sizeof pan);
	/* A card link is not kept in the outbox (it would need the PAN);
	 * one that is cut short just lapses with its code. */
	snprintf(key, sizeof key, "card-%08x%08x", g_random_int(),
	    g_random_int());
	session_request("POST", "/v1/cards", body, key, 0, card_sent, call);
}

static void
card_removed(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;

	if (r->reason != NULL) {
		session_call_fail(call, r);
		return;
	}
	call_reply(call, json_object());
}

void
pay_card_remove(struct call *call)
{
	const char	*id = id_param(call, "card_id");
	char		*path;

	if (id == NULL) {
		call_bad_params(call, "card_id must be a card's id");
		return;
	}
	xasprintf(&path, "/v1/cards/%s", id);
	session_request("DELETE", path, NULL, NULL, 0, card_removed, call);
	free(path);
}

void
pay_card_default(struct call *call)
{
	const char	*id = id_param(call, "card_id");
	char		*path;

	if (id == NULL) {
		call_bad_params(call, "card_id must be a card's id");
		return;
	}
	xasprintf(&path, "/v1/cards/%s/default", id);
	session_request("POST", path, json_object(), NULL, 0, pass_body, call);
	free(path);
}

/* ---- the loan: due today, payments, extensions ---- */

/*
 * No loan_id: the open loan (one at a time) as GET /v1/loans/{id}/due
 * answers it, from GET /v1/loans?include=due in one request; or
 * {loan:null}.
 */
static void
open_loans(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;
	json_t		*l, *due, *loan;
	const char	*st;
	size_t		 i;

	if (r->reason != NULL) {
		session_call_fail(call, r);
		return;
	}
	json_array_foreach(json_object_get(r->body, "items"), i, l) {
		st = json_string_value(json_object_get(l, "state"));
		if (st == NULL || (strcmp(st, "active") != 0 &&
		    strcmp(st, "overdue") != 0))
			continue;
		if (!json_is_object(due = json_object_get(l, "due_today"))) {
			session_call_fail(call, r);	/* lender_invalid */
			return;
		}
		loan = json_deep_copy(l);
		json_object_del(loan, "due_today");
		call_reply(call, json_pack("{s:o, s:O}", "loan", loan,
		    "due_today", due));
		return;
	}
	call_reply(call, json_pack("{s:n}", "loan"));
}

void
pay_loan_due(struct call *call)
{
	const char	*id = id_param(call, "loan_id");

	if (json_object_get(call->params, "loan_id") == NULL) {
		session_request("GET", "/v1/loans?include=due", NULL, NULL,
		    LENDER_RETRY, open_loans, call);
		return;
	}
	if (id == NULL) {
		call_bad_params(call, "loan_id must be a loan's id");
		return;
	}
	get_path(call, "/v1/loans/%s/due", id);
}

void
pay_extension_terms(struct call *call)
{
	const char	*id = id_param(call, "loan_id");

	if (id == NULL) {
		call_bad_params(call, "loan_id must be a loan's id");
		return;
	}
	get_path(call, "/v1/loans/%s/extension", id);
}

/*
 * Queues kind to path unless the same request already waits unsettled in
 * the outbox (a retry after a crash or a timeout would pay twice): then
 * the caller is told of it and must say confirm_duplicate to go on.
 */
static void	settled(struct call *, const struct lender_response *);

static void
submit_once(struct call *call, const char *kind, const char *path,
    json_t *body)
{
	json_t	*pending;

	if (!json_is_true(json_object_get(call->params, "confirm_duplicate")) &&
	    (pending = outbox_unsettled(kind, path, body)) != NULL) {
		json_decref(body);
		log_info("%s refused: the same one is not settled yet", kind);
		call_error(call, RPC_APP_ERROR, R_PAYMENT_UNSETTLED,
		    strcmp(kind, "extension") != 0 ? "the same payment was made "
		    "before and the lender has not settled it yet; confirm to "
		    "pay a second time" : "the same extension was asked for "
		    "before and the lender has not settled it yet; confirm to "
		    "pay for it a second time", json_pack("{s:o}", "pending",
		    pending));
		return;
	}
	if (outbox_submit(call, kind, path, body, settled) == -1)
		call_fail(call, R_INTERNAL, "the outbox cannot be written");
}

static void
settled(struct call *call, const struct lender_response *r)
{
	if (r->reason != NULL) {
		session_call_fail(call, r);
		return;
	}
	call_reply(call, json_incref(r->body));
}

/* amount: integer kopecks, or text as typed ("1 500,50"). */
static int
amount_param(struct call *call, kopecks_t *out)
{
	json_t		*v = json_object_get(call->params, "amount");
	enum money_parse_error e;

	if (json_is_integer(v)) {
		*out = json_integer_value(v);
	} else if (json_is_string(v)) {
		if ((e = money_parse(json_string_value(v), out)) != MONEY_OK) {
			call_fail_field(call, "amount",
			    e == MONEY_TOO_MANY_DECIMALS ? "too_many_decimals" :
			    e == MONEY_NEGATIVE ? "negative" : "invalid_amount",
			    money_strerror(e));
			return -1;
		}
	} else {
		call_fail_field(call, "amount", "required",
		    "the amount is missing");
		return -1;
	}
	if (*out < 100) {
		call_fail_field(call, "amount", "too_small",
		    "the amount is under 1 RUB");
		return -1;
	}
	return 0;
}

void
pay_make(struct call *call)
{
	const char	*loan = id_param(call, "loan_id");
	const char	*card = id_param(call, "card_id");
	kopecks_t	 amount;
	char		*path;

	if (loan == NULL || card == NULL) {
		call_bad_params(call, "loan_id and card_id must be ids");
		return;
	}
	if (amount_param(call, &amount) == -1)
		return;
	xasprintf(&path, "/v1/loans/%s/payments", loan);
	submit_once(call, "payment", path, json_pack("{s:I, s:s}", "amount",
	    (json_int_t)amount, "card_id", card));
	free(path);
}

/* A СБП payment link for the amount: one outbox entry, as a card
 * payment is, so a crash or a retry never makes two. */
static void
sbp_submit(struct call *call, const char *loan, kopecks_t amount)
{
	char	*path;

	xasprintf(&path, "/v1/loans/%s/sbp", loan);
	submit_once(call, "sbp", path, json_pack("{s:I}", "amount",
	    (json_int_t)amount));
	free(path);
}

/* The loan's links still waiting: one for this amount is the borrower's
 * link again (reopened: true), not a second one; none, or no answer
 * (the outbox sends the new one until the lender takes it): a new link. */
static void
sbp_pending_got(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;
	const char	*loan = id_param(call, "loan_id");
	kopecks_t	 amount;
	json_t		*l;
	size_t		 i;

	if (amount_param(call, &amount) == -1)
		return;
	if (r->reason == NULL)
		json_array_foreach(json_object_get(r->body, "items"), i, l) {
			if (json_integer_value(json_object_get(l, "amount")) !=
			    amount || !json_is_string(json_object_get(l,
			    "status")) || strcmp(json_string_value(
			    json_object_get(l, "status")), "pending") != 0)
				continue;
			log_info("СБП link for the same amount still pending: "
			    "reopened");
			call_reply(call, json_pack("{s:O, s:b}", "sbp", l,
			    "reopened", 1));
			return;
		}
	sbp_submit(call, loan, amount);
}

void
pay_sbp_create(struct call *call)
{
	const char	*loan = id_param(call, "loan_id");
	kopecks_t	 amount;
	char		*path;

	if (loan == NULL) {
		call_bad_params(call, "loan_id must be an id");
		return;
	}
	if (amount_param(call, &amount) == -1)
		return;
	if (json_is_true(json_object_get(call->params, "confirm_duplicate"))) {
		sbp_submit(call, loan, amount);
		return;
	}
	/* No retries: a lender that does not answer is the outbox's. */
	xasprintf(&path, "/v1/loans/%s/sbp", loan);
	session_request("GET", path, NULL, NULL, 0, sbp_pending_got, call);
	free(path);
}

/* The loan's links still waiting to be paid, newest first. */
void
pay_sbp_list(struct call *call)
{
	const char	*id = id_param(call, "loan_id");

	if (id == NULL) {
		call_bad_params(call, "loan_id must be a loan's id");
		return;
	}
	get_path(call, "/v1/loans/%s/sbp", id);
}

void
pay_sbp_get(struct call *call)
{
	const char	*id = id_param(call, "sbp_id");

	if (id == NULL) {
		call_bad_params(call, "sbp_id must be an id");
		return;
	}
	get_path(call, "/v1/sbp/%s", id);
}

void
pay_extend(struct call *call)
{
	const char	*loan = id_param(call, "loan_id");
	const char	*card = id_param(call, "card_id");
	json_t		*d = json_object_get(call->params, "days");
	char		*path;

	if (loan == NULL || card == NULL) {
		call_bad_params(call, "loan_id and card_id must be ids");
		return;
	}
	if (!json_is_integer(d) || json_integer_value(d) < 1 ||
	    json_integer_value(d) > 365) {
		call_fail_field(call, "days", "out_of_range",
		    "days must be a whole number of days");
		return;
	}
	xasprintf(&path, "/v1/loans/%s/extension", loan);
	submit_once(call, "extension", path, json_pack("{s:I, s:s}", "days",
	    (json_int_t)json_integer_value(d), "card_id", card));
	free(path);
}

/* ---- history ---- */

void
pay_history(struct call *call)
{
	static const char *const names[] = { "cursor", "from", "to", "kind",
	    "q", "on_or_before" };
	struct buf	 path = BUF_INIT;
	json_t		*v;
	char		*esc;
	size_t		 i;
	char		 sep = '?', iso[DATE_FMT_LEN];
	const char	*val;
	struct date	 d;

	buf_adds(&path, "/v1/payments");
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		v = json_object_get(call->params, names[i]);
		if (v == NULL || json_is_null(v))
			continue;
		if (!json_is_string(v) || json_string_length(v) > 200) {
			buf_release(&path);
			call_bad_params(call, "history filters must be "
			    "strings");
			return;
		}
		if (json_string_length(v) == 0)
			continue;
		val = json_string_value(v);
		/* A day the calendar lacks is refused here, not by the
		 * lender's generic validation; the lender gets ISO. */
		if (strcmp(names[i], "from") == 0 || strcmp(names[i],
		    "to") == 0 || strcmp(names[i], "on_or_before") == 0) {
			if (date_parse(val, &d) != DATE_OK) {
				buf_release(&path);
				call_fail_field(call, names[i], "invalid_date",
				    "not a calendar date (YYYY-MM-DD)");
				return;
			}
			val = date_format_iso(&d, iso, sizeof iso);
		}
		esc = curl_easy_escape(NULL, val, (int)strlen(val));
		buf_addf(&path, "%c%s=%s", sep, names[i], esc);
		curl_free(esc);
		sep = '&';
	}
	if ((v = json_object_get(call->params, "limit")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 500) {
			buf_release(&path);
			call_bad_params(call, "limit must be 1..500");
			return;
		}
		buf_addf(&path, "%climit=%lld", sep,
		    (long long)json_integer_value(v));
		sep = '&';
	}
	if ((v = json_object_get(call->params, "offset")) != NULL &&
	    !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > INT32_MAX) {
			buf_release(&path);
			call_bad_params(call, "offset must be a whole number "
			    "from 0");
			return;
		}
		buf_addf(&path, "%coffset=%lld", sep,
		    (long long)json_integer_value(v));
	}
	session_request("GET", path.data, NULL, NULL, LENDER_RETRY, pass_body,
	    call);
	buf_release(&path);
}

/* ---- services ---- */

void
pay_service_list(struct call *call)
{
	session_request("GET", "/v1/services", NULL, NULL, LENDER_RETRY,
	    pass_body, call);
}

static void
service_verified(enum challenge_outcome o, const struct lender_response *r,
    void *arg)
{
	struct call	*call = arg;

	switch (o) {
	case CHALLENGE_OK:
		call_reply(call, json_incref(r->body));
		return;
	default:
		challenge_call_fail(call, o, r, session_call_fail,
		    "the change was cancelled");
		break;
	}
}

static void
service_sent(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;

	challenge_call_start(call, r, CHALLENGE_BEARER, service_verified,
	    session_call_fail);
}

void
pay_service_set(struct call *call)
{
	const char	*id = id_param(call, "service_id");
	json_t		*on = json_object_get(call->params, "enabled");
	char		*path;

	if (id == NULL || !json_is_boolean(on)) {
		call_bad_params(call, "service_id must be an id and enabled a "
		    "boolean");
		return;
	}
	xasprintf(&path, "/v1/services/%s", id);
	session_request("PUT", path, json_pack("{s:b}", "enabled",
	    json_is_true(on)), NULL, 0, service_sent, call);
	free(path);
}

void
pay_outbox_list(struct call *call)
{
	call_reply(call, outbox_json());
}
