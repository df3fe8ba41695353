#!/bin/sh
# t0490-autopay-sandbox — autopay on the lender's side over real HTTPS:
# the consent is its own document, signed with the SMS code (a wrong code
# leaves it off) and listed in My documents with the SHA-256 of its text;
# on the due date by the sandbox clock the lender charges what is due,
# once: moving the clock across the due date twice, and a restart of the
# sandbox, charge nothing more.  Counted in the sandbox's database file.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"
. "$SRC/tests/integration/lib-autopay.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"

test_expect_success 'autopay is off, and its consent is a document of its own' '
	signin $P2 Second2026 >t2 &&
	expect 200 GET /v1/autopay -H "$(auth)" &&
	test "$(body .autopay.enabled)" = false &&
	test "$(body .autopay.card.id)" = cd_1002 &&
	test "$(body .autopay.next_charge)" = null &&
	body .autopay.document.sha256 >sha &&
	expect 200 GET "/v1/documents/autopay?format=text" &&
	grep -q "АВТОПЛАТЁЖ" body &&
	test "$(sha256sum <body | cut -d" " -f1)" = "$(cat sha)"
'

test_expect_success 'switching on needs the text shown: none or another is refused' '
	expect 422 PUT /v1/autopay "{\"enabled\":true}" -H "$(auth)" &&
	test "$(body .errors[0].field)" = document_sha256 &&
	expect 409 PUT /v1/autopay "{\"enabled\":true,\"document_sha256\":\"00\"}" -H "$(auth)" &&
	test "$(body .code)" = document_changed &&
	test "$(sms_count $P2)" = 1
'

test_expect_success 'a wrong SMS code leaves autopay off' '
	expect 202 PUT /v1/autopay "{\"enabled\":true,\"document_sha256\":\"$(cat sha)\"}" -H "$(auth)" &&
	body .challenge.id >ch &&
	test "$(body .challenge.purpose)" = autopay &&
	curl -fsS --cacert "$KB_CA" -G --data-urlencode "phone=$P2" \
	    "$SANDBOX_URL/sandbox/sms" | jq -r ".items[-1].text" >sms &&
	grep -q "автоплатежа: списание с карты …1111" sms &&
	code=$(sh "$SRC/tests/tools/sms-code.sh" $P2 2) &&
	echo "$code" >code &&
	wrong=$(echo "$code" | tr 0-9 1-90) &&
	expect 422 POST "/v1/challenges/$(cat ch)/verify" "{\"code\":\"$wrong\"}" &&
	test "$(body .code)" = wrong_code &&
	expect 200 GET /v1/autopay -H "$(auth)" &&
	test "$(body .autopay.enabled)" = false &&
	test "$(kb_sandbox_sql "SELECT count(*) FROM signatures WHERE document_id = '\''autopay'\''")" = 0
'

test_expect_success 'the right code switches it on: the next charge is the due date' '
	expect 200 POST "/v1/challenges/$(cat ch)/verify" "{\"code\":\"$(cat code)\"}" &&
	test "$(body .autopay.enabled)" = true || { cat body; false; } &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	body .loan.due_on >due_on &&
	expect 200 GET /v1/autopay -H "$(auth)" &&
	test "$(body .autopay.next_charge.due_on)" = "$(cat due_on)" &&
	test "$(body .autopay.next_charge.loan_id)" = ln_1002 &&
	test "$(body .autopay.next_charge.attempt)" = 1 || { cat body; false; }
'

test_expect_success 'the signed consent is in My documents with the same SHA-256' '
	expect 200 GET /v1/account/documents -H "$(auth)" &&
	jq -e ".items[] | select(.document_id == \"autopay\")" body >doc &&
	test "$(jq -r .kind doc)" = signature &&
	test "$(jq -r .sha256 doc)" = "$(cat sha)" &&
	expect 200 GET "/v1/account/documents/$(jq -r .id doc)" -H "$(auth)" &&
	test "$(body .text | sha256sum | cut -d" " -f1)" != "" &&
	jq -j .text body | sha256sum | cut -d" " -f1 >got &&
	test "$(cat got)" = "$(cat sha)" &&
	test "$(kb_sandbox_sql "SELECT phone FROM signatures WHERE document_id = '\''autopay'\''")" = $P2
'

test_expect_success 'the day before the due date nothing is charged' '
	advance $((19 * 86400)) $P2 Second2026 &&
	test "$(charges)" = 0 &&
	test "$(tries)" = 0
'

test_expect_success 'on the due date exactly one charge of what is due, notified' '
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	body .due_today.total >owed &&
	advance 86400 $P2 Second2026 &&
	test "$(charges)" = 1 &&
	test "$(tries)" = 1 &&
	test "$(kb_sandbox_sql "SELECT amount FROM payments WHERE kind = '\''payment'\''")" = 1240000 &&
	test "$(kb_sandbox_sql "SELECT status FROM autopay_attempts")" = succeeded &&
	test "$(kb_sandbox_sql "SELECT card_id FROM payments WHERE kind = '\''payment'\''")" = cd_1002 &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	test "$(body .loan.state)" = closed &&
	expect 200 GET "/v1/events?after=0" -H "$(auth)" &&
	jq -e "[.items[] | select(.type == \"autopay.updated\")] | length == 1" body &&
	jq -e ".items[] | select(.type == \"autopay.updated\") | .data | .result == \"charged\" and .amount == 1240000 and .attempt == 1 and .card.last4 == \"1111\" and (.payment_id | startswith(\"pm_\"))" body &&
	expect 200 GET /v1/account/notifications -H "$(auth)" &&
	jq -e "[.items[] | select(.kind == \"autopay_charged\")] | length == 1" body &&
	jq -e ".items[] | select(.kind == \"autopay_charged\") | .text.ru | contains(\"списано 12 400,00 ₽\")" body
'

test_expect_success 'the clock across the due date again, and a restart: still one' '
	advance 86400 $P2 Second2026 &&
	advance $((3 * 86400)) $P2 Second2026 &&
	test "$(charges)" = 1 &&
	kb_restart_sandbox &&
	advance $((20 * 86400)) $P2 Second2026 &&
	advance 86400 $P2 Second2026 &&
	test "$(charges)" = 1 &&
	test "$(tries)" = 1
'

test_expect_success 'switching off needs no code and sends no SMS' '
	n=$(sms_count $P2) &&
	expect 200 PUT /v1/autopay "{\"enabled\":false}" -H "$(auth)" &&
	test "$(body .autopay.enabled)" = false &&
	test "$(sms_count $P2)" = "$n" &&
	expect 200 GET /v1/autopay -H "$(auth)" &&
	test "$(body .autopay.enabled)" = false
'

test_done
