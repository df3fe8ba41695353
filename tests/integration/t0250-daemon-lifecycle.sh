#!/bin/sh
# t0250 — kabinetd's life: a private socket, one daemon per socket, a
# stale socket replaced, a clean SIGTERM, and a refused plain-http lender.
. "$(dirname "$0")/lib.sh"

# A daemon that must refuse to start; never left running.  Where we may,
# it runs without a network (unshare -n): if it wrongly went on to talk
# to the lender, no packet could leave the machine.
NONET=
if unshare -n true 2>/dev/null; then
	NONET="unshare -n"
elif unshare -rn true 2>/dev/null; then
	NONET="unshare -rn"
fi

# run_daemon LOG [flags]: kabinetd in the foreground for at most 10 s.
run_daemon () {
	kb__log=$1
	shift
	timeout -k 2 10 $NONET "$B/kabinetd" -f -v "$@" </dev/null \
	    >"$kb__log" 2>&1
}

test_expect_success 'setup: sandbox and daemon' '
	kb_start_sandbox &&
	kb_start_daemon
'

test_expect_success 'the socket directory is 0700 and the socket 0600, ours' '
	dir=$(dirname "$KB_SOCKET") &&
	test -S "$KB_SOCKET" &&
	stat -c "%a %u" "$dir" >mode &&
	test "$(cat mode)" = "700 $(id -u)" &&
	stat -c "%a %u" "$KB_SOCKET" >mode &&
	test "$(cat mode)" = "600 $(id -u)"
'

test_expect_success 'a second kabinetd on the same socket refuses: already running' '
	test_must_fail run_daemon second.log &&
	cat second.log &&
	grep -qi "already running" second.log
'

test_expect_success 'the first daemon is untouched by the second' '
	kill -0 "$DAEMON_PID" &&
	test -S "$KB_SOCKET" &&
	kb_call daemon.ping >out &&
	kb_expect_json out .pong true
'

test_expect_success 'kill -9 leaves a stale socket; the next start replaces it' '
	kb_kill_daemon &&
	test -S "$KB_SOCKET" &&
	test_must_fail kb_call daemon.ping 2>err &&
	kb_start_daemon &&
	kb_call daemon.ping >out &&
	kb_expect_json out .pong true
'

test_expect_success 'SIGTERM: a clean exit (0) and the socket is removed' '
	kb_stop_daemon &&
	echo "exit status $KB_EXIT" &&
	test "$KB_EXIT" = 0 &&
	test ! -e "$KB_SOCKET"
'

test_expect_success 'plain http to a non-loopback host is refused at startup' '
	printf "%s\n" "lender_url = http://192.0.2.10:8080" \
	    "health_interval = 1" >http.conf &&
	test_must_fail run_daemon http.log -c http.conf &&
	cat http.log &&
	grep -qi http http.log && grep -q 192.0.2.10 http.log &&
	test ! -e "$KB_SOCKET"
'

test_expect_success 'even with allow_http, --allow-http' '
	printf "%s\n" "lender_url = http://192.0.2.10:8080" "allow_http = yes" \
	    "health_interval = 1" >http.conf &&
	test_must_fail run_daemon http.log -c http.conf --allow-http &&
	cat http.log &&
	grep -q 192.0.2.10 http.log &&
	test ! -e "$KB_SOCKET"
'

test_expect_success 'while plain http to loopback with allow_http starts' '
	printf "%s\n" "lender_url = http://127.0.0.1:9" "allow_http = yes" \
	    "health_interval = 1" >http.conf &&
	kb_start_daemon -c "$TEST_DIR/http.conf" &&
	kb_call session.status >out &&
	kb_expect_json out .lender.url http://127.0.0.1:9 &&
	kb_stop_daemon
'

test_done
