#!/bin/sh
# t0711-law-daemon — kabinetd checks what the lender says against the law
# itself (doc/lender-api.md "Rules"): a lender whose product claims a
# charges cap of 130 % is held to the law's 100 % and the quote says so;
# a product over 0.8 % a day gives terms whose ПСК is over 292 %, which
# loan.terms refuses and loan.apply cannot sign; only terms the daemon has
# shown and checked can be signed; and the one rounding rule through the
# daemon.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P1=+79000000001
kb_start_sandbox
kb_start_daemon

product () {
	expect 200 POST /sandbox/product \
	    "{\"rate_bp_per_day\":$1,\"charges_cap_percent\":$2}"
}

# the warnings of a 10 000 ₽ / 30 days quote, joined
warnings () {
	kb_call calc.quote '{"amount":1000000,"term":30}' >q &&
	jq -r '[.warnings[].code]|join(",")' q
}

test_expect_success 'honest terms are checked and can be signed; others cannot' '
	kb_signin $P1 Demo2026 &&
	kb_call loan.terms "{\"amount\":500000,\"term\":10,\"card_id\":\"cd_1001\"}" >terms &&
	kb_expect_json terms .quote.psk 292.000 &&
	! kb_call loan.apply "{\"amount\":500000,\"term\":10,\"card_id\":\"cd_1001\",\"document_sha256\":\"$(printf %064d 0)\"}" >out &&
	kb_expect_json out .data.reason terms_not_checked &&
	! grep -q "POST /v1/applications" "$SANDBOX_LOG"
'

test_expect_success 'a lender that says 130 % is held to the law'"'"'s 100 %, and the quote says so' '
	product 80 130 &&
	kb_retry 15 "warnings | grep -qx cap_over_law" &&
	kb_expect_json q .total 1240000 &&
	# terms under a product that claims more than the law allows are
	# not shown for signing
	! kb_call loan.terms "{\"amount\":500000,\"term\":10,\"card_id\":\"cd_1001\"}" >out &&
	kb_expect_json out .data.reason psk_over_cap
'

test_expect_success 'over 0.8 % a day: the quote warns, the terms are refused and cannot be signed' '
	product 90 100 &&
	kb_retry 15 "warnings | grep -q over_psk_cap" &&
	kb_expect_json q .psk 328.500 &&
	! kb_call loan.terms "{\"amount\":500000,\"term\":10,\"card_id\":\"cd_1001\"}" >out &&
	kb_expect_json out .data.reason psk_over_cap &&
	kb_expect_json out .data.ours 328500 &&
	TOKEN=$(secret-tool lookup lender "$SANDBOX_URL" | jq -r .access_token) &&
	expect 200 GET "/v1/loan-terms?product=payday&amount=500000&term=10&card_id=cd_1001" -H "Authorization: Bearer $TOKEN" &&
	! kb_call loan.apply "{\"amount\":500000,\"term\":10,\"card_id\":\"cd_1001\",\"document_sha256\":\"$(body .sha256)\"}" >out &&
	kb_expect_json out .data.reason terms_not_checked &&
	! grep -q "POST /v1/applications" "$SANDBOX_LOG"
'

# The same case as test_calc (rounding_down) and test_sandbox_payments:
# 13 days on, 1 840 ₽ of interest and 8 499,50 ₽ of principal leave
# 1 500,50 ₽ for the last 7 days: 84,028 ₽ of interest is 84,02 ₽.
test_expect_success 'one rounding rule: 1 500,50 ₽ for 7 days is 84,02 ₽ here as in lib/calc.c' '
	product 80 100 &&
	kb_call auth.logout >/dev/null &&
	kb_clock_advance $((13 * 86400)) &&
	kb_signin +79000000002 Second2026 &&
	kb_call loan.due "{\"loan_id\":\"ln_1002\"}" >due &&
	kb_expect_json due .due_today.interest 184000 &&
	kb_call payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":\"10 339,50\"}" >out &&
	kb_expect_json out .loan.principal_due 150050 &&
	kb_expect_json out .loan.interest_due 8402 &&
	kb_expect_json out .psk 292.000
'

test_done
