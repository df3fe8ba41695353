/*
 * auth.c — the auth.* and challenge.* methods: sign in (with an SMS code on
 * a new device), log out, password recovery and change, and the answers to
 * challenges.
 *
 * Passwords and codes live in the call's params (wiped by methods.c) and in
 * the request bodies built here, which are wiped once their request is
 * over.  None of them, nor a token, is ever logged; phones are masked.
 */
#include <sys/random.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/codec.h"
#include "kabinet/log.h"
#include "kabinet/phone.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"
#include "challenge.h"

#define DEVICE_ID_LEN	32	/* 128 bits in hex */

/* One operation of each kind at a time. */
static int	login_busy, password_busy;

/* Normalises params.phone into out or fails the call. */
static int
take_phone(struct call *call, char *out)
{
	const char		*in = call_param_str(call, "phone");
	enum phone_error	 e;

	if (in == NULL) {
		call_bad_params(call, "phone must be a string");
		return (-1);
	}
	if ((e = phone_normalize(in, out)) != PHONE_OK) {
		call_fail(call, R_INVALID_PHONE, phone_strerror(e));
		return (-1);
	}
	return (0);
}

/*
 * The device id: random, not secret, kept in the state directory so the
 * lender recognises this installation and skips the SMS next time.
 */
static const char *
device_id(void)
{
	static char	 id[DEVICE_ID_LEN + 1];
	unsigned char	 raw[DEVICE_ID_LEN / 2];
	char		*path, *tmp, buf[DEVICE_ID_LEN + 2];
	ssize_t		 n;
	size_t		 i;
	int		 fd;

	if (id[0] != '\0')
		return (id);
	xasprintf(&path, "%s/device-id", cfg.state_dir);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) != -1) {
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n >= DEVICE_ID_LEN &&
		    strspn(buf, "0123456789abcdef") >= DEVICE_ID_LEN) {
			memcpy(id, buf, DEVICE_ID_LEN);
			free(path);
			return (id);
		}
		log_warnx("\"%s\" is malformed; making a new device id", path);
	}
	if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
		fatal("getrandom");
	for (i = 0; i < sizeof raw; i++)
		snprintf(id + 2 * i, 3, "%02x", raw[i]);
	if (g_mkdir_with_parents(cfg.state_dir, 0700) == -1)
		log_warn("mkdir \"%s\"", cfg.state_dir);
	xasprintf(&tmp, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 || write(fd, id, DEVICE_ID_LEN) != DEVICE_ID_LEN ||
	    write(fd, "\n", 1) != 1 || fsync(fd) == -1 ||
	    rename(tmp, path) == -1)
		log_warn("cannot keep the device id in \"%s\"", path);
	if (fd != -1)
		close(fd);
	free(tmp);
	free(path);
	return (id);
}

/* ---- session.status, session.check ---- */

static void
status_ready(void *arg)
{
	session_status_reply(arg);
}

/* A daemon just started answers knowing the lender's state. */
static void
status_restored(void *arg)
{
	health_when_known(status_ready, arg);
}

void
auth_status(struct call *call)
{
	session_when_ready(status_restored, call);
}

/* session.check: the call and the profile's generation when it asked. */
struct check {
	struct call	*call;
	unsigned int	 gen;
};

static void
check_done(const struct lender_response *r, void *arg)
{
	struct check	*c = arg;
	struct call	*call = c->call;
	unsigned int	 gen = c->gen;
	json_t		*p;

	free(c);
	if (r->status >= 200 && r->status < 300) {
		/* An answer older than a change made since is not taken:
		 * the call gets the newer state. */
		if (session_profile_read(json_object_get(r->body, "client"),
		    gen))
			session_changed();
		call_reply(call, session_status_for(call->client));
	} else if (r->reason != NULL &&
	    strcmp(r->reason, R_PASSWORD_CHANGE_REQUIRED) == 0) {
		p = json_pack("{s:b}", "must_change_password", 1);
		session_profile(p);
		json_decref(p);
		call_reply(call, session_status_for(call->client));
	} else
		session_call_fail(call, r);
}

void
auth_check(struct call *call)
{
	struct check	*c;

	if (!session_signed_in()) {
		call_fail(call, R_NOT_LOGGED_IN, "not signed in");
		return;
	}
	c = xcalloc(1, sizeof *c);
	c->call = call;
	c->gen = session_profile_gen();
	session_request("GET", "/v1/profile", NULL, NULL, LENDER_RETRY,
	    check_done, c);
}

/* ---- auth.login ---- */

struct login {
	struct call	*call;
	char		 phone[PHONE_LEN + 1];
	json_t		*body;		/* ours, wiped */
};

static void
login_free(struct login *l)
{
	if (l->body != NULL) {
		codec_wipe(l->body, 0);
		json_decref(l->body);
	}
	free(l);
	login_busy = 0;
}

static void
login_complete(struct login *l, const json_t *bundle)
{
	if (session_signed_in())
		call_fail(l->call, R_ALREADY_LOGGED_IN, "already signed in");
	else if (session_begin(l->phone, bundle) == -1)
		call_fail(l->call, R_LENDER_INVALID,
		    "the lender's session answer is malformed");
	else
		call_reply(l->call, session_status_for(l->call->client));
	login_free(l);
}

static void
login_verified(enum challenge_outcome o, const struct lender_response *r,
    void *arg)
{
	struct login	*l = arg;

	switch (o) {
	case CHALLENGE_OK:
		login_complete(l, r->body);
		return;
	default:
		challenge_call_fail(l->call, o, r, session_call_fail,
		    "the sign-in was cancelled");
		break;
	}
	login_free(l);
}

static int
is_phone_validation(const struct lender_response *r)
{
	json_t	*e;
	size_t	 i;

	if (r->reason == NULL || strcmp(r->reason, R_VALIDATION) != 0)
		return (0);
	json_array_foreach(json_object_get(r->body, "errors"), i, e) {
		if (json_is_string(json_object_get(e, "field")) &&
		    strcmp(json_string_value(json_object_get(e, "field")),
		    "phone") == 0)
			return (1);
	}
	return (0);
}

static void
login_done(const struct lender_response *r, void *arg)
{
	struct login	*l = arg;
	char		 masked[32];

	codec_wipe(l->body, 0);
	json_decref(l->body);
	l->body = NULL;
	phone_mask(l->phone, masked, sizeof masked);
	if (r->status == 200) {
		login_complete(l, r->body);
		return;
	}
	if (r->status == 202) {
		log_info("sign-in of %s needs a code", masked);
		if (challenge_start(l->call->client, json_object_get(r->body,
		    "challenge"), 0, login_verified, l) == -1) {
			call_fail(l->call, R_LENDER_INVALID,
			    "the lender's challenge is malformed");
			login_free(l);
		}
		return;
	}
	log_info("sign-in of %s refused: %ld %s", masked, r->status,
	    r->reason != NULL ? r->reason : "");
	if (is_phone_validation(r))
		call_fail(l->call, R_INVALID_PHONE, "the lender refused the "
		    "phone number");
	else
		session_call_fail(l->call, r);
	login_free(l);
}

static void
login_go(void *arg)
{
	struct call	*call = arg;
	struct login	*l;
	const char	*password = call_param_str(call, "password");
	char		 phone[PHONE_LEN + 1];

	if (take_phone(call, phone) == -1)
		return;
	if (password == NULL || *password == '\0') {
		call_bad_params(call, "password must be a non-empty string");
		return;
	}
	if (session_signed_in()) {
		call_fail(call, R_ALREADY_LOGGED_IN, "already signed in");
		return;
	}
	if (login_busy) {
		call_fail(call, R_BUSY, "a sign-in is already in progress");
		return;
	}
	login_busy = 1;
	l = xcalloc(1, sizeof *l);
	l->call = call;
	memcpy(l->phone, phone, sizeof l->phone);
	l->body = json_pack("{s:s, s:s, s:s}", "phone", phone,
	    "password", password, "device_id", device_id());
	lender_request("POST", "/v1/auth/login", json_incref(l->body), NULL,
	    NULL, 0, login_done, l);
}

void
auth_login(struct call *call)
{
	/* A session being restored at start wins over a new sign-in. */
	session_when_ready(login_go, call);
}

/* ---- auth.logout ---- */

static void
logout_done(const struct lender_response *r, void *arg)
{
	struct call	*call = arg;

	if (r->status < 200 || r->status >= 300)
		log_info("the lender did not confirm the log out (%ld %s); "
		    "signing out here anyway", r->status,
		    r->reason != NULL ? r->reason : "");
	if (session_signed_in())
		session_end(NULL);
	call_reply(call, json_object());
}

void
auth_logout(struct call *call)
{
	if (!session_signed_in()) {
		call_fail(call, R_NOT_LOGGED_IN, "not signed in");
		return;
	}
	/* Revokes the refresh token at the lender, then forgets it here. */
	session_request("POST", "/v1/auth/logout", NULL, NULL, 0,
	    logout_done, call);
}

/* ---- auth.recover ---- */

struct recover {
	struct call	*call;
	json_t		*body;
};

static void
recover_done(const struct lender_response *r, void *arg)
{
	struct recover	*rc = arg;

	codec_wipe(rc->body, 0);
	json_decref(rc->body);
	/* Same answer, registered or not: the lender decides who gets SMS. */
	if (r->status >= 200 && r->status < 300)
		call_reply(rc->call, json_pack("{s:b}", "sent", 1));
	else
		session_call_fail(rc->call, r);
	free(rc);
}

void
auth_recover(struct call *call)
{
	struct recover	*rc;
	const char	*surname = call_param_str(call, "surname");
	char		 phone[PHONE_LEN + 1];

	if (take_phone(call, phone) == -1)
		return;
	if (surname == NULL || *surname == '\0' || strlen(surname) > 200) {
		call_bad_params(call, "surname must be a non-empty string");
		return;
	}
	rc = xcalloc(1, sizeof *rc);
	rc->call = call;
	rc->body = json_pack("{s:s, s:s}", "phone", phone, "surname", surname);
	lender_request("POST", "/v1/auth/password-reset",
	    json_incref(rc->body), NULL, NULL, 0, recover_done, rc);
}

/* ---- auth.change_password ---- */

struct pwchange {
	struct call	*call;
	json_t		*body;
};

static void
pwchange_free(struct pwchange *p)
{
	if (p->body != NULL) {
		codec_wipe(p->body, 0);
		json_decref(p->body);
	}
	free(p);
	password_busy = 0;
}

static void
pwchange_verified(enum challenge_outcome o, const struct lender_response *r,
    void *arg)
{
	struct pwchange	*p = arg;

	switch (o) {
	case CHALLENGE_OK:
		session_password_changed(r->body);
		call_reply(p->call, json_object());
		break;
	default:
		challenge_call_fail(p->call, o, r, session_call_fail,
		    "the password change was cancelled");
		break;
	}
	pwchange_free(p);
}

static void
pwchange_done(const struct lender_response *r, void *arg)
{
	struct pwchange	*p = arg;

	codec_wipe(p->body, 0);
	json_decref(p->body);
	p->body = NULL;
	if (r->status == 202) {
		if (challenge_start(p->call->client, json_object_get(r->body,
		    "challenge"), CHALLENGE_BEARER, pwchange_verified, p) == -1) {
			call_fail(p->call, R_LENDER_INVALID,
			    "the lender's challenge is malformed");
			pwchange_free(p);
		}
		return;
	}
	if (r->status >= 200 && r->status < 300) {
		session_password_changed(r->body);
		call_reply(p->call, json_object());
	} else
		session_call_fail(p->call, r);
	pwchange_free(p);
}

void
auth_change_password(struct call *call)
{
	struct pwchange	*p;
	const char	*old = call_param_str(call, "old_password");
	const char	*new = call_param_str(call, "new_password");
	json_t		*v;

	if (!session_signed_in()) {
		call_fail(call, R_NOT_LOGGED_IN, "not signed in");
		return;
	}
	v = json_object_get(call->params, "old_password");
	if (new == NULL || *new == '\0' || (v != NULL && !json_is_null(v) &&
	    old == NULL)) {
		call_bad_params(call, "new_password must be a non-empty "
		    "string");
		return;
	}
	if ((old == NULL || *old == '\0') &&
	    session_refusal() != NULL) {
		/* password_change: the temporary password is not asked. */
		old = NULL;
	} else if (old == NULL || *old == '\0') {
		call_bad_params(call, "old_password must be a non-empty "
		    "string");
		return;
	}
	if (password_busy) {
		call_fail(call, R_BUSY, "a password change is in progress");
		return;
	}
	password_busy = 1;
	p = xcalloc(1, sizeof *p);
	p->call = call;
	p->body = json_pack("{s:s}", "new_password", new);
	if (old != NULL)
		json_object_set_new(p->body, "old_password", json_string(old));
	session_request("POST", "/v1/auth/password", json_incref(p->body),
	    NULL, 0, pwchange_done, p);
}

/* ---- challenge.* ---- */

static const char *
take_challenge_id(struct call *call)
{
	return call_param_token(call, "challenge_id", 128, CALL_ID_CHARS "-",
	    "challenge_id must be a challenge's id");
}

void
auth_challenge_answer(struct call *call)
{
	const char	*id, *code = call_param_str(call, "code");

	if ((id = take_challenge_id(call)) == NULL)
		return;
	if (code == NULL || *code == '\0' || strlen(code) > 16 ||
	    strspn(code, "0123456789") != strlen(code)) {
		call_bad_params(call, "code must be the digits received");
		return;
	}
	challenge_answer(call, id, code);
}

void
auth_challenge_resend(struct call *call)
{
	const char	*id;

	if ((id = take_challenge_id(call)) != NULL)
		challenge_resend(call, id);
}

void
auth_challenge_cancel(struct call *call)
{
	const char	*id;

	if ((id = take_challenge_id(call)) != NULL)
		challenge_cancel(call, id);
}

/* This installation's device id, for other modules (registration
 * and Gosuslugi send it like a sign-in). */
const char *
auth_device_id(void)
{
	return (device_id());
}
