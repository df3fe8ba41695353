#!/bin/sh
# t0751-one-request-loans — loan.list and loan.due without a loan id cost
# the lender one request each, counted in the sandbox's own log: loan.list
# asked GET /v1/loans then GET /v1/applications, and loan.due asked
# GET /v1/loans then GET /v1/loans/{id}/due.  Each answer is still what
# the two requests said: the applications the lender lists, and the open
# loan's due today as loan.due with its id answers it.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db

# served PATTERN: the sandbox's answered requests matching PATTERN.
served () {
	grep -c "http_respond: $1 " "$SANDBOX_LOG" || :
}

test_expect_success 'setup: a borrower with a loan and an application' '
	kb_start_sandbox --db "$SANDBOX_DB" &&
	kb_start_daemon &&
	now=$(date +%s) &&
	kb_sandbox_sql "INSERT INTO applications (id, account_id, product,
	    amount, term, rate_bp_per_day, card_id, document_hash, state,
	    created_at, updated_at) VALUES (\"ap_t0751\", \"cl_1002\",
	    \"payday\", 300000, 10, 80, \"cd_1002\", \"0\", \"under_review\",
	    $now, $now)" &&
	kb_signin $P2 Second2026 &&
	TOKEN=$(signin $P2 Second2026) &&
	expect 200 GET /v1/applications -H "Authorization: Bearer $TOKEN" &&
	body "[.items[].id] | join(\",\")" >apps.lender &&
	grep -qx ap_t0751 apps.lender
'

test_expect_success 'loan.list is one lender request' '
	l=$(served "GET /v1/loans") && a=$(served "GET /v1/applications") &&
	kb_call loan.list >list &&
	test "$(served "GET /v1/loans")" = $((l + 1)) &&
	test "$(served "GET /v1/applications")" = "$a" &&
	kb_expect_json list ".loans[0].id" ln_1002 &&
	jq -r "[.applications[].id] | join(\",\")" list >apps.daemon &&
	diff apps.lender apps.daemon
'

test_expect_success 'loan.due without a loan id is one lender request' '
	l=$(served "GET /v1/loans") && d=$(served "GET /v1/loans/ln_1002/due") &&
	kb_call loan.due >due &&
	test "$(served "GET /v1/loans")" = $((l + 1)) &&
	test "$(served "GET /v1/loans/ln_1002/due")" = "$d" &&
	kb_expect_json due .loan.id ln_1002 &&
	kb_call loan.due "{\"loan_id\":\"ln_1002\"}" >due.id &&
	jq -S . due >a && jq -S . due.id >b &&
	diff b a
'

test_expect_success 'loan.due without a loan id once the loan is repaid: none' '
	kb_sandbox_sql "UPDATE loans SET state = \"closed\" WHERE id = \"ln_1002\"" &&
	kb_call loan.due >due &&
	kb_expect_json due .loan null
'

test_done
