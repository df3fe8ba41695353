#!/bin/sh
# t0698-history-order — the payment history's order is the order things
# happened: a loan paid out at 08:00 (Moscow, on the test clock) and
# repaid in part a minute later lists the payment above the payout.  (The payout and its interest
# were dated noon of the issue day, so a payment made before noon was
# listed as older than the money it repaid.)
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P1=+79000000001
kb_start_sandbox
kb_start_daemon

kb () {
	"$B/kabinet" -S "$KB_SOCKET" --no-start-daemon "$@"
}
loan_active () {
	kb_call loan.due >d.json && kb_expect_json d.json .loan.state active
}

test_expect_success 'a loan paid out at 08:00 Moscow, then a payment' '
	# the morning: the sandbox, the daemon and this script share the clock
	now=$(date +%s) &&
	kb_clock_advance $(( (now / 86400 + 1) * 86400 + 5 * 3600 - now )) &&
	kb_signin $P1 Demo2026 &&
	kb_with_code $P1 apply --yes 5000 10 &&
	kb_retry 30 loan_active &&
	kb pay --yes 100 >out 2>err
'

test_expect_success 'the history: the payment above the payout, in time order' '
	kb_call payment.history "{\"limit\":20}" >h.json &&
	jq -r ".items[].kind" h.json >kinds &&
	test "$(head -n 1 kinds)" = payment &&
	pay=$(jq -r "[.items[]|select(.kind==\"payment\")][0].at" h.json) &&
	out=$(jq -r "[.items[]|select(.kind==\"disbursement\")][0].at" h.json) &&
	test "$(date -d "$out" +%s)" -le "$(date -d "$pay" +%s)" &&
	jq -r ".items[].at" h.json | while read -r at; do
		date -d "$at" +%s
	done >secs &&
	sort -rn secs | diff - secs
'

test_done
