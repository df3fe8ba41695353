#!/bin/sh
# t0125-support — the lender publishes how to reach its support and where
# a complaint goes (GET /v1/support, no sign-in needed), and the daemon
# passes it on (support.get) to a client that is not signed in.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-http.sh"

kb_start_sandbox
kb_start_daemon

test_expect_success 'GET /v1/support: phone, e-mail, hours, the regulator' '
	expect 200 GET /v1/support &&
	test "$(body .phone)" = "8 800 555-35-35" &&
	test "$(body .email)" = "support@smartstart.example" &&
	test "$(body .hours.from)" = "08:00" &&
	test "$(body .hours.to)" = "20:00" &&
	test "$(body .hours.time_zone)" = "Europe/Moscow" &&
	test "$(body .regulator.url)" = "https://cbr.ru/reception/" &&
	test "$(body .regulator.phone)" = "8 800 300-30-00"
'

test_expect_success 'support.get answers before sign-in' '
	kb_call support.get >out &&
	kb_expect_json out .phone "8 800 555-35-35" &&
	kb_expect_json out .regulator.url "https://cbr.ru/reception/"
'

test_expect_success 'support.get with the lender gone is a clear error' '
	kb_stop_sandbox &&
	test_must_fail kb_call support.get >out &&
	kb_expect_json out .data.reason lender_unavailable
'

test_done
