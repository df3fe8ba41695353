#!/bin/sh
# t0225-fair-share — one client cannot starve the others: while one
# connection floods the daemon with lender-bound calls (loan.list, each a
# GET /v1/loans the sandbox answers 300 ms late), another client's same
# call waits for its own round trip, not behind the flood.  The bound is
# taken from the same run: the well-behaved client's slowest call under
# the flood must stay under twice its slowest call unloaded plus one
# round trip (on a daemon that serves calls first come first served it
# waits for the whole flood ahead of it, 100 calls over 6 connections:
# about 5 s).  The numbers are in the log.
. "$(dirname "$0")/lib.sh"

P1=+79000000001
RPCBENCH=$B/tests/tools/rpcbench
FLOOD=100
kb_start_sandbox --latency-ms 300
kb_start_daemon

test_expect_success 'signed in' '
	kb_call auth.login "{\"phone\":\"$P1\",\"password\":\"Demo2026\"}" >out ||
	{
		cat >flow <<-EOS &&
		send auth.login {"phone":"$P1","password":"Demo2026"}
		expect-event challenge.required
		capture CH challenge_id
		shell CODE sh $SRC/tests/tools/sms-code.sh $P1
		call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
		answer
		EOS
		"$KBCALL" --script flow >out
	} &&
	kb_call session.status >out &&
	kb_expect_json out .state signed_in
'

test_expect_success 'unloaded: the well-behaved client'\''s loan.list' '
	"$RPCBENCH" -S "$KB_SOCKET" -n 5 -w 1 -m loan.list >calm.json &&
	cat calm.json &&
	CALM=$(jq .max_us calm.json) &&
	test "$CALM" -ge 300000
'

test_expect_success 'under a flood from another connection: its own round trip, not the flood' '
	{
		echo "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"hello\",\"params\":{\"protocol\":1}}" &&
		i=1 && while [ $i -le $FLOOD ]; do
			echo "{\"jsonrpc\":\"2.0\",\"id\":$i,\"method\":\"loan.list\"}"
			i=$((i + 1))
		done
	} >flood.jsonl &&
	{ "$KBCALL" -S "$KB_SOCKET" -t 120000 --raw --lines $((FLOOD + 1)) --no-events \
	    <flood.jsonl >flood.out 2>flood.err & } &&
	FLOOD_PID=$! &&
	kb_retry 10 "test \$(grep -c \"GET /v1/loans \" \"$SANDBOX_LOG\") -ge 4" &&
	"$RPCBENCH" -S "$KB_SOCKET" -n 5 -w 0 -m loan.list >flooded.json &&
	cat flooded.json &&
	kill -0 $FLOOD_PID &&
	DONE=$(grep -c "GET /v1/loans " "$SANDBOX_LOG") &&
	echo "lender calls done when the last one came back: $DONE of $((FLOOD + 6))" &&
	FLOODED=$(jq .max_us flooded.json) &&
	echo "slowest call: unloaded $CALM us, under the flood $FLOODED us" &&
	test "$FLOODED" -lt $((2 * CALM + 300000))
'

test_expect_success 'the flood itself is answered in full' '
	wait $FLOOD_PID &&
	test "$(grep -c "\"result\"" flood.out)" = $((FLOOD + 1))
'

test_done
