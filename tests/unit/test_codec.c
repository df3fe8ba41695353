/* test_codec.c — the JSON-RPC line codec: framing, limits, classification. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <fcntl.h>
#include <cmocka.h>

#include "kabinet/codec.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"

static const char stream[] =
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"hello\","
    "\"params\":{\"protocol\":1}}\n"
    "{\"jsonrpc\":\"2.0\",\"method\":\"lender.status\","
    "\"params\":{\"reachable\":true,\"name\":\"\xd0\x9c\xd0\x9a\xd0\x9a\"}}\n"
    "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{}}\n";

/* Takes every complete message off c into got[]; returns how many. */
static int
drain(struct codec *c, json_t **got, int max)
{
	json_t			*m;
	enum codec_status	 st;
	int			 n = 0;

	while ((st = codec_next(c, &m)) == CODEC_MSG) {
		assert_true(n < max);
		got[n++] = m;
	}
	assert_int_equal(st, CODEC_AGAIN);
	assert_null(m);
	return n;
}

static void
check_stream(json_t **got)
{
	assert_int_equal(json_integer_value(json_object_get(got[0], "id")), 1);
	assert_string_equal(json_string_value(json_object_get(got[0],
	    "method")), "hello");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(got[1], "params"), "name")),
	    "\xd0\x9c\xd0\x9a\xd0\x9a");
	assert_string_equal(json_string_value(json_object_get(got[2], "id")),
	    "x");
}

static void
test_split_at_every_byte(void **state)
{
	size_t		 n = strlen(stream), k;
	struct codec	 c;
	json_t		*got[4];
	int		 i, cnt;

	(void)state;
	for (k = 0; k <= n; k++) {
		codec_init(&c);
		codec_feed(&c, stream, k);
		cnt = drain(&c, got, 4);
		codec_feed(&c, stream + k, n - k);
		cnt += drain(&c, got + cnt, 4 - cnt);
		assert_int_equal(cnt, 3);
		check_stream(got);
		for (i = 0; i < cnt; i++)
			json_decref(got[i]);
		assert_int_equal(c.in.len, 0);
		codec_free(&c);
	}
}

static void
test_byte_by_byte(void **state)
{
	size_t		 n = strlen(stream), k;
	struct codec	 c;
	json_t		*got[4];
	int		 i, cnt = 0;

	(void)state;
	codec_init(&c);
	for (k = 0; k < n; k++) {
		codec_feed(&c, stream + k, 1);
		cnt += drain(&c, got + cnt, 4 - cnt);
		/* A message appears exactly when its '\n' arrives. */
		if (stream[k] != '\n')
			continue;
		assert_true(cnt >= 1);
	}
	assert_int_equal(cnt, 3);
	check_stream(got);
	for (i = 0; i < cnt; i++)
		json_decref(got[i]);
	codec_free(&c);
}

static void
test_empty_lines_skipped(void **state)
{
	struct codec	 c;
	json_t		*m;

	(void)state;
	codec_init(&c);
	codec_feed(&c, "\n\n\r\n{\"a\":1}\n\n", 13);
	assert_int_equal(codec_next(&c, &m), CODEC_MSG);
	assert_int_equal(json_integer_value(json_object_get(m, "a")), 1);
	json_decref(m);
	assert_int_equal(codec_next(&c, &m), CODEC_AGAIN);
	assert_int_equal(c.in.len, 0);
	codec_free(&c);
}

static void
test_bad_json_then_valid(void **state)
{
	struct codec	 c;
	json_t		*m;

	(void)state;
	codec_init(&c);
	codec_feed(&c, "{not json\n{\"ok\":true}\n", 22);
	assert_int_equal(codec_next(&c, &m), CODEC_BAD_JSON);
	assert_null(m);
	assert_int_equal(codec_next(&c, &m), CODEC_MSG);
	assert_true(json_is_true(json_object_get(m, "ok")));
	json_decref(m);
	/* Duplicate keys are refused, not silently resolved. */
	codec_feed(&c, "{\"id\":1,\"id\":2}\n", 16);
	assert_int_equal(codec_next(&c, &m), CODEC_BAD_JSON);
	/* Two values on one line are not one message. */
	codec_feed(&c, "{} {}\n", 6);
	assert_int_equal(codec_next(&c, &m), CODEC_BAD_JSON);
	assert_int_equal(codec_next(&c, &m), CODEC_AGAIN);
	codec_free(&c);
}

/* A JSON string that is exactly `len` bytes long on the wire. */
static char *
long_line(size_t len)
{
	char	*s = xmalloc(len + 2);

	memset(s, 'a', len);
	s[0] = '"';
	s[len - 1] = '"';
	s[len] = '\n';
	s[len + 1] = '\0';
	return s;
}

static void
test_line_of_max_length(void **state)
{
	struct codec	 c;
	json_t		*m;
	char		*s = long_line(CODEC_MAX_LINE);

	(void)state;
	codec_init(&c);
	/* Up to the limit and no newline yet: still waiting. */
	codec_feed(&c, s, CODEC_MAX_LINE);
	assert_int_equal(codec_next(&c, &m), CODEC_AGAIN);
	codec_feed(&c, "\n", 1);
	assert_int_equal(codec_next(&c, &m), CODEC_MSG);
	assert_true(json_is_string(m));
	assert_int_equal(json_string_length(m), CODEC_MAX_LINE - 2);
	json_decref(m);
	codec_free(&c);
	free(s);
}

static void
test_line_one_byte_over(void **state)
{
	struct codec	 c;
	json_t		*m;
	char		*s = long_line(CODEC_MAX_LINE + 1);

	(void)state;
	/* Complete line, one byte over. */
	codec_init(&c);
	codec_feed(&c, s, CODEC_MAX_LINE + 2);
	assert_int_equal(codec_next(&c, &m), CODEC_TOO_LONG);
	assert_null(m);
	codec_free(&c);

	/* No newline yet, but already over: refused without waiting. */
	codec_init(&c);
	codec_feed(&c, s, CODEC_MAX_LINE);
	assert_int_equal(codec_next(&c, &m), CODEC_AGAIN);
	codec_feed(&c, s + CODEC_MAX_LINE, 1);
	assert_int_equal(codec_next(&c, &m), CODEC_TOO_LONG);
	codec_free(&c);
	free(s);
}

static void
test_put_roundtrip(void **state)
{
	struct codec	 a, b;
	json_t		*msg, *m;

	(void)state;
	codec_init(&a);
	codec_init(&b);
	msg = rpc_request(7, "auth.login", json_pack("{s:s, s:s}", "phone",
	    "+79000000001", "password", "line\nbreak"));
	codec_put(&a, msg);
	/* Compact, one line, '\n' only at the end. */
	assert_int_equal(a.out.data[a.out.len - 1], '\n');
	assert_null(memchr(a.out.data, '\n', a.out.len - 1));
	assert_null(strstr(a.out.data, ": "));
	codec_feed(&b, a.out.data, a.out.len);
	assert_int_equal(codec_next(&b, &m), CODEC_MSG);
	assert_true(json_equal(m, msg));
	json_decref(m);
	json_decref(msg);
	codec_free(&a);
	codec_free(&b);
}

/* An answer from kept result text echoes its id as JSON, whatever it is. */
static void
test_put_result_ids(void **state)
{
	static const char *const ids[] = {
		"0", "-1", "9223372036854775807", "-9223372036854775808",
		"\"s\\\"q\"", "\"\"", "null",
	};
	struct codec	 c;
	json_t		*id, *got;
	size_t		 i;
	char		 want[128];

	(void)state;
	for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		codec_init(&c);
		id = json_loads(ids[i], JSON_DECODE_ANY, NULL);
		assert_non_null(id);
		codec_put_result(&c, json_is_null(id) ? NULL : id, "{\"a\":1}");
		snprintf(want, sizeof want, "{\"jsonrpc\":\"2.0\",\"id\":%s,"
		    "\"result\":{\"a\":1}}\n", ids[i]);
		assert_string_equal(c.out.data, want);
		got = json_loadb(c.out.data, c.out.len, 0, NULL);
		assert_non_null(got);
		assert_true(json_equal(json_object_get(got, "id"), id));
		json_decref(got);
		json_decref(id);
		codec_free(&c);
	}
}

static void
test_read_flush_socketpair(void **state)
{
	struct codec	 a, b;
	json_t		*m;
	int		 sv[2], i, got = 0;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	codec_init(&a);
	codec_init(&b);
	for (i = 0; i < 3; i++) {
		json_t *n = rpc_notification("tick", json_pack("{s:i}", "n", i));
		codec_put(&a, n);
		json_decref(n);
	}
	assert_int_equal(codec_flush(&a, sv[0]), 0);
	assert_int_equal(a.out.len, 0);
	assert_true(codec_read(&b, sv[1]) > 0);
	while (codec_next(&b, &m) == CODEC_MSG) {
		assert_int_equal(json_integer_value(json_object_get(
		    json_object_get(m, "params"), "n")), got);
		got++;
		json_decref(m);
	}
	assert_int_equal(got, 3);
	assert_int_equal(codec_read(&b, sv[1]), -1);	/* nothing: EAGAIN */
	close(sv[0]);
	assert_int_equal(codec_read(&b, sv[1]), 0);	/* EOF */
	close(sv[1]);
	codec_free(&a);
	codec_free(&b);
}

static enum rpc_kind
classify(const char *text, const char **why)
{
	json_t		*m;
	enum rpc_kind	 k;

	m = json_loads(text, JSON_DECODE_ANY, NULL);
	assert_non_null(m);
	*why = NULL;
	k = rpc_classify(m, why);
	json_decref(m);
	return k;
}

static void
test_classify_valid(void **state)
{
	const char	*why;

	(void)state;
	assert_int_equal(classify("{\"jsonrpc\":\"2.0\",\"id\":1,"
	    "\"method\":\"a\"}", &why), RPC_REQUEST);
	assert_int_equal(classify("{\"jsonrpc\":\"2.0\",\"id\":\"s\","
	    "\"method\":\"a\",\"params\":[1]}", &why), RPC_REQUEST);
	assert_int_equal(classify("{\"jsonrpc\":\"2.0\","
	    "\"method\":\"a\",\"params\":{}}", &why), RPC_NOTIFICATION);
	assert_int_equal(classify("{\"jsonrpc\":\"2.0\",\"id\":1,"
	    "\"result\":null}", &why), RPC_RESPONSE);
	assert_int_equal(classify("{\"jsonrpc\":\"2.0\",\"id\":null,"
	    "\"error\":{}}", &why), RPC_RESPONSE);
	assert_null(why);
}

static void
test_classify_malformed(void **state)
{
	static const char *const bad[] = {
		"[]",
		"\"text\"",
		"42",
		"null",
		"{}",
		"{\"id\":1,\"method\":\"a\"}",			/* no jsonrpc */
		"{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"a\"}",
		"{\"jsonrpc\":2.0,\"id\":1,\"method\":\"a\"}",
		"{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"a\"}",
		"{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"a\"}",
		"{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"a\"}",
		"{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"a\"}",
		"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}",
		"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":null}",
		"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"params\":\"x\"}",
		"{\"jsonrpc\":\"2.0\",\"method\":\"a\",\"params\":3}",
		"{\"jsonrpc\":\"2.0\"}",				/* nothing */
		"{\"jsonrpc\":\"2.0\",\"result\":{}}",		/* no id */
		"{\"jsonrpc\":\"2.0\",\"id\":1}",		/* no result */
		"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":1,\"error\":{}}",
	};
	const char	*why;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (classify(bad[i], &why) != RPC_INVALID)
			fail_msg("accepted %s", bad[i]);
		assert_non_null(why);
		assert_true(strlen(why) > 0);
	}
	assert_int_equal(rpc_classify(NULL, NULL), RPC_INVALID);
}

static void
test_builders(void **state)
{
	json_t	*m, *id = json_integer(9);

	(void)state;
	m = rpc_request(3, "session.status", NULL);
	assert_string_equal(json_string_value(json_object_get(m, "jsonrpc")),
	    "2.0");
	assert_true(json_is_object(json_object_get(m, "params")));
	assert_int_equal(rpc_classify(m, NULL), RPC_REQUEST);
	json_decref(m);

	m = rpc_notification(E_LENDER_STATUS, NULL);
	assert_int_equal(rpc_classify(m, NULL), RPC_NOTIFICATION);
	json_decref(m);

	m = rpc_result(id, NULL);
	assert_int_equal(rpc_classify(m, NULL), RPC_RESPONSE);
	assert_int_equal(json_integer_value(json_object_get(m, "id")), 9);
	assert_true(json_is_object(json_object_get(m, "result")));
	json_decref(m);
	json_decref(id);
}

static void
test_error_shape(void **state)
{
	json_t	*m, *e, *d, *id = json_string("abc");

	(void)state;
	m = rpc_error(id, RPC_APP_ERROR, R_WRONG_CODE, "wrong code",
	    json_pack("{s:i}", "attempts_left", 2));
	assert_int_equal(rpc_classify(m, NULL), RPC_RESPONSE);
	assert_string_equal(json_string_value(json_object_get(m, "id")),
	    "abc");
	assert_null(json_object_get(m, "result"));
	e = json_object_get(m, "error");
	assert_int_equal(json_integer_value(json_object_get(e, "code")),
	    RPC_APP_ERROR);
	assert_string_equal(json_string_value(json_object_get(e, "message")),
	    "wrong code");
	d = json_object_get(e, "data");
	assert_string_equal(json_string_value(json_object_get(d, "reason")),
	    "wrong_code");
	assert_int_equal(json_integer_value(json_object_get(d,
	    "attempts_left")), 2);
	json_decref(m);
	json_decref(id);

	/* No id: null.  No message: the reason.  Non-object data: replaced. */
	m = rpc_error(NULL, RPC_PARSE_ERROR, R_PARSE_ERROR, NULL,
	    json_array());
	assert_true(json_is_null(json_object_get(m, "id")));
	e = json_object_get(m, "error");
	assert_string_equal(json_string_value(json_object_get(e, "message")),
	    "parse_error");
	d = json_object_get(e, "data");
	assert_true(json_is_object(d));
	assert_int_equal(json_object_size(d), 1);
	assert_int_equal(rpc_classify(m, NULL), RPC_RESPONSE);
	json_decref(m);

	/* A message that is not UTF-8 still makes a well-formed error. */
	m = rpc_error(NULL, RPC_APP_ERROR, R_LENDER_ERROR, "bad \xff text",
	    NULL);
	e = json_object_get(m, "error");
	assert_non_null(e);
	assert_string_equal(json_string_value(json_object_get(e, "message")),
	    "lender_error");
	assert_int_equal(rpc_classify(m, NULL), RPC_RESPONSE);
	json_decref(m);
}

/* The one JSON wiper: every string, nested too; UNSHARED spares a value
 * someone else still holds. */
static void
test_wipe(void **state)
{
	json_t		*v, *kept;
	const char	*pw, *code, *k;

	(void)state;
	v = json_pack("{s:s, s:{s:[s]}, s:i}", "password", "Demo2026",
	    "challenge", "codes", "123456", "n", 7);
	pw = json_string_value(json_object_get(v, "password"));
	code = json_string_value(json_array_get(json_object_get(
	    json_object_get(v, "challenge"), "codes"), 0));
	codec_wipe(v, 0);
	assert_int_equal(pw[0], 0);
	assert_int_equal(code[0], 0);
	assert_int_equal(json_integer_value(json_object_get(v, "n")), 7);
	json_decref(v);

	v = json_pack("{s:s, s:s}", "code", "654321", "phone", "+79000000001");
	kept = json_incref(json_object_get(v, "phone"));
	codec_wipe(v, CODEC_WIPE_UNSHARED);
	assert_int_equal(json_string_value(json_object_get(v, "code"))[0], 0);
	k = json_string_value(kept);
	assert_string_equal(k, "+79000000001");
	json_decref(kept);
	json_decref(v);
	codec_wipe(NULL, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_at_every_byte),
		cmocka_unit_test(test_byte_by_byte),
		cmocka_unit_test(test_empty_lines_skipped),
		cmocka_unit_test(test_bad_json_then_valid),
		cmocka_unit_test(test_line_of_max_length),
		cmocka_unit_test(test_line_one_byte_over),
		cmocka_unit_test(test_put_roundtrip),
		cmocka_unit_test(test_put_result_ids),
		cmocka_unit_test(test_read_flush_socketpair),
		cmocka_unit_test(test_classify_valid),
		cmocka_unit_test(test_classify_malformed),
		cmocka_unit_test(test_builders),
		cmocka_unit_test(test_error_shape),
		cmocka_unit_test(test_wipe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
