#!/bin/sh
# t0712-faults-payment — payment.make with the daemon killed (SIGKILL) at
# random moments while the lender delays, drops its answer after the
# payment is stored, handles the request twice or answers garbage: after
# each restart the sandbox's database holds the payment once, or not at
# all when the kill came before the request was on disk, and the client
# that reconnects is told.  KB_SEED replays; KB_FAULT_RUNS (make faults:
# 50).  See lib-faults.sh.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"
. "$SRC/tests/integration/lib-faults.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
OUTBOX=$XDG_STATE_HOME/kabinet/outbox
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

# Run I pays 100 RUB and I kopecks: its amount names it.
amount () {
	echo $((10000 + $1))
}
op_call () {
	"$KBCALL" -S "$KB_SOCKET" -t 60000 payment.make \
	    "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":$(amount $1)}" \
	    >"$2" 2>/dev/null
}
op_matches () {
	kb_sandbox_sql "SELECT id FROM payments WHERE kind = 'payment' AND
	    amount = $(amount $1)"
}
op_in_outbox () {
	grep -qs "\"amount\":$(amount $1)[,}]" "$OUTBOX"/*.json
}

test_expect_success 'signed in, each fault measured' '
	kb_signin $P2 Second2026 &&
	fault_measure
'

test_expect_success "payment.make killed at random moments (KB_SEED=$KB_SEED)" '
	fault_runs payment.make
'

fault_report
test_done
