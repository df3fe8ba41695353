#!/bin/sh
# t0325-keyring-phone — the Secret Service item's attributes do not hold
# the borrower's full phone number (any program on the session bus may
# read attributes): "phone" is the masked form, the session is still found
# after a restart, and an item an older kabinetd stored with the full
# number is found and replaced by one without.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P1=+79000000001
kb_start_sandbox
kb_start_daemon

attributes () {
	secret-tool search --all lender "$SANDBOX_URL" 2>&1 | grep "^attribute\."
}

test_expect_success 'signed in: the item names the phone masked only' '
	kb_signin $P1 Demo2026 &&
	kb_retry 10 "attributes | grep -q \"^attribute.phone\"" &&
	attributes >attrs &&
	cat attrs &&
	grep -qx "attribute.phone = +7 9\*\* \*\*\*-\*\*-01" attrs &&
	! grep -q 79000000001 attrs
'

test_expect_success 'an item stored with the full number is found and replaced' '
	VALUE=$(secret-tool lookup lender "$SANDBOX_URL") &&
	kb_stop_daemon &&
	secret-tool clear lender "$SANDBOX_URL" &&
	printf "%s" "$VALUE" | secret-tool store --label="kabinet session" \
	    xdg:schema org.kabinet.Session lender "$SANDBOX_URL" phone $P1 &&
	test -n "$(secret-tool search --all phone $P1 2>&1)" &&
	kb_start_daemon &&
	kb_call session.status >out &&
	kb_expect_json out .state signed_in &&
	kb_retry 10 "test -z \"\$(secret-tool search --all phone $P1 2>&1)\"" &&
	attributes >attrs &&
	cat attrs &&
	grep -qx "attribute.phone = +7 9\*\* \*\*\*-\*\*-01" attrs &&
	test "$(secret-tool search --all lender "$SANDBOX_URL" 2>&1 | grep -c "^\[")" = 1
'

test_done
