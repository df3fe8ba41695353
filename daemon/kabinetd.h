/*
 * kabinetd.h — what the daemon's modules share.
 *
 * One GLib main loop runs everything: client sockets (socket.c), the
 * method table (methods.c), libcurl's multi interface (lender.c), the
 * lender health watch (health.c), the Secret Service (secret.c), SMS/TOTP
 * challenges (challenge.c) and the signed-in session (session.c, auth.c).
 * Nothing blocks the loop.
 *
 * The files are layers, lowest first.  A file calls (and includes the
 * header of) only files of layers below its own; news travels upward
 * through hooks the upper file sets at start-up: lender_set_reach_hook,
 * socket_start's dispatch function, secret_on_fallback, health_on_change,
 * health_set_stream_probe, session_on_change, session_on_end,
 * session_set_pending_hook, clients_add_hooks, outbox_on_settled,
 * follow_on_event.
 * tests/integration/t0730-daemon-layers.sh reads this list and checks the
 * calls the objects make against it.  A new file goes in the lowest layer
 * it can.
 *
 *	layer 1  base:		config timer
 *	layer 2  transport:	lender secret socket desktop
 *	layer 3  calls:		call
 *	layer 4  lender state:	health
 *	layer 5  session:	session
 *	layer 6  challenges:	challenge
 *	layer 7  operations:	auth autopay documents follow operator outbox
 *	layer 8  services:	appeals esia lending payments inbox profile
 *	layer 9  registration:	register glance
 *	layer 10 table:		methods
 *	layer 11 start-up:	kabinetd
 */
#ifndef KABINETD_H
#define KABINETD_H

#include <stdint.h>
#include <jansson.h>
#include <glib.h>

/* ---- config.c: $XDG_CONFIG_HOME/kabinet/kabinetd.conf + flags ---- */
struct config {
	char	*lender_url;		/* base, e.g. https://127.0.0.1:8443 */
	char	*ca_file;		/* NULL: the system's CAs */
	char	*pinned_key;		/* CURLOPT_PINNEDPUBLICKEY, or NULL */
	int	 allow_http;		/* plain http, loopback only */
	long	 connect_timeout_ms;	/* default 5000 */
	long	 request_timeout_ms;	/* default 30000 */
	int	 health_interval_s;	/* default 60 (1 in tests) */
	char	*socket_path;		/* resolved like client.h */
	char	*state_dir;		/* $XDG_STATE_HOME/kabinet, 0700 */
	int	 keyring;		/* 0: memory only (--no-keyring) */
	int	 desktop_notifications;	/* 0: none shown (default 1) */
	int	 foreground, verbose;
};
extern struct config cfg;

/* Read before the user's $XDG_CONFIG_HOME/kabinet/kabinetd.conf, which
 * overrides it key by key (SYSCONFDIR from the Makefile, /etc). */
#define CONFIG_SYSTEM_FILE	SYSCONFDIR "/kabinet/kabinetd.conf"

void	 config_defaults(struct config *);
/* Reads key = value lines over what *c holds (so a second file overrides
 * the first key by key); returns -1 with a message in *errp (caller
 * frees) on a bad file.  A missing file is fine. */
int	 config_load(struct config *, const char *path, char **errp);
/* Refuses a lender URL that is not https:// (or http:// to a loopback
 * host with allow_http); -1 with a message in *errp (caller frees). */
int	 config_check_url(const char *url, int allow_http, char **errp);
void	 config_free(struct config *);
/* Turns the pinned_key setting (*pinp, may be NULL) into the sha256//
 * form libcurl compares: a certificate's or public key's file (PEM or
 * DER) becomes its key's hash, a sha256// list is checked.  -1 with a
 * message in *errp (caller frees) for a malformed pin or a file with no
 * key. */
int	 config_pin(char **pinp, char **errp);

/* ---- timer.c: timers due at a time on the clock (clock.h) ---- */
/* As g_timeout_add_seconds() (remove with g_source_remove()), but under
 * the test clock due when clock_now() has moved on by seconds. */
guint	 timer_add_seconds(guint seconds, GSourceFunc fn, gpointer arg);
/* t as ISO 8601 with the local offset; caller frees. */
char	*timer_iso(time_t t);
/* The clock's now plus seconds, as timer_iso(); caller frees. */
char	*timer_iso_in(long seconds);
/* An ISO 8601 time with offset in seconds since the epoch; 0 if s is
 * NULL or not one. */
time_t	 timer_parse_iso(const char *s);

/* ---- socket.c: the listening socket and client connections ---- */
struct client;
uint64_t client_id(const struct client *);
/* NULL when that client has gone. */
struct client *client_lookup(uint64_t id);
/* 1 when client id is there and all it was sent is written to its
 * socket (a peer gone fails the write and closes it). */
int	 client_flushed(uint64_t id);
/* Queues msg (stolen) on the client's output. */
void	 client_send(struct client *, json_t *msg);
/* Queues the answer to id whose result is already JSON text. */
void	 client_send_result(struct client *, const json_t *id,
	    const char *result);
/* Notification to one client, to every client; params stolen. */
void	 client_notify(struct client *, const char *method, json_t *params);
void	 clients_broadcast(const char *method, json_t *params);
/* Adds hooks called when a client says hello or goes (challenge.c
 * re-offers pending challenges to a reconnected client; esia.c ends a
 * gone client's Gosuslugi flow); either may be NULL. */
void	 clients_add_hooks(void (*on_hello)(struct client *),
	    void (*on_gone)(uint64_t id));
/* Makes (or checks) the socket's private 0700 directory; -1 with a
 * message in *errp (caller frees). */
int	 socket_dir(const char *path, char **errp);
/* Binds path (private dir, stale socket check); the fd or -1 with a
 * message in *errp (caller frees). */
int	 socket_listen(const char *path, char **errp);
/* Accepts clients on fd (bound here or by systemd) from the loop; each
 * message a client sends is handed to fn (methods_dispatch), then wiped. */
void	 socket_start(int fd, void (*fn)(struct client *, json_t *msg));
/* Closes every client and the listening socket. */
void	 socket_shutdown(void);
/* hello state of a connection; client_set_hello() runs the on_hello hook. */
int	 client_hello_done(const struct client *);
void	 client_set_hello(struct client *);
unsigned int clients_count(void);
/* A call of this client began / ended (methods.c).  A client with
 * CLIENT_MAX_CALLS calls unfinished is not read from until one ends, so
 * one client cannot queue without bound ahead of the others. */
void	 client_call_begin(struct client *);
void	 client_call_end(uint64_t id);

/* ---- call.c: a client's call in progress and its answer ---- */
struct batch;
struct call {
	uint64_t	 client;	/* client_id() of the caller */
	json_t		*id;		/* the request's id (owned) */
	const char	*method;	/* the method table's name */
	json_t		*params;	/* object, owned; may hold secrets */
	struct batch	*batch;		/* the batch it came in, or NULL */
	int		 notification;	/* no id: its answer is dropped */
};
/* Each finishes and frees the call (a caller that has gone is fine). */
void	 call_reply(struct call *, json_t *result);
/* call_reply() with the result already JSON text (compact). */
void	 call_reply_text(struct call *, const char *result);
void	 call_error(struct call *, int code, const char *reason,
	    const char *message, json_t *data);
/* Shorthand for RPC_APP_ERROR with a lender reason and message. */
void	 call_fail(struct call *, const char *reason, const char *message);
/* The string parameter key of call, or NULL (absent or not a string). */
const char *call_param_str(struct call *, const char *key);
/* Finishes call with RPC_INVALID_PARAMS, R_INVALID_PARAMS and message. */
void	 call_bad_params(struct call *, const char *message);
/* Finishes call with R_VALIDATION for one field: {fields: [{field,
 * reason}]} and message. */
void	 call_fail_field(struct call *, const char *field, const char *reason,
	    const char *message);
/* The string parameter key of call when it is 1 to max of chars (a
 * lender's id, spelt out whole in a path); else NULL with the call
 * finished by call_bad_params(message). */
const char *call_param_token(struct call *, const char *key, size_t max,
	    const char *chars, const char *message);
#define CALL_ID_CHARS	"abcdefghijklmnopqrstuvwxyz" \
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
/* For methods.c.  A call of c (counted by client_call_begin()) for id
 * (copied unless a notification), method (a name that outlives the call,
 * as the method table's do) and params (stolen), in batch b
 * or NULL. */
struct call *call_new(struct client *c, const json_t *id, int notification,
	    const char *method, json_t *params, struct batch *b);
/* Sends msg (stolen) to client, or files it in b; a notification's answer
 * is dropped. */
void	 call_answer(uint64_t client, struct batch *b, int notification,
	    json_t *msg);
/* A batch of client's answers, sent as one array once batch_release()
 * has dropped the maker's hold and every call in it has finished. */
struct batch *batch_new(uint64_t client);
void	 batch_release(struct batch *);

/* ---- methods.c: the method table ---- */

/* Every method is refused before hello unless it says M_BEFORE_HELLO. */
#define M_BEFORE_HELLO	0x1	/* served before hello (hello itself) */
#define M_NEEDS_SESSION	0x2	/* refused with not_logged_in */
struct method {
	const char	*name;
	void		(*handler)(struct call *);
	int		 flags;
};
/* Runs one decoded request from a client (socket.c calls this). */
void	 methods_dispatch(struct client *, json_t *request);
void	 methods_init(void);

/* ---- lender.c: HTTPS to the lender through libcurl multi ---- */
struct lender_response {
	long		 status;	/* HTTP status; 0: no answer */
	json_t		*body;		/* parsed body or NULL */
	const char	*reason;	/* NULL on 2xx; else an R_* reason
					   (protocol.h) or the problem's code */
	const char	*message;	/* human text for logs/clients */
	long		 retry_after;	/* seconds, from 429/503 */
};
typedef void (*lender_cb)(const struct lender_response *, void *arg);

#define LENDER_RETRY	0x1	/* GET: retry 5xx/connection errors */
void	 lender_init(void);
/* fn(0) when a request fails to reach the lender (no connection, TLS),
 * fn(1) when an answer comes again; only on a change. */
void	 lender_set_reach_hook(void (*fn)(int reachable));
void	 lender_shutdown(void);
/* body stolen (may be NULL); bearer and idem_key may be NULL.  cb runs
 * from the loop, never from inside lender_request(). */
void	 lender_request(const char *method, const char *path, json_t *body,
	    const char *bearer, const char *idem_key, int flags,
	    lender_cb cb, void *arg);
/* lender_request() plus one extra request header ("Name: value" or NULL),
 * e.g. If-None-Match.  A 304 answer has reason NULL and body NULL. */
void	 lender_request_header(const char *method, const char *path,
	    json_t *body, const char *bearer, const char *idem_key,
	    const char *header, int flags, lender_cb cb, void *arg);
/* 1 if path is fit to join to the lender's base URL ("/…", no space,
 * control character, backslash or '#'); lender_request() refuses others. */
int	 lender_path_ok(const char *path);
/* The owner given to the requests made from now on (a client's id, 0
 * for the daemon's own): owners take turns for the lender's connections.
 * Returns the one before, to put back.  A callback runs with its
 * request's owner set, so requests it makes belong to the same. */
uint64_t lender_owner_swap(uint64_t owner);
uint64_t lender_owner(void);
/* A response header's value, valid only inside the callback; or NULL. */
/* A finished answer (status, Content-Type, Retry-After seconds or -1, and
 * body) into resp: the body parsed, the reason and message chosen;
 * message may point into msgbuf or into resp->body. */
void	 lender_decode(struct lender_response *resp, const char *method,
	    long status, const char *ct, long retry_after, const char *body,
	    size_t len, char *msgbuf, size_t msglen);
const char *lender_response_header(const struct lender_response *,
	    const char *name);

/* ---- health.c: GET /v1/health, /v1/products; lender.status events ---- */
void	 health_start(void);
/* fn(reachable) after every change of the lender's state (reachable, or
 * the kind of error) has been broadcast; up to four. */
void	 health_on_change(void (*fn)(int reachable));
/* While healthy() says the event stream is up, nothing polls /v1/health. */
void	 health_set_stream_probe(int (*healthy)(void));
/* {url, name|null, reachable, retry_at|null, products|null}: new ref. */
json_t	*health_json(void);
/* Appends to b the key bytes of all health_json() says (buf_add_field). */
struct buf;
void	 health_key(struct buf *b);
int	 health_reachable(void);
/* 0 until the first check has finished (its result is broadcast). */
int	 health_known(void);
/* The lender.status event's params {reachable, retry_at, error, name}. */
json_t	*health_status_json(void);
/* fn(arg) once the first check has finished, or after a second at most
 * (health_json() then says "checking": true); at once when known. */
void	 health_when_known(void (*fn)(void *), void *arg);
/* The event stream went up or down: arm or drop the periodic check. */
void	 health_rearm(void);
/* The lender said its products changed (the event stream): read them. */
void	 health_products_changed(void);
void	 health_stop(void);

/* ---- session.c: the signed-in state ---- */
void	 session_init(void);
/* Hooks for those above: fn() after session.changed has been broadcast,
 * after the session has ended (up to four each); what a client's own
 * session.status carries as pending_challenge (a new ref or NULL). */
void	 session_on_change(void (*fn)(void));
void	 session_on_end(void (*fn)(void));
void	 session_set_pending_hook(json_t *(*fn)(uint64_t client));
/* The session.status result (protocol.h), new ref. */
json_t	*session_status_json(void);
/* Broadcasts session.changed. */
void	 session_changed(void);
/* 1 while a session is held (state signed_in or password_change). */
int	 session_signed_in(void);
/* Why an M_NEEDS_SESSION call is refused right now: NULL (go ahead),
 * R_NOT_LOGGED_IN or R_PASSWORD_CHANGE_REQUIRED. */
const char *session_refusal(void);
/* The session.status result as one client sees it (its own pending
 * challenge), new ref. */
json_t	*session_status_for(uint64_t client);
/* Answers call with session_status_for() its client, from the text kept
 * of the last answer when nothing in it has changed. */
void	 session_status_reply(struct call *);
/*
 * lender_request() with the session's bearer.  An access token that has
 * expired or is about to is refreshed first; a 401 is answered by one
 * refresh and one retry of the same request.  A refused refresh ends the
 * session (session.changed, reason R_SESSION_EXPIRED) and cb sees that
 * reason; with no session cb sees R_NOT_LOGGED_IN.  body stolen (wiped
 * when done), cb runs from the loop.
 */
void	 session_request(const char *method, const char *path, json_t *body,
	    const char *idem_key, int flags, lender_cb cb, void *arg);
/* After lender_shutdown(): frees the requests it abandoned. */
void	 session_shutdown(void);
/* Starts a session from the lender's session bundle (auth.c) for a
 * normalised phone and stores it; -1 if the bundle is malformed. */
int	 session_begin(const char *phone, const json_t *bundle);
/* The password was changed: leave state password_change; bundle may
 * carry new tokens (or be NULL). */
void	 session_password_changed(const json_t *bundle);
/* Forgets the session and its stored secret; broadcasts session.changed
 * with reason (NULL for a plain log out). */
void	 session_end(const char *reason);
/* Finishes call with a failed lender answer mapped to a protocol reason
 * (reason.h's table says which of the lender's codes pass) and data
 * (attempts_left, until, resend_at, retry_at, limit, fields, code). */
void	 session_call_fail(struct call *, const struct lender_response *);
/* Takes the client object of GET /v1/profile (name, restricted,
 * must_change_password) into the session. */
void	 session_profile(const json_t *client);
/*
 * A GET /v1/profile answers what the lender held when it read the
 * profile: if the profile changed here since the request was sent (the
 * borrower confirmed a new phone meanwhile), the answer is older than
 * what we know and is dropped.  session_profile_gen() before sending;
 * session_profile_read() with the answer: 1 if taken, 0 if dropped.
 */
unsigned int session_profile_gen(void);
int	 session_profile_read(const json_t *client, unsigned int gen);
/* Runs fn(arg) once the session stored at start has been looked up (at
 * once if it has been; at most a few seconds after start either way), so
 * a client connecting right after a restart sees it signed in. */
void	 session_when_ready(void (*fn)(void *), void *arg);

/* ---- auth.c: the auth.* and challenge.* methods (methods.c's table) ---- */
void	 auth_status(struct call *);		/* session.status */
void	 auth_check(struct call *);		/* session.check */
void	 auth_login(struct call *);
void	 auth_logout(struct call *);
void	 auth_recover(struct call *);
void	 auth_change_password(struct call *);
void	 auth_challenge_answer(struct call *);
void	 auth_challenge_resend(struct call *);
void	 auth_challenge_cancel(struct call *);
/* The installation's device id (state dir), made on first use. */
const char *auth_device_id(void);

/* ---- operator.c: the operator desk; memory-only session ---- */
void	 operator_status(struct call *);
void	 operator_login(struct call *);
void	 operator_logout(struct call *);
void	 operator_client_find(struct call *);
void	 operator_client_get(struct call *);
void	 operator_identity_verify(struct call *);
void	 operator_phone_change(struct call *);
void	 operator_password_reset(struct call *);
void	 operator_audit(struct call *);
void	 operator_confirm_phone(struct call *);	/* auth.confirm_phone */
/* A request with the operator's token for call, answered with the
 * lender's body (body stolen; may be NULL); R_OPERATOR_NOT_LOGGED_IN
 * when no operator is signed in. */
void	 operator_call(struct call *, const char *method, const char *path,
	    json_t *body);

/* ---- appeals.c ---- */
void	 appeal_list(struct call *);
void	 appeal_get(struct call *);
void	 appeal_create(struct call *);
void	 appeal_queue(struct call *);		/* operator.appeal.* */
void	 appeal_desk_get(struct call *);
void	 appeal_take(struct call *);
void	 appeal_answer(struct call *);
void	 appeal_close(struct call *);

/* ---- outbox.c: payments, extensions, applications: sent once ---- */
typedef void (*outbox_done_cb)(struct call *, const struct lender_response *);
/* Loads entries left by an earlier run and sends them again once the
 * session is known. */
void	 outbox_init(void);
/* fn(NULL, resp) settles an entry of kind that no call waits for (one
 * resent at start): lending.c's, set at start-up, before outbox_init(). */
void	 outbox_on_settled(const char *kind, outbox_done_cb fn);
/* Writes {key, kind, path, body} durably (body stolen; no secrets in
 * it), then sends it with its Idempotency-Key until the lender answers
 * definitely; done(call, resp) then finishes call.  An application that
 * makes the same request as an unsettled one is that one sent again with
 * its key (R_BUSY while it is in flight).  -1: not written (call
 * untouched). */
int	 outbox_submit(struct call *, const char *kind, const char *path,
	    json_t *body, outbox_done_cb done);
/* {items:[{key, kind, path, loan_id, amount?, days?, created_at,
 * tries}]}: new ref. */
json_t	*outbox_json(void);
/* The entries not yet settled that make the same request as kind, path
 * and body (the paying card aside), as outbox.list shows them; NULL when
 * there are none.  New ref. */
json_t	*outbox_unsettled(const char *kind, const char *path,
	    const json_t *body);
/* 1 if kind may be queued and path is that kind's lender route. */
int	 outbox_route_ok(const char *kind, const char *path);
/* One outbox file's text: 0 and *jp (key, kind, path, body; the route
 * and key checked), or -1 and *why, the entry never to be sent. */
int	 outbox_entry_parse(const char *text, size_t len, json_t **jp,
	    const char **why);

/* ---- payments.c: cards, payments, history, services ---- */
void	 pay_card_list(struct call *);
void	 pay_card_add(struct call *);
void	 pay_card_remove(struct call *);
void	 pay_card_default(struct call *);
void	 pay_loan_due(struct call *);
void	 pay_extension_terms(struct call *);
void	 pay_make(struct call *);
void	 pay_extend(struct call *);
void	 pay_history(struct call *);
void	 pay_sbp_create(struct call *);	/* payment.sbp.create */
void	 pay_sbp_get(struct call *);	/* payment.sbp.get */
void	 pay_sbp_list(struct call *);	/* payment.sbp.list */
void	 pay_service_list(struct call *);
void	 pay_service_set(struct call *);
void	 pay_outbox_list(struct call *);

/* ---- documents.c: what the borrower accepted or signed ---- */
void	 documents_list(struct call *);	/* documents.list */
void	 documents_get(struct call *);	/* documents.get */

/* ---- inbox.c: the lender's messages (notifications.*) ---- */
void	 inbox_list(struct call *);		/* notifications.list */
void	 inbox_read(struct call *);		/* notifications.read */
/* Hears the event stream (notification.created, notifications.read). */
void	 inbox_init(void);
/* Takes the unread count and the newest from a first page. */
void	 inbox_page(json_t *body);
void	 inbox_reset(void);
int	 inbox_known(void);
json_int_t inbox_unread(void);
/* The newest message (borrowed) or NULL. */
json_t	*inbox_newest(void);
/* desktop.c: a message as a desktop notification, where there is one. */
void	 desktop_show(json_t *notification);
/* glance.c: account.summary, from the daemon's state. */
void	 glance_summary(struct call *);
/* Hears of session changes (looks at the loans and inbox once a session
 * begins, forgets them when it ends) and the event stream (loan.updated). */
void	 glance_init(void);
void	 glance_stop(void);

/* ---- autopay.c: the consent to a charge on the due date ---- */
void	 autopay_status(struct call *);		/* autopay.status */
void	 autopay_consent(struct call *);	/* autopay.consent */
void	 autopay_on(struct call *);		/* autopay.on */
void	 autopay_off(struct call *);		/* autopay.off */

/* ---- profile.c: My profile ---- */
void	 profile_get(struct call *);	/* profile.get */
void	 profile_update(struct call *);	/* profile.update */

/* ---- lending.c, follow.c: borrowing ---- */
void	 lending_products_get(struct call *);	/* products.get */
void	 lending_support_get(struct call *);	/* support.get */
void	 lending_calc_quote(struct call *);	/* calc.quote */
void	 lending_loan_terms(struct call *);	/* loan.terms */
void	 lending_loan_apply(struct call *);	/* loan.apply */
void	 lending_loan_list(struct call *);	/* loan.list */
void	 lending_loan_get(struct call *);	/* loan.get */
/* The lender's definite answer to an application from the outbox: 202
 * starts its signing challenge (for call's client, or every client when
 * call is NULL: resent at start); anything else fails call. */
void	 lending_apply_settled(struct call *, const struct lender_response *);
/* register.c: registration and Gosuslugi */
void	 register_start(struct call *);		/* register.start */
void	 register_status(struct call *);	/* register.status */
void	 register_profile(struct call *);	/* register.profile */
void	 register_consents(struct call *);	/* register.consents */
void	 register_document(struct call *);	/* register.document */
void	 register_terms(struct call *);	/* register.terms */
void	 register_complete(struct call *);	/* register.complete */
/* esia.c: Gosuslugi through the lender, RFC 8628-style */
void	 esia_init(void);
void	 esia_start(struct call *);		/* auth.gosuslugi.start */
/* The device code of the approved registration flow id (a client's
 * register.profile names it), or NULL; owned by esia.c. */
const char *esia_registration_proof(const char *id);
/* After lender_shutdown(): frees every flow left. */
void	 esia_shutdown(void);
/* Follows GET /v1/events while a session is held: hooks itself to
 * session.c and health.c; the session changed (start or stop the
 * stream); the lender is back (end a backoff now); the stream is up and
 * its last answer was good; free the timer at exit. */
void	 follow_init(void);
/* fn hears each event of the stream (type, data; live 0 while the stream
 * catches up after a restart or a sign-in). */
void	 follow_on_event(void (*fn)(const char *type, json_t *data,
	    int live));
void	 follow_kick(void);
void	 follow_resume(void);
int	 follow_healthy(void);
void	 follow_stop(void);

#endif
