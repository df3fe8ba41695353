/*
 * session.c — the signed-in state: tokens, who is signed in, where the
 * session is kept, and requests made on its behalf.
 *
 * The session is stored through secret.c (Secret Service, or memory with
 * none) on every change and looked up at start, so a restarted or killed
 * daemon comes back signed in.  session_request() hides token expiry from
 * the rest of the daemon: an access token that is expired or about to be is
 * refreshed first, a 401 is answered with one refresh and one retry, and
 * requests arriving during a refresh wait for it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/buf.h"
#include "kabinet/clock.h"
#include "kabinet/codec.h"
#include "kabinet/log.h"
#include "kabinet/phone.h"
#include "kabinet/protocol.h"
#include "kabinet/reason.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"
#include "secret.h"

#define REFRESH_MARGIN_S	30	/* refresh this long before expiry */

enum session_state { SIGNED_OUT, SIGNED_IN, PASSWORD_CHANGE };
static const char *const state_names[] = {
	"signed_out", "signed_in", "password_change"
};

/* A request on the session's behalf, kept for its one retry. */
struct sreq {
	char		*method;
	char		*path;
	char		*idem_key;
	json_t		*body;		/* ours; lender.c gets references */
	int		 flags;
	int		 retried;
	unsigned int	 token_gen;	/* tokens it was sent with */
	uint64_t	 owner;		/* lender_owner_swap() at the start */
	lender_cb	 cb;
	void		*arg;
	struct sreq	*next;
};

static struct {
	enum session_state state;
	char		 phone[PHONE_LEN + 1];
	char		*name;
	int		 restricted;
	char		*access;		/* secret */
	char		*refresh;		/* secret */
	time_t		 access_exp;
	time_t		 refresh_exp;
	long		 access_ttl;
	unsigned int	 gen;		/* bumps when a session begins/ends */
	unsigned int	 token_gen;	/* bumps with every new access token */
	int		 refreshing;
	struct sreq	*waiting;
} ss;

static void	session_verify(void);

int
session_signed_in(void)
{
	return (ss.state != SIGNED_OUT);
}

const char *
session_refusal(void)
{
	switch (ss.state) {
	case SIGNED_OUT:
		return (R_NOT_LOGGED_IN);
	case PASSWORD_CHANGE:
		return (R_PASSWORD_CHANGE_REQUIRED);
	default:
		return (NULL);
	}
}

/*
 * Those above us, told through hooks set at start-up (challenge.c,
 * follow.c): who wants to hear of a change or of the end of the session,
 * and what a client's own session.status adds (its pending challenge).
 */
#define SESSION_MAX_HOOKS	4
static void	(*change_hooks[SESSION_MAX_HOOKS])(void);
static size_t	  nchange_hooks;
static void	(*end_hooks[SESSION_MAX_HOOKS])(void);
static size_t	  nend_hooks;
static json_t	*(*pending_hook)(uint64_t client);

static void
hook_add(void (**hooks)(void), size_t *n, void (*fn)(void))
{
	if (*n == SESSION_MAX_HOOKS)
		fatalx("%s: too many hooks", __func__);
	hooks[(*n)++] = fn;
}

void
session_on_change(void (*fn)(void))
{
	hook_add(change_hooks, &nchange_hooks, fn);
}

void
session_on_end(void (*fn)(void))
{
	hook_add(end_hooks, &nend_hooks, fn);
}

void
session_set_pending_hook(json_t *(*fn)(uint64_t client))
{
	pending_hook = fn;
}

json_t *
session_status_for(uint64_t client)
{
	char	 masked[32];
	json_t	*pending = NULL;

	if (client != 0 && pending_hook != NULL)
		pending = pending_hook(client);
	if (ss.state != SIGNED_OUT)
		phone_mask(ss.phone, masked, sizeof masked);
	return (json_pack("{s:s, s:o, s:s, s:s?, s:s?, s:b, s:o}",
	    "state", state_names[ss.state],
	    "lender", health_json(),
	    "storage", secret_available() ? "keyring" : "memory",
	    "phone_masked", ss.state != SIGNED_OUT ? masked : NULL,
	    "name", ss.state != SIGNED_OUT ? ss.name : NULL,
	    "restricted", ss.state != SIGNED_OUT && ss.restricted,
	    "pending_challenge", pending != NULL ? pending : json_null()));
}

json_t *
session_status_json(void)
{
	return (session_status_for(0));
}

/*
 * session.status is the call clients make most (a shell prompt, a tmux
 * status bar, every screen's header), and most of its answer is the
 * lender's products, which change perhaps once a day.  The answer's text
 * is kept with the key of what it was made of (buf_add_field: the state,
 * the phone, the name, the storage and health_key()), which costs a few
 * byte copies to make again and compare on each call; the products it
 * names by address are held, so that the address cannot come back as
 * another array.  A caller with a challenge of its own gets its answer
 * made afresh.
 */
static struct {
	struct buf	 key;		/* of the kept answer */
	struct buf	 now;		/* made on each call */
	json_t		*products;	/* held */
	char		*text;		/* the whole answer, as text */
} status_cache = { BUF_INIT, BUF_INIT, NULL, NULL };

/* All that session_status_for(0) reads, as key bytes. */
static void
status_key(struct buf *b)
{
	int	flags[3] = { (int)ss.state, ss.restricted,
		    secret_available() };

	buf_reset(b);
	buf_add(b, flags, sizeof flags);
	buf_add_field(b, ss.phone);
	buf_add_field(b, ss.name);
	health_key(b);
}

/* The kept answer and its keys name the borrower: gone with the session. */
static void
status_forget(void)
{
	buf_wipe_release(&status_cache.key);
	buf_wipe_release(&status_cache.now);
	xfree_secret(status_cache.text);
	status_cache.text = NULL;
	json_decref(status_cache.products);
	status_cache.products = NULL;
}

void
session_status_reply(struct call *call)
{
	json_t	*st, *pending;
	struct buf	 tmp;

	if (pending_hook != NULL &&
	    (pending = pending_hook(call->client)) != NULL) {
		json_decref(pending);
		call_reply(call, session_status_for(call->client));
		return;
	}
	status_key(&status_cache.now);
	if (status_cache.text == NULL ||
	    status_cache.now.len != status_cache.key.len ||
	    memcmp(status_cache.now.data, status_cache.key.data,
	    status_cache.now.len) != 0) {
		st = session_status_for(0);
		free(status_cache.text);
		json_decref(status_cache.products);
		status_cache.text = json_dumps(st, JSON_COMPACT);
		status_cache.products = json_incref(json_object_get(
		    json_object_get(st, "lender"), "products"));
		json_decref(st);
		tmp = status_cache.key;
		status_cache.key = status_cache.now;
		status_cache.now = tmp;
	}
	if (status_cache.text != NULL)
		call_reply_text(call, status_cache.text);
	else
		call_reply(call, session_status_for(call->client));
}

static void
session_broadcast(const char *reason)
{
	json_t	*st = session_status_for(0);
	size_t	 i;

	if (reason != NULL)
		json_object_set_new(st, "reason", json_string(reason));
	clients_broadcast(E_SESSION_CHANGED, st);
	for (i = 0; i < nchange_hooks; i++)
		change_hooks[i]();
}

void
session_changed(void)
{
	session_broadcast(NULL);
}

/* ---- keeping the session ---- */

static void
forget_tokens(void)
{
	xfree_secret(ss.access);
	xfree_secret(ss.refresh);
	ss.access = ss.refresh = NULL;
	free(ss.name);
	ss.name = NULL;
	ss.access_exp = ss.refresh_exp = 0;
	ss.restricted = 0;
	ss.state = SIGNED_OUT;
	wipe(ss.phone, sizeof ss.phone);
	status_forget();
}

static void
save_done(int ok, void *arg)
{
	(void)arg;
	if (!ok)
		log_warnx("the session is kept in memory only");
}

static void	session_save_then(void (*)(int, void *), void *);

static void
session_save(void)
{
	session_save_then(save_done, NULL);
}

/* Stores the session in the Secret Service, then done(ok, arg). */
static void
session_save_then(void (*done)(int, void *), void *arg)
{
	json_t	*v;
	char	*text;

	v = json_pack("{s:i, s:s, s:s, s:I, s:I, s:I, s:s, s:s?, s:b, s:b}",
	    "v", 1,
	    "access_token", ss.access,
	    "refresh_token", ss.refresh,
	    "access_expires_at", (json_int_t)ss.access_exp,
	    "refresh_expires_at", (json_int_t)ss.refresh_exp,
	    "access_ttl", (json_int_t)ss.access_ttl,
	    "phone", ss.phone,
	    "name", ss.name,
	    "restricted", ss.restricted,
	    "must_change_password", ss.state == PASSWORD_CHANGE);
	text = json_dumps(v, JSON_COMPACT);
	codec_wipe(v, 0);
	json_decref(v);
	secret_store(cfg.lender_url, ss.phone, text, done, arg);
	xfree_secret(text);
}

/* Takes tokens and the client out of a session bundle. */
static int
bundle_apply(const json_t *b)
{
	const char	*access, *refresh;
	json_t		*client, *v;
	json_int_t	 ttl, rttl;

	access = json_string_value(json_object_get(b, "access_token"));
	refresh = json_string_value(json_object_get(b, "refresh_token"));
	if (access == NULL || *access == '\0' || refresh == NULL ||
	    *refresh == '\0')
		return (-1);
	v = json_object_get(b, "expires_in");
	ttl = json_is_integer(v) ? json_integer_value(v) : 900;
	v = json_object_get(b, "refresh_expires_in");
	rttl = json_is_integer(v) ? json_integer_value(v) : 30 * 86400;
	xfree_secret(ss.access);
	xfree_secret(ss.refresh);
	ss.access = xstrdup(access);
	ss.refresh = xstrdup(refresh);
	ss.access_ttl = (long)ttl;
	ss.access_exp = clock_now() + (time_t)ttl;
	ss.refresh_exp = clock_now() + (time_t)rttl;
	ss.token_gen++;
	if ((client = json_object_get(b, "client")) != NULL)
		session_profile(client);
	if (json_is_true(json_object_get(b, "must_change_password")))
		ss.state = PASSWORD_CHANGE;
	return (0);
}

int
session_begin(const char *phone, const json_t *bundle)
{
	char	masked[32];

	forget_tokens();
	ss.state = SIGNED_IN;
	if (bundle_apply(bundle) == -1) {
		forget_tokens();
		return (-1);
	}
	ss.gen++;
	snprintf(ss.phone, sizeof ss.phone, "%s", phone);
	phone_mask(ss.phone, masked, sizeof masked);
	log_info("signed in as %s (%s)", masked, state_names[ss.state]);
	session_save();
	session_changed();
	return (0);
}

static unsigned int	profile_gen;	/* counts changes to the profile */

unsigned int
session_profile_gen(void)
{
	return profile_gen;
}

int
session_profile_read(const json_t *client, unsigned int gen)
{
	if (gen != profile_gen) {
		log_debug("a profile read before a later change: dropped");
		return 0;
	}
	session_profile(client);
	return 1;
}

void
session_profile(const json_t *client)
{
	const char	*name;
	json_t		*v;

	profile_gen++;

	if ((name = json_string_value(json_object_get(client, "name"))) !=
	    NULL) {
		free(ss.name);
		ss.name = xstrdup(name);
	}
	if ((v = json_object_get(client, "restricted")) != NULL)
		ss.restricted = json_is_true(v);
	v = json_object_get(client, "must_change_password");
	if (ss.state != SIGNED_OUT && json_is_boolean(v))
		ss.state = json_is_true(v) ? PASSWORD_CHANGE : SIGNED_IN;
}

void
session_password_changed(const json_t *bundle)
{
	if (ss.state == SIGNED_OUT)
		return;
	if (bundle != NULL && json_object_get(bundle, "access_token") != NULL)
		bundle_apply(bundle);
	ss.state = SIGNED_IN;
	log_info("password changed");
	session_save();
	session_changed();
}

static void fail_waiting(const struct lender_response *);

void
session_end(const char *reason)
{
	static const struct lender_response gone = {
		401, NULL, R_SESSION_EXPIRED, "the session has ended", 0
	};
	int	was = ss.state != SIGNED_OUT;
	size_t	i;

	forget_tokens();
	ss.gen++;
	ss.refreshing = 0;
	fail_waiting(&gone);
	secret_clear(cfg.lender_url, NULL, NULL);
	for (i = 0; i < nend_hooks; i++)
		end_hooks[i]();
	if (was)
		log_info("signed out%s%s", reason != NULL ? ": " : "",
		    reason != NULL ? reason : "");
	session_broadcast(reason);
}

/* ---- restoring at start ---- */

#define RESTORE_WAIT_MS	3000	/* answer anyway after this */

struct waiter {
	void		(*fn)(void *);
	void		*arg;
	struct waiter	*next;
};
static int		 restoring;
static struct waiter	*waiters, **waiters_tail = &waiters;
static guint		 restore_timer;

static void
restore_over(void)
{
	struct waiter	*w, *next;

	if (!restoring)
		return;
	restoring = 0;
	if (restore_timer != 0) {
		g_source_remove(restore_timer);
		restore_timer = 0;
	}
	w = waiters;
	waiters = NULL;
	waiters_tail = &waiters;
	for (; w != NULL; w = next) {
		next = w->next;
		w->fn(w->arg);
		free(w);
	}
}

static gboolean
restore_timeout(void *arg)
{
	(void)arg;
	restore_timer = 0;
	log_warnx("the stored session is taking long to look up; answering "
	    "without it");
	restore_over();
	return (G_SOURCE_REMOVE);
}

void
session_when_ready(void (*fn)(void *), void *arg)
{
	struct waiter	*w;

	if (!restoring) {
		fn(arg);
		return;
	}
	w = xcalloc(1, sizeof *w);
	w->fn = fn;
	w->arg = arg;
	*waiters_tail = w;
	waiters_tail = &w->next;
}

static void
restored(char *value, void *arg)
{
	json_t		*v, *e;
	const char	*phone;
	char		 masked[32];
	time_t		 now = clock_now();

	(void)arg;
	if (value == NULL) {
		log_info("no stored session for %s", cfg.lender_url);
		restore_over();
		return;
	}
	v = json_loads(value, 0, NULL);
	xfree_secret(value);
	if (ss.state != SIGNED_OUT) {
		/* Signed in meanwhile; that session wins. */
		codec_wipe(v, 0);
		json_decref(v);
		restore_over();
		return;
	}
	phone = json_string_value(json_object_get(v, "phone"));
	e = json_object_get(v, "refresh_expires_at");
	if (phone == NULL || strlen(phone) != PHONE_LEN ||
	    !json_is_integer(e) || (time_t)json_integer_value(e) <= now ||
	    bundle_apply(v) == -1) {
		log_info("the stored session is expired or unreadable");
		codec_wipe(v, 0);
		json_decref(v);
		forget_tokens();
		secret_clear(cfg.lender_url, NULL, NULL);
		restore_over();
		return;
	}
	ss.refresh_exp = (time_t)json_integer_value(e);
	if ((e = json_object_get(v, "name")) != NULL && json_is_string(e))
		ss.name = xstrdup(json_string_value(e));
	ss.restricted = json_is_true(json_object_get(v, "restricted"));
	e = json_object_get(v, "access_expires_at");
	ss.access_exp = json_is_integer(e) ? (time_t)json_integer_value(e) : 0;
	e = json_object_get(v, "access_ttl");
	ss.access_ttl = json_is_integer(e) ? (long)json_integer_value(e) : 0;
	snprintf(ss.phone, sizeof ss.phone, "%s", phone);
	if (ss.state == SIGNED_OUT)
		ss.state = SIGNED_IN;
	ss.gen++;
	codec_wipe(v, 0);
	json_decref(v);
	phone_mask(ss.phone, masked, sizeof masked);
	log_info("session restored for %s (%s)", masked,
	    state_names[ss.state]);
	session_changed();
	restore_over();
	/* Stored again at once: an item an older kabinetd stored with the
	 * full number in its attributes is replaced by one without. */
	session_save();
	session_verify();
}

/* session.status shows the lender's state: tell clients it changed. */
static void
session_lender_changed(int reachable)
{
	(void)reachable;
	session_changed();
}

static void
secret_ready(int available, void *arg)
{
	(void)available;
	(void)arg;
	secret_lookup(cfg.lender_url, restored, NULL);
}

void
session_init(void)
{
	secret_on_fallback(session_changed);
	health_on_change(session_lender_changed);
	restoring = 1;
	restore_timer = g_timeout_add(RESTORE_WAIT_MS, restore_timeout, NULL);
	secret_init(cfg.keyring, secret_ready, NULL);
}

/* ---- requests with the bearer ---- */

static void	sreq_send(struct sreq *);

/* Every request not yet finished, so session_shutdown() can free those
 * the lender module abandons at exit (the event follower's long poll is
 * nearly always one). */
static GHashTable *sreqs;

static void
sreq_free(struct sreq *r)
{
	if (sreqs != NULL)
		g_hash_table_remove(sreqs, r);
	free(r->method);
	free(r->path);
	free(r->idem_key);
	if (r->body != NULL) {
		codec_wipe(r->body, 0);
		json_decref(r->body);
	}
	free(r);
}

static void
sreq_finish(struct sreq *r, const struct lender_response *resp)
{
	uint64_t	prev = lender_owner_swap(r->owner);

	r->cb(resp, r->arg);
	lender_owner_swap(prev);
	sreq_free(r);
}

static void
fail_waiting(const struct lender_response *resp)
{
	struct sreq	*r, *next;

	r = ss.waiting;
	ss.waiting = NULL;
	for (; r != NULL; r = next) {
		next = r->next;
		sreq_finish(r, resp);
	}
}

struct refresh_ctx {
	unsigned int	 gen;
	json_t		*body;
};

/* The refreshed session is stored (or cannot be: memory only): the
 * requests that waited for it go. */
static void
refresh_saved(int ok, void *arg)
{
	struct sreq	*r, *next;

	save_done(ok, NULL);
	if (GPOINTER_TO_UINT(arg) != ss.gen || !ss.refreshing)
		return;		/* that session has ended meanwhile */
	ss.refreshing = 0;
	r = ss.waiting;
	ss.waiting = NULL;
	for (; r != NULL; r = next) {
		next = r->next;
		sreq_send(r);
	}
}

static void
refresh_done(const struct lender_response *resp, void *arg)
{
	struct refresh_ctx	*ctx = arg;
	static const struct lender_response expired = {
		401, NULL, R_SESSION_EXPIRED, "the session has expired", 0
	};

	codec_wipe(ctx->body, 0);
	json_decref(ctx->body);
	if (ctx->gen != ss.gen) {
		free(ctx);		/* that session has ended already */
		return;
	}
	free(ctx);
	if (resp->status >= 200 && resp->status < 300 &&
	    bundle_apply(resp->body) == 0) {
		/* Stored before it is used: the lender voids the old refresh
		 * token once the new pair is used, and a daemon killed in
		 * between must find the new one in the keyring.  Requests
		 * wait meanwhile (ss.refreshing). */
		log_debug("access token refreshed");
		session_save_then(refresh_saved, GUINT_TO_POINTER(ss.gen));
		return;
	}
	ss.refreshing = 0;
	if (resp->status >= 400 && resp->status < 500 && resp->status != 429) {
		log_info("the lender refused to refresh the session (%ld %s)",
		    resp->status, resp->reason != NULL ? resp->reason : "");
		fail_waiting(&expired);
		session_end(R_SESSION_EXPIRED);
		return;
	}
	/* Unreachable or confused lender: keep the session, fail these. */
	if (resp->status >= 200 && resp->status < 300) {
		static const struct lender_response bad = {
			502, NULL, R_LENDER_INVALID,
			"the lender's refresh answer is malformed", 0
		};
		resp = &bad;
	}
	fail_waiting(resp);
}

static void
refresh_start(void)
{
	struct refresh_ctx	*ctx;

	if (ss.refreshing)
		return;
	ss.refreshing = 1;
	ctx = xcalloc(1, sizeof *ctx);
	ctx->gen = ss.gen;
	ctx->body = json_pack("{s:s}", "refresh_token", ss.refresh);
	log_debug("refreshing the access token");
	lender_request("POST", "/v1/auth/refresh", json_incref(ctx->body),
	    NULL, NULL, 0, refresh_done, ctx);
}

static void
sreq_wait_refresh(struct sreq *r)
{
	struct sreq	**pp;

	for (pp = &ss.waiting; *pp != NULL; pp = &(*pp)->next)
		;
	r->next = NULL;
	*pp = r;
	refresh_start();
}

static void
sreq_done(const struct lender_response *resp, void *arg)
{
	struct sreq	*r = arg;

	if (resp->status == 401 && !r->retried && ss.state != SIGNED_OUT) {
		r->retried = 1;
		if (r->token_gen != ss.token_gen)
			sreq_send(r);	/* refreshed meanwhile */
		else {
			log_debug("401 from %s: refresh and retry once",
			    r->path);
			sreq_wait_refresh(r);
		}
		return;
	}
	if (resp->status == 403 && resp->reason != NULL &&
	    strcmp(resp->reason, R_PASSWORD_CHANGE_REQUIRED) == 0 &&
	    ss.state == SIGNED_IN) {
		/* Reset by an operator meanwhile: the lender says so first. */
		log_info("the lender asks for a new password");
		ss.state = PASSWORD_CHANGE;
		session_save();
		session_changed();
	}
	sreq_finish(r, resp);
}

static long
refresh_margin(void)
{
	long	m = ss.access_ttl / 4;

	return (m < REFRESH_MARGIN_S ? m : REFRESH_MARGIN_S);
}

static void
sreq_send(struct sreq *r)
{
	static const struct lender_response out = {
		401, NULL, R_NOT_LOGGED_IN, "not signed in", 0
	};
	uint64_t	prev;

	if (ss.state == SIGNED_OUT) {
		sreq_finish(r, &out);
		return;
	}
	if (ss.refreshing || ss.access_exp - clock_now() <= refresh_margin()) {
		sreq_wait_refresh(r);
		return;
	}
	r->token_gen = ss.token_gen;
	prev = lender_owner_swap(r->owner);
	lender_request(r->method, r->path, r->body != NULL ?
	    json_incref(r->body) : NULL, ss.access, r->idem_key, r->flags,
	    sreq_done, r);
	lender_owner_swap(prev);
}

static gboolean
sreq_idle(void *arg)
{
	sreq_send(arg);
	return (G_SOURCE_REMOVE);
}

void
session_request(const char *method, const char *path, json_t *body,
    const char *idem_key, int flags, lender_cb cb, void *arg)
{
	struct sreq	*r;

	r = xcalloc(1, sizeof *r);
	r->method = xstrdup(method);
	r->path = xstrdup(path);
	r->idem_key = idem_key != NULL ? xstrdup(idem_key) : NULL;
	r->body = body;
	r->flags = flags;
	r->cb = cb;
	r->arg = arg;
	r->owner = lender_owner();
	if (sreqs == NULL)
		sreqs = g_hash_table_new(NULL, NULL);
	g_hash_table_add(sreqs, r);
	/* From the loop, as lender_request() promises its callers. */
	g_idle_add(sreq_idle, r);
}

void
session_shutdown(void)
{
	struct lender_response	 stop;
	GHashTableIter		 it;
	gpointer		 k;
	GHashTable		*all;
	int			 round;

	/*
	 * Requests the lender module abandons at exit (the event follower's
	 * long poll is nearly always one, a client's call may be another)
	 * fail as if the lender had gone, so each caller takes its failure
	 * path: it frees what it holds, a payment stays in the outbox.  A
	 * caller may ask again from its callback: fail those too, a bounded
	 * number of rounds, then just free what is left.
	 */
	memset(&stop, 0, sizeof stop);
	stop.reason = R_LENDER_UNAVAILABLE;
	stop.message = "kabinetd is stopping";
	ss.waiting = NULL;
	for (round = 0; (all = sreqs) != NULL; round++) {
		sreqs = NULL;
		g_hash_table_iter_init(&it, all);
		while (g_hash_table_iter_next(&it, &k, NULL)) {
			if (round < 8)
				sreq_finish(k, &stop);
			else
				sreq_free(k);
		}
		g_hash_table_destroy(all);
	}
}

/* A restored session is checked with the lender in the background: a
 * revoked one ends here rather than on the user's first action. */
static void
verify_done(const struct lender_response *resp, void *arg)
{
	if (resp->status >= 200 && resp->status < 300 &&
	    session_profile_read(json_object_get(resp->body, "client"),
	    GPOINTER_TO_UINT(arg)))
		session_changed();
}

static void
session_verify(void)
{
	session_request("GET", "/v1/profile", NULL, NULL, LENDER_RETRY,
	    verify_done, GUINT_TO_POINTER(session_profile_gen()));
}

/* ---- lender errors as protocol errors ---- */

static json_t *
fields_of(const json_t *errors)
{
	json_t	*out = json_array(), *e;
	size_t	 i;

	json_array_foreach(errors, i, e) {
		json_array_append_new(out, json_pack("{s:O?, s:O?}",
		    "field", json_object_get(e, "field"),
		    "reason", json_object_get(e, "code")));
	}
	return (out);
}

void
session_call_fail(struct call *call, const struct lender_response *r)
{
	const char	*reason, *msg = r->message;
	json_t		*data = json_object(), *v, *errors;
	char		*when;

	if (r->reason == NULL)
		reason = r->status == 0 ? R_LENDER_UNAVAILABLE :
		    R_LENDER_INVALID;
	else if ((reason = reason_of_lender(r->reason)) == NULL) {
		json_object_set_new(data, "code", json_string(r->reason));
		reason = R_LENDER_ERROR;
	}
	if ((v = json_object_get(r->body, "attempts_left")) != NULL &&
	    json_is_integer(v))
		json_object_set(data, "attempts_left", v);
	if ((v = json_object_get(r->body, "locked_until")) != NULL &&
	    json_is_string(v))
		json_object_set(data, "until", v);
	if ((v = json_object_get(r->body, "resend_at")) != NULL &&
	    json_is_string(v))
		json_object_set(data, "resend_at", v);
	if ((v = json_object_get(r->body, "limit")) != NULL)
		json_object_set(data, "limit", v);
	if ((v = json_object_get(r->body, "scope")) != NULL &&
	    json_is_string(v) && strcmp(reason, R_RATE_LIMITED) == 0)
		json_object_set(data, "scope", v);
	if (strcmp(reason, R_RATE_LIMITED) == 0) {
		when = timer_iso_in(r->retry_after > 0 ? r->retry_after : 60);
		json_object_set_new(data, "retry_at", json_string(when));
		free(when);
	}
	errors = json_object_get(r->body, "errors");
	if (json_is_array(errors) && json_array_size(errors) > 0) {
		json_object_set_new(data, "fields", fields_of(errors));
		if (strcmp(reason, R_WEAK_PASSWORD) == 0 &&
		    (v = json_object_get(json_array_get(errors, 0), "code")) !=
		    NULL && json_is_string(v))
			json_object_set(data, "rule", v);
	}
	if (msg == NULL)
		msg = json_string_value(json_object_get(r->body, "detail"));
	if (msg == NULL)
		msg = reason;
	if (json_object_size(data) == 0) {
		json_decref(data);
		data = NULL;
	}
	call_error(call, RPC_APP_ERROR, reason, msg, data);
}
