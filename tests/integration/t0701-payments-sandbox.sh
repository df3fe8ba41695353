#!/bin/sh
# t0701-payments-sandbox — repaying a loan on the lender's side over real
# HTTPS with curl: what is due today, a partial payment split in the legal
# order with its new balance, ПСК and schedule, a full repayment that
# closes the loan, an overdue loan's split and a penalty of at most 20 % a
# year within the 100 % charges cap, and the Idempotency-Key on payments.
# The figures are worked out by hand in the comments.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
kb_start_sandbox

auth () { echo "Authorization: Bearer $T2"; }

test_expect_success 'ln_1002 today: 10 days of interest, not 30' '
	T2=$(signin $P2 Second2026) && echo "$T2" >t2 &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	# 10 000 ₽ × 0.8 % × 10 days = 800 ₽ of interest so far
	test "$(body .due_today.interest)" = 80000 &&
	test "$(body .due_today.principal)" = 1000000 &&
	test "$(body .due_today.total)" = 1080000 &&
	test "$(body .loan.total_due)" = 1240000
'

test_expect_success 'a payment needs a key, a card and an amount of 1 ₽ up to what is due' '
	T2=$(cat t2) &&
	expect 400 POST /v1/loans/ln_1002/payments "{\"amount\":150000,\"card_id\":\"cd_1002\"}" -H "$(auth)" &&
	test "$(body .code)" = idempotency_key_required &&
	expect 422 POST /v1/loans/ln_1002/payments "{\"amount\":99,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: k0" &&
	test "$(body .errors[0].code)" = too_small &&
	expect 422 POST /v1/loans/ln_1002/payments "{\"amount\":1080001,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: k0" &&
	test "$(body .errors[0].code)" = over_due &&
	test "$(body .total_due)" = 1080000 &&
	expect 422 POST /v1/loans/ln_1002/payments "{\"amount\":150000,\"card_id\":\"cd_9999\"}" -H "$(auth)" -H "Idempotency-Key: k0" &&
	test "$(body .errors[0].code)" = unknown_card &&
	expect 404 POST /v1/loans/ln_nope/payments "{\"amount\":150000,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: k0"
'

test_expect_success 'a partial payment of 1 500 ₽: interest first, then principal' '
	T2=$(cat t2) &&
	expect 201 POST /v1/loans/ln_1002/payments "{\"amount\":150000,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: pay-1" &&
	cp body receipt1 &&
	# 800 ₽ interest, 700 ₽ principal: 9 300 ₽ left, whose 20 days of
	# interest are 9 300 × 0.8 % × 20 = 1 488 ₽
	test "$(body .split.interest)" = 80000 &&
	test "$(body .split.principal)" = 70000 &&
	test "$(body .split.penalty)" = 0 &&
	test "$(body .split.overdue_interest)" = 0 &&
	test "$(body .loan.principal_due)" = 930000 &&
	test "$(body .loan.interest_due)" = 148800 &&
	test "$(body .loan.total_due)" = 1078800 &&
	test "$(body .due_today.total)" = 930000 &&
	test "$(body .schedule[0].amount)" = 1078800 &&
	test "$(body .schedule[0].date)" = "$(body .loan.due_on)" &&
	# The price did not change (2 288 ₽ for 286 000 rouble-days is
	# 0.8 % a day): the contract ПСК stays, the cost is in roubles.
	test "$(body .psk)" = 292.000 &&
	test "$(body .cost)" = 228800 &&
	test "$(body .payment.status)" = succeeded &&
	test "$(body .payment.card.last4)" = 1111
'

test_expect_success 'the same key again is a replay, another body under it is refused' '
	T2=$(cat t2) &&
	expect 201 POST /v1/loans/ln_1002/payments "{\"amount\":150000,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: pay-1" &&
	test "$(header Idempotent-Replayed)" = true &&
	test "$(body .payment.id)" = "$(jq -r .payment.id receipt1)" &&
	expect 422 POST /v1/loans/ln_1002/payments "{\"amount\":150001,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: pay-1" &&
	test "$(body .code)" = idempotency_key_reused &&
	expect 200 GET "/v1/payments?kind=payment" -H "$(auth)" &&
	test "$(body ".items|length")" = 1
'

test_expect_success 'the exact amount due today closes the loan' '
	T2=$(cat t2) &&
	expect 201 POST /v1/loans/ln_1002/payments "{\"amount\":930000,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: pay-2" &&
	test "$(body .split.principal)" = 930000 &&
	test "$(body .split.interest)" = 0 &&
	test "$(body .loan.state)" = closed &&
	test "$(body .loan.total_due)" = 0 &&
	test "$(body .loan.closed_on)" = "$(TZ=Europe/Moscow date +%F)" &&
	test "$(body ".schedule|length")" = 0 &&
	expect 409 POST /v1/loans/ln_1002/payments "{\"amount\":100,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: pay-3" &&
	test "$(body .code)" = loan_closed
'

test_expect_success 'a payment made here is on the event stream' '
	T2=$(cat t2) &&
	expect 200 GET "/v1/events?after=0" -H "$(auth)" &&
	test "$(body "[.items[]|select(.type==\"payment.updated\")]|length")" = 2 &&
	test "$(body "[.items[]|select(.type==\"loan.updated\")][-1].data.loan.state")" = closed
'

test_expect_success 'overdue: 25 days on, the loan is 5 days late and a penalty accrues' '
	kb_restart_sandbox &&
	T2=$(signin $P2 Second2026) && echo "$T2" >t2 &&
	advance $((25 * 86400)) $P2 Second2026 &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	test "$(body .loan.state)" = overdue &&
	# 10 000 ₽ × 20 % × 5 / 365 = 27.397… ₽, cut to the kopeck
	test "$(body .due_today.penalty)" = 2739 &&
	test "$(body .due_today.overdue_interest)" = 240000 &&
	test "$(body .due_today.overdue_principal)" = 1000000 &&
	test "$(body .due_today.total)" = 1242739
'

test_expect_success 'overdue: 3 000 ₽ pays overdue interest, then overdue principal' '
	T2=$(cat t2) &&
	expect 201 POST /v1/loans/ln_1002/payments "{\"amount\":300000,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: od-1" &&
	test "$(body .split.overdue_interest)" = 240000 &&
	test "$(body .split.overdue_principal)" = 60000 &&
	test "$(body .split.penalty)" = 0 &&
	test "$(body .loan.principal_due)" = 940000 &&
	test "$(body .loan.penalty_due)" = 2739
'

test_expect_success 'a year later the penalty is 20 % of the overdue principal' '
	advance $((365 * 86400)) $P2 Second2026 &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	# 2 739 + 9 400 ₽ × 20 % = 2 739 + 188 000 kopecks
	test "$(body .due_today.penalty)" = 190739
'

test_expect_success 'ten years later all charges stop at 100 % of the principal' '
	advance $((3650 * 86400)) $P2 Second2026 &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	# interest 2 400 ₽ + penalty may reach 10 000 ₽: penalty 7 600 ₽
	test "$(body .due_today.penalty)" = 760000 &&
	expect 200 GET "/v1/payments?kind=penalty" -H "$(auth)" &&
	test "$(body "[.items[].amount]|add")" = 760000
'

test_done
