#!/bin/sh
# t0527-vt100-keys — a terminal whose description has no F5-F12 (TERM=vt100
# in tmux, as PuTTY and thin clients): the xterm sequences it sends all
# the same are read whole, never as Esc (back a screen) plus typed text;
# the known ones act as their key (F5 in the SMS box, F7 at sign-in, F10);
# every action has a key a vt100 has, and the bottom bar shows that key.
. "$(dirname "$0")/../integration/lib.sh"

KB_TERM=vt100
export KB_TERM
kb_start_sandbox
kb_start_daemon

KB="env TERM=vt100 $B/kabinet --no-start-daemon"
P2=+79000000002

# hexkeys HEX...: raw bytes to the pane, as a terminal sends them.
hexkeys () {
	kb__tmux send-keys -t kb -H "$@"
}

# junk: F9, F11, F12, a CSI nobody names, Ctrl-F5, Ctrl-X as a CSI, an
# SS3 nobody names (xterm's bytes; the vt100 description names none).
junk () {
	hexkeys 1b 5b 32 30 7e && hexkeys 1b 5b 32 33 7e &&
	hexkeys 1b 5b 32 34 7e && hexkeys 1b 5b 39 39 7e &&
	hexkeys 1b 5b 31 35 3b 35 7e && hexkeys 1b 5b 31 3b 35 58 &&
	hexkeys 1b 4f 7a
}

# more_junk: F5, F6, F7 and PgDn, for the screens that bind none of them.
more_junk () {
	junk && hexkeys 1b 5b 31 35 7e && hexkeys 1b 5b 31 37 7e &&
	hexkeys 1b 5b 31 38 7e && hexkeys 1b 5b 36 7e
}

# still_on TITLE: after the junk the screen is the same (the help opens
# and closes over it: a positive marker that every key before was read)
# and no piece of a sequence was typed anywhere.
still_on () {
	kb_tmux_send F1 &&
	kb_tmux_wait_for "Keys on the \"$1\" screen" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "kabinet - $1" &&
	! kb_tmux_capture | grep -qE "~|;5X|Oz"
}

# no_fkeys: the bar names no key this terminal lacks.
no_fkeys () {
	! kb_tmux_capture | tail -1 | grep -qE "F([5-9]|1[0-2]) |PgDn|PgUp"
}

test_expect_success 'start screen: junk ignored, letters in the bar' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Press Enter to sign in" &&
	more_junk && still_on "Personal account" &&
	kb_tmux_wait_for "q Quit" && kb_tmux_wait_for "r Register" &&
	no_fkeys
'

test_expect_success 'start screen: g signs in through Gosuslugi' '
	kb_tmux_send g &&
	kb_tmux_wait_for "kabinet - Sign in through Gosuslugi" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Press Enter to sign in"
'

test_expect_success 'registration and the operator sign-in: junk ignored' '
	kb_tmux_send r &&
	kb_tmux_wait_for "kabinet - Registration" &&
	junk && still_on "Registration" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Press Enter to sign in" &&
	kb_tmux_send o &&
	kb_tmux_wait_for "kabinet - Operator sign-in" &&
	junk && still_on "Operator sign-in" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Press Enter to sign in"
'

test_expect_success 'sign-in: junk types nothing into the fields' '
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	junk && still_on "Sign in" &&
	kb_tmux_type "+7 900 000-00-02" &&
	junk && kb_tmux_send Enter &&
	kb_tmux_wait_for "+7 900 000-00-02  " &&
	kb_tmux_wait_for "Ctrl-G Gosuslugi" && no_fkeys
'

test_expect_success 'sign-in: F7 (xterm bytes) and Ctrl-G open Gosuslugi' '
	hexkeys 1b 5b 31 38 7e &&
	kb_tmux_wait_for "kabinet - Sign in through Gosuslugi" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_send C-g &&
	kb_tmux_wait_for "kabinet - Sign in through Gosuslugi" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_wait_for "+7 900 000-00-02  "
'

test_expect_success 'the SMS box: F5 asks for a new code, junk cancels nothing' '
	kb_tmux_type "Second2026" && kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	kb_tmux_wait_for "Ctrl-R Send a new code" &&
	junk &&
	hexkeys 1b 5b 31 35 7e &&
	kb_tmux_wait_for "can be sent in" &&
	kb_tmux_wait_for "Code [" &&
	kb_tmux_type "$(kb_sms_code $P2)" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "o Log out" 15
'

test_expect_success 'dashboard, repay, history, settings, cards: junk ignored' '
	more_junk && still_on "Account" && no_fkeys &&
	kb_tmux_send p && kb_tmux_wait_for "kabinet - Repay" &&
	junk && still_on "Repay" &&
	kb_tmux_send Escape && kb_tmux_wait_for "kabinet - Account" &&
	kb_tmux_send h && kb_tmux_wait_for "kabinet - Payment history" &&
	junk && still_on "Payment history" && no_fkeys &&
	kb_tmux_send Escape && kb_tmux_wait_for "kabinet - Account" &&
	kb_tmux_send s && kb_tmux_wait_for "kabinet - Settings" &&
	more_junk && still_on "Settings" &&
	kb_tmux_send k && kb_tmux_wait_for "kabinet - Cards" &&
	more_junk && still_on "Cards" &&
	kb_tmux_send a && kb_tmux_wait_for "kabinet - Link a card" &&
	junk && still_on "Link a card" &&
	kb_tmux_send Escape Escape &&
	kb_tmux_wait_for "kabinet - Settings" &&
	kb_tmux_send v && kb_tmux_wait_for "kabinet - Services" &&
	more_junk && still_on "Services" &&
	kb_tmux_send Escape Escape &&
	kb_tmux_wait_for "kabinet - Account" &&
	kb_tmux_send e && kb_tmux_wait_for "kabinet - Extension" &&
	junk && still_on "Extension" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "kabinet - Account"
'

test_expect_success 'calculator: junk ignored' '
	kb_tmux_send k && kb_tmux_wait_for "kabinet - Loan calculator" &&
	more_junk && still_on "Loan calculator" &&
	kb_tmux_send Escape && kb_tmux_wait_for "kabinet - Account"
'

test_expect_success 'F10 (xterm bytes) quits' '
	hexkeys 1b 5b 32 31 7e &&
	kb_tmux_wait_exit 5
'

test_done
