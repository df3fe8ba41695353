#!/bin/sh
# t0528-bottom-bar — at 80 columns, in English and in Russian, the bottom
# bar shows whole hints only (each one is a line of the help screen, the
# rest are there), and an error under a field wraps instead of being cut.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
RU="env LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale"
P2=+79000000002

# bar_of TEXT: once TEXT is on the screen, its bar is whole.
bar_of () {
	kb_tmux_wait_for "$1" && kb_tmux_bar_whole
}

# screens WORD...: bar_of the dashboard and what opens from it.
screens () {
	bar_of "$1" &&
	kb_tmux_send p && bar_of "$2" && kb_tmux_send Escape &&
	kb_tmux_send h && bar_of "$3" && kb_tmux_send Escape &&
	kb_tmux_send k && bar_of "$4" && kb_tmux_send Escape &&
	kb_tmux_send s && bar_of "$5" &&
	kb_tmux_send k && bar_of "$6" &&
	kb_tmux_send a && bar_of "$7" &&
	kb_tmux_send Escape Escape && kb_tmux_send v && bar_of "$8" &&
	kb_tmux_send Escape Escape
}

cmd_for () {
	if [ "$1" = en ]; then echo "$KB"; else echo "$RU $KB"; fi
}

for lang in en ru; do
	test_expect_success "$lang: start and sign-in bars are whole" '
		kb_tmux_start 80 24 $(cmd_for $lang) &&
		bar_of "kabinet - " &&
		kb_tmux_send Enter &&
		bar_of "[" &&
		kb_tmux_send Escape
	'

	test_expect_success "$lang: a long error under a field wraps" '
		kb_tmux_send Enter &&
		kb_tmux_type "abc" && kb_tmux_send Tab &&
		if [ $lang = en ]; then
			kb_tmux_wait_for "leading '"'"'+'"'"'"
		else
			kb_tmux_wait_for "начале"
		fi &&
		kb_tmux_stop
	'
done

test_expect_success 'sign in (a borrower with a loan)' '
	kb_signin $P2 Second2026
'

for lang in en ru; do
	test_expect_success "$lang: every bar of a borrower with a loan is whole" '
		kb_tmux_start 80 24 $(cmd_for $lang) &&
		if [ $lang = en ]; then
			screens "Hello" "Repay" "Payment history" \
			    "Loan calculator" "Settings" "Cards" "Link a card" \
			    "Services"
		else
			screens "Здравствуйте" "Погасить" "История" "Калькулятор" \
			    "Настройки" "Карты" "Привязать" "Услуги"
		fi &&
		kb_tmux_stop
	'
done

test_done
