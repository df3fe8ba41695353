#!/bin/sh
# t0446-documents — documents.list names every document a new borrower
# accepted (the four consents of the registration) and signed (the loan's
# individual terms, by SMS code), and documents.get returns each one's
# exact text: its SHA-256 is the one on the lender's signature record.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

NEW=+79000000086

kb_start_sandbox
kb_start_daemon

test_expect_success 'a new borrower accepts the consents and signs the terms' '
	kb_register $NEW Smirnov2026 >out <<-\EOS
	expect session.state signed_in
	EOS
'

test_expect_success 'documents.list: four consents, then the signed terms' '
	kb_call documents.list >list &&
	kb_expect_json list "[.items[].document_id]|join(\",\")" \
	    rules,pd_consent,pep_agreement,automated_decision,loan_terms &&
	kb_expect_json list "[.items[].kind]|unique|join(\",\")" \
	    consent,signature &&
	kb_expect_json list ".items[4].version" 2026-11-01 &&
	kb_expect_json list "[.items[]|.sha256|length]|unique|join(\",\")" 64 &&
	kb_expect_json list "[.items[]|.signed_at|length > 0]|unique|join(\",\")" true
'

test_expect_success 'the signed text hashes to the signature record' '
	ID=$(kb_json ".items[4].id" list) &&
	kb_call documents.get "{\"id\":\"$ID\"}" >doc &&
	kb_json -j .text doc >terms.txt &&
	grep -q "ИНДИВИДУАЛЬНЫЕ УСЛОВИЯ" terms.txt &&
	sum=$(sha256sum terms.txt | cut -d" " -f1) &&
	kb_expect_json doc .sha256 "$sum" &&
	T=$(signin $NEW Smirnov2026) &&
	expect 200 GET /v1/signatures -H "Authorization: Bearer $T" &&
	test "$(body .items[0].document_sha256)" = "$sum"
'

test_expect_success 'each consent text hashes to the consent log' '
	for i in 0 1 2 3; do
		ID=$(kb_json ".items[$i].id" list) &&
		kb_call documents.get "{\"id\":\"$ID\"}" >doc &&
		kb_json -j .text doc >c.txt &&
		kb_expect_json doc .sha256 "$(sha256sum c.txt | cut -d" " -f1)" ||
		return 1
	done &&
	T=$(signin $NEW Smirnov2026) &&
	expect 200 GET /v1/consents -H "Authorization: Bearer $T" &&
	test "$(body .items[1].text_sha256)" = "$(kb_json .items[1].sha256 list)"
'

test_expect_success 'an unknown or malformed id is refused, the daemon lives' '
	test_must_fail_rc 1 kb_call documents.get "{\"id\":\"signature_999\"}" >err &&
	kb_expect_json err .data.reason document_not_found &&
	test_must_fail_rc 1 kb_call documents.get "{\"id\":\"../x\"}" >err &&
	kb_call documents.list >/dev/null
'

test_done
