#!/bin/sh
# t0448-cli-loan-documents — a repaid loan from the command line:
# kabinet loans prints the day it was repaid, kabinet loan ID lists its
# documents (extension agreement, a receipt per payment, the certificate
# of repayment) with the ids kabinet document reads, kabinet documents
# lists them too, and kabinet document ID saves the certificate as the
# text whose SHA-256 is on the lender's record; in Russian as well.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
kb_start_sandbox
kb_start_daemon

test_expect_success 'setup: a loan extended, then repaid in two payments' '
	kb_signin $P2 Second2026 &&
	kb loans >out &&
	grep -q "^СС-2026-000001 .* active  *due " out &&
	! grep -q "repaid" out &&
	kb_call loan.extend "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"days\":5}" >/dev/null &&
	kb_call payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":100000}" >/dev/null &&
	TOTAL=$(kb_call loan.due "{\"loan_id\":\"ln_1002\"}" | jq .due_today.total) &&
	kb_call payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":$TOTAL}" >pay &&
	ON=$(jq -r .loan.closed_on pay)
'

test_expect_success 'loans: the repaid loan with the day it was repaid' '
	kb loans >out &&
	kb_plain out &&
	grep -q "^СС-2026-000001 .* closed  *repaid $ON  \[ln_1002\]\$" out &&
	LANGUAGE=ru KABINET_LOCALEDIR=$B/locale LANG=C.UTF-8 kb loans >out &&
	grep -q "погашен $(date -d "$ON" +%d.%m.%Y)" out
'

test_expect_success 'loan ID: its documents, each with its id' '
	kb loan ln_1002 >out &&
	kb_plain out &&
	sed -n "/^Documents:/,\$p" out >docs &&
	test "$(grep -c "  receipt_[0-9]*  Квитанция № [123] по займу СС-2026-000001\$" docs)" = 3 &&
	grep -q "  extension_[0-9]*  Соглашение о продлении № 1 по займу" docs &&
	grep -q "^  $ON  certificate_[0-9]*  Справка о погашении займа СС-2026-000001\$" docs &&
	kb loan --json ln_1002 >out.json &&
	kb_expect_json out.json "[.documents[].kind]|join(\",\")" \
	    extension,receipt,receipt,receipt,certificate
'

test_expect_success 'documents lists them; document ID saves the certificate' '
	CERT=$(jq -r "[.documents[]|select(.kind == \"certificate\")][0].id" out.json) &&
	SUM=$(jq -r "[.documents[]|select(.kind == \"certificate\")][0].sha256" out.json) &&
	kb documents >out &&
	grep "^$CERT  " out | grep -q "SHA-256 $SUM" &&
	test "$(grep -c "^receipt_" out)" = 3 &&
	kb document --output "$TEST_DIR/cert.txt" "$CERT" >out &&
	test "$(sha256sum <"$TEST_DIR/cert.txt" | cut -d" " -f1)" = "$SUM" &&
	grep -q "^Заём погашен $(date -d "$ON" +%d.%m.%Y)\." "$TEST_DIR/cert.txt"
'

test_expect_success 'document ID --output NAME.pdf: a PDF of the same text' '
	kb document --output "$TEST_DIR/cert.pdf" "$CERT" >out &&
	grep -q "Saved to $TEST_DIR/cert.pdf" out &&
	test "$(head -c 5 "$TEST_DIR/cert.pdf")" = "%PDF-" &&
	pdfinfo "$TEST_DIR/cert.pdf" >info &&
	grep -q "^Title: *Справка о погашении займа СС-2026-000001\$" info &&
	grep -q "^Pages: *1\$" info &&
	pdftotext -layout "$TEST_DIR/cert.pdf" cert-pdf.txt &&
	grep -q "СПРАВКА № СС-2026-000001-П" cert-pdf.txt &&
	grep -q "Заём погашен $(date -d "$ON" +%d.%m.%Y)\." cert-pdf.txt &&
	grep -q "Петрова Мария Олеговна" cert-pdf.txt &&
	test_must_fail_rc 2 kb document --output "$TEST_DIR/no/such/c.pdf" "$CERT" 2>err &&
	grep -q "Cannot write $TEST_DIR/no/such/c.pdf: No such file or directory" err
'

test_done
