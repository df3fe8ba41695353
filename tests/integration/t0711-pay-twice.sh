#!/bin/sh
# t0711-pay-twice — a retry after a crash does not pay twice: while a
# payment waits unsettled in the outbox (the lender down or still holding
# its answer, the daemon killed and started again), payment.make and
# `kabinet pay` of the same amount to the same loan are refused with the
# first payment shown; only an explicit second confirmation
# (confirm_duplicate, --again) pays twice.  Counted in the sandbox's own
# database.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
OUTBOX=$XDG_STATE_HOME/kabinet/outbox
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

paid () {
	kb_sandbox_sql "SELECT count(*) FROM payments WHERE kind = 'payment' AND amount = $1"
}
pay () {
	kb_call -t 30000 payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":$1${2:+,$2}}"
}
# After a restart the session comes back from the keyring; session.status
# answers once it has been looked up.
signed_in_again () {
	kb_call session.status >status.json &&
	kb_expect_json status.json .state signed_in
}
outbox_empty () {
	test -z "$(ls "$OUTBOX" 2>/dev/null)"
}

test_expect_success 'signed in' '
	kb_signin $P2 Second2026
'

test_expect_success 'the lender down, the daemon killed: the same payment again is refused and the first shown' '
	kb_stop_sandbox &&
	! pay 10000 >out &&
	kb_expect_json out .data.reason payment_pending &&
	KEY=$(jq -r .data.key out) &&
	kb_kill_daemon &&
	kb_start_daemon &&
	signed_in_again &&
	! pay 10000 >out &&
	cat out &&
	kb_expect_json out .data.reason payment_unsettled &&
	kb_expect_json out ".data.pending|length" 1 &&
	kb_expect_json out .data.pending[0].key "$KEY" &&
	kb_expect_json out .data.pending[0].amount 10000 &&
	kb_expect_json out .data.pending[0].loan_id ln_1002 &&
	test "$(ls "$OUTBOX" | wc -l)" = 1 &&
	kb_call outbox.list >out &&
	kb_expect_json out .items[0].amount 10000
'

test_expect_success 'the lender back: the first one is paid, once' '
	kb_restart_sandbox &&
	kb_retry 20 outbox_empty &&
	test "$(paid 10000)" = 1
'

test_expect_success 'a second payment only when the user confirms it' '
	kb_stop_sandbox &&
	! pay 20000 >out &&
	kb_expect_json out .data.reason payment_pending &&
	! pay 20000 >out &&
	kb_expect_json out .data.reason payment_unsettled &&
	! pay 20000 "\"confirm_duplicate\":true" >out &&
	kb_expect_json out .data.reason payment_pending &&
	test "$(ls "$OUTBOX" | wc -l)" = 2 &&
	kb_restart_sandbox &&
	kb_retry 20 outbox_empty &&
	test "$(paid 20000)" = 2
'

test_expect_success 'kabinet pay: the lender holding its answer, the daemon killed, the retry refused' '
	expect 200 POST /sandbox/payments/hold "{\"ms\":20000}" &&
	{ pay 30000 >/dev/null 2>&1 & } &&
	kb_retry 10 "test \"\$(paid 30000)\" = 1" &&
	kb_kill_daemon &&
	kb_start_daemon &&
	signed_in_again &&
	test_must_fail_rc 3 kb pay --yes 300 >out 2>err &&
	cat err &&
	grep -q "payment of 300.00 RUB made on .* is not confirmed by the lender yet" err &&
	grep -q "pay --again" err &&
	{ kb pay --yes --again 300 >out 2>err || test $? = 3; } &&
	expect 200 POST /sandbox/payments/hold "{\"ms\":0}" &&
	kb_retry 30 outbox_empty &&
	test "$(paid 30000)" = 2
'

test_done
