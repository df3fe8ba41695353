/* reason.c — the table of error reasons (reason.h) and lookups in it. */
#include <stddef.h>
#include <string.h>

#include "kabinet/reason.h"

#define REASON_ROW(wire, from, text)	{ wire, from, text },
const struct reason reason_table[] = {
	KB_REASONS(REASON_ROW)
	{ NULL, REASON_DAEMON, NULL }
};

const struct reason *
reason_find(const char *wire)
{
	const struct reason	*r;

	for (r = reason_table; wire != NULL && r->wire != NULL; r++)
		if (strcmp(r->wire, wire) == 0)
			return r;
	return NULL;
}

const char *
reason_of_lender(const char *code)
{
#define REASON_ALIAS(from, to)	{ from, to },
	static const struct { const char *code, *wire; } aliases[] = {
		KB_REASON_ALIASES(REASON_ALIAS)
	};
	const struct reason	*r;
	size_t			 i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(aliases[i].code, code) == 0)
			return aliases[i].wire;
	if ((r = reason_find(code)) != NULL && (r->from == REASON_LENDER ||
	    r->from == REASON_LINK))
		return r->wire;
	return NULL;
}
