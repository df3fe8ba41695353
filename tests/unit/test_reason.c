/* test_reason.c — the one table of error reasons (reason.h): every R_ of
 * protocol.h has a row with words, and the lender's codes map as the
 * table says. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/reason.h"

/* Reads protocol.h itself, so a reason added there later is caught. */
static void
test_every_reason_has_a_row(void **state)
{
	static const char *const paths[] = {
		"include/kabinet/protocol.h",
		"../include/kabinet/protocol.h",
		"../../include/kabinet/protocol.h",
	};
	const struct reason *r;
	FILE	*f = NULL;
	char	 line[512], name[64], value[64];
	size_t	 i;
	int	 n = 0;
	char	*src = getenv("SRC");

	(void)state;
	if (src != NULL) {
		snprintf(line, sizeof line, "%s/include/kabinet/protocol.h",
		    src);
		f = fopen(line, "r");
	}
	for (i = 0; f == NULL && i < sizeof paths / sizeof paths[0]; i++)
		f = fopen(paths[i], "r");
	if (f == NULL)
		skip();
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "#define R_%63s \"%63[^\"]\"", name,
		    value) != 2)
			continue;
		n++;
		if ((r = reason_find(value)) == NULL || r->text == NULL ||
		    *r->text == '\0')
			fail_msg("no row for reason \"%s\" (R_%s) in "
			    "reason.h", value, name);
	}
	fclose(f);
	assert_true(n >= 28);
}

static void
test_rows_are_unique(void **state)
{
	const struct reason *r, *s;

	(void)state;
	for (r = reason_table; r->wire != NULL; r++) {
		assert_ptr_equal(reason_find(r->wire), r);
		for (s = reason_table; s->wire != NULL; s++)
			if (s != r && strcmp(s->text, r->text) == 0)
				fail_msg("\"%s\" and \"%s\" say the same",
				    r->wire, s->wire);
	}
	assert_null(reason_find("no_such_reason"));
	assert_null(reason_find(NULL));
}

static void
test_of_lender(void **state)
{
	(void)state;
	/* the bug of four lists: a restricted borrower's loan.apply */
	assert_string_equal(reason_of_lender("account_restricted"),
	    R_ACCOUNT_RESTRICTED);
	assert_string_equal(reason_of_lender("wrong_code"), R_WRONG_CODE);
	assert_string_equal(reason_of_lender(R_LENDER_UNAVAILABLE),
	    R_LENDER_UNAVAILABLE);
	assert_string_equal(reason_of_lender("invalid_token"),
	    R_SESSION_EXPIRED);
	assert_string_equal(reason_of_lender("challenge_not_found"),
	    R_CHALLENGE_EXPIRED);
	/* the daemon's own words are never the lender's */
	assert_null(reason_of_lender(R_INTERNAL));
	assert_null(reason_of_lender(R_HELLO_REQUIRED));
	assert_null(reason_of_lender(R_DAEMON_GONE));
	assert_null(reason_of_lender("idempotency_key_reused"));
	assert_null(reason_of_lender(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_reason_has_a_row),
		cmocka_unit_test(test_rows_are_unique),
		cmocka_unit_test(test_of_lender),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
