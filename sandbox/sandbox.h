/*
 * sandbox.h — what kabinet-sandbox's modules share.
 *
 * kabinet-sandbox is a real HTTPS lender server (libmicrohttpd + SQLite)
 * implementing doc/lender-api.md.  libmicrohttpd polls every connection
 * with epoll from a small pool of threads (http.c); every handler runs
 * under one big lock (sb_lock()), so the single SQLite connection, the
 * rate-limit table and the clock are never touched by two threads at
 * once.  A handler never sleeps: what must wait (a long poll, a held
 * answer, injected latency) suspends its connection with http_later().
 */
#ifndef KABINET_SANDBOX_H
#define KABINET_SANDBOX_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include <jansson.h>
#include <sqlite3.h>

#include "kabinet/buf.h"

/* ---- config.c: flags, with their defaults ---- */
struct sb_config {
	const char	*listen;	/* "ADDR:PORT", "[v6]:PORT" */
	const char	*port_file;
	const char	*cert, *key;
	int		 http;		/* plain HTTP (loopback only) */
	const char	*db;		/* path or ":memory:" */
	const char	*sms_outbox;
	long		 access_ttl;	/* seconds */
	long		 refresh_ttl;
	int		 seed;
	int		 sandbox_api;
	int		 verbose;
	long		 operator_shift;	/* seconds */
	long		 operator_idle;
};
extern struct sb_config sb_cfg;
void	 config_defaults(struct sb_config *);

/* The big lock every handler runs under. */
void	 sb_lock(void);
void	 sb_unlock(void);

/* ---- clock.c: real time plus an offset moved by /sandbox/clock ---- */
time_t	 sbclock_now(void);
void	 sbclock_advance(long seconds);
long	 sbclock_offset(void);
/* RFC 3339 in Moscow time ("2026-11-26T12:00:00+03:00"); out >= 32. */
char	*sbclock_format(time_t, char *out, size_t len);
/* A new json string with sbclock_format(t). */
json_t	*sbclock_json(time_t);

/* ---- db.c: one SQLite connection, WAL, numbered migrations ---- */
/* Opens (creating) the database and runs pending migrations; -1 on error
 * with a message logged.  Closes any database opened before. */
int	 db_open(const char *path);
void	 db_close(void);
sqlite3	*db_handle(void);
/* Highest migration applied. */
int	 db_schema_version(void);
/* Prepares sql; a statement that does not compile is a bug: fatalx. */
sqlite3_stmt *db_prepare(const char *sql);
/* Runs a statement that returns no rows, binding "%s"/"%d"-style
 * arguments given as a format of 't' (text; NULL binds NULL), 'i'
 * (int64_t: cast what is narrower), 'n' (null).
 * Returns sqlite3_changes() or -1. */
int	 db_execf(const char *sql, const char *fmt, ...);
/* The query helpers, with db_execf()'s binding format: a prepared and
 * bound statement (caller steps and finalizes); whether the query has a
 * row; the first column of its first row as an integer (0: no row). */
sqlite3_stmt *db_queryf(const char *sql, const char *fmt, ...);
int	 db_existsf(const char *sql, const char *fmt, ...);
int64_t	 db_intf(const char *sql, const char *fmt, ...);
/* Binds fmt's arguments to st from parameter index i on, for a query
 * whose parameters depend on its filters; returns the next index. */
int	 db_bindf(sqlite3_stmt *st, int i, const char *fmt, ...);

/* ---- seal.c: secrets sealed at rest (AES-256-GCM, key in DB.key) ---- */
/* Loads the key beside db_path (DB.key, made 0600 if missing); a random
 * key for ":memory:".  -1 with a message logged. */
int	 seal_open(const char *db_path);
/* "s1:…" for plain bound to ad (caller frees). */
char	*seal(const char *plain, const char *ad);
/* The plain text (caller frees with xfree_secret()), NULL if sealed is
 * not sealed under this key and ad. */
char	*unseal(const char *sealed, const char *ad);
int	 seal_is_sealed(const char *);
/* HMAC-SHA256 of data under the key, for purpose, as 64 hex digits and
 * a NUL in out: for hashes of what carries a secret (request bodies with
 * a PAN, a password or a code; SMS codes). */
void	 seal_mac_hex(const char *purpose, const void *data, size_t len,
	    char *out);

/* ---- seed.c ---- */
/* Inserts the demo borrowers of doc/lender-api.md unless present. */
void	 seed_demo(void);

/* ---- sms.c: the SMS outbox ---- */
/* Opens (appending) the outbox file; NULL: the database only. */
int	 sms_open_outbox(const char *path);
/* Counts an SMS to phone against the phone's hourly limit and the
 * ten-minute budgets of the asking address and of everyone: 0 if it may
 * go now, else -1 with *until set to when it may. */
int	 sms_allowed(const char *phone, time_t *until);
/* The address of the request being handled (NULL: none, e.g. the
 * reviewer); http.c sets it around each handler. */
void	 sms_set_origin(const char *remote);
/* After sms_allowed() said no: which budget, as a 429's scope ("sms" the
 * phone's, "sms_address" the address's, "sms_all" everyone's). */
const char *sms_refused_scope(void);
/* Stores the SMS and appends it to the outbox file. code may be NULL. */
void	 sms_send(const char *phone, const char *text, const char *code);
/* {"items":[…]} newest last; phone NULL: all. New ref. */
json_t	*sms_list_json(const char *phone);

/* ---- fault.c: fault injection on /v1/ requests ---- */
struct faults {
	long	latency_ms;
	double	error_rate, drop_rate, garbage_rate;
	/* One refusal armed for the next /v1/ request to problem_path
	 * (status 0: none): a problem document with problem_code. */
	int	problem_status;
	char	problem_path[128];
	char	problem_code[64];
	/* After the work is stored: the next answer_count answers of
	 * idempotent POSTs (idem_finish) are dropped, garbage or a replay
	 * (FAULT_TWICE); FAULT_NONE: none. */
	int	answer_fault;	/* enum fault_action */
	int	answer_count;
};
enum fault_action {
	FAULT_NONE,
	FAULT_ERROR,	/* answer 500/502/503 (fault_error_status()) */
	FAULT_DROP,	/* close the connection without an answer */
	FAULT_GARBAGE,	/* 200 with a body that is not JSON */
	FAULT_TWICE,	/* the request handled again: its replay answers */
};
void	 fault_set(const struct faults *);
void	 fault_get(struct faults *);
/* Rolls the dice once for a request. */
enum fault_action fault_roll(long *latency_ms);
int	 fault_error_status(void);
json_t	*fault_json(void);
/* 1 (and disarmed) when a problem is armed for path: its status and code
 * are copied out; else 0. */
int	 fault_take_problem(const char *path, int *status, char *code,
	    size_t len);
/* A uniform double in [0, 1) from getrandom(). */
double	 fault_random(void);
/* The fault armed for the answer of an idempotent POST whose work is
 * stored (one of answer_count, then disarmed), or FAULT_NONE. */
enum fault_action fault_take_answer(void);
/* The names of answer faults ("drop", "garbage", "twice"): the
 * action, or -1. */
int	 fault_answer_parse(const char *);

/* ---- ratelimit.c: fixed windows in memory, on the sandbox clock ---- */
/* Counts one hit on key; 0 if allowed, else seconds until it would be. */
long	 ratelimit_hit(const char *key, int limit, long window);
/* Forgets every counter. */
void	 ratelimit_reset(void);

/* ---- auth.c: accounts, passwords, tokens, devices, lock-out ---- */
#define LOGIN_MAX_FAILURES	5
#define LOGIN_LOCK_SECONDS	(15 * 60)

struct account {
	char	 id[32];
	char	 phone[16];
	char	 surname[128];
	char	 given[128];
	int	 must_change_password;
	int	 restricted;
};

/* yescrypt hash of pw (caller frees), NULL on failure. */
char	*auth_hash_password(const char *pw);
int	 auth_check_password(const char *pw, const char *hash);
/* A temporary password a support call or a reset sends by SMS: letters
 * and digits, none that look alike; out holds AUTH_TEMP_PASSWORD_LEN + 1. */
#define AUTH_TEMP_PASSWORD_LEN	10
void	 auth_temp_password(char *out);
/* NULL if pw is acceptable for phone, else the rule's code:
 * "too_short", "too_long", "needs_letter_and_digit", "contains_phone". */
const char *auth_password_policy(const char *pw, const char *phone);
/* Fills a; 0 found, -1 not. */
int	 auth_account_by_phone(const char *phone, struct account *a);
int	 auth_account_by_id(const char *id, struct account *a);
/* Password hash for an account (caller frees) or NULL. */
char	*auth_account_hash(const char *id);
int	 auth_set_password(const char *id, const char *hash, int must_change);
/* Random 32 bytes, base64url without padding (44 bytes out). */
void	 auth_random_token(char *out, size_t len);
/* Lower-case hex SHA-256 of s (65 bytes out). */
void	 auth_sha256_hex(const char *s, char *out);
/* Login failures are counted per phone, registered or not, so the
 * answers never tell whether a phone is registered. */
time_t	 auth_locked_until(const char *phone);
/* Counts a failure; returns attempts left (0: now locked). */
int	 auth_login_failed(const char *phone);
void	 auth_login_succeeded(const char *phone);
/* 423 account_locked until until: too many failed sign-ins. */
struct req;
int	 auth_answer_locked(struct req *, time_t until);
/* A sign-in refused for key (a phone, an operator's login), the failure
 * counted: 423 account_locked once that locks it, else 401
 * wrong_credentials with attempts_left and detail. */
int	 auth_answer_refused(struct req *, const char *key,
	    const char *detail);
int	 auth_device_known(const char *account_id, const char *device_id);
void	 auth_device_remember(const char *account_id, const char *device_id);
/* Creates a session and returns the session bundle (new ref). */
json_t	*auth_session_create(const struct account *, const char *device_id);
/* Rotates the refresh token: bundle or NULL if the token is not valid. */
json_t	*auth_session_refresh(const char *refresh_token);
/* Finds the account of a live access token: 0 ok, -1 not. */
int	 auth_session_lookup(const char *access_token, struct account *a,
	    int64_t *session_id);
void	 auth_session_revoke(int64_t session_id);
/* Revokes every session of the account but keep (0: keep none). */
void	 auth_sessions_revoke_others(const char *account_id, int64_t keep);
json_t	*auth_client_json(const struct account *, int full);
/* Surnames equal ignoring case (ASCII, Cyrillic) and ё/е (routes_auth.c). */
int	 auth_surname_equal(const char *a, const char *b);

/* ---- challenge.c: SMS codes ---- */
#define CH_CODE_LEN		6
#define CH_TTL			(5 * 60)
#define CH_RESEND_AFTER		60
#define CH_ATTEMPTS		3
#define CH_LOCK_SECONDS		(15 * 60)

enum ch_result {
	CH_OK,
	CH_NOT_FOUND,
	CH_EXPIRED,
	CH_WRONG_CODE,		/* *attempts_left */
	CH_TOO_MANY,		/* *until: the action is locked */
	CH_TOO_EARLY,		/* resend: *until is resend_at */
	CH_RATE_LIMITED,	/* resend: *until is when SMS may go again */
};
/* When the action (purpose) is locked for the phone: the time it ends,
 * else 0. */
time_t	 challenge_locked_until(const char *phone, const char *purpose);
/* Makes a challenge for an operation and sends its code by SMS; data is
 * the pending operation (stolen).  Returns the challenge id in idout
 * (>= 40 bytes) or -1 with *until set if SMS to that phone is rate
 * limited. */
int	 challenge_create(const char *purpose, const char *account_id,
	    const char *phone, json_t *data, char *idout, size_t idlen,
	    time_t *until);
/* The challenge object of doc/lender-api.md (new ref), NULL if unknown. */
json_t	*challenge_json(const char *id);
/* Checks a code.  On CH_OK *purpose, *account_id and *data are set
 * (caller frees / json_decref()s) and the challenge is spent. */
enum ch_result challenge_verify(const char *id, const char *code,
	    int *attempts_left, time_t *until, char **purpose,
	    char **account_id, json_t **data);
enum ch_result challenge_resend(const char *id, time_t *until);
struct req;
/* For an operation of a (routes_challenge.c): a challenge to a's phone
 * carrying data (stolen), answered 202 {challenge}; 423 while the action
 * is locked, 429 while SMS to the phone are limited.  Returns 0. */
int	 challenge_ask(struct req *, const char *purpose,
	    const struct account *a, json_t *data);

/* ---- operator.c: the support desk ---- */
#define IDCHECK_MAX_FAILURES	3	/* mismatches in a row lock ... */
#define IDCHECK_LOCK_SECONDS	(30 * 60)	/* ... checks this long */
#define IDCHECK_VALID_SECONDS	(10 * 60)	/* a match allows changes */

struct req;

struct operator {
	int64_t	 session_id;
	char	 login[64];
	char	 role[16];	/* "operator" | "supervisor" */
	char	 name[128];
};

/* Inserts the demo operators (doc/lender-api.md) unless present. */
void	 operator_seed(void);
/* Seals TOTP secrets an older sandbox left in clear. */
void	 operator_seal_secrets(void);
/* The TOTP code (7 bytes out) of a base32 secret at a 30 s step. */
int	 operator_totp(const char *secret_b32, int64_t step, char *out);
int	 operator_by_login(const char *login, struct operator *);
/* Password hash (caller frees) or NULL. */
char	*operator_password_hash(const char *login);
/* 1 if code is login's current TOTP code (and not used before). */
int	 operator_totp_check(const char *login, const char *code);
/* A "tc_" challenge for the TOTP step of sign-in; idout >= 32 bytes. */
int	 operator_challenge_create(const char *login, char *idout,
	    size_t idlen);
json_t	*operator_challenge_json(const char *id);
/* Like challenge_verify(); on CH_OK *op is the operator. */
enum ch_result operator_challenge_verify(const char *id, const char *code,
	    int *attempts_left, time_t *until, struct operator *op);
/* A shift session's bundle (new ref). */
json_t	*operator_session_create(const struct operator *);
/* 0 and *op for a live operator token (its idle clock restarts); -1
 * with *why (shift over, idle, unknown) otherwise. */
int	 operator_session_lookup(const char *token, struct operator *op,
	    const char **why);
/* 1 if token is an operator's (live or not): borrower routes say 403. */
int	 operator_token_known(const char *token);
void	 operator_session_revoke(int64_t id);
time_t	 operator_identity_locked_until(const char *account_id);
/* Until when a match by login (NULL: anyone) allows changes, or 0. */
time_t	 operator_identity_verified_until(const char *account_id,
	    const char *login);
/* Records a check; returns mismatches left before the lock (*locked_until
 * set when this one locked it). */
int	 operator_identity_record(const char *account_id, const char *login,
	    int match, time_t *locked_until);
/* A change was made: the next one needs a new check. */
void	 operator_identity_spend(const char *account_id);
/* Appends to the audit log; account_id may be NULL. */
void	 operator_audit(const char *login, const char *account_id,
	    const char *action, const char *outcome);
/* {items:[…], next_cursor} newest first; NULL filters match all. */
json_t	*operator_audit_json(const char *login, const char *account_id,
	    time_t from, time_t to, int64_t before, int limit);
/* A client's card as an operator sees it (new ref), NULL if no such
 * client: masked data and the identity check's state; with full, also
 * the loans, the last payments and the services (routes_operator.c). */
json_t	*operator_client_card(const char *account_id, const char *login,
	    int full);
/* Challenge completers (routes_challenge.c's table). */
int	 operator_complete_phone(struct req *, const struct account *,
	    json_t *);
int	 operator_complete_confirm_phone(struct req *, const struct account *,
	    json_t *);

/* ---- http.c: the libmicrohttpd daemon, routing, answers ---- */
struct req {
	const char	*method;
	const char	*path;
	struct MHD_Connection *conn;
	char		 request_id[40];
	char		 remote[64];	/* address, no port */
	struct buf	 body;
	json_t		*json;		/* parsed body (object) or NULL */
	const char	*arg[2];	/* path segments matched by '*' */
	char		 argbuf[2][128];
	struct account	 account;	/* NEEDS_AUTH: the signed-in client */
	int64_t		 session_id;
	struct operator	 op;		/* R_OPERATOR: the signed-in operator */
	struct timespec	 start;
	int		 status;	/* answered status, for the log */
	int		 too_large;
	enum fault_action fault;
	int		 problem_status;	/* an armed problem, or 0 */
	char		 problem_code[64];
	const struct route *route;
	long		 latency_ms;	/* injected, still to wait */
	/* http_later(): what runs when the connection is resumed. */
	int		(*later_fn)(struct req *, void *);
	void		*later_arg;
	void		(*later_free)(void *);
	int64_t		 later_until;	/* CLOCK_MONOTONIC, ms */
	int		 later_events;	/* resumed early by a new event */
	int		 later_waiting;	/* suspended by http_later() */
	unsigned int	 later_gen;	/* events_gen when suspended */
	struct req	*later_next;
	char		 idem_key[65];	/* idem_begin()'s, until finished */
	int		 idem_held;	/* its answer was held once already */
	int64_t		 poll_after;	/* GET /v1/events: its after= */
	int64_t		 poll_until;	/* and its deadline, ms */
};

#define R_NEEDS_AUTH	0x1	/* bearer access token */
#define R_PW_CHANGE_OK	0x2	/* allowed while must_change_password */
#define R_JSON		0x4	/* body must be a JSON object ({} if empty) */
#define R_SANDBOX	0x8	/* /sandbox/: no faults; off with
				   --no-sandbox-api */
#define R_OPERATOR	0x10	/* operator bearer token (borrower's: 403) */
#define R_MONEY		0x20	/* moves money: 403 account_restricted while
				   the account is restricted */
struct route {
	const char	*method;
	const char	*pattern;	/* '*' matches one path segment */
	int		(*handler)(struct req *);
	int		 flags;
};

/* Starts serving on fd (listening); -1 on failure. */
int	 http_start(int fd, const char *cert_pem, const char *key_pem);
/* The routing below libmicrohttpd: r->method and r->path to the route
 * (its '*' segments in r->arg), or NULL with the methods the path has
 * in allow; http_path_ok() refuses control characters in a path. */
const struct route *http_route(struct req *, struct buf *allow);
int	 http_path_ok(const char *path);
void	 http_stop(void);
/*
 * From a handler that has not answered: suspends the connection (no
 * thread waits for it) and runs fn(r, arg) under sb_lock() after ms
 * milliseconds, or sooner when an event is appended if on_events; fn
 * answers or calls http_later() again.  free_arg(arg) runs if the
 * connection goes first (may be NULL).  While stopping, fn runs at once.
 */
void	 http_later(struct req *, long ms, int on_events,
	    int (*fn)(struct req *, void *), void *arg, void (*free_arg)(void *));
/* An event was appended: wakes the long polls (events.c). */
void	 http_events_changed(void);
/* CLOCK_MONOTONIC in milliseconds. */
int64_t	 http_now_ms(void);

/* Answer helpers; each returns 0 (what handlers return).  json is
 * stolen.  Extra headers: NULL-terminated name, value pairs. */
int	 http_json(struct req *, int status, json_t *json);
int	 http_json_headers(struct req *, int status, json_t *json,
	    const char *const *headers);
int	 http_empty(struct req *, int status, const char *const *headers);
/* 200 with a body that is not JSON (a broken proxy's page). */
int	 http_garbage(struct req *);
/* No answer: the connection is closed as if the network lost it. */
void	 http_drop(struct req *);
/* problem+json: {type, title, status, detail, code} + extra (stolen,
 * may be NULL). */
int	 http_problem(struct req *, int status, const char *code,
	    const char *detail, json_t *extra);
/* text/plain; charset=utf-8 (documents). */
int	 http_text(struct req *, int status, const char *text,
	    const char *const *headers);
/* 423 code with locked_until (an account, a login, a phone's codes). */
int	 http_locked(struct req *, const char *code, time_t until,
	    const char *detail);
/* 423 too_many_attempts: the codes of a phone for a purpose are locked
 * until until (challenge_locked_until()). */
int	 http_codes_locked(struct req *, time_t until);
/* 422 validation with errors:[{field, code}]. */
int	 http_validation(struct req *, const char *field, const char *code);
/* 429 rate_limited with Retry-After. */
/* 429 with Retry-After; scope says what was limited: "sms" (codes to
 * one phone), "login", "password_reset", "operator_login". */
int	 http_rate_limited(struct req *, const char *scope, long retry_after);
const char *http_header(struct req *, const char *name);
const char *http_query(struct req *, const char *name);
/* A string member of the body, NULL if absent or not a string. */
const char *http_str(struct req *, const char *name);

/* ---- quote, documents, registrations, ESIA, applications,
 * loans, events ---- */
#define DOC_VERSION		"2026-11-01"	/* of every document */
#define REG_TTL			(24 * 3600)
#define ESIA_TTL		(10 * 60)
#define ESIA_INTERVAL		5
#define IDEM_TTL		(24 * 3600)
#define EVENTS_MAX_WAIT		25

/* config: --review-delay SECONDS (each review step). */
extern long sb_review_delay;

/* Waits on cond with the big lock held (released while waiting) until
 * abstime (on the cond's clock); 0 signalled, ETIMEDOUT. */
int	 sb_timedwait(pthread_cond_t *, const struct timespec *abstime);

/* lending.c: the product and the quote (lib/calc.h). */
struct product {
	const char	*id;
	int64_t		 min_amount, max_amount, step_amount;
	int64_t		 first_loan_max_amount;
	int		 min_term, max_term, step_term;
	int		 rate_bp_per_day, charges_cap_percent;
};
const struct product *lending_product(const char *id);
/* /sandbox/product: a lender that breaks the law (80 and 100 are the
 * honest values). */
void	 lending_product_set(int rate_bp_per_day, int charges_cap_percent);
/* Checks product/amount/term (strings from a query, or numbers from a
 * body given as text); on error adds {field, code} items to errors and
 * returns -1. */
int	 lending_check(const char *product, const char *amount,
	    const char *term, const struct product **, int64_t *amountp,
	    int *termp, json_t *errors);
/* The quote object of doc/lender-api.md (new ref). */
json_t	*lending_quote_json(const struct product *, int64_t amount, int term);
/* The same with the borrower's enabled paid services counted
 * toward the charges cap: "services" and "services_total" added. */
json_t	*lending_quote_services_json(const struct product *, int64_t amount,
	    int term, const char *account_id);
/* Documents: text (static) or NULL; title, version. */
const char *lending_document(const char *id, const char **title);
/* The same with the document's own version. */
const char *lending_document_version(const char *id, const char **title,
	    const char **version);
/* Appends an acceptance to consent_log (never updated or deleted) and
 * makes it the current one in consents. */
void	 consent_record(const char *account_id, const char *document,
	    const char *version);
/* The individual terms of a loan (caller frees): with account_id, the
 * borrower's enabled paid services, each with its price and the separate
 * consent to it, in the total as the quote has them. */
void	 lending_text_keep(const char *text, char *hash);
char	*lending_terms(const struct product *, int64_t amount, int term,
	    const char *card_id, const char *account_id);
json_t	*lending_card_json(const char *card_id);
/* "12345,67 руб." into out (>= 32 bytes); returns out. */
char	*lending_rub(int64_t kopecks, char *out, size_t len);
json_t	*lending_application_json(const char *id);
json_t	*lending_loan_json(const char *id);
/* Moves submitted applications on (review, scoring, disbursement);
 * called with the lock held by the review thread. */
void	 lending_tick(void);
int	 lending_start_reviewer(void);
/* A new "ap_…" id in out (>= 40 bytes) with prefix. */
void	 lending_new_id(const char *prefix, char *out, size_t len);
/* text/html; charset=utf-8 (the sandbox's ESIA page). */
int	 http_html(struct req *, int status, const char *html);
/* A whole page in Russian: title and body (HTML) in the document. */
int	 http_html_page(struct req *, int status, const char *title,
	    const char *body);
/* The "register" challenge's completer (routes_register.c): no account
 * yet. */
int	 register_complete_phone(struct req *, json_t *data);
/* The "application" challenge's completer (routes_lending.c). */
int	 lending_complete_application(struct req *, const struct account *,
	    json_t *);
/* Stores a submitted application and wakes the reviewer. */
void	 lending_submit(const char *account_id, const char *application_id);
void	 lending_card_linked(const char *account_id, const char *card_id);
/* [{id, title, version}] of the documents (new ref). */
json_t	*lending_documents_json(void);

/* events.c: per-account event stream, long poll. */
void	 events_append(const char *account_id, const char *type,
	    json_t *data);		/* data stolen */
json_t	*events_after(const char *account_id, int64_t after, int *count);
/* Waits (lock released) until an event after seq or abstime. */
/* At shutdown: wakes the long polls, which then answer at once. */
void	 events_shutdown(void);
int	 events_stopped(void);		/* caller holds sb_lock() */

/* inbox.c: the lender's messages to a borrower, read or unread.
 * inbox_add() adds one and appends a "notification.created" event (args
 * stolen; the caller holds sb_lock()).  kind is one of decision, payout,
 * payment_received, due_3d, due_1d, due_today, overdue, appeal_answered,
 * sbp_expired, autopay_failed, autopay_charged; the lender's words use
 * these members of args: amount (kopecks), contract, due_on
 * ("2026-12-15"), appeal (its number, as text), decision ("approved" |
 * "declined"), closed (true: the payment repaid the loan); contract is
 * filled in from loan_id when missing.  Add ids (loan_id, payment_id,
 * application_id, appeal_id) for clients. */
void	 inbox_add(const char *account_id, const char *kind, json_t *args);
/* Adds the reminders of payments due that the sandbox clock calls for. */
void	 inbox_remind(void);
/* "nt_12" → 12, or -1. */
int64_t	 inbox_id_parse(const char *);
json_t	*inbox_json(const char *account_id, int64_t id);
int64_t	 inbox_unread(const char *account_id);
/* {items newest first, unread, total, next_cursor} of ids below before. */
json_t	*inbox_page_json(const char *account_id, int64_t before, int limit,
	    int unread_only);
/* Marks id read, or (id 0) all up to up_to (0: all); how many changed. */
int	 inbox_mark_read(const char *account_id, int64_t id, int64_t up_to);

/* idempotency.c: Idempotency-Key for creating POSTs.  idem_begin
 * answers the request itself (400/409/422 or a replay) and returns 1,
 * or returns 0 with the key reserved: the handler then answers and
 * calls idem_finish (which stores the answer), or idem_abort. */
int	 idem_begin(struct req *);
void	 idem_finish(struct req *, int status, json_t *body);
void	 idem_abort(struct req *);
/* /sandbox/payments/hold: each idempotent POST is stored, then its
 * answer held ms milliseconds, its key in flight meanwhile. */
void	 idem_set_hold(long ms);

/* ---- cards, payments, history, services, extensions ---- */
#include "kabinet/date.h"

#define PENALTY_PERCENT_YEAR	20	/* on the overdue principal */
#define EXTENSIONS_PER_YEAR	5	/* in any 365 days, loans <= 30 days */
#define COOLING_OFF_DAYS	30	/* 353-FZ art. 7 part 2.7 */
#define EXTENSION_MAX_DAYS	30
#define HISTORY_PAGE_MAX	500

struct service {
	const char	*id, *title;
	int64_t		 price;		/* kopecks, once per loan */
	const char	*terms;
};
const struct service *services_find(const char *id);
json_t	*services_json(const char *account_id);
/* What the account's enabled services cost (kopecks). */
int64_t	 services_cost(const char *account_id);
/* The enabled ones as [{id,name,price}]; *total gets their sum. */
json_t	*services_enabled_json(const char *account_id, int64_t *total);
void	 services_set(const char *account_id, const char *id, int on);
int	 services_enabled(const char *account_id, const char *id);

/* A loan row as payments.c works on it. */
struct pay_loan {
	char		 id[48], account_id[32], state[16], card_id[48];
	int64_t		 principal, principal_due, interest_due, penalty_due;
	int64_t		 other_due;	/* service fees: "other payments" */
	int64_t		 charges;	/* charged so far, toward the cap */
	int64_t		 psk_milli;	/* of the price, until it changes */
	int		 rate_bp, term, extensions, extensions_year;
	struct date	 issued_on, due_on, penalty_through;
};
/* 0 and *l for the loan (of account_id unless NULL), -1 if none. */
int	 pay_loan_get(const char *id, const char *account_id,
	    struct pay_loan *l);
void	 pay_loan_put(const struct pay_loan *);
int64_t	 pay_loan_cap(const struct pay_loan *);
/* Overdue and penalty up to today; 1 if the loan changed (stored). */
int	 pay_accrue(struct pay_loan *);
/* pay_accrue() on every open loan (the clock moved). */
void	 pay_accrue_all(void);
/* fn(loan, arg) for every open (active or overdue) loan. */
void	 pay_each_open_loan(void (*fn)(struct pay_loan *, void *),
	    void *arg);
/* What is due today, split as a payment would be, with total (new ref);
 * the total alone. */
json_t	*pay_due_today(const struct pay_loan *);
/* GET /v1/loans/{id}/due's answer {loan, due_today} (new ref): l accrued
 * to today first, the stream told loan.updated if that changed it. */
json_t	*pay_due_json(struct pay_loan *);
int64_t	 pay_total_today(const struct pay_loan *);
/* Splits amount in the legal order, changing l; the split (new ref). */
#define PAY_NO_PRINCIPAL	0x1	/* an extension's fee */
json_t	*pay_split(struct pay_loan *, int64_t amount, int flags);
int64_t	 pay_psk_milli(const struct pay_loan *);
/* art. 6 on the updated schedule, extra paid today; penalties and
 * service fees out.  -1 if it cannot be computed. */
int64_t	 pay_psk_schedule(const struct pay_loan *, int64_t extra);
/* Extensions of the loan in the last 365 days. */
int	 pay_extensions_12m(const char *loan_id);
/* Appends a history entry (split stolen, may be NULL); its rowid. */
int64_t	 pay_history_add(const char *account_id, const char *loan_id,
	    const char *kind, const char *status, int64_t amount,
	    const char *card_id, const char *description, json_t *split);
/* Adds each loan's payout and interest at issue to its history. */
void	 pay_history_sync(const char *account_id);
/* The account's default card (the one marked, else the oldest linked)
 * into out (>= 48 bytes): 0, or -1 when it has none. */
int	 pay_default_card(const char *account_id, char *out, size_t len);
/*
 * Charges amount (> 0, at most what is due today) to card as a card
 * payment on l (card NULL: money that came by СБП): split in the legal order, the loan closed when nothing is
 * left, a history entry, payment.updated and loan.updated.  The
 * payment's id goes to id (>= 48 bytes); returns the split (new ref).
 */
json_t	*pay_card_charge(struct pay_loan *, int64_t amount, const char *card,
	    char *id, size_t idlen);
#define LOANDOCS_VERSION	"2026-11-29"	/* of the issued texts */
/* loandocs.c: what the lender issues on a loan, kept like a signed
 * text (document_texts) and listed in /v1/account/documents.  A receipt
 * for the succeeded payment or extension fee of payments.seq (and the
 * repayment certificate if it left no debt); pay_history_add() calls it,
 * so a payment recorded as pending and settled later calls it then. */
void	 loandocs_payment(int64_t seq);
/* The agreement of an extension of l (stored already, its new due date
 * and ПСК), concluded by paying fee with payment_id. */
void	 loandocs_extension(const struct pay_loan *l, const char *payment_id,
	    int days, int64_t fee, int64_t interest);
/* "certificate_N" of a repaid loan into out, or NULL if none. */
char	*loandocs_certificate_id(const char *loan_id, char *out, size_t len);
/* routes_payments.c: the body's amount checked against what l owes
 * today (-1: answered); a history entry as the API shows it. */
int	 pay_amount_check(struct req *, const struct pay_loan *,
	    int64_t *amount);
json_t	*pay_payment_json(const char *id);
/* idem_finish(r, 201, body) after /sandbox/payments/hold's pause, if
 * one is set (the work is stored, the key in flight meanwhile); 0. */
int	 pay_finish(struct req *, json_t *body);
/* sbp.c: СБП payment links; expires the pending ones past their time. */
void	 sbp_tick(void);
/* Challenge completers (routes_challenge.c's table). */
int	 pay_complete_card(struct req *, const struct account *, json_t *);
int	 pay_complete_service(struct req *, const struct account *,
	    json_t *);

/* ---- routes_profile.c: My profile ---- */
/* The "profile" challenge's completer: the change is made. */
int	 profile_complete(struct req *, const struct account *, json_t *);

/* ---- routes_*.c ---- */
extern const struct route routes_foundation[];
extern const struct route routes_auth[];
extern const struct route routes_challenge[];
extern const struct route routes_sandbox[];
extern const struct route routes_operator[];
extern const struct route routes_lending[];
extern const struct route routes_register[];
extern const struct route routes_documents[];
extern const struct route routes_esia[];
extern const struct route routes_payments[];
extern const struct route routes_inbox[];
extern const struct route routes_autopay[];
extern const struct route routes_appeals[];
extern const struct route routes_profile[];

/* ---- autopay.c: the consent and the charges on the due date ---- */
#define AUTOPAY_RETRY_SECONDS	(24 * 3600)	/* a declined charge, again */
/* Makes the charges whose time has come on the sandbox clock: the first
 * try on (or after) the due date, the one retry a day after a decline.
 * Callers hold sb_lock(); cheap when nothing is due. */
void	 autopay_tick(void);
/* The "autopay" challenge's completer (routes_challenge.c's table). */
int	 autopay_complete(struct req *, const struct account *, json_t *);
extern const struct route routes_sbp[];

#endif
