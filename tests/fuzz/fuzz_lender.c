/*
 * fuzz_lender.c — the daemon's decoder of the lender's answers
 * (lender_decode): any status, Content-Type, Retry-After and body.  A 2xx
 * is a JSON object or array or a refusal; every other answer but 304 has
 * a reason and a message; Retry-After is kept only for 429 and 503 and
 * never negative.
 *
 * Input: byte 0 picks the status, byte 1 the Content-Type, byte 2 the
 * method and Retry-After; the rest is the body.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kabinetd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const long statuses[] = { 200, 201, 202, 204, 304, 400, 401, 403,
    404, 409, 410, 422, 429, 500, 502, 503, 504, 100, 199, 299, 300, 599,
    0, -1 };
static const char *const types[] = { "application/json",
    "application/problem+json", "application/json; charset=utf-8",
    "APPLICATION/PROBLEM+JSON ", "application/jsonx", "text/html", "",
    NULL };
static const char *const methods[] = { "GET", "POST", "DELETE", "PUT" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lender_response	 r;
	char			 msg[256];
	long			 status, ra;
	const char		*method;

	if (size < 3)
		return 0;
	status = statuses[data[0] % (sizeof statuses / sizeof statuses[0])];
	if (data[0] >= 240)
		status = (long)data[0] * 3;	/* 720..765: out of range */
	method = methods[data[2] % 4];
	ra = (long)(data[2] >> 2) - 8;		/* -8..55 */
	memset(&r, 0, sizeof r);
	memset(msg, 'x', sizeof msg);
	lender_decode(&r, method, status, types[data[1] %
	    (sizeof types / sizeof types[0])], ra, (const char *)data + 3,
	    size - 3, msg, sizeof msg);
	if (r.status != status || r.retry_after < 0 ||
	    (r.retry_after > 0 && status != 429 && status != 503))
		abort();
	if (r.message == msg && memchr(msg, '\0', sizeof msg) == NULL)
		abort();
	if (status >= 200 && status < 300) {
		if (r.reason == NULL && r.body != NULL &&
		    !json_is_object(r.body) && !json_is_array(r.body))
			abort();
		if (r.reason != NULL && (r.body != NULL || r.message == NULL))
			abort();
	} else if (status != 304) {
		if (r.reason == NULL || r.message == NULL ||
		    strlen(r.message) == 0)
			abort();
		if (r.body != NULL && !json_is_object(r.body))
			abort();
	} else if (r.body != NULL || r.reason != NULL)
		abort();
	/* Decoding again into the same response frees the first body. */
	lender_decode(&r, method, 500, NULL, -1, "", 0, msg, sizeof msg);
	if (r.body != NULL || r.reason == NULL)
		abort();
	return 0;
}
