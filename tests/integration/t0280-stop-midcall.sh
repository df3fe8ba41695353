#!/bin/sh
# t0280-stop-midcall — SIGTERM while calls wait on a slow lender: the
# daemon fails them as "lender unavailable" and exits at once and cleanly;
# everything they held is freed (under SANITIZE=1, test_done fails the
# script on any LeakSanitizer report in the daemon's log).
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon

test_expect_success 'SIGTERM with loan.list and payment.history in flight' '
	kb_signin +79000000002 Second2026 &&
	curl -sS --cacert "$KB_CA" -X POST -H "Content-Type: application/json" \
	    -d "{\"latency_ms\":5000}" "$SANDBOX_URL/sandbox/faults" >/dev/null &&
	{ "$KBCALL" -S "$KB_SOCKET" -t 20000 loan.list >list.out 2>&1 & } &&
	lister=$! &&
	{ "$KBCALL" -S "$KB_SOCKET" -t 20000 payment.history "{}" \
	    >hist.out 2>&1 & } &&
	historian=$! &&
	sleep 1 &&
	grep -q "loan.list" "$DAEMON_LOG" &&
	kill -TERM "$DAEMON_PID" &&
	kb__wait_pid "$DAEMON_PID" 10 &&
	test "$KB_EXIT" = 0 &&
	kb__untrack "$DAEMON_PID" && DAEMON_PID= &&
	# the callers got an answer or a closed connection, not a hang
	wait $lister; wait $historian; true
'

test_done
