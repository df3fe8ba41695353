#!/bin/sh
# t0644-receipts — in My documents at 80x24 on a vt100: each payment's
# receipt and the extension agreement are listed with the rest; a receipt
# reads in the pager as issued, with the payment's split line by line as
# the lender stored it, and w saves it as the text whose SHA-256 is on
# the record; the agreement states the new due date and the fee.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

KB_TERM=vt100
export KB_TERM
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

P2=+79000000002
DOCS=$TEST_DIR/docs
KB="env TERM=vt100 XDG_DOCUMENTS_DIR=$DOCS $B/kabinet --no-start-daemon"

test_expect_success 'setup: an extension and a partial payment' '
	kb_signin $P2 Second2026 &&
	DUE=$(kb_call loan.due "{\"loan_id\":\"ln_1002\"}" | jq -r .loan.due_on) &&
	kb_call loan.extend "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"days\":7}" >/dev/null &&
	kb_call payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":250000}" >pay &&
	PAY=$(jq -r .payment.id pay)
'

test_expect_success 'd lists the agreement and both receipts' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Hello" &&
	kb_tmux_send d &&
	kb_tmux_wait_for "Квитанция № 2 по займу СС-2026-000001" &&
	kb_tmux_capture | grep -q "Квитанция № 1 по займу СС-2026-000001" &&
	kb_tmux_capture | grep -q "Соглашение о продлении № 1 по займу СС-2026-000001" &&
	kb_tmux_bar_whole
'

# pick_doc KIND N: moves the list's selection to the Nth (from 0) document
# of KIND, waiting until the line under the list shows its SHA-256.
pick_doc () {
	kb_call documents.list >list &&
	at=$(jq "[.items[]|.kind == \"$1\"]|indices(true)[$2]" list) &&
	SUM=$(jq -r ".items[$at].sha256" list) &&
	ID=$(jq -r ".items[$at].id" list) &&
	i=0 && while [ $i -lt "$at" ]; do kb_tmux_send Down; i=$((i + 1)); done &&
	kb_tmux_wait_for "SHA-256 $SUM"
}

test_expect_success 'the agreement reads with its new due date and fee' '
	pick_doc extension 0 &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № 1" &&
	kb_tmux_wait_for "The text received matches this SHA-256." &&
	kb_tmux_capture | grep -q "Version 2026-11-29, signed" &&
	kb_tmux_send PgDn &&
	kb_tmux_wait_for "Плата за продление: 800,00 руб." &&
	# wrapped at 80 columns
	kb_tmux_capture | tr -d "\n" |
	    grep -q "Новая дата возврата: *$(date -d "$DUE +7 days" +%d.%m.%Y)\." &&
	kb_tmux_send Escape && kb_tmux_wait_for "Enter Read" &&
	kb_tmux_send Escape && kb_tmux_wait_for "Hello"
'

test_expect_success 'a receipt reads as issued, with the split the lender stored' '
	kb_tmux_send d && kb_tmux_wait_for "Квитанция № 2" &&
	pick_doc receipt 1 &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Квитанция № 2 по займу СС-2026-000001" &&
	kb_tmux_wait_for "The text received matches this SHA-256." &&
	kb_tmux_capture | grep -q "Version 2026-11-29, issued" &&
	kb_tmux_send PgDn &&
	kb_tmux_wait_for "Остаток задолженности после платежа" &&
	split=$(kb_sandbox_sql "SELECT split FROM payments WHERE id = '\''$PAY'\''") &&
	for kv in "interest:проценты" "principal:основной долг" "penalty:неустойка"; do
		v=$(echo "$split" | jq ".${kv%%:*}") &&
		kb_tmux_capture | grep -q "  ${kv#*:}  *$(printf "%d,%02d" $((v / 100)) $((v % 100))) руб." ||
		{ echo "no line $kv = $v" >&2; return 1; }
	done &&
	kb_tmux_capture | grep -q "основной долг  *2500,00 руб." &&
	kb_tmux_bar_whole
'

test_expect_success 'w saves the receipt as the text whose SHA-256 is on the record' '
	kb_tmux_send w && kb_tmux_wait_for "Save the document" &&
	kb_tmux_send Enter && kb_tmux_wait_for "Saved to" &&
	f=$DOCS/payment_receipt-$ID.txt &&
	test "$(sha256sum <"$f" | cut -d" " -f1)" = "$SUM" &&
	grep -q "^Платёж: $PAY\$" "$f" &&
	kb_tmux_stop
'

test_done
