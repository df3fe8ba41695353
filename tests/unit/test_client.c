/* test_client.c — socket path resolution, connecting, one blocking call,
 * and the client connection (requests by id, notifications, wiping). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "kabinet/client.h"
#include "kabinet/codec.h"
#include "kabinet/protocol.h"

static char	tmpdir[64];

static int
setup_tmp(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/kb-test-client-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	return 0;
}

static int
teardown_tmp(void **state)
{
	char	cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- path resolution ---- */

static void
test_path_kabinet_socket(void **state)
{
	char	path[PATH_MAX], dir[PATH_MAX];

	(void)state;
	setenv("XDG_RUNTIME_DIR", "/run/user/4242", 1);
	setenv("KABINET_SOCKET", "/some/where/my.sock", 1);
	assert_int_equal(client_socket_path(path, sizeof path, dir,
	    sizeof dir), 0);
	assert_string_equal(path, "/some/where/my.sock");
	assert_string_equal(dir, "/some/where");

	setenv("KABINET_SOCKET", "rel.sock", 1);
	assert_int_equal(client_socket_path(path, sizeof path, dir,
	    sizeof dir), 0);
	assert_string_equal(path, "rel.sock");
	assert_string_equal(dir, ".");

	/* Too long for the caller's buffer: refused, not cut. */
	setenv("KABINET_SOCKET", "/a/very/long/path/to/a.sock", 1);
	errno = 0;
	assert_int_equal(client_socket_path(path, 10, NULL, 0), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	unsetenv("KABINET_SOCKET");
}

static void
test_path_xdg(void **state)
{
	char	path[PATH_MAX], dir[PATH_MAX];

	(void)state;
	unsetenv("KABINET_SOCKET");
	setenv("XDG_RUNTIME_DIR", "/run/user/4242", 1);
	assert_int_equal(client_socket_path(path, sizeof path, dir,
	    sizeof dir), 0);
	assert_string_equal(path, "/run/user/4242/kabinet/kabinetd.sock");
	assert_string_equal(dir, "/run/user/4242/kabinet");
	/* dir may be NULL */
	assert_int_equal(client_socket_path(path, sizeof path, NULL, 0), 0);
	assert_string_equal(path, "/run/user/4242/kabinet/kabinetd.sock");
	/* An empty KABINET_SOCKET counts as unset. */
	setenv("KABINET_SOCKET", "", 1);
	assert_int_equal(client_socket_path(path, sizeof path, NULL, 0), 0);
	assert_string_equal(path, "/run/user/4242/kabinet/kabinetd.sock");
	unsetenv("KABINET_SOCKET");
}

static void
check_tmp_fallback(void)
{
	char		path[PATH_MAX], dir[PATH_MAX], want[PATH_MAX];
	struct stat	sb;

	snprintf(want, sizeof want, "/tmp/kabinet-%u", (unsigned)getuid());
	assert_int_equal(client_socket_path(path, sizeof path, dir,
	    sizeof dir), 0);
	assert_string_equal(dir, want);
	strcat(want, "/kabinetd.sock");
	assert_string_equal(path, want);
	/* The directory now exists, is ours and closed to others. */
	assert_int_equal(lstat(dir, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_uid, getuid());
	assert_int_equal(sb.st_mode & 0777, 0700);
}

static void
test_path_fallback(void **state)
{
	(void)state;
	unsetenv("KABINET_SOCKET");
	unsetenv("XDG_RUNTIME_DIR");
	check_tmp_fallback();
	/* The XDG spec: a relative XDG_RUNTIME_DIR is ignored. */
	setenv("XDG_RUNTIME_DIR", "run/user", 1);
	check_tmp_fallback();
	setenv("XDG_RUNTIME_DIR", "", 1);
	check_tmp_fallback();
}

static void
test_private_dir(void **state)
{
	char		d[128], f[128], l[128];
	struct stat	sb;

	(void)state;
	/* Missing: created 0700 even under a loose umask. */
	snprintf(d, sizeof d, "%s/new", tmpdir);
	umask(0);
	assert_int_equal(client_private_dir(d), 0);
	umask(022);
	assert_int_equal(stat(d, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	/* Existing and right: fine again. */
	assert_int_equal(client_private_dir(d), 0);
	/* Readable by others: refused. */
	chmod(d, 0755);
	errno = 0;
	assert_int_equal(client_private_dir(d), -1);
	assert_int_equal(errno, EACCES);
	chmod(d, 0770);
	assert_int_equal(client_private_dir(d), -1);
	chmod(d, 0700);
	assert_int_equal(client_private_dir(d), 0);
	/* A file or a symlink to our good directory: refused. */
	snprintf(f, sizeof f, "%s/file", tmpdir);
	close(open(f, O_CREAT | O_WRONLY, 0600));
	assert_int_equal(client_private_dir(f), -1);
	snprintf(l, sizeof l, "%s/link", tmpdir);
	assert_int_equal(symlink(d, l), 0);
	assert_int_equal(client_private_dir(l), -1);
	/* A parent that does not exist: mkdir's error. */
	snprintf(d, sizeof d, "%s/no/such", tmpdir);
	errno = 0;
	assert_int_equal(client_private_dir(d), -1);
	assert_int_equal(errno, ENOENT);
}

/* ---- a tiny daemon in a thread ---- */

enum script { S_OK, S_ERROR, S_SILENT, S_CLOSE, S_GARBAGE, S_NULL_ID };

struct server {
	int		 fd;
	enum script	 script;
	json_t		*request;	/* what the client sent */
};

static void
send_line(int fd, const char *s)
{
	size_t	n = strlen(s);

	assert_int_equal(write(fd, s, n), (ssize_t)n);
}

static void
send_msg(int fd, json_t *m)
{
	char	*s = json_dumps(m, JSON_COMPACT);

	send_line(fd, s);
	send_line(fd, "\n");
	free(s);
	json_decref(m);
}

static void *
server_main(void *arg)
{
	struct server	*s = arg;
	struct codec	 c;
	json_t		*m = NULL, *id, *other;
	char		 tmp[64];
	char		*resp;
	size_t		 half;

	codec_init(&c);
	while (codec_next(&c, &m) == CODEC_AGAIN) {
		if (codec_read(&c, s->fd) <= 0)
			goto out;
	}
	s->request = m;
	id = json_object_get(m, "id");
	switch (s->script) {
	case S_OK:
		/* Noise first: an event, a stale answer, a bad-id error. */
		send_msg(s->fd, rpc_notification(E_LENDER_STATUS,
		    json_pack("{s:b}", "reachable", 1)));
		other = json_integer(json_integer_value(id) + 1);
		send_msg(s->fd, rpc_result(other, NULL));
		send_msg(s->fd, rpc_error(other, RPC_APP_ERROR, R_BUSY, NULL,
		    NULL));
		json_decref(other);
		send_msg(s->fd, rpc_result(json_null(), json_pack("{s:b}",
		    "stale", 1)));
		/* Then ours, in two pieces with a pause between. */
		m = rpc_result(id, json_pack("{s:b, s:i}", "pong", 1,
		    "uptime", 3));
		resp = json_dumps(m, JSON_COMPACT);
		json_decref(m);
		half = strlen(resp) / 2;
		assert_int_equal(write(s->fd, resp, half), (ssize_t)half);
		usleep(50000);
		send_line(s->fd, resp + half);
		send_line(s->fd, "\n");
		free(resp);
		break;
	case S_ERROR:
		send_msg(s->fd, rpc_error(id, RPC_APP_ERROR,
		    R_NOT_LOGGED_IN, "not signed in", NULL));
		break;
	case S_NULL_ID:
		send_msg(s->fd, rpc_error(NULL, RPC_PARSE_ERROR,
		    R_PARSE_ERROR, NULL, NULL));
		break;
	case S_GARBAGE:
		send_line(s->fd, "this is not json\n");
		break;
	case S_SILENT:
		/* Wait for the client to give up and hang up. */
		while (read(s->fd, tmp, sizeof tmp) > 0)
			;
		break;
	case S_CLOSE:
		break;
	}
out:
	close(s->fd);
	codec_free(&c);
	return NULL;
}

/* Starts the server on one end of a socketpair; returns the client end. */
static int
start_server(struct server *s, pthread_t *t, enum script script)
{
	int	sv[2], fl;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fl = fcntl(sv[0], F_GETFL);
	fcntl(sv[0], F_SETFL, fl | O_NONBLOCK);
	s->fd = sv[1];
	s->script = script;
	s->request = NULL;
	assert_int_equal(pthread_create(t, NULL, server_main, s), 0);
	return sv[0];
}

static void
test_call_result(void **state)
{
	struct server	 s;
	pthread_t	 t;
	json_t		*res = NULL, *err = NULL;
	int		 fd;

	(void)state;
	fd = start_server(&s, &t, S_OK);
	assert_int_equal(client_call(fd, M_DAEMON_PING, json_pack("{s:s}",
	    "k", "v"), 5000, &res, &err), 0);
	assert_null(err);
	assert_true(json_is_true(json_object_get(res, "pong")));
	assert_int_equal(json_integer_value(json_object_get(res, "uptime")),
	    3);
	json_decref(res);
	close(fd);
	pthread_join(t, NULL);
	/* Exactly the request asked for, as a JSON-RPC request. */
	assert_int_equal(rpc_classify(s.request, NULL), RPC_REQUEST);
	assert_string_equal(json_string_value(json_object_get(s.request,
	    "method")), "daemon.ping");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    s.request, "params"), "k")), "v");
	json_decref(s.request);
}

static void
test_call_error(void **state)
{
	struct server	 s;
	pthread_t	 t;
	json_t		*res = NULL, *err = NULL;
	int		 fd;

	(void)state;
	fd = start_server(&s, &t, S_ERROR);
	assert_int_equal(client_call(fd, M_SESSION_STATUS, NULL, 5000, &res,
	    &err), 1);
	assert_null(res);
	assert_int_equal(json_integer_value(json_object_get(err, "code")),
	    RPC_APP_ERROR);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    err, "data"), "reason")), R_NOT_LOGGED_IN);
	json_decref(err);
	close(fd);
	pthread_join(t, NULL);
	/* NULL params went out as {}. */
	assert_true(json_is_object(json_object_get(s.request, "params")));
	json_decref(s.request);

	/* An error the daemon could not tie to an id is still ours. */
	fd = start_server(&s, &t, S_NULL_ID);
	assert_int_equal(client_call(fd, M_HELLO, NULL, 5000, NULL, &err), 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    err, "data"), "reason")), R_PARSE_ERROR);
	json_decref(err);
	close(fd);
	pthread_join(t, NULL);
	json_decref(s.request);
}

static void
test_call_timeout(void **state)
{
	struct server	 s;
	pthread_t	 t;
	struct timespec	 a, b;
	json_t		*res = NULL, *err = NULL;
	long		 ms;
	int		 fd;

	(void)state;
	fd = start_server(&s, &t, S_SILENT);
	clock_gettime(CLOCK_MONOTONIC, &a);
	errno = 0;
	assert_int_equal(client_call(fd, M_HELLO, NULL, 200, &res, &err), -1);
	assert_int_equal(errno, ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	assert_true(ms >= 190 && ms < 2000);
	assert_null(res);
	assert_null(err);
	close(fd);
	pthread_join(t, NULL);
	json_decref(s.request);
}

static void
test_call_hangup_and_garbage(void **state)
{
	struct server	 s;
	pthread_t	 t;
	json_t		*res = NULL;
	int		 fd;

	(void)state;
	fd = start_server(&s, &t, S_CLOSE);
	errno = 0;
	assert_int_equal(client_call(fd, M_HELLO, NULL, 5000, &res, NULL), -1);
	assert_int_equal(errno, ECONNRESET);
	close(fd);
	pthread_join(t, NULL);
	json_decref(s.request);

	fd = start_server(&s, &t, S_GARBAGE);
	errno = 0;
	assert_int_equal(client_call(fd, M_HELLO, NULL, 5000, &res, NULL), -1);
	assert_int_equal(errno, EPROTO);
	close(fd);
	pthread_join(t, NULL);
	json_decref(s.request);

	/* Writing to a peer that has gone is an error, not SIGPIPE. */
	fd = start_server(&s, &t, S_CLOSE);
	assert_int_equal(client_call(fd, M_HELLO, NULL, 5000, &res, NULL), -1);
	pthread_join(t, NULL);
	json_decref(s.request);
	assert_int_equal(client_call(fd, M_HELLO, NULL, 1000, &res, NULL), -1);
	close(fd);
}

/* ---- a real listening socket ---- */

/* ---- the client connection, against a socketpair ---- */

struct rec {
	struct client_pending	 p;	/* first */
	json_t			*result, *error;
	int			 calls;
};

static void
rec_done(struct client_pending *p, json_t *result, json_t *error)
{
	struct rec	*r = (struct rec *)p;

	r->calls++;
	r->result = json_incref(result);
	r->error = json_incref(error);
}

static int	notified;
static char	notified_method[64];

static void
rec_notify(struct client_conn *cc, const char *method, json_t *params)
{
	(void)params;
	(void)cc;
	notified++;
	snprintf(notified_method, sizeof notified_method, "%s", method);
}

/* The peer's next line, parsed. */
static json_t *
peer_line(int fd)
{
	char	buf[4096];
	size_t	n = 0;

	while (n + 1 < sizeof buf && read(fd, buf + n, 1) == 1 &&
	    buf[n] != '\n')
		n++;
	buf[n] = '\0';
	return json_loads(buf, 0, NULL);
}

static void
peer_say(int fd, const char *line)
{
	assert_int_equal(write(fd, line, strlen(line)), (ssize_t)strlen(line));
}

static void
test_conn_requests(void **state)
{
	struct client_conn	 cc;
	struct rec		 r1, r2, r3, r4;
	json_t			*params, *m, *id;
	int			 sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(fcntl(sv[0], F_SETFL, O_NONBLOCK), 0);
	client_conn_init(&cc, sv[0], rec_notify, NULL);
	memset(&r1, 0, sizeof r1);
	memset(&r2, 0, sizeof r2);
	memset(&r3, 0, sizeof r3);
	r1.p.done = r2.p.done = r3.p.done = rec_done;

	/* What the request alone holds (the password) is wiped once sent;
	 * a value the caller still holds, packed in with "O", is left as
	 * it is: the CLI sends the same challenge id again after a wrong
	 * code, or to cancel. */
	id = json_string("ch_1");
	params = json_pack("{s:s, s:O}", "password", "s3cret-pass",
	    "challenge_id", id);
	assert_int_equal(client_conn_request(&cc, &r1.p, "auth.login",
	    params), 0);
	assert_string_equal(json_string_value(id), "ch_1");
	json_decref(id);
	assert_int_equal(client_conn_request(&cc, &r2.p, "daemon.ping",
	    NULL), 0);
	assert_int_equal(r1.p.id, 1);
	assert_int_equal(r2.p.id, 2);

	m = peer_line(sv[1]);
	assert_string_equal(json_string_value(json_object_get(m, "method")),
	    "auth.login");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    m, "params"), "password")), "s3cret-pass");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    m, "params"), "challenge_id")), "ch_1");
	json_decref(m);
	m = peer_line(sv[1]);
	assert_int_equal(json_integer_value(json_object_get(m, "id")), 2);
	json_decref(m);

	/* A notification, the answers out of order, a stale answer. */
	peer_say(sv[1], "{\"jsonrpc\":\"2.0\",\"method\":\"lender.status\","
	    "\"params\":{}}\n"
	    "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"pong\":true}}\n"
	    "{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}\n"
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,"
	    "\"message\":\"no\",\"data\":{\"reason\":\"wrong_credentials\"}}}\n");
	assert_int_equal(client_conn_wait(&cc, &r1.p, 5000), 0);
	assert_int_equal(notified, 1);
	assert_string_equal(notified_method, "lender.status");
	assert_int_equal(r2.calls, 1);
	assert_true(json_is_true(json_object_get(r2.result, "pong")));
	assert_int_equal(r1.calls, 1);
	assert_null(r1.result);
	assert_int_equal(json_integer_value(json_object_get(r1.error, "code")),
	    -32000);
	assert_null(cc.pending);

	/* A wait that times out: the caller forgets its request (it may be
	 * on its stack); a late answer is stale, and closing does not call
	 * it.  Without client_conn_forget() close() called done() on it. */
	memset(&r4, 0, sizeof r4);
	r4.p.done = rec_done;
	assert_int_equal(client_conn_request(&cc, &r4.p, "daemon.ping",
	    NULL), 0);
	json_decref(peer_line(sv[1]));
	assert_int_equal(client_conn_wait(&cc, &r4.p, 20), -1);
	assert_int_equal(errno, ETIMEDOUT);
	client_conn_forget(&cc, &r4.p);
	assert_null(cc.pending);
	peer_say(sv[1], "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}\n");
	assert_int_equal(client_conn_wait_flag(&cc, &r4.calls, 50), -1);
	assert_int_equal(r4.calls, 0);

	/* The daemon goes: what is in flight fails with daemon_gone. */
	assert_int_equal(client_conn_request(&cc, &r3.p, "daemon.ping",
	    NULL), 0);
	close(sv[1]);
	assert_int_equal(client_conn_wait(&cc, &r3.p, 5000), -1);
	assert_int_equal(errno, ECONNRESET);
	client_conn_close(&cc);
	assert_int_equal(r3.calls, 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    r3.error, "data"), "reason")), "daemon_gone");
	assert_int_equal(client_conn_request(&cc, &r3.p, "daemon.ping",
	    NULL), -1);
	json_decref(r1.error);
	json_decref(r2.result);
	json_decref(r3.error);
}

static void *
accept_main(void *arg)
{
	struct server	*s = arg;
	int		 lfd = s->fd;

	s->fd = accept(lfd, NULL, NULL);
	assert_true(s->fd >= 0);
	server_main(s);
	return NULL;
}

static void
test_connect(void **state)
{
	struct sockaddr_un	 sun;
	struct server		 s;
	pthread_t		 t;
	char			 path[PATH_MAX], lng[300];
	json_t			*res = NULL;
	int			 lfd, fd, fl;

	(void)state;
	snprintf(path, sizeof path, "%s/kabinetd.sock", tmpdir);
	errno = 0;
	assert_int_equal(client_connect(path), -1);
	assert_int_equal(errno, ENOENT);
	memset(lng, 'x', sizeof lng - 1);
	lng[0] = '/';
	lng[sizeof lng - 1] = '\0';
	assert_int_equal(client_connect(lng), -1);
	assert_int_equal(errno, ENAMETOOLONG);

	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, path);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sun, sizeof sun), 0);
	assert_int_equal(listen(lfd, 4), 0);
	s.fd = lfd;
	s.script = S_OK;
	s.request = NULL;
	assert_int_equal(pthread_create(&t, NULL, accept_main, &s), 0);

	fd = client_connect(path);
	assert_true(fd >= 0);
	fl = fcntl(fd, F_GETFL);
	assert_true(fl & O_NONBLOCK);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(client_call(fd, M_HELLO, json_pack("{s:i, s:s}",
	    "protocol", KB_PROTOCOL_VERSION, "client", "kabinet/test"), 5000,
	    &res, NULL), 0);
	assert_true(json_is_true(json_object_get(res, "pong")));
	json_decref(res);
	close(fd);
	pthread_join(t, NULL);
	assert_string_equal(json_string_value(json_object_get(s.request,
	    "method")), "hello");
	json_decref(s.request);
	close(lfd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_kabinet_socket),
		cmocka_unit_test(test_path_xdg),
		cmocka_unit_test(test_path_fallback),
		cmocka_unit_test(test_private_dir),
		cmocka_unit_test(test_call_result),
		cmocka_unit_test(test_call_error),
		cmocka_unit_test(test_call_timeout),
		cmocka_unit_test(test_call_hangup_and_garbage),
		cmocka_unit_test(test_connect),
		cmocka_unit_test(test_conn_requests),
	};

	return cmocka_run_group_tests(tests, setup_tmp, teardown_tmp);
}
