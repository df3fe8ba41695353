/*
 * rpcload — a lean JSON-RPC load for `make bench` (tests/bench/run.sh):
 * C connections to kabinetd, each sending one request and waiting for
 * its answer before the next (unpipelined, as redis-benchmark -P 1 does),
 * all driven by one poll loop.  The client does no JSON work per call: the
 * request line is built once (only the id's digits change) and an answer
 * is a newline; it counts as an error if it is not a result.  No
 * assertions: it measures.
 *
 *   rpcload [-S SOCK] [-c CONNS] [-n CALLS] [-w WARMUP] [-m METHOD]
 *           [-P DAEMON_PID]
 *
 * Prints one JSON object: {method, conns, calls, rps, p50_us, p99_us,
 * daemon_cpu_us_per_call|null} (the daemon's user+system CPU from
 * /proc/PID/stat over the measured calls).  Exit 1 on an error answer,
 * an I/O failure or a 10 s stall.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/client.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tools.h"

struct lconn {
	int		 fd;
	uint64_t	 sent_at;
	size_t		 have;		/* bytes of the answer so far */
	char		 in[65536];
};

/* The daemon's CPU time so far, in clock ticks; -1 if unknown. */
static long long
cpu_ticks(long pid)
{
	char		 path[64], buf[1024], *p;
	unsigned long	 ut, st;
	FILE		*f;
	int		 ok;

	if (pid <= 0)
		return -1;
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	p = fgets(buf, sizeof buf, f);
	fclose(f);
	if (p == NULL || (p = strrchr(buf, ')')) == NULL)
		return -1;
	ok = sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
	    "%lu %lu", &ut, &st);
	return ok == 2 ? (long long)(ut + st) : -1;
}

static int
send_call(struct lconn *c, long id, const char *method)
{
	char	line[256];
	int	n;

	n = snprintf(line, sizeof line,
	    "{\"jsonrpc\":\"2.0\",\"id\":%ld,\"method\":\"%s\"}\n", id,
	    method);
	c->sent_at = now_ns();
	return write(c->fd, line, (size_t)n) == n ? 0 : -1;
}

/* 1: a whole answer (a result); 0: not yet; -1: an error or EOF.  A
 * notification (a line with a method) is dropped. */
static int
read_answer(struct lconn *c)
{
	ssize_t	n;
	char	*nl;
	size_t	 len;

	if (memchr(c->in, '\n', c->have) == NULL) {
		n = read(c->fd, c->in + c->have, sizeof c->in - 1 - c->have);
		if (n <= 0)
			return n == -1 && errno == EAGAIN ? 0 : -1;
		c->have += (size_t)n;
		c->in[c->have] = '\0';
	}
	while ((nl = memchr(c->in, '\n', c->have)) != NULL) {
		*nl = '\0';
		len = (size_t)(nl + 1 - c->in);
		if (strstr(c->in, "\"method\"") != NULL) {
			memmove(c->in, nl + 1, c->have - len + 1);
			c->have -= len;
			continue;
		}
		if (strstr(c->in, "\"result\"") == NULL) {
			fprintf(stderr, "rpcload: %s\n", c->in);
			return -1;
		}
		memmove(c->in, nl + 1, c->have - len + 1);
		c->have -= len;
		return 1;
	}
	return c->have < sizeof c->in - 1 ? 0 : -1;
}

/* Runs total calls over conns; latencies into lat (may be NULL). */
static int
run(struct lconn *cs, int conns, long total, const char *method,
    uint64_t *lat)
{
	struct pollfd	*pfd = xcalloc((size_t)conns, sizeof *pfd);
	long		 sent = 0, done = 0, id = 1000;
	int		 i, r;

	for (i = 0; i < conns && sent < total; i++, sent++)
		if (send_call(&cs[i], id++, method) == -1)
			return -1;
	while (done < total) {
		for (i = 0; i < conns; i++) {
			pfd[i].fd = cs[i].fd;
			pfd[i].events = POLLIN;
		}
		if (poll(pfd, (nfds_t)conns, 10000) <= 0) {
			fprintf(stderr, "rpcload: no answer in 10 s\n");
			return -1;
		}
		for (i = 0; i < conns; i++) {
			if (pfd[i].revents == 0)
				continue;
			if ((r = read_answer(&cs[i])) == -1)
				return -1;
			if (r == 0)
				continue;
			if (lat != NULL)
				lat[done] = now_ns() - cs[i].sent_at;
			done++;
			if (sent < total) {
				if (send_call(&cs[i], id++, method) == -1)
					return -1;
				sent++;
			}
		}
	}
	free(pfd);
	return 0;
}

int
main(int argc, char **argv)
{
	const char	*sock = getenv("KABINET_SOCKET"), *method;
	struct lconn	*cs;
	uint64_t	*lat, t0, t1;
	long		 calls = 100000, warmup = 2000, pid = 0;
	long long	 c0, c1;
	char		 hello[160];
	struct pollfd	 pfd;
	int		 conns = 1, ch, i, n;

	method = M_SESSION_STATUS;
	signal(SIGPIPE, SIG_IGN);
	while ((ch = getopt(argc, argv, "S:c:n:w:m:P:")) != -1) {
		switch (ch) {
		case 'S':
			sock = optarg;
			break;
		case 'c':
			conns = atoi(optarg);
			break;
		case 'n':
			calls = atol(optarg);
			break;
		case 'w':
			warmup = atol(optarg);
			break;
		case 'm':
			method = optarg;
			break;
		case 'P':
			pid = atol(optarg);
			break;
		default:
			fprintf(stderr, "usage: rpcload [-S sock] [-c conns] "
			    "[-n calls] [-w warmup] [-m method] [-P pid]\n");
			return 2;
		}
	}
	if (sock == NULL || conns < 1 || calls < 1 || warmup < 0) {
		fprintf(stderr, "rpcload: need -S (or KABINET_SOCKET), "
		    "-c >= 1, -n >= 1\n");
		return 2;
	}
	cs = xcalloc((size_t)conns, sizeof *cs);
	n = snprintf(hello, sizeof hello, "{\"jsonrpc\":\"2.0\",\"id\":1,"
	    "\"method\":\"%s\",\"params\":{\"protocol\":%d,\"client\":"
	    "\"rpcload\"}}\n", M_HELLO, KB_PROTOCOL_VERSION);
	for (i = 0; i < conns; i++) {
		if ((cs[i].fd = client_connect(sock)) == -1) {
			fprintf(stderr, "rpcload: connect %s: %s\n", sock,
			    strerror(errno));
			return 1;
		}
		if (write(cs[i].fd, hello, (size_t)n) != n)
			return 1;
		do {
			pfd.fd = cs[i].fd;
			pfd.events = POLLIN;
			ch = poll(&pfd, 1, 10000) == 1 ?
			    read_answer(&cs[i]) : -1;
		} while (ch == 0);
		if (ch == -1) {
			fprintf(stderr, "rpcload: hello failed\n");
			return 1;
		}
	}
	if (warmup > 0 && run(cs, conns, warmup, method, NULL) == -1)
		return 1;
	lat = xcalloc((size_t)calls, sizeof *lat);
	c0 = cpu_ticks(pid);
	t0 = now_ns();
	if (run(cs, conns, calls, method, lat) == -1)
		return 1;
	t1 = now_ns();
	c1 = cpu_ticks(pid);
	qsort(lat, (size_t)calls, sizeof *lat, cmp_u64);
	printf("{\"method\":\"%s\",\"conns\":%d,\"calls\":%ld,"
	    "\"rps\":%.0f,\"p50_us\":%.1f,\"p99_us\":%.1f,"
	    "\"daemon_cpu_us_per_call\":", method, conns, calls,
	    (double)calls * 1e9 / (double)(t1 - t0),
	    (double)lat[(size_t)(0.50 * (double)(calls - 1))] / 1000.0,
	    (double)lat[(size_t)(0.99 * (double)(calls - 1))] / 1000.0);
	if (c0 >= 0 && c1 >= 0)
		printf("%.2f}\n", (double)(c1 - c0) * 1e6 /
		    (double)sysconf(_SC_CLK_TCK) / (double)calls);
	else
		printf("null}\n");
	for (i = 0; i < conns; i++)
		close(cs[i].fd);
	free(cs);
	free(lat);
	return 0;
}
