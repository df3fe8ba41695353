#!/bin/sh
# t0680-sbp-qr — paying by СБП in a real 80x24 terminal: on Repay the
# borrower picks СБП (F5, named on the card's row; the bar keeps Esc)
# and an amount; the QR code on the screen,
# rendered as the terminal shows it (tests/tools/screenpbm), decodes with
# an independent decoder (zbarimg) to exactly the link the daemon got,
# beside the amount, the payee and the time left.  Paid on the bank's
# page, the payment shows live with its split; a link refused in the bank
# and one that expires (sandbox clock) say so; the bank's notice of the
# expired one arriving late is credited and said so; the first one's
# notice twice is credited once (sandbox DB).
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

command -v zbarimg >/dev/null || kb_skip_all "zbarimg (zbar-tools) is missing"

SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
P2=+79000000002

# newest_link: the id and QR id of the newest link, from the sandbox.
newest_link () {
	kb_sandbox_sql "SELECT id FROM sbp_payments ORDER BY created_at DESC, rowid DESC LIMIT 1" >sbp.id &&
	kb_sandbox_sql "SELECT qrc_id FROM sbp_payments ORDER BY created_at DESC, rowid DESC LIMIT 1" >sbp.qrc
}
bank () {
	curl -sS --cacert "$KB_CA" -o /dev/null -w '%{http_code}' \
	    --data "action=$1" "$SANDBOX_URL/sbp/$(cat sbp.qrc)"
}
# sbp_pay AMOUNT: from the dashboard, Repay by СБП for AMOUNT.
sbp_pay () {
	kb_tmux_send p && kb_tmux_wait_for "Repay the loan" &&
	kb_tmux_wait_for "F5: СБП)" &&
	kb_tmux_capture | tail -n 1 | grep -q "Esc Back" &&
	kb_tmux_send F5 && kb_tmux_wait_for "СБП, a QR code" &&
	kb_tmux_type "$1" && kb_tmux_send Enter &&
	kb_tmux_wait_for "by СБП: the next screen shows a QR" &&
	kb_tmux_send y &&
	kb_tmux_wait_for "more" &&
	newest_link
}
paid_by_sbp () {
	kb_sandbox_sql "SELECT count(*) FROM payments WHERE kind = 'payment' AND card_id IS NULL"
}

test_expect_success 'at 80x24 the QR code decodes to exactly the link the daemon got' '
	kb_signin $P2 Second2026 &&
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Due today" &&
	sbp_pay 1500 &&
	kb_tmux_wait_for "Valid for" &&
	kb_tmux_capture >screen &&
	kb_call payment.sbp.get "{\"sbp_id\":\"$(cat sbp.id)\"}" >link.json &&
	jq -r .sbp.url link.json >url &&
	grep -Eq "^https://qr\.nspk\.ru/AS1" url &&
	"$B/tests/tools/screenpbm" <screen >screen.pbm &&
	zbarimg -q --raw screen.pbm >decoded 2>zbar.err &&
	test "$(cat decoded)" = "$(cat url)" &&
	grep -q "Amount: 1,500.00 RUB" screen &&
	grep -q "Payee: ООО МКК «СмартСтарт»" screen &&
	grep -Eq "Valid for (10:00|09:[0-5][0-9]) more" screen &&
	grep -qF "https://qr.nspk.ru/AS1" screen
'

test_expect_success 'paid on the bank page: the payment shows live with its split' '
	test "$(bank pay)" = 200 &&
	kb_tmux_wait_for "Paid by СБП               1,500.00 RUB" &&
	kb_tmux_wait_for "  Interest                  800.00 RUB" &&
	kb_tmux_wait_for "  Principal                 700.00 RUB" &&
	kb_tmux_wait_for "Paid.  Esc to go back" &&
	cp sbp.qrc first.qrc
'

test_expect_success 'the same notice twice is credited once' '
	expect 200 POST "/sandbox/sbp/$(cat first.qrc)/deliver" "{\"copies\":2}" &&
	test "$(body .deliveries)" = 3 &&
	test "$(paid_by_sbp)" = 1 &&
	kb_tmux_send Escape && kb_tmux_send Escape &&
	kb_tmux_wait_for "Due today                 9,300.00 RUB"
'

test_expect_success 'refused in the bank: nothing is paid, and the screen says so' '
	sbp_pay 100 &&
	kb_tmux_wait_for "Valid for" &&
	test "$(bank refuse)" = 200 &&
	kb_tmux_wait_for "refused in the bank: nothing was paid" &&
	test "$(paid_by_sbp)" = 1 &&
	kb_tmux_send Escape && kb_tmux_send Escape &&
	kb_tmux_wait_for "Due today                 9,300.00 RUB"
'

test_expect_success 'a link that expires says so; its money arriving late is credited' '
	sbp_pay 200 &&
	kb_tmux_wait_for "Valid for" &&
	expect 200 POST /sandbox/clock "{\"advance_seconds\":601}" &&
	kb_tmux_wait_for "The payment link has expired: nothing was paid" &&
	expect 200 POST "/sandbox/sbp/$(cat sbp.qrc)/deliver" "{}" &&
	kb_tmux_wait_for "Paid by СБП               200.00 RUB" &&
	kb_tmux_wait_for "after the link had expired" &&
	test "$(paid_by_sbp)" = 2
'

test_done
