#!/bin/sh
# t0480-sbp-sandbox — paying by СБП on the lender's side over real HTTPS
# with curl: a payment link of the NSPK form for an amount up to what is
# due (with an Idempotency-Key), the sandbox's bank page that pays or
# refuses it, a link that expires on the sandbox clock, and the bank's
# notice arriving twice (credited once) or after the expiry (credited: the
# money is the borrower's), counted in the sandbox's own database; the
# inbox tells of each payment received and of the expired link.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"

auth () { echo "Authorization: Bearer $(cat t2)"; }
# link AMOUNT KEY: a new payment link; its id and QR id in sbp.id, sbp.qrc.
link () {
	expect 201 POST /v1/loans/ln_1002/sbp "{\"amount\":$1}" -H "$(auth)" \
	    -H "Idempotency-Key: $2" &&
	body .sbp.id >sbp.id && body .sbp.qrc_id >sbp.qrc
}
status_is () {
	req GET "/v1/sbp/$(cat sbp.id)" -H "$(auth)" >/dev/null &&
	test "$(body .sbp.status)" = "$1"
}
bank () {
	curl -sS --cacert "$KB_CA" -o page.html -w '%{http_code}' \
	    --data "action=$1" "$SANDBOX_URL/sbp/$(cat sbp.qrc)"
}
payments () {
	kb_sandbox_sql "SELECT count(*) FROM payments WHERE kind = 'payment' AND card_id IS NULL"
}

test_expect_success 'a link needs a key and an amount of 1 ₽ up to what is due' '
	signin $P2 Second2026 >t2 &&
	expect 400 POST /v1/loans/ln_1002/sbp "{\"amount\":150000}" -H "$(auth)" &&
	test "$(body .code)" = idempotency_key_required &&
	expect 422 POST /v1/loans/ln_1002/sbp "{\"amount\":99}" -H "$(auth)" -H "Idempotency-Key: s0" &&
	test "$(body .errors[0].code)" = too_small &&
	expect 422 POST /v1/loans/ln_1002/sbp "{\"amount\":1080001}" -H "$(auth)" -H "Idempotency-Key: s0" &&
	test "$(body .errors[0].code)" = over_due &&
	test "$(body .total_due)" = 1080000 &&
	expect 404 POST /v1/loans/ln_nope/sbp "{\"amount\":150000}" -H "$(auth)" -H "Idempotency-Key: s0"
'

test_expect_success 'the link has the NSPK form, the payee and ten minutes; the same key gives the same link' '
	link 150000 s1 &&
	body .sbp.url >url &&
	grep -Eqx "https://qr\.nspk\.ru/AS1[0-9A-Z]{29}\?type=02&bank=[0-9]{12}&sum=150000&cur=RUB&crc=[0-9A-F]{4}" url &&
	test "$(body .sbp.status)" = pending &&
	test "$(body .sbp.amount)" = 150000 &&
	test -n "$(body .sbp.payee.name)" &&
	test -n "$(body .sbp.payee.inn)" &&
	test "$(body .sbp.payment)" = null &&
	expect 201 POST /v1/loans/ln_1002/sbp "{\"amount\":150000}" -H "$(auth)" -H "Idempotency-Key: s1" &&
	test "$(header Idempotent-Replayed)" = true &&
	test "$(body .sbp.id)" = "$(cat sbp.id)" &&
	test "$(kb_sandbox_sql "SELECT count(*) FROM sbp_payments")" = 1
'

test_expect_success 'the bank page shows the payee and the amount; paying credits the loan in the legal order' '
	curl -fsS --cacert "$KB_CA" "$SANDBOX_URL/sbp/$(cat sbp.qrc)" >page.html &&
	grep -q "1 500,00" page.html &&
	grep -q "Оплатить" page.html &&
	test "$(bank pay)" = 200 &&
	status_is paid &&
	test "$(body .sbp.late)" = false &&
	# 800 ₽ of interest first, then 700 ₽ of principal
	test "$(body .sbp.payment.split.interest)" = 80000 &&
	test "$(body .sbp.payment.split.principal)" = 70000 &&
	test "$(body .sbp.payment.amount)" = 150000 &&
	test "$(body .sbp.payment.card)" = null &&
	test "$(payments)" = 1 &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	test "$(body .due_today.total)" = 930000
'

test_expect_success 'a paid link is not paid again from the page; the same notice twice is credited once' '
	test "$(bank pay)" = 409 &&
	expect 200 POST "/sandbox/sbp/$(cat sbp.qrc)/deliver" "{\"copies\":2}" &&
	test "$(body .deliveries)" = 3 &&
	test "$(payments)" = 1 &&
	test "$(kb_sandbox_sql "SELECT deliveries FROM sbp_operations")" = 3 &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	test "$(body .due_today.total)" = 930000
'

test_expect_success 'refused on the bank page: nothing is paid' '
	link 10000 s2 &&
	test "$(bank refuse)" = 200 &&
	status_is refused &&
	test "$(bank pay)" = 409 &&
	test "$(payments)" = 1
'

test_expect_success 'a link expires on the sandbox clock; a notice after that is credited, marked late' '
	link 20000 s3 &&
	expect 200 POST /sandbox/clock "{\"advance_seconds\":601}" &&
	kb_retry 10 "status_is expired" &&
	test "$(bank pay)" = 409 &&
	grep -q "истёк" page.html &&
	expect 200 POST "/sandbox/sbp/$(cat sbp.qrc)/deliver" "{}" &&
	test "$(body .sbp.status)" = paid &&
	test "$(body .sbp.late)" = true &&
	test "$(body .sbp.payment.amount)" = 20000 &&
	test "$(payments)" = 2
'

test_expect_success 'money over the debt by the time it arrives goes back as a refund' '
	signin $P2 Second2026 >t2 &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	due=$(body .due_today.total) &&
	link "$due" s4 && cp sbp.qrc full.qrc && cp sbp.id full.id &&
	link 50000 s5 &&
	test "$(bank pay)" = 200 &&
	cp full.qrc sbp.qrc && cp full.id sbp.id &&
	test "$(bank pay)" = 200 &&
	status_is paid &&
	test "$(body .sbp.refunded)" = 50000 &&
	test "$(body .sbp.payment.amount)" = $((due - 50000)) &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	test "$(body .loan.state)" = closed &&
	test "$(kb_sandbox_sql "SELECT amount FROM payments WHERE kind = '\''refund'\''")" = 50000
'

test_expect_success 'the event stream tells of each change' '
	expect 200 GET "/v1/events?after=0" -H "$(auth)" &&
	jq -r ".items[]|select(.type==\"sbp.updated\")|.data.sbp.status" body >st &&
	grep -qx paid st && grep -qx refused st && grep -qx expired st &&
	test "$(jq "[.items[]|select(.type==\"payment.updated\" and .data.payment.card==null)]|length" body)" = 4
'

test_expect_success 'the inbox tells of each payment received and of the link that expired' '
	expect 200 GET /v1/account/notifications -H "$(auth)" &&
	test "$(jq "[.items[]|select(.kind==\"payment_received\" and .args.sbp_id!=null)]|length" body)" = 4 &&
	test "$(jq "[.items[]|select(.kind==\"sbp_expired\")]|length" body)" = 1 &&
	jq -r ".items[]|select(.kind==\"sbp_expired\")|.args.amount" body | grep -qx 20000
'

test_done
