#!/bin/sh
# t0235 — the daemon sleeps when idle: while a session is held, the
# lender's event stream (a long poll) is the only thing it waits on — no
# fixed-interval timer wakes it and no /v1/health is asked (here with
# health_interval = 1, so an old-style periodic check would show within
# the window).  Counts, not times: lender requests in the sandbox's log
# and the daemon's context switches (all threads) over a window.  When the
# stream breaks because the lender went away, the daemon still notices,
# and when the lender is back the stream resumes.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

# switches PID: voluntary + involuntary context switches of every thread.
switches () {
	cat /proc/"$1"/task/*/status 2>/dev/null |
	    awk '/^(non)?voluntary_ctxt_switches/ { s += $2 } END { print s }'
}

count () {
	grep -c "$1" "$SANDBOX_LOG" || true
}

test_expect_success 'setup: sandbox, a daemon on the real clock, signed in' '
	kb_start_sandbox &&
	KABINET_TEST_CLOCK= && unset KABINET_TEST_CLOCK &&
	kb_start_daemon --no-keyring &&
	kb_signin +79000000001 Demo2026 &&
	kb_wait_log "$SANDBOX_LOG" "GET /v1/events 200"
'

test_expect_success 'idle and signed in: no health checks, no timer wakeups' '
	h0=$(count "GET /v1/health ") && e0=$(count "GET /v1/events ") &&
	w0=$(switches "$DAEMON_PID") &&
	sleep 3 &&
	w1=$(switches "$DAEMON_PID") &&
	h1=$(count "GET /v1/health ") && e1=$(count "GET /v1/events ") &&
	echo "health $h0 -> $h1, events $e0 -> $e1, switches $w0 -> $w1" &&
	test "$h1" = "$h0" &&
	test $((e1 - e0)) -le 1 &&
	test $((w1 - w0)) -le 3
'

test_expect_success 'the lender goes away: the broken stream tells' '
	kb_stop_sandbox &&
	kb_retry 20 "kb_call session.status | jq -e \".lender.reachable == false\" >/dev/null"
'

test_expect_success 'the lender is back: reachable, and the stream resumes' '
	e0=$(count "GET /v1/events ") &&
	kb_restart_sandbox &&
	kb_retry 20 "kb_call session.status | jq -e \".lender.reachable == true\" >/dev/null" &&
	kb_retry 40 "test \$(count \"GET /v1/events \") -gt $e0"
'

test_done
