#!/bin/sh
# t0410-borrow — kabinetd's borrowing methods against the sandbox: the quote
# computed locally and checked against the lender's (a difference is a
# warning), loan.apply signed by an SMS code, the outbox that resends an
# application with the same Idempotency-Key after a dropped connection
# and a kill -9 (one application, never two), and application/loan events
# from the lender's stream reaching a client that never polls.
. "$(dirname "$0")/lib.sh"

P1=+79000000001

kb_start_sandbox
kb_start_daemon

sandbox () {
	curl -sS --cacert "$KB_CA" "$@"
}

test_expect_success 'calc.quote: 10 000 ₽ for 30 days, checked by the lender' '
	kb_retry 10 "kb_call calc.quote \"{\\\"amount\\\":1000000,\\\"term\\\":30}\" >out" &&
	kb_expect_json out .total 1240000 &&
	kb_expect_json out .overpayment 240000 &&
	kb_expect_json out .psk 292.000 &&
	kb_expect_json out .due_on "$(TZ=Europe/Moscow date -d "+30 days" +%F)" &&
	kb_expect_json out .checked true &&
	kb_expect_json out ".warnings|length" 0
'

test_expect_success 'calc.quote: outside the product is a field error, nothing sent' '
	n=$(grep -c "GET /v1/quote" "$SANDBOX_LOG") &&
	! kb_call calc.quote "{\"amount\":1000050,\"term\":31}" >out &&
	kb_expect_json out .data.reason validation &&
	kb_expect_json out "[.data.fields[]|.field+\":\"+.reason]|join(\",\")" \
	    "amount:bad_step,term:out_of_range" &&
	test "$(grep -c "GET /v1/quote" "$SANDBOX_LOG")" = "$n" &&
	! kb_call calc.quote "{\"amount\":\"x\"}" >out &&
	kb_expect_json out .data.reason invalid_params
'

test_expect_success 'calc.quote: a lender that disagrees is shown as a warning' '
	sandbox -X POST -d "{\"advance_seconds\":172800}" \
	    "$SANDBOX_URL/sandbox/clock" >/dev/null &&
	kb_call calc.quote "{\"amount\":1000000,\"term\":30}" >out &&
	kb_expect_json out .total 1240000 &&
	kb_expect_json out ".warnings[0].code" lender_mismatch &&
	kb_expect_json out ".warnings[0].field" due_on &&
	kb_expect_json out ".warnings[0].lender" \
	    "$(TZ=Europe/Moscow date -d "+32 days" +%F)"
'

test_expect_success 'signed in with an SMS code; the demo card and no loans yet' '
	cat >flow <<-\EOS &&
	send auth.login {"phone":"+79000000001","password":"Demo2026"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh +79000000001
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	answer
	expect state signed_in
	call loan.list
	expect loans []
	EOS
	"$KBCALL" --script flow >out
'

test_expect_success 'loan.terms gives the text to sign and its hash' '
	kb_call loan.terms "{\"amount\":500000,\"term\":10,\"card_id\":\"cd_1001\"}" >terms &&
	kb_expect_json terms .id loan_terms &&
	jq -r .text terms | grep -q "ИНДИВИДУАЛЬНЫЕ УСЛОВИЯ" &&
	test "$(jq -j .text terms | sha256sum | cut -d" " -f1)" = "$(jq -r .sha256 terms)"
'

test_expect_success 'a dropped connection leaves the application in the outbox, no secret in it' '
	H=$(jq -r .sha256 terms) &&
	sandbox -X POST -d "{\"drop_rate\":1}" "$SANDBOX_URL/sandbox/faults" >/dev/null &&
	! kb_call loan.apply "{\"amount\":500000,\"term\":10,\"card_id\":\"cd_1001\",\"document_sha256\":\"$H\"}" >out &&
	kb_expect_json out .data.reason lender_unavailable &&
	sandbox -X DELETE "$SANDBOX_URL/sandbox/faults" >/dev/null &&
	ls "$XDG_STATE_HOME"/kabinet/outbox/*.json >files &&
	test "$(wc -l <files)" = 1 &&
	F=$(cat files) &&
	test "$(stat -c %a "$F")" = 600 &&
	jq -e ".kind == \"application\" and .path == \"/v1/applications\"" "$F" &&
	jq -e ".key | test(\"^kb-[0-9a-f]{32}$\")" "$F" &&
	jq -e ".body.amount == 500000 and .body.card_id == \"cd_1001\"" "$F" &&
	! grep -qi -e token -e password -e Demo2026 "$F"
'

test_expect_success 'after kill -9 the daemon sends the same key again; the code signs one application' '
	kb_kill_daemon &&
	# the lender answers slowly, so the client below says hello before
	# the resent application brings its challenge: a challenge with no
	# client is sent to every client there, not only to later ones
	sandbox -X POST -H "Content-Type: application/json" \
	    -d "{\"latency_ms\":1500}" "$SANDBOX_URL/sandbox/faults" >/dev/null &&
	kb_start_daemon &&
	rm -f "$TEST_DIR/ready" "$TEST_DIR/watch" &&
	cat >flow <<-\EOS &&
	expect-event challenge.required 15000
	expect purpose application
	capture CH challenge_id
	shell F curl -sS --cacert $KB_CA -X DELETE $SANDBOX_URL/sandbox/faults
	shell W "$KBCALL" -t 20000 --clients 1 --wait-event loan.updated --ready-file "$TEST_DIR/ready" >"$TEST_DIR/watch" 2>&1 & echo started
	shell R i=0; while ! test -e "$TEST_DIR/ready" && [ $$i -lt 100 ]; do sleep 0.1; i=$$((i+1)); done; echo $$i
	shell CODE sh $SRC/tests/tools/sms-code.sh +79000000001
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	expect-event application.updated
	EOS
	"$KBCALL" --script flow >out &&
	kb_retry 15 "grep -q \"1/1 got loan.updated\" \"$TEST_DIR/watch\"" &&
	kb_wait_log "$DAEMON_LOG" "found in the outbox" &&
	! ls "$XDG_STATE_HOME"/kabinet/outbox/*.json 2>/dev/null &&
	TOKEN=$(secret-tool lookup lender "$SANDBOX_URL" | jq -r .access_token) &&
	sandbox -H "Authorization: Bearer $TOKEN" "$SANDBOX_URL/v1/applications" >apps &&
	jq -e "[.items[]|select(.state != \"abandoned\")]|length == 1" apps &&
	jq -e ".items[0].state == \"disbursed\"" apps
'

test_expect_success 'loan.list and loan.get show the new loan' '
	kb_call loan.list >out &&
	kb_expect_json out ".loans[0].principal" 500000 &&
	kb_expect_json out ".loans[0].state" active &&
	kb_expect_json out ".applications[0].state" disbursed &&
	L=$(jq -r ".loans[0].id" out) &&
	kb_call loan.get "{\"id\":\"$L\"}" >out &&
	kb_expect_json out .loan.interest_due 40000 &&
	! kb_call loan.get "{\"id\":\"ln_1002\"}" >out &&
	kb_expect_json out .data.reason loan_not_found
'

test_expect_success 'one loan at a time: the lender says why' '
	H=$(jq -r .sha256 terms) &&
	kb_call loan.terms "{\"amount\":500000,\"term\":10,\"card_id\":\"cd_1001\"}" >terms2 &&
	H=$(jq -r .sha256 terms2) &&
	! kb_call loan.apply "{\"amount\":500000,\"term\":10,\"card_id\":\"cd_1001\",\"document_sha256\":\"$H\"}" >out &&
	kb_expect_json out .data.code loan_active &&
	! ls "$XDG_STATE_HOME"/kabinet/outbox/*.json 2>/dev/null
'

test_done
