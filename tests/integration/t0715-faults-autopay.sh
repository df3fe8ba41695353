#!/bin/sh
# t0715-faults-autopay — autopay under faults: the sandbox itself killed
# (SIGKILL) at a random moment while its clock is moved across a loan's
# due date (one, two or three days on), then started again on the same
# database with the clock moved back to where it was: each loan is
# charged once, never twice and never not at all, and the borrower's
# notifications say so.  Counted in the sandbox's database.  KB_SEED
# replays; KB_FAULT_RUNS (make faults: 50).
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"
. "$SRC/tests/integration/lib-autopay.sh"
. "$SRC/tests/integration/lib-faults.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"

# The sandbox's clock is OFFSET seconds ahead of real time, kept by the
# test (a restarted sandbox starts at real time again).
OFFSET=0
# loan I: a 1 000 ₽ loan of the borrower falling due tomorrow by the
# sandbox's calendar (Moscow), the card cd_1002 its card.
loan () {
	ln_now=$(( $(date +%s) + OFFSET + 3 * 3600 ))
	ln_is=$(date -u -d "@$((ln_now - 10 * 86400))" +%F)
	ln_due=$(date -u -d "@$((ln_now + 86400))" +%F)
	kb_sandbox_sql "INSERT INTO loans (id, account_id, contract_number,
	    product, principal, rate_bp_per_day, term, issued_on, due_on,
	    state, principal_due, interest_due, card_id, created_at,
	    updated_at) VALUES ('ln_f$1', 'cl_1002', 'СС-F-$1', 'payday',
	    100000, 80, 11, '$ln_is', '$ln_due', 'active', 100000, 8800,
	    'cd_1002', $ln_now, $ln_now)"
}
charged () {
	kb_sandbox_sql "SELECT count(*) FROM payments WHERE loan_id = 'ln_f$1'
	    AND kind = 'payment'"
}
attempts () {
	kb_sandbox_sql "SELECT count(*) FROM autopay_attempts WHERE
	    loan_id = 'ln_f$1'"
}
told () {
	signin $P2 Second2026 >"$TEST_DIR/t2" &&
	expect 200 GET /v1/account/notifications -H "$(auth)" &&
	jq -e --arg l "ln_f$1" '[.items[] | select(.kind == "autopay_charged"
	    and .args.loan_id == $l)] | length == 1' "$TEST_DIR/body" >/dev/null
}
clock_ms () {
	now_ms >"$TEST_DIR/t0"
	curl -sS --cacert "$KB_CA" -X POST -o /dev/null \
	    -H 'Content-Type: application/json' \
	    --data-binary "{\"advance_seconds\":$1}" "$SANDBOX_URL/sandbox/clock"
}

test_expect_success 'autopay on; the demo loan repaid; a clock move measured' '
	signin $P2 Second2026 >t2 &&
	autopay_on &&
	kb_sandbox_sql "UPDATE loans SET state = '\''closed'\'' WHERE id = '\''ln_1002'\''" &&
	loan 0 &&
	t0=$(now_ms) && clock_ms 86400 && DUR=$(( $(now_ms) - t0 )) &&
	OFFSET=86400 &&
	test "$(charged 0)" = 1 &&
	echo "# measured: a clock move across a due date: $DUR ms"
'

test_expect_success "the sandbox killed at random moments around due dates (KB_SEED=$KB_SEED)" '
	i=1 doubled=0 lost=0 untold=0 kills=0 &&
	: >runs.txt &&
	while [ $i -le $KB_FAULT_RUNS ]; do
		loan $i || return 1
		rand_below 3 && days=$((RAND + 1)) &&
		rand_below 1001 && at=$((DUR * RAND / 1000)) &&
		{ clock_ms $((days * 86400)) 2>/dev/null & } &&
		sleep "$(printf "%d.%03d" $((at / 1000)) $((at % 1000)))" &&
		kill -KILL "$SANDBOX_PID" && kills=$((kills + 1)) &&
		wait 2>/dev/null
		before=$(charged $i)
		# Started again at real time: the clock goes where it was
		# to be, the due date behind it.
		OFFSET=$((OFFSET + days * 86400))
		kb_restart_sandbox &&
		expect 200 POST /sandbox/clock "{\"advance_seconds\":$OFFSET}" ||
		    return 1
		n=$(charged $i) a=$(attempts $i) verdict=ok
		if [ "$n" -gt 1 ] || [ "$a" -gt 1 ]; then
			verdict=DOUBLED doubled=$((doubled + 1))
		elif [ "$n" = 0 ]; then
			verdict=LOST lost=$((lost + 1))
		elif ! told $i; then
			verdict=UNTOLD untold=$((untold + 1))
		fi
		echo "run $i: +$days d, killed at $at of $DUR ms, charged" \
		    "before the restart $before, after $n: $verdict" | tee -a runs.txt
		i=$((i + 1))
	done
	echo "autopay: runs $KB_FAULT_RUNS kills $kills doubled $doubled" \
	    "lost $lost untold $untold KB_SEED=$KB_SEED" | tee summary.txt &&
	test $doubled = 0 && test $lost = 0 && test $untold = 0
'

fault_report
test_done
