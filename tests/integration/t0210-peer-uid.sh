#!/bin/sh
# t0210 — a connection from another uid is refused (SO_PEERCRED) and
# logged; the daemon goes on serving its own user.  Needs root, to make
# the socket reachable for "nobody" and to run a client as nobody.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ]; then
	kb_skip_all "needs root to connect as another uid (run make check as root)"
fi
if ! command -v setpriv >/dev/null 2>&1; then
	kb_skip_all "setpriv (util-linux) is not installed"
fi
NOBODY_UID=$(id -u nobody 2>/dev/null || echo 65534)
NOGROUP_GID=$(getent group nogroup | cut -d: -f3)
NOGROUP_GID=${NOGROUP_GID:-65534}

as_nobody () {
	setpriv --reuid="$NOBODY_UID" --regid="$NOGROUP_GID" --clear-groups \
	    "$@"
}

test_expect_success 'setup: sandbox and daemon' '
	kb_start_sandbox &&
	kb_start_daemon
'

test_expect_success 'setup: open the socket to everyone (only the uid check is left)' '
	cp "$KBCALL" "$TEST_DIR/kbcall" &&
	chmod 755 "$TEST_DIR/kbcall" &&
	chmod 711 "$TEST_DIR" "$XDG_RUNTIME_DIR" "$XDG_RUNTIME_DIR/kabinet" &&
	chmod 666 "$KB_SOCKET" &&
	as_nobody test -x "$TEST_DIR/kbcall" &&
	test "$(as_nobody id -u)" = "$NOBODY_UID"
'

test_expect_success 'a client running as nobody is refused without an answer' '
	test_must_fail_rc 2 as_nobody "$TEST_DIR/kbcall" -S "$KB_SOCKET" \
	    -t 5000 daemon.ping >out 2>err &&
	cat out err &&
	test ! -s out &&
	grep -q "closed by daemon" err
'

test_expect_success 'nobody gets nothing even with raw bytes' '
	printf "%s\n" "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"hello\",\"params\":{\"protocol\":1,\"client\":\"x\"}}" |
		as_nobody "$TEST_DIR/kbcall" -S "$KB_SOCKET" -t 5000 --raw \
		>out 2>err &&
	cat out err &&
	test ! -s out &&
	grep -q "closed by daemon" err
'

test_expect_success 'the daemon log names the foreign uid' '
	kb_wait_log "$DAEMON_LOG" "uid $NOBODY_UID" 5 &&
	grep "uid $NOBODY_UID" "$DAEMON_LOG"
'

test_expect_success 'the daemon still answers its own user' '
	kill -0 "$DAEMON_PID" &&
	kb_call daemon.ping >out &&
	kb_expect_json out .pong true &&
	kb_call session.status >out &&
	kb_expect_json out .state signed_out
'

test_done
