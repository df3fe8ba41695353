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

# bar_whole TITLE_WORD: every hint of the bar ("KEY what it does", two
# spaces apart) is whole: its text ends a line of this screen's help.
bar_whole () {
	kb_tmux_wait_for "$1" &&
	kb_tmux_capture | tail -1 | sed "s/^ *//; s/ *\$//" >bar &&
	test -s bar &&
	kb_tmux_send F1 &&
	kb_tmux_wait_for "  F1, ?" &&
	kb_tmux_capture >help &&
	kb_tmux_send Escape &&
	kb_tmux_wait_gone "  F1, ?" &&
	awk -F "  " "{ for (i = 1; i <= NF; i++) print \$i }" bar >hints &&
	while IFS= read -r hint; do
		text=${hint#* } &&
		test -n "$text" && test "$text" != "$hint" &&
		awk -v t="$text" "
		    { sub(/ +\$/, \"\"); n = length(\$0); m = length(t)
		      if (n > m + 2 && substr(\$0, n - m + 1) == t &&
			  substr(\$0, n - m - 1, 2) == \"  \") found = 1 }
		    END { exit !found }" help || {
			echo "cut or unknown hint: \"$hint\" in:"; cat bar
			return 1
		}
	done <hints
}

# screens WORD...: bar_whole on the dashboard and what opens from it.
screens () {
	bar_whole "$1" &&
	kb_tmux_send p && bar_whole "$2" && kb_tmux_send Escape &&
	kb_tmux_send h && bar_whole "$3" && kb_tmux_send Escape &&
	kb_tmux_send k && bar_whole "$4" && kb_tmux_send Escape &&
	kb_tmux_send s && bar_whole "$5" &&
	kb_tmux_send k && bar_whole "$6" &&
	kb_tmux_send a && bar_whole "$7" &&
	kb_tmux_send Escape Escape && kb_tmux_send v && bar_whole "$8" &&
	kb_tmux_send Escape Escape
}

cmd_for () {
	if [ "$1" = en ]; then echo "$KB"; else echo "$RU $KB"; fi
}

for lang in en ru; do
	test_expect_success "$lang: start and sign-in bars are whole" '
		kb_tmux_start 80 24 $(cmd_for $lang) &&
		bar_whole "kabinet - " &&
		kb_tmux_send Enter &&
		bar_whole "[" &&
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
