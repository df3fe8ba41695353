#!/bin/sh
# t0450-profile-sandbox — the lender's My profile, over HTTPS with curl:
# GET /v1/account/profile shows what the lender holds with the passport,
# SNILS and INN masked (never whole); PATCH /v1/account/profile changes
# the e-mail or the postal address only once the SMS code (purpose
# "profile") confirms it: a wrong code, a malformed value, the same
# value, the phone or a restricted account change nothing.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P1=+79000000001
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"

test_expect_success 'sign in' '
	T=$(signin $P1 Demo2026) && test -n "$T" && echo "$T" >token
'

auth () {
	printf '%s' "-HAuthorization: Bearer $(cat "$TEST_DIR/token")"
}

test_expect_success 'GET: what the lender holds, document numbers masked' '
	expect 200 GET /v1/account/profile "$(auth)" &&
	test "$(body .profile.surname)" = Иванов &&
	test "$(body .profile.name)" = Иван &&
	test "$(body .profile.patronymic)" = Иванович &&
	test "$(body .profile.birth_date)" = 1990-05-15 &&
	test "$(body .profile.passport_masked)" = "45 ** ****56" &&
	test "$(body .profile.snils_masked)" = "***-***-*** 95" &&
	test "$(body .profile.inn_masked)" = null &&
	test "$(body .profile.email)" = ivan@example.ru &&
	test "$(body .profile.registration_address)" = \
	    "101000, г. Москва, ул. Мясницкая, д. 1, кв. 2" &&
	test "$(body .profile.postal_address)" = null &&
	test "$(body .profile.phone_masked)" = "+7 9** ***-**-01" &&
	! grep -q "123456\|4510\|112-233" "$TEST_DIR/body"
'

test_expect_success 'a malformed e-mail or a short address: 422, no SMS' '
	n=$(sms_count $P1) &&
	expect 422 PATCH /v1/account/profile "{\"email\":\"ivan@example\"}" \
	    "$(auth)" &&
	test "$(body "[.errors[]|.field+\":\"+.code]|join(\",\")")" = \
	    email:invalid_email &&
	expect 422 PATCH /v1/account/profile \
	    "{\"email\":\"a b@example.ru\",\"postal_address\":\"Москва 1\"}" \
	    "$(auth)" &&
	test "$(body "[.errors[]|.field+\":\"+.code]|sort|join(\",\")")" = \
	    email:invalid_email,postal_address:too_short &&
	expect 422 PATCH /v1/account/profile "{}" "$(auth)" &&
	test "$(body .code)" = nothing_to_change &&
	test "$(sms_count $P1)" = "$n" &&
	expect 200 GET /v1/account/profile "$(auth)" &&
	test "$(body .profile.email)" = ivan@example.ru
'

test_expect_success 'the phone is not changed here; the same e-mail is no change' '
	expect 422 PATCH /v1/account/profile "{\"phone\":\"+79000000099\"}" \
	    "$(auth)" &&
	test "$(body ".errors[0].field+\":\"+.errors[0].code")" = \
	    phone:not_changeable &&
	expect 422 PATCH /v1/account/profile \
	    "{\"email\":\" ivan@example.ru \"}" "$(auth)" &&
	test "$(body ".errors[0].code")" = unchanged
'

test_expect_success 'a new e-mail: 202 with a profile challenge; a wrong code changes nothing' '
	n=$(sms_count $P1) &&
	expect 202 PATCH /v1/account/profile \
	    "{\"email\":\"ivan.new@example.ru\"}" "$(auth)" &&
	test "$(body .challenge.purpose)" = profile &&
	CH=$(body .challenge.id) && echo "$CH" >ch &&
	code=$(sh "$SRC/tests/tools/sms-code.sh" $P1 $((n + 1))) &&
	wrong=$(printf "%06d" $(( (10#$code + 1) % 1000000 ))) &&
	expect 422 POST "/v1/challenges/$CH/verify" "{\"code\":\"$wrong\"}" &&
	test "$(body .code)" = wrong_code &&
	expect 200 GET /v1/account/profile "$(auth)" &&
	test "$(body .profile.email)" = ivan@example.ru &&
	curl -fsS --cacert "$KB_CA" "$SANDBOX_URL/sandbox/sms" |
	    jq -r ".items[-1].text" | grep -q "изменения e-mail"
'

test_expect_success 'the right code changes it, and only it' '
	CH=$(cat ch) &&
	expect 200 POST "/v1/challenges/$CH/verify" \
	    "{\"code\":\"$(kb_sms_code $P1)\"}" &&
	test "$(body .profile.email)" = ivan.new@example.ru &&
	test "$(body .profile.postal_address)" = null &&
	expect 200 GET /v1/account/profile "$(auth)" &&
	test "$(body .profile.email)" = ivan.new@example.ru &&
	test "$(kb_sandbox_sql "SELECT email FROM accounts WHERE id = \"cl_1001\"")" = \
	    ivan.new@example.ru &&
	# the code is spent
	expect 404 POST "/v1/challenges/$CH/verify" \
	    "{\"code\":\"$(kb_sms_code $P1)\"}"
'

test_expect_success 'a postal address apart from the registration one' '
	expect 202 PATCH /v1/account/profile \
	    "{\"postal_address\":\"  125009, Москва, а/я 15  \"}" "$(auth)" &&
	expect 200 POST "/v1/challenges/$(body .challenge.id)/verify" \
	    "{\"code\":\"$(kb_sms_code $P1)\"}" &&
	test "$(body .profile.postal_address)" = "125009, Москва, а/я 15" &&
	test "$(body .profile.registration_address)" = \
	    "101000, г. Москва, ул. Мясницкая, д. 1, кв. 2"
'

test_expect_success 'a restricted account (new phone not confirmed) changes nothing' '
	kb_sandbox_sql "UPDATE accounts SET restricted = 1 WHERE id = \"cl_1001\"" &&
	expect 403 PATCH /v1/account/profile \
	    "{\"email\":\"other@example.ru\"}" "$(auth)" &&
	test "$(body .code)" = account_restricted &&
	expect 200 GET /v1/account/profile "$(auth)" &&
	test "$(body .profile.email)" = ivan.new@example.ru
'

test_expect_success 'no e-mail and no passport number in the sandbox log' '
	! grep -q "ivan.new@\|ivan@example" "$SANDBOX_LOG" &&
	! grep -Eq "(^|[^0-9A-Za-z_-])123456([^0-9A-Za-z_-]|\$)" "$SANDBOX_LOG"
'

test_done
