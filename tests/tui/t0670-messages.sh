#!/bin/sh
# t0670-messages — the lender's messages at 80x24 on a vt100, in English
# and in Russian: the dashboard's Messages line changes live when the
# lender adds one (its clock reaches three days before the due date), n
# opens the inbox with the unread marked, Enter reads one and marks it
# read (the count drops, here and in the daemon), a marks all read; a new
# one pushed while the inbox is open shows at once.
. "$(dirname "$0")/../integration/lib.sh"

KB_TERM=vt100
export KB_TERM
kb_start_sandbox
kb_start_daemon

P2=+79000000002
DAY=86400
KB="env TERM=vt100 $B/kabinet --no-start-daemon"
RU="env LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale"

. "$SRC/tests/integration/lib-payments.sh"

test_expect_success 'sign in; the dashboard says there are no messages' '
	kb_signin $P2 Second2026 &&
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Hello" &&
	kb_tmux_wait_for "Messages      none"
'

test_expect_success 'a reminder from the lender: the count changes live' '
	kb_clock_advance $((17 * DAY)) &&
	kb_tmux_wait_for "Messages      1 unread: Payment due in 3 days" &&
	kb_tmux_bar_whole
'

test_expect_success 'n opens the inbox, the unread marked' '
	kb_tmux_send n &&
	kb_tmux_wait_for "1 unread" &&
	kb_tmux_capture | grep -q "^ *\* [0-9-]* [0-9:]* *Payment due in 3 days" &&
	kb_tmux_bar_whole
'

test_expect_success 'a new one while the inbox is open shows at once' '
	kb_clock_advance $((2 * DAY)) &&
	kb_tmux_wait_for "Payment due tomorrow" &&
	kb_tmux_wait_for "2 unread"
'

test_expect_success 'Enter reads the one selected and marks it read' '
	# the selection stayed on the message it was on
	kb_tmux_send Enter &&
	kb_tmux_wait_for "is due on " &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "1 unread" &&
	kb_call account.summary >s.json &&
	kb_expect_json s.json .unread 1 &&
	kb_tmux_capture | grep -q "^ *\* .*Payment due tomorrow" &&
	! kb_tmux_capture | grep -q "^ *\* .*Payment due in 3 days"
'

test_expect_success 'a marks all read; the dashboard follows' '
	kb_tmux_send a &&
	kb_tmux_wait_for "All messages are marked read" &&
	kb_tmux_wait_for "0 unread" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "none unread; the last: Payment due tomorrow" &&
	kb_call account.summary >s.json &&
	kb_expect_json s.json .unread 0
'

test_expect_success 'ru: the dashboard and the inbox in Russian' '
	kb_tmux_stop &&
	kb_clock_advance $DAY &&
	kb_retry 10 "kb_call account.summary | jq -e \".unread == 1\" >/dev/null" &&
	kb_tmux_start 80 24 $RU $KB &&
	kb_tmux_wait_for "Сообщения     1 непрочитанное: Платёж сегодня" &&
	kb_tmux_send n &&
	kb_tmux_wait_for "Платёж завтра" &&
	kb_tmux_bar_whole &&
	! kb_tmux_capture | grep -q "Payment"
'

test_done
