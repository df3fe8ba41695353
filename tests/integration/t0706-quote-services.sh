#!/bin/sh
# t0706-quote-services — a paid service's cost counts toward the charges
# cap and the quote says so: switched on with its SMS code, the
# signed-in borrower's calc.quote names it and its price is in the total
# and the overpayment, but not in the ПСК (an optional service the
# borrower may refuse: 353-FZ art. 6 parts 4-5), the lender agreeing;
# switched off, gone.
# Signed out, the quote is the plain one.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

# switch ID true|false: service.set confirmed by the SMS code.
switch () {
	N=$(sms_count $P2) &&
	cat >flow <<-EOS &&
	send service.set {"service_id":"$1","enabled":$2}
	expect-event challenge.required
	expect purpose service
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $P2 $((N + 1))
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect service.enabled $2
	EOS
	"$KBCALL" --script flow >/dev/null
}

Q='{"product":"payday","amount":500000,"term":10}'

test_expect_success 'signed in, no services: 5 000 ₽ for 10 days costs 400 ₽' '
	kb_signin $P2 Second2026 &&
	kb_call calc.quote "$Q" >plain &&
	kb_expect_json plain .checked true &&
	kb_expect_json plain .total 540000 &&
	kb_expect_json plain .overpayment 40000 &&
	kb_expect_json plain .services_total 0 &&
	kb_expect_json plain "[.services[]]|length" 0 &&
	kb_expect_json plain "[.warnings[].code]|join(\",\")" ""
'

test_expect_success 'insurance on: its 300 ₽ are in the total and the overpayment, not the ПСК' '
	switch insurance true &&
	kb_call calc.quote "$Q" >out &&
	kb_expect_json out .checked true &&
	kb_expect_json out .services_total 30000 &&
	kb_expect_json out "[.services[]|.id+\":\"+(.price|tostring)]|join(\",\")" insurance:30000 &&
	kb_expect_json out .services[0].name "Loan insurance" &&
	kb_expect_json out .interest 40000 &&
	kb_expect_json out .charges 70000 &&
	kb_expect_json out .total 570000 &&
	kb_expect_json out .overpayment 70000 &&
	kb_expect_json plain .psk 292.000 &&
	kb_expect_json out .psk 292.000 &&
	kb_expect_json out "[.warnings[].code]|join(\",\")" ""
'

test_expect_success 'the lender says the same (GET /v1/quote with the bearer)' '
	T=$(signin $P2 Second2026) &&
	expect 200 GET "/v1/quote?product=payday&amount=500000&term=10" \
	    -H "Authorization: Bearer $T" &&
	test "$(body .services_total)" = 30000 &&
	test "$(body .total)" = 570000 &&
	test "$(body .psk)" = 292.000 &&
	expect 200 GET "/v1/quote?product=payday&amount=500000&term=10" &&
	test "$(body .total)" = 540000 &&
	test "$(body .services)" = null &&
	expect 401 GET "/v1/quote?product=payday&amount=500000&term=10" \
	    -H "Authorization: Bearer nonsense"
'

test_expect_success 'insurance off: the quote is the plain one again' '
	switch insurance false &&
	kb_call calc.quote "$Q" >out &&
	kb_expect_json out .services_total 0 &&
	kb_expect_json out "[.services[]]|length" 0 &&
	kb_expect_json out .total 540000 &&
	kb_expect_json out .overpayment 40000
'

test_expect_success 'signed out, no services are counted' '
	switch legal true &&
	kb_call auth.logout >/dev/null &&
	kb_call calc.quote "$Q" >out &&
	kb_expect_json out .checked true &&
	kb_expect_json out .services_total 0 &&
	kb_expect_json out .total 540000
'

test_done
