#!/bin/sh
# t0400-lending-sandbox — the lender side of borrowing over real HTTPS with
# curl: the quote, documents, loans and cards, an application signed by an
# SMS code with its Idempotency-Key (replay, reuse, a dropped connection),
# deterministic scoring, and the event stream's long poll (which must not
# hold up other requests).
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-http.sh"

P1=+79000000001
P2=+79000000002

# signin PHONE PASSWORD: prints the access token (new device: SMS code).
signin () {
	expect 202 POST /v1/auth/login \
	    "{\"phone\":\"$1\",\"password\":\"$2\",\"device_id\":\"t0400\"}" ||
	    return 1
	si_ch=$(body .challenge.id)
	expect 200 POST "/v1/challenges/$si_ch/verify" \
	    "{\"code\":\"$(kb_sms_code "$1")\"}" || return 1
	body .access_token
}

# apply KEY AMOUNT [TOKEN]: POST /v1/applications for the terms shown.
apply () {
	ap_tok=${3:-$T1}
	expect 200 GET "/v1/loan-terms?product=payday&amount=$2&term=10&card_id=cd_1001" \
	    -H "Authorization: Bearer $ap_tok" || return 1
	ap_hash=$(header X-Document-Sha256)
	req POST /v1/applications \
	    "{\"product\":\"payday\",\"amount\":$2,\"term\":10,\"card_id\":\"cd_1001\",\"document_hash\":\"$ap_hash\"}" \
	    -H "Authorization: Bearer $ap_tok" -H "Idempotency-Key: $1"
}

kb_start_sandbox

test_expect_success 'the quote: 10 000 ₽ for 30 days at 0.8 % a day' '
	expect 200 GET "/v1/quote?product=payday&amount=1000000&term=30" &&
	test "$(body .total)" = 1240000 &&
	test "$(body .interest)" = 240000 &&
	test "$(body .psk)" = 292.000 &&
	test "$(body .due_on)" = "$(TZ=Europe/Moscow date -d "+30 days" +%F)"
'

test_expect_success 'the quote: bad figures are field errors' '
	expect 422 GET "/v1/quote?product=payday&amount=1000050&term=31" &&
	test "$(body ".errors|map(.field+\":\"+.code)|join(\",\")")" = \
	    "amount:bad_step,term:out_of_range" &&
	expect 422 GET "/v1/quote?product=car&amount=100000&term=5" &&
	test "$(body .errors[0].code)" = unknown_product
'

test_expect_success 'documents are served as text with version and hash' '
	expect 200 GET /v1/documents &&
	test "$(body "[.items[].id]|join(\",\")")" = \
	    rules,pd_consent,pep_agreement,automated_decision,autopay &&
	expect 200 GET "/v1/documents/pep_agreement?format=text" &&
	grep -q "63-ФЗ" "$TEST_DIR/body" &&
	test "$(header X-Document-Sha256)" = \
	    "$(sha256sum <"$TEST_DIR/body" | cut -d" " -f1)" &&
	expect 200 GET /v1/documents/pep_agreement &&
	test "$(body .sha256)" = "$(header X-Document-Sha256)" &&
	test "$(body .version)" = 2026-11-01 &&
	expect 404 GET /v1/documents/nope
'

test_expect_success 'the second demo borrower has an active loan and a card' '
	T2=$(signin $P2 Second2026) &&
	expect 200 GET /v1/loans -H "Authorization: Bearer $T2" &&
	test "$(body ".items[0].id")" = ln_1002 &&
	test "$(body ".items[0].state")" = active &&
	test "$(body ".items[0].total_due")" = 1240000 &&
	test "$(body ".items[0].card.last4")" = 1111 &&
	expect 200 GET /v1/loans/ln_1002 -H "Authorization: Bearer $T2" &&
	test "$(body .loan.contract_number)" = "СС-2026-000001" &&
	echo "$T2" >"$TEST_DIR/t2"
'

test_expect_success 'another borrower cannot see that loan' '
	T1=$(signin $P1 Demo2026) && echo "$T1" >"$TEST_DIR/t1" &&
	expect 404 GET /v1/loans/ln_1002 -H "Authorization: Bearer $T1" &&
	expect 200 GET /v1/cards -H "Authorization: Bearer $T1" &&
	test "$(body ".items[0].holder")" = "IVAN IVANOV"
'

test_expect_success 'an application needs an Idempotency-Key and the terms shown' '
	T1=$(cat "$TEST_DIR/t1") &&
	expect 400 POST /v1/applications "{}" -H "Authorization: Bearer $T1" &&
	test "$(body .code)" = idempotency_key_required &&
	expect 409 POST /v1/applications \
	    "{\"product\":\"payday\",\"amount\":500000,\"term\":10,\"card_id\":\"cd_1001\",\"document_hash\":\"00\"}" \
	    -H "Authorization: Bearer $T1" -H "Idempotency-Key: k-bad" &&
	test "$(body .code)" = document_changed
'

test_expect_success 'a replay answers the same application; another body under the key is 422' '
	T1=$(cat "$TEST_DIR/t1") &&
	test "$(apply k-1 500000)" = 202 &&
	A=$(body .application.id) && CH=$(body .challenge.id) &&
	test "$(body .application.state)" = awaiting_signature &&
	test "$(apply k-1 500000)" = 202 &&
	test "$(header Idempotent-Replayed)" = true &&
	test "$(body .application.id)" = "$A" &&
	test "$(apply k-1 600000)" = 422 &&
	test "$(body .code)" = idempotency_key_reused &&
	echo "$A $CH" >"$TEST_DIR/app1"
'

test_expect_success 'a dropped connection then a retry with the key makes one application' '
	T1=$(cat "$TEST_DIR/t1") &&
	expect 200 POST /sandbox/faults "{\"drop_rate\":1}" &&
	! apply k-2 500000 &&
	expect 200 DELETE /sandbox/faults &&
	test "$(apply k-2 500000)" = 202 &&
	A2=$(body .application.id) &&
	test "$(apply k-2 500000)" = 202 &&
	test "$(body .application.id)" = "$A2" &&
	expect 200 GET /v1/applications -H "Authorization: Bearer $T1" &&
	test "$(body "[.items[]|select(.id==\"$A2\")]|length")" = 1 &&
	test "$(body .items[0].id)" = "$A2"
'

test_expect_success 'scoring: a first loan over its limit is declined' '
	T1=$(cat "$TEST_DIR/t1") &&
	test "$(apply k-big 2000000)" = 202 &&
	A=$(body .application.id) &&
	expect 200 POST "/v1/challenges/$(body .challenge.id)/verify" \
	    "{\"code\":\"$(kb_sms_code $P1)\"}" &&
	expect 200 GET "/v1/applications/$A" -H "Authorization: Bearer $T1" &&
	test "$(body .application.state)" = declined &&
	test "$(body .application.decline_reason)" = first_loan_limit
'

test_expect_success 'the SMS code signs it; review, scoring and disbursement follow as events' '
	T1=$(cat "$TEST_DIR/t1") &&
	test "$(apply k-3 500000)" = 202 &&
	A=$(body .application.id) && CH=$(body .challenge.id) &&
	expect 200 GET "/v1/events?after=0" -H "Authorization: Bearer $T1" &&
	SEQ=$(body .last_seq) &&
	expect 200 POST "/v1/challenges/$CH/verify" \
	    "{\"code\":\"$(kb_sms_code $P1)\"}" &&
	expect 200 GET "/v1/events?after=$SEQ&wait=5" \
	    -H "Authorization: Bearer $T1" &&
	test "$(body "[.items[]|select(.type!=\"notification.created\")|.type+\":\"+(.data.application.state // .data.loan.state)]|join(\",\")")" = \
	    "application.updated:submitted,application.updated:under_review,application.updated:approved,application.updated:disbursed,loan.updated:active" &&
	test "$(body "[.items[]|select(.type==\"notification.created\")|.data.notification.kind]|join(\",\")")" = \
	    decision,payout &&
	L=$(body "[.items[]|select(.type==\"loan.updated\")][0].data.loan.id") &&
	expect 200 GET "/v1/loans/$L" -H "Authorization: Bearer $T1" &&
	test "$(body .loan.principal)" = 500000 &&
	test "$(body .loan.interest_due)" = 40000 &&
	test "$(body .loan.application_id)" = "$A"
'

# decide PHONE PASSWORD CARD AMOUNT: signs an application; prints the
# final state and decline reason.
decide () {
	d_tok=$(signin "$1" "$2") || return 1
	expect 200 GET "/v1/loan-terms?product=payday&amount=$4&term=10&card_id=$3" \
	    -H "Authorization: Bearer $d_tok" || return 1
	d_hash=$(body .sha256)
	expect 202 POST /v1/applications \
	    "{\"product\":\"payday\",\"amount\":$4,\"term\":10,\"card_id\":\"$3\",\"document_hash\":\"$d_hash\"}" \
	    -H "Authorization: Bearer $d_tok" -H "Idempotency-Key: d-${1#+}-$4" ||
	    return 1
	d_ch=$(body .challenge.id)
	expect 200 POST "/v1/challenges/$d_ch/verify" \
	    "{\"code\":\"$(kb_sms_code "$1")\"}" || return 1
	expect 200 GET "/v1/applications/$(body .application.id)" \
	    -H "Authorization: Bearer $d_tok" || return 1
	echo "$(body .application.state) $(body .application.decline_reason)"
}

test_expect_success 'scoring: a self-ban on borrowing is declined' '
	test "$(decide +79000000003 Third2026 cd_1003 500000)" = \
	    "declined self_ban"
'

test_expect_success 'scoring: a borrower under 18 is declined' '
	test "$(decide +79000000004 Fourth2026 cd_1004 500000)" = \
	    "declined under_age"
'

test_expect_success 'one loan at a time' '
	T1=$(cat "$TEST_DIR/t1") &&
	test "$(apply k-4 500000)" = 409 &&
	test "$(body .code)" = loan_active
'

test_expect_success 'a long poll waits for an event without blocking other requests' '
	T2=$(cat "$TEST_DIR/t2") &&
	expect 200 GET "/v1/events?after=0" -H "Authorization: Bearer $T2" &&
	SEQ=$(body .last_seq) &&
	start=$(date +%s) &&
	{ curl -sS --cacert "$KB_CA" -H "Authorization: Bearer $T2" \
	    "$SANDBOX_URL/v1/events?after=$SEQ&wait=3" >"$TEST_DIR/poll" & } &&
	poller=$! &&
	sleep 0.5 &&
	expect 200 GET /v1/health && mid=$(date +%s) &&
	wait $poller && end=$(date +%s) &&
	test $((mid - start)) -lt 2 && test $((end - start)) -ge 2 &&
	jq -e ".items == [] and .last_seq == $SEQ" "$TEST_DIR/poll"
'

test_expect_success 'bad event parameters are field errors' '
	T2=$(cat "$TEST_DIR/t2") &&
	expect 422 GET "/v1/events?wait=99" -H "Authorization: Bearer $T2" &&
	test "$(body .errors[0].field)" = wait &&
	expect 401 GET "/v1/events"
'

# Stopping the server waits for every connection's thread: a long poll
# left to run out its 25 s would hold SIGTERM up that long.
test_expect_success 'SIGTERM ends a waiting long poll and stops at once' '
	T2=$(cat "$TEST_DIR/t2") &&
	expect 200 GET "/v1/events?after=0" -H "Authorization: Bearer $T2" &&
	SEQ=$(body .last_seq) &&
	{ curl -sS --cacert "$KB_CA" -H "Authorization: Bearer $T2" \
	    "$SANDBOX_URL/v1/events?after=$SEQ&wait=25" >"$TEST_DIR/poll" & } &&
	poller=$! &&
	sleep 0.5 &&
	kill -TERM "$SANDBOX_PID" &&
	i=0 && while kill -0 "$SANDBOX_PID" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1)); done &&
	! kill -0 "$SANDBOX_PID" 2>/dev/null &&
	SANDBOX_PID= &&
	# the poll is over too (closed by the stopping server), long before
	# its 25 s: curl may take a moment to see the close and exit.
	i=0 && while kill -0 $poller 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1)); done &&
	! kill -0 $poller 2>/dev/null
'

test_done
