/* test_tui_ru.c — the Russian catalogue as the TUI uses it: plural forms
 * (1 попытка, 2 попытки, 5 попыток, 21 попытка) and translated reasons.
 * Reads $B/locale (tests/run.sh exports B); skipped without it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <unistd.h>
#include <cmocka.h>

#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/protocol.h"
#include "kabinet/reason.h"
#include "tui.h"

static int	have_catalogue;

static void
describe(const char *reason, int left, const char *want)
{
	struct buf	 b = BUF_INIT;
	json_t		*e;

	e = json_pack("{s:{s:s, s:i}}", "data", "reason", reason,
	    "attempts_left", left);
	reasons_describe(e, &b);
	assert_string_equal(b.data, want);
	json_decref(e);
	buf_release(&b);
}

static void
test_plurals(void **state)
{
	(void)state;
	if (!have_catalogue)
		skip();
	describe(R_WRONG_CODE, 1, "Неверный код; осталась 1 попытка");
	describe(R_WRONG_CODE, 2, "Неверный код; осталось 2 попытки");
	describe(R_WRONG_CODE, 5, "Неверный код; осталось 5 попыток");
	describe(R_WRONG_CODE, 11, "Неверный код; осталось 11 попыток");
	describe(R_WRONG_CODE, 21, "Неверный код; осталась 21 попытка");
	describe(R_WRONG_CREDENTIALS, 4, "Неверный номер телефона или пароль; "
	    "до блокировки осталось 4 попытки");
}

static void
test_every_reason_translated(void **state)
{
	const struct reason	*r;

	(void)state;
	if (!have_catalogue)
		skip();
	for (r = reason_table; r->wire != NULL; r++) {
		if (strcmp(_(r->text), r->text) == 0)
			fail_msg("\"%s\" has no Russian", r->text);
	}
	assert_string_equal(_("Forgot password?"), "Забыли пароль?");
}

/* One formatter for each, following the language shown. */
static void
test_money_and_dates(void **state)
{
	char	m[MONEY_FMT_LEN], d[DATE_FMT_LEN];

	(void)state;
	if (!have_catalogue)
		skip();
	assert_true(i18n_is_russian());
	assert_string_equal(money_show(700000, m, sizeof m),
	    "7 000,00 \xe2\x82\xbd");
	assert_string_equal(date_show_iso("2026-12-15", d, sizeof d),
	    "15.12.2026");
	assert_string_equal(date_show_iso("2026-12-15T09:30:00+03:00", d,
	    sizeof d), "15.12.2026");
	assert_string_equal(date_show_iso("soon", d, sizeof d), "soon");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plurals),
		cmocka_unit_test(test_every_reason_translated),
		cmocka_unit_test(test_money_and_dates),
	};
	char	 path[4096];
	const char *b = getenv("B");

	/* LANGUAGE works under C.UTF-8: no Russian locale need exist. */
	setenv("LANG", "C.UTF-8", 1);
	unsetenv("LC_ALL");
	setenv("LANGUAGE", "ru", 1);
	if (b != NULL) {
		snprintf(path, sizeof path, "%s/locale/ru/LC_MESSAGES/kabinet.mo",
		    b);
		have_catalogue = access(path, R_OK) == 0;
		snprintf(path, sizeof path, "%s/locale", b);
		setenv("KABINET_LOCALEDIR", path, 1);
	}
	i18n_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
