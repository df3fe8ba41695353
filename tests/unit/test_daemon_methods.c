/* test_daemon_methods.c — the daemon's socket and method table, driven
 * through a real UNIX socket and the GLib loop: hello, the JSON-RPC error
 * cases, and a bad client dropped without harm to the others. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "kabinet/protocol.h"
#include "kabinetd.h"

static char	 tmpl[] = "/tmp/kb-test-methods-XXXXXX";
static char	*dir;
static char	 sockpath[256];
static int	 lastfd = -1;	/* whose bytes get()'s buffer holds */

static int
setup(void **state)
{
	char	*err = NULL;
	int	 fd;

	(void)state;
	config_defaults(&cfg);
	/* A lender nobody answers for: health says so at once. */
	free(cfg.lender_url);
	cfg.lender_url = strdup("https://127.0.0.1:1");
	methods_init();
	lender_init();
	health_start();
	assert_non_null(dir = mkdtemp(tmpl));
	snprintf(sockpath, sizeof sockpath, "%s/run/kabinetd.sock", dir);
	fd = socket_listen(sockpath, &err);
	assert_null(err);
	assert_true(fd >= 0);
	socket_start(fd, methods_dispatch);
	return 0;
}

static int
teardown(void **state)
{
	char	 path[300];

	(void)state;
	socket_shutdown();
	health_stop();
	lender_shutdown();
	unlink(sockpath);
	snprintf(path, sizeof path, "%s/run", dir);
	rmdir(path);
	rmdir(dir);
	config_free(&cfg);
	return 0;
}

static int
connect_daemon(void)
{
	struct sockaddr_un	sun;
	int			fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, sockpath);
	assert_true((fd = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sun, sizeof sun), 0);
	assert_int_equal(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
	lastfd = -1;
	return fd;
}

static void
put(int fd, const char *line)
{
	size_t	len = strlen(line), off = 0;
	ssize_t	n;

	while (off < len) {
		n = write(fd, line + off, len - off);
		if (n == -1 && errno == EAGAIN) {
			g_main_context_iteration(NULL, FALSE);
			continue;
		}
		if (n == -1)
			return;	/* the daemon may close on us; that is tested */
		off += (size_t)n;
	}
}

/* Runs the loop until fd has a whole line; returns it parsed, or NULL at
 * EOF.  *eofp (if given) says whether the daemon closed the connection. */
static json_t *
get(int fd, int *eofp)
{
	static char	 buf[65536];
	static size_t	 have;
	char		*nl;
	json_t		*j;
	ssize_t		 n;
	int		 i;

	if (fd != lastfd) {
		have = 0;
		lastfd = fd;
	}
	if (eofp != NULL)
		*eofp = 0;
	for (i = 0; i < 4000; i++) {
		if ((nl = memchr(buf, '\n', have)) != NULL) {
			j = json_loadb(buf, (size_t)(nl - buf), 0, NULL);
			have -= (size_t)(nl - buf) + 1;
			memmove(buf, nl + 1, have);
			assert_non_null(j);
			return j;
		}
		n = read(fd, buf + have, sizeof buf - have);
		if (n == 0 || (n == -1 && errno != EAGAIN)) {
			if (eofp != NULL)
				*eofp = 1;
			return NULL;
		}
		if (n > 0) {
			have += (size_t)n;
			continue;
		}
		g_main_context_iteration(NULL, FALSE);
		poll(NULL, 0, 1);
	}
	fail_msg("no answer from the daemon");
	return NULL;
}

static const char *
reason_of(const json_t *msg)
{
	return json_string_value(json_object_get(json_object_get(
	    json_object_get(msg, "error"), "data"), "reason"));
}

static json_int_t
code_of(const json_t *msg)
{
	return json_integer_value(json_object_get(json_object_get(msg,
	    "error"), "code"));
}

static void
test_hello_required(void **state)
{
	json_t	*m;
	int	 fd = connect_daemon();

	(void)state;
	put(fd, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"daemon.ping\"}\n");
	m = get(fd, NULL);
	assert_string_equal(reason_of(m), R_HELLO_REQUIRED);
	assert_int_equal(code_of(m), RPC_APP_ERROR);
	assert_int_equal(json_integer_value(json_object_get(m, "id")), 7);
	json_decref(m);
	close(fd);
}

static void
test_hello(void **state)
{
	json_t	*m, *caps, *v;
	size_t	 i;
	int	 fd = connect_daemon(), found = 0;

	(void)state;
	put(fd, "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"hello\","
	    "\"params\":{\"protocol\":2,\"client\":\"future/9\"}}\n");
	m = get(fd, NULL);
	assert_string_equal(reason_of(m), R_PROTOCOL_MISMATCH);
	assert_non_null(strstr(json_string_value(json_object_get(
	    json_object_get(m, "error"), "message")),
	    "protocol 2 is not supported"));
	v = json_object_get(json_object_get(json_object_get(m, "error"),
	    "data"), "supported");
	assert_int_equal(json_array_size(v), 1);
	assert_int_equal(json_integer_value(json_array_get(v, 0)), 1);
	json_decref(m);

	put(fd, "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"hello\","
	    "\"params\":{\"protocol\":1,\"client\":\"test\"}}\n");
	m = get(fd, NULL);
	assert_string_equal(json_string_value(json_object_get(m, "id")), "b");
	v = json_object_get(m, "result");
	assert_int_equal(json_integer_value(json_object_get(v, "protocol")),
	    KB_PROTOCOL_VERSION);
	assert_string_equal(json_string_value(json_object_get(v, "daemon")),
	    "kabinetd/" KB_VERSION);
	caps = json_object_get(v, "capabilities");
	json_array_foreach(caps, i, v)
		if (strcmp(json_string_value(v), M_DAEMON_PING) == 0)
			found = 1;
	assert_true(found);
	json_decref(m);

	/* Then the lender's state, unasked: nobody there. */
	m = get(fd, NULL);
	assert_string_equal(json_string_value(json_object_get(m, "method")),
	    E_LENDER_STATUS);
	assert_null(json_object_get(m, "id"));
	v = json_object_get(m, "params");
	assert_true(json_is_false(json_object_get(v, "reachable")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    v, "error"), "reason")), R_LENDER_UNAVAILABLE);
	json_decref(m);

	put(fd, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"daemon.ping\"}\n");
	while ((m = get(fd, NULL)) != NULL && json_object_get(m, "id") == NULL)
		json_decref(m);	/* session.changed may come in between */
	assert_true(json_is_true(json_object_get(json_object_get(m, "result"),
	    "pong")));
	json_decref(m);
	close(fd);
}

static void
test_errors_keep_client(void **state)
{
	json_t	*m;
	int	 fd = connect_daemon();

	(void)state;
	put(fd, "{this is not json\n");
	m = get(fd, NULL);
	assert_int_equal(code_of(m), RPC_PARSE_ERROR);
	assert_true(json_is_null(json_object_get(m, "id")));
	json_decref(m);

	/* A notification is never answered, not even with an error: the
	 * next answer is the one to the array that follows it. */
	put(fd, "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.ping\"}\n");
	put(fd, "[1,2,3]\n");
	m = get(fd, NULL);
	assert_true(json_is_array(m));
	assert_int_equal(json_array_size(m), 3);
	assert_int_equal(code_of(json_array_get(m, 2)), RPC_INVALID_REQUEST);
	assert_true(json_is_null(json_object_get(json_array_get(m, 0), "id")));
	json_decref(m);

	put(fd, "{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"hello\"}\n");
	m = get(fd, NULL);
	assert_int_equal(code_of(m), RPC_INVALID_REQUEST);
	assert_int_equal(json_integer_value(json_object_get(m, "id")), 4);
	json_decref(m);

	put(fd, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"no.such\"}\n");
	m = get(fd, NULL);
	assert_int_equal(code_of(m), RPC_METHOD_NOT_FOUND);
	assert_string_equal(reason_of(m), R_UNKNOWN_METHOD);
	json_decref(m);

	put(fd, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"hello\","
	    "\"params\":[1]}\n");
	m = get(fd, NULL);
	assert_int_equal(code_of(m), RPC_INVALID_PARAMS);
	json_decref(m);

	/* Still served after all that. */
	put(fd, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"hello\","
	    "\"params\":{\"protocol\":1,\"client\":\"t\"}}\n");
	m = get(fd, NULL);
	assert_non_null(json_object_get(m, "result"));
	json_decref(m);
	close(fd);
}

static void
test_line_too_long(void **state)
{
	json_t	*m;
	char	*big;
	int	 bad = connect_daemon(), good = connect_daemon(), eof;

	(void)state;
	big = malloc(2 * 1024 * 1024 + 2);
	memset(big, 'x', 2 * 1024 * 1024);
	strcpy(big + 2 * 1024 * 1024, "\n");
	put(bad, big);
	free(big);
	m = get(bad, NULL);
	assert_int_equal(code_of(m), RPC_INVALID_REQUEST);
	assert_string_equal(reason_of(m), R_LINE_TOO_LONG);
	json_decref(m);
	assert_null(get(bad, &eof));
	assert_true(eof);
	close(bad);

	/* The other client never noticed. */
	put(good, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"hello\","
	    "\"params\":{\"protocol\":1,\"client\":\"t\"}}\n");
	m = get(good, NULL);
	assert_non_null(json_object_get(m, "result"));
	json_decref(m);
	close(good);
}

static void
test_socket_dir_checked(void **state)
{
	char	 path[300], *err = NULL;

	(void)state;
	/* A directory others can enter is refused, not used. */
	snprintf(path, sizeof path, "%s/open", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(chmod(path, 0755), 0);
	snprintf(path, sizeof path, "%s/open/kabinetd.sock", dir);
	assert_int_equal(socket_listen(path, &err), -1);
	assert_non_null(strstr(err, "too open"));
	free(err);
	snprintf(path, sizeof path, "%s/open", dir);
	rmdir(path);

	/* A live socket is not taken over. */
	assert_int_equal(socket_listen(sockpath, &err), -1);
	assert_non_null(strstr(err, "in use"));
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hello_required),
		cmocka_unit_test(test_hello),
		cmocka_unit_test(test_errors_keep_client),
		cmocka_unit_test(test_line_too_long),
		cmocka_unit_test(test_socket_dir_checked),
	};

	signal(SIGPIPE, SIG_IGN);	/* the daemon hangs up on a writer */
	return cmocka_run_group_tests(tests, setup, teardown);
}
