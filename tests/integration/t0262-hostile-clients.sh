#!/bin/sh
# t0262-hostile-clients — kabinetd under hostile clients, with figures:
# 100 000 adversarial lines (invalid UTF-8, deep nesting, huge numbers,
# every method with params of the wrong type, batches, requests without
# an id), a 2 MiB line, a client sending one byte a second, 500
# connections opened and abandoned, half-closed sockets — while a
# well-behaved client pings every 100 ms and every ping is answered.
# Afterwards the daemon is alive, holds as many descriptors as before and
# its RSS has grown by less than 16 MiB.  tests/tools/hostile does the
# attacking; the figures go to the log (and tests/README.md).
. "$(dirname "$0")/lib.sh"

HOSTILE=$B/tests/tools/hostile

fds () {
	ls "/proc/$DAEMON_PID/fd" | wc -l
}

rss_kib () {
	awk '/^VmRSS:/ { print $2 }' "/proc/$DAEMON_PID/status"
}

test_expect_success 'setup: sandbox and daemon' '
	kb_start_sandbox &&
	kb_start_daemon &&
	kb_call daemon.ping >out &&
	kb_expect_json out .pong true &&
	FDS0=$(fds) && RSS0=$(rss_kib) &&
	echo "before: $FDS0 fds, $RSS0 KiB"
'

test_expect_success 'the attack: every ping answered throughout' '
	{ "$HOSTILE" -S "$KB_SOCKET" -n 100000 >figures.json; rc=$?; } &&
	cat figures.json &&
	test "$rc" = 0 &&
	kb_expect_json figures.json .ping_failures 0 &&
	kb_expect_json figures.json .big_line_dropped 1 &&
	kb_expect_json figures.json .half_closed_answered 50 &&
	test "$(jq .pings figures.json)" -gt 0 &&
	test "$(jq .answers figures.json)" -gt 50000
'

test_expect_success 'afterwards: alive, no descriptor leaked, RSS bounded' '
	kill -0 "$DAEMON_PID" &&
	kb_call daemon.ping >out &&
	kb_expect_json out .pong true &&
	kb_retry 10 "test \$(fds) -le $FDS0" &&
	RSS1=$(rss_kib) &&
	echo "after: $(fds) fds, $RSS1 KiB (+$((RSS1 - RSS0)) KiB)" &&
	test $((RSS1 - RSS0)) -lt 16384
'

test_done
