#!/bin/sh
# t0526-operator-glance — a look at the operator sign-in and back leaves
# nothing behind: the borrower's sign-in that follows lands on the
# dashboard, and Enter on the start screen still works.  The operator
# mode belongs to the screens that opened it, not to the terminal.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
P2=+79000000002

test_expect_success 'o opens the operator sign-in; Esc goes back' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send o &&
	kb_tmux_wait_for "Support staff only" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Press Enter to sign in"
'

test_expect_success 'the borrower then signs in and reaches the dashboard' '
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_type "+7 900 000-00-02" && kb_tmux_send Enter &&
	kb_tmux_type "Second2026" && kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	kb_tmux_type "$(kb_sms_code $P2)" && kb_tmux_send Enter &&
	kb_tmux_wait_for "o Log out" 15 &&
	kb_tmux_wait_gone "Sign in to your personal account"
'

test_expect_success 'after log out, Enter on the start screen opens sign-in' '
	kb_tmux_send o &&
	kb_tmux_wait_for "Press Enter to sign in" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Sign in to your personal account"
'

test_expect_success 'F6 at the borrower sign-in, then Esc: the same holds' '
	kb_tmux_send F6 &&
	kb_tmux_wait_for "Support staff only" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Press Enter to sign in" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_type "Second2026" && kb_tmux_send Enter &&
	kb_tmux_wait_for "o Log out" 15
'

test_done
