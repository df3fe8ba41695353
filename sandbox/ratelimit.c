/*
 * ratelimit.c — fixed-window counters kept in memory and timed by the
 * sandbox clock (so /sandbox/clock can run a window out).  Keys are like
 * "login:ADDR" or "sms:PHONE".  Callers hold sb_lock().
 */
#include <stdlib.h>
#include <string.h>

#include "kabinet/xmalloc.h"
#include "sandbox.h"

struct window {
	char		*key;
	time_t		 start;
	long		 length;
	int		 count;
	struct window	*next;
};

static struct window	*windows;

/* Drops windows that have run out, so the list stays short. */
static void
ratelimit_expire(time_t now)
{
	struct window	**wp = &windows, *w;

	while ((w = *wp) != NULL) {
		if (now >= w->start + w->length) {
			*wp = w->next;
			free(w->key);
			free(w);
		} else
			wp = &w->next;
	}
}

long
ratelimit_hit(const char *key, int limit, long window)
{
	struct window	*w;
	time_t		 now = sbclock_now();

	ratelimit_expire(now);
	for (w = windows; w != NULL; w = w->next)
		if (strcmp(w->key, key) == 0)
			break;
	if (w == NULL) {
		w = xcalloc(1, sizeof *w);
		w->key = xstrdup(key);
		w->start = now;
		w->length = window;
		w->next = windows;
		windows = w;
	}
	if (w->count >= limit)
		return (long)(w->start + w->length - now);
	w->count++;
	return 0;
}

void
ratelimit_reset(void)
{
	struct window	*w;

	while ((w = windows) != NULL) {
		windows = w->next;
		free(w->key);
		free(w);
	}
}
