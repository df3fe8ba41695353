#!/bin/sh
# t0330 — the daemon's link to the lender: requests
# share one kept-alive HTTPS connection; a lender host that drops packets
# (tests/tools/blackhole) gives lender_unavailable once the configured
# connect timeout has passed, not the far longer request timeout; and
# meanwhile the TUI stays responsive (help, Esc) and keeps the password
# typed when the daemon answers "busy".
. "$(dirname "$0")/lib.sh"

PHONE=+79000000001

# conns PORT PID: the local ports (hex) of PID's established TCP
# connections to port PORT, one a line; from /proc, so neither ss nor
# netstat is needed.
conns () {
	# kabinetd is not dumpable, so only root may read its fds; without
	# them every client of the sandbox's port counts, and in this script
	# the daemon is the only one.
	if ls /proc/"$2"/fd/ >/dev/null 2>&1; then
		kb__inodes=$(for fd in /proc/"$2"/fd/*; do readlink "$fd"; \
		    done 2>/dev/null |
		    sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p' | tr '\n' ' ')
	else
		kb__inodes=any
	fi
	awk -v port="$(printf '%04X' "$1")" -v inodes=" $kb__inodes " '
	    NR > 1 && $4 == "01" &&
	    substr($3, index($3, ":") + 1) == port &&
	    (inodes == " any " || index(inodes, " " $10 " ")) {
		print substr($2, index($2, ":") + 1)
	    }' /proc/net/tcp
}

# requests: how many requests the sandbox has logged so far.
requests () {
	grep -c "http_respond: " "$SANDBOX_LOG"
}

test_expect_success 'setup: sandbox (logging requests) and daemon' '
	kb_start_sandbox -v &&
	kb_start_daemon &&
	kb_call session.status >out &&
	kb_expect_json out .lender.reachable true
'

test_expect_success 'requests to the lender reuse one kept-alive connection' '
	kb_call auth.recover \
	    "{\"phone\":\"$PHONE\",\"surname\":\"Иванов\"}" >/dev/null &&
	conns "$SANDBOX_PORT" "$DAEMON_PID" >before &&
	cat before &&
	test "$(wc -l <before)" -ge 1 && test "$(wc -l <before)" -le 2 &&
	n0=$(requests) &&
	# health checks (every second here) and two more POSTs
	sleep 2.5 &&
	kb_call auth.recover \
	    "{\"phone\":\"+79000000002\",\"surname\":\"Петрова\"}" >/dev/null &&
	kb_call auth.recover \
	    "{\"phone\":\"+79000000009\",\"surname\":\"Никто\"}" >/dev/null &&
	conns "$SANDBOX_PORT" "$DAEMON_PID" >after &&
	cat after &&
	test "$(($(requests) - n0))" -ge 4 &&
	# a connection open before (its local port) is still open after all
	# of them: kept alive and reused.  A request that overlaps another (a
	# health check during a slow POST, as under ASan or load: a run once
	# had two before) may open a second one, which is HTTP/1.1 doing its
	# job; a third means no reuse.
	grep -qxF -f before after &&
	test "$(wc -l <after)" -le 2
'

test_expect_success 'setup: the lender host drops packets; connect timeout 1 s' '
	kb_stop_daemon &&
	{ "$B/tests/tools/blackhole" bh.port >bh.log 2>&1 & } &&
	BH_PID=$! &&
	kb_cleanup_add "kill $BH_PID" &&
	kb_retry 5 "test -s bh.port" &&
	BH_URL=https://127.0.0.1:$(cat bh.port) &&
	cat >"$XDG_CONFIG_HOME/kabinet/kabinetd.conf" <<-EOF &&
	lender_url = $BH_URL
	ca_file = $KB_CA
	health_interval = 1
	connect_timeout_ms = 1000
	request_timeout_ms = 120000
	EOF
	KB_KEEP_CONFIG=1 kb_start_daemon
'

test_expect_success 'sign-in answers lender_unavailable after the connect timeout' '
	# kbcall gives up after 20 s: far below the 120 s request timeout
	! kb_call -t 20000 auth.login \
	    "{\"phone\":\"$PHONE\",\"password\":\"Demo2026\"}" >out &&
	kb_expect_json out .data.reason lender_unavailable &&
	kb_call -t 20000 session.status >out &&
	kb_expect_json out .lender.reachable false &&
	kb_expect_json out .state signed_out
'

test_expect_success 'setup: connect timeout 10 s, for the TUI' '
	kb_stop_daemon &&
	sed -i "s/^connect_timeout_ms = .*/connect_timeout_ms = 10000/" \
	    "$XDG_CONFIG_HOME/kabinet/kabinetd.conf" &&
	KB_KEEP_CONFIG=1 kb_start_daemon &&
	REFUSED=$(grep -c "refused: 0 lender_unavailable" "$DAEMON_LOG") &&
	kb_tmux_start 80 24 "$B/kabinet" --no-start-daemon &&
	kb_tmux_wait_for "Press Enter to sign in"
'

test_expect_success 'while a sign-in hangs, help opens and Esc cancels' '
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Phone [" &&
	kb_tmux_type "$PHONE" &&
	kb_tmux_send Tab &&
	kb_tmux_type Demo2026 &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Signing in" &&
	kb_tmux_send F1 &&
	kb_tmux_wait_for "Keys on the" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_gone "Keys on the" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Cancelled"
'

test_expect_success 'Enter again while the daemon still waits: busy, password kept' '
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Another such operation is in progress" &&
	kb_tmux_capture >screen &&
	grep -F "Password [********" screen
'

test_expect_success 'once the first attempt is over: the lender cannot be reached' '
	kb_retry 25 "test \$(grep -c \"refused: 0 lender_unavailable\" \
	    \"\$DAEMON_LOG\") -gt $REFUSED" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Signing in" &&
	kb_tmux_wait_for "The lender cannot be reached" 25 &&
	kb_tmux_alive
'

test_done
