#!/bin/sh
# t0570-lender — the start screen follows the lender live: when the
# sandbox stops it says the lender is not reachable and why, and when the
# sandbox is back it says so again, without a key pressed.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"

test_expect_success 'the lender is reachable at first' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "daemon: connected" &&
	kb_tmux_wait_for "reachable" &&
	! kb_tmux_capture | grep -q "not reachable"
'

test_expect_success 'the lender goes away: not reachable, with the reason' '
	kb_stop_sandbox &&
	kb_tmux_wait_for "not reachable: " 20 &&
	kb_tmux_wait_for "The lender cannot be reached"
'

test_expect_success 'the lender comes back: reachable again' '
	kb_restart_sandbox &&
	kb_tmux_wait_gone "not reachable" 20 &&
	kb_tmux_wait_for "reachable" &&
	kb_tmux_alive
'

test_expect_success 'on the SMS prompt a stray letter does not quit' '
	kb_tmux_send Enter &&
	kb_tmux_type "+79000000001" && kb_tmux_send Enter &&
	kb_tmux_type "Demo2026" && kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	kb_tmux_type "q" &&
	sleep 0.5 &&
	kb_tmux_alive &&
	kb_tmux_wait_for "SMS code"
'

test_done
