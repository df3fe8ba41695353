#!/bin/sh
# t0200 — the client <-> daemon wire: framing limits, malformed
# messages, hello.  A bad message never takes the daemon down.
. "$(dirname "$0")/lib.sh"

HELLO='{"jsonrpc":"2.0","id":1,"method":"hello","params":{"protocol":1,"client":"t0200"}}'
PING='{"jsonrpc":"2.0","id":2,"method":"daemon.ping","params":{}}'

# raw [--lines N]: sends stdin as is; prints the answers (not events).
raw () {
	"$KBCALL" -S "$KB_SOCKET" -t 5000 --raw --no-events "$@"
}

test_expect_success 'setup: sandbox and daemon' '
	kb_start_sandbox &&
	kb_start_daemon
'

test_expect_success 'a 2 MiB line gets one line_too_long error, then a close' '
	{ head -c 2097152 /dev/zero | tr "\\0" a; echo; } |
		raw >out 2>err;
	echo "kbcall exit $?" &&
	cat out err &&
	test "$(wc -l <out)" = 1 &&
	kb_expect_json out .error.data.reason line_too_long &&
	grep -q "closed by daemon" err
'

test_expect_success 'the daemon keeps serving after the long line' '
	kill -0 "$DAEMON_PID" &&
	kb_call daemon.ping >out &&
	kb_expect_json out .pong true
'

test_expect_success 'a long line from one client leaves another client be' '
	printf "%s\n" "$HELLO" >slow.in &&
	{ cat slow.in; sleep 2; printf "%s\n" "$PING"; } |
		raw --lines 2 >slow.out 2>slow.err &
	slow=$! &&
	sleep 0.5 &&
	{ head -c 2097152 /dev/zero | tr "\\0" x; } | raw >long.out 2>&1;
	wait $slow &&
	cat slow.out &&
	test "$(sed -n 2p slow.out | jq -r .result.pong)" = true
'

test_expect_success 'invalid JSON gets -32700 with id null; the connection stays usable' '
	printf "%s\n" "{not json" "$HELLO" "$PING" | raw --lines 3 >out &&
	cat out &&
	test "$(sed -n 1p out | jq -r .error.code)" = -32700 &&
	test "$(sed -n 1p out | jq -r ".id | type")" = null &&
	test "$(sed -n 2p out | jq -r .id)" = 1 &&
	test "$(sed -n 2p out | jq -r .result.protocol)" = 1 &&
	test "$(sed -n 3p out | jq -r .result.pong)" = true
'

test_expect_success 'a JSON array of non-requests gets an array of -32600' '
	printf "%s\n" "[1,2]" "$HELLO" | raw --lines 2 >out &&
	cat out &&
	test "$(sed -n 1p out | jq -r ".[].error.code" | sort -u)" = -32600 &&
	test "$(sed -n 1p out | jq -r length)" = 2 &&
	test "$(sed -n 2p out | jq -r .result.protocol)" = 1
'

test_expect_success 'a bare number gets -32600' '
	printf "%s\n" "42" "$HELLO" | raw --lines 2 >out &&
	cat out &&
	test "$(sed -n 1p out | jq -r .error.code)" = -32600 &&
	test "$(sed -n 2p out | jq -r .result.protocol)" = 1
'

test_expect_success 'an unknown method gets -32601 unknown_method' '
	test_must_fail_rc 1 kb_call no.such.method >out &&
	cat out &&
	kb_expect_json out .code -32601 &&
	kb_expect_json out .data.reason unknown_method
'

test_expect_success 'a request without id is a notification: never answered' '
	printf "%s\n" "$HELLO" \
	    "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.ping\",\"params\":{}}" \
	    "$PING" | raw --lines 2 >out &&
	cat out &&
	test "$(sed -n 2p out | jq -r .id)" = 2
'

test_expect_success 'hello with protocol 2 is refused, naming both versions' '
	test_must_fail_rc 1 kb_call --no-hello hello \
	    "{\"protocol\":2,\"client\":\"t0200/9\"}" >out &&
	cat out &&
	kb_expect_json out .data.reason protocol_mismatch &&
	jq -r .message out >msg &&
	grep -qw 1 msg && grep -qw 2 msg
'

test_expect_success 'a call before hello gets hello_required' '
	test_must_fail_rc 1 kb_call --no-hello daemon.ping >out &&
	cat out &&
	kb_expect_json out .data.reason hello_required
'

test_expect_success 'every method but hello is refused before hello' '
	kb_call --no-hello hello "{\"protocol\":1,\"client\":\"t0200\"}" \
	    >hello.out &&
	jq -c "[.capabilities[] | select(. != \"hello\") |
	    {jsonrpc: \"2.0\", id: ., method: ., params: {}}]" \
	    hello.out >batch &&
	test "$(jq length batch)" -gt 40 &&
	raw --lines 1 <batch >out &&
	jq -r ".[] | [.id, .error.data.reason] | @tsv" out >reasons &&
	test "$(wc -l <reasons)" = "$(jq length batch)" &&
	! grep -v "	hello_required\$" reasons
'

test_expect_success 'the daemon is still up and answering' '
	kill -0 "$DAEMON_PID" &&
	kb_call daemon.ping >out &&
	kb_expect_json out .pong true
'

test_done
