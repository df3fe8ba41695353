#!/bin/sh
# t0716-faults-sbp — a СБП payment under faults.  Making the link
# (payment.sbp.create): the daemon killed (SIGKILL) at random moments
# while the lender delays, drops its answer after the link is made,
# handles the request twice or answers garbage — one link, or none when
# the kill came before the request was on disk, and the reconnected
# client is told.  Then the bank: the link paid at once, paid after it
# expired (the bank's notice late), or its notice delivered twice, with
# the daemon killed at a random moment meanwhile — the money is credited
# once, never lost, never twice, and payment.sbp.get on the new daemon
# shows it.  Counted in the sandbox's database.  KB_SEED replays;
# KB_FAULT_RUNS (make faults: 50).
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"
. "$SRC/tests/integration/lib-faults.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
OUTBOX=$XDG_STATE_HOME/kabinet/outbox
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

# Run I pays 100 RUB and I kopecks by СБП: its amount names it.
amount () {
	echo $((10000 + $1))
}
op_call () {
	"$KBCALL" -S "$KB_SOCKET" -t 60000 payment.sbp.create \
	    "{\"loan_id\":\"ln_1002\",\"amount\":$(amount $1)}" \
	    >"$2" 2>/dev/null
}
op_matches () {
	kb_sandbox_sql "SELECT id FROM sbp_payments WHERE amount = $(amount $1)"
}
op_in_outbox () {
	grep -qs "\"amount\":$(amount $1)[,}]" "$OUTBOX"/*.json
}
credits () {
	kb_sandbox_sql "SELECT count(*) FROM payments WHERE kind = 'payment'
	    AND amount = $(amount $1) AND card_id IS NULL"
}
# The bank's step for run I's link, the daemon killed at a random moment
# of it: pay (the bank's page), late (the link expired, then the bank's
# notice), twice (paid, and its notice delivered twice more).
BANK="pay late twice"
bank () {
	case $1 in
	pay)	curl -sS --cacert "$KB_CA" -o /dev/null -d action=pay \
		    "$SANDBOX_URL/sbp/$2" ;;
	late)	curl -sS --cacert "$KB_CA" -o /dev/null -X POST \
		    -H 'Content-Type: application/json' \
		    -d '{"advance_seconds":601}' "$SANDBOX_URL/sandbox/clock" &&
		curl -sS --cacert "$KB_CA" -o /dev/null -X POST \
		    -H 'Content-Type: application/json' -d '{"copies":1}' \
		    "$SANDBOX_URL/sandbox/sbp/$2/deliver" ;;
	twice)	curl -sS --cacert "$KB_CA" -o /dev/null -d action=pay \
		    "$SANDBOX_URL/sbp/$2" &&
		curl -sS --cacert "$KB_CA" -o /dev/null -X POST \
		    -H 'Content-Type: application/json' -d '{"copies":2}' \
		    "$SANDBOX_URL/sandbox/sbp/$2/deliver" ;;
	esac
}
op_between_defined=1
op_between () {
	ob_id=$(op_matches $1)
	[ -n "$ob_id" ] || return 0	# no link: nothing to pay
	ob_qrc=$(kb_sandbox_sql "SELECT qrc_id FROM sbp_payments WHERE
	    id = '$ob_id'")
	rand_below 3
	ob_step=$(echo $BANK | cut -d' ' -f$((RAND + 1)))
	rand_below 1001
	ob_at=$((BANK_MS * RAND / 1000))
	bank $ob_step "$ob_qrc" &
	ob_pid=$!
	sleep "$(printf '%d.%03d' $((ob_at / 1000)) $((ob_at % 1000)))"
	kb_kill_daemon
	wait $ob_pid
	kb_start_daemon || return 1
	kb_retry 20 fault__signed_in || return 1
	ob_n=$(credits $1) ob_v=ok
	if [ "$ob_n" -gt 1 ]; then
		ob_v=DOUBLED
	elif [ "$ob_n" = 0 ]; then
		ob_v=LOST
	elif ! kb_call payment.sbp.get "{\"sbp_id\":\"$ob_id\"}" \
	    >"$TEST_DIR/sbp.json" || ! jq -e '.sbp.payment.id != null' \
	    "$TEST_DIR/sbp.json" >/dev/null; then
		ob_v=UNTOLD
	fi
	echo "run $1 bank: $ob_step, daemon killed at $ob_at of $BANK_MS ms" \
	    "($RAND‰), credited $ob_n: $ob_v" | tee -a "$TEST_DIR/runs.txt"
	test $ob_v = ok
}

test_expect_success 'signed in, each fault measured' '
	kb_signin $P2 Second2026 &&
	fault_measure &&
	t0=$(now_ms) &&
	bank late "$(kb_sandbox_sql "SELECT qrc_id FROM sbp_payments LIMIT 1")" &&
	BANK_MS=$(( $(now_ms) - t0 )) &&
	echo "# measured the bank: $BANK_MS ms"
'

test_expect_success "СБП: made, paid, late, twice, killed at random moments (KB_SEED=$KB_SEED)" '
	fault_runs sbp
'

fault_report
test_done
