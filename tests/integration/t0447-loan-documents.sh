#!/bin/sh
# t0447-loan-documents — what the lender issues on a loan, through the
# daemon: an extension produces its agreement (new due date, fee), every
# payment a receipt with its legal split (checked against the split the
# sandbox stored and against the figures the rules give), and the full
# repayment a certificate that the loan is repaid with no debt; each one's
# text hashes to its record, none can be changed, and another borrower
# cannot read them.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon
P2=+79000000002

# rub KOPECKS: as the lender's Russian texts write money.
rub () {
	printf '%d,%02d руб.' $(($1 / 100)) $(($1 % 100))
}

# doc_of KIND N: the id of the Nth (from 0) document of KIND in list.
doc_of () {
	jq -r "[.items[]|select(.kind == \"$1\")][$2].id" list
}

# get_checked ID: documents.get into doc, its text into doc.txt, whose
# SHA-256 must be the record's.
get_checked () {
	kb_call documents.get "{\"id\":\"$1\"}" >doc &&
	jq -j .text doc >doc.txt &&
	kb_expect_json doc .sha256 "$(sha256sum doc.txt | cut -d" " -f1)"
}

# receipt_matches PAYMENT_ID: doc.txt carries that payment's amount and
# each line of the split the sandbox stored for it, and the lines add up
# to the amount.
receipt_matches () {
	row=$(kb_sandbox_sql "SELECT amount, split FROM payments WHERE id = '$1'") &&
	amount=${row%%|*} split=${row#*|} &&
	grep -q "^Платёж: $1\$" doc.txt &&
	grep -q "^Сумма платежа: $(rub "$amount")\$" doc.txt &&
	sum=0 &&
	for kv in "overdue_interest:просроченные проценты" \
	    "overdue_principal:просроченный основной долг" \
	    "penalty:неустойка" "interest:проценты" \
	    "principal:основной долг" "other:иные платежи (услуги)"; do
		v=$(echo "$split" | jq ".${kv%%:*}") &&
		grep -q "^  ${kv#*:} *$(rub "$v")\$" doc.txt &&
		sum=$((sum + v)) || { echo "no line $kv = $v" >&2; return 1; }
	done &&
	test "$sum" = "$amount"
}

test_expect_success 'setup: the second borrower, with an open loan' '
	kb_signin $P2 Second2026 &&
	kb_call documents.list >list &&
	test "$(jq "[.items[]|select(.loan_id == \"ln_1002\")]|length" list)" = 0
'

test_expect_success 'an extension produces its agreement: new due date and fee' '
	DUE=$(kb_call loan.due "{\"loan_id\":\"ln_1002\"}" | jq -r .loan.due_on) &&
	kb_call loan.extend "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"days\":10}" >ext &&
	PEXT=$(jq -r .payment.id ext) &&
	# ten days used at 0.8 % a day of 10 000 ₽
	kb_expect_json ext .payment.amount 80000 &&
	kb_call documents.list >list &&
	ID=$(doc_of extension 0) &&
	kb_expect_json list "[.items[]|select(.id == \"$ID\")][0].loan_id" ln_1002 &&
	kb_expect_json list "[.items[]|select(.id == \"$ID\")][0].payment_id" "$PEXT" &&
	kb_expect_json list "[.items[]|select(.id == \"$ID\")][0].document_id" extension_agreement &&
	get_checked "$ID" &&
	grep -q "^ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № 1\$" doc.txt &&
	grep -q "договору потребительского займа № СС-2026-000001" doc.txt &&
	grep -q "продлевается на 10 дн.  Новая дата возврата: $(date -d "$DUE +10 days" +%d.%m.%Y)\." doc.txt &&
	grep -q "Плата за продление: 800,00 руб." doc.txt &&
	grep -q "(платёж $PEXT, банковская карта Mir 220070…1111)" doc.txt
'

test_expect_success 'the extension fee has its receipt, split as stored' '
	ID=$(doc_of receipt 0) &&
	kb_expect_json list "[.items[]|select(.id == \"$ID\")][0].payment_id" "$PEXT" &&
	get_checked "$ID" &&
	grep -q "^КВИТАНЦИЯ № 1\$" doc.txt &&
	grep -q "^Назначение: плата за продление" doc.txt &&
	receipt_matches "$PEXT" &&
	grep -q "^  проценты  *800,00 руб.\$" doc.txt
'

test_expect_success 'a partial payment: its receipt, and no certificate yet' '
	kb_call payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":150000}" >pay &&
	P1=$(jq -r .payment.id pay) &&
	kb_call documents.list >list &&
	ID=$(doc_of receipt 1) &&
	get_checked "$ID" &&
	grep -q "^КВИТАНЦИЯ № 2\$" doc.txt &&
	receipt_matches "$P1" &&
	# the interest of the days used is paid by the extension: all of
	# it pays the principal
	grep -q "^  основной долг  *1500,00 руб.\$" doc.txt &&
	grep -q "^Способ оплаты: банковская карта Mir 220070…1111\$" doc.txt &&
	test "$(jq "[.items[]|select(.kind == \"certificate\")]|length" list)" = 0 &&
	kb_call loan.get "{\"id\":\"ln_1002\"}" >loan &&
	kb_expect_json loan .loan.certificate_id null
'

test_expect_success 'the full repayment: its receipt and the certificate of no debt' '
	TOTAL=$(kb_call loan.due "{\"loan_id\":\"ln_1002\"}" | jq .due_today.total) &&
	kb_call payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":$TOTAL}" >pay &&
	kb_expect_json pay .loan.state closed &&
	P2ID=$(jq -r .payment.id pay) &&
	kb_call documents.list >list &&
	get_checked "$(doc_of receipt 2)" &&
	receipt_matches "$P2ID" &&
	grep -q "^Остаток задолженности после платежа: 0,00 руб.\$" doc.txt &&
	CERT=$(doc_of certificate 0) &&
	kb_expect_json list "[.items[]|select(.id == \"$CERT\")][0].loan_id" ln_1002 &&
	kb_call loan.get "{\"id\":\"ln_1002\"}" >loan &&
	kb_expect_json loan .loan.certificate_id "$CERT" &&
	get_checked "$CERT" &&
	DAY=$(date -d "$(kb_sandbox_sql "SELECT closed_on FROM loans WHERE id = '\''ln_1002'\''")" +%d.%m.%Y) &&
	grep -q "^Заём погашен $DAY.  Задолженности по договору нет" doc.txt &&
	grep -q "заёмщик Петрова Мария Олеговна полностью исполнил" doc.txt &&
	# what was paid, by the lines of every payment the sandbox stored
	PAID=$(kb_sandbox_sql "SELECT sum(amount) FROM payments WHERE loan_id = '\''ln_1002'\'' AND kind IN ('\''payment'\'', '\''extension'\'')") &&
	grep -q "^  всего  *$(rub "$PAID")\$" doc.txt &&
	grep -q "^  основной долг  *10000,00 руб.\$" doc.txt
'

test_expect_success 'one receipt per payment; one certificate; the records cannot change' '
	N=$(kb_call payment.history | jq "[.items[]|select(.loan_id == \"ln_1002\" and (.kind == \"payment\" or .kind == \"extension\"))]|length") &&
	test "$N" = 3 &&
	test "$(jq "[.items[]|select(.kind == \"receipt\")]|length" list)" = 3 &&
	test "$(jq "[.items[]|select(.kind == \"certificate\")]|length" list)" = 1 &&
	! kb_sandbox_sql "UPDATE loan_documents SET sha256 = '\''x'\''" 2>err &&
	grep -q "append-only" err &&
	! kb_sandbox_sql "DELETE FROM loan_documents" 2>err &&
	grep -q "append-only" err
'

test_expect_success 'another borrower cannot read them' '
	T=$(signin +79000000001 Demo2026) &&
	expect 404 GET "/v1/account/documents/$CERT" -H "Authorization: Bearer $T" &&
	expect 404 GET "/v1/account/documents/$(doc_of receipt 0)" -H "Authorization: Bearer $T" &&
	expect 200 GET /v1/account/documents -H "Authorization: Bearer $T" &&
	test "$(body "[.items[]|select(.loan_id != null)]|length")" = 0
'

test_done
