#!/bin/sh
# t0201 — JSON-RPC 2.0 as its specification says: every example of the
# specification's section 7, with the daemon's own methods where the
# examples call "subtract", "sum" or "get_data": notifications are never
# answered, batches are answered with one array (none for a batch of
# notifications), and the 1 MiB line limit holds for a whole batch.
. "$(dirname "$0")/lib.sh"

HELLO='{"jsonrpc":"2.0","id":0,"method":"hello","params":{"protocol":1,"client":"t0201"}}'

# spec LINE...: hello, then each LINE; prints the answers after hello's
# (not events), stopping after $N of them (default 1).
spec () {
	printf "%s\n" "$HELLO" "$@" |
		"$KBCALL" -S "$KB_SOCKET" -t 5000 --raw --no-events \
		    --lines $((${N:-1} + 1)) >all &&
	sed 1d all >out &&
	cat out
}

test_expect_success 'setup: sandbox and daemon' '
	kb_start_sandbox &&
	kb_start_daemon
'

test_expect_success '7: a call with positional parameters' '
	spec "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.ping\",\"params\":[],\"id\":1}" &&
	kb_expect_json out .id 1 &&
	kb_expect_json out .result.pong true &&
	spec "{\"jsonrpc\":\"2.0\",\"method\":\"calc.quote\",\"params\":[42,23],\"id\":2}" &&
	kb_expect_json out .id 2 &&
	kb_expect_json out .error.code -32602
'

test_expect_success '7: a call with named parameters' '
	spec "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.ping\",\"params\":{},\"id\":3}" &&
	kb_expect_json out .id 3 &&
	kb_expect_json out .result.pong true &&
	spec "{\"jsonrpc\":\"2.0\",\"method\":\"hello\",\"params\":{\"client\":\"t0201\",\"protocol\":1},\"id\":4}" &&
	kb_expect_json out .id 4 &&
	kb_expect_json out .result.protocol 1
'

test_expect_success '7: a notification is not answered, even when the method does not exist' '
	spec "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.ping\",\"params\":[1,2,3,4,5]}" \
	    "{\"jsonrpc\":\"2.0\",\"method\":\"foobar\"}" \
	    "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.ping\"}" \
	    "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.ping\",\"id\":5}" &&
	kb_expect_json out .id 5 &&
	kb_expect_json out .result.pong true
'

test_expect_success '7: a call of a method that does not exist' '
	spec "{\"jsonrpc\":\"2.0\",\"method\":\"foobar\",\"id\":\"1\"}" &&
	kb_expect_json out .id 1 &&
	kb_expect_json out ".id|type" string &&
	kb_expect_json out .error.code -32601
'

test_expect_success '7: a call with invalid JSON' '
	spec "{\"jsonrpc\":\"2.0\",\"method\":\"foobar, \"params\":\"bar\",\"baz]" &&
	kb_expect_json out .error.code -32700 &&
	kb_expect_json out ".id|type" null
'

test_expect_success '7: a call with an invalid Request object' '
	spec "{\"jsonrpc\":\"2.0\",\"method\":1,\"params\":\"bar\"}" &&
	kb_expect_json out .error.code -32600 &&
	kb_expect_json out ".id|type" null
'

test_expect_success '7: a batch that is not JSON gets one -32700' '
	spec "[{\"jsonrpc\":\"2.0\",\"method\":\"daemon.ping\",\"params\":[1,2,4],\"id\":\"1\"},{\"jsonrpc\":\"2.0\",\"method\"]" &&
	kb_expect_json out type object &&
	kb_expect_json out .error.code -32700 &&
	kb_expect_json out ".id|type" null
'

test_expect_success '7: an empty batch gets one -32600, not an array' '
	spec "[]" &&
	kb_expect_json out type object &&
	kb_expect_json out .error.code -32600 &&
	kb_expect_json out ".id|type" null
'

test_expect_success '7: a batch of one invalid entry gets an array of one -32600' '
	spec "[1]" &&
	kb_expect_json out type array &&
	kb_expect_json out length 1 &&
	kb_expect_json out ".[0].error.code" -32600 &&
	kb_expect_json out ".[0].id|type" null
'

test_expect_success '7: a batch of three invalid entries gets an array of three' '
	spec "[1,2,3]" &&
	kb_expect_json out type array &&
	kb_expect_json out length 3 &&
	kb_expect_json out "[.[].error.code]|unique|tostring" "[-32600]" &&
	kb_expect_json out "[.[].id|type]|unique|join(\",\")" null
'

test_expect_success '7: a mixed batch gets the answers to its requests, none for its notifications' '
	spec "[{\"jsonrpc\":\"2.0\",\"method\":\"daemon.ping\",\"params\":{},\"id\":\"1\"},{\"jsonrpc\":\"2.0\",\"method\":\"session.status\",\"params\":[7]},{\"jsonrpc\":\"2.0\",\"method\":\"session.status\",\"params\":{},\"id\":\"2\"},{\"foo\":\"boo\"},{\"jsonrpc\":\"2.0\",\"method\":\"foo.get\",\"params\":{\"name\":\"myself\"},\"id\":\"5\"},{\"jsonrpc\":\"2.0\",\"method\":\"daemon.ping\",\"id\":\"9\"}]" &&
	kb_expect_json out type array &&
	kb_expect_json out length 5 &&
	kb_expect_json out "[.[]|select(.id==\"1\")][0].result.pong" true &&
	kb_expect_json out "[.[]|select(.id==\"2\")][0].result.state" signed_out &&
	kb_expect_json out "[.[]|select(.id==null)][0].error.code" -32600 &&
	kb_expect_json out "[.[]|select(.id==\"5\")][0].error.code" -32601 &&
	kb_expect_json out "[.[]|select(.id==\"9\")][0].result.pong" true
'

test_expect_success '7: a batch of notifications only is answered with nothing' '
	spec "[{\"jsonrpc\":\"2.0\",\"method\":\"daemon.ping\",\"params\":[1,2,4]},{\"jsonrpc\":\"2.0\",\"method\":\"session.status\",\"params\":[7]}]" \
	    "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.ping\",\"id\":6}" &&
	kb_expect_json out type object &&
	kb_expect_json out .id 6
'

test_expect_success 'a batch may say hello first' '
	printf "%s\n" "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"hello\",\"params\":{\"protocol\":1}},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"daemon.ping\"}]" |
		"$KBCALL" -S "$KB_SOCKET" -t 5000 --raw --no-events --lines 1 >out &&
	cat out &&
	kb_expect_json out "[.[].id]|sort|tostring" "[1,2]" &&
	kb_expect_json out "[.[]|select(.id==2)][0].result.pong" true
'

test_expect_success 'a batch over 1 MiB is refused as one line, and the connection closed' '
	{
		printf "[" &&
		i=0 && while [ $i -lt 25000 ]; do
			printf "{\"jsonrpc\":\"2.0\",\"method\":\"daemon.ping\",\"id\":%d}," $i
			i=$((i + 1))
		done &&
		echo "1]"
	} >big &&
	test "$(wc -c <big)" -gt 1048576 &&
	"$KBCALL" -S "$KB_SOCKET" -t 5000 --raw --no-events <big >out 2>err;
	cat out err &&
	test "$(wc -l <out)" = 1 &&
	kb_expect_json out .error.data.reason line_too_long &&
	grep -q "closed by daemon" err &&
	kb_call daemon.ping >out &&
	kb_expect_json out .pong true
'

test_done
