#!/bin/sh
# t0660-appeals — appeals at 80x24 on a vt100, the borrower and the
# operator each in a terminal of their own: a on the dashboard lists the
# borrower's appeals; w writes one (a subject with its legal period, then
# the text, an empty one refused); the operator's queue (w on the desk)
# has it; taking it shows "in work" to the borrower at once; a dispute is
# answered only after the passport check; the borrower sees the answer
# and is told on the dashboard; the operator closes it; F1 says how long
# the lender has to answer.  Every bar whole.
. "$(dirname "$0")/../integration/lib.sh"

KB_TERM=vt100
export KB_TERM
kb_start_sandbox
kb_start_daemon

OP_SECRET=JBSWY3DPEHPK3PXP
KB="env TERM=vt100 $B/kabinet --no-start-daemon"

. "$SRC/tests/integration/lib-payments.sh"

# The operator's terminal: a second tmux session on the same server.
op_send () { kb__tmux send-keys -t op "$@"; }
op_type () { kb__tmux send-keys -t op -l -- "$1"; }
op_capture () { kb__tmux capture-pane -p -t op; }
op_wait_for () {
	ow_deadline=$(( $(date +%s) + ${2:-10} ))
	until op_capture | grep -qF -- "$1"; do
		if [ "$(date +%s)" -ge "$ow_deadline" ]; then
			echo "op_wait_for: '$1' not on the operator's screen:"
			op_capture
			return 1
		fi
		sleep 0.1
	done
}

test_expect_success 'sign in' '
	kb_signin +79000000001 Demo2026
'

test_expect_success 'a on the dashboard: no appeals yet' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Hello" &&
	kb_tmux_send a &&
	kb_tmux_wait_for "Appeals to the lender" &&
	kb_tmux_wait_for "No appeals yet" &&
	kb_tmux_bar_whole
'

test_expect_success 'w: the subjects with their legal periods' '
	kb_tmux_send w &&
	kb_tmux_wait_for "What is the appeal about?" &&
	kb_tmux_capture | grep -q "Credit holiday (353-FZ art. 6.1-1) *answer within 5 working days" &&
	kb_tmux_capture | grep -q "Dispute a charge *answer within 15 working days" &&
	kb_tmux_bar_whole
'

test_expect_success 'a dispute: an empty text is refused, a real one sent' '
	kb_tmux_send Down Enter &&
	kb_tmux_wait_for "Write to the lender" &&
	kb_tmux_wait_for "Subject: Dispute a charge" &&
	kb_tmux_bar_whole &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Write what happened" &&
	! grep -q "appeal.create" "$DAEMON_LOG" &&
	kb_tmux_type "Charged twice on 20.11 for contract 1" &&
	kb_tmux_wait_for "37 of 2000 characters" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Appeal No. 1 sent; the lender answers by" &&
	kb_tmux_capture | grep -q "^ *1 .*Dispute a charge *new" &&
	kb_tmux_bar_whole
'

test_expect_success 'the operator, in another terminal, has it in the queue' '
	kb__tmux new-session -d -s op -x 80 -y 24 "exec $KB --operator" &&
	op_wait_for "Operator sign-in" &&
	op_type op.petrov && op_send Enter &&
	op_type Operator2026 && op_send Enter &&
	op_wait_for "Authenticator code" &&
	op_type "$(sh "$SRC/tests/tools/op-totp.sh" "$OP_SECRET")" &&
	op_send Enter &&
	op_wait_for "Operator desk:" &&
	op_send w &&
	op_wait_for "Open appeals: 1, overdue: 0" &&
	{ op_capture | grep -q "Dispute a charge *Иванов И. И. *new" ||
	  { op_capture; false; }; }
'

test_expect_success 'taking it shows "in work" to the borrower at once' '
	op_send Enter &&
	op_wait_for "Appeal No. 1: Dispute a charge" &&
	op_wait_for "Identity: not verified" &&
	op_capture | grep -q "Charged twice on 20.11" &&
	op_send t &&
	op_wait_for "Taken: the appeal is yours" &&
	op_wait_for "taken by op.petrov" &&
	kb_tmux_wait_for "in work"
'

test_expect_success 'a dispute is answered only after the passport check' '
	op_send a &&
	op_wait_for "Answer the appeal" &&
	op_type "We refunded the second charge" &&
	op_send Enter &&
	op_wait_for "identity first" &&
	op_send Escape &&
	op_wait_for "Identity: not verified" &&
	op_send v &&
	op_wait_for "Passport series" &&
	op_type 4510 && op_send Enter &&
	op_type 123456 && op_send Enter &&
	op_type 15.05.1990 && op_send Enter &&
	op_wait_for "Identity: verified until" &&
	op_send a &&
	op_wait_for "Answer the appeal" &&
	op_type "We refunded the second charge" &&
	op_send Enter &&
	op_wait_for "Answered; the client is notified"
'

test_expect_success 'the borrower sees the answer and is told on the dashboard' '
	kb_tmux_wait_for "answered" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "The lender answered your appeal No. 1: press a" &&
	kb_tmux_send a &&
	kb_tmux_wait_for "Appeals to the lender" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "The lender'"'"'s answer" &&
	kb_tmux_wait_for "We refunded the second charge" &&
	kb_tmux_bar_whole
'

test_expect_success 'the operator closes it; the borrower sees it closed' '
	op_send c &&
	op_wait_for "Closed" &&
	kb_tmux_wait_for "Status: closed" &&
	op_send Escape &&
	op_wait_for "No open appeals."
'

test_expect_success 'F1 on Appeals answers how long the lender has first' '
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Write an appeal" &&
	kb_tmux_send F1 &&
	kb_tmux_wait_for "> How long does the lender have to answer my appeal?" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "within 5 working days"
'

test_done
