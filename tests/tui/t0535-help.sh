#!/bin/sh
# t0535-help — help that answers, at 80x24 on a vt100, in English and in
# Russian: the start screen shows the lender's support contacts; F1 (or ?)
# opens the answers that belong to the screen first, then its keys; Enter
# reads an answer (with the contacts under it); / searches every answer.
# The Russian screens have no English on them.
. "$(dirname "$0")/../integration/lib.sh"

KB_TERM=vt100
export KB_TERM
kb_start_sandbox
kb_start_daemon

KB="env TERM=vt100 $B/kabinet --no-start-daemon"
RU="env TERM=vt100 LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale $B/kabinet --no-start-daemon"

# latin: Latin words on the screen other than key names, SMS, Caps Lock,
# the e-mail and web addresses, and vt100 line drawing.
latin () {
	kb_tmux_capture |
	sed -E "s/kabinetd?(\/[0-9.]+)?//g; s/Ctrl-[A-Z]//g;
	    s/\<(Esc|Enter|Tab|F[0-9]+|SMS|Caps Lock)\>//g;
	    s/[a-z0-9.-]+@[a-z0-9.-]+//g; s#https?://[^ ]*##g;
	    s/[lm]?q+[kj]?//g; s/x//g" |
	grep -oE "[A-Za-z]{2,}" | sort -u
}

russian_only () {
	l=$(latin) &&
	if [ -n "$l" ]; then
		echo "not Russian: $(echo $l)"; kb__screen; return 1
	fi
}

# row TEXT: the screen row TEXT is on.
row () {
	kb_tmux_capture | grep -nF -- "$1" | head -1 | cut -d: -f1
}

# the bottom bar holds HINT whole
bar_has () {
	kb_tmux_capture | tail -1 | grep -qF -- "$1" || {
		echo "no \"$1\" in the bar:"; kb__screen; return 1
	}
}

for lang in en ru; do
	if [ $lang = en ]; then
		CMD=$KB SUPPORT="Support: 8 800 555-35-35" COMPLAIN="Bank of Russia"
		QTITLE="Questions asked on this screen" SIGNIN="I cannot sign in"
		KEYS="Keys on the" CLOSE="Esc Close the help"
		READ="Enter Read the answer" SEARCH="/ Search the answers"
		CAPS="Caps Lock" WORD=card CARDQ="How do I link a card?"
		NAMED="named card" FOUND="Answers with"
		BACK="Esc Back to the questions" PHONEQ="I have a new phone"
		PASSPORT="passport details"
	else
		CMD=$RU SUPPORT="Поддержка: 8 800 555-35-35" COMPLAIN="Банк России"
		QTITLE="Вопросы об этом экране" SIGNIN="Не получается войти"
		KEYS="Клавиши экрана" CLOSE="Esc Закрыть справку"
		READ="Enter Прочитать ответ" SEARCH="/ Искать в ответах"
		CAPS="Caps Lock" WORD=карт CARDQ="Как привязать карту?"
		NAMED="именную карту" FOUND="Ответы, где есть"
		BACK="Esc Назад к вопросам" PHONEQ="У меня новый номер"
		PASSPORT="паспортные данные"
	fi

	test_expect_success "$lang: the start screen shows the support contacts" '
		kb_tmux_start 80 24 $CMD &&
		kb_tmux_wait_for "$SUPPORT, support@smartstart.example" &&
		kb_tmux_wait_for "$COMPLAIN, 8 800 300-30-00" &&
		kb_tmux_wait_for "https://cbr.ru/reception/" &&
		if [ $lang = ru ]; then russian_only; fi &&
		kb_tmux_bar_whole
	'

	test_expect_success "$lang: F1 on sign-in: its answers first, then keys" '
		kb_tmux_send Enter &&
		kb_tmux_wait_for "[" &&
		kb_tmux_bar_whole &&
		kb_tmux_send F1 &&
		kb_tmux_wait_for "$QTITLE" &&
		kb_tmux_wait_for "> $SIGNIN" &&
		kb_tmux_wait_for "$KEYS" &&
		test "$(row "$SIGNIN")" -lt "$(row "$KEYS")" &&
		bar_has "$CLOSE" && bar_has "$READ" && bar_has "$SEARCH" &&
		if [ $lang = ru ]; then russian_only; fi
	'

	test_expect_success "$lang: Enter reads the answer, with the contacts" '
		kb_tmux_send Enter &&
		kb_tmux_wait_for "$CAPS" &&
		kb_tmux_wait_for "$SUPPORT" &&
		bar_has "$BACK" && ! kb_tmux_capture | tail -1 | grep -qF "F1 " &&
		if [ $lang = ru ]; then russian_only; fi &&
		kb_tmux_send Escape &&
		kb_tmux_wait_for "$KEYS"
	'

	test_expect_success "$lang: / searches every answer" '
		kb_tmux_send / &&
		kb_tmux_type "$WORD" &&
		kb_tmux_wait_for "$CARDQ" &&
		kb_tmux_wait_gone "$SIGNIN" &&
		kb_tmux_send Enter &&
		kb_tmux_wait_for "$FOUND" &&
		kb_tmux_send Enter &&
		kb_tmux_wait_for "$NAMED" &&
		if [ $lang = ru ]; then russian_only; fi &&
		kb_tmux_send Escape &&
		kb_tmux_wait_for "$FOUND" &&
		kb_tmux_send Escape &&
		kb_tmux_wait_gone "$FOUND" &&
		kb_tmux_wait_for "["
	'

	test_expect_success "$lang: ? on the start screen; the phone answer" '
		kb_tmux_send Escape &&
		kb_tmux_wait_for "$SUPPORT" &&
		kb_tmux_send "?" &&
		kb_tmux_wait_for "$QTITLE" &&
		kb_tmux_send / &&
		kb_tmux_send Enter &&
		kb_tmux_wait_for "$PHONEQ" &&
		kb_tmux_send Down Down &&
		kb_tmux_send Enter &&
		kb_tmux_wait_for "$PASSPORT" &&
		kb_tmux_stop
	'
done

test_done
