#!/bin/sh
# t0106-sms-budgets — SMS pumping: every route that sends an SMS draws on
# the asking address's budget (30 in ten minutes) and on everyone's (100
# in ten minutes), besides each phone's own; past them the answer is 429
# with Retry-After and nothing is sent.  Other loopback addresses
# (127.0.0.2…) stand for other clients.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-http.sh"

kb_start_sandbox

# reg N [ADDR]: POST /v1/registrations for +7901000NNNN from ADDR.
reg () {
	req POST /v1/registrations \
	    "{\"phone\":\"+7901$(printf %07d "$1")\",\"device_id\":\"t0106\"}" \
	    --interface "${2:-127.0.0.1}"
}

sms_count () {
	curl -sS --cacert "$KB_CA" "$SANDBOX_URL/sandbox/sms" | jq ".items|length"
}

test_expect_success 'one address: 30 SMS to 30 numbers, then 429 and none sent' '
	i=1 &&
	while [ $i -le 30 ]; do
		test "$(reg $i)" = 202 || return 1
		i=$((i + 1))
	done &&
	n=$(sms_count) &&
	test "$(reg 31)" = 429 &&
	test -n "$(header Retry-After)" &&
	test "$(body .code)" = rate_limited &&
	test "$(body .scope)" = sms_address &&
	test "$(sms_count)" = "$n"
'

test_expect_success 'the same address is refused on the sign-in route that sends an SMS' '
	test "$(req POST /v1/auth/login "{\"phone\":\"+79000000002\",\"password\":\"Second2026\",\"device_id\":\"t0106-new\"}")" = 429
'

test_expect_success 'another address has its own budget' '
	test "$(reg 32 127.0.0.2)" = 202
'

test_expect_success 'everyone together: 100 in ten minutes, then 429 from any address' '
	i=33 &&
	for a in 127.0.0.2 127.0.0.3 127.0.0.4; do
		while [ "$(reg $i $a)" = 202 ]; do
			i=$((i + 1))
		done
		test "$(body .code)" = rate_limited || return 1
	done &&
	test "$(sms_count)" = 100 &&
	test "$(reg 999 127.0.0.5)" = 429 &&
	test "$(body .scope)" = sms_all
'

test_expect_success 'the budgets run out with the window' '
	expect 200 POST /sandbox/clock "{\"advance_seconds\":601}" &&
	test "$(reg 1000)" = 202
'

test_done
