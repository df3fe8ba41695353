#!/bin/sh
# t0300-signin — signing in by phone and password with an SMS code on a new
# device, staying signed in through the Secret Service (and a kill -9),
# logging out, and the lock-out after five wrong passwords.  The real
# kabinetd against the real sandbox, with gnome-keyring on the session bus.
. "$(dirname "$0")/lib.sh"

PHONE=+79000000001
PASSWORD=Demo2026
export PASSWORD
SECRETS=$TEST_DIR/secrets	# every secret seen: none may reach the log

kb_start_sandbox
kb_start_daemon

# keep PATTERN: remember a secret for the log check at the end.
keep () {
	printf '%s\n' "$1" >>"$SECRETS"
}
keep "$PASSWORD"

test_expect_success 'a malformed phone is refused before anything is sent' '
	! kb_call auth.login "{\"phone\":\"+7 12345\",\"password\":\"x\"}" \
	    >out &&
	kb_expect_json out .data.reason invalid_phone &&
	! grep -F "/v1/auth/login" "$DAEMON_LOG"
'

test_expect_success 'signed out at first, and the keyring is there' '
	kb_call session.status >out &&
	kb_expect_json out .state signed_out &&
	kb_expect_json out .storage keyring &&
	kb_expect_json out .pending_challenge null
'

test_expect_success 'a new device signs in with an SMS code; a wrong code says attempts left' '
	cat >flow <<-\EOS &&
	send auth.login {"phone":"8 (900) 000-00-01","password":"$PASSWORD"}
	expect-event challenge.required
	expect purpose login
	expect phone_masked +7 9** ***-**-01
	expect attempts_left 3
	capture CH challenge_id
	call session.status
	expect state signed_out
	expect pending_challenge.challenge_id $CH
	shell OTHER $KBCALL session.status | jq -c .pending_challenge
	shell CODE sh $SRC/tests/tools/sms-code.sh +79000000001
	shell WRONG test "$CODE" = 000000 && echo 111111 || echo 000000
	call challenge.answer {"challenge_id":"$CH","code":"$WRONG"}
	expect data.reason wrong_code
	expect data.attempts_left 2
	no-event challenge.done 300
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	answer
	expect state signed_in
	expect storage keyring
	expect phone_masked +7 9** ***-**-01
	expect name Иван Иванов
	expect-event challenge.done
	expect outcome ok
	echo other=$OTHER
	echo code=$CODE
	EOS
	"$KBCALL" --script flow >out &&
	cat out &&
	grep -qx "other=null" out &&
	keep "$(sed -n "s/^code=//p" out)" &&
	# only one request per answer: the wrong code was not retried
	test "$(grep -c "/verify" "$DAEMON_LOG")" = 2
'

test_expect_success 'the keyring holds the session; no file holds a token' '
	secret-tool search --all lender "$SANDBOX_URL" >items 2>&1 &&
	grep -qxF "attribute.phone = +7 9** ***-**-01" items &&
	grep -qx "schema = org.kabinet.Session" items &&
	test "$(grep -c "^attribute.lender = " items)" = 1 &&
	secret-tool lookup lender "$SANDBOX_URL" >secret.json &&
	ACCESS=$(jq -r .access_token secret.json) &&
	REFRESH=$(jq -r .refresh_token secret.json) &&
	test ${#ACCESS} -ge 20 && test ${#REFRESH} -ge 20 &&
	keep "$ACCESS" && keep "$REFRESH" &&
	rm secret.json items &&
	for d in "$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" \
	    "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"; do
		! grep -rqF -e "$ACCESS" -e "$REFRESH" "$d" || return 1
	done &&
	# the device id is kept, private, and not secret
	test "$(stat -c %a "$XDG_STATE_HOME/kabinet/device-id")" = 600 &&
	grep -qxE "[0-9a-f]{32}" "$XDG_STATE_HOME/kabinet/device-id"
'

test_expect_success 'after kill -9 a new daemon is still signed in' '
	kb_kill_daemon &&
	kb_start_daemon &&
	# the first answer already knows: session.status waits for the lookup
	kb_call session.status >out &&
	kb_expect_json out .state signed_in &&
	kb_expect_json out .name "Иван Иванов" &&
	kb_expect_json out .phone_masked "+7 9** ***-**-01" &&
	kb_call session.check >out &&
	kb_expect_json out .state signed_in
'

test_expect_success 'a second sign-in is refused while signed in' '
	! kb_call auth.login "{\"phone\":\"$PHONE\",\"password\":\"$PASSWORD\"}" \
	    >out &&
	kb_expect_json out .data.reason already_logged_in
'

test_expect_success 'logging out clears the keyring item and revokes the token' '
	REFRESH=$(tail -n 1 "$SECRETS") &&
	kb_call auth.logout >out &&
	kb_expect_json out tojson "{}" &&
	kb_call session.status >out &&
	kb_expect_json out .state signed_out &&
	kb_expect_json out .name null &&
	! secret-tool lookup lender "$SANDBOX_URL" &&
	code=$(curl -s -o /dev/null -w "%{http_code}" --cacert "$KB_CA" \
	    -H "Content-Type: application/json" \
	    -d "{\"refresh_token\":\"$REFRESH\"}" \
	    "$SANDBOX_URL/v1/auth/refresh") &&
	test "$code" = 401 &&
	! kb_call session.check >out &&
	kb_expect_json out .data.reason not_logged_in
'

test_expect_success 'this device is remembered: the next sign-in needs no code' '
	kb_call auth.login "{\"phone\":\"$PHONE\",\"password\":\"$PASSWORD\"}" \
	    >out &&
	kb_expect_json out .state signed_in &&
	secret-tool lookup lender "$SANDBOX_URL" >/dev/null &&
	keep "$(secret-tool lookup lender "$SANDBOX_URL" | jq -r .access_token)" &&
	keep "$(secret-tool lookup lender "$SANDBOX_URL" | jq -r .refresh_token)" &&
	kb_call auth.logout >/dev/null
'

test_expect_success 'a wrong password says attempts left; the fifth locks the account' '
	for n in 1 2 3 4; do
		! kb_call auth.login \
		    "{\"phone\":\"+79000000002\",\"password\":\"Wrong$n-2026\"}" \
		    >out$n || return 1
		keep "Wrong$n-2026"
	done &&
	kb_expect_json out1 .data.reason wrong_credentials &&
	kb_expect_json out1 .data.attempts_left 4 &&
	kb_expect_json out4 .data.attempts_left 1 &&
	! kb_call auth.login \
	    "{\"phone\":\"+79000000002\",\"password\":\"Wrong5-2026\"}" >out &&
	kb_expect_json out .data.reason account_locked &&
	jq -e ".data.until | test(\"^20[0-9-]+T\")" out &&
	# locked: even the right password is refused now
	! kb_call auth.login \
	    "{\"phone\":\"+79000000002\",\"password\":\"Second2026\"}" >out &&
	kb_expect_json out .data.reason account_locked &&
	kb_call session.status >out &&
	kb_expect_json out .state signed_out
'

test_expect_success 'the verbose log holds no password, code or token' '
	test -s "$DAEMON_LOG" &&
	grep -q "sign-in of +7 9\*\* \*\*\*-\*\*-01" "$DAEMON_LOG" &&
	! grep -F "$PHONE" "$DAEMON_LOG" &&
	while IFS= read -r s; do
		[ -n "$s" ] || continue
		if grep -F -- "$s" "$DAEMON_LOG"; then
			echo "secret found in the log" >&2
			return 1
		fi
	done <"$SECRETS"
'

test_done
