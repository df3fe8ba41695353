/*
 * hostile.c — hostile clients on kabinetd's socket, while a well-behaved
 * one keeps asking daemon.ping.
 *
 *   hostile -S SOCKET [-n LINES]
 *
 * In turn: LINES adversarial lines on one connection (invalid UTF-8,
 * nesting 10 000 deep, huge numbers, every method named in hello's
 * capabilities with params of the wrong type, batches, requests without
 * an id), reconnecting whenever the daemon drops the connection; a 2 MiB
 * line; 500 connections opened, left idle, then abandoned; half-closed
 * sockets (a request then shutdown(SHUT_WR)); and throughout, a client
 * sending one byte a second.  A child pings every 100 ms the whole time.
 * Prints one JSON object of figures; exits 1 if a ping went unanswered
 * for 10 s or the daemon's socket went away.
 */
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "tools.h"

static const char	*sock_path;

static int
dial(void)
{
	struct sockaddr_un	sun;
	int			fd;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", sock_path);
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t	w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads one line into buf within ms; its length, or -1. */
static ssize_t
read_line(int fd, char *buf, size_t cap, int ms)
{
	size_t	n = 0;
	int64_t	until = now_ms() + ms;
	struct pollfd pfd = { fd, POLLIN, 0 };
	ssize_t	r;

	while (n + 1 < cap) {
		int left = (int)(until - now_ms());

		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			return -1;
		if ((r = read(fd, buf + n, 1)) <= 0)
			return -1;
		if (buf[n] == '\n') {
			buf[n] = '\0';
			return (ssize_t)n;
		}
		n++;
	}
	return -1;
}

#define HELLO "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"hello\"," \
	"\"params\":{\"protocol\":1,\"client\":\"hostile\"}}\n"

#define PING "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"daemon.ping\"," \
	"\"params\":{}}\n"

/* The well-behaved client: a ping every 100 ms until stop; writes its
 * figures (pings, worst ms, failures) to out.  A read or write cut by the
 * SIGTERM that stops it is not a failure (a suite run once counted one). */
static void
pinger(int out, volatile sig_atomic_t *stop)
{
	char		 line[65536];
	long		 pings = 0, fails = 0, worst = 0, t;
	int		 fd = -1;
	int64_t		 t0;

	while (!*stop) {
		if (fd == -1 && ((fd = dial()) == -1 ||
		    write_all(fd, HELLO, strlen(HELLO)) == -1 ||
		    read_line(fd, line, sizeof line, 10000) < 0)) {
			fails += !*stop;
			if (fd != -1)
				close(fd);
			fd = -1;
			usleep(100000);
			continue;
		}
		t0 = now_ms();
		if (write_all(fd, PING, strlen(PING)) == -1) {
			fails += !*stop;
			close(fd);
			fd = -1;
			continue;
		}
		/* Events may come first: skip to the answer. */
		for (;;) {
			if (read_line(fd, line, sizeof line, 10000) < 0) {
				fails += !*stop;
				close(fd);
				fd = -1;
				break;
			}
			if (strstr(line, "\"pong\"") != NULL) {
				pings++;
				t = (long)(now_ms() - t0);
				if (t > worst)
					worst = t;
				break;
			}
		}
		usleep(100000);
	}
	dprintf(out, "%ld %ld %ld\n", pings, worst, fails);
	_exit(0);
}

static volatile sig_atomic_t stop_flag;

static void
on_term(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/* The slow client: one byte a second of a valid request, until killed. */
static void
slow_client(void)
{
	static const char req[] = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":"
	    "\"daemon.ping\",\"params\":{}}\n";
	size_t	i = 0;
	int	fd = dial();

	while (fd != -1 && !stop_flag) {
		if (write(fd, req + i, 1) != 1) {
			close(fd);
			fd = dial();
			i = 0;
			continue;
		}
		i = (i + 1) % (sizeof req - 1);
		sleep(1);
	}
	_exit(0);
}

static const char *const soups[] = {
	"[]", "[1,\"a\",null]", "{\"x\":-1e308}", "\"s\"", "1e999",
	"{\"phone\":[],\"password\":{},\"code\":1.5,\"limit\":1e308,"
	"\"amount\":-9223372036854775809,\"id\":[],\"card_id\":{}}",
};

/* The LINES adversarial lines; counts answers and reconnects. */
static void
flood(long lines, json_t *methods, long *answers, long *drops)
{
	char	 line[1 << 16], *deep;
	int	 fd = -1, depth = 10000;
	long	 i;
	size_t	 nm = json_array_size(methods), k;
	struct pollfd pfd;
	ssize_t	 r;
	char	 rbuf[1 << 16];

	deep = malloc((size_t)depth * 2 + 2);
	memset(deep, '[', (size_t)depth);
	memset(deep + depth, ']', (size_t)depth);
	deep[depth * 2] = '\n';
	deep[depth * 2 + 1] = '\0';
	for (i = 0; i < lines; i++) {
		if (fd == -1) {
			if ((fd = dial()) == -1) {
				usleep(10000);
				(*drops)++;
				continue;
			}
			fcntl(fd, F_SETFL, O_NONBLOCK);
		}
		k = (size_t)i % 8;
		switch (k) {
		case 0:		/* invalid UTF-8 in a string */
			snprintf(line, sizeof line, "{\"jsonrpc\":\"2.0\",\"id\":"
			    "%ld,\"method\":\"daemon.ping\",\"params\":{\"x\":"
			    "\"\xff\xfe\xc0\xaf\"}}\n", i);
			break;
		case 1:		/* a huge number as the id */
			snprintf(line, sizeof line, "{\"jsonrpc\":\"2.0\",\"id\":"
			    "1%0200d,\"method\":\"daemon.ping\"}\n", 0);
			break;
		case 2:		/* a batch */
			snprintf(line, sizeof line, "[{\"jsonrpc\":\"2.0\",\"id\":"
			    "%ld,\"method\":\"daemon.ping\"},{\"jsonrpc\":\"2.0\","
			    "\"id\":%ld,\"method\":\"hello\"}]\n", i, i + 1);
			break;
		case 3:		/* no id: a notification of a method */
		case 4:
		case 5:		/* a method with params of the wrong type */
			snprintf(line, sizeof line, "{\"jsonrpc\":\"2.0\",%s"
			    "\"method\":\"%s\",\"params\":%s}\n", k == 3 ? "" :
			    "\"id\":7,", nm > 0 ? json_string_value(
			    json_array_get(methods, (size_t)i % nm)) : "x",
			    soups[(size_t)(i / 8) % (sizeof soups /
			    sizeof soups[0])]);
			break;
		case 6:		/* not JSON at all, with a NUL */
			memcpy(line, "\x01\x00garbage}{\n", 12);
			line[12] = '\0';
			break;
		default:	/* nested 10 000 deep, every 800th line */
			if (i % 800 == 7) {
				if (write_all(fd, deep, strlen(deep)) == -1)
					goto dropped;
				continue;
			}
			snprintf(line, sizeof line, "{\"id\":%ld}\n", i);
			break;
		}
		k = k == 6 ? 12 : strlen(line);
		pfd.fd = fd;
		pfd.events = POLLOUT;
		for (;;) {
			/* Read what has come, so neither side blocks. */
			while ((r = read(fd, rbuf, sizeof rbuf)) > 0)
				for (ssize_t j = 0; j < r; j++)
					*answers += rbuf[j] == '\n';
			if (r == 0)
				goto dropped;
			r = write(fd, line, k);
			if (r == (ssize_t)k)
				break;
			if (r >= 0) {
				memmove(line, line + r, k - (size_t)r);
				k -= (size_t)r;
				continue;
			}
			if (errno != EAGAIN)
				goto dropped;
			pfd.events = POLLOUT | POLLIN;
			poll(&pfd, 1, 1000);
		}
		continue;
dropped:
		(*drops)++;
		close(fd);
		fd = -1;
	}
	if (fd != -1) {
		/* Drain the last answers for up to a second. */
		pfd.fd = fd;
		pfd.events = POLLIN;
		while (poll(&pfd, 1, 1000) > 0 &&
		    (r = read(fd, rbuf, sizeof rbuf)) > 0)
			for (ssize_t j = 0; j < r; j++)
				*answers += rbuf[j] == '\n';
		close(fd);
	}
	free(deep);
}

int
main(int argc, char **argv)
{
	long		 lines = 100000, answers = 0, drops = 0, pings = 0,
			 worst = 0, fails = 0, big_dropped = 0, half_ok = 0,
			 opened = 0;
	int		 c, fd, p[2], i, conns[500];
	pid_t		 pinger_pid, slow_pid;
	char		 line[1 << 16], *big;
	json_t		*hello, *methods;
	FILE		*f;
	size_t		 n;
	struct sigaction sa;

	while ((c = getopt(argc, argv, "S:n:")) != -1) {
		switch (c) {
		case 'S':
			sock_path = optarg;
			break;
		case 'n':
			lines = atol(optarg);
			break;
		default:
			fprintf(stderr, "usage: hostile -S SOCKET [-n LINES]\n");
			return 2;
		}
	}
	if (sock_path == NULL)
		return 2;
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);

	/* The methods the daemon offers, from hello. */
	if ((fd = dial()) == -1 || write_all(fd, HELLO, strlen(HELLO)) == -1 ||
	    read_line(fd, line, sizeof line, 10000) < 0 ||
	    (hello = json_loads(line, 0, NULL)) == NULL) {
		fprintf(stderr, "hostile: no hello from %s\n", sock_path);
		return 1;
	}
	close(fd);
	methods = json_object_get(json_object_get(hello, "result"),
	    "capabilities");

	if (pipe(p) == -1)
		return 1;
	if ((pinger_pid = fork()) == 0) {
		close(p[0]);
		pinger(p[1], &stop_flag);
	}
	close(p[1]);
	if ((slow_pid = fork()) == 0)
		slow_client();

	flood(lines, methods, &answers, &drops);

	/* A 2 MiB line: the daemon drops that client, nothing else. */
	n = 2 << 20;
	big = malloc(n + 1);
	memset(big, 'a', n);
	big[n] = '\n';
	if ((fd = dial()) != -1) {
		fcntl(fd, F_SETFL, O_NONBLOCK);
		size_t off = 0;
		struct pollfd pfd = { fd, POLLOUT, 0 };
		while (off <= n && poll(&pfd, 1, 5000) > 0) {
			ssize_t w = write(fd, big + off, n + 1 - off);
			if (w <= 0) {
				big_dropped = 1;
				break;
			}
			off += (size_t)w;
		}
		pfd.events = POLLIN;
		if (!big_dropped && poll(&pfd, 1, 5000) > 0 &&
		    read(fd, line, sizeof line) <= 0)
			big_dropped = 1;
		close(fd);
	}
	free(big);

	/* 500 connections opened, left idle (some with half a line). */
	for (i = 0; i < 500; i++) {
		conns[i] = dial();
		if (conns[i] != -1) {
			opened++;
			if (i % 2 == 0)
				write_all(conns[i], "{\"jsonrpc\":\"2.", 14);
		}
	}
	sleep(2);
	for (i = 0; i < 500; i++)
		if (conns[i] != -1)
			close(conns[i]);

	/* Half-closed: a request, then no more writing; the answer comes. */
	for (i = 0; i < 50; i++) {
		if ((fd = dial()) == -1)
			continue;
		write_all(fd, HELLO, strlen(HELLO));
		shutdown(fd, SHUT_WR);
		if (read_line(fd, line, sizeof line, 5000) >= 0 &&
		    strstr(line, "\"result\"") != NULL)
			half_ok++;
		close(fd);
	}
	/* And the other half: the daemon's answers go nowhere. */
	for (i = 0; i < 50; i++) {
		if ((fd = dial()) == -1)
			continue;
		shutdown(fd, SHUT_RD);
		write_all(fd, HELLO, strlen(HELLO));
		close(fd);
	}

	kill(slow_pid, SIGTERM);
	waitpid(slow_pid, NULL, 0);
	kill(pinger_pid, SIGTERM);
	f = fdopen(p[0], "r");
	if (f == NULL || fscanf(f, "%ld %ld %ld", &pings, &worst, &fails) != 3)
		fails = -1;
	waitpid(pinger_pid, NULL, 0);
	printf("{\"lines\":%ld,\"answers\":%ld,\"dropped_connections\":%ld,"
	    "\"big_line_dropped\":%ld,\"abandoned_opened\":%ld,"
	    "\"half_closed_answered\":%ld,\"pings\":%ld,\"ping_worst_ms\":%ld,"
	    "\"ping_failures\":%ld}\n", lines, answers, drops, big_dropped,
	    opened, half_ok, pings, worst, fails);
	json_decref(hello);
	return fails == 0 && pings > 0 ? 0 : 1;
}
