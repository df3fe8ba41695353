#!/bin/sh
# t0556-formats — one way to write a date and one to write money, in the
# language shown: Russian screens and the command line's human output say
# 19.12.2026 and 10 800,00 ₽ (the calculator's rate 0,80 %), English ones
# 2026-12-19, 10,800.00 RUB and 0.80 %; under LANG=C gettext ignores
# LANGUAGE=ru, the text stays English and so do the amounts; JSON output
# keeps ISO dates and integer kopecks.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
RU="env LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale"
P2=+79000000002

# ru DATE: 2026-12-19 → 19.12.2026
ru () {
	echo "$1" | sed -E "s/^(....)-(..)-(..)$/\3.\2.\1/"
}

test_expect_success 'setup: signed in, a payment in the history' '
	kb_signin $P2 Second2026 &&
	kb pay --yes 100 >/dev/null &&
	DUE=$(kb_call loan.due | jq -r .loan.due_on) &&
	kb history --json >h.json &&
	HDATE=$(jq -r ".[0].date" h.json) &&
	test -n "$DUE" && test -n "$HDATE"
'

test_expect_success 'Russian: the dashboard and the repay receipt in one style' '
	kb_tmux_start 80 24 $RU $KB &&
	kb_tmux_wait_for "вернуть до $(ru "$DUE")" &&
	kb_tmux_wait_for "10 700,00 ₽" &&
	! kb_tmux_capture | grep -qE "20[0-9]{2}-[0-9]{2}-[0-9]{2}|RUB|rub\\."
'

test_expect_success 'Russian: a repayment receipt, its ПСК with a comma' '
	kb_tmux_send p && kb_tmux_wait_for "Mir 220070" &&
	kb_tmux_type "100" && kb_tmux_send Enter &&
	kb_tmux_wait_for "100,00 ₽" &&
	kb_tmux_send y &&
	kb_tmux_wait_for "График:" &&
	kb_tmux_capture | grep -qE "ПСК +[0-9]+,[0-9]{3} %" &&
	! kb_tmux_capture | grep -qE "20[0-9]{2}-[0-9]{2}-[0-9]{2}|RUB|[0-9]\.[0-9]{3} %" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Настройки"
'

test_expect_success 'Russian: the history rows and the calculator' '
	kb_tmux_send h &&
	kb_tmux_wait_for "$(ru "$HDATE")" &&
	kb_tmux_wait_for "100,00 ₽" &&
	! kb_tmux_capture | grep -qE "20[0-9]{2}-[0-9]{2}-[0-9]{2}|RUB" &&
	kb_tmux_send Escape &&
	kb_tmux_send k &&
	kb_tmux_wait_for "0,80 %" &&
	! kb_tmux_capture | grep -qE "20[0-9]{2}-[0-9]{2}-[0-9]{2}|RUB"
'

test_expect_success 'English: ISO dates, RUB and a decimal point' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "due on $DUE" &&
	kb_tmux_wait_for "10,600.00 RUB" &&
	kb_tmux_send k &&
	kb_tmux_wait_for "0.80 %" &&
	! kb_tmux_capture | grep -q "0,80 %"
'

test_expect_success 'LANG=C with LANGUAGE=ru: English text, English amounts' '
	kb_tmux_start 80 24 env LANG=C LANGUAGE=ru \
	    KABINET_LOCALEDIR=$B/locale $KB &&
	kb_tmux_wait_for "Due today" &&
	kb_tmux_wait_for "10,600.00 RUB" &&
	! kb_tmux_capture | grep -q "rub\\."
'

test_expect_success 'the command line: human output in the language, JSON as is' '
	$RU "$B/kabinet" -S "$KB_SOCKET" --no-start-daemon history >ru.txt &&
	grep -q "^$(ru "$HDATE") .*100,00 ₽" ru.txt &&
	kb history >en.txt &&
	grep -q "^$HDATE .*100.00 RUB" en.txt &&
	$RU "$B/kabinet" -S "$KB_SOCKET" --no-start-daemon history --json \
	    >ru.json &&
	jq -e ".[0].date == \"$HDATE\" and .[0].amount == 10000" ru.json
'

test_done
