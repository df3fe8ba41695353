#!/bin/sh
# t0462-appeals-cli — kabinet appeal new sends an appeal with its text
# from the standard input (several lines kept) or the command line, a bad
# subject is refused before anything is sent, kabinet appeals lists them
# with their status and kabinet appeal ID shows one; --json for scripts.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon
K="$B/kabinet --no-start-daemon"

test_expect_success 'setup: sign in' '
	kb_signin +79000000001 Demo2026
'

test_expect_success 'a bad subject is refused before anything is sent' '
	test_must_fail $K appeal new --subject refund --text x 2>err &&
	grep -q "no such subject \"refund\"" err &&
	! grep -q "appeal.create" "$DAEMON_LOG"
'

test_expect_success 'appeal new reads the text from stdin with -' '
	printf "Платёж 20.11 не зачислен\nквитанция есть\n" >text &&
	$K appeal new --subject payment_not_credited --text - <text >out &&
	grep -q "^Appeal No. 1 sent; the lender answers by " out &&
	$K appeal --json new --subject other --text "Вопрос" >j &&
	kb_expect_json j .appeal.number 2 &&
	kb_expect_json j .appeal.subject other
'

test_expect_success 'appeals lists them; appeal ID shows one with its lines' '
	$K appeals >list &&
	grep -q "№ 1 .*A payment was not credited  new" list &&
	grep -q "№ 2 .*Other  new" list &&
	id=$(sed -n "s/^\(apl_[A-Za-z0-9_]*\)  № 1 .*/\1/p" list) &&
	$K appeal "$id" >one &&
	grep -q "^Appeal No. 1: A payment was not credited" one &&
	grep -q "^квитанция есть$" one &&
	$K appeals --json >j &&
	kb_expect_json j ".items|length" 2
'

test_done
