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

#include "kabinet/client.h"
#include "kabinet/codec.h"
#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tools.h"

struct bench_call {
	struct client_pending	 p;	/* first: done() casts back */
	int			 ok;
};

static void
call_done(struct client_pending *p, json_t *result, json_t *err)
{
	char	*s;

	((struct bench_call *)p)->ok = result != NULL;
	if (err != NULL) {
		s = json_dumps(err, JSON_COMPACT);
		error("%s", s);
		free(s);
	}
}

/* One call on libkabinet's client connection; 0 on a result, -1
 * otherwise. */
static int
call(struct client_conn *cc, const char *method, const json_t *params)
{
	struct bench_call	bc;

	memset(&bc, 0, sizeof bc);
	bc.p.done = call_done;
	if (client_conn_request(cc, &bc.p, method, json_deep_copy(params)) ==
	    -1)
		return -1;
	if (client_conn_wait(cc, &bc.p, 10000) == -1) {
		if (errno == ETIMEDOUT)
			error("no answer in 10 s");
		return -1;
	}
	return bc.ok ? 0 : -1;
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
	struct client_conn cc;
	uint64_t	*lat, t0, t1, start, total = 0;
	long		 calls = 20000, warmup = 1000, i;
	char		*s;
	int		 ch, fd;

	method = M_SESSION_STATUS;
	log_init("rpcbench", 1, 0);
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
				error("-p: %s", jerr.text);
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
		error("need -S (or KABINET_SOCKET) and -n >= 1");
		return 2;
	}
	if (params == NULL)
		params = json_object();
	if ((fd = client_connect(sock)) == -1) {
		error("connect %s: %s", sock, strerror(errno));
		return 1;
	}
	client_conn_init(&cc, fd, NULL, NULL);
	hello = json_pack("{s:i,s:s}", "protocol", KB_PROTOCOL_VERSION,
	    "client", "rpcbench/" KB_VERSION);
	if (call(&cc, M_HELLO, hello) == -1) {
		error("hello failed");
		return 1;
	}
	json_decref(hello);
	for (i = 0; i < warmup; i++)
		if (call(&cc, method, params) == -1)
			return 1;
	lat = xcalloc((size_t)calls, sizeof *lat);
	start = now_ns();
	for (i = 0; i < calls; i++) {
		t0 = now_ns();
		if (call(&cc, method, params) == -1)
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
	client_conn_close(&cc);
	return 0;
}
