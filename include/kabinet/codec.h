/*
 * codec.h — the JSON-RPC 2.0 line codec shared by kabinetd and kabinet.
 *
 * One message is one line of UTF-8 JSON ending in '\n'.  The reader side
 * accumulates whatever read() gave (partial lines, several lines at once)
 * and hands out complete messages; a line longer than CODEC_MAX_LINE is
 * refused (CODEC_TOO_LONG) and the peer is to be dropped.  The writer side
 * appends a compact encoding plus '\n' to an output buf; partial writes are
 * the owner's business (codec_flush()).
 */
#ifndef KABINET_CODEC_H
#define KABINET_CODEC_H

#include <jansson.h>
#include <sys/types.h>

#include "kabinet/buf.h"

#define CODEC_MAX_LINE	(1024 * 1024)	/* bytes, without the '\n' */

struct codec {
	struct buf	in;
	struct buf	out;
	size_t		scanned;	/* bytes of `in` known to hold no '\n' */
};

enum codec_status {
	CODEC_MSG,	/* *msgp set: one JSON value (caller json_decref()s) */
	CODEC_AGAIN,	/* no complete line yet */
	CODEC_BAD_JSON,	/* the line was not JSON; it has been dropped */
	CODEC_TOO_LONG,	/* line over CODEC_MAX_LINE: drop the peer */
};

void	codec_init(struct codec *);
void	codec_free(struct codec *);
/* Appends received bytes. */
void	codec_feed(struct codec *, const void *, size_t);
/* Takes the next complete line off the input. Empty lines are skipped. */
enum codec_status codec_next(struct codec *, json_t **msgp);
/* Appends json_dumps(msg, compact)+'\n' to c->out.  Does not steal msg. */
void	codec_put(struct codec *, const json_t *msg);
/* Appends a result already encoded: {"jsonrpc":"2.0","id":ID,"result":
 * RESULT}+'\n', RESULT being compact JSON text (no newline). */
void	codec_put_result(struct codec *, const json_t *id, const char *result);
/* Reads what fd has into the codec: >0 bytes read, 0 EOF, -1 error
 * (EAGAIN is reported as -1 with errno EAGAIN). */
ssize_t	codec_read(struct codec *, int fd);
/* Writes as much of c->out as fd takes: 0 all written, 1 some left
 * (wait for POLLOUT), -1 error. */
int	codec_flush(struct codec *, int fd);

/*
 * JSON-RPC message builders; each returns a new reference.
 * `params`/`result`/`data` are stolen (may be NULL where optional).
 */
json_t	*rpc_request(json_int_t id, const char *method, json_t *params);
json_t	*rpc_notification(const char *method, json_t *params);
json_t	*rpc_result(const json_t *id, json_t *result);
/* error: {code, message, data: {reason, ...data}}; id NULL → json null */
json_t	*rpc_error(const json_t *id, int code, const char *reason,
	    const char *message, json_t *data);

enum rpc_kind {
	RPC_INVALID,		/* not a JSON-RPC 2.0 message */
	RPC_REQUEST,		/* method + id */
	RPC_NOTIFICATION,	/* method, no id */
	RPC_RESPONSE,		/* result or error + id */
};
/* Classifies a decoded message and explains an invalid one in *whyp. */
enum rpc_kind rpc_classify(const json_t *msg, const char **whyp);

/*
 * Overwrites every string inside v in place (passwords, SMS codes, PANs),
 * once nobody needs them: the one JSON wiper of kabinet.  With
 * CODEC_WIPE_UNSHARED only values no one else holds a reference to are
 * wiped (for a message whose parts may live on elsewhere).  NULL is fine.
 */
#define CODEC_WIPE_UNSHARED	0x1
void	 codec_wipe(json_t *v, int flags);
/* Wipes every string in v held only by v, then drops the reference. */
void	 json_decref_wipe(json_t *v);

#endif
