/*
 * register.c — registration through an application (register.start,
 * status, profile, consents, document, terms, complete).  A profile filled from
 * Gosuslugi names its flow (esia.c), whose secret the lender checks.
 *
 * The registration's id — not secret, no personal data — is kept in
 * $XDG_STATE_HOME/kabinet/registration so a wizard left half-way resumes,
 * even after a daemon restart.  The profile is checked with libkabinet's
 * validators before anything is sent; it is never logged or stored here.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/date.h"
#include "kabinet/codec.h"
#include "kabinet/log.h"
#include "kabinet/name.h"
#include "kabinet/passport.h"
#include "kabinet/personal.h"
#include "kabinet/phone.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"
#include "challenge.h"

#define REG_ID_MAX	64

static char	reg_phone[PHONE_LEN + 1];	/* from register.start */

static int
id_ok(const char *s)
{
	return s != NULL && *s != '\0' && strlen(s) < REG_ID_MAX &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_") == strlen(s);
}

/* ---- the registration id in the state directory ---- */

static char *
reg_path(void)
{
	char	*p;

	xasprintf(&p, "%s/registration", cfg.state_dir);
	return p;
}

static int
reg_id(char *out, size_t len)
{
	char	*path = reg_path(), buf[REG_ID_MAX + 2];
	ssize_t	 n;
	int	 fd;

	out[0] = '\0';
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) != -1) {
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			buf[strcspn(buf, "\n")] = '\0';
			if (id_ok(buf))
				snprintf(out, len, "%s", buf);
		}
	}
	free(path);
	return out[0] != '\0' ? 0 : -1;
}

static void
reg_keep(const char *id)
{
	char	*path = reg_path();
	int	 fd;

	if (g_mkdir_with_parents(cfg.state_dir, 0700) == -1)
		log_warn("mkdir \"%s\"", cfg.state_dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 || write(fd, id, strlen(id)) != (ssize_t)strlen(id) ||
	    write(fd, "\n", 1) != 1)
		log_warn("cannot keep the registration in \"%s\"", path);
	if (fd != -1)
		close(fd);
	free(path);
}

static void
reg_forget(void)
{
	char	*path = reg_path();

	if (unlink(path) == -1 && errno != ENOENT)
		log_warn("unlink \"%s\"", path);
	free(path);
}

/* ---- register.start ---- */

static void
reply_registration(struct call *call, const struct lender_response *r)
{
	json_t	*g = json_object_get(r->body, "registration");

	if (r->status >= 200 && r->status < 300 && json_is_object(g))
		call_reply(call, json_pack("{s:O}", "registration", g));
	else
		session_call_fail(call, r);
}

static void
start_verified(enum challenge_outcome o, const struct lender_response *r,
    void *arg)
{
	struct call	*call = arg;

	switch (o) {
	case CHALLENGE_OK:
		reply_registration(call, r);
		return;
	default:
		challenge_call_fail(call, o, r, session_call_fail,
		    "the registration was cancelled");
		return;
	}
}

static void
start_done(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;
	const char	*id;

	if (r->status != 202) {
		session_call_fail(call, r);
		return;
	}
	id = json_string_value(json_object_get(json_object_get(r->body,
	    "registration"), "id"));
	if (!id_ok(id) || challenge_start(call->client, json_object_get(
	    r->body, "challenge"), 0, start_verified, call) == -1) {
		call_fail(call, R_LENDER_INVALID, "the lender's answer is "
		    "malformed");
		return;
	}
	reg_keep(id);
	log_info("registration %s started", id);
}

void
register_start(struct call *call)
{
	const char		*in = call_param_str(call, "phone");
	char			 phone[PHONE_LEN + 1];
	enum phone_error	 e;

	if (in == NULL) {
		call_bad_params(call, "phone must be a string");
		return;
	}
	if ((e = phone_normalize(in, phone)) != PHONE_OK) {
		call_fail(call, R_INVALID_PHONE, phone_strerror(e));
		return;
	}
	if (session_signed_in()) {
		call_fail(call, R_ALREADY_LOGGED_IN, "already signed in");
		return;
	}
	memcpy(reg_phone, phone, sizeof reg_phone);
	lender_request("POST", "/v1/registrations", json_pack("{s:s, s:s}",
	    "phone", phone, "device_id", auth_device_id()), NULL, NULL, 0,
	    start_done, call);
}

/* ---- register.status, profile, consents, document ---- */

static void
status_done(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;

	if (r->status == 404) {
		reg_forget();
		call_reply(call, json_pack("{s:n}", "registration"));
		return;
	}
	reply_registration(call, r);
}

void
register_status(struct call *call)
{
	char	id[REG_ID_MAX], path[128];

	if (reg_id(id, sizeof id) != 0) {
		call_reply(call, json_pack("{s:n}", "registration"));
		return;
	}
	snprintf(path, sizeof path, "/v1/registrations/%s", id);
	lender_request("GET", path, NULL, NULL, NULL, LENDER_RETRY,
	    status_done, call);
}

static int
need_registration(struct call *call, char *id, size_t len)
{
	if (reg_id(id, len) != 0) {
		call_fail(call, R_NO_REGISTRATION,
		    "no registration in progress; start one");
		return -1;
	}
	return 0;
}

static void
field_error(json_t *fields, const char *field, const char *reason)
{
	json_array_append_new(fields, json_pack("{s:s, s:s}", "field", field,
	    "reason", reason));
}

static const char *
str_field(struct call *call, json_t *fields, const char *key, int required)
{
	const char	*v = call_param_str(call, key);

	if (v == NULL || *v == '\0') {
		if (required)
			field_error(fields, key, "required");
		return NULL;
	}
	return v;
}

/* Checks the profile as the lender will, so nothing is sent until the
 * form is valid; field names are the lender's. */
static json_t *
check_profile(struct call *call)
{
	static const char *const names[] = { "surname", "name", "patronymic" };
	json_t		*fields = json_array(), *income;
	const char	*v, *ser, *num, *div, *bd, *iss, *email;
	struct date	 birth, issued, today = date_today();
	char		*norm, buf[16];
	size_t		 i;
	enum passport_error pe;

	for (i = 0; i < 3; i++) {
		norm = NULL;
		if ((v = str_field(call, fields, names[i], i < 2)) != NULL &&
		    name_normalize(v, &norm) != NAME_OK)
			field_error(fields, names[i], "invalid_name");
		free(norm);
	}
	bd = str_field(call, fields, "birth_date", 1);
	if (bd != NULL && date_parse(bd, &birth) != DATE_OK) {
		field_error(fields, "birth_date", "invalid_date");
		bd = NULL;
	}
	iss = str_field(call, fields, "passport_issued_on", 1);
	if (iss != NULL && date_parse(iss, &issued) != DATE_OK) {
		field_error(fields, "passport_issued_on", "invalid_date");
		iss = NULL;
	}
	ser = str_field(call, fields, "passport_series", 1);
	num = str_field(call, fields, "passport_number", 1);
	div = str_field(call, fields, "division_code", 1);
	if (ser != NULL && passport_series_parse(ser, buf) != PASSPORT_OK)
		field_error(fields, "passport_series", "invalid_series");
	if (num != NULL && passport_number_parse(num, buf) != PASSPORT_OK)
		field_error(fields, "passport_number", "invalid_number");
	if (div != NULL && passport_division_parse(div, buf) != PASSPORT_OK)
		field_error(fields, "division_code", "invalid_division_code");
	if (bd != NULL && date_cmp(&birth, &today) > 0)
		field_error(fields, "birth_date", "in_future");
	else if (bd != NULL && date_age(&birth, &today) < PERSONAL_MIN_AGE)
		field_error(fields, "birth_date", "too_young");
	if (bd != NULL && iss != NULL && (pe = passport_issue_check(&issued,
	    &birth, &today)) != PASSPORT_OK) {
		if (pe != PASSPORT_BAD_BIRTH_DATE)
			field_error(fields, "passport_issued_on",
			    passport_reason(pe));
	}
	str_field(call, fields, "address", 1);
	if ((email = str_field(call, fields, "email", 1)) != NULL &&
	    personal_email_check(email) != NULL)
		field_error(fields, "email", "invalid_email");
	income = json_object_get(call->params, "income");
	if (income == NULL)
		field_error(fields, "income", "required");
	else if (!json_is_integer(income) || json_integer_value(income) < 0)
		field_error(fields, "income", "invalid_income");
	if (json_array_size(fields) == 0) {
		json_decref(fields);
		return NULL;
	}
	return fields;
}

static void
registration_done(const struct lender_response *r, void *arg)
{
	reply_registration(arg, r);
}

void
register_profile(struct call *call)
{
	static const char *const keys[] = { "surname", "name", "patronymic",
	    "birth_date", "passport_series", "passport_number",
	    "passport_issued_on", "division_code", "address", "email",
	    "income" };
	char		 id[REG_ID_MAX], path[160];
	json_t		*fields, *body, *v, *es;
	const char	*proof = NULL;
	size_t		 i;

	if ((fields = check_profile(call)) != NULL) {
		call_error(call, RPC_APP_ERROR, R_VALIDATION,
		    "the profile has errors", json_pack("{s:o}", "fields",
		    fields));
		return;
	}
	if (need_registration(call, id, sizeof id) != 0)
		return;
	es = json_object_get(call->params, "esia_session");
	if (es != NULL && (proof = esia_registration_proof(
	    json_string_value(es))) == NULL) {
		fields = json_array();
		field_error(fields, "esia_session", "not_approved");
		call_error(call, RPC_APP_ERROR, R_VALIDATION,
		    "the Gosuslugi sign-in is not approved or has ended",
		    json_pack("{s:o}", "fields", fields));
		return;
	}
	body = json_object();
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if ((v = json_object_get(call->params, keys[i])) != NULL)
			json_object_set(body, keys[i], v);
	/* The lender knows the flow by its device code, which only the
	 * daemon holds. */
	if (proof != NULL)
		json_object_set_new(body, "esia_session", json_string(proof));
	snprintf(path, sizeof path, "/v1/registrations/%s/profile", id);
	lender_request("PUT", path, body, NULL, NULL, 0, registration_done,
	    call);
}

void
register_consents(struct call *call)
{
	json_t	*accepted = json_object_get(call->params, "accepted");
	char	 id[REG_ID_MAX], path[160];

	if (!json_is_array(accepted)) {
		call_bad_params(call, "accepted must be an array of {document, "
		    "version}");
		return;
	}
	if (need_registration(call, id, sizeof id) != 0)
		return;
	snprintf(path, sizeof path, "/v1/registrations/%s/consents", id);
	lender_request("POST", path, json_pack("{s:O}", "accepted", accepted),
	    NULL, NULL, 0, registration_done, call);
}

static void
document_done(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;

	if (r->status == 200 && json_is_object(r->body))
		call_reply(call, json_incref(r->body));
	else
		session_call_fail(call, r);
}

void
register_document(struct call *call)
{
	const char	*doc = call_param_str(call, "id");
	char		 path[128];

	if (!id_ok(doc)) {
		call_bad_params(call, "id must be a document's id");
		return;
	}
	snprintf(path, sizeof path, "/v1/documents/%s", doc);
	lender_request("GET", path, NULL, NULL, NULL, LENDER_RETRY,
	    document_done, call);
}

/*
 * register.terms: the individual terms of the application the
 * registration will make, shown before the code that signs them; their
 * sha256 goes back in register.complete's application.
 */
void
register_terms(struct call *call)
{
	json_t		*app = json_object_get(call->params, "application");
	const char	*prod = json_string_value(json_object_get(app,
			    "product"));
	json_t		*am = json_object_get(app, "amount");
	json_t		*tm = json_object_get(app, "term");
	char		 id[REG_ID_MAX], path[256];

	if (!id_ok(prod) || !json_is_integer(am) || !json_is_integer(tm)) {
		call_bad_params(call, "application must be an object "
		    "{product, amount, term}");
		return;
	}
	if (need_registration(call, id, sizeof id) != 0)
		return;
	snprintf(path, sizeof path, "/v1/registrations/%s/terms?product=%s&"
	    "amount=%lld&term=%lld", id, prod, (long long)json_integer_value(
	    am), (long long)json_integer_value(tm));
	lender_request("GET", path, NULL, NULL, NULL, LENDER_RETRY,
	    document_done, call);
}

/* ---- register.complete ---- */

struct complete {
	struct call	*call;
	char		 phone[PHONE_LEN + 1];
	json_t		*body;		/* holds the password: wiped */
};

static void
complete_reply(struct call *call, json_t *application)
{
	if (json_is_object(application))
		clients_broadcast(E_APPLICATION_UPDATED, json_pack("{s:O}",
		    "application", application));
	call_reply(call, json_pack("{s:o, s:O}", "session",
	    session_status_for(call->client), "application",
	    application != NULL ? application : json_null()));
}

/*
 * The application made at registration is signed by a code sent for its
 * terms, not by the one that verified the phone (63-FZ art. 9): the
 * borrower is signed in already; register.complete answers once that
 * code is given.
 */
static void
complete_signed(enum challenge_outcome o, const struct lender_response *r,
    void *arg)
{
	struct complete	*c = arg;

	if (o == CHALLENGE_OK)
		complete_reply(c->call, json_object_get(r->body,
		    "application"));
	else
		challenge_call_fail(c->call, o, r, session_call_fail,
		    "the application was not signed");
	free(c);
}

static void
complete_done(const struct lender_response *r, void *arg)
{
	struct complete	*c = arg;

	codec_wipe(c->body, 0);
	json_decref(c->body);
	if (r->status != 201 || !json_is_object(r->body)) {
		session_call_fail(c->call, r);
		free(c);
		return;
	}
	reg_forget();
	if (session_begin(c->phone, r->body) == -1)
		call_fail(c->call, R_LENDER_INVALID,
		    "the lender's session answer is malformed");
	else if (json_is_object(json_object_get(r->body, "challenge")) &&
	    challenge_start(c->call->client, json_object_get(r->body,
	    "challenge"), CHALLENGE_BEARER, complete_signed, c) == 0)
		return;		/* the application's own signature first */
	else
		complete_reply(c->call, json_object_get(r->body,
		    "application"));
	free(c);
}

void
register_complete(struct call *call)
{
	const char	*pw = call_param_str(call, "password");
	const char	*ph = call_param_str(call, "phone");
	json_t		*app = json_object_get(call->params, "application");
	struct complete	*c;
	char		 id[REG_ID_MAX], path[160];

	if (pw == NULL || *pw == '\0' || !json_is_object(app)) {
		call_bad_params(call, "password must be a non-empty string and "
		    "application an object {product, amount, term}");
		return;
	}
	if (need_registration(call, id, sizeof id) != 0)
		return;
	c = xcalloc(1, sizeof *c);
	c->call = call;
	/* After a daemon restart the phone typed at the start is gone: the
	 * client passes it again. */
	if (ph != NULL && phone_normalize(ph, c->phone) != PHONE_OK) {
		free(c);
		call_fail(call, R_INVALID_PHONE, "not a Russian mobile number");
		return;
	}
	if (ph == NULL)
		memcpy(c->phone, reg_phone, sizeof c->phone);
	if (c->phone[0] == '\0') {
		free(c);
		call_bad_params(call, "phone is needed to finish a "
		    "registration started before the daemon restarted");
		return;
	}
	c->body = json_pack("{s:s, s:s, s:O}", "password", pw, "device_id",
	    auth_device_id(), "application", app);
	snprintf(path, sizeof path, "/v1/registrations/%s/complete", id);
	lender_request("POST", path, json_incref(c->body), NULL, NULL, 0,
	    complete_done, c);
}
