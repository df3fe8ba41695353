#!/bin/sh
# t0430-register-daemon — kabinetd's registration and Gosuslugi: the
# profile checked before anything is sent, the lender's field errors on
# the right field, a registration resumed after a daemon restart (the id
# kept in the state dir, nothing personal), signed in at the end with the
# application submitted; Gosuslugi sign-in approved on the sandbox's page,
# its outcome pushed to the client that started it.
. "$(dirname "$0")/lib.sh"

NEW=+79000000088

kb_start_sandbox
kb_start_daemon

PROFILE='"surname":"Сидоров","name":"Пётр","patronymic":"Алексеевич","birth_date":"1995-07-20","passport_series":"4512","passport_number":"778899","passport_issued_on":"2015-08-01","division_code":"770-002","address":"Москва, ул. Тверская, 1","email":"petr@example.ru","income":6000000'

test_expect_success 'register.start: an SMS code proves the phone' '
	cat >flow <<-\EOS &&
	send register.start {"phone":"8 900 000-00-88"}
	expect-event challenge.required
	expect purpose register
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh +79000000088
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	answer
	expect registration.state profile
	EOS
	"$KBCALL" --script flow >out &&
	grep -qE "^rg_[A-Za-z0-9_]+$" "$XDG_STATE_HOME/kabinet/registration"
'

test_expect_success 'a bad profile is refused field by field, nothing sent' '
	n=$(grep -c "/profile" "$SANDBOX_LOG" || true) &&
	! kb_call register.profile "{\"surname\":\"Smith\",\"name\":\"Пётр\",\"birth_date\":\"31.02.1990\",\"passport_series\":\"45\",\"passport_number\":\"778899\",\"passport_issued_on\":\"2015-08-01\",\"division_code\":\"770-002\",\"address\":\"Москва\",\"email\":\"x\",\"income\":1}" >out &&
	kb_expect_json out .data.reason validation &&
	kb_expect_json out "[.data.fields[]|.field+\":\"+.reason]|join(\",\")" \
	    "surname:invalid_name,birth_date:invalid_date,passport_series:invalid_series,email:invalid_email" &&
	test "$(grep -c "/profile" "$SANDBOX_LOG" || true)" = "$n"
'

test_expect_success 'the lender'"'"'s own field error lands on its field' '
	! kb_call register.profile "{$PROFILE,\"passport_series\":\"4510\",\"passport_number\":\"123456\",\"passport_issued_on\":\"2016-06-01\"}" >out &&
	kb_expect_json out .data.reason validation &&
	kb_expect_json out ".data.fields[0].field" passport_number &&
	kb_expect_json out ".data.fields[0].reason" passport_registered
'

test_expect_success 'a passport past its 20th-birthday replacement, a 00 region, an issue before 01.10.1997' '
	n=$(grep -c "/profile" "$SANDBOX_LOG" || true) &&
	! kb_call register.profile "{$PROFILE,\"passport_issued_on\":\"2009-08-01\",\"passport_series\":\"0012\",\"division_code\":\"000-000\"}" >out &&
	kb_expect_json out "[.data.fields[]|.field+\":\"+.reason]|join(\",\")" \
	    "passport_series:invalid_series,division_code:invalid_division_code,passport_issued_on:needs_replacing" &&
	test "$(grep -c "/profile" "$SANDBOX_LOG" || true)" = "$n" &&
	! kb_call register.profile "{$PROFILE,\"birth_date\":\"1950-01-01\",\"passport_issued_on\":\"1997-09-30\"}" >out &&
	kb_expect_json out ".data.fields[0].reason" issued_before_1997
'

test_expect_success 'profile and consents, then the daemon restarts: the wizard resumes' '
	kb_call register.profile "{$PROFILE}" >out &&
	kb_expect_json out .registration.state consents &&
	kb_call register.document "{\"id\":\"pd_consent\"}" >doc &&
	jq -r .text doc | grep -q "152-ФЗ" &&
	kb_call register.consents "{\"accepted\":[{\"document\":\"rules\",\"version\":\"2026-11-01\"},{\"document\":\"pd_consent\",\"version\":\"2026-11-01\"},{\"document\":\"pep_agreement\",\"version\":\"2026-11-01\"},{\"document\":\"automated_decision\",\"version\":\"2026-11-28\"}]}" >out &&
	kb_expect_json out .registration.state password &&
	! grep -rq -e 778899 -e Сидоров "$XDG_STATE_HOME" &&
	kb_kill_daemon && kb_start_daemon &&
	kb_call register.status >out &&
	kb_expect_json out .registration.state password &&
	kb_expect_json out .registration.profile_done true
'

test_expect_success 'the terms are shown before they are signed; a signature over another hash is refused' '
	kb_call register.terms "{\"application\":{\"product\":\"payday\",\"amount\":500000,\"term\":10}}" >terms &&
	kb_expect_json terms .id loan_terms &&
	jq -r .text terms >terms.txt &&
	grep -q "Сумма займа: 5000,00 руб." terms.txt &&
	grep -q "Срок: 10 дн." terms.txt &&
	grep -q "Полная стоимость займа: " terms.txt &&
	grep -q "Дополнительные услуги.*: нет" terms.txt &&
	grep -q "карта заёмщика, которую он привяжет" terms.txt &&
	# the hash is of exactly the text shown
	test "$(jq -r .sha256 terms)" = "$(jq -j .text terms | sha256sum | cut -d" " -f1)" &&
	! kb_call register.terms "{\"application\":{\"product\":\"payday\",\"amount\":1,\"term\":10}}" >out &&
	kb_expect_json out .data.reason validation &&
	# the terms of 7 000 ₽ are not the terms of this 5 000 ₽ application
	kb_call register.terms "{\"application\":{\"product\":\"payday\",\"amount\":700000,\"term\":10}}" >other &&
	! kb_call register.complete "{\"phone\":\"$NEW\",\"password\":\"Sidorov2026\",\"application\":{\"product\":\"payday\",\"amount\":500000,\"term\":10,\"document_sha256\":\"$(jq -r .sha256 other)\"}}" >out &&
	kb_expect_json out .data.reason document_changed &&
	! kb_call register.complete "{\"phone\":\"$NEW\",\"password\":\"Sidorov2026\",\"application\":{\"product\":\"payday\",\"amount\":500000,\"term\":10}}" >out &&
	kb_expect_json out .data.reason validation &&
	# nothing was made: the registration still waits
	kb_call register.status >out &&
	kb_expect_json out .registration.state password
'

test_expect_success 'complete: signed in, the application submitted, the id forgotten' '
	! kb_call register.complete "{\"password\":\"Sidorov2026\",\"application\":{\"product\":\"payday\",\"amount\":500000,\"term\":10}}" >out &&
	kb_expect_json out .data.reason invalid_params &&
	! kb_call register.complete "{\"phone\":\"$NEW\",\"password\":\"short1\",\"application\":{\"product\":\"payday\",\"amount\":500000,\"term\":10}}" >out &&
	kb_expect_json out .data.reason weak_password &&
	kb_register_complete $NEW Sidorov2026 >out <<-\EOS &&
	expect session.state signed_in
	expect session.phone_masked +7 9** ***-**-88
	expect application.state approved
	EOS
	test ! -e "$XDG_STATE_HOME/kabinet/registration" &&
	kb_call register.status >out &&
	kb_expect_json out .registration null &&
	kb_call auth.logout >/dev/null
'

test_expect_success 'Gosuslugi sign-in: the address and code, then approval on the page signs in' '
	cat >flow <<-\EOS &&
	call auth.gosuslugi.start {"purpose":"login"}
	capture URL url
	capture CODE user_code
	expect interval 5
	shell OK curl -sS --cacert "$KB_CA" -o /dev/null -w "%{http_code}" --data "user_code=$CODE&person=ivanov&action=approve" "$SANDBOX_URL/esia"
	expect-event auth.gosuslugi.done 15000
	expect outcome approved
	call session.status
	expect state signed_in
	expect phone_masked +7 9** ***-**-01
	echo ok=$OK
	EOS
	"$KBCALL" -t 20000 --script flow >out &&
	grep -qx "ok=200" out &&
	grep -q "esia?code=" out &&
	kb_call auth.logout >/dev/null
'

test_expect_success 'Gosuslugi for registration: the verified person comes as prefill; a denial says so' '
	cat >flow <<-\EOS &&
	call auth.gosuslugi.start {"purpose":"registration"}
	capture CODE user_code
	shell OK curl -sS --cacert "$KB_CA" -o /dev/null -w "%{http_code}" --data "user_code=$CODE&person=sidorov&action=approve" "$SANDBOX_URL/esia"
	expect-event auth.gosuslugi.done 15000
	expect outcome approved
	expect prefill.passport_number 778899
	expect prefill.verified true
	call auth.gosuslugi.start {"purpose":"login"}
	capture CODE2 user_code
	shell NO curl -sS --cacert "$KB_CA" -o /dev/null -w "%{http_code}" --data "user_code=$CODE2&person=ivanov&action=deny" "$SANDBOX_URL/esia"
	expect-event auth.gosuslugi.done 15000
	expect outcome denied
	call session.status
	expect state signed_out
	EOS
	"$KBCALL" -t 20000 --script flow >out
'

test_done
