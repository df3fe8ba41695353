#!/bin/sh
# t0270 — systemd socket activation: kabinetd started on the
# first connection with the listening socket passed as LISTEN_FDS, as the
# user units in systemd/ set it up; systemd-socket-activate stands in for
# the user manager.
. "$(dirname "$0")/lib.sh"

command -v systemd-socket-activate >/dev/null 2>&1 ||
	kb_skip_all "no systemd-socket-activate (package systemd)"

SOCK=$XDG_RUNTIME_DIR/kabinet/kabinetd.sock
KB_SOCKET=$SOCK
KABINET_SOCKET=$SOCK
export KB_SOCKET KABINET_SOCKET

test_expect_success 'the user units listen where kabinet looks, and run kabinetd -f' '
	grep -qx "ListenStream=%t/kabinet/kabinetd.sock" \
	    "$SRC/systemd/kabinetd.socket" &&
	grep -qx "SocketMode=0600" "$SRC/systemd/kabinetd.socket" &&
	grep -qx "ExecStart=@BINDIR@/kabinetd -f" \
	    "$SRC/systemd/kabinetd.service.in"
'

# The sanitizers' options (make check SANITIZE=...) reach kabinetd too:
# systemd-socket-activate passes on only the variables named.
SAN_ENV=
for v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS TSAN_OPTIONS; do
	eval "[ -z \"\${$v:-}\" ]" || SAN_ENV="$SAN_ENV -E $v"
done

test_expect_success 'setup: sandbox; the socket held by systemd-socket-activate' '
	kb_start_sandbox &&
	kb_write_config &&
	mkdir -p "$XDG_RUNTIME_DIR/kabinet" &&
	chmod 700 "$XDG_RUNTIME_DIR/kabinet" &&
	{ systemd-socket-activate -l "$SOCK" -E HOME -E XDG_RUNTIME_DIR \
	    -E XDG_CONFIG_HOME -E XDG_STATE_HOME -E TEST_DIR \
	    -E DBUS_SESSION_BUS_ADDRESS $SAN_ENV \
	    "$B/kabinetd" -f -v </dev/null >"$DAEMON_LOG" 2>&1 & } &&
	DAEMON_PID=$! &&
	kb__track "$DAEMON_PID" &&
	kb_retry 10 "test -S \"$SOCK\"" &&
	sleep 0.5 &&
	! grep "^kabinetd:" "$DAEMON_LOG"
'

test_expect_success 'the first connection starts kabinetd on the passed socket' '
	kb_call -t 15000 daemon.ping >out &&
	kb_expect_json out .pong true &&
	grep "(socket activated)" "$DAEMON_LOG" &&
	kb_call session.status >out &&
	kb_expect_json out .lender.url "$SANDBOX_URL" &&
	kb_retry 10 "kb_call session.status >out &&
	    kb_expect_json out .lender.reachable true"
'

test_expect_success 'the activated daemon serves many calls and the TUI status' '
	for i in 1 2 3; do
		kb_call daemon.ping >/dev/null || return 1
	done &&
	"$B/kabinet" --no-start-daemon status >out &&
	grep "^daemon:  kabinetd" out &&
	test "$(grep -c "main: kabinetd" "$DAEMON_LOG")" = 1
'

test_done
