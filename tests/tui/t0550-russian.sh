#!/bin/sh
# t0550-russian — the TUI in Russian: LANGUAGE=ru under LANG=C.UTF-8 with
# the catalogue from the build tree (no locale needs generating), money in
# the Russian style with the rouble sign, plurals, and Esc on the SMS
# prompt cancelling the sign-in.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon

RU="env LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale"
KB="$B/kabinet --no-start-daemon"

test_expect_success 'the start screen speaks Russian' '
	kb_tmux_start 80 24 $RU $KB &&
	kb_tmux_wait_for "Личный кабинет" &&
	kb_tmux_wait_for "демон: связь есть" &&
	kb_tmux_wait_for "Кредитор" &&
	kb_tmux_wait_for "1 000,00 ₽ – 30 000,00 ₽" &&
	kb_tmux_wait_for "5–30 дней" &&
	kb_tmux_wait_for "0,8% в день" &&
	kb_tmux_wait_for "вход не выполнен" &&
	kb_tmux_wait_for "F1 Справка" &&
	kb_tmux_wait_for "F10 Выход"
'

test_expect_success 'sign-in in Russian: «Забыли пароль?», plural attempts' '
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Вход в личный кабинет" &&
	kb_tmux_wait_for "F4 Забыли пароль?" &&
	kb_tmux_type "89000000001" && kb_tmux_send Enter &&
	kb_tmux_type "Wrong2026" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Неверный номер телефона или пароль" &&
	kb_tmux_wait_for "осталось 4 попытки"
'

test_expect_success 'the SMS prompt in Russian; Esc cancels the sign-in' '
	kb_tmux_type "Demo2026" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Код из SMS" &&
	kb_tmux_wait_for "Осталось 3 попытки" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_gone "Код из SMS" &&
	kb_tmux_wait_for "Отменено" &&
	kb_tmux_wait_for "Вход в личный кабинет"
'

test_expect_success 'kabinet status in Russian' '
	$RU $KB status >out &&
	grep "кабинет: вход не выполнен" out &&
	grep "1 000,00 ₽" out
'

test_done
