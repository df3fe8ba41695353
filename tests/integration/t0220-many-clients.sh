#!/bin/sh
# t0220 — 100 clients at once: each gets its answer, and each gets the
# lender.status broadcast when the lender goes away.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: sandbox and daemon' '
	kb_start_sandbox &&
	kb_start_daemon
'

test_expect_success '100 clients are answered and all get lender.status' '
	"$KBCALL" -S "$KB_SOCKET" -t 15000 --clients 100 \
	    --wait-event lender.status --where reachable=false \
	    --ready-file ready >out 2>err &
	clients=$! &&
	kb_retry 20 "test -f ready" &&
	kb_stop_sandbox &&
	wait $clients &&
	cat out &&
	test "$(cat out)" = "100/100 answered, 100/100 got lender.status"
'

test_expect_success 'the daemon serves a new client after the crowd left' '
	kill -0 "$DAEMON_PID" &&
	kb_call session.status >out &&
	kb_expect_json out .lender.reachable false
'

test_done
