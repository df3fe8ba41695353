#!/bin/sh
# t0697-register-adult — a loan is for adults: a birth date under 18
# years before today (Moscow) is refused at registration, by the daemon
# before anything is sent (birth_date: too_young) and by the lender
# itself; 18 today is taken.  (A 16-year-old with a passport issued at
# 14 had been registered and could apply.)
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-http.sh"

NEW=+79000000066
kb_start_sandbox
kb_start_daemon

# born N years ago today, in Moscow; a passport issued at 14 (2 years
# ago for a 16-year-old) keeps that field right
born () {
	TZ=Europe/Moscow date -d "-$1 years" +%Y-%m-%d
}
issued () {
	TZ=Europe/Moscow date -d "-$1 years" +%Y-%m-%d
}
profile () {
	echo "\"surname\":\"Сидоров\",\"name\":\"Пётр\",\"patronymic\":\"Алексеевич\",\"birth_date\":\"$1\",\"passport_series\":\"4512\",\"passport_number\":\"778866\",\"passport_issued_on\":\"$2\",\"division_code\":\"770-002\",\"address\":\"Москва, ул. Тверская, 1\",\"email\":\"petr@example.ru\",\"income\":6000000"
}

test_expect_success 'the lender refuses a 16-year-old and takes an 18-year-old' '
	expect 202 POST /v1/registrations \
	    "{\"phone\":\"8 900 000-00-65\",\"device_id\":\"t0697\"}" &&
	R=$(body .registration.id) &&
	expect 200 POST "/v1/challenges/$(body .challenge.id)/verify" \
	    "{\"code\":\"$(kb_sms_code +79000000065)\"}" &&
	expect 422 PUT "/v1/registrations/$R/profile" "{$(profile "$(born 16)" "$(issued 2)")}" &&
	test "$(body "[.errors[]|.field+\":\"+.code]|join(\",\")")" = \
	    "birth_date:too_young" &&
	expect 200 PUT "/v1/registrations/$R/profile" "{$(profile "$(born 18)" "$(issued 4)")}" &&
	test "$(body .registration.state)" = consents
'

test_expect_success 'the daemon refuses it first, nothing sent' '
	cat >flow <<-\EOS &&
	send register.start {"phone":"8 900 000-00-66"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh +79000000066
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	answer
	expect registration.state profile
	EOS
	"$KBCALL" --script flow >out &&
	n=$(grep -c "/profile" "$SANDBOX_LOG" || true) &&
	! kb_call register.profile "{$(profile "$(born 16)" "$(issued 2)")}" >out &&
	kb_expect_json out .data.reason validation &&
	kb_expect_json out "[.data.fields[]|.field+\":\"+.reason]|join(\",\")" \
	    "birth_date:too_young" &&
	test "$(grep -c "/profile" "$SANDBOX_LOG" || true)" = "$n"
'

test_done
