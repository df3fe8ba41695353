/*
 * kbcall — a JSON-RPC client for kabinet's tests (built as
 * $B/tests/tools/kbcall; lib.sh's kb_call wraps the first form).
 *
 *   kbcall [-S SOCK] [-t MS] [--no-hello] METHOD [JSON]
 *	One connection: hello {protocol:1} (unless --no-hello), then the
 *	call.  Prints the result, or the error object, as one line of JSON.
 *	Exit 0 on a result, 1 on a JSON-RPC error (also a failed hello),
 *	2 on I/O failure, timeout or a connection the daemon closed.
 *
 *   kbcall [-S SOCK] [-t MS] --raw [--lines N] [--no-events]  < BYTES
 *	Copies stdin to the socket unchanged (while reading), then prints
 *	every line the daemon sends (--no-events: but notifications, which
 *	are then not counted either).  Stops after N lines (exit 0), when
 *	the daemon closes the connection (exit 0, and "kbcall: closed by
 *	daemon" on stderr) or at the timeout with the connection still open
 *	(exit 3, "kbcall: timeout, connection open" on stderr).
 *
 *   kbcall [-S SOCK] [-t MS] [--no-hello] --script FILE|-
 *	One connection kept open for a multi-step flow.  Lines (read one at
 *	a time, so a shell may feed a FIFO as it goes; '#' starts a comment):
 *	  call METHOD [JSON]	send, wait for its answer, print it
 *	  call-env METHOD JSON	the same (substitution applies everywhere)
 *	  send METHOD [JSON]	send without waiting
 *	  answer [MS]		wait for the answer to the last send; print
 *	  expect-event NAME [MS] wait for notification NAME; print its params
 *	  no-event NAME MS	fail if NAME arrives within MS
 *	  capture NAME PATH	NAME := value at PATH (a.b.0.c) in the last
 *				printed JSON (strings without quotes)
 *	  expect PATH VALUE	fail unless the captured text at PATH == VALUE
 *	  shell NAME CMD...	NAME := first line of `sh -c CMD`'s output
 *	  wait-file NAME FILE [MS] wait until FILE is non-empty; NAME := its
 *				first line
 *	  sleep MS
 *	  echo TEXT		print TEXT
 *	Before a line runs, $NAME and ${NAME} are replaced by a captured
 *	value or else the environment variable ($$ is a literal $); an
 *	unknown name is an error.  Every printed answer or event is one line.
 *	A call that answers an error is not a failure (the error is printed
 *	and captured); a timeout, a closed connection, a failed expect or a
 *	bad line stops the script with exit 1 (2 for I/O).  Exit 0 otherwise.
 *
 *   kbcall [-S SOCK] [-t MS] --clients N --wait-event NAME [--ready-file F]
 *	  [--where PATH=VALUE]
 *	N connections at once; each sends hello and session.status; when
 *	all N have their session.status answer, F is created (so a test can
 *	then cause the event); then all wait for notification NAME (only
 *	those arriving after that moment count; --where: only those whose
 *	params have VALUE at PATH, e.g. reachable=false).  Prints
 *	"A/N answered, E/N got NAME"; exit 0 only when A == E == N.
 *
 * SOCK defaults to $KABINET_SOCKET, else $XDG_RUNTIME_DIR/kabinet/
 * kabinetd.sock.  MS (-t) is each wait's timeout, default 10000.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "kabinet/buf.h"
#include "kabinet/client.h"
#include "kabinet/codec.h"
#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tools.h"

/*
 * One connection: libkabinet's client connection, with every answer and
 * notification kept in an inbox until a script line asks for it.
 */
struct conn {
	struct client_conn cc;
	json_t		*inbox;		/* array of messages not yet taken */
	int		 eof;
	int		 hello_done;
	int		 answered;	/* --clients bookkeeping */
	int		 got_event;
};

/* A request in flight; its answer goes to the inbox as a message. */
struct req {
	struct client_pending	 p;	/* first: done() casts back */
	struct conn		*cn;	/* NULL once the connection closed */
};

static const char	*sock_path;
static int		 timeout_ms = 10000;
static int		 no_hello;
static int		 no_events;
static const char	*where;		/* --where PATH=VALUE */

static void
usage(void)
{
	fprintf(stderr,
	    "usage: kbcall [-S sock] [-t ms] [--no-hello] method [json]\n"
	    "       kbcall [-S sock] [-t ms] --raw [--lines n] [--no-events]"
	    " < bytes\n"
	    "       kbcall [-S sock] [-t ms] [--no-hello] --script file|-\n"
	    "       kbcall [-S sock] [-t ms] --clients n --wait-event name"
	    " [--ready-file f]\n"
	    "         [--where path=value]\n");
	exit(2);
}

static int
left_ms(int64_t deadline)
{
	int64_t	d = deadline - now_ms();

	return d < 0 ? 0 : (int)d;
}

static void
req_done(struct client_pending *p, json_t *result, json_t *error)
{
	struct req	*r = (struct req *)p;
	json_t		*id, *m;

	if (r->cn != NULL) {
		id = json_integer(p->id);
		if (result != NULL)
			m = rpc_result(id, json_incref(result));
		else
			m = json_pack("{s:s, s:O, s:O}", "jsonrpc", "2.0",
			    "id", id, "error", error);
		json_decref(id);
		json_array_append_new(r->cn->inbox, m);
	}
	free(r);
}

static void
conn_notified(struct client_conn *cc, const char *method, json_t *params)
{
	struct conn	*cn = cc->arg;

	json_array_append_new(cn->inbox, rpc_notification(method,
	    json_incref(params)));
}

static int
conn_open(struct conn *cn)
{
	int	fd;

	memset(cn, 0, sizeof *cn);
	cn->cc.fd = -1;
	if ((fd = client_connect(sock_path)) == -1) {
		error("connect %s: %s", sock_path, strerror(errno));
		return -1;
	}
	client_conn_init(&cn->cc, fd, conn_notified, cn);
	cn->inbox = json_array();
	return 0;
}

static void
conn_close(struct conn *cn)
{
	struct client_pending	*p;

	/* What is still in flight is dropped, not filed. */
	for (p = cn->cc.pending; p != NULL; p = p->next)
		((struct req *)p)->cn = NULL;
	client_conn_close(&cn->cc);
	json_decref(cn->inbox);
	cn->inbox = NULL;
}

/* Sends what is queued and reads what has come (into the inbox), waiting
 * up to ms for it.  Returns 0, or -1 on EOF/error (cn->eof set). */
static int
conn_pump(struct conn *cn, int ms)
{
	struct pollfd	pfd;

	if (cn->eof)
		return -1;
	/* A daemon that hung up may still have lines for us: read on. */
	if (client_conn_flush(&cn->cc) == -1 && errno != EPIPE) {
		cn->eof = 1;
		return -1;
	}
	pfd.fd = cn->cc.fd;
	pfd.events = POLLIN | (cn->cc.codec.out.len > 0 ? POLLOUT : 0);
	if (poll(&pfd, 1, ms) <= 0)
		return 0;
	if (!(pfd.revents & (POLLIN | POLLHUP | POLLERR)) ||
	    client_conn_read(&cn->cc) == 0)
		return 0;
	if (errno == EPROTO) {
		error("daemon sent a line that is not JSON");
		return 0;
	}
	if (errno == EMSGSIZE)
		error("daemon sent a line over %d bytes", CODEC_MAX_LINE);
	cn->eof = 1;
	return -1;
}

static json_int_t
conn_send(struct conn *cn, const char *method, json_t *params)
{
	struct req	*r = xcalloc(1, sizeof *r);

	r->p.done = req_done;
	r->cn = cn;
	if (client_conn_request(&cn->cc, &r->p, method, params) == -1) {
		free(r);
		cn->eof = 1;
		return 0;
	}
	return r->p.id;
}

static int
is_answer_to(json_t *m, json_int_t id)
{
	json_t	*jid = json_object_get(m, "id");

	if (json_object_get(m, "method") != NULL)
		return 0;
	return json_is_integer(jid) && json_integer_value(jid) == id;
}

static int
is_event(json_t *m, const char *name)
{
	json_t	*meth = json_object_get(m, "method");

	return json_object_get(m, "id") == NULL && json_is_string(meth) &&
	    strcmp(json_string_value(meth), name) == 0;
}

/*
 * Waits for a message matching (answer to id, or event name), taking it
 * from the inbox first.  Others are kept in the inbox.  Returns 1 with
 * *msgp (new ref), 0 on EOF, -1 on timeout.
 */
static int
conn_wait(struct conn *cn, json_int_t id, const char *name, int64_t deadline,
    json_t **msgp)
{
	json_t	*m;
	size_t	 i;

	for (;;) {
		json_array_foreach(cn->inbox, i, m) {
			if (name != NULL ? is_event(m, name) :
			    is_answer_to(m, id)) {
				*msgp = json_incref(m);
				json_array_remove(cn->inbox, i);
				return 1;
			}
		}
		if (cn->eof)
			return 0;
		if (now_ms() >= deadline)
			return -1;
		(void)conn_pump(cn, left_ms(deadline));
	}
}

static void
print_json(const json_t *v)
{
	char	*s;

	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (s != NULL) {
		puts(s);
		free(s);
	} else
		puts("null");
	fflush(stdout);
}

static json_t *
parse_params(const char *text)
{
	json_t		*v;
	json_error_t	 e;

	if (text == NULL || *text == '\0')
		return json_object();
	v = json_loads(text, JSON_DECODE_ANY, &e);
	if (v == NULL)
		error("bad JSON params: %s", e.text);
	return v;
}

/* Sends and waits; *ansp is the answer (result or error member).
 * Returns 0 result, 1 error, 2 I/O or timeout. */
static int
conn_call(struct conn *cn, const char *method, json_t *params,
    json_t **ansp)
{
	json_t		*m, *v;
	json_int_t	 id;
	int		 r;

	*ansp = NULL;
	id = conn_send(cn, method, params);
	r = conn_wait(cn, id, NULL, now_ms() + timeout_ms, &m);
	if (r == 0) {
		error("%s: connection closed by daemon",
		    method);
		return 2;
	}
	if (r == -1) {
		error("%s: timeout after %d ms", method,
		    timeout_ms);
		return 2;
	}
	if ((v = json_object_get(m, "result")) != NULL) {
		*ansp = json_incref(v);
		json_decref(m);
		return 0;
	}
	v = json_object_get(m, "error");
	*ansp = json_incref(v != NULL ? v : m);
	json_decref(m);
	return 1;
}

static int
conn_hello(struct conn *cn, int quiet)
{
	json_t	*ans;
	int	 r;

	r = conn_call(cn, M_HELLO, json_pack("{s:i,s:s}", "protocol",
	    KB_PROTOCOL_VERSION, "client", "kbcall/" KB_VERSION), &ans);
	if (r == 1 && !quiet)
		print_json(ans);
	if (r == 1)
		error("hello refused");
	json_decref(ans);
	if (r == 0)
		cn->hello_done = 1;
	return r;
}

/* ---- one call ---- */

static int
mode_call(const char *method, const char *text)
{
	struct conn	 cn;
	json_t		*params, *ans;
	int		 r;

	if ((params = parse_params(text)) == NULL)
		return 2;
	if (conn_open(&cn) == -1) {
		json_decref(params);
		return 2;
	}
	if (!no_hello && (r = conn_hello(&cn, 0)) != 0) {
		json_decref(params);
		conn_close(&cn);
		return r;
	}
	r = conn_call(&cn, method, params, &ans);
	if (ans != NULL)
		print_json(ans);
	json_decref(ans);
	conn_close(&cn);
	return r;
}

/* ---- raw bytes ---- */

static int
is_notification_line(const char *p, size_t n)
{
	json_t	*m;
	int	 r;

	if ((m = json_loadb(p, n, 0, NULL)) == NULL)
		return 0;
	r = json_is_object(m) && json_object_get(m, "id") == NULL &&
	    json_object_get(m, "method") != NULL;
	json_decref(m);
	return r;
}

static int
mode_raw(long max_lines)
{
	struct buf	 in = BUF_INIT, got = BUF_INIT;
	char		 tmp[65536], *nl;
	size_t		 off = 0;
	ssize_t		 n;
	long		 lines = 0;
	int64_t		 deadline;
	struct pollfd	 pfd;
	int		 fd, closed = 0;

	while ((n = read(STDIN_FILENO, tmp, sizeof tmp)) > 0 ||
	    (n == -1 && errno == EINTR))
		if (n > 0)
			buf_add(&in, tmp, (size_t)n);
	if ((fd = client_connect(sock_path)) == -1) {
		error("connect %s: %s", sock_path,
		    strerror(errno));
		buf_release(&in);
		return 2;
	}
	deadline = now_ms() + timeout_ms;
	while (!closed && now_ms() < deadline) {
		pfd.fd = fd;
		pfd.events = POLLIN | (off < in.len ? POLLOUT : 0);
		if (poll(&pfd, 1, left_ms(deadline)) <= 0)
			continue;
		if ((pfd.revents & POLLOUT) && off < in.len) {
			n = write(fd, in.data + off, in.len - off);
			if (n > 0)
				off += (size_t)n;
			else if (n == -1 && errno != EAGAIN && errno != EINTR)
				off = in.len;	/* the daemon hung up on us */
		}
		if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(fd, tmp, sizeof tmp);
			if (n > 0)
				buf_add(&got, tmp, (size_t)n);
			else if (n == 0 || (errno != EAGAIN && errno != EINTR))
				closed = 1;
		}
		while ((nl = memchr(got.data, '\n', got.len)) != NULL) {
			if (no_events && is_notification_line(got.data,
			    (size_t)(nl - got.data))) {
				buf_consume(&got, (size_t)(nl - got.data) + 1);
				continue;
			}
			fwrite(got.data, 1, (size_t)(nl - got.data) + 1,
			    stdout);
			fflush(stdout);
			buf_consume(&got, (size_t)(nl - got.data) + 1);
			if (max_lines > 0 && ++lines >= max_lines) {
				close(fd);
				buf_release(&in);
				buf_release(&got);
				return 0;
			}
		}
	}
	if (got.len > 0) {
		fwrite(got.data, 1, got.len, stdout);
		putchar('\n');
	}
	close(fd);
	buf_release(&in);
	buf_release(&got);
	if (closed) {
		error("closed by daemon");
		return 0;
	}
	error("timeout, connection open");
	return 3;
}

/* ---- script ---- */

static json_t	*vars;		/* captured values: name → string */
static json_t	*last;		/* the last printed JSON */

/* Replaces $NAME, ${NAME}, $$.  Returns 0, or -1 naming the unknown. */
static int
substitute(const char *line, struct buf *out)
{
	const char	*p = line, *s, *v;
	char		 name[128];
	size_t		 n;
	int		 brace;

	buf_reset(out);
	while (*p != '\0') {
		if (*p != '$') {
			buf_addch(out, *p++);
			continue;
		}
		if (p[1] == '$') {
			buf_addch(out, '$');
			p += 2;
			continue;
		}
		brace = p[1] == '{';
		s = p + 1 + brace;
		n = 0;
		while (isalnum((unsigned char)s[n]) || s[n] == '_')
			n++;
		if (n == 0 || n >= sizeof name || (brace && s[n] != '}')) {
			buf_addch(out, *p++);
			continue;
		}
		memcpy(name, s, n);
		name[n] = '\0';
		if ((v = json_string_value(json_object_get(vars, name))) ==
		    NULL && (v = getenv(name)) == NULL) {
			error("unknown name $%s", name);
			return -1;
		}
		buf_adds(out, v);
		p = s + n + brace;
	}
	return 0;
}

/* Follows a.b.0.c; NULL when absent. */
static json_t *
json_path(json_t *v, const char *path)
{
	char	*copy, *seg, *save = NULL, *end;
	long	 idx;

	copy = xstrdup(*path == '.' ? path + 1 : path);
	for (seg = strtok_r(copy, ".", &save); seg != NULL && v != NULL;
	    seg = strtok_r(NULL, ".", &save)) {
		if (json_is_array(v)) {
			idx = strtol(seg, &end, 10);
			if (*end != '\0')
				v = NULL;
			else if (idx < 0)
				v = json_array_get(v, json_array_size(v) +
				    (size_t)idx);
			else
				v = json_array_get(v, (size_t)idx);
		} else
			v = json_object_get(v, seg);
	}
	free(copy);
	return v;
}

static char *
json_text(const json_t *v)
{
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

static void
set_last(json_t *v)
{
	json_decref(last);
	last = v;
	print_json(v);
}

static int
first_line(const char *path, char **outp)
{
	FILE	*f;
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 n;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = getline(&line, &cap, f);
	fclose(f);
	if (n <= 0) {
		free(line);
		return -1;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	*outp = line;
	return 0;
}

static int
script_line(struct conn *cn, char *line, json_int_t *sentp)
{
	char		*cmd, *a1, *rest, *text;
	json_t		*params, *ans, *m;
	int		 r, ms;
	int64_t		 deadline;

	cmd = strtok_r(line, " \t", &rest);
	if (cmd == NULL || *cmd == '#')
		return 0;
	a1 = strtok_r(NULL, " \t", &rest);
	while (rest != NULL && (*rest == ' ' || *rest == '\t'))
		rest++;
	ms = timeout_ms;

	if (strcmp(cmd, "call") == 0 || strcmp(cmd, "call-env") == 0 ||
	    strcmp(cmd, "send") == 0) {
		if (a1 == NULL)
			goto bad;
		if ((params = parse_params(rest)) == NULL)
			return 1;
		if (*cmd == 's') {
			*sentp = conn_send(cn, a1, params);
			return 0;
		}
		r = conn_call(cn, a1, params, &ans);
		if (r == 2)
			return 2;
		set_last(ans);
		return 0;
	}
	if (strcmp(cmd, "answer") == 0) {
		if (a1 != NULL)
			ms = atoi(a1);
		if (*sentp == 0)
			goto bad;
		r = conn_wait(cn, *sentp, NULL, now_ms() + ms, &m);
		if (r != 1) {
			error("answer: %s", r == 0 ?
			    "connection closed by daemon" : "timeout");
			return 2;
		}
		ans = json_object_get(m, "result");
		if (ans == NULL)
			ans = json_object_get(m, "error");
		set_last(json_incref(ans != NULL ? ans : m));
		json_decref(m);
		return 0;
	}
	if (strcmp(cmd, "expect-event") == 0 || strcmp(cmd, "no-event") == 0) {
		if (a1 == NULL)
			goto bad;
		if (rest != NULL && *rest != '\0')
			ms = atoi(rest);
		r = conn_wait(cn, 0, a1, now_ms() + ms, &m);
		if (*cmd == 'n') {
			if (r == 1) {
				error("unexpected event %s", a1);
				print_json(m);
				json_decref(m);
				return 1;
			}
			return 0;
		}
		if (r != 1) {
			error("expect-event %s: %s", a1,
			    r == 0 ? "connection closed by daemon" :
			    "timeout");
			return r == 0 ? 2 : 1;
		}
		ans = json_object_get(m, "params");
		set_last(json_incref(ans != NULL ? ans : json_null()));
		json_decref(m);
		return 0;
	}
	if (strcmp(cmd, "capture") == 0 || strcmp(cmd, "expect") == 0) {
		if (a1 == NULL || rest == NULL || *rest == '\0')
			goto bad;
		m = last != NULL ? json_path(last, *cmd == 'c' ? rest : a1) :
		    NULL;
		if (m == NULL) {
			error("%s: no %s in the last "
			    "answer", cmd, *cmd == 'c' ? rest : a1);
			return 1;
		}
		text = json_text(m);
		if (*cmd == 'c') {
			json_object_set_new(vars, a1, json_string(text));
			free(text);
			return 0;
		}
		r = strcmp(text, rest) != 0;
		if (r)
			error("expect %s: got '%s', want '%s'", a1, text, rest);
		free(text);
		return r;
	}
	if (strcmp(cmd, "shell") == 0) {
		FILE	*p;
		char	 out[4096];
		size_t	 n;

		if (a1 == NULL || rest == NULL || *rest == '\0')
			goto bad;
		fflush(stdout);
		if ((p = popen(rest, "r")) == NULL)
			return 2;
		n = fread(out, 1, sizeof out - 1, p);
		out[n] = '\0';
		if (pclose(p) != 0) {
			error("shell: '%s' failed", rest);
			return 1;
		}
		out[strcspn(out, "\r\n")] = '\0';
		json_object_set_new(vars, a1, json_string(out));
		return 0;
	}
	if (strcmp(cmd, "wait-file") == 0) {
		char	*path, *val;

		path = strtok_r(NULL, " \t", &rest);
		if (a1 == NULL || path == NULL)
			goto bad;
		if (rest != NULL && *rest != '\0')
			ms = atoi(rest);
		deadline = now_ms() + ms;
		while (first_line(path, &val) == -1) {
			if (now_ms() >= deadline) {
				error("wait-file %s: timeout", path);
				return 1;
			}
			/* Keep reading so the daemon never blocks on us. */
			conn_pump(cn, 50);
		}
		json_object_set_new(vars, a1, json_string(val));
		free(val);
		return 0;
	}
	if (strcmp(cmd, "sleep") == 0) {
		if (a1 == NULL)
			goto bad;
		deadline = now_ms() + atoi(a1);
		while (now_ms() < deadline) {
			conn_pump(cn, left_ms(deadline));
			if (cn->eof)
				break;
		}
		return 0;
	}
	if (strcmp(cmd, "echo") == 0) {
		printf("%s%s%s\n", a1 != NULL ? a1 : "",
		    rest != NULL && *rest != '\0' ? " " : "",
		    rest != NULL ? rest : "");
		fflush(stdout);
		return 0;
	}
bad:
	error("bad script line: %s", cmd);
	return 1;
}

static int
mode_script(const char *file)
{
	struct conn	 cn;
	struct buf	 sub = BUF_INIT;
	FILE		*f;
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 n;
	json_int_t	 sent = 0;
	int		 r = 0, lineno = 0;

	f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	if (f == NULL) {
		error("%s: %s", file, strerror(errno));
		return 2;
	}
	if (conn_open(&cn) == -1) {
		if (f != stdin)
			fclose(f);
		return 2;
	}
	vars = json_object();
	if (!no_hello && (r = conn_hello(&cn, 0)) != 0)
		goto out;
	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (substitute(line, &sub) == -1) {
			r = 1;
			break;
		}
		if ((r = script_line(&cn, sub.data, &sent)) != 0) {
			error("script line %d failed: %s",
			    lineno, line);
			break;
		}
	}
out:
	free(line);
	buf_release(&sub);
	if (f != stdin)
		fclose(f);
	conn_close(&cn);
	json_decref(vars);
	json_decref(last);
	return r;
}

/* ---- many clients ---- */

static json_t	*json_path(json_t *, const char *);
static char	*json_text(const json_t *);

/* --where PATH=VALUE on an event's params. */
static int
where_ok(json_t *m)
{
	const char	*eq;
	char		*path, *text;
	json_t		*v;
	int		 ok;

	if (where == NULL)
		return 1;
	if ((eq = strchr(where, '=')) == NULL)
		return 0;
	path = xstrndup(where, (size_t)(eq - where));
	v = json_path(json_object_get(m, "params"), path);
	free(path);
	if (v == NULL)
		return 0;
	text = json_text(v);
	ok = strcmp(text, eq + 1) == 0;
	free(text);
	return ok;
}

static int
mode_clients(int nclients, const char *event, const char *ready_file)
{
	struct conn	*cns;
	struct pollfd	*pfds;
	json_t		*m;
	int64_t		 deadline;
	int		 i, answered = 0, got = 0, ready = 0, fd;
	int		 status_id = 2;

	cns = xcalloc((size_t)nclients, sizeof *cns);
	pfds = xcalloc((size_t)nclients, sizeof *pfds);
	for (i = 0; i < nclients; i++) {
		if (conn_open(&cns[i]) == -1) {
			cns[i].eof = 1;
			continue;
		}
		conn_send(&cns[i], M_HELLO, json_pack("{s:i,s:s}",
		    "protocol", KB_PROTOCOL_VERSION, "client",
		    "kbcall/" KB_VERSION));
		conn_send(&cns[i], M_SESSION_STATUS, NULL);
	}
	deadline = now_ms() + timeout_ms;
	for (;;) {
		if (!ready && answered == nclients) {
			ready = 1;
			/* The event may come after this: a fresh timeout. */
			deadline = now_ms() + timeout_ms;
			if (ready_file != NULL && (fd = open(ready_file,
			    O_WRONLY | O_CREAT | O_TRUNC, 0644)) != -1)
				close(fd);
		}
		if (got == nclients || now_ms() >= deadline)
			break;
		for (i = 0; i < nclients; i++) {
			pfds[i].fd = cns[i].eof ? -1 : cns[i].cc.fd;
			pfds[i].events = POLLIN |
			    (cns[i].cc.codec.out.len > 0 ? POLLOUT : 0);
			pfds[i].revents = 0;
		}
		if (poll(pfds, (nfds_t)nclients, left_ms(deadline)) <= 0)
			continue;
		for (i = 0; i < nclients; i++) {
			if (pfds[i].revents == 0)
				continue;
			if ((pfds[i].revents & POLLOUT) &&
			    client_conn_flush(&cns[i].cc) == -1)
				cns[i].eof = 1;
			if ((pfds[i].revents & (POLLIN | POLLHUP | POLLERR)) &&
			    client_conn_read(&cns[i].cc) == -1 &&
			    errno != EPROTO)
				cns[i].eof = 1;
			while (json_array_size(cns[i].inbox) > 0) {
				m = json_incref(json_array_get(cns[i].inbox,
				    0));
				json_array_remove(cns[i].inbox, 0);
				if (!cns[i].answered &&
				    is_answer_to(m, status_id) &&
				    json_object_get(m, "result") != NULL) {
					cns[i].answered = 1;
					answered++;
				}
				if (ready && !cns[i].got_event &&
				    is_event(m, event) && where_ok(m)) {
					cns[i].got_event = 1;
					got++;
				}
				json_decref(m);
			}
		}
	}
	printf("%d/%d answered, %d/%d got %s\n", answered, nclients, got,
	    nclients, event);
	for (i = 0; i < nclients; i++)
		if (cns[i].inbox != NULL)
			conn_close(&cns[i]);
	free(cns);
	free(pfds);
	return answered == nclients && got == nclients ? 0 : 1;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "no-hello",	no_argument,		NULL, 'H' },
		{ "raw",	no_argument,		NULL, 'r' },
		{ "lines",	required_argument,	NULL, 'n' },
		{ "no-events",	no_argument,		NULL, 'E' },
		{ "script",	required_argument,	NULL, 's' },
		{ "clients",	required_argument,	NULL, 'c' },
		{ "wait-event",	required_argument,	NULL, 'e' },
		{ "ready-file",	required_argument,	NULL, 'R' },
		{ "where",	required_argument,	NULL, 'W' },
		{ NULL,		0,			NULL, 0 }
	};
	static char	 defpath[4096];
	const char	*script = NULL, *event = NULL, *ready = NULL, *rt;
	int		 ch, raw = 0, nclients = 0;
	long		 lines = 0;

	log_init("kbcall", 1, 0);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((ch = getopt_long(argc, argv, "+S:t:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'S':
			sock_path = optarg;
			break;
		case 't':
			timeout_ms = atoi(optarg);
			break;
		case 'H':
			no_hello = 1;
			break;
		case 'r':
			raw = 1;
			break;
		case 'n':
			lines = atol(optarg);
			break;
		case 'E':
			no_events = 1;
			break;
		case 's':
			script = optarg;
			break;
		case 'c':
			nclients = atoi(optarg);
			break;
		case 'e':
			event = optarg;
			break;
		case 'R':
			ready = optarg;
			break;
		case 'W':
			where = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (sock_path == NULL)
		sock_path = getenv("KABINET_SOCKET");
	if (sock_path == NULL || *sock_path == '\0') {
		if ((rt = getenv("XDG_RUNTIME_DIR")) == NULL) {
			error("no -S, KABINET_SOCKET or XDG_RUNTIME_DIR");
			return 2;
		}
		snprintf(defpath, sizeof defpath, "%s/kabinet/kabinetd.sock",
		    rt);
		sock_path = defpath;
	}
	if (raw)
		return argc == 0 ? mode_raw(lines) : (usage(), 2);
	if (script != NULL)
		return argc == 0 ? mode_script(script) : (usage(), 2);
	if (nclients > 0) {
		if (event == NULL || argc != 0)
			usage();
		return mode_clients(nclients, event, ready);
	}
	if (argc < 1 || argc > 2)
		usage();
	return mode_call(argv[0], argc == 2 ? argv[1] : NULL);
}
