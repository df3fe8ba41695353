#!/bin/sh
# t0310-recovery — "Забыли пароль?": the same answer for a registered and an
# unregistered phone, the temporary password from the SMS, the forced
# password change confirmed by an SMS code, and the weak-password refusal.
. "$(dirname "$0")/lib.sh"

PHONE=+79000000001
NEWPW=Kabinet2027x
export PHONE NEWPW

kb_start_sandbox
kb_start_daemon

test_expect_success 'recovery answers the same for a registered and an unknown phone' '
	kb_call auth.recover "{\"phone\":\"$PHONE\",\"surname\":\"иванов\"}" \
	    >known &&
	kb_call auth.recover \
	    "{\"phone\":\"+79000000077\",\"surname\":\"Иванов\"}" >unknown &&
	kb_expect_json known tojson "{\"sent\":true}" &&
	cmp known unknown &&
	! kb_call auth.recover "{\"phone\":\"123\",\"surname\":\"Иванов\"}" \
	    >out &&
	kb_expect_json out .data.reason invalid_phone
'

test_expect_success 'signed out: find the methods that need a session' '
	kb_call hello "{\"protocol\":1,\"client\":\"t0310\"}" >hello &&
	: >needs-session &&
	for m in $(jq -r ".capabilities[]" hello); do
		case $m in
		hello|daemon.*|session.*|auth.*|challenge.*) continue ;;
		esac
		kb_call -t 3000 "$m" "{}" >out 2>/dev/null
		if [ "$(jq -r .data.reason out 2>/dev/null)" = not_logged_in ]; then
			echo "$m" >>needs-session
		fi
	done &&
	echo "# methods needing a session: $(tr "\n" " " <needs-session)"
'

test_expect_success 'the temporary password signs in to a forced password change' '
	TEMP=$(kb_sms_code "$PHONE") && test -n "$TEMP" &&
	echo "$TEMP" >temp-password &&
	export TEMP &&
	cat >flow <<-\EOS &&
	send auth.login {"phone":"$PHONE","password":"$TEMP"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $PHONE 2
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	answer
	expect state password_change
	call session.status
	expect state password_change
	echo code=$CODE
	EOS
	"$KBCALL" --script flow >out &&
	sed -n "s/^code=//p" out >>codes &&
	! kb_call auth.login "{\"phone\":\"$PHONE\",\"password\":\"Demo2026\"}" \
	    >out &&
	kb_expect_json out .data.reason already_logged_in
'

test_expect_success 'while the password must change, every such method is refused so' '
	while read -r m; do
		! kb_call -t 3000 "$m" "{}" >out || return 1
		kb_expect_json out .data.reason password_change_required ||
		    return 1
	done <needs-session
'

test_expect_success 'a weak new password is refused by the lender' '
	! kb_call auth.change_password "{\"new_password\":\"short\"}" >out &&
	kb_expect_json out .data.reason weak_password &&
	jq -e ".data.fields[0].field == \"new_password\"" out &&
	! kb_call auth.change_password "{\"new_password\":\"onlyletters\"}" \
	    >out &&
	kb_expect_json out .data.reason weak_password &&
	kb_call session.status >out &&
	kb_expect_json out .state password_change
'

test_expect_success 'the password change is confirmed by an SMS code' '
	cat >flow <<-\EOS &&
	send auth.change_password {"new_password":"$NEWPW"}
	expect-event challenge.required
	expect purpose change_password
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $PHONE 3
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	expect-event session.changed
	expect state signed_in
	answer
	call session.status
	expect state signed_in
	echo code=$CODE
	EOS
	"$KBCALL" --script flow >out &&
	sed -n "s/^code=//p" out >>codes &&
	secret-tool lookup lender "$SANDBOX_URL" >secret.json &&
	jq -e ".must_change_password == false" secret.json &&
	rm secret.json
'

test_expect_success 'the new password signs in; the old and the temporary ones do not' '
	kb_call auth.logout >/dev/null &&
	! kb_call auth.login "{\"phone\":\"$PHONE\",\"password\":\"Demo2026\"}" \
	    >out &&
	kb_expect_json out .data.reason wrong_credentials &&
	! kb_call auth.login \
	    "{\"phone\":\"$PHONE\",\"password\":\"$(cat temp-password)\"}" >out &&
	kb_expect_json out .data.reason wrong_credentials &&
	kb_call auth.login "{\"phone\":\"$PHONE\",\"password\":\"$NEWPW\"}" \
	    >out &&
	kb_expect_json out .state signed_in
'

test_expect_success 'changing the password while signed in needs the old one' '
	! kb_call auth.change_password "{\"new_password\":\"Other2028y\"}" \
	    >out &&
	kb_expect_json out .data.reason invalid_params &&
	! kb_call auth.change_password \
	    "{\"old_password\":\"Wrong2026\",\"new_password\":\"Other2028y\"}" \
	    >out &&
	kb_expect_json out .data.reason wrong_credentials
'

test_expect_success 'no password, temporary password or code is in the log' '
	for s in Demo2026 "$NEWPW" "$(cat temp-password)" Other2028y \
	    $(cat codes); do
		! grep -F -- "$s" "$DAEMON_LOG" || return 1
	done
'

test_done
