/* test_daemon_lender.c — lender.c against a small HTTP server run on the
 * same GLib loop: headers sent, answers mapped to reasons, GETs retried
 * and POSTs not, refused connections and TLS failures told apart. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include <glib-unix.h>

#include "kabinet/protocol.h"
#include "kabinetd.h"

/* ---- the server: one canned answer per connection, then close ---- */
#define MAXREQ	8
static char	*answers[MAXREQ];
static int	 nanswers, served;
static char	*requests[MAXREQ];	/* what each connection sent */
static int	 srv_fd = -1;
static int	 srv_port;
static guint	 srv_src;

struct conn {
	int	 fd;
	GString	*in;
};

static int
request_complete(const GString *in)
{
	const char	*end = strstr(in->str, "\r\n\r\n"), *cl;
	long		 len = 0;

	if (in->len > 0 && (in->str[0] < 'A' || in->str[0] > 'Z'))
		return 1;	/* not HTTP (a TLS hello): answer at once */
	if (end == NULL)
		return 0;
	if ((cl = strcasestr(in->str, "\r\nContent-Length:")) != NULL &&
	    cl < end)
		len = strtol(cl + 17, NULL, 10);
	return (long)(in->len - (size_t)(end + 4 - in->str)) >= len;
}

static gboolean
conn_readable(gint fd, GIOCondition cond, gpointer arg)
{
	struct conn	*c = arg;
	char		 buf[4096];
	ssize_t		 n;
	const char	*a;

	(void)cond;
	n = read(fd, buf, sizeof buf);
	if (n > 0)
		g_string_append_len(c->in, buf, n);
	if (n > 0 && !request_complete(c->in))
		return G_SOURCE_CONTINUE;
	if (n > 0) {
		if (served < MAXREQ)
			requests[served] = g_strdup(c->in->str);
		a = served < nanswers ? answers[served] :
		    "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n";
		served++;
		(void)!write(fd, a, strlen(a));
	}
	close(fd);
	g_string_free(c->in, TRUE);
	free(c);
	return G_SOURCE_REMOVE;
}

static gboolean
srv_accept(gint fd, GIOCondition cond, gpointer arg)
{
	struct conn	*c;
	int		 cfd;

	(void)cond;
	(void)arg;
	if ((cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK)) == -1)
		return G_SOURCE_CONTINUE;
	c = calloc(1, sizeof *c);
	c->fd = cfd;
	c->in = g_string_new(NULL);
	g_unix_fd_add(cfd, G_IO_IN, conn_readable, c);
	return G_SOURCE_CONTINUE;
}

/* Queues "head" (status line and headers) with body and its length. */
static void
answer_body(const char *head, const char *body)
{
	answers[nanswers++] = g_strdup_printf("%sContent-Length: %zu\r\n\r\n%s",
	    head, strlen(body), body);
}

/* ---- the client side ---- */
static struct lender_response	 got;
static json_t			*got_body;
static char			 got_reason[64], got_message[256];
static int			 done;

static void
on_done(const struct lender_response *r, void *arg)
{
	assert_ptr_equal(arg, &done);
	got = *r;
	got_body = r->body != NULL ? json_incref(r->body) : NULL;
	snprintf(got_reason, sizeof got_reason, "%s",
	    r->reason != NULL ? r->reason : "");
	snprintf(got_message, sizeof got_message, "%s",
	    r->message != NULL ? r->message : "");
	done = 1;
}

static void
wait_done(void)
{
	gint64	until = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;

	while (!done && g_get_monotonic_time() < until)
		g_main_context_iteration(NULL, TRUE);
	assert_true(done);
}

static void
use_lender(const char *url)
{
	lender_shutdown();
	free(cfg.lender_url);
	cfg.lender_url = strdup(url);
	lender_init();
}

static int
setup(void **state)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;
	char			url[64];
	int			i;

	(void)state;
	for (i = 0; i < served && i < MAXREQ; i++)
		g_free(requests[i]);
	for (i = 0; i < nanswers; i++)
		g_free(answers[i]);
	nanswers = served = done = 0;
	json_decref(got_body);
	got_body = NULL;
	memset(&got, 0, sizeof got);
	if (srv_fd == -1) {
		srv_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		assert_int_equal(bind(srv_fd, (struct sockaddr *)&sin,
		    sizeof sin), 0);
		assert_int_equal(listen(srv_fd, 16), 0);
		getsockname(srv_fd, (struct sockaddr *)&sin, &len);
		srv_port = ntohs(sin.sin_port);
		srv_src = g_unix_fd_add(srv_fd, G_IO_IN, srv_accept, NULL);
	}
	snprintf(url, sizeof url, "http://127.0.0.1:%d/", srv_port);
	config_defaults(&cfg);
	cfg.allow_http = 1;
	cfg.connect_timeout_ms = 2000;
	cfg.request_timeout_ms = 5000;
	use_lender(url);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	lender_shutdown();
	config_free(&cfg);
	return 0;
}

static void
test_ok_and_headers(void **state)
{
	const char	*req;

	(void)state;
	answer_body("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	    "ETag: \"v7\"\r\n", "{\"status\":\"ok\"}");
	lender_request("POST", "/v1/auth/login", json_pack("{s:s}",
	    "password", "Demo2026"), "tok123", "idem-1", 0, on_done, &done);
	/* Never from inside lender_request(). */
	assert_false(done);
	wait_done();
	assert_null(got.reason);
	assert_int_equal(got.status, 200);
	assert_string_equal(json_string_value(json_object_get(got_body,
	    "status")), "ok");
	req = requests[0];
	assert_non_null(req);
	assert_true(strncmp(req, "POST /v1/auth/login HTTP/1.1\r\n", 30) == 0);
	assert_non_null(strcasestr(req, "\r\nAccept: application/json\r\n"));
	assert_non_null(strcasestr(req, "\r\nContent-Type: application/json"));
	assert_non_null(strcasestr(req, "\r\nUser-Agent: kabinetd/"));
	assert_non_null(strcasestr(req, "\r\nAuthorization: Bearer tok123\r\n"));
	assert_non_null(strcasestr(req, "\r\nIdempotency-Key: idem-1\r\n"));
	assert_non_null(strcasestr(req, "\r\nX-Request-Id: "));
	assert_non_null(strstr(req, "\r\n\r\n{\"password\":\"Demo2026\"}"));
}

static void
test_etag_header(void **state)
{
	(void)state;
	answer_body("HTTP/1.1 304 Not Modified\r\nETag: \"v7\"\r\n", "");
	lender_request_header("GET", "/v1/products", NULL, NULL, NULL,
	    "If-None-Match: \"v7\"", 0, on_done, &done);
	wait_done();
	assert_null(got.reason);
	assert_int_equal(got.status, 304);
	assert_null(got_body);
	assert_non_null(strcasestr(requests[0], "\r\nIf-None-Match: \"v7\"\r\n"));
}

static void
test_garbage(void **state)
{
	(void)state;
	answer_body("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n",
	    "<html>hi");
	lender_request("GET", "/v1/health", NULL, NULL, NULL, 0, on_done,
	    &done);
	wait_done();
	assert_string_equal(got_reason, R_LENDER_INVALID);
	assert_null(got_body);
}

static void
test_problem(void **state)
{
	(void)state;
	answer_body("HTTP/1.1 422 Unprocessable\r\n"
	    "Content-Type: application/problem+json\r\n",
	    "{\"code\":\"wrong_code\",\"detail\":\"the code is wrong\","
	    "\"attempts_left\":2}");
	lender_request("POST", "/v1/challenges/x/verify", NULL, NULL, NULL,
	    0, on_done, &done);
	wait_done();
	assert_int_equal(got.status, 422);
	assert_string_equal(got_reason, "wrong_code");
	assert_string_equal(got_message, "the code is wrong");
	assert_int_equal(json_integer_value(json_object_get(got_body,
	    "attempts_left")), 2);
}

/* An empty detail and title (found by fuzz_lender): the message still
 * says something. */
static void
test_problem_empty_text(void **state)
{
	struct lender_response	r = { 0 };
	char			msg[64];
	static const char	body[] = "{\"code\":\"rai\",\"detail\":\"\","
	    "\"title\":\"\"}";

	(void)state;
	lender_decode(&r, "POST", 429, "application/problem+json", 7, body,
	    sizeof body - 1, msg, sizeof msg);
	assert_string_equal(r.reason, "rai");
	assert_string_equal(r.message, "the lender answered 429");
	assert_int_equal(r.retry_after, 7);
	json_decref(r.body);
}

static void
test_rate_limited(void **state)
{
	(void)state;
	answer_body("HTTP/1.1 429 Too Many\r\nRetry-After: 30\r\n"
	    "Content-Type: application/problem+json\r\n",
	    "{\"code\":\"rate_limited\",\"title\":\"slow down\"}");
	lender_request("GET", "/v1/profile", NULL, NULL, NULL, LENDER_RETRY,
	    on_done, &done);
	wait_done();
	assert_string_equal(got_reason, "rate_limited");
	assert_string_equal(got_message, "slow down");
	assert_int_equal(got.retry_after, 30);
	assert_int_equal(served, 1);	/* 4xx is not retried */
}

static void
test_get_retried(void **state)
{
	(void)state;
	answer_body("HTTP/1.1 503 Busy\r\n", "");
	answer_body("HTTP/1.1 500 Oops\r\n", "");
	answer_body("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n",
	    "{}");
	lender_request("GET", "/v1/products", NULL, NULL, NULL, LENDER_RETRY,
	    on_done, &done);
	wait_done();
	assert_null(got.reason);
	assert_int_equal(got.status, 200);
	assert_int_equal(served, 3);
}

static void
test_post_not_retried(void **state)
{
	(void)state;
	answer_body("HTTP/1.1 500 Oops\r\n", "");
	answer_body("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n",
	    "{}");
	lender_request("POST", "/v1/payments", json_object(), NULL, "k1",
	    LENDER_RETRY, on_done, &done);
	wait_done();
	assert_string_equal(got_reason, R_LENDER_UNAVAILABLE);
	assert_int_equal(got.status, 500);
	assert_int_equal(served, 1);
}

static void
test_refused(void **state)
{
	int	fd;
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	char	url[64];

	(void)state;
	/* A port nobody listens on: bound, never listened. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	getsockname(fd, (struct sockaddr *)&sin, &len);
	snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(sin.sin_port));
	use_lender(url);
	lender_request("GET", "/v1/health", NULL, NULL, NULL, 0, on_done,
	    &done);
	wait_done();
	close(fd);
	assert_string_equal(got_reason, R_LENDER_UNAVAILABLE);
	assert_int_equal(got.status, 0);
	assert_true(got_message[0] != '\0');
}

static void
test_tls_failure(void **state)
{
	char	url[64];

	(void)state;
	/* https to a server that speaks plain http: a TLS error, not
	 * "unavailable", so the user is told the right thing. */
	snprintf(url, sizeof url, "https://127.0.0.1:%d", srv_port);
	use_lender(url);
	lender_request("GET", "/v1/health", NULL, NULL, NULL, LENDER_RETRY,
	    on_done, &done);
	wait_done();
	assert_string_equal(got_reason, R_TLS_ERROR);
	assert_int_equal(served, 1);	/* TLS errors are not retried */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ok_and_headers, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_etag_header, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_problem, setup, teardown),
		cmocka_unit_test(test_problem_empty_text),
		cmocka_unit_test_setup_teardown(test_rate_limited, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_get_retried, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_post_not_retried, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tls_failure, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
