/*
 * fuzz_phone.c — phone_normalize() and friends under arbitrary strings.
 * A number accepted once is a fixed point; masks never leak digits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/phone.h"
#include "kabinet/xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_mask(const char *mask, const char *norm)
{
	if (norm == NULL) {
		if (strcmp(mask, "+7 *** ***-**-**") != 0)
			abort();
		return;
	}
	if (strncmp(mask, "+7 9** ***-**-", 14) != 0 ||
	    strcmp(mask + 14, norm + 10) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			*s, out[PHONE_LEN + 1], again[PHONE_LEN + 1];
	char			 mask[20], pretty[20];
	enum phone_error	 e;
	size_t			 i;

	s = xstrndup((const char *)data, size);
	e = phone_normalize(s, out);
	if (phone_strerror(e) == NULL)
		abort();
	if (e != PHONE_OK) {
		if (out[0] != '\0')
			abort();
		phone_mask(s, mask, sizeof mask);
		check_mask(mask, strlen(s) == PHONE_LEN &&
		    strncmp(s, "+79", 3) == 0 &&
		    strspn(s + 1, "0123456789") == PHONE_LEN - 1 ? s : NULL);
		phone_pretty(s, pretty, sizeof pretty);
		free(s);
		return 0;
	}
	if (strlen(out) != PHONE_LEN || strncmp(out, "+79", 3) != 0)
		abort();
	for (i = 1; i < PHONE_LEN; i++)
		if (out[i] < '0' || out[i] > '9')
			abort();
	if (phone_normalize(out, again) != PHONE_OK ||
	    strcmp(out, again) != 0)
		abort();
	phone_mask(out, mask, sizeof mask);
	check_mask(mask, out);
	phone_pretty(out, pretty, sizeof pretty);
	if (phone_normalize(pretty, again) != PHONE_OK ||
	    strcmp(out, again) != 0)
		abort();
	free(s);
	return 0;
}
