/*
 * lender.c — HTTPS to the lender through libcurl's multi socket interface
 * on the GLib loop.
 *
 * curl tells us which sockets to watch (sock_cb: one g_unix_fd_add per
 * socket) and when to wake it (timer_cb: one g_timeout_add); both end in
 * curl_multi_socket_action(), after which finished transfers are collected
 * and their callbacks run.  One multi handle keeps a few connections alive
 * for reuse.  TLS is always verified.  Bodies and headers are never
 * logged; a request body is wiped once the transfer is over.
 *
 * Requests are not handed to curl as they come: each belongs to an owner
 * (the client whose call made it, 0 for the daemon's own), waits in its
 * owner's queue, and owners take turns (round robin) for LENDER_SLOTS
 * transfers at a time, each at most LENDER_PER_OWNER of them.  So one
 * client that floods the daemon with calls waits behind itself, and
 * another client's request goes out at once, or after at most one
 * transfer in progress has finished.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <glib-unix.h>

#include "kabinet/buf.h"
#include "kabinet/codec.h"
#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"

#define LENDER_MAX_BODY		(8 * 1024 * 1024)
#define LENDER_MAX_TRIES	4	/* the first go and 3 retries */
#define LENDER_SLOTS		6	/* transfers at once, = connections */
#define LENDER_PER_OWNER	2	/* of which one client's, at most */
#define LENDER_PER_DAEMON	3	/* the daemon's own (long poll, …) */

struct sockwatch {
	curl_socket_t	 fd;
	guint		 src;
};

struct lreq {
	struct lender_response	 resp;		/* first: handed to cb */
	CURL			*easy;
	char			*method;
	char			*path;
	char			*body;		/* serialized; wiped at the end */
	size_t			 bodylen;
	struct curl_slist	*headers;
	struct buf		 in;		/* response body */
	int			 flags;
	int			 tries;
	int			 too_big;
	guint			 retry_src;
	gint64			 started;
	gint64			 queued;	/* when it joined its queue */
	uint64_t		 owner;
	int			 active;	/* handed to curl */
	lender_cb		 cb;
	void			*arg;
	char			 reqid[40];
	char			 errbuf[CURL_ERROR_SIZE];
	char			 msgbuf[256];
};

static CURLM	*multi;
static guint	 timer_src;
static char	*base_url;
static int	 inside_action;
static GHashTable *live;		/* every lreq not yet finished */

/* An owner's requests waiting for a slot. */
struct owner {
	uint64_t	 id;
	GQueue		 waiting;	/* of struct lreq */
	int		 active;
	int		 turn;		/* in the round robin */
};
static GHashTable *owners;		/* id → struct owner */
static GQueue	 turns;			/* owners with requests waiting */
static int	 active_total;
static uint64_t	 owner_now;		/* lender_owner_swap() */

static void	check_multi_info(void);

uint64_t
lender_owner(void)
{
	return owner_now;
}

uint64_t
lender_owner_swap(uint64_t owner)
{
	uint64_t	prev = owner_now;

	owner_now = owner;
	return prev;
}

static gboolean	lreq_fail_later(gpointer);
static void	owner_tidy(struct owner *);

/* r leaves curl (done, or off to wait for a retry): its slot is free. */
static void
lender_unslot(struct lreq *r)
{
	struct owner	*o;

	if (!r->active)
		return;
	r->active = 0;
	active_total--;
	if ((o = g_hash_table_lookup(owners, &r->owner)) != NULL) {
		o->active--;
		owner_tidy(o);
	}
}

static struct owner *
owner_get(uint64_t id)
{
	struct owner	*o;

	if ((o = g_hash_table_lookup(owners, &id)) == NULL) {
		o = xcalloc(1, sizeof *o);
		o->id = id;
		g_queue_init(&o->waiting);
		g_hash_table_insert(owners, &o->id, o);
	}
	return o;
}

/* An owner with nothing waiting and nothing in flight is forgotten. */
static void
owner_tidy(struct owner *o)
{
	if (o->active == 0 && g_queue_is_empty(&o->waiting) && !o->turn) {
		g_hash_table_remove(owners, &o->id);
		free(o);
	}
}

static int
owner_cap(const struct owner *o)
{
	return o->id == 0 ? LENDER_PER_DAEMON : LENDER_PER_OWNER;
}

/* Hands waiting requests to curl, owners taking turns, while slots are
 * free. */
static void
lender_pump(void)
{
	struct owner	*o;
	struct lreq	*r;
	guint		 skipped = 0;

	while (active_total < LENDER_SLOTS &&
	    (o = g_queue_pop_head(&turns)) != NULL) {
		if (g_queue_is_empty(&o->waiting)) {
			o->turn = 0;
			owner_tidy(o);
			continue;
		}
		if (o->active >= owner_cap(o)) {
			g_queue_push_tail(&turns, o);
			/* A whole round with nobody able to go: stop. */
			if (++skipped >= g_queue_get_length(&turns))
				break;
			continue;
		}
		skipped = 0;
		r = g_queue_pop_head(&o->waiting);
		g_queue_push_tail(&turns, o);
		r->active = 1;
		o->active++;
		active_total++;
		r->started = g_get_monotonic_time();
		if (curl_multi_add_handle(multi, r->easy) != CURLM_OK) {
			log_warnx("%s %s: curl_multi_add_handle failed",
			    r->method, r->path);
			lender_unslot(r);
			g_idle_add(lreq_fail_later, r);
		}
	}
}

/* Queues r behind its owner's other requests and pumps. */
static void
lender_enqueue(struct lreq *r)
{
	struct owner	*o = owner_get(r->owner);

	r->queued = g_get_monotonic_time();
	g_queue_push_tail(&o->waiting, r);
	if (!o->turn) {
		o->turn = 1;
		g_queue_push_tail(&turns, o);
	}
	lender_pump();
}

static gboolean
on_socket(gint fd, GIOCondition cond, gpointer arg)
{
	int	ev = 0, running;

	(void)arg;
	if (cond & G_IO_IN)
		ev |= CURL_CSELECT_IN;
	if (cond & G_IO_OUT)
		ev |= CURL_CSELECT_OUT;
	if (cond & (G_IO_ERR | G_IO_HUP))
		ev |= CURL_CSELECT_ERR;
	/* sock_cb may remove this very source from inside; that is fine. */
	curl_multi_socket_action(multi, fd, ev, &running);
	check_multi_info();
	return G_SOURCE_CONTINUE;
}

static int
sock_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct sockwatch	*w = socketp;
	GIOCondition		 cond = 0;

	(void)easy;
	(void)userp;
	if (what == CURL_POLL_REMOVE) {
		if (w != NULL) {
			if (w->src != 0)
				g_source_remove(w->src);
			free(w);
			curl_multi_assign(multi, s, NULL);
		}
		return 0;
	}
	if (what & CURL_POLL_IN)
		cond |= G_IO_IN;
	if (what & CURL_POLL_OUT)
		cond |= G_IO_OUT;
	if (w == NULL) {
		w = xcalloc(1, sizeof *w);
		w->fd = s;
		curl_multi_assign(multi, s, w);
	} else if (w->src != 0)
		g_source_remove(w->src);
	w->src = g_unix_fd_add(s, cond, on_socket, w);
	return 0;
}

static gboolean
on_timeout(gpointer arg)
{
	int	running;

	(void)arg;
	timer_src = 0;
	curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_multi_info();
	return G_SOURCE_REMOVE;
}

static int
timer_cb(CURLM *m, long timeout_ms, void *userp)
{
	(void)m;
	(void)userp;
	if (timer_src != 0) {
		g_source_remove(timer_src);
		timer_src = 0;
	}
	if (timeout_ms >= 0)
		timer_src = g_timeout_add((guint)timeout_ms, on_timeout, NULL);
	return 0;
}

/*
 * Whether the lender answered, told upward (health.c) through a hook: only
 * when it changes, so a burst of failed requests is one report.  Every
 * request, the health check's own included, passes here.
 */
static void	(*reach_hook)(int reachable);
static int	  reach_last = -1;	/* unknown until the first answer */

void
lender_set_reach_hook(void (*fn)(int reachable))
{
	reach_hook = fn;
}

static void
reached(int reachable)
{
	if (reachable == reach_last)
		return;
	reach_last = reachable;
	if (reach_hook != NULL)
		reach_hook(reachable);
}

void
lender_init(void)
{
	size_t	n;

	/* Bodies with passwords and SMS codes are copied into libcurl's
	 * request buffers: every block it frees is wiped first. */
	if (curl_global_init_mem(CURL_GLOBAL_DEFAULT, malloc, free_wiped,
	    realloc_wiped, strdup, calloc) != CURLE_OK)
		fatalx("curl_global_init failed");
	multi = curl_multi_init();
	if (multi == NULL)
		fatalx("curl_multi_init failed");
	curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, sock_cb);
	curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 4L);
	curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 6L);
	reach_last = -1;
	live = g_hash_table_new(NULL, NULL);
	owners = g_hash_table_new(g_int64_hash, g_int64_equal);
	g_queue_init(&turns);
	free(base_url);
	base_url = xstrdup(cfg.lender_url);
	n = strlen(base_url);
	while (n > 0 && base_url[n - 1] == '/')
		base_url[--n] = '\0';
}

static size_t
write_cb(char *p, size_t size, size_t nmemb, void *arg)
{
	struct lreq	*r = arg;
	size_t		 n = size * nmemb;

	if (r->in.len + n > LENDER_MAX_BODY) {
		r->too_big = 1;
		return 0;
	}
	buf_add(&r->in, p, n);
	return n;
}

static void
wipe_slist(struct curl_slist *l)
{
	for (; l != NULL; l = l->next)
		wipe(l->data, strlen(l->data));
}

static void
lreq_free(struct lreq *r)
{
	struct owner	*o;

	if (live != NULL)
		g_hash_table_remove(live, r);
	lender_unslot(r);
	if (owners != NULL &&
	    (o = g_hash_table_lookup(owners, &r->owner)) != NULL &&
	    g_queue_remove(&o->waiting, r))
		owner_tidy(o);
	if (r->easy != NULL)
		curl_easy_cleanup(r->easy);
	wipe_slist(r->headers);
	curl_slist_free_all(r->headers);
	if (r->body != NULL) {
		wipe(r->body, r->bodylen);
		free(r->body);
	}
	buf_wipe_release(&r->in);
	json_decref(r->resp.body);
	free(r->method);
	free(r->path);
	free(r);
}

static int
is_tls_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_USE_SSL_FAILED:
		return 1;
	default:
		return 0;
	}
}

static int
content_type_is(const char *ct, const char *want)
{
	size_t	n = strlen(want);

	return ct != NULL && strncasecmp(ct, want, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Fills r->resp from a finished transfer. */
static void
lreq_map(struct lreq *r, CURLcode rc)
{
	struct lender_response	*resp = &r->resp;
	const char		*ct = NULL;
	curl_off_t		 ra = -1;
	long			 status = 0;

	if (rc == CURLE_FILESIZE_EXCEEDED)
		r->too_big = 1;
	if (rc != CURLE_OK) {
		json_decref(resp->body);
		memset(resp, 0, sizeof *resp);
		if (r->too_big) {
			resp->reason = R_LENDER_INVALID;
			resp->message = "the lender's answer is too large";
			return;
		}
		resp->reason = is_tls_error(rc) ? R_TLS_ERROR :
		    R_LENDER_UNAVAILABLE;
		snprintf(r->msgbuf, sizeof r->msgbuf, "%s",
		    r->errbuf[0] != '\0' ? r->errbuf : curl_easy_strerror(rc));
		resp->message = r->msgbuf;
		return;
	}
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &ct);
	if (curl_easy_getinfo(r->easy, CURLINFO_RETRY_AFTER, &ra) != CURLE_OK)
		ra = -1;
	lender_decode(resp, r->method, status, ct, (long)ra, r->in.data,
	    r->in.len, r->msgbuf, sizeof r->msgbuf);
}

void
lender_decode(struct lender_response *resp, const char *method, long status,
    const char *ct, long retry_after, const char *body, size_t len,
    char *msgbuf, size_t msglen)
{
	const char	*s;
	json_t		*j = NULL;

	resp->status = status;
	resp->retry_after = 0;
	json_decref(resp->body);
	resp->body = NULL;
	resp->reason = NULL;
	resp->message = NULL;

	if ((status == 429 || status == 503) && retry_after > 0)
		resp->retry_after = retry_after;
	if (len > 0)
		j = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);

	if (status >= 200 && status < 300) {
		if (len == 0 && (status == 204 || status == 202 ||
		    strcmp(method, "DELETE") == 0))
			return;
		if (!json_is_object(j) && !json_is_array(j)) {
			json_decref(j);
			resp->reason = R_LENDER_INVALID;
			snprintf(msgbuf, msglen, "the lender answered %ld with "
			    "a body that is not JSON", status);
			resp->message = msgbuf;
			return;
		}
		resp->body = j;
		return;
	}
	if (status == 304) {
		json_decref(j);
		return;
	}
	if (json_is_object(j) && (content_type_is(ct,
	    "application/problem+json") || content_type_is(ct,
	    "application/json"))) {
		resp->body = j;
		s = json_string_value(json_object_get(j, "code"));
		resp->reason = s != NULL && *s != '\0' ? s : R_LENDER_ERROR;
		/* An empty detail or title says nothing: the next one does. */
		s = json_string_value(json_object_get(j, "detail"));
		if (s == NULL || *s == '\0')
			s = json_string_value(json_object_get(j, "title"));
		if (s == NULL || *s == '\0') {
			snprintf(msgbuf, msglen, "the lender answered %ld",
			    status);
			s = msgbuf;
		}
		resp->message = s;
		return;
	}
	json_decref(j);
	if (status == 429)
		resp->reason = R_RATE_LIMITED;
	else if (status >= 500)
		resp->reason = R_LENDER_UNAVAILABLE;
	else
		resp->reason = R_LENDER_INVALID;
	snprintf(msgbuf, msglen, "the lender answered %ld without a problem "
	    "document", status);
	resp->message = msgbuf;
}

static gboolean
lreq_retry(gpointer arg)
{
	struct lreq	*r = arg;

	r->retry_src = 0;
	buf_reset(&r->in);
	r->errbuf[0] = '\0';
	lender_enqueue(r);
	return G_SOURCE_REMOVE;
}

static void
lreq_done(struct lreq *r, CURLcode rc)
{
	uint64_t prev;
	long	 ms;
	guint	 delay;

	curl_multi_remove_handle(multi, r->easy);
	lender_unslot(r);
	lreq_map(r, rc);
	ms = (long)((g_get_monotonic_time() - r->started) / 1000);
	log_debug("%s %s: %ld%s%s (%ld ms, queued %ld ms, id %s)", r->method,
	    r->path, r->resp.status, r->resp.reason != NULL ? " " : "",
	    r->resp.reason != NULL ? r->resp.reason : "", ms,
	    (long)((r->started - r->queued) / 1000), r->reqid);

	if ((r->flags & LENDER_RETRY) && strcmp(r->method, "GET") == 0 &&
	    r->tries < LENDER_MAX_TRIES &&
	    ((rc != CURLE_OK && !is_tls_error(rc) && !r->too_big) ||
	    r->resp.status >= 500)) {
		delay = 500u << (r->tries - 1);	/* 0.5 s, 1 s, 2 s */
		r->tries++;
		log_debug("%s %s: retry %d in %u ms", r->method, r->path,
		    r->tries - 1, delay);
		r->retry_src = g_timeout_add(delay, lreq_retry, r);
		lender_pump();
		return;
	}
	if (r->resp.reason != NULL && (strcmp(r->resp.reason,
	    R_LENDER_UNAVAILABLE) == 0 || strcmp(r->resp.reason,
	    R_TLS_ERROR) == 0))
		reached(0);
	else if (r->resp.status > 0)
		reached(1);
	prev = lender_owner_swap(r->owner);
	r->cb(&r->resp, r->arg);
	lender_owner_swap(prev);
	lreq_free(r);
	lender_pump();
}

static void
check_multi_info(void)
{
	CURLMsg		*msg;
	int		 left;
	struct lreq	*r;

	if (inside_action)
		return;
	inside_action = 1;
	while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		r = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &r);
		if (r != NULL)
			lreq_done(r, msg->data.result);
	}
	inside_action = 0;
}

/* An add that failed still answers from the loop, never inline. */
static gboolean
lreq_fail_later(gpointer arg)
{
	struct lreq	*r = arg;

	uint64_t	 prev;

	r->resp.reason = R_INTERNAL;
	r->resp.message = "cannot start the request";
	prev = lender_owner_swap(r->owner);
	r->cb(&r->resp, r->arg);
	lender_owner_swap(prev);
	lreq_free(r);
	return G_SOURCE_REMOVE;
}

/*
 * A path joined to the base URL can never change the host: it starts with
 * '/' (so whatever follows is past the authority) and holds no space,
 * control character, backslash or fragment for a URL parser to read
 * another way.
 */
int
lender_path_ok(const char *path)
{
	const unsigned char *p = (const unsigned char *)path;

	if (p[0] != '/' || p[1] == '/')
		return 0;
	for (; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '\\' || *p == '#')
			return 0;
	return 1;
}

void
lender_request_header(const char *method, const char *path, json_t *body,
    const char *bearer, const char *idem_key, const char *header, int flags,
    lender_cb cb, void *arg)
{
	struct lreq	*r;
	char		*url, *h, *uuid;

	r = xcalloc(1, sizeof *r);
	g_hash_table_add(live, r);
	buf_init(&r->in, 0);
	r->method = xstrdup(method);
	r->path = xstrdup(path);
	r->flags = flags;
	r->tries = 1;
	r->cb = cb;
	r->arg = arg;
	r->started = g_get_monotonic_time();
	uuid = g_uuid_string_random();
	snprintf(r->reqid, sizeof r->reqid, "%s", uuid);
	g_free(uuid);
	if (body != NULL) {
		r->body = json_dumps(body, JSON_COMPACT);
		if (r->body == NULL)
			r->body = xstrdup("{}");
		r->bodylen = strlen(r->body);
		json_decref_wipe(body);
	}

	if (!lender_path_ok(path)) {
		log_warnx("%s: refused a request path that is not the "
		    "lender's", method);
		g_idle_add(lreq_fail_later, r);
		return;
	}
	if ((r->easy = curl_easy_init()) == NULL)
		fatalx("curl_easy_init failed");
	xasprintf(&url, "%s%s", base_url, path);
	curl_easy_setopt(r->easy, CURLOPT_URL, url);
	free(url);
	curl_easy_setopt(r->easy, CURLOPT_PRIVATE, r);
	curl_easy_setopt(r->easy, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(r->easy, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(r->easy, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(r->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(r->easy, CURLOPT_PROTOCOLS_STR,
	    cfg.allow_http ? "http,https" : "https");
	curl_easy_setopt(r->easy, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(r->easy, CURLOPT_SSL_VERIFYHOST, 2L);
	if (cfg.ca_file != NULL)
		curl_easy_setopt(r->easy, CURLOPT_CAINFO, cfg.ca_file);
	if (cfg.pinned_key != NULL)
		curl_easy_setopt(r->easy, CURLOPT_PINNEDPUBLICKEY,
		    cfg.pinned_key);
	curl_easy_setopt(r->easy, CURLOPT_CONNECTTIMEOUT_MS,
	    cfg.connect_timeout_ms);
	curl_easy_setopt(r->easy, CURLOPT_TIMEOUT_MS, cfg.request_timeout_ms);
	curl_easy_setopt(r->easy, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(r->easy, CURLOPT_USERAGENT, "kabinetd/" KB_VERSION);
	curl_easy_setopt(r->easy, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)LENDER_MAX_BODY);

	r->headers = curl_slist_append(r->headers, "Accept: application/json");
	/* No 100-continue round trip for our small bodies. */
	r->headers = curl_slist_append(r->headers, "Expect:");
	xasprintf(&h, "X-Request-Id: %s", r->reqid);
	r->headers = curl_slist_append(r->headers, h);
	free(h);
	if (bearer != NULL) {
		xasprintf(&h, "Authorization: Bearer %s", bearer);
		r->headers = curl_slist_append(r->headers, h);
		xfree_secret(h);
	}
	if (idem_key != NULL) {
		xasprintf(&h, "Idempotency-Key: %s", idem_key);
		r->headers = curl_slist_append(r->headers, h);
		free(h);
	}
	if (header != NULL)
		r->headers = curl_slist_append(r->headers, header);

	if (strcmp(method, "GET") == 0)
		curl_easy_setopt(r->easy, CURLOPT_HTTPGET, 1L);
	else {
		if (strcmp(method, "POST") != 0)
			curl_easy_setopt(r->easy, CURLOPT_CUSTOMREQUEST,
			    method);
		if (r->body != NULL || strcmp(method, "POST") == 0) {
			r->headers = curl_slist_append(r->headers,
			    "Content-Type: application/json; charset=utf-8");
			curl_easy_setopt(r->easy, CURLOPT_POSTFIELDSIZE,
			    (long)r->bodylen);
			curl_easy_setopt(r->easy, CURLOPT_POSTFIELDS,
			    r->body != NULL ? r->body : "");
		}
	}
	curl_easy_setopt(r->easy, CURLOPT_HTTPHEADER, r->headers);
	r->owner = owner_now;
	lender_enqueue(r);
}

void
lender_request(const char *method, const char *path, json_t *body,
    const char *bearer, const char *idem_key, int flags, lender_cb cb,
    void *arg)
{
	lender_request_header(method, path, body, bearer, idem_key, NULL,
	    flags, cb, arg);
}

const char *
lender_response_header(const struct lender_response *resp, const char *name)
{
	const struct lreq	*r = (const struct lreq *)resp;
	struct curl_header	*h;

	if (r->easy == NULL || curl_easy_header(r->easy, name, 0,
	    CURLH_HEADER, -1, &h) != CURLHE_OK)
		return NULL;
	return h->value;
}

void
lender_shutdown(void)
{
	GHashTableIter	 it;
	gpointer	 k, v;
	struct lreq	*r;

	if (multi == NULL)
		return;
	/* Transfers in flight are abandoned without their callbacks. */
	g_hash_table_iter_init(&it, live);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		r = k;
		if (r->retry_src != 0)
			g_source_remove(r->retry_src);
		else
			curl_multi_remove_handle(multi, r->easy);
		g_hash_table_iter_steal(&it);
		lreq_free(r);
	}
	g_hash_table_destroy(live);
	live = NULL;
	g_queue_clear(&turns);
	g_hash_table_iter_init(&it, owners);
	while (g_hash_table_iter_next(&it, &k, &v))
		free(v);
	g_hash_table_destroy(owners);
	owners = NULL;
	active_total = 0;
	if (timer_src != 0)
		g_source_remove(timer_src);
	timer_src = 0;
	curl_multi_cleanup(multi);
	multi = NULL;
	free(base_url);
	base_url = NULL;
	curl_global_cleanup();
}
