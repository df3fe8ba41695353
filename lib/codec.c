/* codec.c — JSON-RPC 2.0 over newline-delimited JSON; contract in codec.h. */
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/codec.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"

void
codec_init(struct codec *c)
{
	buf_init(&c->in, 0);
	buf_init(&c->out, 0);
	c->scanned = 0;
}

void
codec_free(struct codec *c)
{
	/* Lines may carry passwords or codes in flight: wipe them. */
	buf_wipe_release(&c->in);
	buf_wipe_release(&c->out);
	c->scanned = 0;
}

void
codec_feed(struct codec *c, const void *p, size_t n)
{
	buf_add(&c->in, p, n);
}

enum codec_status
codec_next(struct codec *c, json_t **msgp)
{
	char		*nl;
	size_t		 linelen;
	json_error_t	 jerr;

	*msgp = NULL;
	for (;;) {
		nl = memchr(c->in.data + c->scanned, '\n',
		    c->in.len - c->scanned);
		if (nl == NULL) {
			c->scanned = c->in.len;
			if (c->in.len > CODEC_MAX_LINE)
				return CODEC_TOO_LONG;
			return CODEC_AGAIN;
		}
		linelen = (size_t)(nl - c->in.data);
		if (linelen > CODEC_MAX_LINE)
			return CODEC_TOO_LONG;
		c->scanned = 0;
		if (linelen == 0 || (linelen == 1 && c->in.data[0] == '\r')) {
			buf_consume(&c->in, linelen + 1);
			continue;
		}
		*msgp = json_loadb(c->in.data, linelen,
		    JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
		wipe(c->in.data, linelen);
		buf_consume(&c->in, linelen + 1);
		return *msgp != NULL ? CODEC_MSG : CODEC_BAD_JSON;
	}
}

void
codec_put(struct codec *c, const json_t *msg)
{
	char	*s;
	size_t	 n;

	s = json_dumps(msg, JSON_COMPACT | JSON_ENCODE_ANY);
	if (s == NULL)
		return;
	n = strlen(s);
	buf_add(&c->out, s, n);
	buf_addch(&c->out, '\n');
	wipe(s, n);
	free(s);
}

void
codec_put_result(struct codec *c, const json_t *id, const char *result)
{
	char	*s = NULL;

	buf_adds(&c->out, "{\"jsonrpc\":\"2.0\",\"id\":");
	/* The usual id, a number, without jansson's encoder and its copy. */
	if (json_is_integer(id))
		buf_addf(&c->out, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(id));
	else if (id != NULL &&
	    (s = json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY)) != NULL)
		buf_adds(&c->out, s);
	else
		buf_adds(&c->out, "null");
	buf_adds(&c->out, ",\"result\":");
	buf_adds(&c->out, result);
	buf_adds(&c->out, "}\n");
	free(s);
}

ssize_t
codec_read(struct codec *c, int fd)
{
	char	 tmp[16384];
	ssize_t	 n;

	do
		n = read(fd, tmp, sizeof tmp);
	while (n == -1 && errno == EINTR);
	if (n > 0) {
		codec_feed(c, tmp, (size_t)n);
		wipe(tmp, (size_t)n);
	}
	return n;
}

int
codec_flush(struct codec *c, int fd)
{
	ssize_t	n;

	while (c->out.len > 0) {
		/* MSG_NOSIGNAL: a peer that went is an error, not SIGPIPE;
		 * a pipe (tests, fuzzing) is written to as it is. */
		n = send(fd, c->out.data, c->out.len, MSG_NOSIGNAL);
		if (n == -1 && errno == ENOTSOCK)
			n = write(fd, c->out.data, c->out.len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 1;
			return -1;
		}
		wipe(c->out.data, (size_t)n);
		buf_consume(&c->out, (size_t)n);
	}
	return 0;
}

static json_t *
rpc_base(void)
{
	return json_pack("{s:s}", "jsonrpc", "2.0");
}

json_t *
rpc_request(json_int_t id, const char *method, json_t *params)
{
	json_t	*m = rpc_base();

	json_object_set_new(m, "id", json_integer(id));
	json_object_set_new(m, "method", json_string(method));
	json_object_set_new(m, "params", params != NULL ? params :
	    json_object());
	return m;
}

json_t *
rpc_notification(const char *method, json_t *params)
{
	json_t	*m = rpc_base();

	json_object_set_new(m, "method", json_string(method));
	json_object_set_new(m, "params", params != NULL ? params :
	    json_object());
	return m;
}

json_t *
rpc_result(const json_t *id, json_t *result)
{
	json_t	*m = rpc_base();

	json_object_set_new(m, "id", id != NULL ? json_deep_copy(id) :
	    json_null());
	json_object_set_new(m, "result", result != NULL ? result :
	    json_object());
	return m;
}

json_t *
rpc_error(const json_t *id, int code, const char *reason, const char *message,
    json_t *data)
{
	json_t	*m = rpc_base(), *e, *text;

	if (data == NULL || !json_is_object(data)) {
		json_decref(data);
		data = json_object();
	}
	json_object_set_new(data, "reason", json_string(reason));
	/* Text relayed from the lender may not be UTF-8; json_pack() would
	 * then fail and leave a response with no "error" at all. */
	if ((text = json_string(message != NULL ? message : reason)) == NULL)
		text = json_string(reason);
	if (text == NULL)
		text = json_string("error");
	e = json_object();
	json_object_set_new(e, "code", json_integer(code));
	json_object_set_new(e, "message", text);
	json_object_set_new(e, "data", data);
	json_object_set_new(m, "id", id != NULL ? json_deep_copy(id) :
	    json_null());
	json_object_set_new(m, "error", e);
	return m;
}

enum rpc_kind
rpc_classify(const json_t *msg, const char **whyp)
{
	const json_t	*v, *id, *method;
	const char	*why = NULL;

	if (!json_is_object(msg)) {
		why = "message is not a JSON object";
		goto bad;
	}
	v = json_object_get(msg, "jsonrpc");
	if (!json_is_string(v) || strcmp(json_string_value(v), "2.0") != 0) {
		why = "\"jsonrpc\" is not \"2.0\"";
		goto bad;
	}
	id = json_object_get(msg, "id");
	if (id != NULL && !json_is_integer(id) && !json_is_string(id) &&
	    !json_is_null(id)) {
		why = "\"id\" is not a number or a string";
		goto bad;
	}
	method = json_object_get(msg, "method");
	if (method != NULL) {
		const json_t *params = json_object_get(msg, "params");
		if (!json_is_string(method)) {
			why = "\"method\" is not a string";
			goto bad;
		}
		if (params != NULL && !json_is_object(params) &&
		    !json_is_array(params)) {
			why = "\"params\" is not an object or an array";
			goto bad;
		}
		return id != NULL ? RPC_REQUEST : RPC_NOTIFICATION;
	}
	if (id == NULL) {
		why = "message has neither \"method\" nor \"id\"";
		goto bad;
	}
	if ((json_object_get(msg, "result") != NULL) ==
	    (json_object_get(msg, "error") != NULL)) {
		why = "response needs exactly one of \"result\" and \"error\"";
		goto bad;
	}
	return RPC_RESPONSE;
bad:
	if (whyp != NULL)
		*whyp = why;
	return RPC_INVALID;
}

void
codec_wipe(json_t *v, int flags)
{
	const char	*key;
	json_t		*elt;
	size_t		 i;

	if (v == NULL || ((flags & CODEC_WIPE_UNSHARED) && v->refcount > 1))
		return;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_object_foreach(v, key, elt)
			codec_wipe(elt, flags);
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, elt)
			codec_wipe(elt, flags);
		break;
	case JSON_STRING:
		wipe((char *)json_string_value(v), json_string_length(v));
		break;
	default:
		break;
	}
}

void
json_decref_wipe(json_t *v)
{
	codec_wipe(v, CODEC_WIPE_UNSHARED);
	json_decref(v);
}
