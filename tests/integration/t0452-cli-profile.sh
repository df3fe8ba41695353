#!/bin/sh
# t0452-cli-profile — kabinet profile prints what the lender holds, one
# line each, the passport masked and never whole; --json is profile.get's
# answer; signed out it exits 4.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P1=+79000000001
kb_start_sandbox
kb_start_daemon

test_expect_success 'signed out: exit 4' '
	test_must_fail_rc 4 kb profile >out 2>err
'

test_expect_success 'profile: one line each, the passport masked' '
	kb_signin $P1 Demo2026 &&
	kb profile >out &&
	kb_plain out &&
	grep -qx "Full name: Иванов Иван Иванович" out &&
	grep -qx "Passport: 45 \*\* \*\*\*\*56" out &&
	grep -qx "SNILS: \*\*\*-\*\*\*-\*\*\* 95" out &&
	grep -qx "Postal address: the same as the registration address" out &&
	grep -qx "E-mail: ivan@example.ru" out &&
	! grep -q "INN" out &&
	! grep -q "123456" out
'

test_expect_success 'profile --json: the daemon'"'"'s answer' '
	kb profile --json >out.json &&
	kb_expect_json out.json .profile.passport_masked "45 ** ****56" &&
	kb_expect_json out.json .profile.inn_masked null
'

test_expect_success 'ru: in Russian' '
	LANGUAGE=ru KABINET_LOCALEDIR=$B/locale kb profile >out &&
	grep -qx "Паспорт: 45 \*\* \*\*\*\*56" out &&
	grep -qx "Почтовый адрес: совпадает с адресом регистрации" out
'

test_done
