/*
 * bench.h — what the bench drivers (rpcbench.c, rpcload.c) share: the
 * monotonic clock they time calls by and the order they sort latencies
 * in.
 */
#ifndef KABINET_TESTS_BENCH_H
#define KABINET_TESTS_BENCH_H

#include <stdint.h>
#include <time.h>

static inline uint64_t
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* qsort() order of uint64_t latencies, smallest first. */
static inline int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

#endif
