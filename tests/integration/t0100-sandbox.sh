#!/bin/sh
# t0100-sandbox.sh — kabinet-sandbox over real HTTPS with curl: the
# foundation, sign-in with SMS codes, lock-out, password reset and change,
# token rotation, revocation and expiry, fault injection.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-http.sh"

P1=+79000000001
P2=+79000000002

# Moves the sandbox clock on, past the per-minute rate-limit windows.
tick () {
	expect 200 POST /sandbox/clock "{\"advance_seconds\":${1:-61}}"
}

login () {	# PHONE PASSWORD DEVICE
	req POST /v1/auth/login \
	    "{\"phone\":\"$1\",\"password\":\"$2\",\"device_id\":\"$3\"}"
}

bearer () {
	echo "Authorization: Bearer $1"
}

kb_start_sandbox

test_expect_success 'health answers over HTTPS with a request id' '
	expect 200 GET /v1/health &&
	test "$(body .status)" = ok &&
	test "$(body .lender.id)" = smartstart-sandbox &&
	body .time | grep -q "+03:00$" &&
	test -n "$(header X-Request-Id)"
'

test_expect_success 'a client X-Request-Id is echoed back' '
	expect 200 GET /v1/health -H "X-Request-Id: t0100-abc" &&
	test "$(header X-Request-Id)" = t0100-abc
'

test_expect_success 'a NUL or control character in a path is refused, not cut off' '
	expect 200 GET /v1/documents/rules &&
	expect 400 GET /v1/documents/rules%00.json &&
	test "$(body .code)" = invalid_path &&
	expect 400 GET /v1/documents/rules%0a &&
	expect 400 GET /v1/health%00 &&
	expect 200 GET "/v1/documents/rules?x=%00"
'

test_expect_success 'a certificate from another CA is refused' '
	! curl -sS --cacert "$KB_CERTS/rogue-ca.pem" "$SANDBOX_URL/v1/health"
'

test_expect_success 'the public-key pin from mkcerts.sh matches; another does not' '
	curl -fsS --cacert "$KB_CA" --pinnedpubkey "$(cat "$KB_CERTS/server.pin")" \
	    "$SANDBOX_URL/v1/health" >/dev/null &&
	! curl -fsS --cacert "$KB_CA" \
	    --pinnedpubkey "$(cat "$KB_CERTS/rogue-server.pin")" \
	    "$SANDBOX_URL/v1/health"
'

test_expect_success 'TLS below 1.2 is refused' '
	! echo | openssl s_client -tls1_1 -cipher "DEFAULT:@SECLEVEL=0" \
	    -CAfile "$KB_CA" -connect "127.0.0.1:$SANDBOX_PORT" 2>&1 |
	    grep -q "Cipher is [A-Z]" &&
	echo | openssl s_client -tls1_2 -CAfile "$KB_CA" \
	    -connect "127.0.0.1:$SANDBOX_PORT" 2>&1 | grep -q "Cipher is [A-Z]"
'

test_expect_success 'products carry an ETag and answer 304 to it' '
	expect 200 GET /v1/products &&
	test "$(body ".items[0].id")" = payday &&
	test "$(body ".items[0].rate_bp_per_day")" = 80 &&
	etag=$(header ETag) && test -n "$etag" &&
	expect 304 GET /v1/products -H "If-None-Match: $etag" &&
	test ! -s "$TEST_DIR/body" &&
	expect 200 GET /v1/products -H "If-None-Match: \"other\""
'

test_expect_success 'an unknown path is a 404 problem+json' '
	expect 404 GET /v1/no-such-thing &&
	header Content-Type | grep -q "^application/problem+json" &&
	test "$(body .code)" = not_found &&
	test "$(body .status)" = 404 &&
	body .type | grep -q "/problems/not_found$"
'

test_expect_success 'a wrong method is a 405 with Allow' '
	expect 405 DELETE /v1/health &&
	test "$(header Allow)" = GET
'

test_expect_success 'bad JSON is a 400 problem' '
	expect 400 POST /v1/auth/login "{\"phone\":" &&
	test "$(body .code)" = invalid_json &&
	expect 400 POST /v1/auth/login "[1,2]" &&
	test "$(body .code)" = invalid_json &&
	expect 400 POST /v1/auth/login "{\"password\":\"Secret-123" &&
	! grep -q Secret-123 "$TEST_DIR/body"
'

test_expect_success 'a body over 64 KiB is a 413 problem' '
	head -c 70000 /dev/zero | tr "\0" a >"$TEST_DIR/big" &&
	expect 413 POST /v1/auth/login "" --data-binary @"$TEST_DIR/big" &&
	test "$(body .code)" = payload_too_large
'

# A client still sending when the answer came, its bytes then unread,
# got a reset instead of the 413 (once in a loaded run; about one in
# forty when the body is sent without waiting for "100 Continue"): the
# body is read to its end first.
test_expect_success 'a body over 64 KiB sent at once gets its 413, never a reset' '
	i=0 && while [ $i -lt 40 ]; do
		expect 413 POST /v1/auth/login "" --data-binary @"$TEST_DIR/big" \
		    -H "Expect:" || return 1
		i=$((i + 1))
	done &&
	test "$(body .code)" = payload_too_large
'

test_expect_success 'a malformed phone is a 422 validation problem' '
	login 12345 Demo2026 dev-x >/dev/null &&
	test "$(body .code)" = validation &&
	test "$(body ".errors[0].field")" = phone &&
	test "$(body ".errors[0].code")" = invalid_phone
'

test_expect_success 'login from a new device asks for an SMS code' '
	tick &&
	test "$(login $P1 Demo2026 dev-1)" = 202 &&
	CH=$(body .challenge.id) &&
	test "$(body .challenge.kind)" = sms &&
	test "$(body .challenge.purpose)" = login &&
	test "$(body .challenge.length)" = 6 &&
	test "$(body .challenge.attempts_left)" = 3 &&
	test "$(body .challenge.phone_masked)" = "+7 9** ***-**-01" &&
	! grep -q 79000000001 "$TEST_DIR/body"
'

test_expect_success 'a wrong code is refused with attempts left' '
	code=$(kb_sms_code $P1) &&
	wrong=$(echo "$code" | tr 0-9 1-90) &&
	expect 422 POST /v1/challenges/$CH/verify "{\"code\":\"$wrong\"}" &&
	test "$(body .code)" = wrong_code &&
	test "$(body .attempts_left)" = 2
'

test_expect_success 'resend is refused for the first minute' '
	expect 429 POST /v1/challenges/$CH/resend &&
	test "$(body .code)" = resend_too_early &&
	test -n "$(header Retry-After)"
'

test_expect_success 'the right code gives a session and remembers the device' '
	code=$(kb_sms_code $P1) &&
	expect 200 POST /v1/challenges/$CH/verify "{\"code\":\"$code\"}" &&
	AT=$(body .access_token) && RT=$(body .refresh_token) &&
	test ${#AT} = 43 && test ${#RT} = 43 &&
	test "$(body .token_type)" = Bearer &&
	test "$(body .expires_in)" = 900 &&
	test "$(body .client.name)" = "Иван Иванов" &&
	expect 404 POST /v1/challenges/$CH/verify "{\"code\":\"$code\"}" &&
	expect 200 GET /v1/profile -H "$(bearer $AT)" &&
	test "$(body .client.surname)" = "Иванов" &&
	test "$(login $P1 Demo2026 dev-1)" = 200 &&
	test -n "$(body .access_token)"
'

test_expect_success 'profile without a valid token is 401 invalid_token' '
	expect 401 GET /v1/profile &&
	test "$(body .code)" = invalid_token &&
	expect 401 GET /v1/profile -H "$(bearer nonsense)"
'

test_expect_success 'refresh rotates the tokens and voids the old ones' '
	expect 200 POST /v1/auth/refresh "{\"refresh_token\":\"$RT\"}" &&
	AT2=$(body .access_token) && RT2=$(body .refresh_token) &&
	test "$AT2" != "$AT" && test "$RT2" != "$RT" &&
	expect 401 GET /v1/profile -H "$(bearer $AT)" &&
	expect 200 GET /v1/profile -H "$(bearer $AT2)" &&
	expect 401 POST /v1/auth/refresh "{\"refresh_token\":\"$RT\"}" &&
	test "$(body .code)" = invalid_token
'

test_expect_success 'logout revokes the access and refresh tokens' '
	expect 204 POST /v1/auth/logout "" -H "$(bearer $AT2)" &&
	expect 401 GET /v1/profile -H "$(bearer $AT2)" &&
	expect 401 POST /v1/auth/refresh "{\"refresh_token\":\"$RT2\"}"
'

test_expect_success 'password reset answers the same bytes, registered or not' '
	tick &&
	expect 202 POST /v1/auth/password-reset \
	    "{\"phone\":\"$P1\",\"surname\":\"иванов\"}" &&
	cp "$TEST_DIR/body" "$TEST_DIR/reset-known" &&
	expect 202 POST /v1/auth/password-reset \
	    "{\"phone\":\"+79990000000\",\"surname\":\"Иванов\"}" &&
	cmp "$TEST_DIR/reset-known" "$TEST_DIR/body" &&
	expect 202 POST /v1/auth/password-reset \
	    "{\"phone\":\"$P2\",\"surname\":\"Иванов\"}" &&
	cmp "$TEST_DIR/reset-known" "$TEST_DIR/body" &&
	test "$(body .status)" = accepted
'

test_expect_success 'only the matching surname got a temporary password' '
	curl -sS --cacert "$KB_CA" "$SANDBOX_URL/sandbox/sms?phone=%2B79990000000" >"$TEST_DIR/sms0" &&
	test "$(jq ".items | length" "$TEST_DIR/sms0")" = 0 &&
	curl -sS --cacert "$KB_CA" "$SANDBOX_URL/sandbox/sms?phone=%2B79000000002" >"$TEST_DIR/sms2" &&
	test "$(jq ".items | length" "$TEST_DIR/sms2")" = 0 &&
	TMP=$(kb_sms_code $P1) && test ${#TMP} = 10 &&
	test "$(login $P1 Demo2026 dev-1)" = 401
'

test_expect_success 'the temporary password must be changed first' '
	test "$(login $P1 "$TMP" dev-1)" = 200 &&
	test "$(body .must_change_password)" = true &&
	AT=$(body .access_token) &&
	expect 403 GET /v1/profile -H "$(bearer $AT)" &&
	test "$(body .code)" = password_change_required
'

test_expect_success 'a weak new password is refused with the rule' '
	expect 422 POST /v1/auth/password "{\"new_password\":\"short1\"}" \
	    -H "$(bearer $AT)" &&
	test "$(body .code)" = weak_password &&
	test "$(body ".errors[0].code")" = too_short &&
	expect 422 POST /v1/auth/password \
	    "{\"new_password\":\"onlyletters\"}" -H "$(bearer $AT)" &&
	test "$(body ".errors[0].code")" = needs_letter_and_digit &&
	expect 422 POST /v1/auth/password \
	    "{\"new_password\":\"x9000000001\"}" -H "$(bearer $AT)" &&
	test "$(body ".errors[0].code")" = contains_phone
'

test_expect_success 'a password change is confirmed by SMS' '
	expect 202 POST /v1/auth/password "{\"new_password\":\"Fresh2026x\"}" \
	    -H "$(bearer $AT)" &&
	test "$(body .challenge.purpose)" = change_password &&
	CH=$(body .challenge.id) &&
	code=$(kb_sms_code $P1 3) &&
	expect 200 POST /v1/challenges/$CH/verify "{\"code\":\"$code\"}" &&
	expect 200 GET /v1/profile -H "$(bearer $AT)" &&
	test "$(body .client.must_change_password)" = false &&
	tick &&
	test "$(login $P1 "$TMP" dev-1)" = 401 &&
	test "$(login $P1 Fresh2026x dev-1)" = 200
'

test_expect_success 'three wrong codes lock the action' '
	tick &&
	test "$(login $P2 Second2026 dev-2)" = 202 &&
	CH=$(body .challenge.id) &&
	expect 422 POST /v1/challenges/$CH/verify "{\"code\":\"abc\"}" &&
	expect 422 POST /v1/challenges/$CH/verify "{\"code\":\"abcd\"}" &&
	expect 423 POST /v1/challenges/$CH/verify "{\"code\":\"abcde\"}" &&
	test "$(body .code)" = too_many_attempts &&
	test -n "$(body .locked_until)" &&
	test "$(login $P2 Second2026 dev-2)" = 423 &&
	test "$(body .code)" = too_many_attempts
'

test_expect_success 'a code expires after five minutes' '
	tick 901 &&
	test "$(login $P2 Second2026 dev-2)" = 202 &&
	CH=$(body .challenge.id) &&
	code=$(kb_sms_code $P2 2) &&
	tick 301 &&
	expect 410 POST /v1/challenges/$CH/verify "{\"code\":\"$code\"}" &&
	test "$(body .code)" = challenge_expired
'

test_expect_success 'five wrong passwords lock the account for 15 minutes' '
	tick &&
	for i in 1 2 3 4; do
		test "$(login $P2 wrong$i dev-2)" = 401 || return 1
		test "$(body .attempts_left)" = $((5 - i)) || return 1
	done &&
	test "$(login $P2 wrong5 dev-2)" = 423 &&
	test "$(body .code)" = account_locked &&
	test -n "$(body .locked_until)" &&
	test "$(login $P2 Second2026 dev-2)" = 423 &&
	tick 901 &&
	test "$(login $P2 Second2026 dev-2)" = 202
'

test_expect_success 'an unregistered phone locks the same way' '
	tick &&
	for i in 1 2 3 4; do
		test "$(login +79990000000 wrong$i d)" = 401 || return 1
	done &&
	test "$(login +79990000000 wrong5 d)" = 423
'

test_expect_success 'logins from one address are rate limited' '
	tick &&
	for i in 1 2 3 4 5 6 7 8 9 10; do
		login +7999000000$((i % 10)) x d >/dev/null || return 1
	done &&
	test "$(login $P1 Fresh2026x dev-1)" = 429 &&
	test "$(body .code)" = rate_limited &&
	test "$(header Retry-After)" -ge 1
'

test_expect_success 'injected garbage: 200 with a body that is not JSON' '
	expect 200 POST /sandbox/faults "{\"garbage_rate\":1}" &&
	test "$(body .garbage_rate)" = 1 &&
	expect 200 GET /v1/health &&
	! jq . "$TEST_DIR/body" >/dev/null 2>&1 &&
	expect 200 DELETE /sandbox/faults &&
	expect 200 GET /v1/health && jq . "$TEST_DIR/body" >/dev/null
'

test_expect_success 'injected errors: 5xx problem+json' '
	expect 200 POST /sandbox/faults "{\"error_rate\":1}" &&
	st=$(req GET /v1/products) &&
	case $st in 500|502|503) ;; *) false ;; esac &&
	test "$(body .code)" = injected_fault &&
	expect 200 DELETE /sandbox/faults
'

test_expect_success 'injected drops: the connection closes unanswered' '
	expect 200 POST /sandbox/faults "{\"drop_rate\":1}" &&
	{ req GET /v1/health >/dev/null 2>&1; st=$?; } &&
	case $st in 52|56) ;; *) false ;; esac &&
	expect 200 DELETE /sandbox/faults &&
	expect 200 GET /v1/health
'

test_expect_success 'fault rates out of range are refused' '
	expect 422 POST /sandbox/faults "{\"drop_rate\":1.5}" &&
	test "$(body ".errors[0].field")" = drop_rate
'

test_expect_success 'keep-alive: one connection serves several requests' '
	curl -sS --cacert "$KB_CA" -v -o /dev/null -o /dev/null \
	    "$SANDBOX_URL/v1/health" "$SANDBOX_URL/v1/products" \
	    2>"$TEST_DIR/curl-v" &&
	grep -q "Re-using existing connection" "$TEST_DIR/curl-v"
'

test_expect_success 'the log never shows tokens or full phones' '
	! grep -q 79000000001 "$SANDBOX_LOG" &&
	! grep -qF "$AT" "$SANDBOX_LOG" &&
	grep -q "POST /v1/auth/login 401" "$SANDBOX_LOG"
'

test_expect_success 'an access token expires after --access-ttl' '
	kb_stop_sandbox &&
	kb_start_sandbox --access-ttl 2 &&
	test "$(login $P1 Demo2026 dev-9)" = 202 &&
	CH=$(body .challenge.id) &&
	code=$(kb_sms_code $P1) &&
	expect 200 POST /v1/challenges/$CH/verify "{\"code\":\"$code\"}" &&
	test "$(body .expires_in)" = 2 &&
	AT=$(body .access_token) && RT=$(body .refresh_token) &&
	expect 200 GET /v1/profile -H "$(bearer $AT)" &&
	sleep 3 &&
	expect 401 GET /v1/profile -H "$(bearer $AT)" &&
	test "$(body .code)" = invalid_token &&
	expect 200 POST /v1/auth/refresh "{\"refresh_token\":\"$RT\"}" &&
	expect 200 GET /v1/profile -H "$(bearer $(body .access_token))"
'

test_expect_success '--garbage-rate 1 spoils /v1/ but not /sandbox/' '
	kb_stop_sandbox &&
	kb_start_sandbox --garbage-rate 1 &&
	expect 200 GET /v1/products &&
	! jq . "$TEST_DIR/body" >/dev/null 2>&1 &&
	expect 200 GET /sandbox/faults &&
	test "$(body .garbage_rate)" = 1
'

test_expect_success '--no-sandbox-api hides /sandbox/' '
	kb_stop_sandbox &&
	kb_start_sandbox --no-sandbox-api &&
	expect 404 GET /sandbox/sms &&
	expect 200 GET /v1/health
'

test_expect_success '--http serves plain HTTP on loopback only' '
	"$B/kabinet-sandbox" --http --listen 127.0.0.1:0 \
	    --port-file "$TEST_DIR/http.port" 2>"$TEST_DIR/http.log" &
	hpid=$! &&
	kb_cleanup_add "kill $hpid" &&
	kb_retry 5 "test -s \"$TEST_DIR/http.port\"" &&
	curl -fsS "http://127.0.0.1:$(cat "$TEST_DIR/http.port")/v1/health" \
	    >"$TEST_DIR/body" &&
	test "$(body .status)" = ok &&
	kill $hpid && wait $hpid &&
	test ! -e "$TEST_DIR/http.port" &&
	! "$B/kabinet-sandbox" --http --listen 0.0.0.0:0 2>"$TEST_DIR/err" &&
	grep -q loopback "$TEST_DIR/err" &&
	! "$B/kabinet-sandbox" --listen 127.0.0.1:0 2>"$TEST_DIR/err" &&
	grep -q -- --cert "$TEST_DIR/err"
'

test_expect_success 'SIGTERM stops the sandbox cleanly' '
	pid=$SANDBOX_PID &&
	kb_stop_sandbox &&
	test "$KB_EXIT" = 0 &&
	! kill -0 $pid 2>/dev/null
'

test_done
