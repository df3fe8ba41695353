#!/bin/sh
# t0692-audit-ru — what a newcomer found in Russian at 80x24 on a vt100
# whose own time zone is UTC (a server's): a time of day on the screen is
# Moscow time, as every date is; the Repay screen names the key a vt100
# has for СБП (Ctrl-Y: it has no F5); the history's date prompt says what
# Enter does there (not "Оформить", the loan application's word); the
# documents' columns stand under their Cyrillic headings, the edition
# written as Russians write a date; registration's Enter says "Далее".
. "$(dirname "$0")/../integration/lib.sh"

KB_TERM=vt100
export KB_TERM
TZ=UTC
export TZ
kb_start_sandbox
kb_start_daemon

P2=+79000000002
DAY=86400
RU="env TERM=vt100 LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale $B/kabinet --no-start-daemon"

. "$SRC/tests/integration/lib-payments.sh"

# dash: a fresh TUI on the dashboard, so each case stands alone.
dash () {
	kb_tmux_start 80 24 $RU &&
	kb_tmux_wait_for "Здравствуйте"
}

test_expect_success 'registration: Enter goes on ("Далее"), not "Следующий"' '
	kb_tmux_start 80 24 $RU &&
	kb_tmux_wait_for "r Регистрация" &&
	kb_tmux_send r &&
	kb_tmux_wait_for "Шаг 1 из 4" &&
	kb_tmux_wait_for "Enter Далее" &&
	! kb_tmux_capture | grep -q "Следующий"
'

test_expect_success 'setup: signed in' '
	kb_signin $P2 Second2026
'

test_expect_success 'Repay names Ctrl-Y for СБП, never F5' '
	dash &&
	kb_tmux_send p &&
	kb_tmux_wait_for "Ctrl-Y: СБП)" &&
	kb_tmux_capture | grep -qE "Mir .*  \(Ctrl-Y: СБП\)" &&
	kb_tmux_send C-y &&
	kb_tmux_wait_for "СБП, QR-код  (Ctrl-Y: карта)" &&
	! kb_tmux_capture | grep -q "F5" &&
	kb_tmux_send C-y &&
	kb_tmux_wait_for "Ctrl-Y: СБП)" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Здравствуйте"
'

test_expect_success 'a message'"'"'s time is Moscow time, as its date' '
	dash &&
	kb_clock_advance $((17 * DAY)) &&
	kb_tmux_wait_for "1 непрочитанное" &&
	kb_call notifications.list >n.json &&
	at=$(jq -r ".items[0].created_at" n.json) &&
	msk=$(( $(date -d "$at" +%s) + 3 * 3600 )) &&
	when=$(date -u -d "@$msk" "+%d.%m.%Y %H:%M") &&
	kb_tmux_send n &&
	kb_tmux_wait_for "Платёж через 3 дня" &&
	kb_tmux_wait_for "* $when  Платёж через 3 дня" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "$when" &&
	kb_tmux_send Escape Escape &&
	kb_tmux_wait_for "Здравствуйте"
'

test_expect_success 'the history'"'"'s date prompt: Enter confirms, it applies for nothing' '
	dash &&
	kb_tmux_send h &&
	kb_tmux_wait_for "История платежей" &&
	kb_tmux_send d &&
	kb_tmux_wait_for "Перейти к дате" &&
	kb_tmux_wait_for "Enter Подтвердить" &&
	! kb_tmux_capture | grep -q "Оформить" &&
	kb_tmux_send Escape Escape &&
	kb_tmux_wait_for "Здравствуйте"
'

test_expect_success 'My documents: columns under their headings, the edition a date' '
	dash &&
	kb_tmux_send d &&
	kb_tmux_wait_for "Мои документы" &&
	kb_tmux_wait_for "Соглашение об использовании" &&
	kb_tmux_capture | grep -q "^  Подписан    Редакция    Документ" &&
	kb_tmux_capture | grep -qE "^  [0-9]{2}\.[0-9]{2}\.[0-9]{4}  01\.11\.2026  Соглашение об" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Здравствуйте"
'

test_done
