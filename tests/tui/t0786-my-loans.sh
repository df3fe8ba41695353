#!/bin/sh
# t0786-my-loans — all my loans, at 80x24 on a vt100, in English and in
# Russian: the list holds the active loan and a declined application (with
# why); Enter opens a loan's details (schedule, payments, extensions,
# services); after a full repayment the list says when it was repaid, the
# details list the payment, and the dashboard says the loan is repaid.
# Every bar is whole; the Russian screens have no English on them.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

KB_TERM=vt100
export KB_TERM
# Dates as the lender's calendar (Moscow) has them.
TODAY=$(TZ=Europe/Moscow date +%Y-%m-%d)
TODAY_RU=$(TZ=Europe/Moscow date +%d.%m.%Y)
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

KB="env TERM=vt100 $B/kabinet --no-start-daemon"
RU="env TERM=vt100 LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale $B/kabinet --no-start-daemon"
P2=+79000000002

latin () {
	kb_tmux_capture |
	sed -E "s/kabinetd?(\/[0-9.]+)?//g; s/Ctrl-[A-Z]//g;
	    s/\<(Esc|Enter|Tab|F[0-9]+|SMS|Mir|Visa|Mastercard)\>//g;
	    s/[lm]?q+[kj]?//g; s/x//g" |
	grep -oE "[A-Za-z]{2,}|[0-9]{4}-[0-9]{2}-[0-9]{2}" | sort -u
}

# screen_ok TEXT: TEXT is on the screen, the bar is whole, and in Russian
# nothing is English.
screen_ok () {
	kb_tmux_wait_for "$1" 15 &&
	if [ "$lang" = ru ]; then
		l=$(latin) &&
		if [ -n "$l" ]; then
			echo "not Russian: $(echo $l)"; kb__screen; return 1
		fi
	fi &&
	if kb_tmux_capture | sed -n "2,23p" | grep -qE "^.{78}[^ xkj]"; then
		echo "a line runs into the last columns:"; kb__screen; return 1
	fi &&
	kb_tmux_bar_whole
}

test_expect_success 'setup: signed in, with a declined application' '
	kb_signin $P2 Second2026 &&
	kb_sandbox_sql "INSERT INTO applications (id, account_id, product,
	    amount, term, rate_bp_per_day, document_hash, state,
	    decline_reason, created_at, updated_at) VALUES (\"ap_9001\",
	    \"cl_1002\", \"payday\", 2500000, 20, 80, \"x\", \"declined\",
	    \"first_loan_limit\", strftime(\"%s\", \"now\") - 864000,
	    strftime(\"%s\", \"now\") - 864000)"
'

for lang in en ru; do
	if [ $lang = en ]; then
		CMD=$KB DASH=Hello LIST="All my loans and applications"
		ACTIVE="active, due" DECLINED="declined" WHY="the amount is over"
		SCHED=Schedule PAYS=Payments EXTS=Extensions SVCS=Services
		REPAID="repaid on" NOTHING="nothing is due"
	else
		CMD=$RU DASH=Здравствуйте LIST="Все мои займы и заявки"
		ACTIVE="действует, вернуть до" DECLINED="отклонена" WHY="сумма больше предела"
		SCHED=График PAYS=Платежи EXTS=Продления SVCS=Услуги
		REPAID="погашен" NOTHING="к оплате ничего"
	fi

	if [ $lang = en ]; then
		test_expect_success "$lang: m lists the loan and the declined application" '
			kb_tmux_start 80 24 $CMD &&
			kb_tmux_wait_for "$DASH" 15 &&
			kb_tmux_send m &&
			screen_ok "$LIST" &&
			kb_tmux_wait_for "$ACTIVE" &&
			kb_tmux_wait_for "$DECLINED" &&
			kb_tmux_wait_for "25,000.00"
		'
	else
		test_expect_success "$lang: m lists the repaid loan and the declined application" '
			kb_tmux_start 80 24 $CMD &&
			kb_tmux_wait_for "$DASH" 15 &&
			kb_tmux_send m &&
			screen_ok "$LIST" &&
			kb_tmux_wait_for "$REPAID $TODAY_RU" &&
			kb_tmux_wait_for "$DECLINED" &&
			kb_tmux_wait_for "25 000,00"
		'
	fi

	test_expect_success "$lang: Enter opens the details" '
		kb_tmux_send Enter &&
		screen_ok "$SCHED" &&
		kb_tmux_wait_for "$PAYS" &&
		kb_tmux_wait_for "$EXTS" &&
		kb_tmux_wait_for "$SVCS"
	'

	if [ $lang = en ]; then
		test_expect_success "$lang: a full repayment: repaid, everywhere" '
			kb_call loan.due "{\"loan_id\":\"ln_1002\"}" >due &&
			total=$(jq .due_today.total due) &&
			kb_call -t 60000 payment.make "{\"loan_id\":\"ln_1002\",
			    \"card_id\":\"cd_1002\",\"amount\":$total}" >paid &&
			kb_tmux_wait_for "$NOTHING" 15 &&
			kb_tmux_send Down Down Down Down Down Down Down Down &&
			kb_tmux_wait_for "$TODAY" &&
			kb_tmux_send Escape &&
			kb_tmux_wait_for "$REPAID $TODAY" &&
			kb_tmux_send Escape &&
			screen_ok "Loan " &&
			kb_tmux_wait_for "$REPAID $TODAY"
		'
	fi

	test_expect_success "$lang: the declined application opens too" '
		if [ $lang = en ]; then
			kb_tmux_send m
		else
			kb_tmux_send Escape
		fi &&
		kb_tmux_wait_for "$LIST" &&
		kb_tmux_send Down &&
		kb_tmux_send Enter &&
		screen_ok "$WHY" &&
		kb_tmux_wait_for "$DECLINED" &&
		kb_tmux_stop
	'
done

test_done
