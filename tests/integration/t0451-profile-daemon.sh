#!/bin/sh
# t0451-profile-daemon — My profile through kabinetd: profile.get answers
# what the lender holds, the passport masked; profile.update checks the
# e-mail and the postal address before anything is sent, refuses the
# phone (support changes it), and makes a change only when the SMS code
# of challenge.required {purpose: profile} is right: a wrong code changes
# nothing.  The daemon's log never holds the passport number or the
# e-mail whole, nor the code.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P1=+79000000001

kb_start_sandbox
kb_start_daemon

test_expect_success 'sign in' '
	kb_signin $P1 Demo2026
'

test_expect_success 'profile.get: what the lender holds, the passport masked' '
	kb_call profile.get >out &&
	kb_expect_json out .profile.surname Иванов &&
	kb_expect_json out .profile.passport_masked "45 ** ****56" &&
	kb_expect_json out .profile.snils_masked "***-***-*** 95" &&
	kb_expect_json out .profile.inn_masked null &&
	kb_expect_json out .profile.email ivan@example.ru &&
	kb_expect_json out .profile.phone_masked "+7 9** ***-**-01" &&
	! grep -q "123456" out
'

test_expect_success 'a malformed e-mail, a short address: refused, nothing sent' '
	n=$(grep -c "PATCH /v1/account/profile" "$SANDBOX_LOG" || true) &&
	! kb_call profile.update "{\"email\":\"ivan@@example.ru\",\"postal_address\":\"Москва\"}" >out &&
	kb_expect_json out .data.reason validation &&
	kb_expect_json out "[.data.fields[]|.field+\":\"+.reason]|sort|join(\",\")" \
	    "email:invalid_email,postal_address:too_short" &&
	! kb_call profile.update "{\"postal_address\":7}" >out &&
	kb_expect_json out ".data.fields[0].reason" invalid_type &&
	! kb_call profile.update "{}" >out &&
	kb_expect_json out .data.reason invalid_params &&
	test "$(grep -c "PATCH /v1/account/profile" "$SANDBOX_LOG" || true)" = "$n" &&
	kb_call profile.get >out &&
	kb_expect_json out .profile.email ivan@example.ru
'

test_expect_success 'the phone is not changed here' '
	! kb_call profile.update "{\"phone\":\"+79000000099\"}" >out &&
	kb_expect_json out .data.reason validation &&
	kb_expect_json out ".data.fields[0].field+\":\"+.data.fields[0].reason" \
	    phone:not_changeable
'

test_expect_success 'what the lender holds already: the lender says unchanged' '
	! kb_call profile.update "{\"email\":\" ivan@example.ru \"}" >out &&
	kb_expect_json out .data.reason validation &&
	kb_expect_json out ".data.fields[0].field+\":\"+.data.fields[0].reason" \
	    email:unchanged
'

test_expect_success 'a wrong code changes nothing' '
	cat >flow <<-EOS &&
	send profile.update {"email":"ivan.new@example.ru"}
	expect-event challenge.required
	expect purpose profile
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $P1 2
	shell WRONG printf "%06d" \$(( (1\$CODE + 1) % 1000000 ))
	call challenge.answer {"challenge_id":"\$CH","code":"\$WRONG"}
	expect data.reason wrong_code
	call challenge.cancel {"challenge_id":"\$CH"}
	answer
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script flow >out 2>&1 ||
	{ cat out; false; } &&
	kb_call profile.get >out &&
	kb_expect_json out .profile.email ivan@example.ru
'

test_expect_success 'the right code changes the e-mail' '
	cat >flow <<-EOS &&
	send profile.update {"email":"  ivan.new@example.ru "}
	expect-event challenge.required
	expect purpose profile
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $P1 3
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect profile.email ivan.new@example.ru
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script flow >out 2>&1 ||
	{ cat out; false; } &&
	kb_call profile.get >out &&
	kb_expect_json out .profile.email ivan.new@example.ru &&
	kb_expect_json out .profile.postal_address null
'

# A number on its own, not inside a request id or a token.
logged () {
	grep -Eq "(^|[^0-9A-Za-z_-])$1([^0-9A-Za-z_-]|\$)" "$DAEMON_LOG"
}

test_expect_success 'the daemon log: no passport number, no whole e-mail, no code' '
	grep -q "a new e-mail i\*\*\*@example.ru to confirm" "$DAEMON_LOG" &&
	! logged 4510 && ! logged 123456 &&
	! grep -q "ivan.new@\|ivan@example" "$DAEMON_LOG" &&
	for c in $(curl -fsS --cacert "$KB_CA" "$SANDBOX_URL/sandbox/sms" |
	    jq -r ".items[].code // empty"); do
		! logged "$c" || return 1
	done
'

test_done
