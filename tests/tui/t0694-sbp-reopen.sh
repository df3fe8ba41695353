#!/bin/sh
# t0694-sbp-reopen — a СБП link left on its screen is had back, not made
# twice (at 80x24 on a vt100, in Russian): the borrower asks for a link,
# goes back with Esc, and the Repay screen shows the link still waiting
# with the key that opens it (Ctrl-O); it opens the same link; asking
# again for the same amount also gives the same link, said so — the
# lender holds one link, not two (sandbox DB); once paid in the bank the
# line is gone.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

KB_TERM=vt100
export KB_TERM
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon
RU="env TERM=vt100 LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale $B/kabinet --no-start-daemon"
P2=+79000000002

links () {
	kb_sandbox_sql "SELECT count(*) FROM sbp_payments"
}
# on_screen_url: the link as the screen shows it, its lines joined.
on_screen_url () {
	kb_tmux_capture | grep -oE "https://qr\.nspk\.ru/.*|^ {2,}[0-9A-Za-z&=]+$" |
	    tr -d " \n"
}

test_expect_success 'a link for 500 ₽, then Esc back to Repay' '
	kb_signin $P2 Second2026 &&
	kb_tmux_start 80 24 $RU &&
	kb_tmux_wait_for "Здравствуйте" &&
	kb_tmux_send p &&
	kb_tmux_wait_for "Ctrl-Y: СБП)" &&
	kb_tmux_send C-y &&
	kb_tmux_wait_for "СБП, QR-код" &&
	kb_tmux_type 500 && kb_tmux_send Enter &&
	kb_tmux_wait_for "по СБП?" &&
	kb_tmux_send y &&
	kb_tmux_wait_for "Ссылка действует ещё" &&
	kb_tmux_wait_for "cur=RUB" &&
	test "$(links)" = 1 &&
	kb_sandbox_sql "SELECT qrc_id FROM sbp_payments" >qrc &&
	kb_tmux_capture | grep -q "$(cut -c1-12 qrc)" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Погашение займа"
'

test_expect_success 'Repay shows the link still waiting and its key' '
	kb_tmux_wait_for "Ссылка СБП" &&
	kb_tmux_capture | grep -qE "^  Ссылка СБП +500,00 ₽ ждёт оплаты до [0-9]{2}:[0-9]{2}  \(Ctrl-O: открыть\)" &&
	kb_tmux_bar_whole
'

test_expect_success 'Ctrl-O opens the same link, not a new one' '
	kb_tmux_send C-o &&
	kb_tmux_wait_for "Ссылка действует ещё" &&
	kb_tmux_capture | grep -q "$(cut -c1-12 qrc)" &&
	test "$(links)" = 1 &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Ссылка СБП"
'

test_expect_success 'the same amount again: the same link, said so' '
	kb_tmux_send C-u &&
	kb_tmux_type 500 && kb_tmux_send Enter &&
	kb_tmux_wait_for "по СБП?" &&
	kb_tmux_send y &&
	kb_tmux_wait_for "ещё ждёт оплаты: вот она" &&
	kb_tmux_capture | grep -q "$(cut -c1-12 qrc)" &&
	test "$(links)" = 1
'

test_expect_success 'paid in the bank: the link is no longer offered' '
	code=$(curl -sS --cacert "$KB_CA" -o /dev/null -w "%{http_code}" \
	    --data action=pay "$SANDBOX_URL/sbp/$(cat qrc)") &&
	test "$code" = 200 &&
	kb_tmux_wait_for "Оплачено по СБП" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Погашение займа" &&
	kb_tmux_wait_for "(Ctrl-Y: карта)" &&
	kb_tmux_wait_gone "Ссылка СБП" &&
	kb_call payment.sbp.list "{\"loan_id\":\"ln_1002\"}" >l.json &&
	kb_expect_json l.json ".items | length" 0
'

test_done
