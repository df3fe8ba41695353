#!/bin/sh
# t0580-pending — a sign-in waiting for its SMS code outlives the terminal:
# quit on the code prompt, start kabinet again, and the prompt is back
# (the daemon re-offers a pending challenge); the code then signs in.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
PHONE=+79000000001

test_expect_success 'quit on the SMS code prompt (confirming: a form has input)' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send Enter &&
	kb_tmux_type "+79000000001" && kb_tmux_send Enter &&
	kb_tmux_type "Demo2026" && kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	kb_tmux_send F10 &&
	kb_tmux_wait_for "Quit and lose what you have typed?" &&
	kb_tmux_send y &&
	kb_tmux_wait_exit 5
'

test_expect_success 'kabinet again: the code prompt comes back by itself' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "SMS code" 15 &&
	kb_tmux_wait_for "+7 9** ***-**-01"
'

test_expect_success 'the code answers the waiting sign-in' '
	code=$(kb_sms_code $PHONE) &&
	kb_tmux_type "$code" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Hello, " 15 &&
	kb_tmux_wait_for "signed in"
'

test_done
