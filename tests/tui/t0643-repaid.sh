#!/bin/sh
# t0643-repaid — a loan repaid in full, at 80x24 on a vt100: the
# dashboard says by itself that it is repaid (with the day) and that no
# debt is left, r opens the certificate of repayment in the pager (its
# SHA-256 checked) and w saves it, as text or as a PDF; before, r says
# there is none.  My loans shows the loan repaid with its day, and its
# details list its documents: the certificate, a receipt per payment, the
# extension agreement.  Then the same in Russian.
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
RU="env LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale"

test_expect_success 'an open loan: r says there is no certificate yet' '
	kb_signin $P2 Second2026 &&
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "СС-2026-000001, due on" &&
	kb_tmux_send r &&
	kb_tmux_wait_for "No repaid loan to show" &&
	! kb_tmux_capture | grep -q "repaid on"
'

test_expect_success 'extended, paid in part, then in full: the dashboard says repaid' '
	kb_call loan.extend "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"days\":10}" >/dev/null &&
	kb_call payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":150000}" >/dev/null &&
	TOTAL=$(kb_call loan.due "{\"loan_id\":\"ln_1002\"}" | jq .due_today.total) &&
	kb_call payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":$TOTAL}" >pay &&
	ON=$(jq -r .loan.closed_on pay) &&
	kb_tmux_wait_for "СС-2026-000001, repaid on $ON; m: all my loans" 20 &&
	kb_tmux_wait_for "No debt is left: r shows the certificate of repayment" &&
	! kb_tmux_capture | grep -q "No repaid loan to show" &&
	! kb_tmux_capture | grep -q "Due today" &&
	kb_tmux_bar_whole
'

test_expect_success 'r opens the certificate; its text matches its SHA-256' '
	CERT=$(kb_call loan.get "{\"id\":\"ln_1002\"}" | jq -r .loan.certificate_id) &&
	kb_call documents.get "{\"id\":\"$CERT\"}" >cert &&
	SUM=$(jq -r .sha256 cert) &&
	kb_tmux_send r &&
	kb_tmux_wait_for "Справка о погашении займа СС-2026-000001" &&
	kb_tmux_wait_for "The text received matches this SHA-256." &&
	kb_tmux_capture | grep -q "Version 2026-11-29, issued $ON" &&
	kb_tmux_capture | grep -q "SHA-256 $SUM" &&
	kb_tmux_wait_for "о погашении займа и отсутствии задолженности" &&
	kb_tmux_bar_whole &&
	kb_tmux_send PgDn &&
	kb_tmux_wait_for "Задолженности по договору нет"
'

test_expect_success 'w saves it as the text whose SHA-256 is on the record' '
	kb_tmux_send w &&
	kb_tmux_wait_for "Save the document" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Saved to" &&
	f=$DOCS/repayment_certificate-$CERT.txt &&
	test "$(sha256sum <"$f" | cut -d" " -f1)" = "$SUM" &&
	grep -q "^СПРАВКА № СС-2026-000001-П\$" "$f" &&
	# a name ending in .pdf: the same text as a PDF
	kb_tmux_send w && kb_tmux_wait_for "or a PDF if the name ends in .pdf" &&
	kb_tmux_send C-u && kb_tmux_type "cert.pdf" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Saved to $DOCS/cert.pdf" &&
	pdftotext "$DOCS/cert.pdf" cert-pdf.txt &&
	grep -q "СПРАВКА № СС-2026-000001-П" cert-pdf.txt &&
	grep -q "Задолженности по договору нет" cert-pdf.txt &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "No debt is left"
'

test_expect_success 'My loans: repaid with its day; the details list its documents' '
	kb_tmux_send m &&
	kb_tmux_wait_for "repaid on $ON" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Loan СС-2026-000001" &&
	kb_tmux_wait_for "nothing is due: the loan is repaid" &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do kb_tmux_send Down; done &&
	kb_tmux_wait_for "Documents" &&
	kb_tmux_wait_for "Справка о погашении займа СС-2026-000001" &&
	kb_tmux_capture | grep -q "Квитанция № 1 по займу СС-2026-000001" &&
	kb_tmux_capture | grep -q "Квитанция № 3 по займу СС-2026-000001" &&
	kb_tmux_capture | grep -q "Соглашение о продлении № 1 по займу СС-2026-000001" &&
	kb_tmux_capture | grep -q "Read and save them in My documents" &&
	kb_tmux_bar_whole &&
	kb_tmux_stop
'

test_expect_success 'ru: the same in Russian' '
	DAY=$(date -d "$ON" +%d.%m.%Y) &&
	kb_tmux_start 80 24 $RU $KB &&
	kb_tmux_wait_for "СС-2026-000001, погашен $DAY; m — все мои займы" &&
	kb_tmux_wait_for "Задолженности нет: r — справка о погашении" &&
	kb_tmux_bar_whole &&
	kb_tmux_send r &&
	kb_tmux_wait_for "Полученный текст совпадает с этим SHA-256." &&
	kb_tmux_capture | grep -q "Редакция 29.11.2026, дата выдачи $DAY" &&
	kb_tmux_send Escape &&
	kb_tmux_send m && kb_tmux_wait_for "погашен $DAY" &&
	kb_tmux_send Enter &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do kb_tmux_send Down; done &&
	kb_tmux_wait_for "Документы" &&
	kb_tmux_wait_for "Прочитать и сохранить их можно" &&
	! kb_tmux_capture | grep -E "Documents|Read and save|repaid|issued" &&
	kb_tmux_stop
'

test_done
