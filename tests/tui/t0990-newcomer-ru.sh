#!/bin/sh
# t0990-newcomer-ru — a new borrower, in Russian, at 80x24 on a vt100 (no
# colours, no F5-F12, no PgUp/PgDn, no Shift-Tab), using only keys a vt100
# has: registration → application → card → payout → partial repayment →
# full repayment → the repaid loan.  Every screen on the way is checked
# for cut words (each hint of the bottom bar is whole: it is a line of the
# screen's help; no text runs into the last columns) and for text that is
# not Russian.
. "$(dirname "$0")/../integration/lib.sh"

KB_TERM=vt100
export KB_TERM
kb_start_sandbox
kb_start_daemon

KB="env TERM=vt100 LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale $B/kabinet --no-start-daemon"
NEW=+79000000077

# latin: what on the screen is not Russian: Latin words, ISO dates, a
# decimal point in a rate.  Allowed: key names, kabinet, SMS, card brands,
# what the borrower typed (the holder, the e-mail), the lender's support
# e-mail and the Bank of Russia's web address, and vt100 line drawing
# as capture-pane shows it (lqqk, x, mqqj: a box may stand right against
# a Cyrillic word).
latin () {
	kb_tmux_capture |
	sed -E "s/kabinetd?(\/[0-9.]+)?//g; s/Ctrl-[A-Z]//g;
	    s/\<(Esc|Enter|Tab|F[0-9]+|SMS|Mir|Visa|Mastercard|Secret Service)\>//g;
	    s/PETR SIDOROV|petr@example\.ru//g;
	    s/[a-z0-9.-]+@[a-z0-9.-]+//g; s#https?://[^ ]*##g;
	    s/[lm]?q+[kj]?//g; s/x//g" |
	grep -oE "[A-Za-z]{2,}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]+\.[0-9]+ ?%" |
	sort -u
}

# screen_ok TEXT: once TEXT is on the screen: no Latin words, no line of
# the body running into the last two columns (where a cut would end),
# and a whole bottom bar.
screen_ok () {
	kb_tmux_wait_for "$1" 15 &&
	l=$(latin) &&
	if [ -n "$l" ]; then
		echo "not Russian: $(echo $l)"; kb__screen; return 1
	fi &&
	if kb_tmux_capture | sed -n "2,23p" | grep -qE "^.{78}[^ xkj]"; then
		echo "a line runs into the last columns:"; kb__screen; return 1
	fi &&
	kb_tmux_bar_whole
}

# fill VALUES...: types each value into the next field (Tab between).
fill () {
	for v in "$@"; do
		kb_tmux_type "$v" && kb_tmux_send Tab || return 1
	done
}

test_expect_success 'the start screen' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "демон: связь есть" &&
	kb_tmux_wait_for "Продукты" &&
	screen_ok "r Регистрация"
'

test_expect_success 'registration: the phone and its SMS code' '
	kb_tmux_send r &&
	screen_ok "Шаг 1 из 4" &&
	kb_tmux_type "8 900 000-00-77" && kb_tmux_send Enter &&
	screen_ok "Код из SMS" &&
	kb_tmux_type "$(kb_sms_code $NEW)" && kb_tmux_send Enter &&
	screen_ok "Шаг 2 из 4"
'

test_expect_success 'registration: personal data, documents, password twice' '
	fill "Сидоров" "Пётр" "Алексеевич" "20.07.1995" "4513" "778899" \
	    "01.08.2015" "770-002" "Москва, ул. Тверская, 1" \
	    "petr@example.ru" &&
	kb_tmux_type "60000" && kb_tmux_send Enter &&
	screen_ok "Шаг 3 из 4" &&
	kb_tmux_send v &&
	screen_ok "Правила" &&
	kb_tmux_send Escape &&
	kb_tmux_send Space Down Space Down Space Down Space &&
	kb_tmux_wait_for "[x] Принимаю подписание" &&
	kb_tmux_wait_for "[x] Согласен(на) на автоматизированное решение" &&
	kb_tmux_send Enter &&
	screen_ok "Шаг 4 из 4" &&
	kb_tmux_type "Sidorov2026" && kb_tmux_send Enter &&
	kb_tmux_type "Sidorov2026" && kb_tmux_send Enter &&
	screen_ok "Сумма займа" &&
	screen_ok "Подписать кодом из SMS" &&
	kb_tmux_send Enter &&
	screen_ok "для подписания" &&
	kb_tmux_type "$(kb_sms_code $NEW)" && kb_tmux_send Enter
'

test_expect_success 'the application is approved; the dashboard asks for a card' '
	screen_ok "Здравствуйте, Пётр Сидоров" &&
	screen_ok "привяжете карту"
'

test_expect_success 'the help speaks Russian too' '
	kb_tmux_send F1 &&
	kb_tmux_wait_for "  F1, ?" &&
	l=$(latin) &&
	if [ -n "$l" ]; then
		echo "not Russian: $(echo $l)"; kb__screen; false
	fi &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Здравствуйте"
'

test_expect_success 'the card is linked with an SMS code; the money goes out' '
	kb_tmux_send l &&
	screen_ok "Номер карты [" &&
	fill "2200701234567896" "12/30" &&
	kb_tmux_type "PETR SIDOROV" &&
	kb_tmux_wait_for "**** **** **** 7896" &&
	kb_tmux_send Enter &&
	screen_ok "Код из SMS" &&
	kb_tmux_type "$(kb_sms_code $NEW 3)" && kb_tmux_send Enter &&
	screen_ok "Карта привязана" &&
	kb_tmux_send Escape &&
	screen_ok "Вернуть в срок"
'

test_expect_success 'a partial repayment' '
	kb_tmux_send p &&
	screen_ok "Сумма [" &&
	kb_tmux_type "1000" && kb_tmux_send Enter &&
	screen_ok "Оплатить 1 000,00 ₽" &&
	kb_tmux_send y &&
	screen_ok "Новый остаток" &&
	kb_tmux_send Escape &&
	screen_ok "К оплате сегодня          4 000,00 ₽"
'

test_expect_success 'the full repayment closes the loan' '
	kb_tmux_send p &&
	screen_ok "Сумма [" &&
	kb_tmux_send C-t &&
	kb_tmux_wait_for "Сумма [4 000,00" &&
	kb_tmux_send Enter &&
	screen_ok "Оплатить 4 000,00 ₽" &&
	kb_tmux_send y &&
	screen_ok "Заём погашен и закрыт" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_gone "Вернуть в срок"
'

test_expect_success 'the repaid loan in the history' '
	kb_tmux_send h &&
	kb_tmux_wait_for "История платежей" &&
	kb_tmux_wait_for "4 000,00 ₽" &&
	kb_tmux_wait_for "1 000,00 ₽" &&
	kb_tmux_bar_whole
'

test_expect_success 'the history speaks Russian' '
	screen_ok "История платежей"
'

test_expect_success 'Ctrl-X quits' '
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Здравствуйте" &&
	kb_tmux_send C-x &&
	kb_tmux_wait_exit 5
'

test_done
