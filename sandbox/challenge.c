/*
 * challenge.c — SMS codes that settle an operation (login from a new
 * device, password change, ...).
 *
 * A challenge row keeps its purpose and the pending operation's data, so
 * /v1/challenges/{id}/verify completes the operation itself.  Codes are 6
 * digits from getrandom(), stored only as SHA-256(id ":" code), valid
 * CH_TTL seconds, resendable after CH_RESEND_AFTER; CH_ATTEMPTS wrong
 * answers spend the code and lock that action for the phone for
 * CH_LOCK_SECONDS.  Callers hold sb_lock().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "kabinet/log.h"
#include "kabinet/phone.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

static void
challenge_new_code(char *code)
{
	uint32_t	v;

	/* Rejection sampling keeps every code equally likely. */
	do {
		while (getrandom(&v, sizeof v, 0) != sizeof v)
			;
	} while (v >= UINT32_C(4294000000));
	snprintf(code, CH_CODE_LEN + 1, "%06u", (unsigned)(v % 1000000));
	wipe(&v, sizeof v);
}

static void
challenge_code_hash(const char *id, const char *code, char *out)
{
	char	s[96];

	snprintf(s, sizeof s, "%s:%s", id, code);
	seal_mac_hex("challenge", s, strlen(s), out);
	wipe(s, sizeof s);
}

/*
 * A registration asked for a phone that already has an account: the
 * answer is the same as for a new phone (nothing tells the asker), but
 * the owner is told by SMS, with what to do, and no code is sent.
 */
static int
challenge_is_notice(const char *purpose, const char *account_id)
{
	return strcmp(purpose, "register") == 0 && account_id != NULL;
}

#define NOTICE_CODE	"none"	/* hashed in place of a code: never matches */

/* 123456 kopecks as "1 234,56" (whole roubles without kopecks). */
static void
challenge_rub(json_int_t k, char *out, size_t len)
{
	char	d[32];
	size_t	n, i, o = 0;

	snprintf(d, sizeof d, "%lld", (long long)(k / 100));
	n = strlen(d);
	for (i = 0; i < n && o + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ' ';
		out[o++] = d[i];
	}
	out[o] = '\0';
	if (k % 100 != 0)
		snprintf(out + o, len - o, ",%02lld", (long long)(k % 100));
}

/*
 * What the code is for, in the SMS itself: the operation and, when money
 * is at stake, the amount (63-FZ: the borrower sees what the code signs).
 */
static char *
challenge_sms_text(const char *purpose, const char *data_json,
    const char *code)
{
	json_t		*d = data_json != NULL ? json_loads(data_json, 0, NULL) :
			    NULL;
	const char	*svc = json_string_value(json_object_get(d, "title"));
	char		 rub[40], *text;

	challenge_rub(json_integer_value(json_object_get(d, "amount")), rub,
	    sizeof rub);
	if (strcmp(purpose, "login") == 0)
		xasprintf(&text, "Код для входа в личный кабинет: %s. "
		    "Никому его не сообщайте.", code);
	else if (strcmp(purpose, "change_password") == 0)
		xasprintf(&text, "Код для смены пароля: %s. "
		    "Никому его не сообщайте.", code);
	else if (strcmp(purpose, "application") == 0)
		xasprintf(&text, "Код для подписания договора займа на %s ₽: "
		    "%s. Никому его не сообщайте.", rub, code);
	else if (strcmp(purpose, "card_link") == 0)
		xasprintf(&text, "Код для привязки карты %s…%s: %s. Никому "
		    "его не сообщайте.", json_string_value(json_object_get(d,
		    "first6")) != NULL ? json_string_value(json_object_get(d,
		    "first6")) : "", json_string_value(json_object_get(d,
		    "last4")) != NULL ? json_string_value(json_object_get(d,
		    "last4")) : "", code);
	else if (strcmp(purpose, "service") == 0 && svc != NULL)
		xasprintf(&text, json_is_true(json_object_get(d, "enabled")) ?
		    "Код для подключения услуги «%s» за %s ₽: %s. Никому его "
		    "не сообщайте." : "Код для отключения услуги «%s»%.0s: %s. "
		    "Никому его не сообщайте.", svc, rub, code);
	else if (strcmp(purpose, "autopay") == 0)
		xasprintf(&text, "Код для подключения автоплатежа: списание с "
		    "карты …%s в день платежа по займу: %s. Никому его не "
		    "сообщайте.", json_string_value(json_object_get(d,
		    "last4")) != NULL ? json_string_value(json_object_get(d,
		    "last4")) : "", code);
	else if (strcmp(purpose, "profile") == 0)
		xasprintf(&text, "Код для изменения %s в личном кабинете: %s. "
		    "Никому его не сообщайте.", json_object_get(d, "email") !=
		    NULL ? (json_object_get(d, "postal_address") != NULL ?
		    "e-mail и почтового адреса" : "e-mail") :
		    "почтового адреса", code);
	else if (strcmp(purpose, "register") == 0)
		xasprintf(&text, "Код для регистрации в личном кабинете: %s. "
		    "Никому его не сообщайте.", code);
	else
		xasprintf(&text, "Код подтверждения: %s. "
		    "Никому его не сообщайте.", code);
	json_decref(d);
	return text;
}

static void
challenge_send(const char *phone, const char *purpose, const char *code,
    const char *account_id, const char *data_json)
{
	char	*text;

	if (challenge_is_notice(purpose, account_id)) {
		sms_send(phone, "Кто-то начал регистрацию в личном кабинете "
		    "с этим номером, но у номера уже есть кабинет. Если это "
		    "вы, войдите в него или восстановите пароль («Забыли "
		    "пароль?»); кода не будет. Если не вы, ничего не делайте.",
		    NULL);
		return;
	}
	text = challenge_sms_text(purpose, data_json, code);
	sms_send(phone, text, code);
	free(text);
}

time_t
challenge_locked_until(const char *phone, const char *purpose)
{
	time_t	until;

	until = (time_t)db_intf("SELECT locked_until FROM action_locks "
	    "WHERE phone = ? AND purpose = ?", "tt", phone, purpose);
	return until > sbclock_now() ? until : 0;
}

int
challenge_create(const char *purpose, const char *account_id,
    const char *phone, json_t *data, char *idout, size_t idlen,
    time_t *until)
{
	char	 token[44], code[CH_CODE_LEN + 1], hash[65], *s;
	time_t	 now = sbclock_now();

	if (idlen < 32)
		fatalx("challenge id buffer too small");
	if (sms_allowed(phone, until) != 0) {
		json_decref(data);
		return -1;
	}
	auth_random_token(token, sizeof token);
	snprintf(idout, idlen, "ch_%.22s", token);
	challenge_new_code(code);
	challenge_code_hash(idout, challenge_is_notice(purpose, account_id) ?
	    NOTICE_CODE : code, hash);
	s = json_dumps(data, JSON_COMPACT);
	db_execf("INSERT INTO challenges (id, purpose, account_id, phone, "
	    "data, code_hash, created_at, expires_at, resend_at, "
	    "attempts_left) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "ttttttiiii", idout, purpose, account_id, phone, s, hash,
	    (int64_t)now, (int64_t)(now + CH_TTL),
	    (int64_t)(now + CH_RESEND_AFTER), (int64_t)CH_ATTEMPTS);
	challenge_send(phone, purpose, code, account_id, s);
	xfree_secret(s);
	json_decref(data);
	wipe(code, sizeof code);
	return 0;
}

json_t *
challenge_json(const char *id)
{
	sqlite3_stmt	*st;
	json_t		*o = NULL;
	char		 masked[32];

	st = db_queryf("SELECT purpose, phone, expires_at, resend_at, "
	    "attempts_left FROM challenges WHERE id = ?", "t", id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		phone_mask((const char *)sqlite3_column_text(st, 1), masked,
		    sizeof masked);
		o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:i}",
		    "id", id, "kind", "sms",
		    "purpose", (const char *)sqlite3_column_text(st, 0),
		    "phone_masked", masked, "length", CH_CODE_LEN,
		    "expires_at", sbclock_json(sqlite3_column_int64(st, 2)),
		    "resend_at", sbclock_json(sqlite3_column_int64(st, 3)),
		    "attempts_left", sqlite3_column_int(st, 4));
	}
	sqlite3_finalize(st);
	return o;
}

struct ch_row {
	char	 purpose[32];
	char	*account_id;
	char	 phone[16];
	char	*data;
	char	 code_hash[65];
	time_t	 expires_at, resend_at;
	int	 attempts_left;
	char	 state[16];
};

static int
challenge_load(const char *id, struct ch_row *r)
{
	sqlite3_stmt	*st;
	const char	*acc;
	int		 found = 0;

	memset(r, 0, sizeof *r);
	st = db_queryf("SELECT purpose, account_id, phone, data, code_hash, "
	    "expires_at, resend_at, attempts_left, state FROM challenges "
	    "WHERE id = ?", "t", id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(r->purpose, sizeof r->purpose, "%s",
		    (const char *)sqlite3_column_text(st, 0));
		acc = (const char *)sqlite3_column_text(st, 1);
		r->account_id = acc != NULL ? xstrdup(acc) : NULL;
		snprintf(r->phone, sizeof r->phone, "%s",
		    (const char *)sqlite3_column_text(st, 2));
		r->data = xstrdup((const char *)sqlite3_column_text(st, 3));
		snprintf(r->code_hash, sizeof r->code_hash, "%s",
		    (const char *)sqlite3_column_text(st, 4));
		r->expires_at = sqlite3_column_int64(st, 5);
		r->resend_at = sqlite3_column_int64(st, 6);
		r->attempts_left = sqlite3_column_int(st, 7);
		snprintf(r->state, sizeof r->state, "%s",
		    (const char *)sqlite3_column_text(st, 8));
		found = 1;
	}
	sqlite3_finalize(st);
	return found ? 0 : -1;
}

static void
challenge_row_free(struct ch_row *r)
{
	free(r->account_id);
	xfree_secret(r->data);
}

/* Common checks before verify and resend. */
static enum ch_result
challenge_usable(const char *id, const struct ch_row *r, time_t *until)
{
	if (strcmp(r->state, "done") == 0)
		return CH_NOT_FOUND;
	if (strcmp(r->state, "spent") == 0) {
		*until = challenge_locked_until(r->phone, r->purpose);
		return CH_TOO_MANY;
	}
	if (sbclock_now() >= r->expires_at) {
		db_execf("UPDATE challenges SET state = 'expired' WHERE id = ?",
		    "t", id);
		return CH_EXPIRED;
	}
	return CH_OK;
}

enum ch_result
challenge_verify(const char *id, const char *code, int *attempts_left,
    time_t *until, char **purpose, char **account_id, json_t **data)
{
	struct ch_row	 r;
	enum ch_result	 res;
	char		 hash[65];
	time_t		 now = sbclock_now();
	int		 ok;

	*attempts_left = 0;
	*until = 0;
	if (challenge_load(id, &r) != 0)
		return CH_NOT_FOUND;
	if ((res = challenge_usable(id, &r, until)) != CH_OK)
		goto out;
	challenge_code_hash(id, code, hash);
	ok = strlen(code) == CH_CODE_LEN && strcmp(hash, r.code_hash) == 0;
	if (!ok) {
		r.attempts_left--;
		if (r.attempts_left > 0) {
			db_execf("UPDATE challenges SET attempts_left = ? "
			    "WHERE id = ?", "it", (int64_t)r.attempts_left, id);
			*attempts_left = r.attempts_left;
			res = CH_WRONG_CODE;
			goto out;
		}
		*until = now + CH_LOCK_SECONDS;
		db_execf("UPDATE challenges SET attempts_left = 0, "
		    "state = 'spent' WHERE id = ?", "t", id);
		db_execf("INSERT INTO action_locks VALUES (?, ?, ?) "
		    "ON CONFLICT (phone, purpose) DO UPDATE SET "
		    "locked_until = excluded.locked_until", "tti", r.phone,
		    r.purpose, (int64_t)*until);
		res = CH_TOO_MANY;
		goto out;
	}
	db_execf("UPDATE challenges SET state = 'done' WHERE id = ?", "t", id);
	*purpose = xstrdup(r.purpose);
	*account_id = r.account_id;
	r.account_id = NULL;
	*data = json_loads(r.data, 0, NULL);
	if (*data == NULL)
		*data = json_object();
	res = CH_OK;
out:
	challenge_row_free(&r);
	return res;
}

enum ch_result
challenge_resend(const char *id, time_t *until)
{
	struct ch_row	 r;
	enum ch_result	 res;
	char		 code[CH_CODE_LEN + 1], hash[65];
	time_t		 now = sbclock_now();

	*until = 0;
	if (challenge_load(id, &r) != 0)
		return CH_NOT_FOUND;
	if ((res = challenge_usable(id, &r, until)) != CH_OK)
		goto out;
	if (now < r.resend_at) {
		*until = r.resend_at;
		res = CH_TOO_EARLY;
		goto out;
	}
	if (sms_allowed(r.phone, until) != 0) {
		res = CH_RATE_LIMITED;
		goto out;
	}
	/* A new code; the old one is void. */
	challenge_new_code(code);
	challenge_code_hash(id, challenge_is_notice(r.purpose, r.account_id) ?
	    NOTICE_CODE : code, hash);
	db_execf("UPDATE challenges SET code_hash = ?, expires_at = ?, "
	    "resend_at = ?, attempts_left = ? WHERE id = ?", "tiiit", hash,
	    (int64_t)(now + CH_TTL), (int64_t)(now + CH_RESEND_AFTER),
	    (int64_t)CH_ATTEMPTS, id);
	challenge_send(r.phone, r.purpose, code, r.account_id, r.data);
	wipe(code, sizeof code);
	res = CH_OK;
out:
	challenge_row_free(&r);
	return res;
}
