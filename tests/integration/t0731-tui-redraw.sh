#!/bin/sh
# t0731 — the TUI's loop decides what to redraw: it marks the screen dirty
# after every key, answer, notification, push and pop (tui/ui.c, and
# tui/conn.c for the connection's own state), so no screen or helper sets
# the flag itself.
. "$(dirname "$0")/lib.sh"

test_expect_success 'only ui.c and conn.c set ui_dirty' '
	grep -n "ui_dirty *= *1" "$SRC"/tui/*.c >setters;
	cat setters &&
	test -s setters &&
	! grep -v "^$SRC/tui/ui\.c:\|^$SRC/tui/conn\.c:" setters
'

test_done
