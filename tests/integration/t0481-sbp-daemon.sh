#!/bin/sh
# t0481-sbp-daemon — СБП through kabinetd: payment.sbp.create makes a
# link through the outbox (kind "sbp"), exactly as a card payment is
# made: the lender down and the daemon killed, the link is asked for again
# with the same key and made once (counted in the sandbox's database); the
# same link asked for meanwhile is refused unless confirmed; killed while
# the lender holds its answer, the same key goes again and one link is made.  Paid on the
# bank's page, the payment arrives on the event stream as sbp.updated with
# its split in the legal order; payment.sbp.get tells the state.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
OUTBOX=$XDG_STATE_HOME/kabinet/outbox
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

links () {
	kb_sandbox_sql "SELECT count(*) FROM sbp_payments WHERE amount = $1"
}
sbp () {
	kb_call -t 30000 payment.sbp.create "{\"loan_id\":\"ln_1002\",\"amount\":$1${2:+,$2}}"
}
outbox_empty () {
	test -z "$(ls "$OUTBOX" 2>/dev/null)"
}
signed_in_again () {
	kb_call session.status >status.json &&
	kb_expect_json status.json .state signed_in
}

test_expect_success 'signed in' '
	kb_signin $P2 Second2026
'

test_expect_success 'amounts are checked as for a card payment' '
	! sbp 99 >out &&
	kb_expect_json out .data.reason validation &&
	kb_expect_json out .data.fields[0].reason too_small &&
	! sbp "\"12,345\"" >out &&
	kb_expect_json out .data.fields[0].reason too_many_decimals &&
	! sbp 1080001 >out &&
	kb_expect_json out .data.reason validation &&
	! kb_call payment.sbp.create "{\"amount\":150000}" >out &&
	kb_expect_json out .data.reason invalid_params &&
	test "$(kb_sandbox_sql "SELECT count(*) FROM sbp_payments")" = 0
'

test_expect_success 'a link, paid on the bank page: the event stream brings the payment and its split' '
	cat >flow <<-EOS &&
	call payment.sbp.create {"loan_id":"ln_1002","amount":150000}
	expect sbp.status pending
	expect sbp.amount 150000
	capture QRC sbp.qrc_id
	capture ID sbp.id
	shell PAID curl -sS --cacert "$KB_CA" -o /dev/null -w %{http_code} --data action=pay "$SANDBOX_URL/sbp/\$QRC"
	expect-event sbp.updated 15000
	expect sbp.status paid
	expect sbp.late false
	expect sbp.payment.amount 150000
	expect sbp.payment.split.interest 80000
	expect sbp.payment.split.principal 70000
	call payment.sbp.get {"sbp_id":"\$ID"}
	expect sbp.status paid
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script flow >out 2>&1 || { cat out; false; } &&
	grep -q "https://qr.nspk.ru/AS1" out &&
	test "$(links 150000)" = 1 &&
	outbox_empty &&
	! kb_call payment.sbp.get "{\"sbp_id\":\"sbp_nope\"}" >out &&
	kb_expect_json out .data.reason sbp_not_found
'

test_expect_success 'the lender down, the daemon killed: the link is made once, the same one again refused' '
	kb_stop_sandbox &&
	! sbp 20000 >out &&
	kb_expect_json out .data.reason payment_pending &&
	KEY=$(jq -r .data.key out) &&
	grep -q "\"kind\":\"sbp\"" "$OUTBOX/$KEY.json" &&
	kb_kill_daemon &&
	kb_start_daemon &&
	signed_in_again &&
	! sbp 20000 >out &&
	kb_expect_json out .data.reason payment_unsettled &&
	kb_expect_json out .data.pending[0].key "$KEY" &&
	kb_expect_json out .data.pending[0].kind sbp &&
	kb_restart_sandbox &&
	kb_retry 20 outbox_empty &&
	test "$(links 20000)" = 1 &&
	test "$(kb_sandbox_sql "SELECT status FROM sbp_payments WHERE amount = 20000")" = pending
'

test_expect_success 'killed while the lender holds its answer: the same key again, one link' '
	expect 200 POST /sandbox/payments/hold "{\"ms\":3000}" &&
	{ sbp 30000 >/dev/null 2>&1 & } &&
	kb_retry 10 "test \"\$(links 30000)\" = 1" &&
	kb_kill_daemon &&
	kb_start_daemon &&
	signed_in_again &&
	expect 200 POST /sandbox/payments/hold "{\"ms\":0}" &&
	kb_retry 30 outbox_empty &&
	test "$(links 30000)" = 1 &&
	grep -q "sbp .* settled: 201" "$DAEMON_LOG"
'

test_done
