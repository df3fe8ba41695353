/*
 * esia.c — "Войти через Госуслуги" (auth.gosuslugi.start).  ESIA has no
 * device flow, so the lender brokers it as OAuth's device authorization
 * grant does (RFC 8628): the daemon alone holds the secret device code
 * and polls with it; a client is given only the verification address,
 * the short user code and the flow's id, which is all a screen shows.
 * Whoever reads the screen can type the code, but the tokens (or, for a
 * registration, the verified person) go only to the device code's
 * holder, once.
 *
 * One flow per purpose at a time: a new start replaces a running one of
 * the same purpose, a flow ends when its client goes, and whatever is
 * left at exit is freed by esia_shutdown().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/codec.h"
#include "kabinet/log.h"
#include "kabinet/phone.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"

#define ESIA_DEFAULT_INTERVAL	5
#define ESIA_MAX_INTERVAL	60
#define ESIA_LIFETIME_S		(15 * 60)
#define DEVICE_CODE_MAX		128

static const char *const esia_purposes[] = { "login", "registration" };
#define NPURPOSES	(sizeof esia_purposes / sizeof esia_purposes[0])

struct esia {
	struct call	*call;		/* the start call until it is answered */
	uint64_t	 client;	/* whom auth.gosuslugi.done goes to */
	size_t		 purpose;	/* index in esia_purposes */
	char		 id[24];	/* the flow's public id */
	json_t		*poll_body;	/* {device_code}: secret, wiped */
	unsigned int	 interval;	/* seconds */
	gint64		 expires;	/* monotonic µs */
	guint		 timer;		/* the next poll, or 0 */
	int		 in_flight;	/* a request to the lender is out */
	int		 detached;	/* no longer current: freed on return */
};

static struct esia	*current[NPURPOSES];	/* the running flows */
static struct esia	*proof;		/* an approved registration flow */
static GPtrArray	*flows;		/* every flow, for esia_shutdown() */

static void	esia_poll(struct esia *);

static void
esia_free(struct esia *e)
{
	size_t	i;

	if (e->timer != 0)
		g_source_remove(e->timer);
	for (i = 0; i < NPURPOSES; i++)
		if (current[i] == e)
			current[i] = NULL;
	if (proof == e)
		proof = NULL;
	g_ptr_array_remove_fast(flows, e);
	if (e->poll_body != NULL) {
		codec_wipe(e->poll_body, 0);
		json_decref(e->poll_body);
	}
	free(e);
}

/* Takes e out of its slot; it is freed now, or when its request returns. */
static void
esia_detach(struct esia *e)
{
	if (current[e->purpose] == e)
		current[e->purpose] = NULL;
	e->detached = 1;
	if (!e->in_flight)
		esia_free(e);
}

/* Ends the flow with an outcome for its client; extra is stolen. */
static void
esia_finish(struct esia *e, const char *outcome, json_t *extra)
{
	struct client	*cl = client_lookup(e->client);
	json_t		*p = json_pack("{s:s, s:s, s:s}", "id", e->id, "purpose",
	    esia_purposes[e->purpose], "outcome", outcome);

	if (extra != NULL)
		json_object_update(p, extra);
	json_decref(extra);
	log_info("gosuslugi %s: %s", esia_purposes[e->purpose], outcome);
	if (cl != NULL)
		client_notify(cl, E_GOSUSLUGI_DONE, p);
	else
		json_decref(p);
}

static gboolean
esia_timer(gpointer arg)
{
	struct esia	*e = arg;

	e->timer = 0;
	esia_poll(e);
	return G_SOURCE_REMOVE;
}

static void
esia_again(struct esia *e)
{
	e->timer = g_timeout_add_seconds(e->interval, esia_timer, e);
}

static unsigned int
esia_interval(json_t *v, unsigned int dflt)
{
	if (json_is_integer(v) && json_integer_value(v) > 0 &&
	    json_integer_value(v) <= ESIA_MAX_INTERVAL)
		return (unsigned int)json_integer_value(v);
	return dflt;
}

/* An approved registration: the verified person goes to the client, the
 * device code stays here as the proof register.profile sends. */
static void
esia_keep_proof(struct esia *e)
{
	if (proof != NULL)
		esia_free(proof);
	if (current[e->purpose] == e)
		current[e->purpose] = NULL;
	proof = e;
}

static void
esia_polled(const struct lender_response *r, void *arg)
{
	struct esia	*e = arg;
	const char	*st = json_string_value(json_object_get(r->body,
	    "status"));
	const char	*phone;

	e->in_flight = 0;
	if (e->detached) {
		esia_free(e);
		return;
	}
	log_debug("gosuslugi %s: %s", e->id, st != NULL ? st :
	    r->reason != NULL ? r->reason : "no answer");
	if (r->status != 200 || st == NULL) {
		/* Keep trying until it expires; the lender may be back. */
		if (g_get_monotonic_time() > e->expires) {
			esia_finish(e, "expired", NULL);
			esia_free(e);
		} else
			esia_again(e);
		return;
	}
	if (strcmp(st, "pending") == 0 || strcmp(st, "slow_down") == 0) {
		/* RFC 8628 §3.5: slow_down lengthens every later poll. */
		if (strcmp(st, "slow_down") == 0)
			e->interval = esia_interval(json_object_get(r->body,
			    "interval"), e->interval + 5 > ESIA_MAX_INTERVAL ?
			    ESIA_MAX_INTERVAL : e->interval + 5);
		esia_again(e);
		return;
	}
	if (strcmp(st, "approved") != 0) {
		esia_finish(e, st, NULL);
		esia_free(e);
		return;
	}
	if (strcmp(esia_purposes[e->purpose], "registration") == 0) {
		esia_finish(e, "approved", json_pack("{s:O}", "prefill",
		    json_object_get(r->body, "person")));
		esia_keep_proof(e);
		return;
	}
	phone = json_string_value(json_object_get(r->body, "phone"));
	if (session_signed_in())
		esia_finish(e, "already_signed_in", NULL);
	else if (phone == NULL || strlen(phone) != PHONE_LEN ||
	    session_begin(phone, json_object_get(r->body, "session")) == -1)
		esia_finish(e, "failed", NULL);
	else
		esia_finish(e, "approved", NULL);
	esia_free(e);
}

static void
esia_poll(struct esia *e)
{
	e->in_flight = 1;
	lender_request("POST", "/v1/esia/poll", json_incref(e->poll_body),
	    NULL, NULL, 0, esia_polled, e);
}

static void
esia_started(const struct lender_response *r, void *arg)
{
	struct esia	*e = arg;
	struct call	*call = e->call;
	const char	*dc = json_string_value(json_object_get(r->body,
	    "device_code"));
	json_t		*uri = json_object_get(r->body, "verification_uri");
	json_t		*full = json_object_get(r->body,
	    "verification_uri_complete");
	json_t		*code = json_object_get(r->body, "user_code");

	e->in_flight = 0;
	e->call = NULL;
	if (r->status != 201) {
		session_call_fail(call, r);
		esia_detach(e);
		return;
	}
	if (dc == NULL || *dc == '\0' || strlen(dc) > DEVICE_CODE_MAX ||
	    !json_is_string(uri) || !json_is_string(code)) {
		call_fail(call, R_LENDER_INVALID, "the lender's ESIA session "
		    "is malformed");
		esia_detach(e);
		return;
	}
	if (e->detached) {
		/* Its client went while the lender was answering. */
		call_fail(call, R_CHALLENGE_CANCELLED, "the Gosuslugi "
		    "sign-in was cancelled");
		esia_free(e);
		return;
	}
	e->poll_body = json_pack("{s:s}", "device_code", dc);
	codec_wipe(json_object_get(r->body, "device_code"), 0);
	e->interval = esia_interval(json_object_get(r->body, "interval"),
	    ESIA_DEFAULT_INTERVAL);
	e->expires = g_get_monotonic_time() + (gint64)ESIA_LIFETIME_S *
	    G_USEC_PER_SEC;
	call_reply(call, json_pack("{s:s, s:O, s:O, s:O, s:O, s:i}",
	    "id", e->id, "url", json_is_string(full) ? full : uri,
	    "verification_uri", uri, "user_code", code,
	    "expires_at", json_object_get(r->body, "expires_at"),
	    "interval", (int)e->interval));
	esia_again(e);
}

static size_t
esia_purpose_index(const char *purpose)
{
	size_t	i;

	for (i = 0; i < NPURPOSES; i++)
		if (strcmp(esia_purposes[i], purpose) == 0)
			return i;
	return NPURPOSES;
}

void
esia_start(struct call *call)
{
	json_t		*jp = json_object_get(call->params, "purpose");
	const char	*purpose = json_is_string(jp) ? json_string_value(jp) :
	    "login";
	struct esia	*e, *old;
	size_t		 pi;

	if ((jp != NULL && !json_is_string(jp)) || (pi =
	    esia_purpose_index(purpose)) == NPURPOSES) {
		call_error(call, RPC_INVALID_PARAMS, R_INVALID_PARAMS,
		    "purpose is \"login\" or \"registration\"", NULL);
		return;
	}
	if (pi == 0 && session_signed_in()) {
		call_fail(call, R_ALREADY_LOGGED_IN, "already signed in");
		return;
	}
	if ((old = current[pi]) != NULL && old->call != NULL) {
		call_fail(call, R_BUSY, "a Gosuslugi sign-in is being "
		    "started");
		return;
	}
	if (old != NULL) {
		/* The newest start wins: the screen that asked last is the
		 * one the user looks at. */
		esia_finish(old, "cancelled", NULL);
		esia_detach(old);
	}
	e = xcalloc(1, sizeof *e);
	e->call = call;
	e->client = call->client;
	e->purpose = pi;
	snprintf(e->id, sizeof e->id, "gs_%08x%08x", g_random_int(),
	    g_random_int());
	e->in_flight = 1;
	current[pi] = e;
	g_ptr_array_add(flows, e);
	lender_request("POST", "/v1/esia/sessions", json_pack("{s:s, s:s}",
	    "purpose", purpose, "device_id", auth_device_id()), NULL, NULL, 0,
	    esia_started, e);
}

const char *
esia_registration_proof(const char *id)
{
	if (proof == NULL || id == NULL || strcmp(proof->id, id) != 0)
		return NULL;
	return json_string_value(json_object_get(proof->poll_body,
	    "device_code"));
}

/* A client that goes takes its flows with it (nobody is left to show the
 * code or hear the outcome). */
static void
esia_on_gone(uint64_t client)
{
	size_t	i;

	for (i = 0; i < NPURPOSES; i++)
		if (current[i] != NULL && current[i]->client == client) {
			log_info("gosuslugi %s: its client has gone",
			    esia_purposes[i]);
			esia_detach(current[i]);
		}
}

void
esia_init(void)
{
	flows = g_ptr_array_new();
	clients_add_hooks(NULL, esia_on_gone);
}

void
esia_shutdown(void)
{
	struct esia	*e;

	/* After lender_shutdown(): requests in flight will never return. */
	while (flows != NULL && flows->len > 0) {
		e = g_ptr_array_index(flows, 0);
		if (e->call != NULL)
			call_fail(e->call, R_LENDER_UNAVAILABLE,
			    "kabinetd is stopping");
		esia_free(e);
	}
	if (flows != NULL)
		g_ptr_array_free(flows, TRUE);
	flows = NULL;
}
