/*
 * tools.h — what the test tools share: the monotonic clock they time
 * and wait by (kbcall, hostile, rpcbench, rpcload) and the order the
 * bench drivers sort latencies in.
 */
#ifndef KABINET_TESTS_TOOLS_H
#define KABINET_TESTS_TOOLS_H

#include <stdint.h>
#include <time.h>

static inline uint64_t
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline int64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* qsort() order of uint64_t latencies, smallest first. */
static inline int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

#endif
