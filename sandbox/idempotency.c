/*
 * idempotency.c — Idempotency-Key on POSTs that create something
 * (doc/lender-api.md): the key is kept per account for IDEM_TTL with a
 * hash of method, path and body and, once answered, the status and
 * body.  Missing key 400, another request under the same key 422, the
 * same key while the first still runs 409, a replay answers the stored
 * response with Idempotent-Replayed: true.  Callers hold sb_lock().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/buf.h"
#include "kabinet/log.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

#define IDEM_KEY_MAX	64

/* The key of the request this thread is answering. */

static int
key_ok(const char *k)
{
	size_t	i, n = strlen(k);

	if (n == 0 || n > IDEM_KEY_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') ||
		    (k[i] >= 'A' && k[i] <= 'Z') ||
		    (k[i] >= '0' && k[i] <= '9') || strchr("-_.:", k[i])))
			return 0;
	return 1;
}

/*
 * Keyed (seal_mac_hex), never a bare SHA-256: a body may carry a PAN, a
 * password or a code, and with first 6 and last 4 of a card in `cards`
 * an unkeyed hash of its body is found among ~10^5 candidates in seconds.
 */
static void
request_hash(struct req *r, char *out)
{
	struct buf	b = BUF_INIT;

	buf_addf(&b, "%s %s\n", r->method, r->path);
	if (r->body.len != 0)
		buf_add(&b, r->body.data, r->body.len);
	seal_mac_hex("idempotency", b.data, b.len, out);
	buf_wipe_release(&b);
}

int
idem_begin(struct req *r)
{
	const char	*key = http_header(r, "Idempotency-Key");
	sqlite3_stmt	*st;
	char		 hash[65];
	const char	*h[] = { "Idempotent-Replayed", "true", NULL };
	json_t		*body;
	int		 found = 0, status = 0;

	r->idem_key[0] = '\0';
	if (key == NULL)
		return http_problem(r, 400, "idempotency_key_required",
		    "this request needs an Idempotency-Key header", NULL), 1;
	if (!key_ok(key))
		return http_problem(r, 400, "idempotency_key_invalid",
		    "the Idempotency-Key is 1-64 characters of "
		    "A-Za-z0-9-_.:", NULL), 1;
	db_execf("DELETE FROM idempotency WHERE created_at < ?", "i",
	    (int64_t)(sbclock_now() - IDEM_TTL));
	request_hash(r, hash);
	st = db_queryf("SELECT request_hash, state, status, response FROM "
	    "idempotency WHERE account_id = ? AND key = ?", "tt", r->account.id,
	    key);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		if (strcmp((const char *)sqlite3_column_text(st, 0), hash)
		    != 0)
			http_problem(r, 422, "idempotency_key_reused",
			    "this Idempotency-Key was used for another "
			    "request", NULL);
		else if (strcmp((const char *)sqlite3_column_text(st, 1),
		    "running") == 0)
			http_problem(r, 409, "idempotency_in_flight",
			    "a request with this Idempotency-Key is still "
			    "running", NULL);
		else {
			status = sqlite3_column_int(st, 2);
			body = json_loads((const char *)
			    sqlite3_column_text(st, 3), 0, NULL);
			http_json_headers(r, status, body != NULL ? body :
			    json_object(), h);
		}
	}
	sqlite3_finalize(st);
	if (found)
		return 1;
	db_execf("INSERT INTO idempotency (account_id, key, request_hash, "
	    "state, created_at) VALUES (?, ?, ?, 'running', ?)", "ttti",
	    r->account.id, key, hash, (int64_t)sbclock_now());
	snprintf(r->idem_key, sizeof r->idem_key, "%s", key);
	return 0;
}

/* /sandbox/payments/hold; read and set under sb_lock(). */
static long	hold_ms;

void
idem_set_hold(long ms)
{
	hold_ms = ms;
}

struct held {
	int	 status;
	json_t	*body;
};

static int
finish_held(struct req *r, void *arg)
{
	struct held	*h = arg;

	idem_finish(r, h->status, h->body);
	free(h);
	return 0;
}

static void
free_held(void *arg)
{
	struct held	*h = arg;

	json_decref(h->body);
	free(h);
}

void
idem_finish(struct req *r, int status, json_t *body)
{
	struct held	*h;
	char		*s;

	if (r->idem_key[0] != '\0' && hold_ms > 0 && !r->idem_held) {
		/* The work is stored; its answer waits, the key in flight. */
		r->idem_held = 1;
		h = xcalloc(1, sizeof *h);
		h->status = status;
		h->body = body;
		http_later(r, hold_ms, 0, finish_held, h, free_held);
		return;
	}
	if (r->idem_key[0] != '\0' && (s = json_dumps(body,
	    JSON_COMPACT)) != NULL) {
		db_execf("UPDATE idempotency SET state = 'done', status = ?, "
		    "response = ? WHERE account_id = ? AND key = ?", "itt" "t",
		    (int64_t)status, s, r->account.id, r->idem_key);
		free(s);
	}
	if (r->idem_key[0] == '\0') {
		http_json(r, status, body);
		return;
	}
	r->idem_key[0] = '\0';
	switch (fault_take_answer()) {
	case FAULT_DROP:
		json_decref(body);
		http_drop(r);
		break;
	case FAULT_GARBAGE:
		json_decref(body);
		http_garbage(r);
		break;
	case FAULT_TWICE:
		/* The same request again, as a retrying proxy would send
		 * it: the second answer (a replay) is the one that goes. */
		json_decref(body);
		log_info("%s %s handled twice", r->method, r->path);
		idem_begin(r);
		r->idem_key[0] = '\0';
		break;
	default:
		http_json(r, status, body);
		break;
	}
}

void
idem_abort(struct req *r)
{
	if (r->idem_key[0] != '\0')
		db_execf("DELETE FROM idempotency WHERE account_id = ? AND "
		    "key = ?", "tt", r->account.id, r->idem_key);
	r->idem_key[0] = '\0';
}
