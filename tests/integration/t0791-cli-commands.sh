#!/bin/sh
# t0791-cli-commands — every borrower action from the command line, piped:
# login (password and SMS code from file descriptors), logout, loans, loan,
# apply (terms, ПСК, the code even with --yes), extend, cards, services;
# --json for results and errors; the documented exit statuses; plain bytes
# (no escape, no carriage return, no box drawing) on a pipe; help that
# agrees with kabinet(1); and login on a real terminal with echo off.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P1=+79000000001
kb_start_sandbox
kb_start_daemon

# The phone kb_with_code waits for codes to (the sandbox sends a phone 5
# codes an hour: each test spends them with care).
PH=$P1

test_expect_success 'no daemon: exit 5, and the error as JSON with --json' '
	test_must_fail_rc 5 "$B/kabinet" -S "$TEST_DIR/nope.sock" \
	    --no-start-daemon loans >out 2>err &&
	grep -q "no daemon answers" err &&
	test_must_fail_rc 5 "$B/kabinet" -S "$TEST_DIR/nope.sock" \
	    --no-start-daemon loans --json >out 2>err &&
	kb_expect_json out .error.reason daemon_unreachable &&
	kb_expect_json out .error.exit 5
'

test_expect_success 'usage errors: exit 2, nothing sent' '
	test_must_fail_rc 2 kb nosuch 2>err &&
	grep -q "unknown command \"nosuch\"" err &&
	test_must_fail_rc 2 kb login 2>err &&
	grep -q "usage: kabinet login" err &&
	test_must_fail_rc 2 kb login 12345 --password-fd 0 </dev/null 2>err &&
	grep -q "bad phone" err &&
	test_must_fail_rc 2 kb apply 1e3 10 --yes 2>err &&
	grep -q "bad amount \"1e3\"" err &&
	test_must_fail_rc 2 kb apply 5000 10 </dev/null 2>err &&
	grep -q -- "--yes" err &&
	test_must_fail_rc 2 kb apply 5000 10 --json >out 2>err &&
	kb_expect_json out .error.reason usage &&
	grep -q -- "--yes" out &&
	test_must_fail_rc 2 kb cards frob 2>err &&
	test_must_fail_rc 2 kb loans --json extra >out &&
	kb_expect_json out .error.reason usage
'

test_expect_success 'signed out: exit 4, the daemon error as JSON with --json' '
	test_must_fail_rc 4 kb loans >out 2>err &&
	grep -q "not signed in" err &&
	test_must_fail_rc 4 kb cards --json >out 2>err &&
	kb_expect_json out .error.data.reason not_logged_in &&
	kb_expect_json out .error.exit 4
'

test_expect_success 'login with no code to give: the challenge is cancelled, exit 6' '
	echo Demo2026 >pw &&
	test_must_fail_rc 6 kb login $P1 --password-fd 3 --code-fd 4 \
	    3<pw 4</dev/null >out 2>err &&
	cat err &&
	grep -q "SMS code was asked for" err &&
	kb_call session.status >st &&
	kb_expect_json st .state signed_out
'

test_expect_success 'login: password and SMS code from file descriptors' '
	kb_with_code $PH login $P1 --password-fd 3 3<pw &&
	grep -q "Signed in as" out &&
	kb_plain out &&
	kb_call session.status >st &&
	kb_expect_json st .state signed_in
'

test_expect_success 'loans, cards and services, human and --json, plain bytes' '
	kb loans >out && cat out && kb_plain out &&
	grep -q "No loans" out &&
	kb loans --json >out && kb_expect_json out ".loans|length" 0 &&
	kb cards >out && cat out && kb_plain out &&
	grep -q "^\* Mir 220070…4242" out &&
	kb cards list --json >out && kb_expect_json out ".items[0].id" cd_1001 &&
	kb services >out && cat out && kb_plain out &&
	grep -q "^off  sms" out &&
	kb services --json >out && kb_expect_json out ".items[0].id" sms &&
	kb status >out && kb_plain out && grep -q "signed in as" out
'

test_expect_success 'apply --yes still asks for the code: none given, exit 6, no loan' '
	test_must_fail_rc 6 kb apply 5000 14 --yes --code-fd 4 4</dev/null \
	    >out 2>err &&
	cat out err &&
	grep -q "^ПСК: *292.000 % a year" out &&
	grep -q "ИНДИВИДУАЛЬНЫЕ УСЛОВИЯ" out &&
	kb loans --json >out &&
	kb_expect_json out ".loans|length" 0
'

test_expect_success 'apply 5000 14 --yes with the code: a loan' '
	kb_with_code $PH apply 5000 14 --yes &&
	grep -q "To repay:" out &&
	kb_plain out &&
	kb_retry 15 "kb loans --json | jq -e \".loans|length == 1\"" &&
	kb loans >out && cat out && kb_plain out &&
	grep -q "5 000\|5,000" out
'

test_expect_success 'loan ID: schedule, what is due, payments' '
	L=$(kb loans --json | jq -r ".loans[0].id") &&
	kb loan "$L" >out && cat out && kb_plain out &&
	grep -q "^Schedule:" out &&
	grep -q "^Due today:" out &&
	grep -q "^Payments:" out &&
	kb loan "$L" --json >out &&
	kb_expect_json out .loan.id "$L" &&
	kb_expect_json out ".payments|length" 0 &&
	test_must_fail_rc 1 kb loan ln_nope 2>err &&
	cat err
'

test_expect_success 'extend 5 --yes: refused on the day of issue, the next day the due date moves' '
	L=$(kb loans --json | jq -r ".loans[0].id") &&
	D0=$(kb loan "$L" --json | jq -r .loan.due_on) &&
	! kb extend 5 --yes --code-fd 4 4</dev/null >out 2>err &&
	cat out err &&
	grep -q "no extension\|issued today" err &&
	kb_clock_advance 86400 &&
	kb extend 5 --yes --code-fd 4 4</dev/null >out 2>err &&
	cat out err && kb_plain out &&
	D1=$(kb loan "$L" --json | jq -r .loan.due_on) &&
	test "$D1" != "$D0" &&
	test_must_fail_rc 2 kb extend 0 --yes 2>err
'

test_expect_success 'help COMMAND and COMMAND --help agree, and with kabinet(1)' '
	kb --help >list &&
	sed -n "/^Commands:/,\$p" list | awk "/^  [a-z]/ {print \$1}" >cmds &&
	test "$(wc -l <cmds)" -ge 11 &&
	: >bad &&
	while read c; do
		kb help $c >h1 && kb_plain h1 && kb $c --help >h2 && cmp h1 h2 ||
		    echo "$c: help differs" >>bad
		grep -q "^\.It\( Xo\)\{0,1\} Cm $c\( \|$\)" "$SRC/man/kabinet.1" ||
		    echo "$c: not in kabinet(1)" >>bad
		for o in $(grep -o -- "--[a-z-]*" h1 | sort -u); do
			grep -q -- "Fl \\\\-${o#--}" "$SRC/man/kabinet.1" ||
			    echo "$c $o: not in kabinet(1)" >>bad
		done
	done <cmds &&
	cat bad &&
	test ! -s bad
'

test_expect_success 'logout' '
	kb logout >out && grep -q "Signed out" out && kb_plain out &&
	test_must_fail_rc 4 kb loans 2>err
'

test_expect_success 'services on and off (the second borrower)' '
	PH=+79000000002 &&
	echo Second2026 >pw2 &&
	kb_with_code $PH login $PH --password-fd 3 3<pw2 &&
	kb_with_code $PH services on sms &&
	grep -q "Service sms is on" out &&
	kb services --json >out &&
	kb_expect_json out "[.items[]|select(.id==\"sms\")][0].enabled" true &&
	kb_with_code $PH services off sms &&
	kb services >out && cat out && kb_plain out &&
	grep -q "^off  sms" out
'

test_expect_success 'login on a terminal: the phone asked for, the password typed with echo off' '
	kb logout &&
	kb_tmux_start 100 20 "$B/kabinet" -S "$KB_SOCKET" --no-start-daemon \
	    login &&
	kb_tmux_wait_for "Phone:" &&
	kb_tmux_type "8 900 000-00-01" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Password:" &&
	kb_tmux_type Demo2026 && kb_tmux_send Enter &&
	kb_tmux_wait_for "Signed in as" &&
	kb_tmux_capture >screen &&
	cat screen &&
	! grep -q Demo2026 screen
'

test_expect_success 'services on, on a terminal: the SMS code typed with echo off' '
	n=$(sms_count $P1) &&
	kb_tmux_start 100 20 "$B/kabinet" -S "$KB_SOCKET" --no-start-daemon \
	    services on insurance &&
	kb_tmux_wait_for "Code sent by SMS" &&
	code=$(sh "$SRC/tests/tools/sms-code.sh" $P1 $((n + 1))) &&
	kb_tmux_type "$code" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Service insurance is on" &&
	kb_tmux_capture >screen &&
	cat screen &&
	! grep -q "$code" screen
'

test_done
