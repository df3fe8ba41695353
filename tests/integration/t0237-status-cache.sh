#!/bin/sh
# t0237-status-cache — session.status is answered from the text kept of
# its last answer while nothing in it has changed, and never stale: the
# answer is the same whatever the id (number, string) or the way (alone,
# in a batch), it follows a sign-in, a change of the lender's products and
# a sign-out at once, and a client with a challenge of its own sees it
# where another client does not.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P1=+79000000001
HELLO='{"jsonrpc":"2.0","id":0,"method":"hello","params":{"protocol":1,"client":"t0237"}}'

# raw LINE...: hello, then each LINE; the answers after hello's.
raw () {
	printf "%s\n" "$HELLO" "$@" |
		"$KBCALL" -S "$KB_SOCKET" -t 5000 --raw --no-events \
		    --lines $((${N:-1} + 1)) >all &&
	sed 1d all >out
}

# rate: the first product's rate a day, as session.status says it.
rate () {
	kb_call session.status | jq -r '.lender.products[0].rate_bp_per_day'
}

test_expect_success 'setup: sandbox and daemon' '
	kb_start_sandbox &&
	kb_start_daemon
'

test_expect_success 'the same answer for a number id, a string id and in a batch' '
	raw "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"session.status\"}" &&
	kb_expect_json out .id 7 &&
	jq -S .result out >a &&
	raw "{\"jsonrpc\":\"2.0\",\"id\":\"s\\\"q\",\"method\":\"session.status\"}" &&
	kb_expect_json out .id "s\"q" &&
	jq -S .result out >b &&
	raw "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"daemon.ping\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"session.status\"}]" &&
	jq -S ".[] | select(.id == 2) | .result" out >c &&
	test -s a && cmp a b && cmp a c &&
	kb_expect_json a .state signed_out &&
	raw "{\"jsonrpc\":\"2.0\",\"method\":\"session.status\"}" \
	    "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"daemon.ping\"}" &&
	kb_expect_json out .id 9
'

test_expect_success 'a sign-in shows at once' '
	kb_signin $P1 Demo2026 &&
	kb_call session.status >st &&
	kb_expect_json st .state signed_in &&
	kb_expect_json st .phone_masked "+7 9** ***-**-01"
'

test_expect_success 'new products from the lender show without a restart' '
	old=$(rate) &&
	test "$old" != null &&
	expect 200 POST /sandbox/product \
	    "{\"rate_bp_per_day\":50,\"charges_cap_percent\":100}" &&
	kb_retry 15 "test \"\$(rate)\" = 50"
'

test_expect_success 'a challenge shows to its own client only' '
	cat >flow <<-EOS &&
	send service.set {"service_id":"insurance","enabled":true}
	expect-event challenge.required
	call session.status
	expect pending_challenge.purpose service
	shell OTHER $KBCALL -S $KB_SOCKET session.status | jq -c .pending_challenge
	echo other=\$OTHER
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script flow >out 2>&1 &&
	grep -qx "other=null" out ||
	{ cat out; false; }
'

test_expect_success 'a sign-out shows at once' '
	kb_call auth.logout >/dev/null;
	kb_call session.status >st &&
	kb_expect_json st .state signed_out &&
	kb_expect_json st .pending_challenge null
'

test_done
