#!/bin/sh
# t0713-faults-extension — loan.extend with the daemon killed (SIGKILL)
# at random moments while the lender delays, drops its answer after the
# extension is stored, handles the request twice or answers garbage:
# after each restart the sandbox's database holds the extension once, or
# not at all when the kill came before the request was on disk, and the
# client that reconnects is told.  KB_SEED replays; KB_FAULT_RUNS (make
# faults: 50).  See lib-faults.sh.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"
. "$SRC/tests/integration/lib-faults.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
OUTBOX=$XDG_STATE_HOME/kabinet/outbox
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

op_call () {
	"$KBCALL" -S "$KB_SOCKET" -t 60000 loan.extend \
	    '{"loan_id":"ln_1002","card_id":"cd_1002","days":1}' \
	    >"$2" 2>/dev/null
}
# Each run's extension is the one made after the previous run's: the
# rows are counted from the last one seen (LAST_SEQ).
LAST_SEQ=0
op_matches () {
	kb_sandbox_sql "SELECT id FROM payments WHERE kind = 'extension' AND
	    seq > $LAST_SEQ"
}
op_in_outbox () {
	grep -qs '"days":1[,}]' "$OUTBOX"/*.json
}
# Five extensions in a rolling year is the law's limit, not what this
# test is about: the ones made are moved a year back in the sandbox's
# database, so the loan can be extended again.
op_between_defined=1 op_between_measure=1
op_between () {
	kb_sandbox_sql "UPDATE payments SET at = at - 366 * 86400 WHERE
	    kind = 'extension'" &&
	LAST_SEQ=$(kb_sandbox_sql "SELECT coalesce(max(seq), 0) FROM payments")
}

test_expect_success 'signed in, each fault measured' '
	kb_signin $P2 Second2026 &&
	fault_measure
'

test_expect_success "loan.extend killed at random moments (KB_SEED=$KB_SEED)" '
	fault_runs loan.extend
'

fault_report
test_done
