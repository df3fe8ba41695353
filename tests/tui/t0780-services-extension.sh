#!/bin/sh
# t0780-services-extension — in a real terminal: the optional services
# with price and terms, one switched on with an SMS code (its price then
# owed on the loan), and an extension: the lender's limits, the interest
# to pay now and the new due date before it is confirmed, then done.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
P2=+79000000002

test_expect_success 'settings → services lists them with price and terms' '
	kb_signin $P2 Second2026 &&
	kb_tmux_start 100 30 $KB &&
	kb_tmux_wait_for "Due today                 10,800.00 RUB" &&
	kb_tmux_send s && kb_tmux_wait_for "Optional services" &&
	kb_tmux_send v &&
	kb_tmux_wait_for "[ ] SMS notifications" &&
	kb_tmux_wait_for "[ ] Loan insurance" &&
	kb_tmux_wait_for "300.00 RUB" &&
	kb_tmux_wait_for "An SMS a day before the due date"
'

test_expect_success 'insurance switched on with an SMS code' '
	N=$(sms_count $P2) &&
	kb_tmux_send Down && kb_tmux_wait_for "Covers the debt" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "to change the" &&
	code=$(sh "$SRC/tests/tools/sms-code.sh" $P2 $((N + 1))) &&
	kb_tmux_type "$code" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Switched on" &&
	kb_tmux_wait_for "[x] Loan insurance" &&
	kb_tmux_send Escape && kb_tmux_send Escape &&
	kb_tmux_wait_for "Due today                 11,100.00 RUB"
'

test_expect_success 'the extension screen shows the limits, what to pay and the new due date' '
	DUE=$(kb_call loan.due | jq -r .loan.due_on) &&
	NEW=$(date -d "$DUE +10 days" +%F) &&
	kb_tmux_send e &&
	kb_tmux_wait_for "0 of 5 used" &&
	# 10 days of interest; the insurance is a service fee, not interest,
	# and an extension does not sell it again
	kb_tmux_wait_for "Interest to pay now       800.00 RUB" &&
	kb_tmux_wait_for "Interest per day          80.00 RUB" &&
	kb_tmux_type "10" &&
	kb_tmux_wait_for "New due date              $NEW" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "$NEW?" &&
	kb_tmux_send y &&
	kb_tmux_wait_for "Extended" &&
	kb_tmux_wait_for "New due date              $(date -d "$DUE +10 days" +%F)" &&
	kb_call loan.extension_terms "{\"loan_id\":\"ln_1002\"}" | jq -e ".used_this_year == 1"
'

test_done
