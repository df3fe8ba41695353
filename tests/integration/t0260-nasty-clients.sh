#!/bin/sh
# t0260 — a client's mistakes never take the daemon down (STYLE.md: a bad
# message drops that client, never the daemon): JSON nested 100 000 deep,
# wrong types for the params of every method the daemon offers, numbers
# out of any range, and a client that sends half a line and hangs.
. "$(dirname "$0")/lib.sh"

HELLO='{"jsonrpc":"2.0","id":0,"method":"hello","params":{"protocol":1,"client":"t0260"}}'
PING='{"jsonrpc":"2.0","id":"ping","method":"daemon.ping","params":{}}'

# raw [--lines N]: sends stdin as is; prints the answers (not events).
raw () {
	"$KBCALL" -S "$KB_SOCKET" -t 10000 --raw --no-events "$@"
}

alive () {
	kill -0 "$DAEMON_PID" &&
	kb_call daemon.ping >alive.out &&
	kb_expect_json alive.out .pong true
}

test_expect_success 'setup: sandbox and daemon' '
	kb_start_sandbox &&
	kb_start_daemon
'

test_expect_success '100 000 nested brackets: -32700, the connection stays usable' '
	{
		echo "$HELLO" &&
		head -c 100000 /dev/zero | tr "\\0" "[" && echo &&
		head -c 50000 /dev/zero | sed "s/\\x0/{\"a\":/g" && echo &&
		echo "$PING"
	} | raw --lines 4 >out &&
	cat out &&
	test "$(sed -n 2p out | jq -r .error.code)" = -32700 &&
	test "$(sed -n 4p out | jq -r .result.pong)" = true &&
	alive
'

test_expect_success 'wrong types for the params of every method: an answer each' '
	kb_call hello "{\"protocol\":1,\"client\":\"t0260\"}" >hello &&
	jq -r ".capabilities[]" hello >methods &&
	test "$(wc -l <methods)" -ge 10 &&
	n=0 &&
	: >in &&
	echo "$HELLO" >>in &&
	SOUP="{\"phone\":[],\"password\":{},\"surname\":null,\"challenge_id\":1,\"code\":1.5,\"old_password\":true,\"new_password\":[1],\"protocol\":\"1\",\"client\":7,\"query\":{},\"client_id\":-1,\"limit\":1e308,\"totp\":[],\"login\":9223372036854775807,\"new_phone\":false,\"answers\":\"x\",\"id\":[]}" &&
	while read -r m; do
		for p in "$SOUP" "[]" "[1,\"a\",null]" "{\"x\":-1e308}"; do
			n=$((n + 1)) &&
			printf "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"%s\",\"params\":%s}\n" \
			    $n "$m" "$p" >>in || return 1
		done
	done <methods &&
	echo "$PING" >>in &&
	raw --lines $((n + 2)) <in >out &&
	test "$(jq -r "select(.id == \"ping\") | .result.pong" out)" = true &&
	# every request got exactly one answer with its own id
	jq -r "select(.id | type == \"number\") | .id" out | sort -n >ids &&
	seq 0 $n >want &&
	cmp ids want &&
	alive
'

test_expect_success 'half a line, then silence: other clients are served meanwhile' '
	{ printf "%s" "{\"jsonrpc\":\"2.0\",\"id\":1,\"meth"; sleep 4; } |
		raw >half.out 2>half.err &
	half=$! &&
	sleep 0.5 &&
	alive &&
	kb_call session.status >out &&
	kb_expect_json out .state signed_out &&
	wait $half;
	alive
'

test_done
