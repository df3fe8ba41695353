/* test_daemon_secret.c — secret.c: the memory-only store (no Secret
 * Service, or --no-keyring) and, when a Secret Service answers on the
 * session bus, the same round trip through it.  Operations run in the
 * order asked, so a clear asked right after a store wins. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "kabinet/xmalloc.h"
#include "kabinetd.h"
#include "secret.h"

static int	 ready, available, done, oks;
static char	*found;
static int	 looked;

static void
on_ready(int avail, void *arg)
{
	(void)arg;
	ready = 1;
	available = avail;
}

static void
on_done(int ok, void *arg)
{
	(void)arg;
	done++;
	oks += ok;
}

static void
on_lookup(char *value, void *arg)
{
	(void)arg;
	xfree_secret(found);
	found = value;
	looked++;
}

/* Runs the loop until *flag reaches want, for at most 10 s. */
static void
run_until(int *flag, int want)
{
	gint64	deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;

	while (*flag < want && g_get_monotonic_time() < deadline)
		g_main_context_iteration(NULL, TRUE);
	assert_int_equal(*flag, want);
}

static gboolean
tick(void *arg)
{
	(void)arg;
	return G_SOURCE_CONTINUE;	/* keeps iteration from blocking */
}

/* store, replace, lookup, clear; the callback never runs inside the call */
static void
round_trip(const char *lender)
{
	done = oks = looked = 0;
	secret_store(lender, "+79000000001", "{\"v\":1,\"x\":\"first\"}",
	    on_done, NULL);
	assert_int_equal(done, 0);
	secret_store(lender, "+79000000002", "{\"v\":1,\"x\":\"second\"}",
	    on_done, NULL);
	secret_lookup(lender, on_lookup, NULL);
	assert_int_equal(looked, 0);
	run_until(&looked, 1);
	assert_int_equal(done, 2);
	assert_int_equal(oks, 2);
	/* another phone's item for the lender was replaced, not kept */
	assert_non_null(found);
	assert_string_equal(found, "{\"v\":1,\"x\":\"second\"}");

	secret_lookup("https://elsewhere.invalid", on_lookup, NULL);
	run_until(&looked, 2);
	assert_null(found);

	/* a clear asked right after a store wins */
	secret_store(lender, "+79000000001", "{\"v\":1,\"x\":\"third\"}",
	    on_done, NULL);
	secret_clear(lender, on_done, NULL);
	secret_lookup(lender, on_lookup, NULL);
	run_until(&looked, 3);
	assert_null(found);
	assert_int_equal(done, 4);
}

static void
test_memory(void **state)
{
	(void)state;
	ready = 0;
	secret_init(0, on_ready, NULL);
	assert_int_equal(ready, 0);	/* from the loop, not from init */
	run_until(&ready, 1);
	assert_int_equal(available, 0);
	assert_int_equal(secret_available(), 0);
	round_trip("https://lender.test:1");
}

static void
test_keyring(void **state)
{
	char	lender[64];

	(void)state;
	if (getenv("DBUS_SESSION_BUS_ADDRESS") == NULL)
		skip();
	ready = 0;
	secret_init(1, on_ready, NULL);
	run_until(&ready, 1);
	if (!available)
		skip();
	snprintf(lender, sizeof lender, "https://unit-test.invalid:%d",
	    (int)getpid());
	round_trip(lender);
	assert_int_equal(secret_available(), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_keyring),
	};

	g_timeout_add(50, tick, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
