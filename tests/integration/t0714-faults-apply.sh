#!/bin/sh
# t0714-faults-apply — loan.apply (its terms, the application, the SMS
# code that signs it) with the daemon killed (SIGKILL) at random moments
# while the lender delays, drops its answer after the application is
# stored, handles the request twice or answers garbage: after each
# restart the sandbox's database holds the application once, or not at
# all when the kill came before the request was on disk; a code the new
# daemon offers again is answered, as the user would; and the client
# that reconnects sees the application.  KB_SEED replays; KB_FAULT_RUNS
# (make faults: 50).  See lib-faults.sh.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"
. "$SRC/tests/integration/lib-faults.sh"

P1=+79000000001
SANDBOX_DB=$TEST_DIR/sandbox.db
OUTBOX=$XDG_STATE_HOME/kabinet/outbox
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

# Run I asks for its own amount and term (within a first loan's 15 000).
amount () {
	echo $((100000 * (1 + $1 % 15)))
}
term () {
	echo $((5 + ($1 / 15) % 26))
}
op_call () {
	oc_a=$(amount $1) oc_t=$(term $1)
	cat >"$TEST_DIR/apply.flow" <<-EOS
	call loan.terms {"amount":$oc_a,"term":$oc_t,"card_id":"cd_1001"}
	capture TH sha256
	send loan.apply {"amount":$oc_a,"term":$oc_t,"card_id":"cd_1001","document_sha256":"\$TH"}
	expect-event challenge.required 30000
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $P1
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer 30000
	EOS
	rm -f "$2"
	if "$KBCALL" -S "$KB_SOCKET" -t 60000 --script "$TEST_DIR/apply.flow" \
	    >"$TEST_DIR/apply.out" 2>&1; then
		tail -n 1 "$TEST_DIR/apply.out" >"$2"
	else
		: >"$2"
		return 1
	fi
}
op_matches () {
	kb_sandbox_sql "SELECT id FROM applications WHERE account_id =
	    'cl_1001' AND amount = $(amount $1) AND term = $(term $1)"
}
op_in_outbox () {
	grep -qs "\"amount\":$(amount $1),.*\"term\":$(term $1)[,}]" \
	    "$OUTBOX"/*.json
}
# The new daemon offers the code of an application it sent again: the
# user answers it.
op_settle_defined=1
op_settle () {
	kb_call session.status >"$TEST_DIR/st.json" || return 1
	os_ch=$(jq -r '.pending_challenge.challenge_id // empty' \
	    "$TEST_DIR/st.json")
	[ -n "$os_ch" ] || return 0
	cat >"$TEST_DIR/settle.flow" <<-EOS
	shell CODE sh $SRC/tests/tools/sms-code.sh $P1
	call challenge.answer {"challenge_id":"$os_ch","code":"\$CODE"}
	EOS
	"$KBCALL" -S "$KB_SOCKET" -t 30000 --script "$TEST_DIR/settle.flow" \
	    >>"$TEST_DIR/settle.out" 2>&1
}
# The reconnected client sees the application (the dashboard's list).
op_told_defined=1
op_told () {
	kb_call loan.list >"$TEST_DIR/list.json" &&
	jq -e --arg id "$2" 'any(.applications[]; .id == $id)' \
	    "$TEST_DIR/list.json" >/dev/null
}
# One application at a time: the run's is closed (declined, its loan
# repaid) in the sandbox's database, and the clock moves an hour on so
# that the phone's SMS budget (5 an hour) allows the next code.
op_between_defined=1 op_between_measure=1
op_between () {
	kb_sandbox_sql "UPDATE applications SET state = 'declined' WHERE
	    account_id = 'cl_1001' AND state IN ('awaiting_signature',
	    'submitted', 'under_review', 'approved');
	    UPDATE loans SET state = 'closed' WHERE account_id = 'cl_1001'" &&
	expect 200 POST /sandbox/clock '{"advance_seconds":3601}'
}

test_expect_success 'signed in, each fault measured' '
	kb_signin $P1 Demo2026 &&
	expect 200 POST /sandbox/clock "{\"advance_seconds\":3601}" &&
	fault_measure
'

test_expect_success "loan.apply killed at random moments (KB_SEED=$KB_SEED)" '
	fault_runs loan.apply
'

fault_report
test_done
