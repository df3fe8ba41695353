#!/bin/sh
# t0500-start — the start screen in a real terminal: what it shows at
# 80x24 and 200x60, the too-small notice at 40x10, a monochrome vt100,
# resizes down to 20x5 and back, help, quit.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
# tmux 3.3 now and then loses a pane's exit status; a shell keeps it.
RC=$TEST_DIR/kabinet.rc

test_expect_success 'start screen at 80x24: daemon, lender, products' '
	kb_tmux_start 80 24 sh -c "$KB; echo \$? >$RC" &&
	kb_tmux_wait_for "daemon: connected" &&
	kb_tmux_wait_for "reachable" &&
	kb_tmux_wait_for "(песочница)" &&
	kb_tmux_wait_for "Заём до зарплаты" &&
	kb_tmux_wait_for "1,000.00 RUB – 30,000.00 RUB" &&
	kb_tmux_wait_for "5–30 days" &&
	kb_tmux_wait_for "0.8% per day" &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_wait_for "F1 Help" &&
	kb_tmux_wait_for "F10 Quit"
'

test_expect_success 'resizing 80x24 -> 20x5 -> 200x60 -> 80x24 survives' '
	kb_tmux_resize 20 5 &&
	kb_tmux_wait_for "too small" &&
	kb_tmux_alive &&
	kb_tmux_resize 200 60 &&
	kb_tmux_wait_for "Заём до зарплаты" &&
	kb_tmux_alive &&
	kb_tmux_resize 1 1 &&
	sleep 0.3 &&
	kb_tmux_alive &&
	kb_tmux_resize 80 24 &&
	kb_tmux_wait_for "Заём до зарплаты" &&
	kb_tmux_wait_for "F10 Quit" &&
	kb_tmux_alive
'

test_expect_success 'help opens with F1 and closes with Esc' '
	kb_tmux_send F1 &&
	kb_tmux_wait_for "Keys on the" &&
	kb_tmux_wait_for "Sign in" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_gone "Keys on the" &&
	kb_tmux_wait_for "Products" &&
	kb_tmux_send "?" &&
	kb_tmux_wait_for "Keys on the" &&
	kb_tmux_send q &&
	kb_tmux_wait_gone "Keys on the"
'

test_expect_success 'q quits cleanly' '
	kb_tmux_send q &&
	kb_tmux_wait_exit 5 &&
	kb_retry 5 "test -s $RC" &&
	test "$(cat $RC)" = 0
'

test_expect_success 'start screen at 200x60' '
	kb_tmux_start 200 60 $KB &&
	kb_tmux_wait_for "Заём до зарплаты" &&
	kb_tmux_wait_for "daemon: connected" &&
	kb_tmux_send F10 &&
	kb_tmux_wait_exit 5
'

test_expect_success 'at 40x10 the too-small notice, and quitting still works' '
	kb_tmux_start 40 10 $KB &&
	kb_tmux_wait_for "terminal too small" &&
	kb_tmux_wait_for "80x24" &&
	kb_tmux_wait_for "40x10" &&
	kb_tmux_resize 80 24 &&
	kb_tmux_wait_for "Products" &&
	kb_tmux_send F10 &&
	kb_tmux_wait_exit 5
'

test_expect_success 'TERM=vt100, no colours, ASCII locale (LANG=C)' '
	kb_tmux_start 80 24 env TERM=vt100 LANG=C LC_ALL=C $KB &&
	kb_tmux_wait_for "daemon: connected" &&
	kb_tmux_wait_for "Zayom do zarplaty" &&
	kb_tmux_wait_for "OOO MKK \"SmartStart\" (pesochnitsa)" &&
	kb_tmux_wait_for "1,000.00 RUB - 30,000.00 RUB" &&
	! kb_tmux_capture | grep -q "₽" &&
	# nothing but ASCII on the screen
	! kb_tmux_capture | LC_ALL=C grep -n "[^ -~]" &&
	# with no colours, the bars stand out in reverse video
	tmux -S "$kb_tmux_sock" capture-pane -p -e -t kb >attrs &&
	rev="$(printf "\033")\[\([0-9]*;\)*7m" &&
	head -n 1 attrs | grep -q "$rev" &&
	tail -n 1 attrs | grep -q "$rev" &&
	kb_tmux_send F1 &&
	kb_tmux_wait_for "Keys on the" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_gone "Keys on the" &&
	kb_tmux_send q &&
	kb_tmux_wait_exit 5
'

test_expect_success 'headless bounded run (--exit-after) exits 0' '
	$KB --exit-after 1 </dev/null >/dev/null 2>"$TEST_DIR/err" &&
	test ! -s "$TEST_DIR/err"
'

test_expect_success '--version, --help, a bad option, a bad command' '
	$B/kabinet --version >out &&
	grep "^kabinet [0-9]" out &&
	$B/kabinet --help >out &&
	grep -- "--no-start-daemon" out &&
	grep -- "status \[--json\]" out &&
	test_must_fail_rc 2 $B/kabinet --no-such-option 2>/dev/null &&
	test_must_fail_rc 2 $B/kabinet frobnicate 2>err &&
	grep "unknown command" err
'

test_expect_success 'no terminal and no --exit-after: a clear refusal' '
	test_must_fail_rc 1 $KB </dev/null >/dev/null 2>err &&
	grep "not a terminal" err
'

test_done
