/* test_tui_reasons.c — the TUI's words for error reasons: the details
 * (attempts, until) are read from data (the table is test_reason.c's). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <time.h>
#include <cmocka.h>

#include "kabinet/date.h"
#include "kabinet/protocol.h"
#include "tui.h"

static void
test_unknown_reason(void **state)
{
	(void)state;
	assert_non_null(reasons_text("no_such_reason"));
	assert_non_null(reasons_text(NULL));
}

/* reasons_describe()'s words for the error e (taken). */
static void
check_describe(json_t *e, const char *want)
{
	struct buf	b = BUF_INIT;

	reasons_describe(e, &b);
	assert_string_equal(b.data, want);
	buf_release(&b);
	json_decref(e);
}

/* account_locked until t, said as fmt (strftime, Moscow time) says. */
static void
check_locked(time_t t, const char *fmt)
{
	struct tm	tm;
	char		want[128], iso[64];
	time_t		msk = t + DATE_MSK_OFFSET;

	gmtime_r(&t, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	gmtime_r(&msk, &tm);
	strftime(want, sizeof want, fmt, &tm);
	check_describe(json_pack("{s:{s:s, s:s}}", "data", "reason",
	    R_ACCOUNT_LOCKED, "until", iso), want);
}

static void
test_describe(void **state)
{
	struct buf	 b = BUF_INIT;
	json_t		*e;
	time_t		 t;

	(void)state;
	check_describe(json_pack("{s:i, s:s, s:{s:s, s:i}}", "code", -32000,
	    "message", "whatever the daemon says", "data", "reason",
	    R_WRONG_CODE, "attempts_left", 2), "Wrong code; 2 attempts left");
	check_describe(json_pack("{s:{s:s, s:i}}", "data", "reason",
	    R_WRONG_CREDENTIALS, "attempts_left", 1), "Wrong phone number or "
	    "password; 1 attempt left before the account is locked");

	/* until is shown as Moscow HH:MM, whatever the terminal's zone
	 * (a server's UTC here): today's 12:34 in Moscow. */
	setenv("TZ", "UTC", 1);
	tzset();
	t = time(NULL) + DATE_MSK_OFFSET;
	t = t - t % 86400 + 12 * 3600 + 34 * 60 - DATE_MSK_OFFSET;
	check_locked(t, "The account is locked until %H:%M after too many "
	    "failed sign-ins");
	/* Another day than today says its date too. */
	check_locked(t + 2 * 86400, "The account is locked until %Y-%m-%d "
	    "%H:%M after too many failed sign-ins");

	/* A weak password says which rule it broke. */
	check_describe(json_pack("{s:{s:s, s:s}}", "data", "reason",
	    R_WEAK_PASSWORD, "rule", "contains_phone"), "The password must "
	    "not be your phone number");

	/* The message is never parsed or shown. */
	e = json_pack("{s:s, s:{s:s}}", "message", "SECRET-ISH TEXT", "data",
	    "reason", R_LENDER_UNAVAILABLE);
	reasons_describe(e, &b);
	assert_null(strstr(b.data, "SECRET"));
	json_decref(e);
	buf_release(&b);
}

static void
test_parse_time(void **state)
{
	(void)state;
	assert_int_equal(text_parse_time("1970-01-01T03:00:00+03:00"), 0);
	assert_int_equal(text_parse_time("2026-11-26T12:00:00Z"),
	    text_parse_time("2026-11-26T15:00:00+03:00"));
	assert_int_equal(text_parse_time("2026-11-26T12:00:00.123+00:00"),
	    text_parse_time("2026-11-26T12:00:00Z"));
	assert_int_equal(text_parse_time("yesterday"), -1);
	assert_int_equal(text_parse_time("2026-13-01T00:00:00Z"), -1);
	assert_int_equal(text_parse_time(NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_reason),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_parse_time),
	};

	setlocale(LC_ALL, "C.UTF-8");
	unsetenv("LANGUAGE");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
