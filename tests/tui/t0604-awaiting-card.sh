#!/bin/sh
# t0604-awaiting-card — a new borrower whose application is approved but
# who has no card yet is told on the dashboard that the money goes out
# once a card is linked, and the key named there opens card linking;
# once the card is linked the dashboard follows the payout by itself.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

NEW=+79000000087
kb_start_sandbox
kb_start_daemon
KB="$B/kabinet --no-start-daemon"

test_expect_success 'setup: registered, approved, no card' '
	kb_register $NEW Smirnov2026 >out <<-\EOS
	expect application.awaiting_card true
	EOS
'

test_expect_success 'the dashboard says the money waits for a card, and which key' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "5,000.00 RUB, approved" 15 &&
	kb_tmux_wait_for "The money goes out once a card is linked: press l" &&
	kb_tmux_send l &&
	kb_tmux_wait_for "Link a card"
'

test_expect_success 'linked from there, the dashboard shows the payout' '
	N=$(sms_count $NEW) &&
	kb_tmux_type "2200701234567896" &&
	kb_tmux_send Tab && kb_tmux_type "12/30" &&
	kb_tmux_send Tab && kb_tmux_type "Oleg Smirnov" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "to link the card" &&
	code=$(sh "$SRC/tests/tools/sms-code.sh" $NEW $((N + 1))) &&
	kb_tmux_type "$code" && kb_tmux_send Enter &&
	kb_tmux_wait_for "The card is linked" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "money sent to the card" 15 &&
	kb_tmux_wait_gone "once a card is linked"
'

test_done
