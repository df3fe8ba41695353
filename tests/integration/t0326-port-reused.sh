#!/bin/sh
# t0326-port-reused — the scripts of one run share one keyring, where the
# daemon keeps a session under its lender URL, and the port of an earlier
# script's sandbox is soon another's: a t0780 sign-in once failed so (the
# daemon restored the earlier script's session, said "already signed in",
# then signed out with session_expired).  A fresh sandbox (kb_start_sandbox)
# clears its URL's items; this script takes a used port on purpose, with
# the lender slow so that the old session would still look valid.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"
. "$SRC/tests/integration/lib-http.sh"

P1=+79000000001
kb_start_sandbox
kb_start_daemon

test_expect_success 'an earlier script signs in and leaves its session' '
	kb_signin $P1 Demo2026 &&
	kb_retry 10 "test -n \"\$(secret-tool lookup lender \"$SANDBOX_URL\")\"" &&
	kb_stop_daemon &&
	kb_stop_sandbox
'

test_expect_success 'a fresh sandbox on that port: a sign-in at once works' '
	kb_start_sandbox &&
	expect 200 POST /sandbox/faults "{\"latency_ms\":1500}" &&
	kb_start_daemon &&
	kb_signin $P1 Demo2026 &&
	expect 200 DELETE /sandbox/faults &&
	kb_call session.status >out &&
	kb_expect_json out .state signed_in
'

test_done
