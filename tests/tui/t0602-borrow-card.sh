#!/bin/sh
# t0602-borrow-card — with two cards linked the loan goes to the default
# one: the review names it, c picks another linked card, the individual
# terms name the chosen card masked (never by the lender's id), and the
# signed application carries the card the borrower saw.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB" --review-delay 600
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
P1=+79000000001

test_expect_success 'setup: a second card, made the default' '
	kb_signin $P1 Demo2026 &&
	kb_sandbox_sql "INSERT INTO cards (id, account_id, brand, first6,
	    last4, holder, exp_month, exp_year, created_at, is_default)
	    VALUES (\"cd_9001\", \"cl_1001\", \"mir\", \"220070\", \"7896\",
	    \"IVAN IVANOV\", 12, 2030, 1, 1);
	    UPDATE cards SET is_default = 0 WHERE id = \"cd_1001\"" &&
	kb_call card.list >cards &&
	kb_expect_json cards "[.items[]|select(.default)|.last4]|join(\",\")" 7896
'

test_expect_success 'the review names the default card, in the terms masked too' '
	kb_tmux_start 100 45 $KB &&
	kb_tmux_wait_for "Иван Иванов" 15 &&
	kb_tmux_send k &&
	kb_tmux_wait_for "7,896.00" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Loan review" &&
	kb_tmux_wait_for "Mir 220070…7896, default" &&
	kb_tmux_wait_for "банковская карта Mir 220070…7896" &&
	kb_tmux_wait_for "c Another card" &&
	! kb_tmux_capture | grep -q "cd_"
'

test_expect_success 'c picks the other linked card; the terms follow' '
	kb_tmux_send c &&
	kb_tmux_wait_for "банковская карта Mir 220070…4242" &&
	kb_tmux_capture | grep -q "To the card.*Mir 220070…4242" &&
	! kb_tmux_capture | grep -q "…7896" &&
	kb_tmux_send c &&
	kb_tmux_wait_for "банковская карта Mir 220070…7896" &&
	kb_tmux_send c &&
	kb_tmux_wait_for "банковская карта Mir 220070…4242"
'

test_expect_success 'signed, the application goes to the card shown' '
	n=$(wc -l <"$SANDBOX_SMS") &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	kb_retry 10 "test \$(wc -l <\"\$SANDBOX_SMS\") -gt $n" &&
	kb_tmux_type "$(kb_sms_code $P1)" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Application submitted" 15 &&
	test "$(kb_sandbox_sql "SELECT card_id FROM applications")" = cd_1001
'

test_done
