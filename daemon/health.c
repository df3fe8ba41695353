/*
 * health.c — is the lender there?  GET /v1/health (one check at a time),
 * then GET /v1/products with If-None-Match when it answered.  Clients hear
 * lender.status whenever reachability or the kind of error changes, so the
 * daemon notices the lender going away and coming back without a restart.
 *
 * The daemon sleeps when idle: while the event stream (follow.c) is
 * healthy nothing else is asked; a request that fails to reach the lender
 * (the stream's own included) checks at once (lender.c's reach hook).
 * Without a stream (signed out) the lender is asked every health_interval
 * seconds; while it is unreachable, after 1, 2, 4 … seconds up to
 * health_interval (or the lender's Retry-After).
 */
#include <stdlib.h>
#include <string.h>

#include "kabinet/buf.h"
#include "kabinet/clock.h"
#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"

static struct {
	int	 known;		/* a check has finished */
	int	 reachable;
	int	 inflight;
	char	*name;
	char	*retry_at;	/* ISO 8601, when unreachable */
	char	*err_reason;
	char	*err_message;
	json_t	*products;	/* the items array */
	int	 products_tried; /* an answer to GET /v1/products came */
	char	*etag;
	guint	 timer;
	long	 backoff;	/* seconds, while unreachable */
} h;

static void	health_check(void);

/*
 * Those above us, told through hooks set at start-up: who wants to hear
 * that the lender's state changed (follow.c, session.c), and whether the
 * event stream vouches for the lender meanwhile (follow.c).
 */
#define HEALTH_MAX_HOOKS	4
static void	(*change_hooks[HEALTH_MAX_HOOKS])(int reachable);
static size_t	  nchange_hooks;
static int	(*stream_probe)(void);

void
health_on_change(void (*fn)(int reachable))
{
	if (nchange_hooks == HEALTH_MAX_HOOKS)
		fatalx("%s: too many hooks", __func__);
	change_hooks[nchange_hooks++] = fn;
}

void
health_set_stream_probe(int (*healthy)(void))
{
	stream_probe = healthy;
}

/* Answers that wait for the first check, and when the lender answered it
 * for the first products too (health_when_known). */
#define HEALTH_FIRST_WAIT_MS	1000

struct hwait {
	void		(*fn)(void *);
	void		*arg;
	struct hwait	*next;
};
static struct hwait	*hw_head, **hw_tail = &hw_head;
static guint		 hw_timer;

static json_t *
error_json(void)
{
	if (h.reachable || h.err_reason == NULL)
		return json_null();
	return json_pack("{s:s, s:s}", "reason", h.err_reason,
	    "message", h.err_message != NULL ? h.err_message : h.err_reason);
}

static void
hw_run(void)
{
	struct hwait	*w, *next;

	if (hw_timer != 0)
		g_source_remove(hw_timer);
	hw_timer = 0;
	w = hw_head;
	hw_head = NULL;
	hw_tail = &hw_head;
	for (; w != NULL; w = next) {
		next = w->next;
		w->fn(w->arg);
		free(w);
	}
}

static gboolean
hw_timeout(gpointer unused)
{
	(void)unused;
	hw_timer = 0;
	hw_run();
	return G_SOURCE_REMOVE;
}

void
health_when_known(void (*fn)(void *), void *arg)
{
	struct hwait	*w;

	if (h.known && (!h.reachable || h.products_tried)) {
		fn(arg);
		return;
	}
	w = xcalloc(1, sizeof *w);
	w->fn = fn;
	w->arg = arg;
	*hw_tail = w;
	hw_tail = &w->next;
	if (hw_timer == 0)
		hw_timer = g_timeout_add(HEALTH_FIRST_WAIT_MS, hw_timeout,
		    NULL);
}

json_t *
health_status_json(void)
{
	return json_pack("{s:b, s:o, s:o, s:o}",
	    "reachable", h.reachable,
	    "retry_at", h.retry_at != NULL && !h.reachable ?
	    json_string(h.retry_at) : json_null(),
	    "error", error_json(),
	    "name", h.name != NULL ? json_string(h.name) : json_null());
}

json_t *
health_json(void)
{
	json_t	*j;

	j = json_pack("{s:s, s:o, s:b, s:o, s:o}",
	    "url", cfg.lender_url,
	    "name", h.name != NULL ? json_string(h.name) : json_null(),
	    "reachable", h.reachable,
	    "retry_at", h.retry_at != NULL && !h.reachable ?
	    json_string(h.retry_at) : json_null(),
	    "products", h.products != NULL ? json_incref(h.products) :
	    json_null());
	if (!h.reachable && h.err_reason != NULL)
		json_object_set_new(j, "error", error_json());
	if (!h.known)
		json_object_set_new(j, "checking", json_true());
	return j;
}

/*
 * All that health_json() reads, as key bytes (buf.h): equal keys, equal
 * answers.  The products are named by their address, which stays theirs
 * while the caller holds them (session.c holds what it was given).
 */
void
health_key(struct buf *b)
{
	int	flags[2] = { h.known, h.reachable };

	buf_add(b, flags, sizeof flags);
	buf_add(b, &h.products, sizeof h.products);
	buf_add_field(b, cfg.lender_url);
	buf_add_field(b, h.name);
	buf_add_field(b, h.retry_at);
	buf_add_field(b, h.err_reason);
	buf_add_field(b, h.err_message);
}

int
health_reachable(void)
{
	return h.reachable;
}

int
health_known(void)
{
	return h.known;
}

static gboolean
on_timer(gpointer unused)
{
	(void)unused;
	h.timer = 0;
	health_check();
	return G_SOURCE_REMOVE;
}

static void
schedule(long seconds)
{
	if (h.timer != 0)
		g_source_remove(h.timer);
	h.timer = timer_add_seconds((guint)seconds, on_timer, NULL);
}

static void
on_products(const struct lender_response *r, void *arg)
{
	const char	*etag;
	json_t		*items;

	(void)arg;
	h.products_tried = 1;
	if (r->reason != NULL)
		log_debug("products: %s", r->reason);
	else if (r->status != 304 &&
	    !json_is_array(items = json_object_get(r->body, "items")))
		log_warnx("the lender's products have no items array");
	else if (r->status != 304) {
		json_decref(h.products);
		h.products = json_incref(items);
		free(h.etag);
		etag = lender_response_header(r, "ETag");
		h.etag = etag != NULL ? xstrdup(etag) : NULL;
		log_debug("products: %zu", json_array_size(items));
		/* Whoever was told the lender's state before has none. */
		clients_broadcast(E_LENDER_STATUS,
		    json_pack("{s:O}", "products", items));
	}
	hw_run();	/* the answers that waited for the first products */
}

static void
fetch_products(void)
{
	char	*hdr = NULL;

	if (h.etag != NULL && h.products != NULL)
		xasprintf(&hdr, "If-None-Match: %s", h.etag);
	lender_request_header("GET", "/v1/products", NULL, NULL, NULL, hdr, 0,
	    on_products, NULL);
	free(hdr);
}

void
health_products_changed(void)
{
	fetch_products();
}

static void
set_state(int reachable, const char *reason, const char *message,
    long retry_s)
{
	int	changed;
	size_t	i;

	changed = !h.known || reachable != h.reachable ||
	    (!reachable && (h.err_reason == NULL || reason == NULL ||
	    strcmp(h.err_reason, reason) != 0));
	h.known = 1;
	h.reachable = reachable;
	free(h.err_reason);
	free(h.err_message);
	free(h.retry_at);
	h.err_reason = reason != NULL ? xstrdup(reason) : NULL;
	h.err_message = message != NULL ? xstrdup(message) : NULL;
	h.retry_at = reachable ? NULL : timer_iso_in(retry_s);
	if (!changed)
		return;
	if (reachable)
		log_info("lender %s is reachable", cfg.lender_url);
	else
		log_warnx("lender %s is unreachable: %s: %s", cfg.lender_url,
		    reason, message != NULL ? message : "");
	clients_broadcast(E_LENDER_STATUS, health_status_json());
	for (i = 0; i < nchange_hooks; i++)
		change_hooks[i](reachable);
	/* The answers that waited for this; reachable, they also wait for
	 * the products asked for next (on_products), so that a calculator
	 * opened at once has them. */
	if (!reachable || h.products_tried)
		hw_run();
}

/* When to ask again: the stream vouches for a reachable lender. */
static void
rearm(void)
{
	if (h.inflight)
		return;
	if (!h.reachable) {
		if (h.timer == 0)
			schedule(h.backoff > 0 ? h.backoff : 1);
		return;
	}
	if (stream_probe != NULL && stream_probe()) {
		if (h.timer != 0)
			g_source_remove(h.timer);
		h.timer = 0;
	} else if (h.timer == 0)
		schedule(cfg.health_interval_s);
}

void
health_rearm(void)
{
	if (h.known)
		rearm();
}

static long
next_backoff(long retry_after)
{
	h.backoff = h.backoff == 0 ? 1 : h.backoff * 2;
	if (h.backoff > cfg.health_interval_s)
		h.backoff = cfg.health_interval_s;
	if (retry_after > h.backoff)
		h.backoff = retry_after;
	return h.backoff;
}

static void
on_health(const struct lender_response *r, void *arg)
{
	const char	*name, *status;

	(void)arg;
	h.inflight = 0;
	if (r->reason == NULL && json_is_object(r->body)) {
		status = json_string_value(json_object_get(r->body, "status"));
		if (status != NULL && strcmp(status, "ok") != 0) {
			set_state(0, R_LENDER_UNAVAILABLE,
			    "the lender reports it is not ok", next_backoff(0));
			goto out;
		}
		name = json_string_value(json_object_get(json_object_get(
		    r->body, "lender"), "name"));
		if (name != NULL && (h.name == NULL ||
		    strcmp(name, h.name) != 0)) {
			free(h.name);
			h.name = xstrdup(name);
		}
		h.backoff = 0;
		set_state(1, NULL, NULL, 0);
		fetch_products();
	} else if (r->reason == NULL) {
		set_state(0, R_LENDER_INVALID,
		    "the lender's health answer is not a JSON object",
		    next_backoff(0));
	} else
		set_state(0, r->reason, r->message,
		    next_backoff(r->retry_after));
out:
	rearm();
}

static void
health_check(void)
{
	if (h.inflight)
		return;
	h.inflight = 1;
	lender_request("GET", "/v1/health", NULL, NULL, NULL, 0, on_health,
	    NULL);
}

/*
 * lender.c's news: a request failed to reach the lender, worth a check at
 * once while we still believe it is there.  That it answers again says
 * nothing of its health (a 503 is an answer): our own checks say when it
 * is back.
 */
static void
health_reached(int reachable)
{
	if (reachable || !h.reachable || h.inflight)
		return;
	if (h.timer != 0)
		g_source_remove(h.timer);
	h.timer = 0;
	health_check();
}

void
health_start(void)
{
	lender_set_reach_hook(health_reached);
	health_check();
}

void
health_stop(void)
{
	hw_run();
	if (h.timer != 0)
		g_source_remove(h.timer);
	h.timer = 0;
	free(h.name);
	free(h.retry_at);
	free(h.err_reason);
	free(h.err_message);
	free(h.etag);
	json_decref(h.products);
	memset(&h, 0, sizeof h);
}
