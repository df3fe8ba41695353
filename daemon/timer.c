/*
 * timer.c — time on the daemon's clock (clock.h): timers for things due
 * at a time (a challenge's expiry, an idle operator, a retry), and the
 * ISO 8601 times of the wire and the lender's API.  Timers are normally
 * g_timeout_add_seconds(); under the test clock a timer is due when
 * clock_now() reaches its time, however the clock got there, so a test
 * moves time forward instead of sleeping.
 */
#include <stdlib.h>

#include "kabinet/clock.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"

#define TIMER_POLL_MS	100

struct timer {
	time_t		 due;
	guint		 seconds;
	GSourceFunc	 fn;
	gpointer	 arg;
};

static gboolean
timer_poll(gpointer p)
{
	struct timer	*t = p;

	if (clock_now() < t->due)
		return G_SOURCE_CONTINUE;
	if (t->fn(t->arg) == G_SOURCE_REMOVE)
		return G_SOURCE_REMOVE;
	t->due = clock_now() + (time_t)t->seconds;
	return G_SOURCE_CONTINUE;
}

guint
timer_add_seconds(guint seconds, GSourceFunc fn, gpointer arg)
{
	struct timer	*t;

	if (!clock_is_test())
		return g_timeout_add_seconds(seconds, fn, arg);
	t = xcalloc(1, sizeof *t);
	t->due = clock_now() + (time_t)seconds;
	t->seconds = seconds;
	t->fn = fn;
	t->arg = arg;
	return g_timeout_add_full(G_PRIORITY_DEFAULT, TIMER_POLL_MS,
	    timer_poll, t, free);
}

char *
timer_iso(time_t t)
{
	GDateTime	*dt;
	char		*s, *r;

	dt = g_date_time_new_from_unix_local((gint64)t);
	s = g_date_time_format_iso8601(dt);
	r = xstrdup(s);
	g_free(s);
	g_date_time_unref(dt);
	return r;
}

char *
timer_iso_in(long seconds)
{
	return timer_iso(clock_now() + (time_t)seconds);
}

time_t
timer_parse_iso(const char *s)
{
	GDateTime	*dt;
	time_t		 t;

	if (s == NULL || (dt = g_date_time_new_from_iso8601(s, NULL)) == NULL)
		return 0;
	t = (time_t)g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t;
}
