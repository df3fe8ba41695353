#!/bin/sh
# t0420-register-esia — registration and Gosuslugi on the sandbox over
# HTTPS with curl: phone → SMS code → profile with field errors →
# consents → password → an account, a session and a submitted application;
# resuming by id; ESIA sessions approved, denied and expired on the
# sandbox's own sign-in page, with slow_down for hurried polls; the
# device code alone polls, the user code only decides on the page.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-http.sh"

NEW=+79000000077
P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db

kb_start_sandbox --db "$SANDBOX_DB"

kb_sandbox_sql () {
	sqlite3 -batch -noheader "$SANDBOX_DB" "$1"
}

PROFILE='"surname":"Сидоров","name":"Пётр","patronymic":"Алексеевич","birth_date":"1995-07-20","passport_series":"4512","passport_number":"778899","passport_issued_on":"2015-08-01","division_code":"770-002","address":"Москва, ул. Тверская, 1","email":"petr@example.ru","income":6000000'

test_expect_success 'a registered phone is answered as a new one; its owner is told by SMS' '
	expect 202 POST /v1/registrations \
	    "{\"phone\":\"+79000000001\",\"device_id\":\"t0420\"}" &&
	jq -c "[paths|map(tostring)|join(\".\")]|sort" body >shape.reg &&
	CH=$(body .challenge.id) &&
	test "$(body .challenge.purpose)" = register &&
	test "$(body .registration.state)" = phone &&
	curl -sS --cacert "$KB_CA" "$SANDBOX_URL/sandbox/sms?phone=%2B79000000001" >sms &&
	jq -r ".items[-1].text" sms | grep -q "уже есть кабинет" &&
	jq -r ".items[-1].text" sms | grep -q "восстановите пароль" &&
	test "$(jq -r ".items[-1].code" sms)" = null &&
	expect 422 POST "/v1/challenges/$CH/verify" "{\"code\":\"000000\"}" &&
	test "$(body .code)" = wrong_code &&
	expect 202 POST /v1/registrations \
	    "{\"phone\":\"+79000000055\",\"device_id\":\"t0420\"}" &&
	jq -c "[paths|map(tostring)|join(\".\")]|sort" body >shape.new &&
	diff -u shape.new shape.reg
'

test_expect_success 'a new phone gets an SMS code; the code moves it to the profile' '
	expect 202 POST /v1/registrations \
	    "{\"phone\":\"8 900 000-00-77\",\"device_id\":\"t0420\"}" &&
	R=$(body .registration.id) && echo "$R" >"$TEST_DIR/reg" &&
	test "$(body .registration.state)" = phone &&
	test "$(body .challenge.purpose)" = register &&
	expect 200 POST "/v1/challenges/$(body .challenge.id)/verify" \
	    "{\"code\":\"$(kb_sms_code $NEW)\"}" &&
	test "$(body .registration.state)" = profile &&
	test "$(body .registration.phone_masked)" = "+7 9** ***-**-77"
'

test_expect_success 'the profile: every bad field is named, nothing is kept' '
	R=$(cat "$TEST_DIR/reg") &&
	expect 422 PUT "/v1/registrations/$R/profile" \
	    "{\"surname\":\"Smith\",\"name\":\"Пётр\",\"birth_date\":\"2030-01-01\",\"passport_series\":\"45\",\"passport_number\":\"778899\",\"passport_issued_on\":\"1996-01-01\",\"division_code\":\"770002x\",\"address\":\"Москва\",\"email\":\"nope\",\"income\":-1}" &&
	test "$(body "[.errors[]|.field+\":\"+.code]|join(\",\")")" = \
	    "surname:invalid_name,birth_date:in_future,passport_series:invalid_series,division_code:invalid_division_code,passport_issued_on:issued_before_1997,email:invalid_email,income:invalid_income" &&
	expect 200 GET "/v1/registrations/$R" &&
	test "$(body .registration.state)" = profile &&
	test "$(body .registration.profile_done)" = false
'

test_expect_success 'a good profile, then the consents, each its own document' '
	R=$(cat "$TEST_DIR/reg") &&
	expect 200 PUT "/v1/registrations/$R/profile" "{$PROFILE}" &&
	test "$(body .registration.state)" = consents &&
	! grep -q 778899 "$TEST_DIR/body" &&
	expect 422 POST "/v1/registrations/$R/consents" \
	    "{\"accepted\":[{\"document\":\"rules\",\"version\":\"2026-11-01\"},{\"document\":\"pd_consent\",\"version\":\"2020-01-01\"}]}" &&
	test "$(body "[.errors[]|.field+\":\"+.code]|join(\",\")")" = \
	    "pd_consent:outdated_version,pep_agreement:required,automated_decision:required" &&
	expect 200 POST "/v1/registrations/$R/consents" \
	    "{\"accepted\":[{\"document\":\"rules\",\"version\":\"2026-11-01\"},{\"document\":\"pd_consent\",\"version\":\"2026-11-01\"},{\"document\":\"pep_agreement\",\"version\":\"2026-11-01\"},{\"document\":\"automated_decision\",\"version\":\"2026-11-28\"}]}" &&
	test "$(body .registration.state)" = password
'

test_expect_success 'resuming by id says where it stopped' '
	R=$(cat "$TEST_DIR/reg") &&
	expect 200 GET "/v1/registrations/$R" &&
	test "$(body .registration.state)" = password &&
	test "$(body ".registration.consents|length")" = 4 &&
	expect 404 GET /v1/registrations/rg_nope
'

test_expect_success 'complete: a weak password is refused; then the account, a session and the application' '
	R=$(cat "$TEST_DIR/reg") &&
	expect 422 POST "/v1/registrations/$R/complete" \
	    "{\"password\":\"short1\",\"device_id\":\"t0420\",\"application\":{\"product\":\"payday\",\"amount\":500000,\"term\":10}}" &&
	test "$(body .errors[0].code)" = too_short &&
	# the terms shown before signing; complete signs their hash only
	expect 200 GET "/v1/registrations/$R/terms?product=payday&amount=700000&term=10" &&
	OTHER=$(body .sha256) &&
	expect 200 GET "/v1/registrations/$R/terms?product=payday&amount=500000&term=10" &&
	TH=$(body .sha256) && test "$TH" != "$OTHER" &&
	body .text | grep -q "Сумма займа: 5000,00 руб." &&
	expect 409 POST "/v1/registrations/$R/complete" \
	    "{\"password\":\"Sidorov2026\",\"device_id\":\"t0420\",\"application\":{\"product\":\"payday\",\"amount\":500000,\"term\":10,\"document_sha256\":\"$OTHER\"}}" &&
	test "$(body .code)" = document_changed &&
	expect 422 POST "/v1/registrations/$R/complete" \
	    "{\"password\":\"Sidorov2026\",\"device_id\":\"t0420\",\"application\":{\"product\":\"payday\",\"amount\":500000,\"term\":10}}" &&
	expect 201 POST "/v1/registrations/$R/complete" \
	    "{\"password\":\"Sidorov2026\",\"device_id\":\"t0420\",\"application\":{\"product\":\"payday\",\"amount\":500000,\"term\":10,\"document_sha256\":\"$TH\"}}" &&
	T=$(body .access_token) && test -n "$T" &&
	# the terms are signed by a code sent for them, not by the one
	# that verified the phone
	test "$(body .application.state)" = awaiting_signature &&
	test "$(body .challenge.purpose)" = application &&
	CH=$(body .challenge.id) &&
	curl -fsS --cacert "$KB_CA" -G --data-urlencode "phone=$NEW" \
	    "$SANDBOX_URL/sandbox/sms" | jq -r ".items[-1].text" |
	    grep -q "^Код для подписания договора займа на 5 000 ₽: " &&
	expect 200 POST "/v1/challenges/$CH/verify" "{\"code\":\"$(kb_sms_code $NEW)\"}" &&
	test "$(body .application.state)" = approved &&
	test "$(body .application.awaiting_card)" = true &&
	expect 200 POST /v1/auth/login \
	    "{\"phone\":\"$NEW\",\"password\":\"Sidorov2026\",\"device_id\":\"t0420\"}" &&
	expect 409 POST "/v1/registrations/$R/complete" \
	    "{\"password\":\"Sidorov2026\",\"device_id\":\"t0420\"}"
'

test_expect_success 'every consent is kept with its version, its text'"'"'s hash and time; the profile copy goes' '
	R=$(cat "$TEST_DIR/reg") &&
	expect 200 POST /v1/auth/login \
	    "{\"phone\":\"$NEW\",\"password\":\"Sidorov2026\",\"device_id\":\"t0420\"}" &&
	T=$(body .access_token) &&
	expect 200 GET /v1/consents -H "Authorization: Bearer $T" &&
	test "$(body "[.items[]|.document+\"@\"+.version]|join(\",\")")" = \
	    "rules@2026-11-01,pd_consent@2026-11-01,pep_agreement@2026-11-01,automated_decision@2026-11-28" &&
	H=$(body ".items[3].text_sha256") &&
	expect 200 GET /v1/documents/automated_decision &&
	test "$(body .sha256)" = "$H" &&
	test "$(body .version)" = 2026-11-28 &&
	body .text | grep -q "152-ФЗ" &&
	body .text | grep -q "возразить" &&
	test "$(kb_sandbox_sql "SELECT count(*) FROM registrations WHERE id = '\''$R'\'' AND profile IS NULL")" = 1 &&
	! kb_sandbox_sql "UPDATE consent_log SET version = '\''x'\''" 2>/dev/null &&
	! kb_sandbox_sql "DELETE FROM consent_log" 2>/dev/null
'

# esia PURPOSE: starts a session; its device code, verification address
# and user code in the files dc, uri and code.
esia () {
	expect 201 POST /v1/esia/sessions \
	    "{\"purpose\":\"$1\",\"device_id\":\"t0420-esia\"}" || return 1
	body .device_code >"$TEST_DIR/dc" &&
	body .verification_uri >"$TEST_DIR/uri" &&
	body .user_code >"$TEST_DIR/code"
}

# poll: the device code's poll, as the client makes it.
poll () {
	expect 200 POST /v1/esia/poll \
	    "{\"device_code\":\"$(cat "$TEST_DIR/dc")\"}"
}

# decide PERSON ACTION [CODE]: the user's decision on the page, with the
# code the terminal shows.
decide () {
	curl -sS --cacert "$KB_CA" -o "$TEST_DIR/page" -w "%{http_code}" \
	    --data "user_code=${3:-$(cat "$TEST_DIR/code")}&person=$1&action=$2" \
	    "$SANDBOX_URL/esia"
}

test_expect_success 'ESIA login: pending, slow_down, the page approves, a session once' '
	esia login &&
	test "$(body .interval)" = 5 &&
	test "$(body .expires_in)" = 600 &&
	test "$(cat "$TEST_DIR/uri")" = "$SANDBOX_URL/esia" &&
	test "$(body .verification_uri_complete)" = \
	    "$SANDBOX_URL/esia?code=$(cat "$TEST_DIR/code")" &&
	test "$(wc -c <"$TEST_DIR/dc")" -ge 40 &&
	poll && test "$(body .status)" = pending &&
	poll && test "$(body .status)" = slow_down &&
	curl -sS --cacert "$KB_CA" "$(cat "$TEST_DIR/uri")?code=$(cat "$TEST_DIR/code")" >"$TEST_DIR/page" &&
	grep -q "Разрешить" "$TEST_DIR/page" &&
	grep -q "value=\"$(cat "$TEST_DIR/code")\"" "$TEST_DIR/page" &&
	grep -qE "^[A-Z2-9]{4}-[A-Z2-9]{4}$" "$TEST_DIR/code" &&
	test "$(decide ivanov approve "$(tr -d - <"$TEST_DIR/code" | tr A-Z a-z)")" = 200 &&
	poll && test "$(body .status)" = approved &&
	test -n "$(body .session.access_token)" &&
	test "$(body .session.client.phone_masked)" = "+7 9** ***-**-01" &&
	poll && test "$(body .status)" = consumed
'

test_expect_success 'ESIA: an unknown device code is 404; the code is no device code' '
	esia login &&
	expect 404 POST /v1/esia/poll "{\"device_code\":\"$(cat "$TEST_DIR/code")\"}" &&
	expect 422 POST /v1/esia/poll "{}" &&
	test "$(decide ivanov approve ZZZZ-ZZZZ)" = 404
'

test_expect_success 'ESIA registration: the verified person' '
	esia registration &&
	test "$(decide sidorov approve)" = 200 &&
	poll &&
	test "$(body .person.passport_number)" = 778899 &&
	test "$(body .person.verified)" = true
'

test_expect_success 'ESIA login by a person with no account; a denial; an expiry' '
	esia login &&
	test "$(decide sidorov approve)" = 200 &&
	poll && test "$(body .status)" = no_account &&
	esia login &&
	test "$(decide ivanov deny)" = 200 &&
	poll && test "$(body .status)" = denied &&
	test "$(decide ivanov approve)" = 404 &&
	esia login &&
	expect 200 POST /sandbox/clock "{\"advance_seconds\":601}" &&
	poll && test "$(body .status)" = expired &&
	test "$(decide ivanov approve)" = 404
'

test_expect_success 'ESIA: guessing user codes is limited per address' '
	i=0 && st= &&
	while [ $i -lt 25 ]; do
		st=$(decide ivanov approve ZZZZ-ZZZ$((i % 8 + 2)))
		[ "$st" = 429 ] && break
		i=$((i + 1))
	done &&
	test "$st" = 429
'

test_done
