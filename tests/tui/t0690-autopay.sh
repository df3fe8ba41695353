#!/bin/sh
# t0690-autopay — autopay in a real 80x24 terminal: Settings → Autopay
# shows the consent's text, and F1 what a declined card means; Enter asks
# the SMS code (a wrong one, then Esc: it stays off; the right one: on);
# the dashboard's loan block says
# "Autopay on: DATE from CARD"; My documents lists the signed consent;
# the clock moved to the due date, the charge appears live on the
# dashboard, and the sandbox's database has exactly one.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"
. "$SRC/tests/integration/lib-autopay.sh"

SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
P2=+79000000002

test_expect_success 'settings → autopay: off, the consent to read' '
	kb_signin $P2 Second2026 &&
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Due today                 10,800.00 RUB" &&
	kb_tmux_send s && kb_tmux_wait_for "a  Autopay" &&
	kb_tmux_send a &&
	kb_tmux_wait_for "Off.  Read the consent below" &&
	kb_tmux_wait_for "Card                      Mir 220070…1111" &&
	kb_tmux_wait_for "СОГЛАСИЕ НА АВТОМАТИЧЕСКОЕ СПИСАНИЕ" &&
	kb_tmux_send F1 &&
	kb_tmux_wait_for "What if autopay cannot charge my card?" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Off.  Read the consent below"
'

test_expect_success 'a wrong code, then Esc: it stays off' '
	N=$(sms_count $P2) &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "autopay consent." &&
	code=$(sh "$SRC/tests/tools/sms-code.sh" $P2 $((N + 1))) &&
	kb_tmux_type "$(echo "$code" | tr 0-9 1-90)" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Wrong code" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Off.  Read the consent below" &&
	kb_call autopay.status >st &&
	kb_expect_json st .autopay.enabled false
'

test_expect_success 'the right code: on, and the dashboard says when and from which card' '
	N=$(sms_count $P2) &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "autopay consent." &&
	code=$(sh "$SRC/tests/tools/sms-code.sh" $P2 $((N + 1))) &&
	kb_tmux_type "$code" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Autopay is on: the consent is signed" &&
	DUE=$(kb_call loan.due | jq -r .loan.due_on) &&
	kb_tmux_wait_for "Autopay                   on: $DUE from Mir 220070…1111" &&
	kb_tmux_send Escape && kb_tmux_send Escape &&
	kb_tmux_wait_for "Due today                 10,800.00 RUB" &&
	kb_tmux_wait_for "Autopay                   on: $DUE from Mir 220070…1111"
'

test_expect_success 'My documents lists the signed consent' '
	kb_tmux_send d &&
	kb_tmux_wait_for "Согласие на автоматическое списание" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Due today"
'

test_expect_success 'the due date: one charge, told live on the dashboard' '
	kb_clock_advance $((20 * 86400)) &&
	kb_tmux_wait_for "Autopay: 12,400.00 RUB charged from Mir 220070…1111" &&
	test "$(charges)" = 1 &&
	test "$(tries)" = 1 &&
	kb_clock_advance 86400 &&
	kb_tmux_wait_gone "Due today" &&
	test "$(charges)" = 1
'

test_done
