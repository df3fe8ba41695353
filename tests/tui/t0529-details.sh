#!/bin/sh
# t0529-details — small things a new user trips on: the Caps Lock hint for
# "dEMO2026"; the card number field (digits only, grouped while typed,
# masked once left, the cursor back on it when the lender refuses the
# card); the start screen's r Register; the authenticator prompt offers
# no new code; a second operator sign-in is answered in the operator's
# words; a signal's or a fatal error's last word is printed on the
# restored terminal.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
P2=+79000000002

# cursor_row: the row (0-based) of the terminal cursor.
cursor_row () {
	kb__tmux display-message -p -t kb '#{cursor_y}'
}

# row_of TEXT: the row (0-based) of the first line showing TEXT.
row_of () {
	kb_tmux_capture | grep -nF -- "$1" | head -1 | cut -d: -f1 |
	    awk '{ print $1 - 1 }'
}

test_expect_success 'the start screen shows r Register' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Press Enter to sign in" &&
	kb_tmux_wait_for "r Register"
'

test_expect_success 'Caps Lock: "dEMO2026" is caught as well as "DEMO2026"' '
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_type "+7 900 000-00-02" && kb_tmux_send Enter &&
	kb_tmux_type "dEMO2026" &&
	kb_tmux_wait_for "Caps Lock on?" &&
	kb_tmux_send C-u &&
	kb_tmux_type "Demo2026" &&
	kb_tmux_wait_gone "Caps Lock on?" &&
	kb_tmux_send C-u Escape &&
	kb_tmux_wait_for "Press Enter to sign in"
'

test_expect_success 'card number: digits only, grouped while typed' '
	kb_signin $P2 Second2026 &&
	kb_tmux_wait_for "Hello, " &&
	kb_tmux_send s && kb_tmux_wait_for "kabinet - Settings" &&
	kb_tmux_send k && kb_tmux_wait_for "kabinet - Cards" &&
	kb_tmux_send a && kb_tmux_wait_for "kabinet - Link a card" &&
	kb_tmux_type "2200 70ab/12-34567" &&
	kb_tmux_wait_for "Card number [2200 7012 3456 7" &&
	kb_tmux_type "896" &&
	kb_tmux_wait_for "[2200 7012 3456 7896" &&
	kb_tmux_wait_for "Mir, 16 digits, number OK"
'

test_expect_success 'card number: masked once the field is left' '
	kb_tmux_send Tab &&
	kb_tmux_wait_for "[**** **** **** 7896" &&
	! kb_tmux_capture | grep -q "2200 7012"
'

test_expect_success 'a refused card: the cursor is back on the number it wiped' '
	kb_tmux_type "12/30" && kb_tmux_send Tab &&
	kb_tmux_type "IVAN IVANOV" && kb_tmux_send Enter &&
	kb_tmux_wait_for "holder is not you" &&
	test "$(cursor_row)" = "$(row_of "Card number [")" &&
	kb_tmux_type "2200701234567896" &&
	kb_tmux_wait_for "[2200 7012 3456 7896" &&
	kb_tmux_stop
'

test_expect_success 'the authenticator prompt offers no new code' '
	kb_tmux_start 80 24 $KB --operator &&
	kb_tmux_wait_for "Operator sign-in" &&
	kb_tmux_type op.petrov && kb_tmux_send Enter &&
	kb_tmux_type Operator2026 && kb_tmux_send Enter &&
	kb_tmux_wait_for "Authenticator code" &&
	kb_tmux_wait_for "Esc Cancel" &&
	! kb_tmux_capture | grep -q "new code" &&
	kb_tmux_type "$(sh "$SRC/tests/tools/op-totp.sh" JBSWY3DPEHPK3PXP)" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Operator desk:" &&
	kb_tmux_stop
'

test_expect_success 'a second operator sign-in meets the operator'"'"'s words' '
	kb_tmux_start 80 24 $KB --operator &&
	kb_tmux_wait_for "Operator sign-in" &&
	kb_tmux_type op.petrov && kb_tmux_send Enter &&
	kb_tmux_type Operator2026 && kb_tmux_send Enter &&
	kb_tmux_wait_for "An operator is already signed in" &&
	! kb_tmux_capture | grep -q "You are already signed in" &&
	kb_tmux_stop
'

test_expect_success 'a signal: the terminal is restored, then the last word' '
	kb_tmux_start 80 24 sh -c "$KB; stty -a | grep -q \" icanon\" &&
	    echo TTY-RESTORED; sleep 60" &&
	kb_tmux_wait_for "F1 Help" &&
	pid=$(pgrep -P "$(kb_tmux_pid)" kabinet) &&
	kill -TERM $pid &&
	kb_tmux_wait_for "TTY-RESTORED" &&
	kb_tmux_capture | grep -q "^kabinet: stopped by a signal (Terminated)\$" &&
	! kb_tmux_capture | grep -q "F1 Help"
'

test_expect_success 'a fatal error: the terminal is restored, then the message' '
	kb_tmux_start 80 24 sh -c "$KB; stty -a | grep -q \" icanon\" &&
	    echo TTY-RESTORED; sleep 60" &&
	kb_tmux_wait_for "F1 Help" &&
	pid=$(pgrep -P "$(kb_tmux_pid)" kabinet) &&
	# poll() on two descriptors with a limit of one fails (EINVAL): a
	# real fatal error on the next pass of the loop
	prlimit --pid $pid --nofile=1:1 &&
	kb_tmux_wait_for "TTY-RESTORED" &&
	kb_tmux_capture | grep -q "^kabinet: fatal: ui_run: poll: Invalid argument\$" &&
	! kb_tmux_capture | grep -q "F1 Help"
'

test_done
