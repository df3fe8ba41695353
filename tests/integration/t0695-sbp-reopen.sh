#!/bin/sh
# t0695-sbp-reopen — a СБП link still waiting is the borrower's link
# again, through kabinetd and the command line: payment.sbp.create for
# the same amount answers the same link (reopened), one row at the
# lender; confirm_duplicate makes a second; another amount its own;
# payment.sbp.list (the lender's GET /v1/loans/{id}/sbp) lists what waits,
# newest first, and nothing of another borrower's or a paid one;
# `kabinet pay --sbp` for an amount already waiting prints that link and
# says so.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

links () {
	kb_sandbox_sql "SELECT count(*) FROM sbp_payments WHERE amount = $1"
}
sbp () {
	kb_call -t 30000 payment.sbp.create "{\"loan_id\":\"ln_1002\",\"amount\":$1${2:+,$2}}"
}
kb () {
	"$B/kabinet" -S "$KB_SOCKET" --no-start-daemon "$@"
}

test_expect_success 'signed in' '
	kb_signin $P2 Second2026
'

test_expect_success 'the same amount again: the same link, reopened, one row' '
	sbp 30000 >a.json &&
	kb_expect_json a.json .sbp.status pending &&
	kb_expect_json a.json ".reopened // false" false &&
	sbp 30000 >b.json &&
	kb_expect_json b.json .reopened true &&
	test "$(jq -r .sbp.id b.json)" = "$(jq -r .sbp.id a.json)" &&
	test "$(jq -r .sbp.url b.json)" = "$(jq -r .sbp.url a.json)" &&
	test "$(links 30000)" = 1
'

test_expect_success 'confirm_duplicate makes a second; another amount its own' '
	sbp 30000 "\"confirm_duplicate\":true" >c.json &&
	test "$(jq -r .sbp.id c.json)" != "$(jq -r .sbp.id a.json)" &&
	test "$(links 30000)" = 2 &&
	sbp 40000 >d.json &&
	kb_expect_json d.json ".reopened // false" false &&
	test "$(links 40000)" = 1
'

test_expect_success 'payment.sbp.list: what waits, newest first' '
	kb_call payment.sbp.list "{\"loan_id\":\"ln_1002\"}" >l.json &&
	kb_expect_json l.json ".items | length" 3 &&
	test "$(jq -r ".items[0].id" l.json)" = "$(jq -r .sbp.id d.json)" &&
	test "$(jq -r ".items[2].id" l.json)" = "$(jq -r .sbp.id a.json)" &&
	! kb_call payment.sbp.list "{\"loan_id\":\"ln_1001\"}" >x.json &&
	kb_expect_json x.json .data.reason loan_not_found
'

test_expect_success 'a paid link is no longer listed' '
	qrc=$(jq -r .sbp.qrc_id c.json) &&
	code=$(curl -sS --cacert "$KB_CA" -o /dev/null -w "%{http_code}" \
	    --data action=pay "$SANDBOX_URL/sbp/$qrc") &&
	test "$code" = 200 &&
	kb_call payment.sbp.list "{\"loan_id\":\"ln_1002\"}" >l.json &&
	kb_expect_json l.json ".items | length" 2 &&
	! jq -e ".items[] | select(.id == \"$(jq -r .sbp.id c.json)\")" l.json
'

test_expect_success 'kabinet pay --sbp for an amount waiting prints that link' '
	{ kb pay --sbp --yes 400 >out 2>err; echo $? >rc; } &
	kb_retry 10 "grep -q \"^https://qr\" out" &&
	grep -q "still waits to be paid: here it is again" out &&
	grep -qxF "$(jq -r .sbp.url d.json)" out &&
	test "$(links 40000)" = 1 &&
	code=$(curl -sS --cacert "$KB_CA" -o /dev/null -w "%{http_code}" \
	    --data action=refuse "$SANDBOX_URL/sbp/$(jq -r .sbp.qrc_id d.json)") &&
	test "$code" = 200 &&
	kb_retry 20 "test -s rc" &&
	test "$(cat rc)" = 1
'

test_done
