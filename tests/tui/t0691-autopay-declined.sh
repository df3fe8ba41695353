#!/bin/sh
# t0691-autopay-declined — a declined autopay in a real 80x24 terminal:
# the bank declines the card twice; on the due date the dashboard says so
# live, with the time of the one retry, and its loan block says when it
# comes; a day later the retry's decline is told too, and nothing was
# charged (two tries in the sandbox's database).  Then Settings → Autopay
# → Enter, confirmed, switches it off with no SMS code.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"
. "$SRC/tests/integration/lib-autopay.sh"
. "$SRC/tests/integration/lib-http.sh"

SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
P2=+79000000002

test_expect_success 'autopay on (through the daemon); the bank will decline twice' '
	kb_signin $P2 Second2026 &&
	kb_call autopay.consent >doc &&
	cat >flow <<-EOS &&
	send autopay.on {"document_sha256":"$(jq -r .sha256 doc)"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $P2 2
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect autopay.enabled true
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script flow >out 2>&1 || { cat out; false; } &&
	expect 200 POST /sandbox/cards/cd_1002/declines "{\"count\":2}"
'

test_expect_success 'the due date: declined, told live with the retry to come' '
	DUE=$(kb_call loan.due | jq -r .loan.due_on) &&
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Autopay                   on: $DUE from Mir 220070…1111" &&
	kb_clock_advance $((20 * 86400)) &&
	kb_tmux_wait_for "Autopay: the bank declined 12,400.00 RUB from Mir 220070…1111;" &&
	kb_tmux_wait_for "once more tomorrow at" &&
	kb_tmux_wait_for "Autopay                   declined; again at" &&
	kb_tmux_wait_for "Due today                 12,400.00 RUB" &&
	test "$(tries)" = 1 &&
	test "$(charges)" = 0
'

test_expect_success 'a day later the retry is declined too: told, nothing charged' '
	kb_clock_advance 86400 &&
	kb_tmux_wait_for "again; repay" &&
	kb_tmux_wait_gone "declined; again at" &&
	test "$(tries)" = 2 &&
	test "$(charges)" = 0
'

# The lender slow, so that the screen's own reading of the consent is on
# its way when Enter comes: Enter once did nothing while anything was read
# (a charge declined late re-reads the screen, and Enter was lost so).
test_expect_success 'settings → autopay → Enter, confirmed: off, no SMS code' '
	N=$(sms_count $P2) &&
	kb_tmux_send s && kb_tmux_wait_for "a  Autopay" &&
	expect 200 POST /sandbox/faults "{\"latency_ms\":1500}" &&
	kb_tmux_send a &&
	kb_tmux_wait_for "On: on the loan" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Switch autopay off?" &&
	kb_tmux_send y &&
	kb_tmux_wait_for "Autopay is off" &&
	expect 200 DELETE /sandbox/faults &&
	kb_call autopay.status >st &&
	kb_expect_json st .autopay.enabled false &&
	test "$(sms_count $P2)" = "$N"
'

test_done
