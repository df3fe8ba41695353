/*
 * fuzz_outbox.c — the outbox file reader (outbox_entry_parse) under any
 * bytes, as a crash, a full disk or a hand can leave a file.  An entry is
 * taken only whole: a key fit for a header, a kind of the outbox, that
 * kind's lender route and an object body; anything else is refused with
 * a reason (the daemon then sets it aside, never sends it).  Every prefix
 * of an accepted entry short of the whole is refused.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kabinetd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
parse(const uint8_t *data, size_t size)
{
	json_t		*j = (json_t *)1;
	const char	*why = NULL, *key, *kind, *path;
	int		 rc;

	rc = outbox_entry_parse((const char *)data, size, &j, &why);
	if (rc == -1) {
		if (j != NULL || why == NULL || *why == '\0')
			abort();
		return -1;
	}
	key = json_string_value(json_object_get(j, "key"));
	kind = json_string_value(json_object_get(j, "kind"));
	path = json_string_value(json_object_get(j, "path"));
	if (rc != 0 || key == NULL || kind == NULL || path == NULL ||
	    !json_is_object(json_object_get(j, "body")) ||
	    !outbox_route_ok(kind, path) || strncmp(path, "/v1/", 4) != 0 ||
	    key[0] == '\0' || strpbrk(key, "\r\n: ") != NULL)
		abort();
	json_decref(j);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t	cut;

	if (parse(data, size) != 0 || size < 2)
		return 0;
	/* Truncated as a crash would leave it: at the last '}', refused. */
	for (cut = size; cut > 0 && data[cut - 1] != '}'; cut--)
		;
	if (cut > 0 && parse(data, cut - 1) == 0)
		abort();
	return 0;
}
