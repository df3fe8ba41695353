#!/bin/sh
# t0320-session — the session's life: a short-lived access token refreshed
# behind the user's back, a refused refresh signing out, a challenge that
# waits for its terminal to come back, resend, cancel and expiry, and
# --no-keyring keeping the session in memory only.
. "$(dirname "$0")/lib.sh"

PHONE=+79000000001
PASSWORD=Demo2026
export PHONE PASSWORD

# login_sms: sign in on a device the sandbox has not seen (one connection,
# the SMS code from the sandbox).  $1: the number of SMS seen so far + 1.
login_sms () {
	cat >login.flow <<-EOS
	send auth.login {"phone":"\$PHONE","password":"\$PASSWORD"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh \$SRC/tests/tools/sms-code.sh \$PHONE $1
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect state signed_in
	EOS
	"$KBCALL" --script login.flow
}

kb_start_sandbox --access-ttl 2 --refresh-ttl 6
kb_start_daemon

test_expect_success 'an expired access token is refreshed transparently' '
	login_sms 1 >out &&
	secret-tool lookup lender "$SANDBOX_URL" | jq -r .access_token >before &&
	kb_clock_advance 3 &&
	kb_call session.check >out &&
	kb_expect_json out .state signed_in &&
	kb_expect_json out .name "Иван Иванов" &&
	secret-tool lookup lender "$SANDBOX_URL" | jq -r .access_token >after &&
	! cmp -s before after &&
	grep -q "POST /v1/auth/refresh: 200" "$DAEMON_LOG"
'

test_expect_success 'a refused refresh signs out, clears the keyring, tells every client' '
	kb_clock_advance 7 &&
	cat >flow <<-\EOS &&
	call session.check
	expect data.reason session_expired
	expect-event session.changed
	expect state signed_out
	expect reason session_expired
	EOS
	"$KBCALL" --script flow &&
	kb_call session.status >out &&
	kb_expect_json out .state signed_out &&
	! secret-tool lookup lender "$SANDBOX_URL"
'

kb_restart_sandbox --access-ttl 900

test_expect_success 'a 401 for a token the daemon thought valid: refresh and retry once' '
	login_sms 1 >out &&
	n=$(grep -c "POST /v1/auth/refresh: 200" "$DAEMON_LOG") &&
	# The lender clock jumps past the 15 minutes of the token.
	curl -fsS --cacert "$KB_CA" -H "Content-Type: application/json" \
	    -d "{\"advance_seconds\":1000}" "$SANDBOX_URL/sandbox/clock" \
	    >/dev/null &&
	kb_call session.check >out &&
	kb_expect_json out .state signed_in &&
	# whichever request meets the dead token first (this check or the
	# event follower) gets the 401, and one refresh serves both
	grep -Eq "GET /v1/(profile|events[^ ]*): 401" "$DAEMON_LOG" &&
	test "$(grep -c "POST /v1/auth/refresh: 200" "$DAEMON_LOG")" = $((n + 1)) &&
	test "$(grep -c "GET /v1/profile: 200" "$DAEMON_LOG")" -ge 2 &&
	kb_call auth.logout >/dev/null
'

test_expect_success 'a challenge waits for its terminal to come back' '
	kb_restart_sandbox &&
	cat >first.flow <<-\EOS &&
	send auth.login {"phone":"$PHONE","password":"$PASSWORD"}
	expect-event challenge.required
	capture CH challenge_id
	echo ch=$CH
	EOS
	"$KBCALL" --script first.flow >out &&
	CH=$(sed -n "s/^ch=//p" out) && test -n "$CH" && export CH &&
	cat >second.flow <<-\EOS &&
	expect-event challenge.required
	expect challenge_id $CH
	expect purpose login
	call session.status
	expect pending_challenge.challenge_id $CH
	shell CODE sh $SRC/tests/tools/sms-code.sh $PHONE
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	expect-event challenge.done
	expect outcome ok
	call session.status
	expect state signed_in
	expect pending_challenge null
	EOS
	"$KBCALL" --script second.flow &&
	kb_call auth.logout >/dev/null
'

test_expect_success 'resend too early is refused; later it sends a new code' '
	kb_restart_sandbox &&
	cat >flow <<-\EOS &&
	send auth.login {"phone":"$PHONE","password":"$PASSWORD"}
	expect-event challenge.required
	capture CH challenge_id
	shell OLD sh $SRC/tests/tools/sms-code.sh $PHONE 1
	call challenge.resend {"challenge_id":"$CH"}
	expect data.reason resend_too_early
	shell ADV curl -fsS --cacert $KB_CA -H "Content-Type: application/json" -d "{\"advance_seconds\":61}" $SANDBOX_URL/sandbox/clock >/dev/null && echo done
	call challenge.resend {"challenge_id":"$CH"}
	capture EXP expires_at
	expect-event challenge.required
	expect challenge_id $CH
	shell NEW sh $SRC/tests/tools/sms-code.sh $PHONE 2
	echo old=$OLD new=$NEW
	call challenge.answer {"challenge_id":"$CH","code":"$NEW"}
	answer
	expect state signed_in
	EOS
	"$KBCALL" --script flow >out &&
	grep -q "^old=.* new=" out &&
	kb_call auth.logout >/dev/null
'

test_expect_success 'cancel fails the sign-in; an expired code fails it too' '
	kb_restart_sandbox &&
	cat >flow <<-\EOS &&
	send auth.login {"phone":"$PHONE","password":"$PASSWORD"}
	expect-event challenge.required
	capture CH challenge_id
	call challenge.cancel {"challenge_id":"$CH"}
	expect-event challenge.done
	expect outcome cancelled
	answer
	expect data.reason challenge_cancelled
	send auth.login {"phone":"$PHONE","password":"$PASSWORD"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $PHONE 2
	shell ADV curl -fsS --cacert $KB_CA -H "Content-Type: application/json" -d "{\"advance_seconds\":400}" $SANDBOX_URL/sandbox/clock >/dev/null && echo done
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	expect data.reason challenge_expired
	expect-event challenge.done
	expect outcome expired
	answer
	expect data.reason challenge_expired
	call session.status
	expect state signed_out
	expect pending_challenge null
	EOS
	"$KBCALL" --script flow
'

test_expect_success 'three wrong codes spend the challenge and fail the sign-in' '
	kb_restart_sandbox &&
	cat >flow <<-\EOS &&
	send auth.login {"phone":"$PHONE","password":"$PASSWORD"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $PHONE 1
	shell WRONG test "$CODE" = 000000 && echo 111111 || echo 000000
	call challenge.answer {"challenge_id":"$CH","code":"$WRONG"}
	expect data.attempts_left 2
	call challenge.answer {"challenge_id":"$CH","code":"$WRONG"}
	expect data.attempts_left 1
	call challenge.answer {"challenge_id":"$CH","code":"$WRONG"}
	expect data.reason too_many_attempts
	expect-event challenge.done
	expect outcome failed
	answer
	expect data.reason too_many_attempts
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	expect data.reason challenge_expired
	call session.status
	expect state signed_out
	EOS
	"$KBCALL" --script flow >out &&
	jq -se "map(select(.data.reason == \"too_many_attempts\"))[0].data.until | test(\"^20\")" out
'

test_expect_success '--no-keyring keeps the session in memory only' '
	kb_stop_daemon &&
	kb_restart_sandbox &&
	kb_start_daemon --no-keyring &&
	kb_call session.status >out &&
	kb_expect_json out .storage memory &&
	login_sms 1 >out &&
	kb_call session.status >out &&
	kb_expect_json out .state signed_in &&
	kb_expect_json out .storage memory &&
	! secret-tool lookup lender "$SANDBOX_URL" &&
	kb_stop_daemon &&
	kb_start_daemon --no-keyring &&
	kb_call session.status >out &&
	kb_expect_json out .state signed_out
'

test_expect_success 'with no session bus the session is kept in memory, at once' '
	kb_stop_daemon &&
	DBUS_SESSION_BUS_ADDRESS=unix:path=$TEST_DIR/no-bus kb_start_daemon &&
	kb_call session.status >out &&
	kb_expect_json out .storage memory &&
	grep -q "no session bus" "$DAEMON_LOG" &&
	# this device is known to the lender by now: no code
	kb_call auth.login \
	    "{\"phone\":\"$PHONE\",\"password\":\"$PASSWORD\"}" >out &&
	kb_expect_json out .state signed_in &&
	kb_expect_json out .storage memory
'

test_expect_success 'a session bus with no Secret Service: memory, at once' '
	kb_stop_daemon || return 1
	kb_private_bus "$TEST_DIR/bare-bus" &&
	kb_cleanup_add "kill $BUS_PID" &&
	start=$(date +%s) &&
	DBUS_SESSION_BUS_ADDRESS=unix:path=$TEST_DIR/bare-bus kb_start_daemon &&
	kb_call session.status >out &&
	test $(($(date +%s) - start)) -le 3 &&
	kb_expect_json out .storage memory &&
	grep -q "no Secret Service on the session bus" "$DAEMON_LOG" &&
	kb_call auth.login \
	    "{\"phone\":\"$PHONE\",\"password\":\"$PASSWORD\"}" >out &&
	kb_expect_json out .state signed_in &&
	kb_expect_json out .storage memory &&
	kb_stop_daemon &&
	kill $BUS_PID &&
	kb__wait_pid $BUS_PID 5 &&
	kb__untrack $BUS_PID &&
	DBUS_SESSION_BUS_ADDRESS=unix:path=$TEST_DIR/no-bus kb_start_daemon
'

test_expect_success 'too many recoveries: rate_limited with a retry time' '
	for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
		kb_call auth.recover \
		    "{\"phone\":\"$(printf "+7900000%04d" $n)\",\"surname\":\"Петров\"}" \
		    >out$n || :
	done &&
	kb_expect_json out1 tojson "{\"sent\":true}" &&
	kb_expect_json out12 .data.reason rate_limited &&
	jq -e ".data.retry_at | test(\"^20[0-9-]+T\")" out12
'

test_expect_success 'the lender down: sign-in answers lender_unavailable' '
	{ kb_call auth.logout >/dev/null || :; } &&
	kb_stop_sandbox &&
	! kb_call auth.login \
	    "{\"phone\":\"$PHONE\",\"password\":\"$PASSWORD\"}" >out &&
	kb_expect_json out .data.reason lender_unavailable &&
	kb_call session.status >out &&
	kb_expect_json out .state signed_out
'

test_expect_success 'no token reached the log' '
	! grep -E "access_token|refresh_token|Bearer [A-Za-z0-9_-]{10}" \
	    "$DAEMON_LOG" &&
	! grep -F "$PASSWORD" "$DAEMON_LOG"
'

test_done
