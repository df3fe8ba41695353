#!/bin/sh
# t0661-appeals-overdue — an appeal past its legal period stands out, at
# 80x24 on a vt100: with the clocks moved past the 15th working day of a
# dispute, the operator's queue counts it overdue, marks it with "!" and
# lists it first, before a newer appeal still in time; the borrower's list
# says OVERDUE; in Russian the queue says so too.
. "$(dirname "$0")/../integration/lib.sh"

KB_TERM=vt100
export KB_TERM
kb_start_sandbox
kb_start_daemon

OP_SECRET=JBSWY3DPEHPK3PXP
KB="env TERM=vt100 $B/kabinet --no-start-daemon"
RU="env LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale"

. "$SRC/tests/integration/lib-payments.sh"

# op_desk CODE_LABEL [ENV...]: the operator desk signed in, in the
# test's terminal.
op_desk () {
	od_code=$1
	shift
	kb_tmux_start 80 24 "$@" $KB --operator &&
	kb_tmux_wait_for "[" &&
	kb_tmux_type op.petrov && kb_tmux_send Enter &&
	kb_tmux_type Operator2026 && kb_tmux_send Enter &&
	kb_tmux_wait_for "$od_code" 15 &&
	kb_tmux_type "$(sh "$SRC/tests/tools/op-totp.sh" "$OP_SECRET")" &&
	kb_tmux_send Enter
}

test_expect_success 'a dispute is written, then the clocks pass its last day' '
	kb_signin +79000000001 Demo2026 &&
	kb_call appeal.create "{\"subject\":\"dispute_charge\",\"text\":\"Списали дважды\"}" >a &&
	due=$(kb_json .appeal.due_on a) &&
	now=$(curl -fsS --cacert "$KB_CA" "$SANDBOX_URL/sandbox/clock" | jq -r .time) &&
	days=$(( ($(date -d "$due" +%s) - $(date -d "${now%%T*}" +%s)) / 86400 + 1 )) &&
	test "$days" -ge 19 &&
	kb_clock_advance $((days * 86400)) &&
	kb_call appeal.create "{\"subject\":\"other\",\"text\":\"Новое\"}" >b &&
	kb_expect_json b .appeal.overdue false &&
	kb_call appeal.get "{\"id\":\"$(kb_json .appeal.id a)\"}" >a2 &&
	kb_expect_json a2 .appeal.overdue true
'

test_expect_success 'the queue counts it overdue, marks it and lists it first' '
	op_desk "Authenticator code" &&
	kb_tmux_wait_for "Operator desk:" &&
	kb_tmux_send w &&
	kb_tmux_wait_for "Open appeals: 2, overdue: 1" &&
	kb_tmux_capture | grep -A1 "Answer by" | tail -n 1 |
	    grep -q "^ *! 1 .*Dispute a charge *Иванов И. И. *new, OVERDUE" &&
	kb_tmux_capture | grep -q "^ *2 .*Other *Иванов И. И. *new$" &&
	kb_tmux_wait_for "! overdue: the legal period to answer is over" &&
	kb_tmux_bar_whole
'

test_expect_success 'the borrower sees it OVERDUE' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Hello" &&
	kb_tmux_send a &&
	kb_tmux_wait_for "new, OVERDUE" &&
	kb_tmux_capture | grep -q "^ *1 .*Dispute a charge *new, OVERDUE" &&
	kb_tmux_bar_whole
'

test_expect_success 'ru: the queue says it in Russian' '
	kb_call operator.logout >/dev/null &&
	op_desk "Код из приложения" $RU &&
	kb_tmux_wait_for "Рабочее место оператора" &&
	kb_tmux_send w &&
	kb_tmux_wait_for "Открытых обращений: 2, просрочено: 1" &&
	{ kb_tmux_capture | grep -q "! 1 .*Оспорить начисление *Иванов И. И. *новое, ПРОСРОЧЕНО" ||
	  { kb_tmux_capture; false; }; } &&
	kb_tmux_bar_whole
'

test_done
