#!/bin/sh
# t0693-audit-operator-ru — the operator desk as a newcomer found it in
# Russian at 80x24 on a vt100 (TZ UTC, a server's): the desk's menu lists
# the appeals queue its bar offers and says the idle limit whole (it ran
# past the 80th column); the client list and the client card stand in
# columns by screen cells (Cyrillic is two bytes a letter), the card's
# payments dated as Russians write dates, in the borrower's words (no
# "charged"), its services by their Russian names; the audit log's times
# are Moscow dates and times, in columns, its outcomes in words ("ok" was
# the lender's code).
. "$(dirname "$0")/../integration/lib.sh"

KB_TERM=vt100
export KB_TERM
TZ=UTC
export TZ
kb_start_sandbox
kb_start_daemon

P2=+79000000002
KB="env TERM=vt100 LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale $B/kabinet --no-start-daemon --operator"

. "$SRC/tests/integration/lib-payments.sh"

# sign_in LOGIN PASSWORD SECRET: from the operator sign-in to the desk.
sign_in () {
	kb_tmux_wait_for "Вход оператора" &&
	kb_tmux_type "$1" && kb_tmux_send Enter &&
	kb_tmux_type "$2" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Код из приложения" &&
	kb_tmux_type "$(sh "$SRC/tests/tools/op-totp.sh" "$3")" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Рабочее место оператора:"
}

test_expect_success 'setup: the borrower switches a service on' '
	kb_signin $P2 Second2026 &&
	cat >svc.flow <<-EOS &&
	send service.set {"service_id":"insurance","enabled":true}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $P2
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script svc.flow >svc.out 2>&1 ||
	{ cat svc.out; false; } &&
	kb_call auth.logout >/dev/null
'

test_expect_success 'the desk lists the appeals queue and the idle limit whole' '
	kb_tmux_start 80 24 $KB &&
	sign_in op.petrov Operator2026 JBSWY3DPEHPK3PXP &&
	kb_tmux_wait_for " w  Очередь обращений" &&
	kb_tmux_capture | tr -s " \n" "  " | grep -q "бездействия в течение 15 минут"
'

test_expect_success 'the client list in columns' '
	kb_tmux_send f &&
	kb_tmux_wait_for "Номер договора" &&
	kb_tmux_send Enter Enter &&
	kb_tmux_type "петрова" && kb_tmux_send Enter &&
	kb_tmux_type "02.03.1988" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Петрова М. О." &&
	kb_tmux_capture | grep -q "^    Клиент                     Телефон            Рождение   Состояние" &&
	kb_tmux_capture | grep -qE "^  > Петрова М\. О\. {14}\+7 9\*\* \*\*\*-\*\*-02   \*\*\.\*\*\.1988"
'

test_expect_success 'the client card: dates, words and services in Russian, in columns' '
	kb_tmux_send Enter &&
	kb_tmux_wait_for "(cl_1002)" &&
	kb_tmux_wait_for "Платежи" &&
	kb_tmux_wait_for "Страхование займа" &&
	kb_tmux_capture >card &&
	! grep -qE "[0-9]{4}-[0-9]{2}-[0-9]{2}|charged|insurance" card &&
	grep -qE "^  Платежи {11}[0-9]{2}\.[0-9]{2}\.[0-9]{4}  услуга {12}300,00 ₽  начислено" card &&
	kb_tmux_send Escape Escape Escape &&
	kb_tmux_wait_for "Рабочее место оператора:" &&
	kb_tmux_send o &&
	kb_tmux_wait_for "Вход оператора"
'

test_expect_success 'the audit log: Moscow dates and times, in columns' '
	sign_in sup.sidorova Supervisor2026 KRSXG5CTMVRXEZLU &&
	kb_tmux_send a &&
	kb_tmux_wait_for "Код клиента" &&
	kb_tmux_send Enter Enter Enter Enter &&
	kb_tmux_wait_for "Журнал: " &&
	kb_tmux_wait_for "op.petrov" &&
	kb_tmux_capture >log &&
	{ grep -q "^    Когда            Оператор      Клиент     Действие" log ||
	  { echo "headings not in columns"; cat log; false; }; } &&
	{ ! grep -qE " ok$|appeal_|client_" log ||
	  { echo "a lender code on the screen"; cat log; false; }; } &&
	{ grep -q "карточка клиента  *успешно" log || { echo "no client card line"; cat log; false; }; } &&
	line=$(grep -m1 "op\.petrov" log) &&
	{ echo "$line" | grep -qE "^  [> ] [0-9]{2}\.[0-9]{2}\.[0-9]{4} [0-9]{2}:[0-9]{2} op\.petrov     " ||
	  { echo "not in columns: $line"; false; }; } &&
	# the time the lender gave that entry, in Moscow (TZ is UTC here)
	kb_call operator.audit "{\"operator\":\"op.petrov\"}" >a.json &&
	at=$(jq -r ".items[0].at" a.json) &&
	want=$(date -u -d "@$(( $(date -d "$at" +%s) + 3 * 3600 ))" "+%d.%m.%Y %H:%M") &&
	{ echo "$line" | grep -qF "$want op.petrov" ||
	  { echo "want $want: $line"; false; }; }
'

test_done
