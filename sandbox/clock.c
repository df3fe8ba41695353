/*
 * clock.c — the sandbox's clock: real time plus an offset that
 * POST /sandbox/clock moves forward, so tests can expire tokens, codes and
 * locks without waiting.  Every expiry decision uses sbclock_now().
 */
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "sandbox.h"

#define MSK_OFFSET	(3 * 3600)	/* Europe/Moscow has no DST */

static _Atomic long clock_offset;

time_t
sbclock_now(void)
{
	return time(NULL) + atomic_load(&clock_offset);
}

void
sbclock_advance(long seconds)
{
	atomic_fetch_add(&clock_offset, seconds);
}

long
sbclock_offset(void)
{
	return atomic_load(&clock_offset);
}

char *
sbclock_format(time_t t, char *out, size_t len)
{
	struct tm	tm;
	time_t		msk = t + MSK_OFFSET;

	gmtime_r(&msk, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%S+03:00", &tm);
	return out;
}

json_t *
sbclock_json(time_t t)
{
	char	s[32];

	return json_string(sbclock_format(t, s, sizeof s));
}
