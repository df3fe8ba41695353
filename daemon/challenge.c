/*
 * challenge.c — pending second-factor challenges, keyed by the lender's id,
 * each bound to the client that started its operation and to the
 * operation's continuation.
 *
 * The continuation runs exactly once: verified (the lender's answer to
 * verify is the operation's result), failed, expired or cancelled.  Until
 * then the challenge survives its client: while it has no client (one
 * started by the daemon itself, or whose client went) it is every
 * connected client's to answer - each is sent challenge.required, those
 * there when it starts and each that says hello later - as a terminal
 * reopened after an SSH drop should see its SMS prompt again.  Being
 * offered it is not owning it: a client that only pings and goes keeps it
 * from nobody.  The first to answer, resend or cancel owns it from then on.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/clock.h"
#include "kabinet/codec.h"
#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"
#include "challenge.h"

struct challenge {
	char		*id;
	uint64_t	 client;	/* owner; may have gone (0: none) */
	json_t		*info;		/* challenge.required params */
	time_t		 expires;
	guint		 timer;
	int		 flags;
	int		 busy;		/* a verify or resend in flight */
	challenge_cb	 cb;
	void		*arg;
	struct challenge *next;
};

static struct challenge *pending;

static const char *const outcome_names[] = {
	"ok", "failed", "expired", "cancelled"
};

static struct challenge *
challenge_find(const char *id)
{
	struct challenge	*ch;

	for (ch = pending; ch != NULL; ch = ch->next)
		if (strcmp(ch->id, id) == 0)
			return (ch);
	return (NULL);
}

/* Builds the challenge.required params from the lender's object. */
static json_t *
info_from_lender(const json_t *lc)
{
	const char	*id, *expires;
	json_t		*v;

	id = json_string_value(json_object_get(lc, "id"));
	expires = json_string_value(json_object_get(lc, "expires_at"));
	if (id == NULL || *id == '\0' || strlen(id) > 128 ||
	    timer_parse_iso(expires) == 0)
		return (NULL);
	v = json_pack("{s:s, s:O?, s:O?, s:O?, s:O?, s:s, s:O?, s:O?}",
	    "challenge_id", id,
	    "kind", json_object_get(lc, "kind"),
	    "purpose", json_object_get(lc, "purpose"),
	    "phone_masked", json_object_get(lc, "phone_masked"),
	    "length", json_object_get(lc, "length"),
	    "expires_at", expires,
	    "resend_at", json_object_get(lc, "resend_at"),
	    "attempts_left", json_object_get(lc, "attempts_left"));
	if (v == NULL)
		return (NULL);
	if (json_object_get(v, "kind") == NULL)
		json_object_set_new(v, "kind", json_string("sms"));
	if (json_object_get(v, "length") == NULL)
		json_object_set_new(v, "length", json_integer(6));
	return (v);
}

/* Tells its client, or every client while it has none. */
static void
challenge_notify(struct challenge *ch, const char *event, json_t *params)
{
	struct client	*c;

	if ((c = client_lookup(ch->client)) != NULL)
		client_notify(c, event, params);
	else
		clients_broadcast(event, params);
}

static gboolean	expiry_fired(void *);

static void
arm_timer(struct challenge *ch)
{
	time_t	now = clock_now();
	guint	delay;

	if (ch->timer != 0)
		g_source_remove(ch->timer);
	delay = ch->expires > now ? (guint)(ch->expires - now) : 0;
	/* A second's grace: the lender decides, we only tidy up. */
	ch->timer = timer_add_seconds(delay + 1, expiry_fired, ch);
}

/* Unlinks ch, tells its client, runs the continuation, frees ch. */
static void
challenge_finish(struct challenge *ch, enum challenge_outcome outcome,
    const struct lender_response *resp)
{
	struct challenge	**pp;

	for (pp = &pending; *pp != NULL; pp = &(*pp)->next)
		if (*pp == ch) {
			*pp = ch->next;
			break;
		}
	if (ch->timer != 0)
		g_source_remove(ch->timer);
	log_info("challenge %s: %s", ch->id, outcome_names[outcome]);
	challenge_notify(ch, E_CHALLENGE_DONE, json_pack("{s:s, s:s}",
	    "challenge_id", ch->id, "outcome", outcome_names[outcome]));
	ch->cb(outcome, resp, ch->arg);
	json_decref(ch->info);
	free(ch->id);
	free(ch);
}

static gboolean
expiry_fired(void *arg)
{
	struct challenge	*ch = arg;

	if (ch->busy) {
		/* An answer is being checked: the lender's word first. */
		ch->timer = timer_add_seconds(1, expiry_fired, ch);
		return (G_SOURCE_REMOVE);
	}
	ch->timer = 0;
	challenge_finish(ch, CHALLENGE_EXPIRED, NULL);
	return (G_SOURCE_REMOVE);
}

int
challenge_start(uint64_t client, const json_t *lc, int flags,
    challenge_cb cb, void *arg)
{
	struct challenge	*ch;
	json_t			*info;

	if ((info = info_from_lender(lc)) == NULL) {
		log_warnx("malformed challenge from the lender");
		return (-1);
	}
	if ((ch = challenge_find(json_string_value(json_object_get(info,
	    "challenge_id")))) != NULL) {
		log_warnx("challenge %s is already pending", ch->id);
		json_decref(info);
		return (-1);
	}
	ch = xcalloc(1, sizeof *ch);
	ch->id = xstrdup(json_string_value(json_object_get(info,
	    "challenge_id")));
	ch->client = client;
	ch->info = info;
	ch->expires = timer_parse_iso(json_string_value(json_object_get(info,
	    "expires_at")));
	ch->flags = flags;
	ch->cb = cb;
	ch->arg = arg;
	ch->next = pending;
	pending = ch;
	arm_timer(ch);
	log_info("challenge %s (%s) for client %llu", ch->id,
	    json_string_value(json_object_get(info, "purpose")) ?
	    json_string_value(json_object_get(info, "purpose")) : "?",
	    (unsigned long long)client);
	challenge_notify(ch, E_CHALLENGE_REQUIRED, json_deep_copy(info));
	return (0);
}

json_t *
challenge_pending_json(uint64_t client)
{
	struct challenge	*ch;

	/* pending is newest first. */
	for (ch = pending; ch != NULL; ch = ch->next)
		if (ch->client == client || client_lookup(ch->client) == NULL)
			return (json_deep_copy(ch->info));
	return (NULL);
}

/* A client that says hello is offered the challenges nobody is there to
 * answer; it owns one only once it acts on it (challenge_get). */
static void
challenge_on_hello(struct client *c)
{
	struct challenge	*ch;
	uint64_t		 id = client_id(c);

	for (ch = pending; ch != NULL; ch = ch->next) {
		if (ch->client == id || client_lookup(ch->client) != NULL)
			continue;
		log_info("challenge %s: offered to client %llu (client %llu "
		    "went)", ch->id, (unsigned long long)id,
		    (unsigned long long)ch->client);
		client_notify(c, E_CHALLENGE_REQUIRED,
		    json_deep_copy(ch->info));
	}
}

static void
challenge_on_gone(uint64_t id)
{
	struct challenge	*ch;

	for (ch = pending; ch != NULL; ch = ch->next)
		if (ch->client == id)
			log_info("challenge %s waits for its client to come "
			    "back", ch->id);
}

void
challenge_init(void)
{
	clients_add_hooks(challenge_on_hello, challenge_on_gone);
	/* A client's session.status shows its pending challenge; the end
	 * of the session cancels them all. */
	session_set_pending_hook(challenge_pending_json);
	session_on_end(challenge_cancel_all);
}

/* Finds the caller's challenge or fails the call. */
static struct challenge *
challenge_get(struct call *call, const char *id)
{
	struct challenge	*ch;

	ch = challenge_find(id);
	if (ch == NULL || (ch->client != call->client &&
	    client_lookup(ch->client) != NULL)) {
		call_error(call, RPC_APP_ERROR, R_CHALLENGE_EXPIRED,
		    "no such challenge pending", NULL);
		return (NULL);
	}
	if (ch->busy) {
		call_error(call, RPC_APP_ERROR, R_BUSY,
		    "the previous answer is still being checked", NULL);
		return (NULL);
	}
	/* Answering proves who is there now. */
	ch->client = call->client;
	return (ch);
}

static void
challenge_send(struct challenge *ch, const char *what, json_t *body,
    lender_cb cb, void *arg)
{
	char	*path;

	xasprintf(&path, "/v1/challenges/%s/%s", ch->id, what);
	ch->busy = 1;
	if (ch->flags & CHALLENGE_BEARER)
		session_request("POST", path, body, NULL, 0, cb, arg);
	else
		lender_request("POST", path, body, NULL, NULL, 0, cb, arg);
	free(path);
}

struct challenge_req {
	struct call	*call;
	char		*id;
	json_t		*body;		/* our reference, wiped when done */
};

static void
req_free(struct challenge_req *req)
{
	codec_wipe(req->body, 0);
	json_decref(req->body);
	free(req->id);
	free(req);
}

/* A request to the lender about ch for call; body (stolen, wiped when
 * done) or NULL. */
static struct challenge_req *
req_new(struct call *call, struct challenge *ch, json_t *body)
{
	struct challenge_req	*req = xcalloc(1, sizeof *req);

	req->call = call;
	req->id = xstrdup(ch->id);
	req->body = body;
	return req;
}

/* The challenge a request to the lender was for, no longer busy; NULL,
 * the call answered and req freed, when it was cancelled meanwhile (the
 * operation has its answer). */
static struct challenge *
req_challenge(struct challenge_req *req)
{
	struct challenge	*ch;

	if ((ch = challenge_find(req->id)) == NULL) {
		call_error(req->call, RPC_APP_ERROR, R_CHALLENGE_CANCELLED,
		    "the challenge was cancelled", NULL);
		req_free(req);
		return NULL;
	}
	ch->busy = 0;
	return ch;
}

static void
answer_done(const struct lender_response *r, void *arg)
{
	struct challenge_req	*req = arg;
	struct challenge	*ch;
	struct call		*call = req->call;
	const char		*reason = r->reason != NULL ? r->reason : "";
	json_t			*left;

	if ((ch = req_challenge(req)) == NULL)
		return;
	if (r->status >= 200 && r->status < 300) {
		call_reply(call, json_object());
		challenge_finish(ch, CHALLENGE_OK, r);
	} else if (strcmp(reason, R_WRONG_CODE) == 0) {
		/* Told, not retried; the challenge stays open. */
		left = json_object_get(r->body, "attempts_left");
		if (json_is_integer(left))
			json_object_set(ch->info, "attempts_left", left);
		log_info("challenge %s: wrong code", ch->id);
		session_call_fail(call, r);
	} else if (r->status == 410 ||
	    strcmp(reason, R_CHALLENGE_EXPIRED) == 0) {
		call_error(call, RPC_APP_ERROR, R_CHALLENGE_EXPIRED,
		    "the code has expired", NULL);
		challenge_finish(ch, CHALLENGE_EXPIRED, NULL);
	} else if (r->status == 0 || r->status >= 500 || r->status == 429) {
		/* The lender did not decide; the user may answer again. */
		session_call_fail(call, r);
	} else {
		session_call_fail(call, r);
		challenge_finish(ch, CHALLENGE_FAILED, r);
	}
	req_free(req);
}

void
challenge_answer(struct call *call, const char *id, const char *code)
{
	struct challenge	*ch;
	struct challenge_req	*req;

	if ((ch = challenge_get(call, id)) == NULL)
		return;
	req = req_new(call, ch, json_pack("{s:s}", "code", code));
	challenge_send(ch, "verify", json_incref(req->body), answer_done,
	    req);
}

static void
resend_done(const struct lender_response *r, void *arg)
{
	struct challenge_req	*req = arg;
	struct challenge	*ch;
	struct call		*call = req->call;
	json_t			*info;

	if ((ch = req_challenge(req)) == NULL)
		return;
	if (r->status >= 200 && r->status < 300) {
		info = info_from_lender(json_object_get(r->body, "challenge"));
		if (info == NULL || strcmp(json_string_value(json_object_get(
		    info, "challenge_id")), ch->id) != 0) {
			json_decref(info);
			call_fail(call, R_LENDER_INVALID,
			    "the lender's resend answer is malformed");
			req_free(req);
			return;
		}
		json_decref(ch->info);
		ch->info = info;
		ch->expires = timer_parse_iso(json_string_value(json_object_get(
		    info, "expires_at")));
		arm_timer(ch);
		log_info("challenge %s: code sent again", ch->id);
		call_reply(call, json_pack("{s:O, s:O}",
		    "resend_at", json_object_get(info, "resend_at"),
		    "expires_at", json_object_get(info, "expires_at")));
		challenge_notify(ch, E_CHALLENGE_REQUIRED,
		    json_deep_copy(info));
	} else if (r->status == 410) {
		call_error(call, RPC_APP_ERROR, R_CHALLENGE_EXPIRED,
		    "the code has expired", NULL);
		challenge_finish(ch, CHALLENGE_EXPIRED, NULL);
	} else
		session_call_fail(call, r);
	req_free(req);
}

void
challenge_resend(struct call *call, const char *id)
{
	struct challenge	*ch;
	struct challenge_req	*req;

	if ((ch = challenge_get(call, id)) == NULL)
		return;
	req = req_new(call, ch, NULL);
	challenge_send(ch, "resend", NULL, resend_done, req);
}

void
challenge_cancel(struct call *call, const char *id)
{
	struct challenge	*ch;

	if ((ch = challenge_get(call, id)) == NULL)
		return;
	call_reply(call, json_object());
	challenge_finish(ch, CHALLENGE_CANCELLED, NULL);
}

void
challenge_cancel_all(void)
{
	struct challenge	*ch, *next;

	for (ch = pending; ch != NULL; ch = next) {
		next = ch->next;
		if (!ch->busy)
			challenge_finish(ch, CHALLENGE_CANCELLED, NULL);
	}
}

void
challenge_call_fail(struct call *call, enum challenge_outcome o,
    const struct lender_response *r,
    void (*fail)(struct call *, const struct lender_response *),
    const char *cancelled)
{
	switch (o) {
	case CHALLENGE_OK:
		break;
	case CHALLENGE_FAILED:
		fail(call, r);
		break;
	case CHALLENGE_EXPIRED:
		call_fail(call, R_CHALLENGE_EXPIRED, "the code has expired");
		break;
	case CHALLENGE_CANCELLED:
		call_fail(call, R_CHALLENGE_CANCELLED, cancelled);
		break;
	}
}

void
challenge_call_start(struct call *call, const struct lender_response *r,
    int flags, challenge_cb cb,
    void (*fail)(struct call *, const struct lender_response *))
{
	if (r->status != 202) {
		fail(call, r);
		return;
	}
	if (challenge_start(call->client, json_object_get(r->body,
	    "challenge"), flags, cb, call) == -1)
		call_fail(call, R_LENDER_INVALID,
		    "the lender's challenge is malformed");
}
