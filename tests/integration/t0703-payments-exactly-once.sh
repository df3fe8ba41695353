#!/bin/sh
# t0703-payments-exactly-once — a payment reaches the lender exactly once
# whatever happens to the daemon or the link: kill -9 (a) after the lender
# has the payment but before its answer, (b) before the request left (the
# lender down); and dropped connections, 502s and garbage.  Counted in the
# sandbox's own database file with sqlite3.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
OUTBOX=$XDG_STATE_HOME/kabinet/outbox
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

payments () {
	kb_sandbox_sql "SELECT count(*) FROM payments WHERE kind = 'payment'"
}
pay () {
	kb_call -t 30000 payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":$1}"
}
outbox_empty () {
	test -z "$(ls "$OUTBOX" 2>/dev/null)"
}

test_expect_success 'signed in' '
	kb_signin $P2 Second2026
'

test_expect_success '(a) kill -9 while the lender holds its answer: one payment after restart' '
	expect 200 POST /sandbox/payments/hold "{\"ms\":3000}" &&
	{ pay 10000 >/dev/null 2>&1 & } &&
	kb_retry 10 "test \"\$(payments)\" = 1" &&
	test "$(ls "$OUTBOX" | wc -l)" = 1 &&
	grep -q "\"amount\":10000" "$OUTBOX"/*.json &&
	test "$(stat -c %a "$OUTBOX"/*.json)" = 600 &&
	kb_kill_daemon &&
	kb_start_daemon &&
	cat >flow <<-\EOS &&
	expect-event payment.updated 20000
	expect state succeeded
	expect payment.amount 10000
	EOS
	"$KBCALL" -t 20000 --script flow >out &&
	kb_retry 10 outbox_empty &&
	test "$(payments)" = 1 &&
	grep -q "found in the outbox" "$DAEMON_LOG" &&
	kb_call payment.history "{\"kind\":\"payment\"}" >out &&
	kb_expect_json out ".items|length" 1 &&
	expect 200 POST /sandbox/payments/hold "{\"ms\":0}"
'

test_expect_success '(b) kill -9 before the request left: sent after restart, once' '
	kb_stop_sandbox &&
	! pay 20000 >out &&
	kb_expect_json out .data.reason payment_pending &&
	KEY=$(jq -r .data.key out) &&
	test -f "$OUTBOX/$KEY.json" &&
	kb_kill_daemon &&
	kb_restart_sandbox &&
	test "$(payments)" = 1 &&
	kb_start_daemon &&
	kb_retry 15 outbox_empty &&
	test "$(payments)" = 2 &&
	test "$(kb_sandbox_sql "SELECT count(*) FROM payments WHERE amount = 20000")" = 1 &&
	kb_call payment.history "{\"kind\":\"payment\"}" >out &&
	kb_expect_json out "[.items[].amount]|join(\",\")" 20000,10000
'

test_expect_success 'dropped connections, 502s and garbage: each payment once, none lost' '
	expect 200 POST /sandbox/faults "{\"drop_rate\":0.2,\"error_rate\":0.2,\"garbage_rate\":0.1}" &&
	for a in 30100 30200 30300; do
		pay $a >>answers 2>&1 || :
	done &&
	expect 200 DELETE /sandbox/faults &&
	kb_retry 20 outbox_empty &&
	cat answers &&
	test "$(payments)" = 5 &&
	for a in 30100 30200 30300; do
		test "$(kb_sandbox_sql "SELECT count(*) FROM payments WHERE amount = $a")" = 1 || return 1
	done
'

test_done
