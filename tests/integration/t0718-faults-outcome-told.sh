#!/bin/sh
# t0718-faults-outcome-told — an outcome nobody heard is told later: the
# client that made a payment goes while the lender holds its answer; the
# payment settles with nobody listening, and the daemon is killed.  The
# next client, on the daemon started again, is told (payment.updated with
# the key), and so is a client of the next day's session start; another
# borrower's client is not.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
OUTBOX=$XDG_STATE_HOME/kabinet/outbox
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

listen () {
	cat >listen.flow <<-\EOS
	expect-event payment.updated 15000
	EOS
	"$KBCALL" -S "$KB_SOCKET" -t 15000 --script listen.flow >"$1"
}

test_expect_success 'signed in' '
	kb_signin $P2 Second2026
'

test_expect_success 'the caller gone, the payment settles with nobody to hear it' '
	expect 200 POST /sandbox/payments/hold "{\"ms\":1500}" || return 1
	"$KBCALL" -S "$KB_SOCKET" -t 30000 payment.make \
	    "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":12345}" \
	    >/dev/null 2>&1 &
	CALLER=$!
	kb_retry 10 "test \"\$(kb_sandbox_sql \"SELECT count(*) FROM payments WHERE amount = 12345\")\" = 1" &&
	KEY=$(jq -r .key "$OUTBOX"/*.json) &&
	kill $CALLER
	wait $CALLER
	kb_wait_log "$DAEMON_LOG" "payment $KEY: its caller went" 20 &&
	expect 200 POST /sandbox/payments/hold "{\"ms\":0}" &&
	kb_kill_daemon
'

test_expect_success 'the next client of the new daemon is told, with the key' '
	kb_start_daemon &&
	listen told.out &&
	jq -e --arg k "$KEY" "select(.key == \$k) | .state == \"succeeded\"
	    and .payment.amount == 12345" told.out
'

test_expect_success 'and so is the next one; not another borrower' '
	listen again.out &&
	jq -e --arg k "$KEY" "select(.key == \$k)" again.out &&
	kb_call auth.logout >/dev/null &&
	kb_signin +79000000001 Demo2026 &&
	cat >quiet.flow <<-\EOS &&
	no-event payment.updated 1500
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script quiet.flow
'

test_done
