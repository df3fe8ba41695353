#!/bin/sh
# t0773-history-jump — flying through 10 000 entries at 80x24 on a vt100
# (no End or Home key there): G shows the oldest entry with one request,
# g the newest, d jumps to the newest entry of a date; the list knows its
# length at once (1/10000, not 1/100+); the next page is asked for before
# the selection reaches it; and a list scrolled line by line looks exactly
# as a full repaint of it does.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

KB_TERM=vt100
kb_start_sandbox
kb_start_daemon
KB="env TERM=vt100 $B/kabinet --no-start-daemon"
P1=+79000000001

# requests: the lender requests for the history in the daemon's log.
requests () {
	grep -c "GET /v1/payments" "$DAEMON_LOG"
}

# offset100: the requests for the second page (grep -c fails on none).
offset100 () {
	grep -c "GET /v1/payments?.*offset=100:" "$DAEMON_LOG" || :
}

# selected: the row shown in reverse video (the selection), by its date.
selected_date () {
	kb__tmux capture-pane -p -e -t kb | grep "$(printf '\033')\[7m" |
	    grep -oE "[0-9]{4}-[0-9]{2}-[0-9]{2}" | head -n1
}

test_expect_success 'setup: 10 000 entries, the list at 80x24 on a vt100' '
	expect 201 POST /sandbox/history "{\"phone\":\"$P1\",\"count\":10000}" &&
	kb_signin $P1 Demo2026 &&
	total=$(kb_call payment.history "{\"limit\":1}" | jq -r .total) &&
	test "$total" -ge 10000 &&
	echo "$total" >total &&
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Hello" &&
	kb_tmux_send h &&
	kb_tmux_wait_for "Payment history"
'

test_expect_success 'the list knows its length from the first page' '
	kb_tmux_wait_for " 1/$(cat total)" &&
	! kb_tmux_capture | grep -q "1/[0-9]*+"
'

test_expect_success 'G shows the oldest entry at once, with one request' '
	kb_retry 10 "! kb_tmux_capture | grep -q loading…" &&
	n=$(requests) &&
	kb_tmux_send G &&
	kb_tmux_wait_for " $(cat total)/$(cat total)" &&
	kb_retry 10 "! kb_tmux_capture | grep -q loading…" &&
	oldest=$(TZ=Europe/Moscow date -d @$(($(date +%s) - 86400 - 9999 * 3600)) +%F) &&
	test "$(selected_date)" = "$oldest" &&
	kb_tmux_capture | grep -qE "1.920.81" &&
	test $(($(requests) - n)) -le 2
'

test_expect_success 'g goes back to the newest' '
	kb_tmux_send g &&
	kb_tmux_wait_for " 1/$(cat total)"
'

test_expect_success 'd jumps to the newest entry of a date' '
	day=$(TZ=Europe/Moscow date -d "-200 days" +%F) &&
	next=$(TZ=Europe/Moscow date -d "-199 days" +%F) &&
	kb_tmux_send d &&
	kb_tmux_wait_for "Go to a date" &&
	kb_tmux_type "$day" && kb_tmux_send Enter &&
	kb_retry 10 "test \"\$(selected_date)\" = $day" &&
	kb_tmux_send Up &&
	kb_retry 10 "test \"\$(selected_date)\" = $next"
'

test_expect_success 'a date before the oldest entry shows the oldest, and says so' '
	kb_tmux_send d &&
	kb_tmux_wait_for "Go to a date" &&
	kb_tmux_type "01.01.2001" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Nothing on 2001-01-01 or before" &&
	kb_tmux_wait_for " $(cat total)/$(cat total)"
'

test_expect_success 'an impossible date is refused at the field' '
	kb_tmux_send d &&
	kb_tmux_wait_for "Go to a date" &&
	kb_tmux_type "31.02.2026" && kb_tmux_send Enter &&
	kb_tmux_wait_for "no such day in the calendar" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_gone "Go to a date"
'

test_expect_success 'the next page is asked for before the selection reaches it' '
	kb_tmux_send g &&
	kb_tmux_wait_for " 1/$(cat total)" &&
	n=$(offset100) &&
	i=0 && while [ $i -lt 85 ]; do kb_tmux_send Down; i=$((i + 1)); done &&
	kb_tmux_wait_for " 86/$(cat total)" &&
	kb_retry 10 "test \$(offset100) -gt $n"
'

test_expect_success 'scrolled line by line, the screen is what a repaint draws' '
	i=0 && while [ $i -lt 30 ]; do kb_tmux_send Down; i=$((i + 1)); done &&
	kb_tmux_wait_for " 116/$(cat total)" &&
	kb_retry 10 "! kb_tmux_capture | grep -q loading…" &&
	kb_tmux_capture >scrolled &&
	kb_tmux_send C-l &&
	kb_retry 10 "kb_tmux_capture >repainted && cmp -s scrolled repainted" ||
	{ diff scrolled repainted; false; }
'

test_expect_success 'the daemon checks the new parameters' '
	kb_call payment.history "{\"offset\":-1}" | grep -q "offset must be" &&
	kb_call payment.history "{\"on_or_before\":\"31.02.2026\"}" |
	    grep -q invalid_date
'

kb_tmux_stop
test_done
