/*
 * auth.c — accounts, passwords, sessions, devices and the lock-out.
 *
 * Passwords are yescrypt hashes (libxcrypt).  Access and refresh tokens
 * are 32 random bytes from getrandom(), base64url, and only their SHA-256
 * is stored, so a copy of the database signs nobody in.  Login failures
 * are counted per phone whether or not it is registered: the answers of a
 * registered and an unregistered phone are alike.  Callers hold sb_lock().
 */
#include <crypt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "kabinet/log.h"
#include "kabinet/phone.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

#define PASSWORD_MIN	8
#define PASSWORD_MAX	128

char *
auth_hash_password(const char *pw)
{
	struct crypt_data *cd;
	char		*setting, *h, *out = NULL;

	setting = crypt_gensalt_ra("$y$", 0, NULL, 0);
	if (setting == NULL) {
		log_warn("crypt_gensalt_ra");
		return NULL;
	}
	cd = xcalloc(1, sizeof *cd);
	h = crypt_r(pw, setting, cd);
	if (h != NULL && h[0] != '*')
		out = xstrdup(h);
	else
		log_warnx("crypt_r failed");
	wipe(cd, sizeof *cd);
	free(cd);
	free(setting);
	return out;
}

int
auth_check_password(const char *pw, const char *hash)
{
	struct crypt_data *cd;
	const char	*h;
	size_t		 i, n;
	unsigned char	 diff = 0;
	int		 ok = 0;

	cd = xcalloc(1, sizeof *cd);
	h = crypt_r(pw, hash, cd);
	if (h != NULL && h[0] != '*' && (n = strlen(h)) == strlen(hash)) {
		for (i = 0; i < n; i++)
			diff |= (unsigned char)(h[i] ^ hash[i]);
		ok = diff == 0;
	}
	wipe(cd, sizeof *cd);
	free(cd);
	return ok;
}

const char *
auth_password_policy(const char *pw, const char *phone)
{
	size_t		 len = strlen(pw);
	const char	*p;
	int		 letter = 0, digit = 0;

	if (len < PASSWORD_MIN)
		return "too_short";
	if (len > PASSWORD_MAX)
		return "too_long";
	for (p = pw; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c >= '0' && c <= '9')
			digit = 1;
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			letter = 1;
		else if (c >= 0x80)	/* UTF-8: Cyrillic and the like */
			letter = 1;
	}
	if (!letter || !digit)
		return "needs_letter_and_digit";
	/* "+79001234567": the ten national digits anywhere in it. */
	if (phone != NULL && strlen(phone) == PHONE_LEN &&
	    strstr(pw, phone + 2) != NULL)
		return "contains_phone";
	return NULL;
}

static int
auth_account_from(sqlite3_stmt *st, struct account *a)
{
	int	found = 0;

	memset(a, 0, sizeof *a);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(a->id, sizeof a->id, "%s",
		    (const char *)sqlite3_column_text(st, 0));
		snprintf(a->phone, sizeof a->phone, "%s",
		    (const char *)sqlite3_column_text(st, 1));
		snprintf(a->surname, sizeof a->surname, "%s",
		    (const char *)sqlite3_column_text(st, 2));
		snprintf(a->given, sizeof a->given, "%s",
		    (const char *)sqlite3_column_text(st, 3));
		a->must_change_password = sqlite3_column_int(st, 4);
		a->restricted = sqlite3_column_int(st, 5);
		found = 1;
	}
	sqlite3_finalize(st);
	return found ? 0 : -1;
}

#define ACCOUNT_COLS	"id, phone, surname, given_name, " \
			"must_change_password, restricted"

int
auth_account_by_phone(const char *phone, struct account *a)
{
	sqlite3_stmt	*st;

	st = db_queryf("SELECT " ACCOUNT_COLS " FROM accounts "
	    "WHERE phone = ?", "t", phone);
	return auth_account_from(st, a);
}

int
auth_account_by_id(const char *id, struct account *a)
{
	sqlite3_stmt	*st;

	st = db_queryf("SELECT " ACCOUNT_COLS " FROM accounts WHERE id = ?",
	    "t", id);
	return auth_account_from(st, a);
}

char *
auth_account_hash(const char *id)
{
	sqlite3_stmt	*st;
	char		*h = NULL;

	st = db_queryf("SELECT password_hash FROM accounts WHERE id = ?", "t",
	    id);
	if (sqlite3_step(st) == SQLITE_ROW)
		h = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return h;
}

int
auth_set_password(const char *id, const char *hash, int must_change)
{
	return db_execf("UPDATE accounts SET password_hash = ?, "
	    "must_change_password = ? WHERE id = ?", "tit", hash,
	    (int64_t)must_change, id) == 1 ? 0 : -1;
}

void
auth_random_token(char *out, size_t len)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char	 r[33];	/* 32 random bytes, one spare zero */
	size_t		 i, o = 0;
	uint32_t	 v;

	if (len < 44)
		fatalx("token buffer too small");
	memset(r, 0, sizeof r);
	while (getrandom(r, 32, 0) != 32)
		;
	for (i = 0; i < 33; i += 3) {
		v = (uint32_t)r[i] << 16 | (uint32_t)r[i + 1] << 8 | r[i + 2];
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = b64[v >> 6 & 63];
		out[o++] = b64[v & 63];
	}
	out[43] = '\0';	/* 32 bytes are 43 characters unpadded */
	wipe(r, sizeof r);
}

void
auth_sha256_hex(const char *s, char *out)
{
	unsigned char	d[32];
	int		i;

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, s, strlen(s), d) != 0)
		fatalx("gnutls_hash_fast failed");
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

time_t
auth_locked_until(const char *phone)
{
	time_t	until;

	until = (time_t)db_intf("SELECT locked_until FROM login_failures "
	    "WHERE phone = ?", "t", phone);
	return until > sbclock_now() ? until : 0;
}

int
auth_login_failed(const char *phone)
{
	int	failures;

	db_execf("INSERT INTO login_failures (phone, failures) VALUES (?, 1) "
	    "ON CONFLICT (phone) DO UPDATE SET failures = failures + 1",
	    "t", phone);
	failures = (int)db_intf("SELECT failures FROM login_failures WHERE "
	    "phone = ?", "t", phone);
	if (failures < LOGIN_MAX_FAILURES)
		return LOGIN_MAX_FAILURES - failures;
	db_execf("UPDATE login_failures SET failures = 0, locked_until = ? "
	    "WHERE phone = ?", "it",
	    (int64_t)(sbclock_now() + LOGIN_LOCK_SECONDS), phone);
	return 0;
}

int
auth_answer_locked(struct req *r, time_t until)
{
	return http_locked(r, "account_locked", until,
	    "too many failed sign-ins; try again later");
}

int
auth_answer_refused(struct req *r, const char *key, const char *detail)
{
	int	left;

	if ((left = auth_login_failed(key)) == 0)
		return auth_answer_locked(r, auth_locked_until(key));
	return http_problem(r, 401, "wrong_credentials", detail,
	    json_pack("{s:i}", "attempts_left", left));
}

void
auth_login_succeeded(const char *phone)
{
	db_execf("DELETE FROM login_failures WHERE phone = ?", "t", phone);
}

int
auth_device_known(const char *account_id, const char *device_id)
{
	char	h[65];

	auth_sha256_hex(device_id, h);
	return db_existsf("SELECT 1 FROM devices WHERE account_id = ? "
	    "AND device_hash = ?", "tt", account_id, h);
}

void
auth_device_remember(const char *account_id, const char *device_id)
{
	char	h[65];

	auth_sha256_hex(device_id, h);
	db_execf("INSERT OR IGNORE INTO devices VALUES (?, ?, ?)", "tti",
	    account_id, h, (int64_t)sbclock_now());
}

json_t *
auth_client_json(const struct account *a, int full)
{
	char	 masked[32], *name;
	json_t	*o;

	phone_mask(a->phone, masked, sizeof masked);
	xasprintf(&name, "%s %s", a->given, a->surname);
	o = json_pack("{s:s, s:s, s:s, s:b}", "id", a->id, "name", name,
	    "phone_masked", masked, "restricted", a->restricted);
	if (full) {
		json_object_set_new(o, "surname", json_string(a->surname));
		json_object_set_new(o, "must_change_password",
		    json_boolean(a->must_change_password));
	}
	free(name);
	return o;
}

static json_t *
auth_bundle(const struct account *a, const char *access, const char *refresh)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:b, s:o}",
	    "access_token", access,
	    "refresh_token", refresh,
	    "token_type", "Bearer",
	    "expires_in", (json_int_t)sb_cfg.access_ttl,
	    "refresh_expires_in", (json_int_t)sb_cfg.refresh_ttl,
	    "must_change_password", a->must_change_password,
	    "client", auth_client_json(a, 0));
}

json_t *
auth_session_create(const struct account *a, const char *device_id)
{
	char	 access[44], refresh[44], ah[65], rh[65], dh[65];
	time_t	 now = sbclock_now();
	json_t	*bundle;

	auth_random_token(access, sizeof access);
	auth_random_token(refresh, sizeof refresh);
	auth_sha256_hex(access, ah);
	auth_sha256_hex(refresh, rh);
	auth_sha256_hex(device_id != NULL ? device_id : "", dh);
	db_execf("INSERT INTO sessions (account_id, device_hash, access_hash, "
	    "access_expires, refresh_hash, refresh_expires, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)", "tttitii", a->id, dh, ah,
	    (int64_t)(now + sb_cfg.access_ttl), rh,
	    (int64_t)(now + sb_cfg.refresh_ttl), (int64_t)now);
	bundle = auth_bundle(a, access, refresh);
	wipe(access, sizeof access);
	wipe(refresh, sizeof refresh);
	return bundle;
}

json_t *
auth_session_refresh(const char *refresh_token)
{
	sqlite3_stmt	*st;
	struct account	 a;
	char		 access[44], refresh[44], ah[65], rh[65], old[65];
	char		*account_id = NULL;
	int64_t		 id = 0;
	time_t		 now = sbclock_now();
	json_t		*bundle = NULL;

	auth_sha256_hex(refresh_token, old);
	/* The current refresh token, or the one it replaced while the new
	 * pair has not been used: the answer of a rotation may be lost (a
	 * client killed, a connection dropped) after the rotation is
	 * stored, and the client must then be able to ask again. */
	st = db_queryf("SELECT id, account_id FROM sessions "
	    "WHERE (refresh_hash = ? OR prev_refresh_hash = ?) AND "
	    "refresh_expires > ?", "tti", old, old, (int64_t)now);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		account_id = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (account_id == NULL)
		return NULL;
	if (auth_account_by_id(account_id, &a) == 0) {
		auth_random_token(access, sizeof access);
		auth_random_token(refresh, sizeof refresh);
		auth_sha256_hex(access, ah);
		auth_sha256_hex(refresh, rh);
		/* Rotation: the old access token is void, and so is the
		 * old refresh token once the new pair is used. */
		db_execf("UPDATE sessions SET access_hash = ?, "
		    "access_expires = ?, refresh_hash = ?, refresh_expires = ?, "
		    "prev_refresh_hash = ? WHERE id = ?", "tititi", ah,
		    (int64_t)(now + sb_cfg.access_ttl), rh,
		    (int64_t)(now + sb_cfg.refresh_ttl), old, id);
		bundle = auth_bundle(&a, access, refresh);
		wipe(access, sizeof access);
		wipe(refresh, sizeof refresh);
	}
	free(account_id);
	return bundle;
}

int
auth_session_lookup(const char *access_token, struct account *a,
    int64_t *session_id)
{
	sqlite3_stmt	*st;
	char		 h[65], *account_id = NULL;
	int		 rc = -1;

	auth_sha256_hex(access_token, h);
	st = db_queryf("SELECT id, account_id FROM sessions "
	    "WHERE access_hash = ? AND access_expires > ?", "ti", h,
	    (int64_t)sbclock_now());
	if (sqlite3_step(st) == SQLITE_ROW) {
		*session_id = sqlite3_column_int64(st, 0);
		account_id = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (account_id != NULL)
		rc = auth_account_by_id(account_id, a);
	free(account_id);
	/* The client has the pair of the last rotation: the refresh token
	 * it replaced is void now. */
	if (rc == 0)
		db_execf("UPDATE sessions SET prev_refresh_hash = NULL WHERE "
		    "id = ? AND prev_refresh_hash IS NOT NULL", "i",
		    *session_id);
	return rc;
}

void
auth_session_revoke(int64_t session_id)
{
	db_execf("DELETE FROM sessions WHERE id = ?", "i", session_id);
}

void
auth_sessions_revoke_others(const char *account_id, int64_t keep)
{
	db_execf("DELETE FROM sessions WHERE account_id = ? AND id != ?",
	    "ti", account_id, keep);
}

void
auth_temp_password(char *out)
{
	static const char letters[] = "abcdefghjkmnpqrstuvwxyz";
	static const char digits[] = "23456789";
	int		  i;

	for (i = 0; i < AUTH_TEMP_PASSWORD_LEN; i++) {
		if (i % 3 == 2)
			out[i] = digits[(int)(fault_random() * 8) % 8];
		else
			out[i] = letters[(int)(fault_random() * 23) % 23];
	}
	out[AUTH_TEMP_PASSWORD_LEN] = '\0';
}
