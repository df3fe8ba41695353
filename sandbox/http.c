/*
 * http.c — the libmicrohttpd daemon: epoll from a small pool of threads,
 * so an idle or slow connection costs a socket, not a thread; a route
 * table, bodies accumulated up to HTTP_MAX_BODY, JSON parsing,
 * problem+json answers, X-Request-Id, fault injection and one log line
 * per request (method, path, status, duration; never bodies, tokens or
 * phones).
 *
 * No handler sleeps: what must wait (a long poll, a held answer, injected
 * latency) suspends its connection with http_later(), and one waker
 * thread resumes it when its time comes or an event is appended.  One
 * address may hold HTTP_MAX_PER_ADDR connections; a connection that has
 * sent no request is closed after HTTP_SILENT_SECS, one that has after
 * HTTP_IDLE_SECS idle.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "kabinet/log.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

#define HTTP_MAX_BODY		(64 * 1024)
/* A body over HTTP_MAX_BODY but at most this is read to its end and
 * dropped before the 413: answering while the client still sends, then
 * closing with its bytes unread, resets the connection, and the client
 * may see the reset instead of the answer.  Beyond this the answer comes
 * at once (not worth reading). */
#define HTTP_DRAIN_MAX		(1024 * 1024)
#define HTTP_MAX_CONNS		512	/* sockets, not threads */
#define HTTP_MAX_PER_ADDR	64
#define HTTP_THREADS		4
#define HTTP_SILENT_SECS	5	/* connected, nothing sent yet */
#define HTTP_IDLE_SECS		60	/* between requests */
/* TLS 1.2 and 1.3 only. */
#define HTTP_TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"
#define PROBLEM_BASE	"https://lender.example/problems/"

static struct MHD_Daemon *mhd;
static char	*tls_cert, *tls_key;	/* must outlive the daemon */

static const struct route *const route_tables[] = {
	routes_foundation, routes_auth, routes_operator, routes_challenge,
	routes_sandbox,
	routes_lending,
	routes_register,
	routes_documents,
	routes_payments,
	routes_inbox,
	routes_autopay,
	routes_sbp,
	routes_appeals,
	routes_profile,
};

/* ---- suspended connections (http_later) ---- */

static pthread_mutex_t	 later_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 later_cond;
static pthread_t	 later_thread;
static int		 later_running, later_stopping;
static struct req	*later_list;	/* suspended, under later_lock */
static unsigned int	 events_gen;	/* bumped by http_events_changed() */

int64_t
http_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Resumes what is due; the earliest deadline left, or INT64_MAX. */
static int64_t
later_sweep(void)
{
	struct req	**pp = &later_list, *r;
	int64_t		  now = http_now_ms(), next = INT64_MAX;

	while ((r = *pp) != NULL) {
		if (later_stopping || r->later_until <= now ||
		    (r->later_events && r->later_gen != events_gen)) {
			*pp = r->later_next;
			r->later_next = NULL;
			MHD_resume_connection(r->conn);
			continue;
		}
		if (r->later_until < next)
			next = r->later_until;
		pp = &r->later_next;
	}
	return next;
}

static void *
later_main(void *unused)
{
	struct timespec	ts;
	int64_t		next;

	(void)unused;
	pthread_mutex_lock(&later_lock);
	while (!later_stopping) {
		next = later_sweep();
		if (next == INT64_MAX)
			pthread_cond_wait(&later_cond, &later_lock);
		else {
			ts.tv_sec = (time_t)(next / 1000);
			ts.tv_nsec = (long)(next % 1000) * 1000000;
			pthread_cond_timedwait(&later_cond, &later_lock, &ts);
		}
	}
	later_sweep();
	pthread_mutex_unlock(&later_lock);
	return NULL;
}

void
http_later(struct req *r, long ms, int on_events,
    int (*fn)(struct req *, void *), void *arg, void (*free_arg)(void *))
{
	pthread_mutex_lock(&later_lock);
	if (later_stopping) {
		pthread_mutex_unlock(&later_lock);
		if (fn != NULL)
			fn(r, arg);
		return;
	}
	r->later_fn = fn;
	r->later_arg = arg;
	r->later_free = free_arg;
	r->later_until = http_now_ms() + ms;
	r->later_events = on_events;
	r->later_gen = events_gen;
	r->later_waiting = 1;
	MHD_suspend_connection(r->conn);
	r->later_next = later_list;
	later_list = r;
	pthread_cond_signal(&later_cond);
	pthread_mutex_unlock(&later_lock);
}

void
http_events_changed(void)
{
	pthread_mutex_lock(&later_lock);
	events_gen++;
	pthread_cond_signal(&later_cond);
	pthread_mutex_unlock(&later_lock);
}

static int
later_start(void)
{
	pthread_condattr_t	a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&later_cond, &a);
	pthread_condattr_destroy(&a);
	later_stopping = 0;
	if (pthread_create(&later_thread, NULL, later_main, NULL) != 0)
		return -1;
	later_running = 1;
	return 0;
}

/* Resumes every suspended connection and stops the waker. */
static void
later_stop(void)
{
	if (!later_running)
		return;
	pthread_mutex_lock(&later_lock);
	later_stopping = 1;
	pthread_cond_signal(&later_cond);
	pthread_mutex_unlock(&later_lock);
	pthread_join(later_thread, NULL);
	later_running = 0;
}

static double
http_elapsed_ms(const struct req *r)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - r->start.tv_sec) * 1e3 +
	    (double)(now.tv_nsec - r->start.tv_nsec) / 1e6;
}

/* The path as it may go into the log: no control characters, bounded. */
static const char *
http_log_path(const char *path, char *out, size_t len)
{
	size_t	i;

	for (i = 0; path[i] != '\0' && i < len - 1; i++)
		out[i] = (unsigned char)path[i] < 0x20 || path[i] == 0x7f ?
		    '?' : path[i];
	out[i] = '\0';
	return out;
}

static int
http_respond(struct req *r, int status, const char *ctype, const char *body,
    size_t len, const char *const *headers)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;
	size_t			 i;
	char			 lp[256];

	if (r->status != 0) {
		log_warnx("%s %s answered twice", r->method, r->path);
		return 0;
	}
	resp = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body,
	    MHD_RESPMEM_MUST_COPY);
	if (ctype != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
		    ctype);
	MHD_add_response_header(resp, "X-Request-Id", r->request_id);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "no-store");
	for (i = 0; headers != NULL && headers[i] != NULL; i += 2)
		MHD_add_response_header(resp, headers[i], headers[i + 1]);
	ret = MHD_queue_response(r->conn, (unsigned int)status, resp);
	MHD_destroy_response(resp);
	r->status = ret == MHD_YES ? status : -1;
	log_info("%s %s %d %.1fms %s", r->method,
	    http_log_path(r->path, lp, sizeof lp), status,
	    http_elapsed_ms(r), r->request_id);
	return 0;
}

int
http_text(struct req *r, int status, const char *text,
    const char *const *headers)
{
	return http_respond(r, status, "text/plain; charset=utf-8", text,
	    strlen(text), headers);
}

int
http_html(struct req *r, int status, const char *html)
{
	return http_respond(r, status, "text/html; charset=utf-8", html,
	    strlen(html), NULL);
}

int
http_html_page(struct req *r, int status, const char *title,
    const char *body)
{
	struct buf	 b = BUF_INIT;
	int		 rc;

	buf_addf(&b, "<!DOCTYPE html>\n<html lang=\"ru\"><head><meta "
	    "charset=\"utf-8\"><title>%s</title></head><body>\n%s</body>"
	    "</html>\n", title, body);
	rc = http_html(r, status, b.data);
	buf_release(&b);
	return rc;
}

int
http_json_headers(struct req *r, int status, json_t *json,
    const char *const *headers)
{
	char	*s;
	int	 rc;

	/* A failed json_pack() upstream: say so rather than crash. */
	if (json == NULL)
		return http_problem(r, 500, "internal",
		    "the answer could not be built", NULL);
	s = json_dumps(json, JSON_COMPACT);
	json_decref(json);
	rc = http_respond(r, status, "application/json; charset=utf-8", s,
	    strlen(s), headers);
	/* Bodies may hold tokens. */
	xfree_secret(s);
	return rc;
}

int
http_json(struct req *r, int status, json_t *json)
{
	return http_json_headers(r, status, json, NULL);
}

int
http_empty(struct req *r, int status, const char *const *headers)
{
	return http_respond(r, status, NULL, "", 0, headers);
}

int
http_garbage(struct req *r)
{
	static const char garbage[] =
	    "<html><body><h1>502 Bad Gateway</h1></body></html>\n";

	return http_respond(r, 200, "application/json; charset=utf-8",
	    garbage, sizeof garbage - 1, NULL);
}

void
http_drop(struct req *r)
{
	char	lp[256];

	/* Nothing queued and a negative status: http_access() answers
	 * MHD_NO, which closes the connection. */
	r->status = -1;
	log_info("%s %s answer dropped %.1fms %s", r->method,
	    http_log_path(r->path, lp, sizeof lp), http_elapsed_ms(r),
	    r->request_id);
}

static int
http_problem_headers(struct req *r, int status, const char *code,
    const char *detail, json_t *extra, const char *const *headers)
{
	const char	*title;
	json_t		*p;
	char		*type, *s;
	int		 rc;

	title = MHD_get_reason_phrase_for((unsigned int)status);
	xasprintf(&type, PROBLEM_BASE "%s", code);
	p = json_pack("{s:s, s:s, s:i, s:s, s:s}", "type", type,
	    "title", title != NULL ? title : "Error", "status", status,
	    "detail", detail != NULL ? detail : title, "code", code);
	free(type);
	if (p == NULL)	/* detail was not UTF-8 */
		p = json_pack("{s:s, s:s, s:i, s:s}", "type",
		    PROBLEM_BASE "internal", "title", "Error", "status",
		    status, "code", code);
	if (extra != NULL) {
		json_object_update(p, extra);
		json_decref(extra);
	}
	s = json_dumps(p, JSON_COMPACT);
	json_decref(p);
	rc = http_respond(r, status, "application/problem+json", s, strlen(s),
	    headers);
	free(s);
	return rc;
}

int
http_problem(struct req *r, int status, const char *code, const char *detail,
    json_t *extra)
{
	return http_problem_headers(r, status, code, detail, extra, NULL);
}

int
http_validation(struct req *r, const char *field, const char *code)
{
	return http_problem(r, 422, "validation", "the request has errors",
	    json_pack("{s:[{s:s, s:s}]}", "errors", "field", field,
	    "code", code));
}

int
http_locked(struct req *r, const char *code, time_t until,
    const char *detail)
{
	return http_problem(r, 423, code, detail, json_pack("{s:o}",
	    "locked_until", sbclock_json(until)));
}

int
http_codes_locked(struct req *r, time_t until)
{
	return http_locked(r, "too_many_attempts", until,
	    "too many wrong codes; try again later");
}

int
http_rate_limited(struct req *r, const char *scope, long retry_after)
{
	char		 s[24];
	const char	*h[] = { MHD_HTTP_HEADER_RETRY_AFTER, s, NULL };

	if (retry_after < 1)
		retry_after = 1;
	/* An SMS refused: say whose budget ran out. */
	if (strcmp(scope, "sms") == 0)
		scope = sms_refused_scope();
	snprintf(s, sizeof s, "%ld", retry_after);
	return http_problem_headers(r, 429, "rate_limited",
	    "too many requests; try again later",
	    json_pack("{s:I, s:s}", "retry_after", (json_int_t)retry_after,
	    "scope", scope), h);
}

const char *
http_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *
http_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
	    name);
}

const char *
http_str(struct req *r, const char *name)
{
	json_t	*v;

	if (r->json == NULL || (v = json_object_get(r->json, name)) == NULL)
		return NULL;
	return json_string_value(v);
}

/* Matches path against pattern; '*' takes one non-empty segment. */
static int
http_match(struct req *r, const char *pattern, const char *path)
{
	int	 n = 0;
	size_t	 len;

	while (*pattern != '\0') {
		if (*pattern == '*') {
			len = strcspn(path, "/");
			if (len == 0 || len >= sizeof r->argbuf[0] || n >= 2)
				return 0;
			memcpy(r->argbuf[n], path, len);
			r->argbuf[n][len] = '\0';
			r->arg[n] = r->argbuf[n];
			n++;
			path += len;
			pattern++;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *path == '\0';
}

const struct route *
http_route(struct req *r, struct buf *allow)
{
	const struct route	*rt;
	const char		*m = r->method;
	size_t			 i;

	if (strcmp(m, "HEAD") == 0)
		m = "GET";
	for (i = 0; i < sizeof route_tables / sizeof route_tables[0]; i++) {
		for (rt = route_tables[i]; rt->method != NULL; rt++) {
			if (!sb_cfg.sandbox_api && (rt->flags & R_SANDBOX))
				continue;
			if (!http_match(r, rt->pattern, r->path))
				continue;
			if (strcmp(rt->method, m) == 0)
				return rt;
			if (allow->len != 0)
				buf_adds(allow, ", ");
			buf_adds(allow, rt->method);
		}
	}
	return NULL;
}

static void
http_set_request_id(struct req *r)
{
	const char	*in;
	unsigned char	 b[8];
	size_t		 i, len;

	in = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    "X-Request-Id");
	if (in != NULL && (len = strlen(in)) > 0 && len < sizeof r->request_id) {
		for (i = 0; i < len; i++)
			if (!isalnum((unsigned char)in[i]) &&
			    strchr("-_.:", in[i]) == NULL)
				break;
		if (i == len) {
			memcpy(r->request_id, in, len + 1);
			return;
		}
	}
	for (i = 0; i < sizeof b; i++)
		b[i] = (unsigned char)(fault_random() * 256);
	snprintf(r->request_id, sizeof r->request_id,
	    "req_%02x%02x%02x%02x%02x%02x%02x%02x",
	    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
}

static void
http_set_remote(struct req *r)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr	*sa;
	socklen_t		 len;

	snprintf(r->remote, sizeof r->remote, "unknown");
	ci = MHD_get_connection_info(r->conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || (sa = ci->client_addr) == NULL)
		return;
	len = sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
	    sizeof(struct sockaddr_in);
	getnameinfo(sa, len, r->remote, sizeof r->remote, NULL, 0,
	    NI_NUMERICHOST);
}

static int
http_authenticate(struct req *r)
{
	static const char *const h[] = { MHD_HTTP_HEADER_WWW_AUTHENTICATE,
	    "Bearer error=\"invalid_token\"", NULL };
	const char	*auth;

	auth = http_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0 &&
	    operator_token_known(auth + 7)) {
		/* An operator never acts as a borrower. */
		http_problem(r, 403, "wrong_role",
		    "an operator token is not a borrower's", NULL);
		return -1;
	}
	if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0 ||
	    auth_session_lookup(auth + 7, &r->account, &r->session_id) != 0) {
		http_problem_headers(r, 401, "invalid_token",
		    "the access token is missing, expired or revoked", NULL, h);
		return -1;
	}
	if (r->account.must_change_password &&
	    !(r->route->flags & R_PW_CHANGE_OK)) {
		http_problem(r, 403, "password_change_required",
		    "the password must be changed first", NULL);
		return -1;
	}
	if (r->account.restricted && (r->route->flags & R_MONEY)) {
		http_problem(r, 403, "account_restricted",
		    "confirm the new phone number first", NULL);
		return -1;
	}
	return 0;
}

/* R_OPERATOR routes: an operator's live shift token, never a borrower's. */
static int
http_authenticate_operator(struct req *r)
{
	static const char *const h[] = { MHD_HTTP_HEADER_WWW_AUTHENTICATE,
	    "Bearer error=\"invalid_token\"", NULL };
	const char	*auth, *why;
	struct account	 a;
	int64_t		 sid;

	auth = http_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0 &&
	    operator_session_lookup(auth + 7, &r->op, &why) == 0)
		return 0;
	if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0 &&
	    auth_session_lookup(auth + 7, &a, &sid) == 0) {
		http_problem(r, 403, "wrong_role",
		    "operator endpoints need an operator's token", NULL);
		return -1;
	}
	http_problem_headers(r, 401, "invalid_token", auth == NULL ?
	    "the access token is missing" : why, NULL, h);
	return -1;
}

/*
 * "%HH" decoding as libmicrohttpd's own, except that a decoded NUL
 * becomes 0x01: the path is a C string, and "/v1/documents/rules%00.json"
 * must not be read as "/v1/documents/rules".  http_dispatch() refuses
 * every control character in a path.
 */
static size_t
http_unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	size_t	len, i;

	(void)cls;
	(void)conn;
	len = MHD_http_unescape(s);
	for (i = 0; i < len; i++)
		if (s[i] == '\0')
			s[i] = '\x01';
	return len;
}

int
http_path_ok(const char *path)
{
	for (; *path != '\0'; path++)
		if ((unsigned char)*path < 0x20 || *path == 0x7f)
			return 0;
	return 1;
}

static void
http_dispatch(struct req *r)
{
	struct buf	 allow = BUF_INIT;
	json_error_t	 err;
	const char	*hdrs[] = { MHD_HTTP_HEADER_ALLOW, NULL, NULL };

	if (r->too_large) {
		http_problem(r, 413, "payload_too_large",
		    "the request body is over 64 KiB", NULL);
		return;
	}
	if (!http_path_ok(r->path)) {
		http_problem(r, 400, "invalid_path",
		    "the path holds a control character", NULL);
		return;
	}
	if (r->fault == FAULT_ERROR) {
		int status = fault_error_status();
		static const char *const h[] = {
		    MHD_HTTP_HEADER_RETRY_AFTER, "1", NULL };

		http_problem_headers(r, status, "injected_fault",
		    "a fault injected by the sandbox", NULL,
		    status == 503 ? h : NULL);
		return;
	}
	if (r->problem_status != 0) {
		http_problem(r, r->problem_status, r->problem_code,
		    "a problem injected by the sandbox", NULL);
		return;
	}
	if (r->fault == FAULT_GARBAGE) {
		http_garbage(r);
		return;
	}
	if ((r->route = http_route(r, &allow)) == NULL) {
		if (allow.len != 0) {
			hdrs[1] = allow.data;
			http_problem_headers(r, 405, "method_not_allowed",
			    "the method is not allowed here", NULL, hdrs);
		} else
			http_problem(r, 404, "not_found", "no such resource",
			    NULL);
		buf_release(&allow);
		return;
	}
	buf_release(&allow);
	if (r->route->flags & R_JSON) {
		if (r->body.len == 0)
			r->json = json_object();
		else {
			r->json = json_loadb(r->body.data, r->body.len, 0,
			    &err);
			if (r->json == NULL || !json_is_object(r->json)) {
				char	detail[96];

				/* Not err.text: it quotes the body, which may
				 * hold a password. */
				if (r->json == NULL)
					snprintf(detail, sizeof detail,
					    "the body is not JSON (line %d, "
					    "column %d)", err.line, err.column);
				else
					snprintf(detail, sizeof detail,
					    "the body must be a JSON object");
				http_problem(r, 400, "invalid_json", detail,
				    NULL);
				return;
			}
		}
	}
	sb_lock();
	sms_set_origin(r->remote);	/* SMS budgets count per address */
	if (r->route->flags & R_OPERATOR) {
		if (http_authenticate_operator(r) == 0)
			r->route->handler(r);
	} else if (!(r->route->flags & R_NEEDS_AUTH) ||
	    http_authenticate(r) == 0)
		r->route->handler(r);
	sms_set_origin(NULL);
	sb_unlock();
	if (r->status == 0 && !r->later_waiting)
		http_problem(r, 500, "internal", "the server failed", NULL);
}

/* A resumed connection: the continuation given to http_later(). */
static void
http_continue(struct req *r)
{
	int	(*fn)(struct req *, void *) = r->later_fn;
	void	*arg = r->later_arg;

	r->later_fn = NULL;
	r->later_arg = NULL;
	r->later_free = NULL;
	r->later_waiting = 0;
	if (fn == NULL) {		/* injected latency: now dispatch */
		http_dispatch(r);
		return;
	}
	sb_lock();
	fn(r, arg);
	sb_unlock();
	if (r->status == 0 && !r->later_waiting)
		http_problem(r, 500, "internal", "the server failed", NULL);
}

static enum MHD_Result
http_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct req		*r = *con_cls;
	const char		*cl;
	long			 latency;

	(void)cls;
	(void)version;
	if (r == NULL) {
		r = xcalloc(1, sizeof *r);
		clock_gettime(CLOCK_MONOTONIC, &r->start);
		r->conn = conn;
		r->method = method;
		r->path = url;
		buf_init(&r->body, 0);
		http_set_request_id(r);
		http_set_remote(r);
		*con_cls = r;
		/* It has spoken: the long idle timeout from now on. */
		MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT,
		    (unsigned int)HTTP_IDLE_SECS);
		if (strncmp(url, "/sandbox/", 9) != 0) {
			r->fault = fault_roll(&latency);
			if (fault_take_problem(url, &r->problem_status,
			    r->problem_code, sizeof r->problem_code))
				r->fault = FAULT_NONE;
			r->latency_ms = latency;
			if (r->fault == FAULT_DROP) {
				char lp[256];

				log_info("%s %s dropped %.1fms %s", method,
				    http_log_path(url, lp, sizeof lp),
				    http_elapsed_ms(r), r->request_id);
				return MHD_NO;
			}
		}
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL && strtoull(cl, NULL, 10) > HTTP_MAX_BODY) {
			r->too_large = 1;
			/* Answer before reading; MHD closes afterwards. */
			if (strtoull(cl, NULL, 10) > HTTP_DRAIN_MAX)
				http_dispatch(r);
		}
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		if (!r->too_large) {
			if (r->body.len + *upload_data_size > HTTP_MAX_BODY) {
				r->too_large = 1;
				buf_wipe_release(&r->body);
			} else
				buf_add(&r->body, upload_data,
				    *upload_data_size);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	/* The whole request is in.  Resumed: its continuation. */
	if (r->later_waiting)
		http_continue(r);
	else if (r->status == 0 && r->latency_ms > 0) {
		/* Injected latency: suspended, then dispatched. */
		http_later(r, r->latency_ms, 0, NULL, NULL, NULL);
		r->latency_ms = 0;
	} else if (r->status == 0)
		http_dispatch(r);
	if (r->later_waiting)
		return MHD_YES;
	return r->status > 0 ? MHD_YES : MHD_NO;
}

static void
http_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct req	*r = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (r == NULL)
		return;
	if (r->later_free != NULL)
		r->later_free(r->later_arg);
	json_decref(r->json);
	buf_wipe_release(&r->body);
	free(r);
	*con_cls = NULL;
}

static void
http_log(void *cls, const char *fmt, va_list ap)
{
	char	msg[512];
	size_t	len;

	(void)cls;
	vsnprintf(msg, sizeof msg, fmt, ap);
	len = strlen(msg);
	while (len > 0 && msg[len - 1] == '\n')
		msg[--len] = '\0';
	log_debug("libmicrohttpd: %s", msg);
}

int
http_start(int fd, const char *cert_pem, const char *key_pem)
{
	unsigned int	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;

	if (later_start() != 0) {
		log_warnx("cannot start the waker thread");
		return -1;
	}
	if (cert_pem != NULL) {
		flags |= MHD_USE_TLS;
		tls_cert = xstrdup(cert_pem);
		tls_key = xstrdup(key_pem);
	}
	/* With no certificate the list ends before the TLS options. */
	mhd = MHD_start_daemon(flags, 0, NULL, NULL, http_access, NULL,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)HTTP_THREADS,
	    MHD_OPTION_NOTIFY_COMPLETED, http_completed, NULL,
	    MHD_OPTION_UNESCAPE_CALLBACK, http_unescape, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, http_log, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)HTTP_SILENT_SECS,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)HTTP_MAX_CONNS,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)HTTP_MAX_PER_ADDR,
	    cert_pem != NULL ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END,
	    tls_cert,
	    MHD_OPTION_HTTPS_MEM_KEY, tls_key,
	    MHD_OPTION_HTTPS_PRIORITIES, HTTP_TLS_PRIORITIES,
	    MHD_OPTION_END);
	if (mhd == NULL) {
		log_warnx("cannot start the HTTP server");
		later_stop();
		return -1;
	}
	return 0;
}

void
http_stop(void)
{
	/* Suspended connections must be resumed before the daemon stops. */
	later_stop();
	if (mhd != NULL)
		MHD_stop_daemon(mhd);
	mhd = NULL;
	if (tls_key != NULL)
		xfree_secret(tls_key);
	free(tls_cert);
	tls_key = tls_cert = NULL;
}
