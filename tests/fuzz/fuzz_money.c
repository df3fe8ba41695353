/*
 * fuzz_money.c — money_parse() under arbitrary strings and money_format()
 * under arbitrary amounts.  What is accepted formats and parses back to
 * the same kopecks; every format fits MONEY_FMT_LEN.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/money.h"
#include "kabinet/xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_format(kopecks_t k)
{
	char		out[MONEY_FMT_LEN], tiny[7];
	kopecks_t	back;
	int		st;

	for (st = MONEY_RU; st <= MONEY_ASCII_RU; st++) {
		money_format(k, st, out, sizeof out);
		if (strlen(out) < 8 || strlen(out) >= MONEY_FMT_LEN - 1)
			abort();
		if ((k < 0) != (out[0] == '-'))
			abort();
		money_format(k, st, tiny, sizeof tiny);
		if (strlen(tiny) >= sizeof tiny ||
		    strncmp(tiny, out, strlen(tiny)) != 0)
			abort();
		if (k >= 0 && st != MONEY_EN) {
			if (money_parse(out, &back) != MONEY_OK || back != k)
				abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum money_parse_error	 e;
	kopecks_t		 k;
	uint64_t		 u = 0;
	char			*s;
	size_t			 i;

	s = xstrndup((const char *)data, size);
	e = money_parse(s, &k);
	if (money_strerror(e) == NULL)
		abort();
	if (e == MONEY_OK) {
		if (k < 0)
			abort();
		check_format(k);
	} else if (k != 0)
		abort();
	free(s);

	/* The same bytes as an amount. */
	for (i = 0; i < size && i < 8; i++)
		u = u << 8 | data[i];
	check_format((kopecks_t)u);
	return 0;
}
