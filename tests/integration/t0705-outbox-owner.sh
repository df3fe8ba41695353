#!/bin/sh
# t0705-outbox-owner — a payment kept in the outbox is sent only on the
# session of the borrower who made it: after she signs out and another
# borrower signs in it waits, and it goes (once) when she is back.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P1=+79000000001
P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
OUTBOX=$XDG_STATE_HOME/kabinet/outbox
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

payments () {
	kb_sandbox_sql "SELECT count(*) FROM payments WHERE kind = 'payment'"
}

test_expect_success 'a payment made with the lender down stays in the outbox' '
	kb_signin $P2 Second2026 &&
	kb_stop_sandbox &&
	! kb_call -t 30000 payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":50000}" >out &&
	kb_expect_json out .data.reason payment_pending &&
	kb_call auth.logout >/dev/null 2>&1; kb_call session.status >out &&
	kb_expect_json out .state signed_out &&
	test "$(ls "$OUTBOX" | wc -l)" = 1
'

test_expect_success 'another borrower signed in: it waits, not sent on the wrong account' '
	kb_restart_sandbox &&
	kb_signin $P1 Demo2026 &&
	kb_wait_log "$DAEMON_LOG" "waits for its borrower to sign in" 20 &&
	test "$(payments)" = 0 &&
	test "$(ls "$OUTBOX" | wc -l)" = 1 &&
	! grep -q "settled: 404" "$DAEMON_LOG"
'

test_expect_success 'she signs in again: it is sent, once' '
	kb_call auth.logout >/dev/null &&
	# a device she used before: no SMS this time
	kb_call auth.login "{\"phone\":\"$P2\",\"password\":\"Second2026\"}" >out &&
	kb_expect_json out .state signed_in &&
	kb_retry 20 "test -z \"\$(ls $OUTBOX)\"" &&
	test "$(payments)" = 1 &&
	test "$(kb_sandbox_sql "SELECT amount FROM payments WHERE kind = '\''payment'\''")" = 50000
'

test_done
