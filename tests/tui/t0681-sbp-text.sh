#!/bin/sh
# t0681-sbp-text — the СБП link where no QR code can be drawn, and the QR
# code where the command line can print one: on a vt100 that is not UTF-8
# (80x24) the Repay screen still reaches СБП (Ctrl-Y, the vt100 has no
# F5) and the link screen says the code does not fit and shows the link
# as text, whole; `kabinet pay --sbp` in a UTF-8 terminal prints a QR code
# that zbarimg decodes to the link it printed.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon
P2=+79000000002

url_of_newest () {
	id=$(kb_sandbox_sql "SELECT id FROM sbp_payments ORDER BY created_at DESC, rowid DESC LIMIT 1") &&
	kb_call payment.sbp.get "{\"sbp_id\":\"$id\"}" | jq -r .sbp.url
}

test_expect_success 'vt100, not UTF-8: the link as text, whole, and no QR code' '
	kb_signin $P2 Second2026 &&
	KB_TERM=vt100 KB_LANG=C kb_tmux_start 80 24 env TERM=vt100 LANG=C LC_ALL=C \
	    "$B/kabinet" --no-start-daemon &&
	kb_tmux_wait_for "Due today" &&
	kb_tmux_send p && kb_tmux_wait_for "Repay the loan" &&
	kb_tmux_wait_for "Mir 220070" &&
	kb_tmux_send C-y && kb_tmux_wait_for "a QR code" &&
	kb_tmux_type 1500 && kb_tmux_send Enter &&
	kb_tmux_wait_for "Pay 1,500.00 RUB by" &&
	kb_tmux_send y &&
	kb_tmux_wait_for "does not fit" &&
	kb_tmux_wait_for "Valid for" &&
	kb_tmux_capture >screen &&
	url_of_newest >url &&
	grep -q "^https://qr" url &&
	tr -d " \n" <screen | grep -qF "$(cat url)" &&
	! grep -q "##" screen
'

test_expect_success 'kabinet pay --sbp in a UTF-8 terminal: its QR code decodes to the link it printed' '
	kb_tmux_start 80 50 "$B/kabinet" -S "$KB_SOCKET" --no-start-daemon pay --sbp --yes 100 &&
	kb_tmux_wait_for "▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀" &&
	kb_tmux_capture >cli-screen &&
	"$B/tests/tools/screenpbm" <cli-screen >cli.pbm &&
	zbarimg -q --raw cli.pbm >decoded 2>zbar.err &&
	test "$(cat decoded)" = "$(url_of_newest)" &&
	tr -d "\n" <cli-screen | grep -qF "$(cat decoded)"
'

test_done
