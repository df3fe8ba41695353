/*
 * outbox.c — the POSTs that must reach the lender exactly once: payments,
 * extensions and loan applications, each a kind of entry in one queue.
 *
 * Before a request is sent its Idempotency-Key, path and body go to a
 * file of their own in $XDG_STATE_HOME/kabinet/outbox/ (0600, written to
 * a temporary name, fsync'd, renamed, the directory fsync'd).  Bodies
 * hold amounts and ids only, never a secret.  The request is sent, and
 * sent again with the same key after no answer, a 5xx, a 409
 * idempotency_in_flight or a 429, with a growing pause, until the lender
 * gives a definite answer; only then is the file removed.  A daemon
 * killed at any point finds the file at its next start and sends it
 * again: the lender replays its stored answer, so there is one payment,
 * never two and never none.  An entry is sent only on the session of
 * the borrower who made it (by the masked phone): after someone else
 * signs in it waits.  Keys come from getrandom(2) alone.
 *
 * A СБП payment link (kind "sbp") is made the same way: one link, never
 * two, whatever the crash.
 *
 * Kinds differ in what the caller waits for (outbox_routes): a payment's
 * caller hears "pending" after a few tries while the entry is retried on;
 * an application's hears the lender's failure after as many tries (an
 * answer lost or garbled may hide an application the lender made, whose
 * code is on its way: asking again replays it), and the entry then waits
 * for the same request again (which reuses its key) or the next start.
 *
 * An outcome is told to the user even when nobody waits for it: before
 * the entry goes, what payment.updated says is written beside it as
 * outcomes/KEY.json (beside outbox/); it is removed once the waiting caller has the answer, and
 * otherwise (the caller gone, a restart, a kill before the answer left)
 * kept for OUTBOX_TELL_SECS and sent again to every client of the same
 * borrower that says hello (outbox_on_hello): a client that reconnects
 * after the daemon settled it still hears.
 *
 * The files are not trusted: an entry is sent only if its kind is one of
 * outbox_routes and its path that kind's route of the lender API, joined
 * to the configured base URL by lender.c.  Anything else is reported and
 * renamed to KEY.json.rejected, never sent; so is an entry a crash or
 * the disk left truncated or damaged (outbox_entry_parse).
 */
#include <sys/random.h>
#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/clock.h"
#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"

#define OUTBOX_ANSWER_TRIES	3	/* then the caller hears "pending" */
#define OUTBOX_MAX_PAUSE	30	/* seconds between tries, at most */
#define OUTBOX_TELL_SECS	(24 * 3600)	/* an untold outcome is kept */

struct entry {
	char		 key[64];
	char		*kind;		/* a kind of outbox_routes */
	char		*path;		/* /v1/loans/ln_…/payments */
	json_t		*body;
	char		*file;
	char		*owner;		/* phone_masked of the session, or NULL */
	time_t		 created;
	int		 tries;
	int		 sending;
	guint		 timer;
	struct call	*call;		/* the caller still waiting, or NULL */
	outbox_done_cb	 done;
	struct entry	*next;
};

/* What an entry may ask of the lender: one route per kind ('*' is one
 * id segment: letters, digits, '_' and '-'), and how its caller is
 * answered. */
static struct outbox_route {
	const char	*kind;
	const char	*pattern;
	int		 answer_tries;	/* tries before a waiting caller is
					   answered without the lender's word */
	int		 parks;		/* then: the caller gets the failure,
					   the entry waits for the same request
					   again (same key) or the next start */
	int		 announce;	/* payment.updated once settled */
	outbox_done_cb	 resumed;	/* settles an entry nobody waits for */
} outbox_routes[] = {	/* resumed: set by outbox_on_settled() */
	{ "payment",	 "/v1/loans/*/payments", OUTBOX_ANSWER_TRIES, 0, 1,
	    NULL },
	{ "extension",	 "/v1/loans/*/extension", OUTBOX_ANSWER_TRIES, 0, 1,
	    NULL },
	{ "sbp",	 "/v1/loans/*/sbp", OUTBOX_ANSWER_TRIES, 0, 1, NULL },
	{ "application", "/v1/applications", OUTBOX_ANSWER_TRIES, 1, 0,
	    NULL },
};

/* An outcome nobody was seen to hear: outcomes/KEY.json, told at hello. */
struct outcome {
	char		*file;
	char		*owner;		/* phone_masked, or NULL */
	json_t		*event;		/* payment.updated's params */
	time_t		 settled;
	struct outcome	*next;
};

static struct entry	*entries;
static struct outcome	*outcomes;
static char		*dir;
static char		*told_dir;	/* $XDG_STATE_HOME/kabinet/outcomes */

void
outbox_on_settled(const char *kind, outbox_done_cb fn)
{
	size_t	i;

	for (i = 0; i < sizeof outbox_routes / sizeof outbox_routes[0]; i++)
		if (strcmp(kind, outbox_routes[i].kind) == 0)
			outbox_routes[i].resumed = fn;
}

/* kind's row of outbox_routes; kind is one (outbox_route_ok). */
static const struct outbox_route *
route_of(const char *kind)
{
	size_t	i;

	for (i = 0; i < sizeof outbox_routes / sizeof outbox_routes[0]; i++)
		if (strcmp(kind, outbox_routes[i].kind) == 0)
			return &outbox_routes[i];
	return &outbox_routes[0];
}

/* The unsettled entry making exactly this request, or NULL. */
static struct entry *
entry_same(const char *kind, const char *path, const json_t *body)
{
	struct entry	*e;

	for (e = entries; e != NULL; e = e->next)
		if (strcmp(e->kind, kind) == 0 && strcmp(e->path, path) == 0 &&
		    json_equal(e->body, body))
			return e;
	return NULL;
}

static void	send_entry(struct entry *);

static void
entry_free(struct entry *e)
{
	struct entry	**pp;

	for (pp = &entries; *pp != NULL; pp = &(*pp)->next)
		if (*pp == e) {
			*pp = e->next;
			break;
		}
	if (e->timer != 0)
		g_source_remove(e->timer);
	free(e->kind);
	free(e->path);
	free(e->file);
	free(e->owner);
	json_decref(e->body);
	free(e);
}

static int
fsync_dir(const char *path)
{
	int	fd, rc;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Writes j to file durably (a temporary name, fsync, rename, the
 * directory fsync'd); -1 (logged) if it could not be. */
static int
file_write(const char *file, json_t *j)
{
	char	*s, *tmp;
	size_t	 len, off = 0;
	ssize_t	 n;
	int	 fd;

	s = json_dumps(j, JSON_COMPACT);
	if (s == NULL)
		return -1;
	xasprintf(&tmp, "%s.tmp", file);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1) {
		log_warn("open \"%s\"", tmp);
		goto fail;
	}
	len = strlen(s);
	while (off < len) {
		if ((n = write(fd, s + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("write \"%s\"", tmp);
			close(fd);
			goto fail;
		}
		off += (size_t)n;
	}
	if (write(fd, "\n", 1) != 1 || fsync(fd) == -1) {
		log_warn("fsync \"%s\"", tmp);
		close(fd);
		goto fail;
	}
	close(fd);
	if (rename(tmp, file) == -1) {
		log_warn("rename \"%s\"", tmp);
		goto fail;
	}
	fsync_dir(file == NULL || told_dir == NULL || strncmp(file, told_dir,
	    strlen(told_dir)) != 0 ? dir : told_dir);
	free(tmp);
	free(s);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	free(s);
	return -1;
}

/* Writes e's file durably; -1 (logged) if it could not be. */
static int
entry_write(struct entry *e)
{
	json_t	*j;
	int	 rc;

	j = json_pack("{s:s, s:s, s:s, s:O, s:I, s:s?}", "key", e->key,
	    "kind", e->kind, "path", e->path, "body", e->body, "created_at",
	    (json_int_t)e->created, "owner", e->owner);
	if (j == NULL)
		return -1;
	rc = file_write(e->file, j);
	json_decref(j);
	return rc;
}

static void
outcome_free(struct outcome *o)
{
	struct outcome	**pp;

	for (pp = &outcomes; *pp != NULL; pp = &(*pp)->next)
		if (*pp == o) {
			*pp = o->next;
			break;
		}
	free(o->file);
	free(o->owner);
	json_decref(o->event);
	free(o);
}

/* Forgets o, and its file. */
static void
outcome_drop(struct outcome *o)
{
	if (unlink(o->file) == -1 && errno != ENOENT)
		log_warn("unlink \"%s\"", o->file);
	outcome_free(o);
}

static struct outcome *
outcome_add(char *file, const char *owner, json_t *event, time_t settled)
{
	struct outcome	*o = xcalloc(1, sizeof *o);

	o->file = file;
	o->owner = owner != NULL ? xstrdup(owner) : NULL;
	o->event = event;
	o->settled = settled;
	o->next = outcomes;
	outcomes = o;
	return o;
}

/* e's outcome (ev, payment.updated's params), on disk before e goes;
 * NULL (logged) if it could not be written. */
static struct outcome *
outcome_keep(const struct entry *e, json_t *ev)
{
	json_t	*j;
	char	*file;
	time_t	 now = clock_now();

	if (told_dir == NULL)
		return NULL;
	xasprintf(&file, "%s/%s.json", told_dir, e->key);
	j = json_pack("{s:O, s:I, s:s?}", "event", ev, "settled_at",
	    (json_int_t)now, "owner", e->owner);
	if (j == NULL || file_write(file, j) == -1) {
		json_decref(j);
		free(file);
		return NULL;
	}
	json_decref(j);
	return outcome_add(file, e->owner, json_incref(ev), now);
}

static void
entry_remove(struct entry *e)
{
	if (unlink(e->file) == -1 && errno != ENOENT)
		log_warn("unlink \"%s\"", e->file);
	fsync_dir(dir);
}

static int
make_dir(void)
{
	if (told_dir == NULL) {
		xasprintf(&told_dir, "%s/outcomes", cfg.state_dir);
		if (mkdir(told_dir, 0700) == -1 && errno != EEXIST) {
			log_warn("mkdir \"%s\"", told_dir);
			free(told_dir);
			told_dir = NULL;
		} else
			chmod(told_dir, 0700);
	}
	if (dir != NULL)
		return 0;
	xasprintf(&dir, "%s/outbox", cfg.state_dir);
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		log_warn("mkdir \"%s\"", dir);
		free(dir);
		dir = NULL;
		return -1;
	}
	chmod(dir, 0700);
	return 0;
}

static gboolean
retry_timer(gpointer arg)
{
	struct entry	*e = arg;

	e->timer = 0;
	send_entry(e);
	return G_SOURCE_REMOVE;
}

/* A definite answer from the lender, or one to ask again about? */
static int
must_retry(const struct lender_response *r)
{
	if (r->status == 0 || r->status >= 500 || r->status == 429)
		return 1;
	if (r->status == 409 && r->reason != NULL &&
	    strcmp(r->reason, "idempotency_in_flight") == 0)
		return 1;
	if (r->status >= 200 && r->status < 300 && !json_is_object(r->body))
		return 1;	/* garbage: the answer is not known */
	if (r->reason != NULL && (strcmp(r->reason, R_NOT_LOGGED_IN) == 0 ||
	    strcmp(r->reason, R_SESSION_EXPIRED) == 0 ||
	    strcmp(r->reason, "invalid_token") == 0))
		return 1;	/* kept until a session can send it */
	return 0;
}

static void
sent(const struct lender_response *r, void *arg)
{
	struct entry		*e = arg;
	const struct outbox_route *rt = route_of(e->kind);
	struct call		*call;
	struct outcome		*o;
	json_t			*ev;
	unsigned int		 pause;
	uint64_t		 caller;
	int			 ok;

	e->sending = 0;
	if (must_retry(r)) {
		e->tries++;
		if (e->call != NULL && rt->parks &&
		    e->tries >= rt->answer_tries) {
			log_info("%s %s not settled (%ld %s); kept for the same "
			    "request again or the next start", e->kind, e->key,
			    r->status, r->reason != NULL ? r->reason : "");
			call = e->call;
			e->call = NULL;
			e->done(call, r);
			return;
		}
		if (e->call != NULL && e->tries >= rt->answer_tries) {
			call_error(e->call, RPC_APP_ERROR, R_PAYMENT_PENDING,
			    "the lender has not answered yet; the request "
			    "will be sent again until it does",
			    json_pack("{s:s}", "key", e->key));
			e->call = NULL;
		}
		pause = e->tries < 5 ? 1u << (e->tries - 1) : OUTBOX_MAX_PAUSE;
		if (pause > OUTBOX_MAX_PAUSE)
			pause = OUTBOX_MAX_PAUSE;
		if (r->reason != NULL && strcmp(r->reason, R_NOT_LOGGED_IN)
		    == 0)
			pause = 2;	/* until someone signs in again */
		log_info("%s %s not settled (%ld %s); again in %u s", e->kind,
		    e->key, r->status, r->reason != NULL ? r->reason : "",
		    pause);
		e->timer = timer_add_seconds(pause, retry_timer, e);
		return;
	}
	ok = r->status >= 200 && r->status < 300;
	log_info("%s %s settled: %ld", e->kind, e->key, r->status);
	if (!rt->announce) {
		entry_remove(e);
		goto done;
	}
	ev = json_pack("{s:s, s:s, s:s}", "key", e->key, "kind", e->kind,
	    "state", ok ? "succeeded" : "refused");
	if (ok) {
		json_object_set(ev, "payment", json_object_get(r->body,
		    "payment"));
		json_object_set(ev, "loan", json_object_get(r->body, "loan"));
		if (json_object_get(r->body, "sbp") != NULL)
			json_object_set(ev, "sbp", json_object_get(r->body,
			    "sbp"));
	} else if (r->reason != NULL)
		json_object_set_new(ev, "reason", json_string(r->reason));
	o = outcome_keep(e, ev);
	entry_remove(e);
	clients_broadcast(E_PAYMENT_UPDATED, ev);
	if (e->call != NULL) {
		/* The answer written whole to a live connection: told. */
		caller = e->call->client;
		e->done(e->call, r);
		e->call = NULL;
		if (o != NULL && client_flushed(caller))
			outcome_drop(o);
		else if (o != NULL)
			log_info("%s %s: its caller went; the outcome is told "
			    "to the next client", e->kind, e->key);
	} else if (o != NULL)
		log_info("%s %s: nobody waited; the outcome is told to the "
		    "next client", e->kind, e->key);
done:
	if (e->call != NULL)
		e->done(e->call, r);
	else if (rt->resumed != NULL)
		rt->resumed(NULL, r);
	entry_free(e);
}

/* The signed-in borrower's masked phone (caller frees), or NULL. */
static char *
session_owner(void)
{
	json_t	*st = session_status_json();
	const char *p = json_string_value(json_object_get(st, "phone_masked"));
	char	*out = p != NULL ? xstrdup(p) : NULL;

	json_decref(st);
	return out;
}

static void
send_entry(struct entry *e)
{
	char	*who;

	if (e->sending)
		return;
	/* Only the borrower who made it may send it: after another signs
	 * in, it waits (never sent on the wrong account, never dropped). */
	if (e->owner != NULL && session_signed_in()) {
		who = session_owner();
		if (who == NULL || strcmp(who, e->owner) != 0) {
			free(who);
			log_info("%s %s waits for its borrower to sign in",
			    e->kind, e->key);
			if (e->timer == 0)
				e->timer = timer_add_seconds(5,
				    retry_timer, e);
			return;
		}
		free(who);
	}
	e->sending = 1;
	session_request("POST", e->path, json_deep_copy(e->body), e->key, 0,
	    sent, e);
}

/* An Idempotency-Key: "kb-" and 128 bits from getrandom(2), the one
 * generator of keys; no entropy is fatal, never a weaker key. */
static void
random_key(char *out, size_t len)
{
	unsigned char	b[16];
	size_t		i, got = 0;
	ssize_t		n;

	while (got < sizeof b) {
		if ((n = getrandom(b + got, sizeof b - got, 0)) == -1) {
			if (errno == EINTR)
				continue;
			fatal("getrandom");
		}
		got += (size_t)n;
	}
	snprintf(out, len, "kb-");
	for (i = 0; i < sizeof b && strlen(out) + 3 <= len; i++)
		snprintf(out + strlen(out), len - strlen(out), "%02x", b[i]);
	explicit_bzero(b, sizeof b);
}

int
outbox_submit(struct call *call, const char *kind, const char *path,
    json_t *body, outbox_done_cb done)
{
	struct entry	*e;

	if (!outbox_route_ok(kind, path)) {
		log_warnx("refused to queue %s to \"%s\"", kind, path);
		json_decref(body);
		return -1;
	}
	if (route_of(kind)->parks && (e = entry_same(kind, path, body)) !=
	    NULL) {
		/* The same request again: the same key, so one at most. */
		json_decref(body);
		if (e->call != NULL || e->sending) {
			call_fail(call, R_BUSY, "the same request is being "
			    "sent");
			return 0;
		}
		if (e->timer != 0) {
			g_source_remove(e->timer);
			e->timer = 0;
		}
		e->call = call;
		e->done = done;
		log_info("%s %s sent again for the same request", kind,
		    e->key);
		send_entry(e);
		return 0;
	}
	if (make_dir() == -1) {
		json_decref(body);
		return -1;
	}
	e = xcalloc(1, sizeof *e);
	random_key(e->key, sizeof e->key);
	e->kind = xstrdup(kind);
	e->path = xstrdup(path);
	e->body = body;
	e->created = clock_now();
	e->call = call;
	e->done = done;
	e->owner = session_owner();
	xasprintf(&e->file, "%s/%s.json", dir, e->key);
	if (entry_write(e) == -1) {
		e->call = NULL;
		entry_free(e);
		return -1;
	}
	e->next = entries;
	entries = e;
	log_info("%s %s written to the outbox", kind, e->key);
	send_entry(e);
	return 0;
}

/* Does path match pattern, '*' being one id segment of 1..47 chars? */
static int
route_match(const char *pattern, const char *path)
{
	size_t	n;

	while (*pattern != '\0') {
		if (*pattern == '*') {
			for (n = 0; g_ascii_isalnum(path[n]) || path[n] == '_' ||
			    path[n] == '-'; n++)
				;
			if (n == 0 || n > 47)
				return 0;
			path += n;
			pattern++;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *path == '\0';
}

int
outbox_route_ok(const char *kind, const char *path)
{
	size_t	i;

	for (i = 0; i < sizeof outbox_routes / sizeof outbox_routes[0]; i++)
		if (strcmp(kind, outbox_routes[i].kind) == 0)
			return route_match(outbox_routes[i].pattern, path);
	return 0;
}

/* An Idempotency-Key as random_key() makes them: goes into a header. */
static int
key_ok(const char *key)
{
	size_t	i;

	for (i = 0; key[i] != '\0'; i++)
		if (!g_ascii_isalnum(key[i]) && key[i] != '-' && key[i] != '_')
			return 0;
	return i > 0;
}

/* A forged or damaged entry: said in the log, moved aside, never sent. */
static void
set_aside(const char *file, const char *why)
{
	char	*to;

	xasprintf(&to, "%s.rejected", file);
	if (rename(file, to) == -1)
		log_warn("rename \"%s\"", file);
	else
		fsync_dir(dir);
	log_warnx("outbox entry \"%s\" %s; set aside as \"%s\", not sent",
	    file, why, to);
	free(to);
}

int
outbox_entry_parse(const char *text, size_t len, json_t **jp,
    const char **why)
{
	json_t		*j;
	const char	*key, *kind, *path;

	*jp = NULL;
	if ((j = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL)) ==
	    NULL || (key = json_string_value(json_object_get(j, "key"))) ==
	    NULL || (kind = json_string_value(json_object_get(j, "kind"))) ==
	    NULL || (path = json_string_value(json_object_get(j, "path"))) ==
	    NULL || !json_is_object(json_object_get(j, "body")) ||
	    strlen(key) >= sizeof ((struct entry *)NULL)->key) {
		/* Truncated by a crash or damaged on disk: what it asked
		 * for cannot be known, so it is not guessed at. */
		*why = "is truncated or damaged";
		json_decref(j);
		return -1;
	}
	if (!outbox_route_ok(kind, path) || !key_ok(key)) {
		*why = "asks for no route the outbox may use";
		json_decref(j);
		return -1;
	}
	*jp = j;
	return 0;
}

static void
load_one(const char *name)
{
	struct entry	*e;
	json_t		*j;
	char		*file, *text = NULL;
	const char	*why = "cannot be read";
	gsize		 len;

	xasprintf(&file, "%s/%s", dir, name);
	if (!g_file_get_contents(file, &text, &len, NULL) ||
	    outbox_entry_parse(text, len, &j, &why) == -1) {
		set_aside(file, why);
		g_free(text);
		free(file);
		return;
	}
	g_free(text);
	e = xcalloc(1, sizeof *e);
	snprintf(e->key, sizeof e->key, "%s", json_string_value(
	    json_object_get(j, "key")));
	e->kind = xstrdup(json_string_value(json_object_get(j, "kind")));
	e->path = xstrdup(json_string_value(json_object_get(j, "path")));
	e->body = json_incref(json_object_get(j, "body"));
	e->created = (time_t)json_integer_value(json_object_get(j,
	    "created_at"));
	e->file = file;
	if (json_is_string(json_object_get(j, "owner")))
		e->owner = xstrdup(json_string_value(json_object_get(j,
		    "owner")));
	e->next = entries;
	entries = e;
	json_decref(j);
	log_info("%s %s found in the outbox; sending it again", e->kind,
	    e->key);
}

/* Forgets the outcomes older than OUTBOX_TELL_SECS. */
static void
outcomes_prune(void)
{
	struct outcome	*o, *next;
	time_t		 now = clock_now();

	for (o = outcomes; o != NULL; o = next) {
		next = o->next;
		if (now - o->settled > OUTBOX_TELL_SECS || now < o->settled -
		    OUTBOX_TELL_SECS)
			outcome_drop(o);
	}
}

/* An outcome kept by an earlier run; a damaged one is dropped (it only
 * repeats what the lender's history shows). */
static void
outcome_load(const char *name)
{
	json_t		*j;
	char		*file;
	const char	*owner;

	xasprintf(&file, "%s/%s", told_dir, name);
	if ((j = json_load_file(file, JSON_REJECT_DUPLICATES, NULL)) == NULL ||
	    !json_is_object(json_object_get(j, "event")) ||
	    !json_is_integer(json_object_get(j, "settled_at"))) {
		log_warnx("outcome \"%s\" is damaged; removed", file);
		unlink(file);
		free(file);
		json_decref(j);
		return;
	}
	owner = json_string_value(json_object_get(j, "owner"));
	outcome_add(file, owner, json_incref(json_object_get(j, "event")),
	    (time_t)json_integer_value(json_object_get(j, "settled_at")));
	json_decref(j);
}

static void
outcomes_load(void)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 n;
	char		*f;

	if (told_dir == NULL || (d = opendir(told_dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n > 5 && strcmp(de->d_name + n - 5, ".json") == 0)
			outcome_load(de->d_name);
		else if (n > 4 && strcmp(de->d_name + n - 4, ".tmp") == 0) {
			xasprintf(&f, "%s/%s", told_dir, de->d_name);
			unlink(f);
			free(f);
		}
	}
	closedir(d);
	outcomes_prune();
}

/* The outcomes of the signed-in borrower's requests, to client *arg
 * if it is still there, once the stored session is known (a daemon just
 * started is still reading it when the first clients say hello). */
static void
tell_client(void *arg)
{
	uint64_t	 id = *(uint64_t *)arg;
	struct outcome	*o;
	struct client	*c;
	char		*who;

	free(arg);
	outcomes_prune();
	if (outcomes == NULL || (c = client_lookup(id)) == NULL)
		return;
	who = session_owner();
	for (o = outcomes; o != NULL; o = o->next)
		if (o->owner == NULL || (who != NULL &&
		    strcmp(who, o->owner) == 0))
			client_notify(c, E_PAYMENT_UPDATED,
			    json_incref(o->event));
	free(who);
}

/* A client said hello: the outcomes of its borrower's requests it may
 * not have heard, again (payment.updated is idempotent for clients). */
static void
outbox_on_hello(struct client *c)
{
	uint64_t	*id;

	if (outcomes == NULL)
		return;
	id = xmalloc(sizeof *id);
	*id = client_id(c);
	session_when_ready(tell_client, id);
}

static void
resend_all(void *arg)
{
	struct entry	*e;

	(void)arg;
	for (e = entries; e != NULL; e = e->next)
		send_entry(e);
}

void
outbox_init(void)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 n;

	clients_add_hooks(outbox_on_hello, NULL);
	if (make_dir() == -1)
		return;
	outcomes_load();
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n > 5 && strcmp(de->d_name + n - 5, ".json") == 0)
			load_one(de->d_name);
		else if (n > 4 && strcmp(de->d_name + n - 4, ".tmp") == 0) {
			/* Never renamed: never sent. */
			char *f;

			xasprintf(&f, "%s/%s", dir, de->d_name);
			unlink(f);
			free(f);
		}
	}
	closedir(d);
	if (entries != NULL)
		session_when_ready(resend_all, NULL);
}

/* One entry as outbox.list and payment_unsettled show it. */
static json_t *
entry_json(const struct entry *e)
{
	json_t		*j, *v;
	const char	*seg = e->path + strlen("/v1/loans/");
	size_t		 n;

	j = json_pack("{s:s, s:s, s:s, s:I, s:i}", "key", e->key, "kind",
	    e->kind, "path", e->path, "created_at", (json_int_t)e->created,
	    "tries", e->tries);
	/* Every route in outbox_routes is /v1/loans/ID/…. */
	if (strncmp(e->path, "/v1/loans/", 10) == 0) {
		n = strcspn(seg, "/");
		json_object_set_new(j, "loan_id", json_stringn(seg, n));
	}
	if (json_is_integer(v = json_object_get(e->body, "amount")))
		json_object_set(j, "amount", v);
	if (json_is_integer(v = json_object_get(e->body, "days")))
		json_object_set(j, "days", v);
	return j;
}

json_t *
outbox_json(void)
{
	struct entry	*e;
	json_t		*items = json_array();

	for (e = entries; e != NULL; e = e->next)
		json_array_append_new(items, entry_json(e));
	return json_pack("{s:o}", "items", items);
}

/* The same request, whatever card pays it? */
static int
same_request(const struct entry *e, const char *kind, const char *path,
    const json_t *body)
{
	const char	*k;
	json_t		*v;

	if (strcmp(e->kind, kind) != 0 || strcmp(e->path, path) != 0)
		return 0;
	json_object_foreach((json_t *)(uintptr_t)body, k, v)
		if (strcmp(k, "card_id") != 0 &&
		    !json_equal(v, json_object_get(e->body, k)))
			return 0;
	return 1;
}

json_t *
outbox_unsettled(const char *kind, const char *path, const json_t *body)
{
	struct entry	*e;
	json_t		*items = json_array();

	for (e = entries; e != NULL; e = e->next)
		if (same_request(e, kind, path, body))
			json_array_append_new(items, entry_json(e));
	if (json_array_size(items) == 0) {
		json_decref(items);
		return NULL;
	}
	return items;
}
