#!/bin/sh
# t0709-law — the lender's side of doc/lender-api.md "Rules", over real
# HTTPS with curl: a service fee is an "other payment", never interest,
# and is refunded when the service is switched off within the cooling-off
# period; an extension's fee pays what the extension costs in the legal
# order (an overdue loan's penalty is paid, the principal is not), gives
# the new schedule and ПСК, is refused on the day of issue, and the limit
# of 5 counts a rolling 365 days, not the calendar year.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P1=+79000000001
P2=+79000000002
kb_start_sandbox

auth () { echo "Authorization: Bearer $T2"; }

# service ID true|false: PUT /v1/services/ID confirmed by its SMS code.
service () {
	sv_n=$(sms_count $P2) &&
	expect 202 PUT "/v1/services/$1" "{\"enabled\":$2}" -H "$(auth)" &&
	verify $P2 "$(body .challenge.id)" $((sv_n + 1))
}

test_expect_success 'a service switched on with a loan open is its own line, not interest' '
	T2=$(signin $P2 Second2026) && echo "$T2" >t2 &&
	service insurance true &&
	curl -fsS --cacert "$KB_CA" -G --data-urlencode "phone=$P2" \
	    "$SANDBOX_URL/sandbox/sms" >sms2 &&
	jq -r ".items[].text" sms2 | grep -q "^Код для подключения услуги «Loan insurance» за 300 ₽: " &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	# 10 days of interest, 800 ₽, as before; the 300 ₽ are "other"
	test "$(body .due_today.interest)" = 80000 &&
	test "$(body .due_today.other)" = 30000 &&
	test "$(body .due_today.total)" = 1110000 &&
	test "$(body .loan.interest_due)" = 240000 &&
	test "$(body .loan.other_due)" = 30000 &&
	expect 200 GET "/v1/payments?kind=service" -H "$(auth)" &&
	test "$(body .items[0].amount)" = 30000
'

test_expect_success 'a payment pays the fee last, after the principal' '
	T2=$(cat t2) &&
	expect 201 POST /v1/loans/ln_1002/payments "{\"amount\":100000,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: law-1" &&
	test "$(body .split.interest)" = 80000 &&
	test "$(body .split.principal)" = 20000 &&
	test "$(body .split.other)" = 0 &&
	test "$(body .loan.other_due)" = 30000
'

test_expect_success 'switched off within the cooling-off period, the fee is refunded and shown' '
	T2=$(cat t2) &&
	service insurance false &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	test "$(body .loan.other_due)" = 0 &&
	test "$(body .due_today.other)" = 0 &&
	expect 200 GET "/v1/payments?kind=refund" -H "$(auth)" &&
	test "$(body ".items|length")" = 1 &&
	test "$(body .items[0].amount)" = 30000 &&
	test "$(body .items[0].split.cancelled)" = 30000
'

test_expect_success 'an overdue loan: the extension fee pays interest and penalty, never principal' '
	kb_restart_sandbox &&
	T2=$(signin $P2 Second2026) && echo "$T2" >t2 &&
	advance $((25 * 86400)) $P2 Second2026 &&
	expect 200 GET /v1/loans/ln_1002/extension -H "$(auth)" &&
	# 2 400 ₽ of overdue interest and 27,39 ₽ of penalty
	test "$(body .to_pay)" = 242739 &&
	expect 201 POST /v1/loans/ln_1002/extension "{\"days\":7,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: ext-1" &&
	test "$(body .payment.amount)" = 242739 &&
	test "$(body .split.overdue_interest)" = 240000 &&
	test "$(body .split.penalty)" = 2739 &&
	test "$(body .split.overdue_principal)" = 0 &&
	test "$(body .loan.principal_due)" = 1000000 &&
	test "$(body .loan.penalty_due)" = 0 &&
	test "$(body .loan.state)" = active &&
	test "$(body .schedule[0].date)" = "$(body .loan.due_on)" &&
	jq -e ".psk_milli > 0 and .psk_milli <= 292000" "$TEST_DIR/body"
'

test_expect_success 'five extensions in any 365 days: the new year does not reset the count' '
	T2=$(cat t2) &&
	for i in 2 3 4 5; do
		expect 201 POST /v1/loans/ln_1002/extension "{\"days\":1,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: ext-$i" || return 1
	done &&
	test "$(body .extensions_left)" = 0 &&
	# 40 days on the calendar year has changed (the clock started in
	# late November or later), but not 365 days
	advance $((40 * 86400)) $P2 Second2026 &&
	expect 409 POST /v1/loans/ln_1002/extension "{\"days\":1,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: ext-6" &&
	test "$(body .code)" = extension_limit &&
	advance $((330 * 86400)) $P2 Second2026 &&
	expect 201 POST /v1/loans/ln_1002/extension "{\"days\":1,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: ext-7"
'

test_expect_success 'a service switched on before applying: the quote, the terms and the loan agree' '
	T1=$(signin $P1 Demo2026) && echo "$T1" >t1 &&
	n=$(sms_count $P1) &&
	expect 202 PUT /v1/services/sms "{\"enabled\":true}" -H "Authorization: Bearer $T1" &&
	verify $P1 "$(body .challenge.id)" $((n + 1)) &&
	expect 200 GET "/v1/quote?product=payday&amount=500000&term=10" -H "Authorization: Bearer $T1" &&
	test "$(body .services_total)" = 4900 &&
	test "$(body .total)" = 544900 &&
	test "$(body .psk)" = 292.000 &&
	expect 200 GET "/v1/loan-terms?product=payday&amount=500000&term=10&card_id=cd_1001" -H "Authorization: Bearer $T1" &&
	body .text | grep -q "SMS notifications — 49,00 руб.; согласие заёмщика получено" &&
	body .text | grep -q "Возврат одним платежом: 5449,00 руб." &&
	test "$(body .quote.total)" = 544900
'

test_expect_success 'a loan issued today cannot be extended: it can be repaid without interest' '
	T1=$(cat t1) &&
	expect 200 GET "/v1/loan-terms?product=payday&amount=500000&term=10&card_id=cd_1001" -H "Authorization: Bearer $T1" &&
	H=$(body .sha256) &&
	expect 202 POST /v1/applications "{\"product\":\"payday\",\"amount\":500000,\"term\":10,\"card_id\":\"cd_1001\",\"document_hash\":\"$H\"}" -H "Authorization: Bearer $T1" -H "Idempotency-Key: law-ap" &&
	CH=$(body .challenge.id) && echo "$CH" >ch && echo "$H" >h &&
	expect 200 POST "/v1/challenges/$CH/verify" "{\"code\":\"$(kb_sms_code $P1)\"}" &&
	expect 200 GET /v1/loans -H "Authorization: Bearer $T1" &&
	L=$(body .items[0].id) &&
	expect 200 GET "/v1/loans/$L/extension" -H "Authorization: Bearer $T1" &&
	test "$(body .allowed)" = false &&
	expect 409 POST "/v1/loans/$L/extension" "{\"days\":5,\"card_id\":\"cd_1001\"}" -H "Authorization: Bearer $T1" -H "Idempotency-Key: law-ex" &&
	test "$(body .code)" = extension_too_early &&
	expect 200 GET "/v1/loans/$L/due" -H "Authorization: Bearer $T1" &&
	test "$(body .due_today.interest)" = 0 &&
	# the service the terms listed is charged, as an other payment
	test "$(body .loan.other_due)" = 4900 &&
	test "$(body .due_today.total)" = 504900
'

test_expect_success 'the SMS names the operation and the amount; the signature keeps what, when, by whom, under which code' '
	curl -fsS --cacert "$KB_CA" -G --data-urlencode "phone=$P1" \
	    "$SANDBOX_URL/sandbox/sms" >sms &&
	jq -r ".items[].text" sms | grep -q "^Код для подписания договора займа на 5 000 ₽: [0-9]\{6\}\." &&
	T1=$(signin $P1 Demo2026) &&
	expect 200 GET /v1/signatures -H "Authorization: Bearer $T1" &&
	test "$(body ".items|length")" = 1 &&
	test "$(body .items[0].document_id)" = loan_terms &&
	test "$(body .items[0].document_version)" = 2026-11-01 &&
	test "$(body .items[0].document_sha256)" = "$(cat h)" &&
	test "$(body .items[0].challenge_id)" = "$(cat ch)" &&
	test "$(body .items[0].phone_masked)" = "+7 9** ***-**-01" &&
	test -n "$(body .items[0].signed_at)"
'

test_done
