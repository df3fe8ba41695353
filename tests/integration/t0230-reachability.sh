#!/bin/sh
# t0230 — the daemon watches the lender: it notices it going away and
# coming back (same port) by itself, tells every client with lender.status
# and reports it in session.status, without being restarted.
. "$(dirname "$0")/lib.sh"

# watch_for REACHABLE: a client that, once connected, waits for a
# lender.status event with reachable == REACHABLE (started in the
# background; ready when $TEST_DIR/ready exists).
watch_for () {
	rm -f "$TEST_DIR/ready"
	"$KBCALL" -S "$KB_SOCKET" -t 15000 --clients 1 \
	    --wait-event lender.status --where "reachable=$1" \
	    --ready-file "$TEST_DIR/ready" >"$TEST_DIR/watch.out" 2>&1 &
	WATCH_PID=$!
	kb_retry 10 'test -f "$TEST_DIR/ready"'
}

test_expect_success 'setup: sandbox and daemon' '
	kb_start_sandbox &&
	kb_start_daemon &&
	FIRST_DAEMON=$DAEMON_PID
'

test_expect_success 'session.status: the lender is reachable, with its name' '
	kb_call session.status >out &&
	kb_expect_json out .lender.reachable true &&
	kb_expect_json out .lender.url "$SANDBOX_URL" &&
	test -n "$(jq -r ".lender.name // empty" out)"
'

test_expect_success 'the sandbox stops: lender.status reachable false' '
	watch_for false &&
	kb_stop_sandbox &&
	wait $WATCH_PID &&
	cat watch.out &&
	grep -q "1/1 got lender.status" watch.out
'

test_expect_success 'session.status says unreachable' '
	kb_call session.status >out &&
	kb_expect_json out .lender.reachable false
'

test_expect_success 'a call that needs the lender fails with lender_unavailable' '
	test_must_fail_rc 1 kb_call auth.login \
	    "{\"phone\":\"+79000000001\",\"password\":\"Demo2026\"}" >out &&
	cat out &&
	kb_expect_json out .data.reason lender_unavailable
'

test_expect_success 'the sandbox is back on the same port: reachable true again' '
	watch_for true &&
	kb_restart_sandbox &&
	wait $WATCH_PID &&
	cat watch.out &&
	grep -q "1/1 got lender.status" watch.out
'

test_expect_success 'session.status says reachable, from the same daemon' '
	kb_call session.status >out &&
	kb_expect_json out .lender.reachable true &&
	test "$DAEMON_PID" = "$FIRST_DAEMON" &&
	kill -0 "$DAEMON_PID"
'

test_done
