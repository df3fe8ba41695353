#!/bin/sh
# t0491-autopay-declines — what autopay does when the bank says no: a
# declined charge on the due date is tried once more a day later, each
# failure is notified (the first with the time of the retry, the last
# without), and no third try follows, across more days and restarts; a
# decline then a good retry charges once; switched off, nothing is charged.
# Counted in the sandbox's database file (a fresh one for each story).
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"
. "$SRC/tests/integration/lib-autopay.sh"

P2=+79000000002
SANDBOX_DB=$TEST_DIR/a.db
kb_start_sandbox --db "$SANDBOX_DB"

# failures: the autopay.updated events that say so, as a JSON array
failures () {
	expect 200 GET "/v1/events?after=0" -H "$(auth)" &&
	jq -c "[.items[] | select(.type == \"autopay.updated\" and .data.result == \"failed\") | .data]" body
}
fresh () {
	SANDBOX_DB=$TEST_DIR/$1.db &&
	kb_restart_sandbox --db "$SANDBOX_DB" &&
	signin $P2 Second2026 >t2
}

test_expect_success 'autopay on, and the bank will decline the card twice' '
	signin $P2 Second2026 >t2 &&
	autopay_on &&
	expect 200 POST /sandbox/cards/cd_1002/declines "{\"count\":2}" &&
	test "$(body .declines_left)" = 2 &&
	expect 404 POST /sandbox/cards/cd_nope/declines "{\"count\":1}" &&
	expect 422 POST /sandbox/cards/cd_1002/declines "{\"count\":-1}"
'

test_expect_success 'the due date: declined, notified with the time of the retry' '
	advance $((20 * 86400)) $P2 Second2026 &&
	test "$(tries)" = 1 &&
	test "$(charges)" = 0 &&
	failures >f &&
	test "$(jq length f)" = 1 &&
	jq -e ".[0] | .reason == \"card_declined\" and .attempt == 1 and .retry_at != null and .amount == 1240000" f &&
	expect 200 GET /v1/autopay -H "$(auth)" &&
	test "$(body .autopay.next_charge.attempt)" = 2 &&
	test "$(body .autopay.next_charge.retry_at)" = "$(jq -r ".[0].retry_at" f)"
'

test_expect_success 'half a day later no retry yet; restarted, a day later the one retry, declined' '
	advance $((12 * 3600)) $P2 Second2026 &&
	test "$(tries)" = 1 &&
	# a restart starts the clock afresh: back to the same day and on
	kb_restart_sandbox &&
	advance $((20 * 86400 + 12 * 3600)) $P2 Second2026 &&
	test "$(tries)" = 1 &&
	advance $((12 * 3600)) $P2 Second2026 &&
	test "$(tries)" = 2 &&
	test "$(charges)" = 0 &&
	failures >f &&
	test "$(jq length f)" = 2 &&
	jq -e ".[1] | .reason == \"card_declined\" and .attempt == 2 and .retry_at == null" f &&
	expect 200 GET /v1/account/notifications -H "$(auth)" &&
	jq -c "[.items[] | select(.kind == \"autopay_failed\") | .text.en]" body >inbox &&
	test "$(jq length inbox)" = 2 &&
	jq -e ".[1] | contains(\"try once more in a day\")" inbox &&
	jq -e ".[0] | contains(\"try once more\") | not" inbox &&
	expect 200 GET /v1/autopay -H "$(auth)" &&
	test "$(body .autopay.next_charge)" = null &&
	test "$(body .autopay.enabled)" = true
'

test_expect_success 'no third try: more days, a restart, the clock across again' '
	advance $((3 * 86400)) $P2 Second2026 &&
	kb_restart_sandbox &&
	advance $((25 * 86400)) $P2 Second2026 &&
	test "$(tries)" = 2 &&
	test "$(charges)" = 0 &&
	test "$(kb_sandbox_sql "SELECT count(*) FROM autopay_attempts WHERE status = '\''failed'\''")" = 2
'

test_expect_success 'declined once, the retry a day later charges, once' '
	fresh b &&
	autopay_on &&
	expect 200 POST /sandbox/cards/cd_1002/declines "{\"count\":1}" &&
	advance $((20 * 86400)) $P2 Second2026 &&
	test "$(tries)" = 1 &&
	test "$(charges)" = 0 &&
	advance 86400 $P2 Second2026 &&
	test "$(tries)" = 2 &&
	test "$(charges)" = 1 &&
	test "$(kb_sandbox_sql "SELECT status FROM autopay_attempts WHERE attempt = 2")" = succeeded &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	test "$(body .loan.state)" = closed &&
	advance 86400 $P2 Second2026 &&
	test "$(charges)" = 1 &&
	test "$(tries)" = 2
'

test_expect_success 'switched off before the due date: nothing is charged' '
	fresh c &&
	autopay_on &&
	expect 200 PUT /v1/autopay "{\"enabled\":false}" -H "$(auth)" &&
	test "$(body .autopay.enabled)" = false &&
	advance $((21 * 86400)) $P2 Second2026 &&
	test "$(tries)" = 0 &&
	test "$(charges)" = 0 &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	test "$(body .loan.state)" = overdue
'

test_done
