/*
 * routes_lending.c — GET /v1/quote, /v1/documents, /v1/loan-terms,
 * /v1/applications (POST signed by an SMS code), /v1/loans, /v1/cards and
 * the event stream /v1/events (doc/lender-api.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "kabinet/log.h"
#include "kabinet/phone.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

static int
validation(struct req *r, json_t *errors)
{
	return http_problem(r, 422, "validation", "the request has errors",
	    json_pack("{s:o}", "errors", errors));
}

static int
route_quote(struct req *r)
{
	const struct product *p;
	struct account	 a;
	json_t		*errors = json_array();
	const char	*auth;
	int64_t		 amount, sid;
	int		 term, signed_in = 0;

	/* A borrower's bearer is optional: with one, the enabled paid
	 * services count toward the charges cap. */
	auth = http_header(r, "Authorization");
	if (auth != NULL) {
		if (strncasecmp(auth, "Bearer ", 7) != 0 ||
		    auth_session_lookup(auth + 7, &a, &sid) != 0) {
			json_decref(errors);
			return http_problem(r, 401, "invalid_token", "the "
			    "access token is missing, expired or revoked",
			    NULL);
		}
		signed_in = 1;
	}
	if (lending_check(http_query(r, "product"), http_query(r, "amount"),
	    http_query(r, "term"), &p, &amount, &term, errors) != 0)
		return validation(r, errors);
	json_decref(errors);
	if (signed_in)
		return http_json(r, 200, lending_quote_services_json(p,
		    amount, term, a.id));
	return http_json(r, 200, lending_quote_json(p, amount, term));
}

/* A document as JSON; ?format=text answers the text alone (text/plain),
 * both with X-Document-Sha256 and X-Document-Version. */
static int
text_answer(struct req *r, const char *id, const char *title,
    const char *version, const char *text, json_t *quote)
{
	json_t		*j;
	char		 hash[65];
	const char	*h[] = { "X-Document-Sha256", hash,
	    "X-Document-Version", version, NULL };
	const char	*fmt = http_query(r, "format");

	auth_sha256_hex(text, hash);
	if (fmt != NULL && strcmp(fmt, "text") == 0) {
		json_decref(quote);
		return http_text(r, 200, text, h);
	}
	j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id, "title", title,
	    "version", version, "sha256", hash, "text", text);
	/* The figures the text states, for the client to check. */
	if (quote != NULL)
		json_object_set_new(j, "quote", quote);
	return http_json_headers(r, 200, j, h);
}

static int
route_documents(struct req *r)
{
	return http_json(r, 200, json_pack("{s:o}", "items",
	    lending_documents_json()));
}

static int
route_document(struct req *r)
{
	const char	*text, *title, *version;

	if ((text = lending_document_version(r->arg[0], &title, &version)) ==
	    NULL)
		return http_problem(r, 404, "document_not_found",
		    "no such document", NULL);
	return text_answer(r, r->arg[0], title, version, text, NULL);
}

static int
card_owned(const char *account_id, const char *card_id)
{
	return db_existsf("SELECT 1 FROM cards WHERE id = ? AND account_id = ? "
	    "AND removed_at IS NULL", "tt", card_id, account_id);
}

static int
route_loan_terms(struct req *r)
{
	const struct product *p;
	json_t		*errors = json_array();
	const char	*card = http_query(r, "card_id");
	char		*text;
	int64_t		 amount;
	int		 term;

	lending_check(http_query(r, "product"), http_query(r, "amount"),
	    http_query(r, "term"), &p, &amount, &term, errors);
	if (card != NULL && !card_owned(r->account.id, card))
		json_array_append_new(errors, json_pack("{s:s, s:s}",
		    "field", "card_id", "code", "unknown_card"));
	if (json_array_size(errors) != 0)
		return validation(r, errors);
	json_decref(errors);
	text = lending_terms(p, amount, term, card, r->account.id);
	text_answer(r, "loan_terms", "Индивидуальные условия договора займа",
	    DOC_VERSION, text, lending_quote_services_json(p, amount, term,
	    r->account.id));
	free(text);
	return 0;
}

/* A number member as text, for lending_check(). */
static const char *
num_member(struct req *r, const char *name, char *out, size_t len)
{
	json_t	*v = json_object_get(r->json, name);

	if (v == NULL)
		return NULL;
	if (!json_is_integer(v))
		return "x";
	snprintf(out, len, "%lld", (long long)json_integer_value(v));
	return out;
}

static int
has_consent(const char *account_id, const char *doc)
{
	return db_existsf("SELECT 1 FROM consents WHERE account_id = ? AND "
	    "document = ?", "tt", account_id, doc);
}

static int
fail(struct req *r, int status, const char *code, const char *detail)
{
	idem_abort(r);
	return http_problem(r, status, code, detail, NULL);
}

static int
route_apply(struct req *r)
{
	const struct product *p;
	json_t		*errors, *data;
	const char	*card, *dhash;
	char		 a[24], t[24], hash[65], id[48], chid[48], *text;
	int64_t		 amount;
	int		 term;
	time_t		 until, now = sbclock_now();

	if (idem_begin(r))
		return 0;
	errors = json_array();
	lending_check(http_str(r, "product"), num_member(r, "amount", a,
	    sizeof a), num_member(r, "term", t, sizeof t), &p, &amount, &term,
	    errors);
	if ((card = http_str(r, "card_id")) == NULL || *card == '\0')
		json_array_append_new(errors, json_pack("{s:s, s:s}",
		    "field", "card_id", "code", "required"));
	else if (!card_owned(r->account.id, card))
		json_array_append_new(errors, json_pack("{s:s, s:s}",
		    "field", "card_id", "code", "unknown_card"));
	if ((dhash = http_str(r, "document_hash")) == NULL || *dhash == '\0')
		json_array_append_new(errors, json_pack("{s:s, s:s}",
		    "field", "document_hash", "code", "required"));
	if (json_array_size(errors) != 0) {
		idem_abort(r);
		return validation(r, errors);
	}
	json_decref(errors);
	if (!has_consent(r->account.id, "pep_agreement"))
		return fail(r, 403, "pep_not_accepted",
		    "the simple electronic signature agreement is not "
		    "accepted");
	if (db_intf("SELECT COUNT(*) FROM loans WHERE account_id = ? AND "
	    "state != 'closed'", "t", r->account.id) != 0)
		return fail(r, 409, "loan_active", "repay the current loan "
		    "first");
	if (db_intf("SELECT COUNT(*) FROM applications WHERE account_id "
	    "= ? AND state IN ('submitted', 'under_review', 'approved')", "t",
	    r->account.id) != 0)
		return fail(r, 409, "application_open",
		    "an application is already under review");
	text = lending_terms(p, amount, term, card, r->account.id);
	lending_text_keep(text, hash);
	free(text);
	if (strcmp(hash, dhash) != 0)
		return fail(r, 409, "document_changed",
		    "the loan terms have changed; show them again");
	if ((until = challenge_locked_until(r->account.phone,
	    "application")) != 0) {
		idem_abort(r);
		return http_codes_locked(r, until);
	}
	db_execf("UPDATE applications SET state = 'abandoned', next_at = NULL "
	    "WHERE account_id = ? AND state = 'awaiting_signature'", "t",
	    r->account.id);
	lending_new_id("ap", id, sizeof id);
	db_execf("INSERT INTO applications (id, account_id, product, amount, "
	    "term, rate_bp_per_day, card_id, document_hash, state, created_at, "
	    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
	    "'awaiting_signature', ?, ?)", "tttiiittii", id, r->account.id,
	    p->id, amount, (int64_t)term, (int64_t)p->rate_bp_per_day, card,
	    hash, (int64_t)now, (int64_t)now);
	data = json_pack("{s:s, s:s, s:s, s:s, s:I}", "application_id", id,
	    "document_id", "loan_terms", "document_version", DOC_VERSION,
	    "document_hash", hash, "amount", (json_int_t)amount);
	if (challenge_create("application", r->account.id, r->account.phone,
	    data, chid, sizeof chid, &until) != 0) {
		db_execf("DELETE FROM applications WHERE id = ?", "t", id);
		idem_abort(r);
		return http_rate_limited(r, "sms", (long)(until - now));
	}
	log_info("application %s awaits its signature", id);
	idem_finish(r, 202, json_pack("{s:o, s:o}",
	    "application", lending_application_json(id),
	    "challenge", challenge_json(chid)));
	return 0;
}

int
lending_complete_application(struct req *r, const struct account *a,
    json_t *data)
{
	const char	*id = json_string_value(json_object_get(data,
	    "application_id"));

	if (id == NULL)
		return http_problem(r, 500, "internal", "bad challenge", NULL);
	if (!db_existsf("SELECT 1 FROM applications WHERE id = ? AND "
	    "account_id = ? AND state = 'awaiting_signature'", "tt", id,
	    a->id))
		return http_problem(r, 409, "application_abandoned",
		    "a newer application replaced this one", NULL);
	/* The signature: what was signed (the document, its version and the
	 * hash of its exact text), when, by which phone, under which code. */
	db_execf("INSERT INTO signatures (account_id, application_id, "
	    "document_id, document_version, document_sha256, signed_at, "
	    "phone, challenge_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    "ttttt" "itt", a->id, id, json_string_value(json_object_get(data,
	    "document_id")) != NULL ? json_string_value(json_object_get(data,
	    "document_id")) : "loan_terms", json_string_value(json_object_get(
	    data, "document_version")) != NULL ? json_string_value(
	    json_object_get(data, "document_version")) : DOC_VERSION,
	    json_string_value(json_object_get(data, "document_hash")) != NULL ?
	    json_string_value(json_object_get(data, "document_hash")) : "",
	    (int64_t)sbclock_now(), a->phone,
	    json_string_value(json_object_get(data, "challenge_id")) != NULL ?
	    json_string_value(json_object_get(data, "challenge_id")) : "");
	lending_submit(a->id, id);
	return http_json(r, 200, json_pack("{s:o}", "application",
	    lending_application_json(id)));
}

/* The account's rows that sql selects (by account_id), each by one(). */
static json_t *
list_items(struct req *r, const char *sql, json_t *(*one)(const char *))
{
	sqlite3_stmt	*st;
	json_t		*items = json_array(), *j;

	st = db_queryf(sql, "t", r->account.id);
	while (sqlite3_step(st) == SQLITE_ROW)
		if ((j = one((const char *)sqlite3_column_text(st, 0))) != NULL)
			json_array_append_new(items, j);
	sqlite3_finalize(st);
	return items;
}

static int
owned(const char *table, const char *id, const char *account_id)
{
	char		 sql[96];

	snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE id = ? AND "
	    "account_id = ?", table);
	return db_existsf(sql, "tt", id, account_id);
}

#define APPLICATIONS_SQL	"SELECT id FROM applications WHERE " \
	"account_id = ? AND state != 'abandoned' ORDER BY created_at DESC, " \
	"rowid DESC"

static int
route_applications(struct req *r)
{
	return http_json(r, 200, json_pack("{s:o}", "items", list_items(r,
	    APPLICATIONS_SQL, lending_application_json)));
}

static int
route_application(struct req *r)
{
	if (!owned("applications", r->arg[0], r->account.id))
		return http_problem(r, 404, "application_not_found",
		    "no such application", NULL);
	return http_json(r, 200, json_pack("{s:o}", "application",
	    lending_application_json(r->arg[0])));
}

/* What ?include= may name: what a client would otherwise ask next. */
#define INCLUDE_APPLICATIONS	0x1	/* GET /v1/applications's items */
#define INCLUDE_DUE		0x2	/* each loan's GET /v1/loans/{id}/due */

static const struct {
	const char	*word;
	int		 flag;
} includes[] = {
	{ "applications",	INCLUDE_APPLICATIONS },
	{ "due",		INCLUDE_DUE },
};

/* The flags of a comma list of includes; -1 on a word not among them. */
static int
include_flags(const char *list)
{
	const char	*p = list, *end;
	size_t		 i, n;
	int		 flags = 0, found;

	while (p != NULL) {
		end = strchr(p, ',');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		found = 0;
		for (i = 0; i < sizeof includes / sizeof includes[0]; i++)
			if (strlen(includes[i].word) == n &&
			    strncmp(includes[i].word, p, n) == 0) {
				flags |= includes[i].flag;
				found = 1;
			}
		if (!found)
			return -1;
		p = end != NULL ? end + 1 : NULL;
	}
	return flags;
}

/* A loan with its due_today, as GET /v1/loans/{id}/due answers both. */
static json_t *
loan_with_due(const char *id)
{
	struct pay_loan	 l;
	json_t		*d, *loan;

	if (pay_loan_get(id, NULL, &l) != 0)
		return NULL;
	d = pay_due_json(&l);
	loan = json_incref(json_object_get(d, "loan"));
	json_object_set(loan, "due_today", json_object_get(d, "due_today"));
	json_decref(d);
	return loan;
}

/*
 * The loans, newest first; ?include=applications adds the account's
 * applications (as GET /v1/applications lists them), ?include=due each
 * loan's due_today: one request where a client would make two.
 */
static int
route_loans(struct req *r)
{
	const char	*inc = http_query(r, "include");
	int		 flags = inc != NULL ? include_flags(inc) : 0;
	json_t		*body;

	if (flags == -1)
		return http_validation(r, "include", "unknown_value");
	body = json_pack("{s:o}", "items", list_items(r, "SELECT id FROM "
	    "loans WHERE account_id = ? ORDER BY created_at DESC, rowid DESC",
	    flags & INCLUDE_DUE ? loan_with_due : lending_loan_json));
	if (flags & INCLUDE_APPLICATIONS)
		json_object_set_new(body, "applications", list_items(r,
		    APPLICATIONS_SQL, lending_application_json));
	return http_json(r, 200, body);
}

static int
route_loan(struct req *r)
{
	if (!owned("loans", r->arg[0], r->account.id))
		return http_problem(r, 404, "loan_not_found", "no such loan",
		    NULL);
	return http_json(r, 200, json_pack("{s:o}", "loan",
	    lending_loan_json(r->arg[0])));
}

/* The cards, each saying whether it is the default (as GET
 * /v1/cards/default would answer), so a client needs no second request
 * to mark it. */
static int
route_cards(struct req *r)
{
	sqlite3_stmt	*st;
	json_t		*items = json_array(), *c;
	char		 def[48] = "";
	const char	*id;

	if (pay_default_card(r->account.id, def, sizeof def) != 0)
		def[0] = '\0';
	st = db_queryf("SELECT id FROM cards WHERE account_id = ? AND "
	    "removed_at IS NULL ORDER BY created_at, id", "t", r->account.id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		id = (const char *)sqlite3_column_text(st, 0);
		if (!json_is_object(c = lending_card_json(id))) {
			json_decref(c);
			continue;
		}
		json_object_set_new(c, "default", json_boolean(strcmp(id,
		    def) == 0));
		json_array_append_new(items, c);
	}
	sqlite3_finalize(st);
	return http_json(r, 200, json_pack("{s:o}", "items", items));
}

static int
query_int(struct req *r, const char *name, int64_t max, int64_t *v)
{
	const char	*s = http_query(r, name);
	char		*end;
	long long	 n;

	if (s == NULL || *s == '\0')
		return 0;
	n = strtoll(s, &end, 10);
	if (*end != '\0' || n < 0 || n > max) {
		http_validation(r, name, "out_of_range");
		return -1;
	}
	*v = n;
	return 0;
}

/* The long poll: the connection is suspended (http_later) until an
 * event comes or the wait is over; no thread waits for it. */
static int
events_poll(struct req *r, void *unused)
{
	json_t		*items;
	int64_t		 now = http_now_ms();
	int		 n;

	(void)unused;
	items = events_after(r->account.id, r->poll_after, &n);
	if (n == 0 && !events_stopped() && now < r->poll_until) {
		json_decref(items);
		http_later(r, (long)(r->poll_until - now), 1, events_poll,
		    NULL, NULL);
		return 0;
	}
	return http_json(r, 200, json_pack("{s:o, s:I}", "items", items,
	    "last_seq", (json_int_t)(n == 0 ? r->poll_after :
	    json_integer_value(json_object_get(json_array_get(items, n - 1),
	    "seq")))));
}

static int
route_events(struct req *r)
{
	int64_t		 after = 0, wait = 0;

	if (query_int(r, "after", INT64_MAX / 2, &after) != 0 ||
	    query_int(r, "wait", EVENTS_MAX_WAIT, &wait) != 0)
		return 0;
	r->poll_after = after;
	r->poll_until = http_now_ms() + wait * 1000;
	return events_poll(r, NULL);
}

/*
 * POST /sandbox/product {rate_bp_per_day, charges_cap_percent}: the
 * product as a lender that breaks the law would offer it, so that a
 * client's own checks can be seen to refuse it.
 */
static int
route_sandbox_product(struct req *r)
{
	json_t	*rate = json_object_get(r->json, "rate_bp_per_day");
	json_t	*cap = json_object_get(r->json, "charges_cap_percent");

	if (!json_is_integer(rate) || json_integer_value(rate) < 0 ||
	    json_integer_value(rate) > 1000)
		return http_validation(r, "rate_bp_per_day", "out_of_range");
	if (!json_is_integer(cap) || json_integer_value(cap) < 1 ||
	    json_integer_value(cap) > 1000)
		return http_validation(r, "charges_cap_percent",
		    "out_of_range");
	lending_product_set((int)json_integer_value(rate),
	    (int)json_integer_value(cap));
	/* Every account's event stream hears of it, as a lender announces a
	 * new product: a client re-reads the products instead of polling. */
	db_execf("INSERT INTO events (account_id, type, data, created_at) "
	    "SELECT id, 'products.updated', '{}', ? FROM accounts", "i",
	    (int64_t)sbclock_now());
	http_events_changed();
	return http_json(r, 200, json_pack("{s:O, s:O}", "rate_bp_per_day",
	    rate, "charges_cap_percent", cap));
}

/* GET /v1/signatures: what the borrower has signed, oldest first. */
static int
route_signatures(struct req *r)
{
	sqlite3_stmt	*st;
	json_t		*items = json_array();
	char		 masked[32];

	st = db_queryf("SELECT application_id, document_id, "
	    "document_version, document_sha256, signed_at, phone, "
	    "challenge_id FROM signatures WHERE account_id = ? ORDER BY id",
	    "t", r->account.id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		phone_mask((const char *)sqlite3_column_text(st, 5), masked,
		    sizeof masked);
		json_array_append_new(items, json_pack("{s:s?, s:s, s:s, s:s,"
		    " s:o, s:s, s:s}",
		    "application_id", sqlite3_column_text(st, 0),
		    "document_id", sqlite3_column_text(st, 1),
		    "document_version", sqlite3_column_text(st, 2),
		    "document_sha256", sqlite3_column_text(st, 3),
		    "signed_at", sbclock_json(sqlite3_column_int64(st, 4)),
		    "phone_masked", masked,
		    "challenge_id", sqlite3_column_text(st, 6)));
	}
	sqlite3_finalize(st);
	return http_json(r, 200, json_pack("{s:o}", "items", items));
}

const struct route routes_lending[] = {
	{ "GET", "/v1/signatures", route_signatures, R_NEEDS_AUTH },
	{ "POST", "/sandbox/product", route_sandbox_product,
	  R_SANDBOX | R_JSON },
	{ "GET", "/v1/quote", route_quote, 0 },
	{ "GET", "/v1/documents", route_documents, 0 },
	{ "GET", "/v1/documents/*", route_document, 0 },
	{ "GET", "/v1/loan-terms", route_loan_terms, R_NEEDS_AUTH },
	{ "POST", "/v1/applications", route_apply,
	  R_NEEDS_AUTH | R_JSON | R_MONEY },
	{ "GET", "/v1/applications", route_applications, R_NEEDS_AUTH },
	{ "GET", "/v1/applications/*", route_application, R_NEEDS_AUTH },
	{ "GET", "/v1/loans", route_loans, R_NEEDS_AUTH },
	{ "GET", "/v1/loans/*", route_loan, R_NEEDS_AUTH },
	{ "GET", "/v1/cards", route_cards, R_NEEDS_AUTH },
	{ "GET", "/v1/events", route_events, R_NEEDS_AUTH },
	{ NULL, NULL, NULL, 0 },
};
