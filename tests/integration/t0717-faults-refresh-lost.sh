#!/bin/sh
# t0717-faults-refresh-lost — a rotation's answer lost: the daemon killed
# after the lender rotated the refresh token and before it stored the new
# pair came back signed out (t0714 found it: KB_SEED=914345745).  The
# lender keeps the refresh token it replaced valid until the new pair is
# used, so the client asks again with the old one; once the new pair is
# used the old token is void.  Against the sandbox over HTTPS.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
kb_start_sandbox

refresh () {
	req POST /v1/auth/refresh "{\"refresh_token\":\"$1\"}"
}

test_expect_success 'signed in' '
	expect 200 POST /v1/auth/login \
	    "{\"phone\":\"$P2\",\"password\":\"Second2026\",\"device_id\":\"t0717\"}" ||
	{ expect 200 POST "/v1/challenges/$(body .challenge.id)/verify" \
	    "{\"code\":\"$(kb_sms_code $P2)\"}"; } &&
	body .refresh_token >r0 &&
	test -s r0
'

test_expect_success 'the answer of a rotation lost: the old refresh token works again' '
	test "$(refresh "$(cat r0)")" = 200 &&
	body .refresh_token >lost &&
	test "$(refresh "$(cat r0)")" = 200 &&
	body .refresh_token >r1 &&
	body .access_token >a1 &&
	test "$(cat r1)" != "$(cat lost)"
'

test_expect_success 'the new pair used: the old refresh token and the lost one are void' '
	expect 200 GET /v1/profile -H "Authorization: Bearer $(cat a1)" &&
	test "$(refresh "$(cat r0)")" = 401 &&
	test "$(body .code)" = invalid_token &&
	test "$(refresh "$(cat lost)")" = 401 &&
	test "$(refresh "$(cat r1)")" = 200
'

test_done
