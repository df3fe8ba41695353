#!/bin/sh
# t0750-cards — settings → cards in a real terminal: the card list shows
# first 6 / last 4 and expiry; the PAN field shows the digits grouped while
# typing (masked once left) and says the brand, the length and whether the
# checksum holds; a holder who is
# not the borrower is refused with the lender's reason; the right one is
# linked with an SMS code; one is made default.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
P2=+79000000002

test_expect_success 'settings → cards lists the linked card masked' '
	kb_signin $P2 Second2026 &&
	kb_tmux_start 100 30 $KB &&
	kb_tmux_wait_for "Due today" &&
	kb_tmux_send s && kb_tmux_wait_for "Optional services" &&
	kb_tmux_send k &&
	kb_tmux_wait_for "220070…1111  12/29" &&
	kb_tmux_wait_for "MARIIA PETROVA" &&
	kb_retry 5 "kb_tmux_capture | grep 1111 | grep -q default"
'

test_expect_success 'brand, length and checksum show while typing; masked once left' '
	kb_tmux_send a &&
	kb_tmux_wait_for "Link a card" &&
	kb_tmux_type "22007012" &&
	kb_tmux_wait_for "Card number: Mir, 8 digits so far" &&
	kb_tmux_type "34567890" &&
	kb_tmux_wait_for "the number has a typo (checksum fails)" &&
	kb_tmux_send BSpace && kb_tmux_type "6" &&
	kb_tmux_wait_for "Mir, 16 digits, number OK" &&
	kb_tmux_wait_for "2200 7012 3456 7896" &&
	kb_tmux_send Tab &&
	kb_tmux_wait_for "**** **** **** 7896" &&
	! kb_tmux_capture | grep -q "2200 7012" &&
	kb_tmux_send BTab
'

test_expect_success 'a card in another name is refused with the reason' '
	kb_tmux_send Tab && kb_tmux_type "12/30" &&
	kb_tmux_send Tab && kb_tmux_type "IVAN IVANOV" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "holder is not you"
'

test_expect_success 'her own name: the SMS code links it, and the list shows it' '
	N=$(sms_count $P2) &&
	kb_tmux_type "2200701234567896" &&
	kb_tmux_send Tab && kb_tmux_send Tab && kb_tmux_send C-u &&
	kb_tmux_type "Mariia Petrova" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "to link the card" &&
	code=$(sh "$SRC/tests/tools/sms-code.sh" $P2 $((N + 1))) &&
	kb_tmux_type "$code" && kb_tmux_send Enter &&
	kb_tmux_wait_for "The card is linked" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "220070…7896  12/30"
'

test_expect_success 'the new card is made default' '
	i=$(kb_call card.list | jq "[.items[].last4]|index(\"7896\")") &&
	while [ "$i" -gt 0 ]; do kb_tmux_send Down; i=$((i - 1)); done &&
	kb_tmux_send d &&
	kb_tmux_wait_for "Done" &&
	kb_retry 5 "kb_tmux_capture | grep 7896 | grep -q default" &&
	! grep -rqF 2200701234567896 "$DAEMON_LOG" "$SANDBOX_LOG" "$XDG_STATE_HOME"
'

test_done
