#!/bin/sh
# t0600-borrow — borrowing in the terminal: the calculator before sign-in
# (arrows step by the product's step, digits type a value, the figures
# follow), applying after sign-in (the card, every figure and the terms,
# signed with the SMS code), and the dashboard's application line changing
# by itself as the lender reviews and pays out (no key pressed).
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox --review-delay 2
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
PHONE=+79000000001

test_expect_success 'the calculator opens before sign-in with the product and a quote' '
	kb_tmux_start 80 30 $KB &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_wait_for "k Calculator" &&
	kb_tmux_send k &&
	kb_tmux_wait_for "Заём до зарплаты" &&
	kb_tmux_wait_for "7,000.00" &&
	kb_tmux_wait_for "To repay" &&
	kb_tmux_wait_for "7,896.00" &&
	kb_tmux_wait_for "292.000 % a year" &&
	kb_tmux_wait_for "0.80 %"
'

test_expect_success 'the right arrow adds one step of 1 000 ₽; the figures follow' '
	kb_tmux_send Right &&
	kb_tmux_wait_for "8,000.00" &&
	kb_tmux_wait_for "9,024.00" &&
	kb_tmux_wait_for "1,024.00"
'

test_expect_success 'digits type the term; it is kept within the product' '
	kb_tmux_send Tab &&
	kb_tmux_type 45 &&
	kb_tmux_wait_for "45" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "9,920.00" &&
	kb_tmux_capture | grep -q "Term, days.* 30"
'

test_expect_success 'signed out, applying leads into registration' '
	kb_tmux_send a &&
	kb_tmux_wait_for "Step 1 of 4: your mobile phone" &&
	kb_tmux_wait_for "Loan: 8,000.00 RUB for 30 days" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "To repay" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Press Enter to sign in"
'

test_expect_success 'signed in, the dashboard offers a loan' '
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_type "8 900 000-00-01" &&
	kb_tmux_send Tab &&
	kb_tmux_type "Demo2026" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	kb_tmux_type "$(kb_sms_code $PHONE)" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Иван Иванов" 15 &&
	kb_tmux_wait_for "k Take a loan"
'

test_expect_success 'the review shows the card, the figures and the terms' '
	kb_tmux_send k &&
	kb_tmux_wait_for "7,896.00" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Loan review" &&
	kb_tmux_wait_for "Mir 220070…4242, default" &&
	kb_tmux_wait_for "ИНДИВИДУАЛЬНЫЕ УСЛОВИЯ" &&
	kb_tmux_wait_for "7,896.00" &&
	kb_tmux_wait_for "Enter Sign with an SMS code"
'

test_expect_success 'the SMS code signs it; the dashboard follows the review by itself' '
	n=$(wc -l <"$SANDBOX_SMS") &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	kb_retry 10 "test \$(wc -l <\"\$SANDBOX_SMS\") -gt $n" &&
	kb_tmux_type "$(kb_sms_code $PHONE)" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Application submitted" 15 &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Application" &&
	kb_tmux_wait_for "7,000.00 RUB, under review" 15 &&
	kb_tmux_wait_for "7,000.00 RUB, money sent to the card" 15
'

test_done
