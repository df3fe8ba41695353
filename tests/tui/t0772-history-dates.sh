#!/bin/sh
# t0772-history-dates — an impossible date (31.02.2026) is refused at the
# history filter's field with the reason and nothing is asked of the
# daemon; the command line refuses it too, with the same reason, and
# `kabinet history --csv` prints the CSV the screen exports.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
P1=+79000000001

test_expect_success 'setup: a history of 30 entries' '
	expect 201 POST /sandbox/history "{\"phone\":\"$P1\",\"count\":30}" &&
	kb_signin $P1 Demo2026
'

test_expect_success 'the filter refuses 31.02.2026 at the field, with the reason' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Hello" &&
	kb_tmux_send h &&
	kb_tmux_wait_for "Payment history" &&
	kb_retry 10 "kb_tmux_capture | grep -qE \" 1/[0-9]+\"" &&
	n=$(grep -c "payment.history" "$DAEMON_LOG") &&
	kb_tmux_send f && kb_tmux_wait_for "Filter the history" &&
	kb_tmux_send C-u && kb_tmux_type "31.02.2026" &&
	kb_tmux_send Tab Tab Tab Enter &&
	kb_tmux_wait_for "! no such day in the calendar" &&
	kb_tmux_capture | grep -q "Filter the history" &&
	kb_tmux_cursor_line | grep -q "From" &&
	test "$(grep -c "payment.history" "$DAEMON_LOG")" = "$n"
'

test_expect_success 'an end before the start is refused at the end' '
	kb_tmux_send C-u && kb_tmux_type "02.03.2026" && kb_tmux_send Tab &&
	kb_tmux_send C-u && kb_tmux_type "2026-03-01" &&
	kb_tmux_send Tab Tab Enter &&
	kb_tmux_wait_for "! the end is before the start" &&
	kb_tmux_cursor_line | grep -q "To" &&
	test "$(grep -c "payment.history" "$DAEMON_LOG")" = "$n"
'

test_expect_success 'real dates in either form filter the list' '
	FROM=$(TZ=Europe/Moscow date -d "-40 days" +%d.%m.%Y) &&
	kb_tmux_send BTab && kb_tmux_send C-u && kb_tmux_type "$FROM" &&
	kb_tmux_send Tab C-u Tab Tab Enter &&
	kb_tmux_wait_gone "Filter the history" &&
	kb_retry 10 "kb_tmux_capture | grep -qE \" 1/30\""
'

test_expect_success 'the command line refuses it with the reason, exit 2' '
	test_must_fail_rc 2 kb history --from 31.02.2026 >out 2>err &&
	grep -q "31.02.2026" err && grep -q "no such day" err &&
	test_must_fail_rc 2 kb history --to 2026-13-01 >out 2>err &&
	grep -q "no such day" err &&
	test_must_fail_rc 2 kb history --from 2026-03-02 --to 01.03.2026 \
	    >out 2>err &&
	! test -s out
'

test_expect_success 'the daemon refuses it too, at the field, and takes DD.MM.YYYY' '
	! kb_call payment.history "{\"from\":\"31.02.2026\"}" >out &&
	kb_expect_json out .data.reason validation &&
	kb_expect_json out ".data.fields[0].field" from &&
	kb_expect_json out ".data.fields[0].reason" invalid_date &&
	kb_call payment.history "{\"from\":\"$(TZ=Europe/Moscow date -d "-40 days" +%d.%m.%Y)\",\"limit\":500}" >out &&
	kb_expect_json out ".items|length" 30
'

test_expect_success 'history --csv as kabinet(1) says' '
	kb history --csv >h.csv &&
	test "$(head -n 1 h.csv | tr -d "\r")" = "date,id,kind,amount_rub,status,description" &&
	test "$(wc -l <h.csv)" = 31 &&
	kb history --json >h.json &&
	test "$(sed -n 2p h.csv | cut -d, -f2)" = "$(jq -r ".[0].id" h.json)" &&
	kb history --csv --from "$(TZ=Europe/Moscow date -d "-40 days" +%d.%m.%Y)" --limit 5 >h5.csv &&
	test "$(wc -l <h5.csv)" = 6
'

test_done
