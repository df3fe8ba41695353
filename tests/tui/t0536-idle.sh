#!/bin/sh
# t0536 — an idle TUI sleeps: on a screen with nothing counting down it
# is not woken, and writes nothing to the terminal, until something
# happens (it used to redraw every second).  Counts over a window, not
# times: the TUI's context switches and the bytes script(1) saw.  The
# daemon and the TUI run on the real clock here (under the test clock the
# TUI looks at the clock every second, as time may jump).
. "$(dirname "$0")/../integration/lib.sh"

switches () {
	cat /proc/"$1"/task/*/status 2>/dev/null |
	    awk '/^(non)?voluntary_ctxt_switches/ { s += $2 } END { print s }'
}

TS=$TEST_DIR/tty.typescript

test_expect_success 'setup: sandbox, daemon, the TUI on its start screen' '
	kb_start_sandbox &&
	KABINET_TEST_CLOCK= && unset KABINET_TEST_CLOCK &&
	kb_start_daemon &&
	kb_tmux_start 80 24 env -u KABINET_TEST_CLOCK TERM=vt100 script -q -f \
	    -c "$B/kabinet --no-start-daemon" "$TS" &&
	kb_tmux_wait_for "reachable" &&
	kb_tmux_wait_for "signed out"
'

test_expect_success 'idle: no wakeups, no bytes to the terminal' '
	pid=$(pgrep -n -f "^$B/kabinet --no-start-daemon\$") &&
	sleep 1 &&
	w0=$(switches $pid) && b0=$(wc -c <"$TS") &&
	sleep 3 &&
	w1=$(switches $pid) && b1=$(wc -c <"$TS") &&
	echo "switches $w0 -> $w1, bytes $b0 -> $b1" &&
	test $((w1 - w0)) -le 1 &&
	test "$b1" = "$b0"
'

test_expect_success 'and it still answers a key at once' '
	kb_tmux_send F1 &&
	kb_tmux_wait_for "Help"
'

test_done
