#!/bin/sh
# t0606-quote-services — the calculator of a signed-in borrower with a
# paid service switched on: its price is a line of its own, said to count
# toward the charges cap, and is in the sum to repay; switched off, the
# line goes.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
P1=+79000000001

# switch ID true|false: service.set confirmed by the SMS code.
switch () {
	N=$(sms_count $P1) &&
	cat >flow <<-EOS &&
	send service.set {"service_id":"$1","enabled":$2}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $P1 $((N + 1))
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect service.enabled $2
	EOS
	"$KBCALL" --script flow >/dev/null
}

test_expect_success 'insurance on: the calculator shows it counted toward the cap' '
	kb_signin $P1 Demo2026 &&
	switch insurance true &&
	kb_tmux_start 90 30 $KB &&
	kb_tmux_wait_for "k Take a loan" &&
	kb_tmux_send k &&
	kb_tmux_wait_for "To repay" &&
	kb_tmux_wait_for "8,196.00" &&
	kb_tmux_capture | grep -q "Paid services.*300.00 RUB (counted toward the cap)" &&
	kb_tmux_capture | grep -q "Overpayment.*1,196.00"
'

test_expect_success 'insurance off: the line is gone, the sum is the plain one' '
	switch insurance false &&
	kb_tmux_send Right && kb_tmux_send Left &&
	kb_tmux_wait_for "7,896.00" &&
	! kb_tmux_capture | grep -q "Paid services"
'

test_done
