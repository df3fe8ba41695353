/*
 * lending.c — borrowing: products.get, support.get (the lender's contacts),
 * calc.quote (computed here with lib/calc.h, then checked against the
 * lender's GET /v1/quote), loan.terms,
 * loan.apply (signed by an SMS code through challenge.c), loan.list and
 * loan.get.
 *
 * loan.apply goes through the outbox (outbox.c, kind "application"): its
 * Idempotency-Key and request are on disk before the POST is sent, and a
 * daemon killed in between sends the same key again at its next start;
 * the lender replays its answer: one application, never two.  Its answer
 * (a challenge to sign it) is taken here, by lending_apply_settled().
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/calc.h"
#include "kabinet/date.h"
#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"
#include "challenge.h"

static int
param_int(struct call *call, const char *key, int64_t *v)
{
	json_t	*j = json_object_get(call->params, key);

	if (!json_is_integer(j))
		return -1;
	*v = json_integer_value(j);
	return 0;
}

static void
reply_body(struct call *call, const struct lender_response *r)
{
	if (r->status >= 200 && r->status < 300 && json_is_object(r->body))
		call_reply(call, json_incref(r->body));
	else
		session_call_fail(call, r);
}

/* ---- products.get ---- */

static void
body_done(const struct lender_response *r, void *arg)
{
	reply_body(arg, r);
}

void
lending_products_get(struct call *call)
{
	lender_request("GET", "/v1/products", NULL, NULL, NULL, LENDER_RETRY,
	    body_done, call);
}

/* ---- support.get: the lender's contacts ---- */

void
lending_support_get(struct call *call)
{
	lender_request("GET", "/v1/support", NULL, NULL, NULL, LENDER_RETRY,
	    body_done, call);
}

/* ---- calc.quote ---- */

static json_t *
product_find(const char *id)
{
	json_t	*h = health_json(), *items, *p, *found = NULL;
	size_t	 i;

	items = json_object_get(h, "products");
	json_array_foreach(items, i, p) {
		if (strcmp(json_string_value(json_object_get(p, "id")) != NULL ?
		    json_string_value(json_object_get(p, "id")) : "", id) == 0) {
			found = json_incref(p);
			break;
		}
	}
	json_decref(h);
	return found;
}

/* The product pid (a new reference), or NULL with call failed: no such
 * product, or none known yet while the lender is unreachable. */
static json_t *
product_get(struct call *call, const char *pid)
{
	json_t	*p;

	if ((p = product_find(pid)) == NULL)
		call_fail(call, health_reachable() ? R_PRODUCT_NOT_FOUND :
		    R_LENDER_UNAVAILABLE, health_reachable() ?
		    "no such product" : "the lender's products are not known "
		    "yet");
	return p;
}

static int64_t
pint(const json_t *p, const char *k)
{
	return json_integer_value(json_object_get(p, k));
}

static void
field_error(json_t *fields, const char *field, const char *reason)
{
	json_array_append_new(fields, json_pack("{s:s, s:s}", "field", field,
	    "reason", reason));
}

static void
check_range(json_t *fields, const char *field, int64_t v, int64_t min,
    int64_t max, int64_t step)
{
	if (v < min || v > max)
		field_error(fields, field, "out_of_range");
	else if (step > 0 && (v - min) % step != 0)
		field_error(fields, field, "bad_step");
}

struct quote {
	struct call	*call;
	char		 pid[32];
	struct calc_input in;
	char		 path[160];
};

static void
warn(json_t *warnings, const char *code)
{
	json_array_append_new(warnings, json_pack("{s:s}", "code", code));
}

/* Our own figures, with extra (the enabled paid services) counted
 * toward the charges cap; NULL if the product cannot be quoted. */
static json_t *
quote_ours(struct quote *q, int64_t extra)
{
	struct calc_quote cq;
	json_t		*warnings;
	char		 is[DATE_FMT_LEN], ds[DATE_FMT_LEN], psk[24];

	q->in.extra_charges = extra;
	if (calc_quote(&q->in, &cq) != CALC_OK)
		return NULL;
	warnings = json_array();
	if (cq.flags & CALC_OVER_RATE_CAP)
		warn(warnings, "over_rate_cap");
	if (cq.flags & CALC_OVER_PSK_CAP)
		warn(warnings, "over_psk_cap");
	if (cq.flags & CALC_OVER_CHARGES_CAP)
		warn(warnings, "over_charges_cap");
	if (cq.flags & CALC_CHARGES_CAPPED)
		warn(warnings, "charges_capped");
	if (cq.flags & CALC_CAP_OVER_LAW)
		warn(warnings, "cap_over_law");
	return json_pack("{s:s, s:I, s:I, s:i, s:I, s:I, s:I, s:I, s:s,"
	    " s:s, s:s, s:I, s:I, s:b, s:o}",
	    "product", q->pid, "amount", (json_int_t)q->in.principal,
	    "term", (json_int_t)q->in.term_days,
	    "rate_bp_per_day", q->in.rate_bp_per_day,
	    "interest", (json_int_t)cq.interest,
	    "charges", (json_int_t)cq.charges,
	    "total", (json_int_t)cq.total,
	    "overpayment", (json_int_t)cq.overpayment,
	    "issued_on", date_format_iso(&q->in.start, is, sizeof is),
	    "due_on", date_format_iso(&cq.due, ds, sizeof ds),
	    "psk", calc_psk_format(cq.psk_milli, psk, sizeof psk),
	    "psk_milli", (json_int_t)cq.psk_milli,
	    "services_total", (json_int_t)extra,
	    "checked", 0, "warnings", warnings);
}

/*
 * The lender answered.  Signed in, its answer names the borrower's
 * enabled paid services: they count toward the charges cap, so
 * our figures are made with the same extra charges, then cross-checked.
 */
static void
quote_done(const struct lender_response *r, void *arg)
{
	struct quote	*q = arg;
	json_t		*ours, *warnings, *mine, *theirs, *svc;
	static const char *const fields[] = { "interest", "total",
	    "overpayment", "due_on", "psk_milli" };
	int64_t		 extra = 0;
	size_t		 i;

	if (r->status == 200 && json_is_object(r->body) &&
	    json_is_integer(json_object_get(r->body, "services_total")))
		extra = json_integer_value(json_object_get(r->body,
		    "services_total"));
	if (extra < 0 || (ours = quote_ours(q, extra)) == NULL) {
		call_fail(q->call, R_LENDER_INVALID, "the lender's product "
		    "cannot be quoted");
		free(q);
		return;
	}
	warnings = json_object_get(ours, "warnings");
	svc = r->status == 200 && json_is_object(r->body) ?
	    json_object_get(r->body, "services") : NULL;
	json_object_set_new(ours, "services", json_is_array(svc) ?
	    json_incref(svc) : json_array());
	if (r->status == 200 && json_is_object(r->body)) {
		json_object_set_new(ours, "checked", json_true());
		for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
			mine = json_object_get(ours, fields[i]);
			theirs = json_object_get(r->body, fields[i]);
			if (theirs == NULL || !json_equal(mine, theirs))
				json_array_append_new(warnings, json_pack(
				    "{s:s, s:s, s:O, s:O}", "code",
				    "lender_mismatch", "field", fields[i],
				    "ours", mine, "lender", theirs != NULL ?
				    theirs : json_null()));
		}
	} else if (r->status == 422) {
		/* The lender refuses figures the product allows: say so. */
		json_object_set_new(ours, "checked", json_true());
		json_array_append_new(warnings, json_pack("{s:s, s:s}",
		    "code", "lender_refused", "detail", r->message != NULL ?
		    r->message : ""));
	} else
		warn(warnings, "not_checked");
	call_reply(q->call, ours);
	free(q);
}

void
lending_calc_quote(struct call *call)
{
	const char	*pid = call_param_str(call, "product");
	struct quote	*q;
	json_t		*p, *fields, *ours;
	int64_t		 amount, term;

	if (pid == NULL)
		pid = "payday";
	if (param_int(call, "amount", &amount) != 0 ||
	    param_int(call, "term", &term) != 0) {
		call_bad_params(call, "amount and term must be integers");
		return;
	}
	if ((p = product_get(call, pid)) == NULL)
		return;
	fields = json_array();
	check_range(fields, "amount", amount, pint(p, "min_amount"),
	    pint(p, "max_amount"), pint(p, "step_amount"));
	check_range(fields, "term", term, pint(p, "min_term"),
	    pint(p, "max_term"), pint(p, "step_term"));
	if (json_array_size(fields) != 0) {
		json_decref(p);
		call_error(call, RPC_APP_ERROR, R_VALIDATION,
		    "the amount or term is outside the product",
		    json_pack("{s:o}", "fields", fields));
		return;
	}
	json_decref(fields);
	q = xcalloc(1, sizeof *q);
	q->call = call;
	snprintf(q->pid, sizeof q->pid, "%s", pid);
	q->in.principal = amount;
	q->in.term_days = (int)term;
	q->in.rate_bp_per_day = (int)pint(p, "rate_bp_per_day");
	q->in.start = date_today();
	q->in.charges_cap_percent = (int)pint(p, "charges_cap_percent");
	json_decref(p);
	if ((ours = quote_ours(q, 0)) == NULL) {
		call_fail(call, R_LENDER_INVALID, "the lender's product "
		    "cannot be quoted");
		free(q);
		return;
	}
	json_decref(ours);
	snprintf(q->path, sizeof q->path, "/v1/quote?product=%s&amount=%lld"
	    "&term=%lld", pid, (long long)amount, (long long)term);
	/* Signed in, the lender counts the borrower's paid services. */
	if (session_signed_in())
		session_request("GET", q->path, NULL, NULL, LENDER_RETRY,
		    quote_done, q);
	else
		lender_request("GET", q->path, NULL, NULL, NULL,
		    LENDER_RETRY, quote_done, q);
}

/* ---- loan.terms, loan.list, loan.get ---- */

static int
id_ok(const char *s)
{
	return s != NULL && *s != '\0' && strlen(s) < 64 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_") == strlen(s);
}

/*
 * Terms this daemon has shown and found within the law; loan.apply signs
 * only these.  A few recent ones: a borrower looks at one or two.
 */
#define CHECKED_MAX	8
static char	checked[CHECKED_MAX][65];
static size_t	checked_next;

static void
terms_checked(const char *sha256)
{
	snprintf(checked[checked_next++ % CHECKED_MAX], sizeof checked[0],
	    "%s", sha256);
}

static int
terms_were_checked(const char *sha256)
{
	size_t	i;

	for (i = 0; i < CHECKED_MAX; i++)
		if (checked[i][0] != '\0' && strcmp(checked[i], sha256) == 0)
			return 1;
	return 0;
}

struct terms {
	struct call	*call;
	struct calc_quote ours;
};

/*
 * The lender's terms, checked before they are shown: our ПСК (services
 * left out, as the law says) must be within the caps and the lender's
 * must be ours, whatever it says.
 */
static void
terms_done(const struct lender_response *r, void *arg)
{
	struct terms	*t = arg;
	json_t		*lq, *sha;
	json_int_t	 theirs = -1;

	if (r->status != 200 || !json_is_object(r->body)) {
		reply_body(t->call, r);
		free(t);
		return;
	}
	lq = json_object_get(r->body, "quote");
	if (json_is_integer(json_object_get(lq, "psk_milli")))
		theirs = json_integer_value(json_object_get(lq, "psk_milli"));
	sha = json_object_get(r->body, "sha256");
	if ((t->ours.flags & (CALC_OVER_PSK_CAP | CALC_OVER_RATE_CAP |
	    CALC_CAP_OVER_LAW | CALC_OVER_CHARGES_CAP)) != 0 ||
	    theirs > CALC_PSK_CAP_MILLI ||
	    (theirs >= 0 && theirs != t->ours.psk_milli) ||
	    !json_is_string(sha)) {
		log_warnx("loan terms refused: ПСК %lld (lender %lld), "
		    "flags %#x", (long long)t->ours.psk_milli,
		    (long long)theirs, t->ours.flags);
		call_error(t->call, RPC_APP_ERROR, R_PSK_OVER_CAP,
		    "these terms are over the legal caps or not what the "
		    "product allows; they cannot be signed", json_pack(
		    "{s:I, s:I}", "ours", (json_int_t)t->ours.psk_milli,
		    "lender", theirs));
		free(t);
		return;
	}
	terms_checked(json_string_value(sha));
	reply_body(t->call, r);
	free(t);
}

void
lending_loan_terms(struct call *call)
{
	const char	*pid = call_param_str(call, "product");
	const char	*card = call_param_str(call, "card_id");
	int64_t		 amount, term;
	char		 path[200];
	struct calc_input in;
	struct terms	*t;
	json_t		*p;

	if (pid == NULL)
		pid = "payday";
	if (param_int(call, "amount", &amount) != 0 ||
	    param_int(call, "term", &term) != 0 || !id_ok(pid) ||
	    !id_ok(card)) {
		call_bad_params(call, "amount and term must be integers, "
		    "card_id a card's id");
		return;
	}
	if ((p = product_get(call, pid)) == NULL)
		return;
	t = xcalloc(1, sizeof *t);
	t->call = call;
	memset(&in, 0, sizeof in);
	in.principal = amount;
	in.term_days = (int)term;
	in.rate_bp_per_day = (int)pint(p, "rate_bp_per_day");
	in.start = date_today();
	in.charges_cap_percent = (int)pint(p, "charges_cap_percent");
	json_decref(p);
	if (calc_quote(&in, &t->ours) != CALC_OK) {
		call_fail(call, R_LENDER_INVALID, "the lender's product "
		    "cannot be quoted");
		free(t);
		return;
	}
	snprintf(path, sizeof path, "/v1/loan-terms?product=%s&amount=%lld"
	    "&term=%lld&card_id=%s", pid, (long long)amount, (long long)term,
	    card);
	session_request("GET", path, NULL, NULL, LENDER_RETRY, terms_done, t);
}

/* GET /v1/loans?include=applications: the loans and the applications in
 * one request. */
static void
loans_done(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;
	json_t		*loans, *apps;

	loans = json_object_get(r->body, "items");
	apps = json_object_get(r->body, "applications");
	if (r->status != 200 || !json_is_array(loans) ||
	    !json_is_array(apps)) {
		session_call_fail(call, r);	/* lender_invalid on a 200 */
		return;
	}
	call_reply(call, json_pack("{s:O, s:O}", "loans", loans,
	    "applications", apps));
}

void
lending_loan_list(struct call *call)
{
	session_request("GET", "/v1/loans?include=applications", NULL, NULL,
	    LENDER_RETRY, loans_done, call);
}

static void
get_done(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;

	if (r->status == 404)
		call_fail(call, R_LOAN_NOT_FOUND, "no such loan");
	else
		reply_body(call, r);
}

void
lending_loan_get(struct call *call)
{
	const char	*id = call_param_str(call, "id");
	char		 path[96];

	if (!id_ok(id)) {
		call_bad_params(call, "id must be a loan's id");
		return;
	}
	snprintf(path, sizeof path, "/v1/loans/%s", id);
	session_request("GET", path, NULL, NULL, LENDER_RETRY, get_done, call);
}

/* ---- loan.apply ---- */

struct apply {
	struct call	*call;		/* NULL: resent at start */
};

static void
apply_free(struct apply *a)
{
	free(a);
}

static void
applied_signed(enum challenge_outcome o, const struct lender_response *r,
    void *arg)
{
	struct apply	*a = arg;
	json_t		*app;

	switch (o) {
	case CHALLENGE_OK:
		app = json_object_get(r->body, "application");
		if (app != NULL)
			clients_broadcast(E_APPLICATION_UPDATED, json_pack(
			    "{s:O}", "application", app));
		if (a->call != NULL)
			reply_body(a->call, r);
		break;
	case CHALLENGE_FAILED:
		if (a->call != NULL)
			session_call_fail(a->call, r);
		break;
	case CHALLENGE_EXPIRED:
		if (a->call != NULL)
			call_fail(a->call, R_CHALLENGE_EXPIRED,
			    "the code has expired");
		break;
	case CHALLENGE_CANCELLED:
		if (a->call != NULL)
			call_fail(a->call, R_CHALLENGE_CANCELLED,
			    "the application was not signed");
		break;
	}
	apply_free(a);
}

void
lending_apply_settled(struct call *call, const struct lender_response *r)
{
	struct apply	*a;

	if (r->status != 202) {
		if (call != NULL)
			session_call_fail(call, r);
		return;
	}
	a = xcalloc(1, sizeof *a);
	a->call = call;
	if (challenge_start(call != NULL ? call->client : 0,
	    json_object_get(r->body, "challenge"), CHALLENGE_BEARER,
	    applied_signed, a) == -1) {
		if (call != NULL)
			call_fail(call, R_LENDER_INVALID,
			    "the lender's challenge is malformed");
		apply_free(a);
	}
}

void
lending_loan_apply(struct call *call)
{
	const char	*pid = call_param_str(call, "product");
	const char	*card = call_param_str(call, "card_id");
	const char	*hash = call_param_str(call, "document_sha256");
	int64_t		 amount, term;

	if (pid == NULL)
		pid = "payday";
	if (param_int(call, "amount", &amount) != 0 ||
	    param_int(call, "term", &term) != 0 || !id_ok(pid) ||
	    !id_ok(card) || hash == NULL || strlen(hash) != 64) {
		call_bad_params(call, "amount and term must be integers, "
		    "card_id a card's id, document_sha256 the terms' sha256 "
		    "(loan.terms)");
		return;
	}
	if (!terms_were_checked(hash)) {
		call_fail(call, R_TERMS_NOT_CHECKED, "only terms shown and "
		    "checked by loan.terms can be signed");
		return;
	}
	if (outbox_submit(call, "application", "/v1/applications",
	    json_pack("{s:s, s:I, s:I, s:s, s:s}", "product", pid, "amount",
	    (json_int_t)amount, "term", (json_int_t)term, "card_id", card,
	    "document_hash", hash), lending_apply_settled) == -1)
		call_fail(call, R_INTERNAL, "cannot write the outbox");
}
