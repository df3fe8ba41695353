/*
 * fuzz_codec.c — the JSON-RPC line codec under arbitrary bytes.
 *
 * The first byte seeds the chunk sizes; the rest is fed both at once and
 * in random-sized chunks, and both must give the same messages.  Every
 * message is classified, re-encoded and decoded again (it must come back
 * equal), and a request must yield well-formed responses.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/buf.h"
#include "kabinet/codec.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_roundtrip(const json_t *msg)
{
	struct codec	 c;
	json_t		*back;

	codec_init(&c);
	codec_put(&c, msg);
	if (c.out.len == 0 || c.out.data[c.out.len - 1] != '\n' ||
	    memchr(c.out.data, '\n', c.out.len - 1) != NULL)
		abort();
	codec_feed(&c, c.out.data, c.out.len);
	if (codec_next(&c, &back) != CODEC_MSG || !json_equal(back, msg))
		abort();
	json_decref(back);
	codec_free(&c);
}

static void
check_message(json_t *msg, struct buf *log)
{
	const char	*why = NULL;
	enum rpc_kind	 k;
	json_t		*r;
	char		*s;

	k = rpc_classify(msg, &why);
	if ((k == RPC_INVALID) != (why != NULL))
		abort();
	if (k == RPC_REQUEST) {
		const json_t *id = json_object_get(msg, "id");
		r = rpc_result(id, NULL);
		if (rpc_classify(r, NULL) != RPC_RESPONSE)
			abort();
		json_decref(r);
		r = rpc_error(id, -32000, "reason", NULL, NULL);
		if (rpc_classify(r, NULL) != RPC_RESPONSE)
			abort();
		json_decref(r);
	}
	check_roundtrip(msg);
	s = json_dumps(msg, JSON_COMPACT | JSON_ENCODE_ANY);
	buf_addf(log, "M%d:%s\n", (int)k, s != NULL ? s : "?");
	free(s);
}

/* Takes every message off c; 1 once the peer would be dropped. */
static int
drain(struct codec *c, struct buf *log)
{
	json_t	*msg;

	for (;;) {
		switch (codec_next(c, &msg)) {
		case CODEC_MSG:
			check_message(msg, log);
			json_decref(msg);
			break;
		case CODEC_BAD_JSON:
			if (msg != NULL)
				abort();
			buf_adds(log, "B\n");
			break;
		case CODEC_TOO_LONG:
			return 1;
		case CODEC_AGAIN:
			if (c->scanned > c->in.len)
				abort();
			return 0;
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct codec	a, b;
	struct buf	la, lb;
	uint32_t	x;
	size_t		off, n;
	int		long_a, long_b = 0;

	if (size < 1)
		return 0;
	x = data[0] * 2654435761u + 1;
	data++;
	size--;

	codec_init(&a);
	buf_init(&la, 0);
	codec_feed(&a, data, size);
	long_a = drain(&a, &la);

	codec_init(&b);
	buf_init(&lb, 0);
	for (off = 0; off < size && !long_b; off += n) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		n = 1 + x % 97;
		if (n > size - off)
			n = size - off;
		codec_feed(&b, data + off, n);
		long_b = drain(&b, &lb);
	}
	/* A line over the limit is dropped as soon as it is seen. */
	if (!long_a && !long_b && (la.len != lb.len ||
	    memcmp(la.data, lb.data, la.len) != 0))
		abort();

	buf_release(&la);
	buf_release(&lb);
	codec_free(&a);
	codec_free(&b);
	return 0;
}
