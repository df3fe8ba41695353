#!/bin/sh
# t0760-repay — repaying from the dashboard in a real terminal: what is
# due today, bad amounts refused with a clear message, a partial payment
# confirmed and its receipt (split, new balance, ПСК, schedule), then the
# exact full amount (F3) which closes the loan; a payment made directly on
# the lender's API shows up on the dashboard by itself; a payment the
# lender has not confirmed yet is shown, and the same one again is made
# only on a second yes.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
P2=+79000000002

test_expect_success 'the dashboard shows the loan and what is due today' '
	kb_signin $P2 Second2026 &&
	kb_tmux_start 100 30 $KB &&
	kb_tmux_wait_for "СС-2026-000001, due on" &&
	kb_tmux_wait_for "Due today                 10,800.00 RUB" &&
	kb_tmux_wait_for "To repay on the due date  12,400.00 RUB"
'

test_expect_success 'bad amounts are refused with a clear message' '
	kb_tmux_send p && kb_tmux_wait_for "Repay the loan" &&
	kb_tmux_wait_for "Mir 220070…1111" &&
	kb_tmux_type "-1" && kb_tmux_send Enter &&
	kb_tmux_wait_for "!" && kb_tmux_capture >bad1 &&
	kb_tmux_send C-u && kb_tmux_type "0" && kb_tmux_send Enter &&
	kb_tmux_wait_for "at least 1" &&
	kb_tmux_send C-u && kb_tmux_type "10 800,01" && kb_tmux_send Enter &&
	kb_tmux_wait_for "more than is due today (10,800.00 RUB)" &&
	kb_tmux_send C-u && kb_tmux_type "15.505" && kb_tmux_send Enter &&
	kb_tmux_wait_for "more than two digits after the point" &&
	! grep -q "payment.make" "$DAEMON_LOG"
'

test_expect_success 'a partial payment: confirm, then the receipt' '
	kb_tmux_send C-u && kb_tmux_type "1500" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Pay 1,500.00 RUB from the card Mir 220070…1111" &&
	kb_tmux_send y &&
	kb_tmux_wait_for "Paid                      1,500.00 RUB" &&
	kb_tmux_wait_for "Interest                  800.00 RUB" &&
	kb_tmux_wait_for "Principal                 700.00 RUB" &&
	kb_tmux_wait_for "New balance               10,788.00 RUB" &&
	kb_tmux_wait_for "ПСК                       292.000 %" &&
	kb_tmux_wait_for "Cost of the loan          2,288.00 RUB" &&
	kb_tmux_wait_for "Schedule:"
'

test_expect_success 'a payment made on the lender'\''s API shows up on the dashboard by itself' '
	kb_tmux_send Escape && kb_tmux_wait_for "Due today                 9,300.00 RUB" &&
	T2=$(signin $P2 Second2026) &&
	expect 201 POST /v1/loans/ln_1002/payments "{\"amount\":100000,\"card_id\":\"cd_1002\"}" \
	    -H "Authorization: Bearer $T2" -H "Idempotency-Key: elsewhere-1" &&
	kb_tmux_wait_for "Due today                 8,300.00 RUB" 30 &&
	kb_call payment.history "{\"kind\":\"payment\"}" | jq -e ".items|length == 2"
'

test_expect_success 'a payment the lender has not confirmed is shown; the same again needs a second yes' '
	expect 200 POST /sandbox/payments/hold "{\"ms\":15000}" &&
	{ kb_call -t 60000 payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":50000}" >/dev/null 2>&1 & } &&
	kb_retry 10 "kb_call outbox.list | jq -e \".items|length == 1\"" &&
	kb_tmux_send p && kb_tmux_wait_for "Repay the loan" &&
	kb_tmux_wait_for "Not yet confirmed         500.00 RUB" &&
	kb_tmux_type "500" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Pay 500.00 RUB from the card" && kb_tmux_send y &&
	kb_tmux_wait_for "Pay 500.00 RUB a second time?" &&
	kb_tmux_send n &&
	kb_tmux_wait_for "the lender has not confirmed it yet" &&
	expect 200 POST /sandbox/payments/hold "{\"ms\":0}" &&
	kb_tmux_wait_gone "Not yet confirmed" 40 &&
	kb_call payment.history "{\"kind\":\"payment\"}" | jq -e ".items|length == 3" &&
	kb_tmux_send Escape
'

test_expect_success 'F3 puts the exact amount due today; paying it closes the loan' '
	kb_tmux_wait_for "Due today                 7,800.00 RUB" &&
	kb_tmux_send p && kb_tmux_wait_for "Repay the loan" &&
	kb_tmux_wait_for "Mir 220070…1111" &&
	kb_tmux_send F3 && kb_tmux_wait_for "[7800.00" &&
	kb_tmux_send Enter && kb_tmux_wait_for "Pay 7,800.00 RUB" &&
	kb_tmux_send y &&
	kb_tmux_wait_for "The loan is repaid and closed" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_gone "Due today"
'

test_done
