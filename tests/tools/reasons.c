/*
 * reasons — prints reason.h's table for the tests, one reason a line:
 * "WIRE<TAB>FROM<TAB>TEXT" (FROM: daemon, lender, link or client; TEXT
 * untranslated), then one "ALIAS<TAB>CODE<TAB>WIRE" line per lender code
 * the daemon renames.
 */
#include <stdio.h>

#include "kabinet/reason.h"

int
main(void)
{
	static const char *const from[] = {
		[REASON_DAEMON] = "daemon",
		[REASON_LENDER] = "lender",
		[REASON_LINK] = "link",
		[REASON_CLIENT] = "client",
	};
	const struct reason	*r;

	for (r = reason_table; r->wire != NULL; r++)
		printf("%s\t%s\t%s\n", r->wire, from[r->from], r->text);
#define PRINT_ALIAS(code, wire)	printf("ALIAS\t%s\t%s\n", code, wire);
	KB_REASON_ALIASES(PRINT_ALIAS)
	return 0;
}
