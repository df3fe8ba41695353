#!/bin/sh
# t0460-appeals-sandbox — appeals at the lender: the periods it publishes
# with their law, a borrower's appeal checked and kept, nobody else's to
# read, the support desk's queue (overdue first on the sandbox's clock),
# take, the passport check a dispute needs, answer, close, the borrower's
# event, and an audit row for every step.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

OP_SECRET=JBSWY3DPEHPK3PXP
SUP_SECRET=KRSXG5CTMVRXEZLU
export OP_SECRET SUP_SECRET

kb_start_sandbox

# op_token LOGIN PASSWORD SECRET: an operator token from the sandbox.
op_token () {
	expect 202 POST /v1/operator/login \
	    "{\"login\":\"$1\",\"password\":\"$2\"}" &&
	ot_ch=$(body .challenge.id) &&
	expect 200 POST "/v1/challenges/$ot_ch/verify" \
	    "{\"code\":\"$(sh "$SRC/tests/tools/op-totp.sh" "$3")\"}" &&
	body .access_token
}

test_expect_success 'the lender publishes the period to answer, with its law' '
	expect 200 GET /v1/support &&
	test "$(body ".appeals.answer_periods[]|select(.subject==\"credit_holiday\")|.working_days")" = 5 &&
	body ".appeals.answer_periods[]|select(.subject==\"credit_holiday\")|.basis" | grep -q "353-FZ art. 6.1-1" &&
	test "$(body ".appeals.answer_periods[]|select(.subject==\"dispute_charge\")|.working_days")" = 15 &&
	body ".appeals.answer_periods[]|select(.subject==\"other\")|.basis" | grep -q "123-FZ" &&
	test "$(body .appeals.text_max)" = 2000
'

test_expect_success 'setup: two borrowers and an operator sign in' '
	T1=$(signin +79000000001 Demo2026) &&
	T2=$(signin +79000000002 Second2026) &&
	expect 200 GET /v1/profile -H "Authorization: Bearer $T1" &&
	C1=$(body .client.id) &&
	OP=$(op_token op.petrov Operator2026 $OP_SECRET) &&
	test -n "$OP" && test -n "$C1"
'

a1 () { echo "Authorization: Bearer $T1"; }

test_expect_success 'a bad appeal is refused field by field, nothing kept' '
	expect 400 POST /v1/appeals "{\"subject\":\"other\",\"text\":\"x\"}" -H "$(a1)" &&
	expect 422 POST /v1/appeals "{\"text\":\"x\"}" -H "$(a1)" -H "Idempotency-Key: b1" &&
	test "$(body .errors[0].field)/$(body .errors[0].code)" = subject/required &&
	expect 422 POST /v1/appeals "{\"subject\":\"refund_me\",\"text\":\"x\"}" -H "$(a1)" -H "Idempotency-Key: b2" &&
	test "$(body .errors[0].code)" = invalid &&
	expect 422 POST /v1/appeals "{\"subject\":\"other\",\"text\":\"  \\n \"}" -H "$(a1)" -H "Idempotency-Key: b3" &&
	test "$(body .errors[0].field)/$(body .errors[0].code)" = text/required &&
	long=$(yes ж | head -n 2001 | tr -d "\n") &&
	expect 422 POST /v1/appeals "{\"subject\":\"other\",\"text\":\"$long\"}" -H "$(a1)" -H "Idempotency-Key: b4" &&
	test "$(body .errors[0].code)" = too_long &&
	expect 422 POST /v1/appeals "{\"subject\":\"other\",\"text\":\"bell\\u0007\"}" -H "$(a1)" -H "Idempotency-Key: b5" &&
	test "$(body .errors[0].code)" = invalid &&
	expect 200 GET /v1/appeals -H "$(a1)" &&
	test "$(body ".items|length")" = 0
'

test_expect_success 'a dispute is kept, new, due in 15 working days; a replay is the same' '
	text=$(yes ж | head -n 2000 | tr -d "\n") &&
	expect 201 POST /v1/appeals "{\"subject\":\"other\",\"text\":\"$text\"}" -H "$(a1)" -H "Idempotency-Key: long" &&
	test "$(body .appeal.text | wc -m)" = 2001 &&
	expect 201 POST /v1/appeals "{\"subject\":\"dispute_charge\",\"text\":\"Списали дважды\\nпроверьте\"}" -H "$(a1)" -H "Idempotency-Key: d1" &&
	AP=$(body .appeal.id) &&
	test "$(body .appeal.status)" = new &&
	test "$(body .appeal.subject)" = dispute_charge &&
	test "$(body .appeal.overdue)" = false &&
	test "$(body .appeal.answer)" = null &&
	due=$(body .appeal.due_on) &&
	today=$(TZ=Europe/Moscow date +%F) &&
	days=$(( ($(date -d "$due" +%s) - $(date -d "$today" +%s)) / 86400 )) &&
	test "$days" -ge 19 && test "$days" -le 31 &&
	expect 201 POST /v1/appeals "{\"subject\":\"dispute_charge\",\"text\":\"Списали дважды\\nпроверьте\"}" -H "$(a1)" -H "Idempotency-Key: d1" &&
	test "$(body .appeal.id)" = "$AP" &&
	test "$(header Idempotent-Replayed)" = true &&
	expect 200 GET /v1/appeals -H "$(a1)" &&
	test "$(body ".items|length")" = 2 &&
	test "$(body .items[0].id)" = "$AP" &&
	expect 200 GET "/v1/appeals/$AP" -H "$(a1)" &&
	body .appeal.text | grep -q "^проверьте$" &&
	echo "$AP" >ap
'

test_expect_success 'another borrower gets 404, a borrower on the desk 403' '
	AP=$(cat ap) &&
	expect 404 GET "/v1/appeals/$AP" -H "Authorization: Bearer $T2" &&
	test "$(body .code)" = appeal_not_found &&
	expect 404 GET "/v1/appeals/apl_nosuch" -H "Authorization: Bearer $T2" &&
	test "$(body .code)" = appeal_not_found &&
	expect 200 GET /v1/appeals -H "Authorization: Bearer $T2" &&
	test "$(body ".items|length")" = 0 &&
	for p in /v1/operator/appeals "/v1/operator/appeals/$AP"; do
		expect 403 GET "$p" -H "$(a1)" &&
		test "$(body .code)" = wrong_role || return 1
	done &&
	expect 403 POST "/v1/operator/appeals/$AP/take" "{}" -H "$(a1)" &&
	expect 403 POST /v1/appeals "{\"subject\":\"other\",\"text\":\"x\"}" -H "Authorization: Bearer $OP" -H "Idempotency-Key: op1" &&
	test "$(body .code)" = wrong_role
'

test_expect_success 'the desk takes it; the loans wait for the passport check' '
	AP=$(cat ap) &&
	expect 200 GET /v1/operator/appeals -H "Authorization: Bearer $OP" &&
	test "$(body "[.items[]|select(.id==\"$AP\")]|length")" = 1 &&
	test "$(body ".items[]|select(.id==\"$AP\")|.client_name")" = "Иванов И. И." &&
	expect 409 POST "/v1/operator/appeals/$AP/answer" "{\"text\":\"x\"}" -H "Authorization: Bearer $OP" &&
	test "$(body .code)" = appeal_not_taken &&
	expect 200 POST "/v1/operator/appeals/$AP/take" "{}" -H "Authorization: Bearer $OP" &&
	test "$(body .appeal.status)/$(body .appeal.operator)" = in_work/op.petrov &&
	expect 200 GET "/v1/operator/appeals/$AP" -H "Authorization: Bearer $OP" &&
	test "$(body .appeal.identity_required)" = true &&
	test "$(body .client.loans)" = null &&
	test "$(body .client.identity.verified)" = false &&
	expect 403 POST "/v1/operator/appeals/$AP/answer" "{\"text\":\"Проверили\"}" -H "Authorization: Bearer $OP" &&
	test "$(body .code)" = identity_not_verified &&
	SUP=$(op_token sup.sidorova Supervisor2026 $SUP_SECRET) &&
	expect 409 POST "/v1/operator/appeals/$AP/take" "{}" -H "Authorization: Bearer $SUP" &&
	test "$(body .code)" = appeal_taken &&
	echo "$SUP" >sup
'

test_expect_success 'after the check: the loans, the answer, the close' '
	AP=$(cat ap) &&
	expect 200 POST "/v1/operator/clients/$C1/identity-check" "{\"passport_series\":\"4510\",\"passport_number\":\"123456\",\"birth_date\":\"1990-05-15\"}" -H "Authorization: Bearer $OP" &&
	test "$(body .match)" = true &&
	expect 200 GET "/v1/operator/appeals/$AP" -H "Authorization: Bearer $OP" &&
	test "$(body ".client.loans|type")" = array &&
	expect 409 POST "/v1/operator/appeals/$AP/close" "{}" -H "Authorization: Bearer $OP" &&
	test "$(body .code)" = appeal_not_answered &&
	expect 422 POST "/v1/operator/appeals/$AP/answer" "{\"text\":\"\"}" -H "Authorization: Bearer $OP" &&
	expect 200 POST "/v1/operator/appeals/$AP/answer" "{\"text\":\"Двойное списание вернули на карту\"}" -H "Authorization: Bearer $OP" &&
	test "$(body .appeal.status)" = answered &&
	expect 200 GET "/v1/appeals/$AP" -H "$(a1)" &&
	test "$(body .appeal.answer)" = "Двойное списание вернули на карту" &&
	test "$(body .appeal.status)" = answered &&
	test "$(body .appeal.operator)" = null &&
	expect 200 POST "/v1/operator/appeals/$AP/close" "{}" -H "Authorization: Bearer $OP" &&
	test "$(body .appeal.status)" = closed &&
	expect 409 POST "/v1/operator/appeals/$AP/take" "{}" -H "Authorization: Bearer $OP" &&
	test "$(body .code)" = appeal_closed &&
	expect 200 GET /v1/operator/appeals -H "Authorization: Bearer $OP" &&
	test "$(body "[.items[]|select(.id==\"$AP\")]|length")" = 0
'

test_expect_success 'the borrower heard of every step, and the answer is in the inbox' '
	AP=$(cat ap) &&
	expect 200 GET "/v1/events?after=0" -H "$(a1)" &&
	test "$(body "[.items[]|select(.type==\"appeal.updated\" and .data.appeal.id==\"$AP\")|.data.appeal.status]|join(\",\")")" = new,in_work,answered,closed &&
	expect 200 GET /v1/account/notifications -H "$(a1)" &&
	test "$(body "[.items[]|select(.kind==\"appeal_answered\")]|length")" = 1 &&
	body ".items[]|select(.kind==\"appeal_answered\")" >note &&
	grep -q "$AP" note && grep -q "№ 2" note
'

test_expect_success 'every step of the desk is in the audit log' '
	SUP=$(cat sup) &&
	expect 200 GET "/v1/operator/audit?client=$C1&operator=op.petrov" -H "Authorization: Bearer $SUP" &&
	body "[.items[]|.action+\":\"+.outcome]|reverse|join(\",\")" >audit &&
	grep -q "appeal_answer:appeal_not_taken,appeal_take:ok,appeal_view:identity_required,appeal_answer:identity_not_verified" audit &&
	grep -q "appeal_view:ok,appeal_close:appeal_not_answered,appeal_answer:invalid,appeal_answer:ok,appeal_close:ok,appeal_take:appeal_closed" audit &&
	expect 200 GET "/v1/operator/audit?client=$C1&operator=sup.sidorova" -H "Authorization: Bearer $SUP" &&
	test "$(body ".items[0].action+\":\"+.items[0].outcome")" = appeal_take:appeal_taken
'

test_expect_success 'past its last day an appeal is overdue and first in the queue' '
	expect 201 POST /v1/appeals "{\"subject\":\"credit_holiday\",\"text\":\"Прошу кредитные каникулы\"}" -H "$(a1)" -H "Idempotency-Key: h1" &&
	H=$(body .appeal.id) &&
	due=$(body .appeal.due_on) &&
	today=$(TZ=Europe/Moscow date +%F) &&
	days=$(( ($(date -d "$due" +%s) - $(date -d "$today" +%s)) / 86400 )) &&
	test "$days" -ge 5 &&
	expect 200 POST /sandbox/clock "{\"advance_seconds\":$((days * 86400))}" &&
	OP=$(op_token op.petrov Operator2026 $OP_SECRET) &&
	expect 200 GET /v1/operator/appeals -H "Authorization: Bearer $OP" &&
	test "$(body ".items[]|select(.id==\"$H\")|.overdue")" = false &&
	expect 200 POST /sandbox/clock "{\"advance_seconds\":86400}" &&
	OP=$(op_token op.petrov Operator2026 $OP_SECRET) &&
	T1=$(signin +79000000001 Demo2026) &&
	expect 201 POST /v1/appeals "{\"subject\":\"other\",\"text\":\"Новое\"}" -H "$(a1)" -H "Idempotency-Key: n1" &&
	N=$(body .appeal.id) &&
	expect 200 GET /v1/operator/appeals -H "Authorization: Bearer $OP" &&
	test "$(body .items[0].id)" = "$H" &&
	test "$(body .items[0].overdue)" = true &&
	test "$(body ".items[]|select(.id==\"$N\")|.overdue")" = false &&
	expect 200 GET "/v1/appeals/$H" -H "$(a1)" &&
	test "$(body .appeal.overdue)" = true &&
	echo "$N" >n
'

test_expect_success '"other" needs no passport check to see the client and answer' '
	N=$(cat n) &&
	expect 200 POST "/v1/operator/appeals/$N/take" "{}" -H "Authorization: Bearer $OP" &&
	expect 200 GET "/v1/operator/appeals/$N" -H "Authorization: Bearer $OP" &&
	test "$(body .appeal.identity_required)" = false &&
	test "$(body .client.identity.verified)" = false &&
	test "$(body ".client.loans|type")" = array &&
	expect 200 POST "/v1/operator/appeals/$N/answer" "{\"text\":\"Ответили\"}" -H "Authorization: Bearer $OP" &&
	test "$(body .appeal.status)" = answered
'

test_done
