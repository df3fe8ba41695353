#!/bin/sh
# t0520-daemon — the TUI and its daemon: it starts kabinetd itself when
# none answers (as tmux does), and it reconnects by itself after the
# daemon is killed and started again.  Also `kabinet status`.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_write_config
SOCK=$XDG_RUNTIME_DIR/kabinet/kabinetd.sock

# The daemons kabinet starts are not our children: stop them at the end
# by their exact command line (which holds this test's private socket).
kb_cleanup_add 'pkill -TERM -f "^$B/kabinetd -S $SOCK\$" 2>/dev/null || true'

test_expect_success 'kabinet status --no-start-daemon fails with no daemon: exit 5' '
	test_must_fail_rc 5 $B/kabinet -S "$SOCK" --no-start-daemon status \
	    2>err &&
	grep "no daemon answers" err
'

test_expect_success 'the TUI starts kabinetd (found beside it) when none answers' '
	kb_tmux_start 80 24 $B/kabinet -S "$SOCK" &&
	kb_tmux_wait_for "daemon: connected" 15 &&
	kb_tmux_wait_for "kabinetd" &&
	kb_tmux_wait_for "reachable" &&
	test -S "$SOCK" &&
	kb_call -S "$SOCK" daemon.ping >/dev/null
'

test_expect_success 'kabinet status answers from that daemon' '
	$B/kabinet -S "$SOCK" status >out &&
	grep "^daemon:" out &&
	grep "account: signed out" out &&
	$B/kabinet -S "$SOCK" status --json >out.json &&
	jq -e ".session.state == \"signed_out\"" out.json &&
	jq -e ".daemon.protocol == 1" out.json &&
	LANG=C $B/kabinet -S "$SOCK" status >ascii &&
	grep "^lender:  OOO MKK \"SmartStart\" (pesochnitsa), reachable" ascii &&
	! grep -q "₽" ascii
'

test_expect_success 'the TUI reconnects after the daemon is killed and restarted' '
	kb_tmux_send F10 &&
	kb_tmux_wait_exit 5 &&
	pid=$(pgrep -f "^$B/kabinetd -S $SOCK\$") &&
	kill -TERM $pid &&
	kb_retry 10 "! kill -0 $pid 2>/dev/null" &&
	kb_start_daemon &&
	kb_tmux_start 80 24 $B/kabinet --no-start-daemon &&
	kb_tmux_wait_for "daemon: connected" &&
	kb_kill_daemon &&
	kb_tmux_wait_for "daemon: reconnecting…" &&
	kb_tmux_alive &&
	kb_start_daemon &&
	kb_tmux_wait_for "daemon: connected" 15 &&
	kb_tmux_wait_for "reachable" &&
	kb_tmux_send q &&
	kb_tmux_wait_exit 5
'

test_expect_success 'kabinet status starts the daemon too when none answers' '
	kb_stop_daemon &&
	! kb_call -S "$SOCK" daemon.ping >/dev/null 2>&1 &&
	$B/kabinet -S "$SOCK" status >out &&
	grep "^daemon:  kabinetd" out &&
	kb_call -S "$SOCK" daemon.ping >/dev/null
'

test_done
