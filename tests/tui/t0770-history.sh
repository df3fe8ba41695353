#!/bin/sh
# t0770-history — the payment history in a real terminal: 10 000 entries
# scrolled with PgDn and End-of-list paging (pages fetched as it goes,
# never all at once), a filter by kind and dates, a text search, and
# export to CSV and JSON files whose path the screen names.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
P1=+79000000001

test_expect_success 'the history opens with the newest entries' '
	expect 201 POST /sandbox/history "{\"phone\":\"$P1\",\"count\":10000}" &&
	kb_signin $P1 Demo2026 &&
	kb_tmux_start 100 30 $KB &&
	kb_tmux_wait_for "Hello" &&
	kb_tmux_send h &&
	kb_tmux_wait_for "Payment history" &&
	kb_retry 10 "kb_tmux_capture | grep -qE \" 1/1[0-9]{4}\"" &&
	kb_tmux_wait_for "history entry"
'

test_expect_success 'scrolling far down fetches pages as it goes, and only those' '
	kb_retry 60 "kb_tmux_send NPage; kb_tmux_capture | grep -qE \" (1[5-9][0-9]{2}|[2-9][0-9]{3})/[0-9]+\"" &&
	kb_retry 10 "! kb_tmux_capture | grep -q loading…" &&
	kb_tmux_capture | grep -q "history entry\|archived charge" &&
	n=$(grep -c "payment.history" "$DAEMON_LOG") &&
	test "$n" -lt 40
'

test_expect_success 'a filter by kind shows only that kind' '
	kb_tmux_send f && kb_tmux_wait_for "Filter the history" &&
	kb_tmux_send Tab && kb_tmux_send Tab &&
	kb_tmux_type "penalty" && kb_tmux_send Enter &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "kind: penalty" &&
	kb_tmux_wait_for "penalty" &&
	! kb_tmux_capture | grep -E "^ *20[0-9-]+ +payment "
'

test_expect_success 'a date range, then a search by text within it' '
	FROM=$(TZ=Europe/Moscow date -d "-3 days" +%F) &&
	TO=$(TZ=Europe/Moscow date -d "-2 days" +%F) &&
	kb_tmux_send f && kb_tmux_wait_for "Filter the history" &&
	kb_tmux_send C-u && kb_tmux_type "$FROM" && kb_tmux_send Tab &&
	kb_tmux_send C-u && kb_tmux_type "$TO" && kb_tmux_send Tab &&
	kb_tmux_send C-u && kb_tmux_send Tab &&
	kb_tmux_send C-u && kb_tmux_send Enter &&
	kb_tmux_wait_for " 1/48" &&
	kb_tmux_send f && kb_tmux_wait_for "Filter the history" &&
	kb_tmux_send Tab && kb_tmux_send Tab && kb_tmux_send Tab &&
	kb_tmux_type "pm_h000042" && kb_tmux_send Enter &&
	kb_tmux_wait_for " 1/1" &&
	kb_tmux_wait_for "text: pm_h000042" &&
	kb_tmux_wait_for "pm_h000042" &&
	kb_tmux_send f && kb_tmux_wait_for "Filter the history" &&
	kb_tmux_send Tab && kb_tmux_send Tab && kb_tmux_send Tab &&
	kb_tmux_send C-u && kb_tmux_send Enter &&
	kb_tmux_wait_for " 1/48"
'

test_expect_success 'export to CSV and to JSON; the screen says where it went' '
	kb_tmux_send x && kb_tmux_wait_for "Export the history" &&
	kb_tmux_send C-u && kb_tmux_type "$TEST_DIR/h.csv" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Exported 48 entries to $TEST_DIR/h.csv" &&
	test "$(head -n 1 h.csv | tr -d "\r")" = "date,id,kind,amount_rub,status,description" &&
	test "$(wc -l <h.csv)" = 49 &&
	kb_tmux_send x && kb_tmux_wait_for "Export the history" &&
	kb_tmux_send C-u && kb_tmux_type "$TEST_DIR/h.json" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Exported 48 entries to $TEST_DIR/h.json" &&
	test "$(jq length h.json)" = 48 &&
	test "$(jq -r "[.[].date]|unique|join(\",\")" h.json)" = "$FROM,$TO"
'

test_done
