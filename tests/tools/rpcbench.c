/*
 * rpcbench — JSON-RPC round-trip latency and rate against kabinetd, for
 * `make bench` (tests/bench/run.sh).  No assertions: it measures.
 *
 *   rpcbench [-S SOCK] [-n CALLS] [-w WARMUP] [-m METHOD] [-p JSON]
 *
 * One connection: hello, WARMUP calls (default 1000), then CALLS
 * (default 20000) sequential calls, each sent only after the previous
 * answer arrived.  Prints one JSON object: {method, calls, p50_us,
 * p90_us, p99_us, max_us, mean_us, rps}.  Exit 1 on any error answer,
 * I/O failure or a 10 s stall.
 */
#include <sys/socket.h>
#include <sys/un.h>

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

#include <jansson.h>

#include "kabinet/codec.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"

static int
sock_open(const char *path)
{
	struct sockaddr_un	sun;
	int			fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path)
		return -1;
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static uint64_t
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One call on a blocking fd; 0 on a result, -1 otherwise. */
static int
call(int fd, struct codec *c, json_int_t id, const char *method,
    const json_t *params)
{
	json_t		*req, *m, *jid;
	struct pollfd	 pfd;
	ssize_t		 n;

	req = rpc_request(id, method, json_deep_copy(params));
	codec_put(c, req);
	json_decref(req);
	if (codec_flush(c, fd) != 0)
		return -1;
	for (;;) {
		switch (codec_next(c, &m)) {
		case CODEC_MSG:
			jid = json_object_get(m, "id");
			if (json_object_get(m, "method") == NULL &&
			    json_is_integer(jid) &&
			    json_integer_value(jid) == id) {
				n = json_object_get(m, "result") != NULL ? 0 : -1;
				if (n == -1) {
					char *s = json_dumps(m, JSON_COMPACT);
					fprintf(stderr, "rpcbench: %s\n", s);
					free(s);
				}
				json_decref(m);
				return (int)n;
			}
			json_decref(m);	/* a notification */
			continue;
		case CODEC_AGAIN:
			break;
		default:
			return -1;
		}
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 10000) <= 0) {
			fprintf(stderr, "rpcbench: no answer in 10 s\n");
			return -1;
		}
		n = codec_read(c, fd);
		if (n == 0 || (n == -1 && errno != EAGAIN))
			return -1;
	}
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double
pct_us(const uint64_t *v, size_t n, double p)
{
	size_t	i = (size_t)(p * (double)(n - 1) + 0.5);

	return (double)v[i] / 1000.0;
}

int
main(int argc, char **argv)
{
	const char	*sock = getenv("KABINET_SOCKET"), *method;
	json_t		*params = NULL, *hello, *out;
	json_error_t	 jerr;
	struct codec	 c;
	uint64_t	*lat, t0, t1, start, total = 0;
	long		 calls = 20000, warmup = 1000, i;
	json_int_t	 id = 1;
	char		*s;
	int		 ch, fd;

	method = M_SESSION_STATUS;
	signal(SIGPIPE, SIG_IGN);
	while ((ch = getopt(argc, argv, "S:n:w:m:p:")) != -1) {
		switch (ch) {
		case 'S':
			sock = optarg;
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
		case 'p':
			if ((params = json_loads(optarg, 0, &jerr)) == NULL) {
				fprintf(stderr, "rpcbench: -p: %s\n",
				    jerr.text);
				return 2;
			}
			break;
		default:
			fprintf(stderr, "usage: rpcbench [-S sock] [-n calls] "
			    "[-w warmup] [-m method] [-p json]\n");
			return 2;
		}
	}
	if (sock == NULL || calls < 1 || warmup < 0) {
		fprintf(stderr, "rpcbench: need -S (or KABINET_SOCKET) and "
		    "-n >= 1\n");
		return 2;
	}
	if (params == NULL)
		params = json_object();
	if ((fd = sock_open(sock)) == -1) {
		fprintf(stderr, "rpcbench: connect %s: %s\n", sock,
		    strerror(errno));
		return 1;
	}
	codec_init(&c);
	hello = json_pack("{s:i,s:s}", "protocol", KB_PROTOCOL_VERSION,
	    "client", "rpcbench/" KB_VERSION);
	if (call(fd, &c, id++, M_HELLO, hello) == -1) {
		fprintf(stderr, "rpcbench: hello failed\n");
		return 1;
	}
	json_decref(hello);
	for (i = 0; i < warmup; i++)
		if (call(fd, &c, id++, method, params) == -1)
			return 1;
	lat = xcalloc((size_t)calls, sizeof *lat);
	start = now_ns();
	for (i = 0; i < calls; i++) {
		t0 = now_ns();
		if (call(fd, &c, id++, method, params) == -1)
			return 1;
		t1 = now_ns();
		lat[i] = t1 - t0;
		total += lat[i];
	}
	t1 = now_ns();
	qsort(lat, (size_t)calls, sizeof *lat, cmp_u64);
	out = json_pack("{s:s,s:I,s:f,s:f,s:f,s:f,s:f,s:f}",
	    "method", method, "calls", (json_int_t)calls,
	    "p50_us", pct_us(lat, (size_t)calls, 0.50),
	    "p90_us", pct_us(lat, (size_t)calls, 0.90),
	    "p99_us", pct_us(lat, (size_t)calls, 0.99),
	    "max_us", (double)lat[calls - 1] / 1000.0,
	    "mean_us", (double)total / (double)calls / 1000.0,
	    "rps", (double)calls * 1e9 / (double)(t1 - start));
	s = json_dumps(out, JSON_COMPACT | JSON_REAL_PRECISION(6));
	puts(s);
	free(s);
	json_decref(out);
	json_decref(params);
	free(lat);
	codec_free(&c);
	close(fd);
	return 0;
}
