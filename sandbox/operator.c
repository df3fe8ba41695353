/*
 * operator.c — the support desk's side of the lender: operators and
 * supervisors, their second factor (TOTP, RFC 6238: HMAC-SHA-1, 30 s
 * steps, 6 digits), shift sessions with an inactivity limit, identity
 * checks with their lock-out, and the append-only audit log.
 *
 * Operator tokens live in their own table, never in sessions: a borrower
 * token is no operator's and an operator token is no borrower's.  The
 * audit table refuses UPDATE and DELETE through triggers (migration 2),
 * so not even this program can rewrite it.  Callers hold sb_lock().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "kabinet/log.h"
#include "kabinet/phone.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

#define TOTP_STEP	30
#define TOTP_DIGITS	6
#define TOTP_WINDOW	1	/* steps either side: clock drift */

/* ---- TOTP ---- */

/* RFC 4648 base32 (upper case, no padding needed); bytes or -1. */
static int
base32_decode(const char *in, unsigned char *out, size_t outlen)
{
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	const char	*p;
	uint32_t	 acc = 0;
	int		 bits = 0, c;
	size_t		 n = 0;

	for (; *in != '\0' && *in != '='; in++) {
		if ((c = (unsigned char)*in) == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if ((p = strchr(alpha, c)) == NULL)
			return -1;
		acc = acc << 5 | (uint32_t)(p - alpha);
		bits += 5;
		if (bits >= 8) {
			if (n == outlen)
				return -1;
			out[n++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (int)n;
}

int
operator_totp(const char *secret_b32, int64_t step, char *out)
{
	unsigned char	 key[64], msg[8], d[20];
	uint32_t	 v;
	int		 klen, i, off;

	if ((klen = base32_decode(secret_b32, key, sizeof key)) <= 0)
		return -1;
	for (i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(step & 0xff);
		step >>= 8;
	}
	if (gnutls_hmac_fast(GNUTLS_MAC_SHA1, key, (size_t)klen, msg,
	    sizeof msg, d) != 0) {
		wipe(key, sizeof key);
		return -1;
	}
	wipe(key, sizeof key);
	off = d[19] & 0x0f;
	v = ((uint32_t)(d[off] & 0x7f) << 24 | (uint32_t)d[off + 1] << 16 |
	    (uint32_t)d[off + 2] << 8 | d[off + 3]) % 1000000;
	snprintf(out, TOTP_DIGITS + 1, "%06u", (unsigned)v);
	wipe(d, sizeof d);
	return 0;
}

/* ---- operators ---- */

static const struct seed_operator {
	const char	*login, *password, *totp_secret, *role, *name;
} seed_operators[] = {
	{ "op.petrov", "Operator2026", "JBSWY3DPEHPK3PXP", "operator",
	  "Петров П. П." },
	{ "sup.sidorova", "Supervisor2026", "KRSXG5CTMVRXEZLU", "supervisor",
	  "Сидорова С. С." },
};

void
operator_seed(void)
{
	const struct seed_operator *s;
	struct operator	 op;
	size_t		 i;
	char		*hash, *sealed;

	for (i = 0; i < sizeof seed_operators / sizeof seed_operators[0];
	    i++) {
		s = &seed_operators[i];
		if (operator_by_login(s->login, &op) == 0)
			continue;
		if ((hash = auth_hash_password(s->password)) == NULL)
			fatalx("cannot hash a demo password");
		sealed = seal(s->totp_secret, s->login);
		if (db_execf("INSERT INTO operators (login, password_hash, "
		    "totp_secret, role, name) VALUES (?, ?, ?, ?, ?)", "ttttt",
		    s->login, hash, sealed, s->role, s->name) != 1)
			fatalx("cannot seed %s", s->login);
		free(sealed);
		free(hash);
	}
}

void
operator_seal_secrets(void)
{
	sqlite3_stmt	*st;
	const char	*secret;
	char		*sealed;

	st = db_prepare("SELECT login, totp_secret FROM operators");
	while (sqlite3_step(st) == SQLITE_ROW) {
		secret = (const char *)sqlite3_column_text(st, 1);
		if (secret == NULL || seal_is_sealed(secret))
			continue;
		sealed = seal(secret, (const char *)sqlite3_column_text(st,
		    0));
		db_execf("UPDATE operators SET totp_secret = ? WHERE login = ?",
		    "tt", sealed, (const char *)sqlite3_column_text(st, 0));
		free(sealed);
	}
	sqlite3_finalize(st);
}

static int
operator_from(sqlite3_stmt *st, struct operator *op)
{
	int	found = 0;

	memset(op, 0, sizeof *op);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(op->login, sizeof op->login, "%s",
		    (const char *)sqlite3_column_text(st, 0));
		snprintf(op->role, sizeof op->role, "%s",
		    (const char *)sqlite3_column_text(st, 1));
		snprintf(op->name, sizeof op->name, "%s",
		    (const char *)sqlite3_column_text(st, 2));
		found = 1;
	}
	sqlite3_finalize(st);
	return found ? 0 : -1;
}

int
operator_by_login(const char *login, struct operator *op)
{
	sqlite3_stmt	*st;

	st = db_queryf("SELECT login, role, name FROM operators "
	    "WHERE login = ?", "t", login);
	return operator_from(st, op);
}

char *
operator_password_hash(const char *login)
{
	sqlite3_stmt	*st;
	char		*h = NULL;

	st = db_queryf("SELECT password_hash FROM operators WHERE login = ?",
	    "t", login);
	if (sqlite3_step(st) == SQLITE_ROW)
		h = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return h;
}

/*
 * Checks a TOTP code for login against the steps around now; a step
 * already used is refused (a code read over a shoulder is spent).
 */
int
operator_totp_check(const char *login, const char *code)
{
	sqlite3_stmt	*st;
	char		*secret = NULL, want[TOTP_DIGITS + 1];
	int64_t		 now_step, last = 0, s;
	int		 ok = 0;

	st = db_queryf("SELECT totp_secret, last_totp_step FROM operators "
	    "WHERE login = ?", "t", login);
	if (sqlite3_step(st) == SQLITE_ROW) {
		secret = unseal((const char *)sqlite3_column_text(st, 0),
		    login);
		last = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (secret == NULL || strlen(code) != TOTP_DIGITS)
		goto out;
	now_step = (int64_t)sbclock_now() / TOTP_STEP;
	for (s = now_step - TOTP_WINDOW; s <= now_step + TOTP_WINDOW; s++) {
		if (s <= last || operator_totp(secret, s, want) != 0)
			continue;
		if (strcmp(want, code) == 0) {
			db_execf("UPDATE operators SET last_totp_step = ? "
			    "WHERE login = ?", "it", s, login);
			ok = 1;
			break;
		}
	}
	wipe(want, sizeof want);
out:
	xfree_secret(secret);
	return ok;
}

/* ---- the TOTP challenge of operator sign-in ---- */

int
operator_challenge_create(const char *login, char *idout, size_t idlen)
{
	char	token[44];
	time_t	now = sbclock_now();

	if (idlen < 32)
		fatalx("challenge id buffer too small");
	auth_random_token(token, sizeof token);
	snprintf(idout, idlen, "tc_%.22s", token);
	return db_execf("INSERT INTO operator_challenges (id, login, "
	    "expires_at, attempts_left) VALUES (?, ?, ?, ?)", "ttii", idout,
	    login, (int64_t)(now + CH_TTL), (int64_t)CH_ATTEMPTS) == 1 ? 0 : -1;
}

json_t *
operator_challenge_json(const char *id)
{
	sqlite3_stmt	*st;
	json_t		*o = NULL;

	st = db_queryf("SELECT expires_at, attempts_left "
	    "FROM operator_challenges WHERE id = ?", "t", id);
	if (sqlite3_step(st) == SQLITE_ROW)
		o = json_pack("{s:s, s:s, s:s, s:n, s:i, s:o, s:n, s:i}",
		    "id", id, "kind", "totp", "purpose", "operator_login",
		    "phone_masked", "length", TOTP_DIGITS,
		    "expires_at", sbclock_json(sqlite3_column_int64(st, 0)),
		    "resend_at", "attempts_left", sqlite3_column_int(st, 1));
	sqlite3_finalize(st);
	return o;
}

enum ch_result
operator_challenge_verify(const char *id, const char *code,
    int *attempts_left, time_t *until, struct operator *op)
{
	sqlite3_stmt	*st;
	char		 login[64] = "", state[16] = "", key[80];
	time_t		 expires = 0, now = sbclock_now();
	int		 left = 0;

	*attempts_left = 0;
	*until = 0;
	st = db_queryf("SELECT login, expires_at, attempts_left, state "
	    "FROM operator_challenges WHERE id = ?", "t", id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(login, sizeof login, "%s",
		    (const char *)sqlite3_column_text(st, 0));
		expires = sqlite3_column_int64(st, 1);
		left = sqlite3_column_int(st, 2);
		snprintf(state, sizeof state, "%s",
		    (const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_finalize(st);
	if (login[0] == '\0' || strcmp(state, "done") == 0)
		return CH_NOT_FOUND;
	snprintf(key, sizeof key, "operator:%s", login);
	if (strcmp(state, "spent") == 0) {
		*until = challenge_locked_until(key, "operator_login");
		return CH_TOO_MANY;
	}
	if (now >= expires)
		return CH_EXPIRED;
	if (!operator_totp_check(login, code)) {
		if (--left > 0) {
			db_execf("UPDATE operator_challenges SET "
			    "attempts_left = ? WHERE id = ?", "it",
			    (int64_t)left, id);
			*attempts_left = left;
			return CH_WRONG_CODE;
		}
		*until = now + CH_LOCK_SECONDS;
		db_execf("UPDATE operator_challenges SET attempts_left = 0, "
		    "state = 'spent' WHERE id = ?", "t", id);
		db_execf("INSERT INTO action_locks VALUES (?, ?, ?) "
		    "ON CONFLICT (phone, purpose) DO UPDATE SET "
		    "locked_until = excluded.locked_until", "tti", key,
		    "operator_login", (int64_t)*until);
		operator_audit(login, NULL, "login", "totp_locked");
		return CH_TOO_MANY;
	}
	db_execf("UPDATE operator_challenges SET state = 'done' WHERE id = ?",
	    "t", id);
	return operator_by_login(login, op) == 0 ? CH_OK : CH_NOT_FOUND;
}

/* ---- shift sessions ---- */

json_t *
operator_session_create(const struct operator *op)
{
	char	 access[44], ah[65];
	time_t	 now = sbclock_now();
	json_t	*bundle;

	auth_random_token(access, sizeof access);
	auth_sha256_hex(access, ah);
	db_execf("INSERT INTO operator_sessions (login, access_hash, "
	    "expires_at, last_seen, created_at) VALUES (?, ?, ?, ?, ?)",
	    "ttiii", op->login, ah, (int64_t)(now + sb_cfg.operator_shift),
	    (int64_t)now, (int64_t)now);
	bundle = json_pack("{s:s, s:s, s:I, s:I, s:o, s:{s:s, s:s, s:s}}",
	    "access_token", access, "token_type", "Bearer",
	    "expires_in", (json_int_t)sb_cfg.operator_shift,
	    "idle_timeout", (json_int_t)sb_cfg.operator_idle,
	    "shift_ends_at", sbclock_json(now + sb_cfg.operator_shift),
	    "operator", "login", op->login, "name", op->name,
	    "role", op->role);
	wipe(access, sizeof access);
	return bundle;
}

int
operator_session_lookup(const char *token, struct operator *op,
    const char **why)
{
	sqlite3_stmt	*st;
	char		 h[65], login[64] = "";
	time_t		 now = sbclock_now(), expires = 0, seen = 0;
	int64_t		 id = 0;

	*why = "the access token is missing, expired or revoked";
	auth_sha256_hex(token, h);
	st = db_queryf("SELECT id, login, expires_at, last_seen "
	    "FROM operator_sessions WHERE access_hash = ?", "t", h);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(login, sizeof login, "%s",
		    (const char *)sqlite3_column_text(st, 1));
		expires = sqlite3_column_int64(st, 2);
		seen = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (login[0] == '\0')
		return -1;
	if (now >= expires || now - seen > sb_cfg.operator_idle) {
		*why = now >= expires ? "the operator's shift is over" :
		    "the operator session was idle too long";
		db_execf("DELETE FROM operator_sessions WHERE id = ?", "i", id);
		operator_audit(login, NULL, "session_end",
		    now >= expires ? "shift_over" : "idle");
		return -1;
	}
	if (operator_by_login(login, op) != 0)
		return -1;
	op->session_id = id;
	db_execf("UPDATE operator_sessions SET last_seen = ? WHERE id = ?",
	    "ii", (int64_t)now, id);
	return 0;
}

int
operator_token_known(const char *token)
{
	char	h[65];

	auth_sha256_hex(token, h);
	return db_existsf("SELECT 1 FROM operator_sessions "
	    "WHERE access_hash = ?", "t", h);
}

void
operator_session_revoke(int64_t id)
{
	db_execf("DELETE FROM operator_sessions WHERE id = ?", "i", id);
}

/* ---- identity checks ---- */

struct idcheck {
	int	failures;
	time_t	locked_until, verified_at;
	char	verified_by[64];
};

static void
idcheck_load(const char *account_id, struct idcheck *c)
{
	sqlite3_stmt	*st;

	memset(c, 0, sizeof *c);
	st = db_queryf("SELECT failures, locked_until, verified_at, "
	    "verified_by FROM identity_checks WHERE account_id = ?", "t",
	    account_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		c->failures = sqlite3_column_int(st, 0);
		c->locked_until = sqlite3_column_int64(st, 1);
		c->verified_at = sqlite3_column_int64(st, 2);
		if (sqlite3_column_text(st, 3) != NULL)
			snprintf(c->verified_by, sizeof c->verified_by, "%s",
			    (const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_finalize(st);
}

time_t
operator_identity_locked_until(const char *account_id)
{
	struct idcheck	c;

	idcheck_load(account_id, &c);
	return c.locked_until > sbclock_now() ? c.locked_until : 0;
}

time_t
operator_identity_verified_until(const char *account_id, const char *login)
{
	struct idcheck	c;
	time_t		until;

	idcheck_load(account_id, &c);
	if (c.verified_at == 0 || (login != NULL &&
	    strcmp(c.verified_by, login) != 0))
		return 0;
	until = c.verified_at + IDCHECK_VALID_SECONDS;
	return until > sbclock_now() ? until : 0;
}

int
operator_identity_record(const char *account_id, const char *login,
    int match, time_t *locked_until)
{
	struct idcheck	c;
	time_t		now = sbclock_now();

	*locked_until = 0;
	idcheck_load(account_id, &c);
	if (match) {
		db_execf("INSERT INTO identity_checks (account_id, failures, "
		    "locked_until, verified_at, verified_by) "
		    "VALUES (?, 0, 0, ?, ?) ON CONFLICT (account_id) DO UPDATE "
		    "SET failures = 0, locked_until = 0, "
		    "verified_at = excluded.verified_at, "
		    "verified_by = excluded.verified_by", "tit", account_id,
		    (int64_t)now, login);
		return 0;
	}
	c.failures++;
	if (c.failures >= IDCHECK_MAX_FAILURES) {
		*locked_until = now + IDCHECK_LOCK_SECONDS;
		c.failures = 0;
	}
	/* A mismatch also voids an earlier success. */
	db_execf("INSERT INTO identity_checks (account_id, failures, "
	    "locked_until, verified_at) VALUES (?, ?, ?, 0) "
	    "ON CONFLICT (account_id) DO UPDATE SET "
	    "failures = excluded.failures, "
	    "locked_until = excluded.locked_until, verified_at = 0", "tii",
	    account_id, (int64_t)c.failures, (int64_t)*locked_until);
	return *locked_until != 0 ? 0 : IDCHECK_MAX_FAILURES - c.failures;
}

void
operator_identity_spend(const char *account_id)
{
	db_execf("UPDATE identity_checks SET verified_at = 0 "
	    "WHERE account_id = ?", "t", account_id);
}

/* ---- the audit log ---- */

void
operator_audit(const char *login, const char *account_id, const char *action,
    const char *outcome)
{
	if (account_id != NULL)
		db_execf("INSERT INTO operator_audit (at, operator, client_id, "
		    "action, outcome) VALUES (?, ?, ?, ?, ?)", "itttt",
		    (int64_t)sbclock_now(), login, account_id, action, outcome);
	else
		db_execf("INSERT INTO operator_audit (at, operator, client_id, "
		    "action, outcome) VALUES (?, ?, NULL, ?, ?)", "ittt",
		    (int64_t)sbclock_now(), login, action, outcome);
}

json_t *
operator_audit_json(const char *login, const char *account_id, time_t from,
    time_t to, int64_t before, int limit)
{
	sqlite3_stmt	*st;
	json_t		*items = json_array(), *o;
	int64_t		 last = 0;
	int		 n = 0;

	/* A NULL login or account_id is bound as NULL: any. */
	st = db_queryf("SELECT id, at, operator, client_id, action, outcome "
	    "FROM operator_audit WHERE (?1 IS NULL OR operator = ?1) "
	    "AND (?2 IS NULL OR client_id = ?2) AND at >= ?3 AND at < ?4 "
	    "AND id < ?5 ORDER BY id DESC LIMIT ?6", "ttiiii", login,
	    account_id, (int64_t)from, (int64_t)to,
	    before > 0 ? before : INT64_MAX, (int64_t)limit + 1);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n++ == limit)
			break;
		last = sqlite3_column_int64(st, 0);
		o = json_pack("{s:I, s:o, s:s, s:s?, s:s, s:s}",
		    "id", (json_int_t)last,
		    "at", sbclock_json(sqlite3_column_int64(st, 1)),
		    "operator", (const char *)sqlite3_column_text(st, 2),
		    "client_id", (const char *)sqlite3_column_text(st, 3),
		    "action", (const char *)sqlite3_column_text(st, 4),
		    "outcome", (const char *)sqlite3_column_text(st, 5));
		json_array_append_new(items, o);
	}
	sqlite3_finalize(st);
	o = json_pack("{s:o}", "items", items);
	if (n > limit) {
		char	cur[24];

		snprintf(cur, sizeof cur, "%lld", (long long)last);
		json_object_set_new(o, "next_cursor", json_string(cur));
	} else
		json_object_set_new(o, "next_cursor", json_null());
	return o;
}
