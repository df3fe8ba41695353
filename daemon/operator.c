/*
 * operator.c — the operator desk: operator.* methods and the borrower's
 * auth.confirm_phone.
 *
 * The operator's session is kept here in memory and nowhere else: support
 * staff work on shared terminal servers where no Secret Service runs and
 * where a token left behind would outlive the shift.  It is separate from
 * the borrower's session (session.c), ends with the daemon, at the
 * lender's shift end, and after idle_timeout seconds without an operator
 * request (our own clock, so an abandoned desk signs out even if nobody
 * asks the lender anything).  Passport data typed by the operator lives
 * only in the call's params and the request body, both wiped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/buf.h"
#include "kabinet/date.h"
#include "kabinet/clock.h"
#include "kabinet/codec.h"
#include "kabinet/log.h"
#include "kabinet/passport.h"
#include "kabinet/phone.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"
#include "challenge.h"

#define OP_LOGIN_MAX	64
#define CLIENT_ID_MAX	64
#define QUERY_MAX	128

static struct {
	char		*token;		/* secret; NULL: signed out */
	char		 login[OP_LOGIN_MAX + 1];
	char		*name;
	char		 role[16];
	time_t		 shift_end;
	long		 idle;		/* seconds */
	time_t		 last_used;
	guint		 timer;
	unsigned int	 gen;		/* bumps when a session begins/ends */
	int		 login_busy;
} op;

/* ---- the session ---- */

static json_t *
op_status_json(void)
{
	char	*shift = NULL, *idle = NULL;
	json_t	*o;

	if (op.token != NULL) {
		shift = timer_iso(op.shift_end);
		idle = timer_iso(op.last_used + op.idle);
	}
	o = json_pack("{s:b, s:s?, s:s?, s:s?, s:s?, s:o, s:s?, s:s}",
	    "signed_in", op.token != NULL,
	    "login", op.token != NULL ? op.login : NULL,
	    "name", op.token != NULL ? op.name : NULL,
	    "role", op.token != NULL ? op.role : NULL,
	    "shift_ends_at", shift,
	    "idle_timeout", op.token != NULL ? json_integer(op.idle) :
	    json_null(),
	    "idle_ends_at", idle,
	    "storage", "memory");
	free(shift);
	free(idle);
	return o;
}

static void
op_broadcast(const char *reason)
{
	json_t	*st = op_status_json();

	if (reason != NULL)
		json_object_set_new(st, "reason", json_string(reason));
	clients_broadcast(E_OPERATOR_CHANGED, st);
}

static void
logout_sent(const struct lender_response *r, void *arg)
{
	(void)arg;
	log_debug("operator log out at the lender: %ld", r->status);
}

/* Forgets the session; tells the lender (best effort) when asked to. */
static void
op_end(const char *reason, int tell_lender)
{
	if (op.token == NULL)
		return;
	if (tell_lender)
		lender_request("POST", "/v1/operator/logout", NULL, op.token,
		    NULL, 0, logout_sent, NULL);
	xfree_secret(op.token);
	op.token = NULL;
	free(op.name);
	op.name = NULL;
	if (op.timer != 0)
		g_source_remove(op.timer);
	op.timer = 0;
	op.gen++;
	log_info("operator %s signed out%s%s", op.login,
	    reason != NULL ? ": " : "", reason != NULL ? reason : "");
	wipe(op.login, sizeof op.login);
	op_broadcast(reason);
}

static gboolean	op_timer_fired(void *);

static void
op_arm_timer(void)
{
	time_t	now = clock_now(), at;

	if (op.timer != 0)
		g_source_remove(op.timer);
	at = op.last_used + op.idle;
	if (op.shift_end < at)
		at = op.shift_end;
	op.timer = timer_add_seconds(at > now ? (guint)(at - now) : 0,
	    op_timer_fired, NULL);
}

/* Why the session must end now, or NULL. */
static const char *
op_over(void)
{
	time_t	now = clock_now();

	if (now >= op.shift_end)
		return R_SHIFT_OVER;
	if (now - op.last_used >= op.idle)
		return R_OPERATOR_IDLE;
	return NULL;
}

static gboolean
op_timer_fired(void *arg)
{
	const char	*why;

	(void)arg;
	op.timer = 0;
	if (op.token == NULL)
		return G_SOURCE_REMOVE;
	if ((why = op_over()) != NULL)
		op_end(why, 1);
	else
		op_arm_timer();
	return G_SOURCE_REMOVE;
}

static int
op_begin(const json_t *b)
{
	const char	*tok, *login, *name, *role;
	json_t		*o = json_object_get(b, "operator"), *v;
	time_t		 end;

	tok = json_string_value(json_object_get(b, "access_token"));
	login = json_string_value(json_object_get(o, "login"));
	name = json_string_value(json_object_get(o, "name"));
	role = json_string_value(json_object_get(o, "role"));
	if (tok == NULL || *tok == '\0' || login == NULL ||
	    strlen(login) > OP_LOGIN_MAX || role == NULL ||
	    (strcmp(role, "operator") != 0 && strcmp(role, "supervisor") != 0))
		return -1;
	end = timer_parse_iso(json_string_value(json_object_get(b,
	    "shift_ends_at")));
	v = json_object_get(b, "expires_in");
	if (end == 0 && json_is_integer(v))
		end = clock_now() + (time_t)json_integer_value(v);
	if (end == 0)
		return -1;
	op.token = xstrdup(tok);
	snprintf(op.login, sizeof op.login, "%s", login);
	op.name = xstrdup(name != NULL ? name : login);
	snprintf(op.role, sizeof op.role, "%s", role);
	op.shift_end = end;
	v = json_object_get(b, "idle_timeout");
	op.idle = json_is_integer(v) && json_integer_value(v) > 0 ?
	    (long)json_integer_value(v) : 15 * 60;
	op.last_used = clock_now();
	op.gen++;
	op_arm_timer();
	log_info("operator %s signed in (%s)", op.login, op.role);
	op_broadcast(NULL);
	return 0;
}

/* ---- requests with the operator's token ---- */

struct opreq {
	struct call	*call;
	json_t		*body;		/* ours, wiped */
	unsigned int	 gen;
	void		(*done)(struct opreq *, const struct lender_response *);
	char		 client_id[CLIENT_ID_MAX + 1];
};

static void
opreq_free(struct opreq *q)
{
	if (q->body != NULL) {
		codec_wipe(q->body, 0);
		json_decref(q->body);
	}
	free(q);
}

static void
opreq_done(const struct lender_response *r, void *arg)
{
	struct opreq	*q = arg;

	if (q->body != NULL) {
		codec_wipe(q->body, 0);
		json_decref(q->body);
		q->body = NULL;
	}
	if (r->status == 401 && q->gen == op.gen && op.token != NULL) {
		/* The lender ended it: shift over, idle, revoked. */
		op_end(R_SESSION_EXPIRED, 0);
		call_fail(q->call, R_SESSION_EXPIRED,
		    "the operator session has ended");
		opreq_free(q);
		return;
	}
	q->done(q, r);
}

/* Sends a request for call with the operator's token, or fails call. */
static void
op_request(struct call *call, const char *method, const char *path,
    json_t *body, void (*done)(struct opreq *, const struct lender_response *),
    const char *client_id)
{
	struct opreq	*q;
	const char	*why;

	if (op.token != NULL && (why = op_over()) != NULL)
		op_end(why, 1);
	if (op.token == NULL) {
		if (body != NULL) {
			codec_wipe(body, 0);
			json_decref(body);
		}
		call_fail(call, R_OPERATOR_NOT_LOGGED_IN,
		    "no operator is signed in");
		return;
	}
	op.last_used = clock_now();
	op_arm_timer();
	q = xcalloc(1, sizeof *q);
	q->call = call;
	q->body = body;
	q->gen = op.gen;
	q->done = done;
	if (client_id != NULL)
		snprintf(q->client_id, sizeof q->client_id, "%s", client_id);
	lender_request(method, path, body != NULL ? json_incref(body) : NULL,
	    op.token, NULL, 0, opreq_done, q);
}

/* Replies with the lender's body on 2xx, else fails; frees q. */
static void
reply_body(struct opreq *q, const struct lender_response *r)
{
	if (r->status >= 200 && r->status < 300 && json_is_object(r->body))
		call_reply(q->call, json_incref(r->body));
	else if (r->status >= 200 && r->status < 300) {
		call_fail(q->call, R_LENDER_INVALID,
		    "the lender's answer is malformed");
	} else
		session_call_fail(q->call, r);
	opreq_free(q);
}

void
operator_call(struct call *call, const char *method, const char *path,
    json_t *body)
{
	op_request(call, method, path, body, reply_body, NULL);
}

/* params.client_id, checked, or fails call. */
static const char *
take_client_id(struct call *call)
{
	return call_param_token(call, "client_id", CLIENT_ID_MAX,
	    CALL_ID_CHARS "-", "client_id must be a client's id");
}

/* A date param as YYYY-MM-DD, not in the future; or fails call. */
static int
take_date(struct call *call, const char *key, char *iso, int required)
{
	const char	*in = call_param_str(call, key);
	struct date	 d, today = date_today();
	enum date_error	 e;

	iso[0] = '\0';
	if ((in == NULL || *in == '\0') && !required)
		return 0;
	if (in == NULL || (e = date_parse(in, &d)) != DATE_OK) {
		call_fail_field(call, key, in == NULL || *in == '\0' ?
		    "required" : "invalid_date",
		    "the date is not a date (DD.MM.YYYY)");
		return -1;
	}
	if (date_cmp(&d, &today) > 0) {
		call_fail_field(call, key, "in_future",
		    "the date is in the future");
		return -1;
	}
	date_format_iso(&d, iso, DATE_FMT_LEN);
	return 0;
}

/* ---- operator.status, login, logout ---- */

void
operator_status(struct call *call)
{
	const char	*why;

	if (op.token != NULL && (why = op_over()) != NULL)
		op_end(why, 1);
	call_reply(call, op_status_json());
}

struct oplogin {
	struct call	*call;
	json_t		*body;
};

static void
oplogin_free(struct oplogin *l)
{
	if (l->body != NULL) {
		codec_wipe(l->body, 0);
		json_decref(l->body);
	}
	free(l);
	op.login_busy = 0;
}

static void
oplogin_complete(struct oplogin *l, const json_t *bundle)
{
	if (op.token != NULL)
		call_fail(l->call, R_ALREADY_LOGGED_IN,
		    "an operator is already signed in");
	else if (op_begin(bundle) == -1)
		call_fail(l->call, R_LENDER_INVALID,
		    "the lender's operator session is malformed");
	else
		call_reply(l->call, op_status_json());
	oplogin_free(l);
}

static void
oplogin_verified(enum challenge_outcome o, const struct lender_response *r,
    void *arg)
{
	struct oplogin	*l = arg;

	switch (o) {
	case CHALLENGE_OK:
		oplogin_complete(l, r->body);
		return;
	default:
		challenge_call_fail(l->call, o, r, session_call_fail,
		    "the sign-in was cancelled");
		break;
	}
	oplogin_free(l);
}

static void
oplogin_done(const struct lender_response *r, void *arg)
{
	struct oplogin	*l = arg;

	codec_wipe(l->body, 0);
	json_decref(l->body);
	l->body = NULL;
	if (r->status == 200) {
		oplogin_complete(l, r->body);
		return;
	}
	if (r->status == 202) {
		if (challenge_start(l->call->client, json_object_get(r->body,
		    "challenge"), 0, oplogin_verified, l) == -1) {
			call_fail(l->call, R_LENDER_INVALID,
			    "the lender's challenge is malformed");
			oplogin_free(l);
		}
		return;
	}
	log_info("operator sign-in refused: %ld %s", r->status,
	    r->reason != NULL ? r->reason : "");
	session_call_fail(l->call, r);
	oplogin_free(l);
}

void
operator_login(struct call *call)
{
	struct oplogin	*l;
	const char	*login = call_param_str(call, "login");
	const char	*pw = call_param_str(call, "password");

	if (login == NULL || *login == '\0' || strlen(login) > OP_LOGIN_MAX) {
		call_bad_params(call, "login must be a non-empty string");
		return;
	}
	if (pw == NULL || *pw == '\0') {
		call_bad_params(call, "password must be a non-empty string");
		return;
	}
	if (op.token != NULL) {
		call_fail(call, R_ALREADY_LOGGED_IN,
		    "an operator is already signed in");
		return;
	}
	if (op.login_busy) {
		call_fail(call, R_BUSY, "a sign-in is already in progress");
		return;
	}
	op.login_busy = 1;
	l = xcalloc(1, sizeof *l);
	l->call = call;
	l->body = json_pack("{s:s, s:s}", "login", login, "password", pw);
	lender_request("POST", "/v1/operator/login", json_incref(l->body),
	    NULL, NULL, 0, oplogin_done, l);
}

static void
logout_done(struct opreq *q, const struct lender_response *r)
{
	(void)r;
	op_end(NULL, 0);
	call_reply(q->call, json_object());
	opreq_free(q);
}

void
operator_logout(struct call *call)
{
	op_request(call, "POST", "/v1/operator/logout", NULL, logout_done,
	    NULL);
}

/* ---- clients ---- */

void
operator_client_find(struct call *call)
{
	const char	*phone_in = call_param_str(call, "phone");
	const char	*contract = call_param_str(call, "contract");
	const char	*surname = call_param_str(call, "surname");
	char		 phone[PHONE_LEN + 1], iso[DATE_FMT_LEN], *path, *esc;
	enum phone_error e;

	if (phone_in != NULL && *phone_in != '\0') {
		if ((e = phone_normalize(phone_in, phone)) != PHONE_OK) {
			call_fail(call, R_INVALID_PHONE, phone_strerror(e));
			return;
		}
		esc = g_uri_escape_string(phone, NULL, FALSE);
		xasprintf(&path, "/v1/operator/clients?phone=%s", esc);
	} else if (contract != NULL && *contract != '\0') {
		if (strlen(contract) > QUERY_MAX) {
			call_fail_field(call, "contract", "too_long",
			    "the contract number is too long");
			return;
		}
		esc = g_uri_escape_string(contract, NULL, FALSE);
		xasprintf(&path, "/v1/operator/clients?contract=%s", esc);
	} else if (surname != NULL && *surname != '\0') {
		if (strlen(surname) > QUERY_MAX) {
			call_fail_field(call, "surname", "too_long",
			    "the surname is too long");
			return;
		}
		if (take_date(call, "birth_date", iso, 1) == -1)
			return;
		esc = g_uri_escape_string(surname, NULL, FALSE);
		xasprintf(&path, "/v1/operator/clients?surname=%s&birth_date=%s",
		    esc, iso);
	} else {
		call_fail_field(call, "phone", "required", "give a phone, a "
		    "contract number, or a surname and a birth date");
		return;
	}
	g_free(esc);
	op_request(call, "GET", path, NULL, reply_body, NULL);
	free(path);
}

void
operator_client_get(struct call *call)
{
	const char	*id;
	char		*path;

	if ((id = take_client_id(call)) == NULL)
		return;
	xasprintf(&path, "/v1/operator/clients/%s", id);
	op_request(call, "GET", path, NULL, reply_body, id);
	free(path);
}

void
operator_identity_verify(struct call *call)
{
	const char		*id, *s_in, *n_in;
	char			 series[PASSPORT_SERIES_LEN + 1];
	char			 number[PASSPORT_NUMBER_LEN + 1];
	char			 iso[DATE_FMT_LEN], *path;

	if ((id = take_client_id(call)) == NULL)
		return;
	s_in = call_param_str(call, "passport_series");
	n_in = call_param_str(call, "passport_number");
	if (s_in == NULL ||
	    passport_series_parse(s_in, series) != PASSPORT_OK) {
		call_fail_field(call, "passport_series", "invalid",
		    "the series is four digits");
		return;
	}
	if (n_in == NULL ||
	    passport_number_parse(n_in, number) != PASSPORT_OK) {
		wipe(series, sizeof series);
		call_fail_field(call, "passport_number", "invalid",
		    "the number is six digits");
		return;
	}
	if (take_date(call, "birth_date", iso, 1) == -1) {
		wipe(series, sizeof series);
		wipe(number, sizeof number);
		return;
	}
	xasprintf(&path, "/v1/operator/clients/%s/identity-check", id);
	op_request(call, "POST", path, json_pack("{s:s, s:s, s:s}",
	    "passport_series", series, "passport_number", number,
	    "birth_date", iso), reply_body, id);
	free(path);
	wipe(series, sizeof series);
	wipe(number, sizeof number);
	wipe(iso, sizeof iso);
}

static void
phone_verified(enum challenge_outcome o, const struct lender_response *r,
    void *arg)
{
	struct opreq	*q = arg;

	switch (o) {
	case CHALLENGE_OK:
		log_info("operator %s changed the phone of %s", op.login,
		    q->client_id);
		if (json_is_object(r->body))
			call_reply(q->call, json_incref(r->body));
		else
			call_reply(q->call, json_pack("{s:b}", "changed", 1));
		break;
	default:
		challenge_call_fail(q->call, o, r, session_call_fail,
		    "the phone change was cancelled");
		break;
	}
	opreq_free(q);
}

static void
phone_done(struct opreq *q, const struct lender_response *r)
{
	if (r->status == 202) {
		if (challenge_start(q->call->client, json_object_get(r->body,
		    "challenge"), 0, phone_verified, q) == -1) {
			call_fail(q->call, R_LENDER_INVALID,
			    "the lender's challenge is malformed");
			opreq_free(q);
		}
		return;
	}
	reply_body(q, r);
}

void
operator_phone_change(struct call *call)
{
	const char		*id, *in = call_param_str(call, "new_phone");
	char			 phone[PHONE_LEN + 1], *path;
	enum phone_error	 e;

	if ((id = take_client_id(call)) == NULL)
		return;
	if (in == NULL) {
		call_bad_params(call, "new_phone must be a string");
		return;
	}
	if ((e = phone_normalize(in, phone)) != PHONE_OK) {
		call_fail(call, R_INVALID_PHONE, phone_strerror(e));
		return;
	}
	xasprintf(&path, "/v1/operator/clients/%s/phone", id);
	op_request(call, "POST", path, json_pack("{s:s}", "new_phone", phone),
	    phone_done, id);
	free(path);
}

void
operator_password_reset(struct call *call)
{
	const char	*id;
	char		*path;

	if ((id = take_client_id(call)) == NULL)
		return;
	xasprintf(&path, "/v1/operator/clients/%s/password-reset", id);
	op_request(call, "POST", path, json_object(), reply_body, id);
	free(path);
}

void
operator_audit(struct call *call)
{
	static const char *const keys[] = { "operator", "client_id", "cursor" };
	static const char *const names[] = { "operator", "client", "cursor" };
	struct buf	 path = BUF_INIT;
	const char	*v, *sep = "?";
	json_t		*lim;
	char		 from[DATE_FMT_LEN], to[DATE_FMT_LEN], *esc;
	size_t		 i;

	if (take_date(call, "from", from, 0) == -1 ||
	    take_date(call, "to", to, 0) == -1)
		return;
	buf_adds(&path, "/v1/operator/audit");
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if ((v = call_param_str(call, keys[i])) == NULL || *v == '\0')
			continue;
		if (strlen(v) > QUERY_MAX) {
			call_fail_field(call, keys[i], "too_long", "too long");
			buf_release(&path);
			return;
		}
		esc = g_uri_escape_string(v, NULL, FALSE);
		buf_addf(&path, "%s%s=%s", sep, names[i], esc);
		g_free(esc);
		sep = "&";
	}
	if (from[0] != '\0') {
		buf_addf(&path, "%sfrom=%s", sep, from);
		sep = "&";
	}
	if (to[0] != '\0') {
		buf_addf(&path, "%sto=%s", sep, to);
		sep = "&";
	}
	if ((lim = json_object_get(call->params, "limit")) != NULL) {
		if (!json_is_integer(lim) || json_integer_value(lim) < 1 ||
		    json_integer_value(lim) > 500) {
			call_bad_params(call, "limit must be 1 to 500");
			buf_release(&path);
			return;
		}
		buf_addf(&path, "%slimit=%d", sep,
		    (int)json_integer_value(lim));
	}
	op_request(call, "GET", path.data, NULL, reply_body, NULL);
	buf_release(&path);
}

/* ---- the borrower confirms a number an operator set ---- */

static void
confirm_verified(enum challenge_outcome o, const struct lender_response *r,
    void *arg)
{
	struct call	*call = arg;

	switch (o) {
	case CHALLENGE_OK:
		session_profile(json_object_get(r->body, "client"));
		session_changed();
		log_info("the borrower confirmed the new phone");
		call_reply(call, session_status_for(call->client));
		return;
	default:
		challenge_call_fail(call, o, r, session_call_fail,
		    "the confirmation was cancelled");
		break;
	}
}

static void
confirm_done(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;
	json_t		*p;

	if (r->status == 202) {
		if (challenge_start(call->client, json_object_get(r->body,
		    "challenge"), CHALLENGE_BEARER, confirm_verified,
		    call) == -1)
			call_fail(call, R_LENDER_INVALID,
			    "the lender's challenge is malformed");
		return;
	}
	if (r->reason != NULL && strcmp(r->reason, "not_restricted") == 0) {
		/* Confirmed meanwhile (another terminal): nothing to do. */
		p = json_pack("{s:b}", "restricted", 0);
		session_profile(p);
		json_decref(p);
		session_changed();
		call_reply(call, session_status_for(call->client));
		return;
	}
	session_call_fail(call, r);
}

void
operator_confirm_phone(struct call *call)
{
	session_request("POST", "/v1/profile/phone/confirm", json_object(),
	    NULL, 0, confirm_done, call);
}
