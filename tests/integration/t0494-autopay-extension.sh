#!/bin/sh
# t0494-autopay-extension — autopay follows the due date: a loan extended
# before its due date is not charged on the old date but on the new one,
# once, for what is due then; the try is recorded against the new date.
# Counted in the sandbox's database file.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"
. "$SRC/tests/integration/lib-autopay.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"

test_expect_success 'autopay on, then the loan extended by 10 days' '
	signin $P2 Second2026 >t2 &&
	autopay_on &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	body .loan.due_on >old &&
	expect 201 POST /v1/loans/ln_1002/extension "{\"days\":10,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: ext-1" &&
	body .loan.due_on >new &&
	test "$(cat new)" = "$(date -d "$(cat old) +10 days" +%F)" &&
	expect 200 GET /v1/autopay -H "$(auth)" &&
	test "$(body .autopay.next_charge.due_on)" = "$(cat new)"
'

test_expect_success 'the old due date passes with no charge' '
	advance $((20 * 86400)) $P2 Second2026 &&
	test "$(tries)" = 0 &&
	test "$(charges)" = 0
'

test_expect_success 'the new due date: one charge of what is due then' '
	expect 200 GET /v1/autopay -H "$(auth)" &&
	body .autopay.next_charge.amount >owed &&
	advance $((10 * 86400)) $P2 Second2026 &&
	test "$(tries)" = 1 &&
	test "$(charges)" = 1 &&
	test "$(kb_sandbox_sql "SELECT due_on FROM autopay_attempts")" = "$(cat new)" &&
	test "$(kb_sandbox_sql "SELECT amount FROM payments WHERE kind = '\''payment'\''")" = "$(cat owed)" &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	test "$(body .loan.state)" = closed &&
	advance 86400 $P2 Second2026 &&
	test "$(charges)" = 1
'

test_done
