#!/bin/sh
# t0790-cli — the scriptable command line: `kabinet history --json` pages
# the daemon's payment.history; `kabinet pay` refuses a bad amount with a
# message and exit 2 (nothing paid), pays 100 ₽ once (seen once in the
# history), then --full closes the loan; the history is paged by cursor.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
kb_start_sandbox
kb_start_daemon

test_expect_success 'signed out: history says so and exits 4' '
	test_must_fail_rc 4 kb history >out 2>err &&
	cat err &&
	grep -q "not signed in" err
'

test_expect_success 'signed in as the second demo borrower' '
	kb_signin $P2 Second2026
'

test_expect_success 'history --json lists the entries as the daemon gives them' '
	kb history --json >out &&
	kb_expect_json out "[.[].kind]|join(\",\")" interest,disbursement &&
	kb_expect_json out "[.[]|select(.kind==\"disbursement\")][0].amount" 1000000 &&
	kb history --json --kind disbursement >out &&
	kb_expect_json out "length" 1 &&
	kb history --json --limit 1 >out &&
	kb_expect_json out "length" 1 &&
	kb history >out &&
	cat out &&
	kb_plain out &&
	test "$(wc -l <out)" = 2 &&
	test_must_fail_rc 2 kb history --limit 0 2>err &&
	test_must_fail_rc 2 kb history --from 2026-1-1 2>err &&
	test_must_fail_rc 2 kb history --kind nope 2>err &&
	grep -q "unknown kind \"nope\"" err &&
	grep -q "or refund)" err &&
	kb history --kind refund >out
'

test_expect_success 'bad amounts are refused with a message, exit 2, nothing paid' '
	test_must_fail_rc 2 kb pay --yes 1e3 >out 2>err &&
	cat err &&
	grep -q "bad amount \"1e3\"" err &&
	test_must_fail_rc 2 kb pay --yes -1 2>err &&
	grep -q "bad amount \"-1\"" err &&
	test_must_fail_rc 2 kb pay --yes 0 2>err &&
	grep -q "more than zero" err &&
	test_must_fail_rc 2 kb pay --yes 15,505 2>err &&
	grep -q "bad amount \"15,505\"" err &&
	test_must_fail_rc 2 kb pay --yes 10800,01 2>err &&
	cat err &&
	grep -q "more than the" err &&
	test_must_fail_rc 2 kb pay 100 </dev/null 2>err &&
	grep -q -- "--yes" err &&
	test_must_fail_rc 2 kb pay --yes 2>err &&
	! grep -F "POST /v1/loans/ln_1002/payments" "$DAEMON_LOG" &&
	kb history --json --kind payment >out &&
	kb_expect_json out "length" 0
'

test_expect_success 'pay --yes 100 pays 100 ₽ once, with a receipt' '
	kb pay --yes 100 >out &&
	cat out &&
	kb_plain out &&
	grep -q "Ln-\|ln_1002\|Loan:" out &&
	grep -q "Interest" out &&
	grep -q "New balance:" out &&
	kb history --json --kind payment >out &&
	kb_expect_json out "length" 1 &&
	kb_expect_json out ".[0].amount" 10000 &&
	kb_expect_json out ".[0].loan_id" ln_1002 &&
	kb history --json >out &&
	kb_expect_json out "[.[]|select(.kind==\"payment\")]|length" 1
'

test_expect_success 'pay --yes --full closes the loan' '
	DUE=$(kb_call loan.due "{\"loan_id\":\"ln_1002\"}" | jq -r .due_today.total) &&
	kb pay --yes --full >out &&
	cat out &&
	grep -q "closed" out &&
	kb_call loan.get "{\"id\":\"ln_1002\"}" >out &&
	kb_expect_json out .loan.state closed &&
	kb history --json --kind payment >out &&
	kb_expect_json out "length" 2 &&
	kb_expect_json out ".[0].amount" "$DUE" &&
	test_must_fail_rc 1 kb pay --yes 100 2>err &&
	cat err
'

test_expect_success 'history follows the cursor past one page, each entry once' '
	N=$(kb history --json | jq length) &&
	expect 201 POST /sandbox/history "{\"phone\":\"$P2\",\"count\":1200}" &&
	kb history --json >out &&
	kb_expect_json out "length" $((N + 1200)) &&
	kb_expect_json out "[.[].id]|unique|length" $((N + 1200)) &&
	kb history --json --limit 700 >out &&
	kb_expect_json out "length" 700 &&
	kb history --limit 501 >out &&
	test "$(wc -l <out)" = 501
'

test_done
