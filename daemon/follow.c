/*
 * follow.c — the lender's event stream: while a session is held, a long
 * poll on GET /v1/events?after=SEQ&wait=25 with the session's bearer;
 * each event is pushed to every client (application.updated,
 * loan.updated).  Errors back off (1, 2, 4 … 60 s); signing out stops it.
 * Nothing polls: a change of the session (follow_kick) starts or stops
 * the stream, one timer waits out a backoff, and the lender coming back
 * (follow_resume) ends a backoff early; session.c and health.c, below,
 * hear of follow.c only through the hooks follow_init() sets.  While the
 * stream is healthy it is the daemon's proof that the lender is there
 * (follow_healthy), so health.c does not ask /v1/health meanwhile.
 * The last sequence number is kept in memory only: after a restart (or
 * a new sign-in) the stream is read again from the start, and of those
 * first pages only the newest state of each application and loan is
 * pushed, so nothing that happened meanwhile is missed.
 */
#include <stdio.h>
#include <string.h>

#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinetd.h"

#define FOLLOW_WAIT		25
#define FOLLOW_MAX_PAUSE	60

static struct {
	int		 running;	/* a poll in flight */
	int		 primed;	/* seq known for this session */
	json_int_t	 seq;
	unsigned int	 pause;		/* seconds, after an error */
	guint		 backoff;	/* the timer that ends a pause */
	unsigned int	 generation;	/* bumped when the session goes */
} f;

static void	follow_poll(void);
static gboolean	follow_again(gpointer);

#define FOLLOW_MAX_HOOKS	4
static void	(*event_hooks[FOLLOW_MAX_HOOKS])(const char *, json_t *, int);
static size_t	  nevent_hooks;

void
follow_on_event(void (*fn)(const char *type, json_t *data, int live))
{
	if (nevent_hooks == FOLLOW_MAX_HOOKS)
		fatalx("%s: too many hooks", __func__);
	event_hooks[nevent_hooks++] = fn;
}

/* The id of the application or loan an event carries. */
static const char *
object_id(const char *type, json_t *data)
{
	json_t	*o = json_object_get(data, strcmp(type,
	    E_APPLICATION_UPDATED) == 0 ? "application" : "loan");

	return json_string_value(json_object_get(o, "id"));
}

/* Does a later event in items carry the same object? */
static int
superseded(json_t *items, size_t at, const char *type, json_t *data)
{
	const char	*id = object_id(type, data), *t2, *id2;
	json_t		*e;
	size_t		 i;

	if (id == NULL)
		return 0;
	for (i = at + 1; i < json_array_size(items); i++) {
		e = json_array_get(items, i);
		t2 = json_string_value(json_object_get(e, "type"));
		if (t2 == NULL || strcmp(t2, type) != 0)
			continue;
		id2 = object_id(t2, json_object_get(e, "data"));
		if (id2 != NULL && strcmp(id, id2) == 0)
			return 1;
	}
	return 0;
}

static void
follow_done(const struct lender_response *r, void *arg)
{
	unsigned int	 gen = GPOINTER_TO_UINT(arg);
	json_t		*items, *e, *data;
	const char	*type;
	size_t		 i, h;
	int		 products = 0;

	if (gen != f.generation)
		return;		/* signed out meanwhile: drop it */
	f.running = 0;
	if (r->status != 200 || !json_is_object(r->body)) {
		f.pause = f.pause == 0 ? 1 : f.pause * 2;
		if (f.pause > FOLLOW_MAX_PAUSE)
			f.pause = FOLLOW_MAX_PAUSE;
		log_debug("events: %ld %s; again in %u s", r->status,
		    r->reason != NULL ? r->reason : "", f.pause);
		f.backoff = g_timeout_add_seconds(f.pause, follow_again, NULL);
		health_rearm();
		return;
	}
	if (f.pause != 0) {
		f.pause = 0;
		health_rearm();
	}
	items = json_object_get(r->body, "items");
	json_array_foreach(items, i, e) {
		type = json_string_value(json_object_get(e, "type"));
		data = json_object_get(e, "data");
		/* The lender's products changed: read them again (the
		 * stream is what tells a signed-in daemon, which asks the
		 * lender nothing on a timer). */
		if (type != NULL && strcmp(type, "products.updated") == 0) {
			products = 1;
			continue;
		}
		/* Those above that keep something of the stream (the
		 * inbox, the summary) hear every event, caught up or not. */
		if (type != NULL && json_is_object(data))
			for (h = 0; h < nevent_hooks; h++)
				event_hooks[h](type, data, f.primed);
		if (type == NULL || !json_is_object(data) ||
		    (strcmp(type, E_APPLICATION_UPDATED) != 0 &&
		    strcmp(type, E_LOAN_UPDATED) != 0 &&
		    strcmp(type, E_PAYMENT_UPDATED) != 0 &&
		    strcmp(type, E_SBP_UPDATED) != 0 &&
		    strcmp(type, E_AUTOPAY_UPDATED) != 0 &&
		    strcmp(type, E_APPEAL_UPDATED) != 0))
			continue;
		/* An appeal's news is worth telling only as it happens. */
		if (!f.primed && strcmp(type, E_APPEAL_UPDATED) == 0)
			continue;
		/* The first pages of a session catch up: only the newest
		 * state of each application and loan is worth pushing. */
		if (!f.primed && superseded(items, i, type, data))
			continue;
		clients_broadcast(type, json_incref(data));
	}
	if (products)
		health_products_changed();	/* once a page */
	if (json_is_integer(json_object_get(r->body, "last_seq")))
		f.seq = json_integer_value(json_object_get(r->body,
		    "last_seq"));
	/* A page of 100 means there may be more: ask again at once. */
	if (!f.primed && json_array_size(items) < 100)
		f.primed = 1;
	follow_poll();
}

static void
follow_poll(void)
{
	char	path[96];

	if (f.running || f.backoff != 0 || !session_signed_in() ||
	    session_refusal() != NULL)
		return;
	f.running = 1;
	snprintf(path, sizeof path, "/v1/events?after=%lld&wait=%d",
	    (long long)f.seq, f.primed ? FOLLOW_WAIT : 0);
	session_request("GET", path, NULL, NULL, 0, follow_done,
	    GUINT_TO_POINTER(f.generation));
}

static gboolean
follow_again(gpointer arg)
{
	(void)arg;
	f.backoff = 0;
	follow_poll();
	return G_SOURCE_REMOVE;
}

static void
follow_unpause(void)
{
	if (f.backoff != 0)
		g_source_remove(f.backoff);
	f.backoff = 0;
}

void
follow_kick(void)
{
	if (!session_signed_in()) {
		if (f.primed || f.seq != 0 || f.running)
			f.generation++;
		follow_unpause();
		f.primed = 0;
		f.seq = 0;
		f.pause = 0;
		if (f.running) {
			f.running = 0;
			health_rearm();
		}
		return;
	}
	if (!f.running && f.backoff == 0) {
		follow_poll();
		if (f.running)
			health_rearm();
	}
}

/* The lender is back: a stream waiting out a backoff goes at once. */
static void
follow_lender_changed(int reachable)
{
	if (reachable)
		follow_resume();
}

void
follow_init(void)
{
	health_on_change(follow_lender_changed);
	health_set_stream_probe(follow_healthy);
	session_on_change(follow_kick);
}

void
follow_resume(void)
{
	if (f.backoff == 0)
		return;
	follow_unpause();
	follow_poll();
}

int
follow_healthy(void)
{
	return f.running && f.pause == 0;
}

void
follow_stop(void)
{
	follow_unpause();
	f.generation++;
	f.running = 0;
}
