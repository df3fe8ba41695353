/* test_tui_csv.c — the history's CSV: RFC 4180 quoting, and no cell the
 * lender wrote becomes a spreadsheet formula. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "tui.h"

/* One row for an entry built from a JSON text; the caller frees it. */
static char *
row(const char *entry)
{
	json_t	*it = json_loads(entry, 0, NULL);
	char	*s = NULL;
	size_t	 n = 0;
	FILE	*f = open_memstream(&s, &n);

	assert_non_null(it);
	assert_non_null(f);
	csv_history_row(f, it);
	fclose(f);
	json_decref(it);
	return s;
}

static void
expect_row(const char *entry, const char *want)
{
	char	*got = row(entry);

	assert_string_equal(got, want);
	free(got);
}

static void
test_plain(void **state)
{
	(void)state;
	expect_row("{\"date\":\"2026-03-01\",\"id\":\"pm_1\",\"kind\":"
	    "\"payment\",\"amount\":-150050,\"status\":\"succeeded\","
	    "\"description\":\"say \\\"hi\\\", twice\"}",
	    "2026-03-01,pm_1,payment,-1500.50,succeeded,"
	    "\"say \"\"hi\"\", twice\"\r\n");
}

static void
test_formula_description(void **state)
{
	(void)state;
	expect_row("{\"date\":\"2026-03-01\",\"id\":\"pm_1\",\"kind\":"
	    "\"payment\",\"amount\":100,\"status\":\"succeeded\","
	    "\"description\":\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"}",
	    "2026-03-01,pm_1,payment,1.00,succeeded,"
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n");
}

static void
test_every_lead(void **state)
{
	static const char *const leads[] = { "=", "+", "-", "@", "\\t",
	    "\\r" };
	static const char *const raw[] = { "=", "+", "-", "@", "\t", "\r" };
	char	 entry[256], want[256];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof leads / sizeof leads[0]; i++) {
		/* In every text cell the lender writes, not only the last. */
		snprintf(entry, sizeof entry, "{\"date\":\"%s1\",\"id\":"
		    "\"%s2\",\"kind\":\"%s3\",\"amount\":0,\"status\":"
		    "\"%s4\",\"description\":\"%s5\"}", leads[i], leads[i],
		    leads[i], leads[i], leads[i]);
		snprintf(want, sizeof want, "\"'%s1\",\"'%s2\",\"'%s3\",0.00,"
		    "\"'%s4\",\"'%s5\"\r\n", raw[i], raw[i], raw[i], raw[i],
		    raw[i]);
		expect_row(entry, want);
	}
}

static void
test_extremes(void **state)
{
	(void)state;
	expect_row("{\"amount\":-9223372036854775808}",
	    ",,,-92233720368547758.08,,\"\"\r\n");
	expect_row("{\"id\":\"a,b\",\"amount\":5}",
	    ",\"a,b\",,0.05,,\"\"\r\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_formula_description),
		cmocka_unit_test(test_every_lead),
		cmocka_unit_test(test_extremes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
