#!/bin/sh
# t0492-autopay-daemon — autopay through kabinetd's JSON-RPC: the consent's
# text and its SHA-256, autopay.on signed with the SMS code of
# challenge.required (a wrong code, then a cancel: it stays off; the right
# code: on), the signature in documents.list with the same SHA-256, the
# charge on the due date pushed live as autopay.updated, and autopay.off at
# once without a code.  Counted in the sandbox's database file.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"
. "$SRC/tests/integration/lib-autopay.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

test_expect_success 'signed in; autopay is off; the consent is shown with its SHA-256' '
	kb_signin $P2 Second2026 &&
	kb_call autopay.status >st &&
	kb_expect_json st .autopay.enabled false &&
	kb_expect_json st .autopay.card.last4 1111 &&
	kb_call autopay.consent >doc &&
	grep -q "АВТОПЛАТЁЖ" doc &&
	test "$(jq -j .text doc | sha256sum | cut -d" " -f1)" = "$(jq -r .sha256 doc)" &&
	test "$(jq -r .sha256 doc)" = "$(jq -r .autopay.document.sha256 st)"
'

test_expect_success 'bad params and another text are refused, with nothing sent' '
	n=$(sms_count $P2) &&
	! kb_call autopay.on "{}" >out &&
	kb_expect_json out .data.reason invalid_params &&
	! kb_call autopay.on "{\"document_sha256\":\"$(printf %064d 0)\"}" >out &&
	kb_expect_json out .data.reason document_changed &&
	test "$(sms_count $P2)" = "$n"
'

test_expect_success 'a wrong code, then cancel: autopay stays off' '
	cat >flow <<-EOS &&
	send autopay.on {"document_sha256":"$(jq -r .sha256 doc)"}
	expect-event challenge.required
	expect purpose autopay
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $P2 2
	shell WRONG echo \$CODE | tr 0-9 1-90
	call challenge.answer {"challenge_id":"\$CH","code":"\$WRONG"}
	expect data.reason wrong_code
	call challenge.cancel {"challenge_id":"\$CH"}
	answer
	call autopay.status
	expect autopay.enabled false
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script flow >out 2>&1 || { cat out; false; }
'

test_expect_success 'the right code switches it on; the signature is in My documents' '
	cat >flow <<-EOS &&
	send autopay.on {"document_sha256":"$(jq -r .sha256 doc)"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $P2 3
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect autopay.enabled true
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script flow >out 2>&1 || { cat out; false; } &&
	kb_call documents.list >docs &&
	jq -e ".items[] | select(.document_id == \"autopay\" and .kind == \"signature\" and .sha256 == \"$(jq -r .sha256 doc)\")" docs
'

test_expect_success 'the due date: one charge, pushed live as autopay.updated' '
	kb_call autopay.status >st &&
	kb_expect_json st .autopay.next_charge.amount 1240000 &&
	cat >flow <<-EOS &&
	call session.status
	shell T sh $SRC/tests/tools/clock-advance.sh $((20 * 86400))
	expect-event autopay.updated 20000
	expect result charged
	expect amount 1240000
	expect card.last4 1111
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script flow >out 2>&1 || { cat out; false; } &&
	test "$(charges)" = 1 &&
	test "$(tries)" = 1 &&
	kb_call loan.due "{\"loan_id\":\"ln_1002\"}" >due &&
	kb_expect_json due .loan.state closed
'

test_expect_success 'autopay.off: at once, no code' '
	n=$(sms_count $P2) &&
	kb_call autopay.off >out &&
	kb_expect_json out .autopay.enabled false &&
	test "$(sms_count $P2)" = "$n"
'

test_done
