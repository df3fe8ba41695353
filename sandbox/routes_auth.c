/*
 * routes_auth.c — sign-in: /v1/auth/login, refresh, logout,
 * password-reset, password, and /v1/profile.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/log.h"
#include "kabinet/phone.h"
#include "kabinet/utf8.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

#define LOGIN_PER_MINUTE	10	/* per remote address */
#define RESET_PER_MINUTE	10
#define DEVICE_ID_MAX		128

static int
limited(struct req *r, const char *what, int limit)
{
	char	key[128];
	long	wait;

	snprintf(key, sizeof key, "%s:%s", what, r->remote);
	if ((wait = ratelimit_hit(key, limit, 60)) == 0)
		return 0;
	http_rate_limited(r, strcmp(what, "reset") == 0 ? "password_reset" :
	    what, wait);
	return -1;
}

/* Normalizes the "phone" member, or answers 422 and returns -1. */
static int
body_phone(struct req *r, char *phone)
{
	const char	*in = http_str(r, "phone");

	if (in == NULL || *in == '\0') {
		http_validation(r, "phone", "required");
		return -1;
	}
	if (phone_normalize(in, phone) != PHONE_OK) {
		http_validation(r, "phone", "invalid_phone");
		return -1;
	}
	return 0;
}

/* A hash to check against when the phone is not registered, so both
 * cases cost one yescrypt. */
static const char *
dummy_hash(void)
{
	static char	*h;

	if (h == NULL)
		h = auth_hash_password("not-a-password-0");
	return h != NULL ? h : "*";
}

static int
route_login(struct req *r)
{
	struct account	 a;
	const char	*pw, *dev;
	char		 phone[PHONE_LEN + 1], *hash = NULL;
	time_t		 until;
	int		 found, ok;

	if (limited(r, "login", LOGIN_PER_MINUTE) != 0)
		return 0;
	if (body_phone(r, phone) != 0)
		return 0;
	if ((pw = http_str(r, "password")) == NULL || *pw == '\0')
		return http_validation(r, "password", "required");
	dev = http_str(r, "device_id");
	if (dev == NULL || *dev == '\0' || strlen(dev) > DEVICE_ID_MAX)
		return http_validation(r, "device_id", "required");
	if ((until = auth_locked_until(phone)) != 0)
		return auth_answer_locked(r, until);

	found = auth_account_by_phone(phone, &a) == 0;
	if (found)
		hash = auth_account_hash(a.id);
	ok = auth_check_password(pw, hash != NULL ? hash : dummy_hash());
	free(hash);
	if (!found || !ok)
		return auth_answer_refused(r, phone, "wrong phone or password");
	auth_login_succeeded(phone);
	if (auth_device_known(a.id, dev))
		return http_json(r, 200, auth_session_create(&a, dev));
	return challenge_ask(r, "login", &a,
	    json_pack("{s:s}", "device_id", dev));
}

static int
route_refresh(struct req *r)
{
	const char	*tok = http_str(r, "refresh_token");
	json_t		*bundle;

	if (tok == NULL || *tok == '\0')
		return http_validation(r, "refresh_token", "required");
	if ((bundle = auth_session_refresh(tok)) == NULL)
		return http_problem(r, 401, "invalid_token",
		    "the refresh token is expired or revoked", NULL);
	return http_json(r, 200, bundle);
}

static int
route_logout(struct req *r)
{
	auth_session_revoke(r->session_id);
	return http_empty(r, 204, NULL);
}

/*
 * Case-insensitive comparison of UTF-8 surnames, folding ASCII and
 * Cyrillic (and ё to е, as people type either).
 */
static const char *
surname_next(const char *s, unsigned int *cp)
{
	size_t	used;
	int32_t	c = utf8_decode(s, strlen(s), &used);

	/* anything not UTF-8 compares bytewise */
	*cp = c >= 0 ? (unsigned int)c : (unsigned char)*s | 0x100000;
	return s + used;
}

static unsigned int
fold(unsigned int c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 0x20;
	if (c >= 0x410 && c <= 0x42f)	/* А..Я */
		c += 0x20;
	if (c == 0x401 || c == 0x451)	/* Ё, ё */
		c = 0x435;
	return c;
}

int
auth_surname_equal(const char *a, const char *b)
{
	unsigned int	ca, cb;

	while (*a == ' ')
		a++;
	while (*b == ' ')
		b++;
	while (*a != '\0' && *b != '\0') {
		a = surname_next(a, &ca);
		b = surname_next(b, &cb);
		if (fold(ca) != fold(cb))
			return 0;
	}
	while (*a == ' ')
		a++;
	while (*b == ' ')
		b++;
	return *a == '\0' && *b == '\0';
}

/*
 * Always the same 202 and the same bytes, registered or not; the work
 * done (one yescrypt hash) is the same too.
 */
static int
route_password_reset(struct req *r)
{
	struct account	 a;
	const char	*surname;
	char		 phone[PHONE_LEN + 1], pw[AUTH_TEMP_PASSWORD_LEN + 1];
	char		*hash, *text;
	time_t		 until;

	if (limited(r, "reset", RESET_PER_MINUTE) != 0)
		return 0;
	if (body_phone(r, phone) != 0)
		return 0;
	if ((surname = http_str(r, "surname")) == NULL || *surname == '\0')
		return http_validation(r, "surname", "required");
	auth_temp_password(pw);
	hash = auth_hash_password(pw);
	if (hash != NULL && auth_account_by_phone(phone, &a) == 0 &&
	    auth_surname_equal(surname, a.surname) &&
	    sms_allowed(phone, &until) == 0) {
		auth_set_password(a.id, hash, 1);
		auth_sessions_revoke_others(a.id, 0);
		xasprintf(&text, "Временный пароль для входа в личный "
		    "кабинет: %s. Смените его после входа.", pw);
		sms_send(phone, text, pw);
		xfree_secret(text);
	}
	free(hash);
	wipe(pw, sizeof pw);
	return http_json(r, 202, json_pack("{s:s}", "status", "accepted"));
}

static int
route_password(struct req *r)
{
	struct account	*a = &r->account;
	const char	*old, *new, *rule;
	char		*hash;
	json_t		*data;
	int		 left;

	if ((new = http_str(r, "new_password")) == NULL || *new == '\0')
		return http_validation(r, "new_password", "required");
	hash = auth_account_hash(a->id);
	if (!a->must_change_password) {
		old = http_str(r, "old_password");
		if (old == NULL || *old == '\0') {
			free(hash);
			return http_validation(r, "old_password", "required");
		}
		if (hash == NULL || !auth_check_password(old, hash)) {
			free(hash);
			/* Guessing through this door counts as sign-in. */
			if ((left = auth_login_failed(a->phone)) == 0) {
				auth_sessions_revoke_others(a->id, 0);
				return http_locked(r, "account_locked",
				    auth_locked_until(a->phone),
				    "too many wrong passwords");
			}
			return http_problem(r, 422, "wrong_credentials",
			    "the old password is wrong", json_pack(
			    "{s:i, s:[{s:s, s:s}]}", "attempts_left", left,
			    "errors", "field", "old_password", "code",
			    "wrong_password"));
		}
	}
	rule = auth_password_policy(new, a->phone);
	if (rule == NULL && hash != NULL && auth_check_password(new, hash))
		rule = "same_as_old";
	free(hash);
	if (rule != NULL)
		return http_problem(r, 422, "weak_password",
		    "the new password does not meet the policy",
		    json_pack("{s:[{s:s, s:s}]}", "errors",
		    "field", "new_password", "code", rule));
	if ((hash = auth_hash_password(new)) == NULL)
		return http_problem(r, 500, "internal", "cannot hash", NULL);
	data = json_pack("{s:s, s:I}", "password_hash", hash,
	    "session_id", (json_int_t)r->session_id);
	free(hash);
	return challenge_ask(r, "change_password", a, data);
}

/* /sandbox/profile/hold: GET /v1/profile reads the profile at once and
 * answers this much later, so a test can make its answer arrive after a
 * change the borrower made meanwhile (a stale answer, in order). */
#define PROFILE_HOLD_MAX_MS	60000
static long	profile_hold_ms;

static int
profile_send(struct req *r, void *body)
{
	return http_json(r, 200, body);
}

static void
profile_free(void *body)
{
	json_decref(body);
}

static int
route_profile(struct req *r)
{
	json_t	*body = json_pack("{s:o}", "client",
	    auth_client_json(&r->account, 1));

	if (profile_hold_ms <= 0)
		return http_json(r, 200, body);
	log_info("profile read, answer held %ld ms", profile_hold_ms);
	http_later(r, profile_hold_ms, 0, profile_send, body, profile_free);
	return 0;
}

static int
route_profile_hold(struct req *r)
{
	json_t	*ms = json_object_get(r->json, "ms");

	if (!json_is_integer(ms) || json_integer_value(ms) < 0 ||
	    json_integer_value(ms) > PROFILE_HOLD_MAX_MS)
		return http_validation(r, "ms", "out_of_range");
	profile_hold_ms = (long)json_integer_value(ms);
	return http_json(r, 200, json_pack("{s:O}", "ms", ms));
}

const struct route routes_auth[] = {
	{ "POST", "/v1/auth/login", route_login, R_JSON },
	{ "POST", "/v1/auth/refresh", route_refresh, R_JSON },
	{ "POST", "/v1/auth/logout", route_logout,
	  R_NEEDS_AUTH | R_PW_CHANGE_OK },
	{ "POST", "/v1/auth/password-reset", route_password_reset, R_JSON },
	{ "POST", "/v1/auth/password", route_password,
	  R_JSON | R_NEEDS_AUTH | R_PW_CHANGE_OK },
	{ "GET", "/v1/profile", route_profile, R_NEEDS_AUTH },
	{ "POST", "/sandbox/profile/hold", route_profile_hold,
	  R_SANDBOX | R_JSON },
	{ NULL, NULL, NULL, 0 },
};
