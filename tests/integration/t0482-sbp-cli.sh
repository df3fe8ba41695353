#!/bin/sh
# t0482-sbp-cli — `kabinet pay --sbp` end to end: it prints the lender's
# link and waits; paid on the bank's page it prints the split and exits
# 0, refused it exits 1, expired (sandbox clock) 7.  An amount over what
# is due is refused before anything is sent; --sbp and --card together
# are a usage error.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

# pay_bg AMOUNT: kabinet pay --sbp in the background, its status in rc.
pay_bg () {
	rm -f out rc
	{ kb pay --sbp --yes "$1" >out 2>err; echo $? >rc; } &
}
link_shown () {
	grep -Eq "^https://qr\.nspk\.ru/AS1[0-9A-Z]{29}\?type=02&" out
}
bank () {
	qrc=$(sed -n "s|^https://qr\.nspk\.ru/\([0-9A-Z]*\)?.*|\1|p" out) &&
	curl -sS --cacert "$KB_CA" -o /dev/null -w '%{http_code}' \
	    --data "action=$1" "$SANDBOX_URL/sbp/$qrc"
}
finished () {
	test -s rc
}

test_expect_success 'signed in' '
	kb_signin $P2 Second2026
'

test_expect_success 'usage: --sbp with --card, or an amount over what is due' '
	test_must_fail_rc 2 kb pay --sbp --card cd_1002 --yes 100 &&
	test_must_fail_rc 2 kb pay --sbp --yes 10800.01 2>err &&
	grep -q "more than the" err &&
	test "$(kb_sandbox_sql "SELECT count(*) FROM sbp_payments")" = 0
'

test_expect_success 'paid on the bank page: the split, exit 0' '
	pay_bg 1500 &&
	kb_retry 10 link_shown &&
	grep -q "1,500.00 RUB" out &&
	grep -q "СмартСтарт" out &&
	test "$(bank pay)" = 200 &&
	kb_retry 20 finished &&
	test "$(cat rc)" = 0 &&
	grep -q "Interest *800.00 RUB" out &&
	grep -q "Principal *700.00 RUB" out
'

test_expect_success 'refused in the bank: exit 1' '
	pay_bg 100 &&
	kb_retry 10 link_shown &&
	test "$(bank refuse)" = 200 &&
	kb_retry 20 finished &&
	test "$(cat rc)" = 1 &&
	grep -q "refused in the bank" err
'

test_expect_success 'expired unpaid: exit 7' '
	pay_bg 200 &&
	kb_retry 10 link_shown &&
	expect 200 POST /sandbox/clock "{\"advance_seconds\":601}" &&
	kb_retry 20 finished &&
	test "$(cat rc)" = 7 &&
	grep -q "expired" err &&
	test "$(kb_sandbox_sql "SELECT count(*) FROM payments WHERE kind = '\''payment'\'' AND card_id IS NULL")" = 1
'

test_done
