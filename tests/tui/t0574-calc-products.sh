#!/bin/sh
# t0574-calc-products — a calculator opened before the lender's products
# are known says so, and becomes the calculator by itself when they come
# (it once stayed on its error until the borrower left and came back: a
# TUI under load had its k pressed before its first session.status).
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_stop_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"

test_expect_success 'the lender never reached: the calculator says why' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "k Calculator" &&
	kb_tmux_wait_for "not reachable" 20 &&
	kb_tmux_send k &&
	kb_tmux_wait_for "products are not known yet"
'

test_expect_success 'the lender comes: the calculator fills itself in' '
	kb_restart_sandbox &&
	kb_tmux_wait_for "To repay" 20 &&
	! kb_tmux_capture | grep -q "not known yet"
'

test_done
