#!/bin/sh
# t0595-reasons — every error reason walked from the lender through the
# daemon to the screen: for each reason the table (reason.h) says the
# daemon passes on, the sandbox refuses the next sign-in with that code;
# the daemon answers that reason, and the sign-in screen shows its words.
# The lender's codes the daemon renames arrive renamed, and a code the
# table does not pass becomes lender_error with the code in data.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-http.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
LOGIN='{"phone":"+79000000001","password":"Demo2026"}'

# arm CODE: the next POST /v1/auth/login is refused with CODE
arm () {
	case $1 in
	rate_limited) st=429 ;;
	*) st=409 ;;
	esac
	expect 200 POST /sandbox/faults \
	    "{\"problem\":{\"path\":\"/v1/auth/login\",\"status\":$st,\"code\":\"$1\"}}"
}

test_expect_success 'the table passes some reasons, each with distinct words' '
	"$B/tests/tools/reasons" >table &&
	awk -F "\t" "\$2 == \"lender\"" table >passed &&
	test $(wc -l <passed) -ge 20 &&
	grep -q "^account_restricted	lender	" passed &&
	cut -f3 passed | cut -c1-24 | sort | uniq -d >dups &&
	! test -s dups
'

test_expect_success 'the daemon answers each passed reason as the lender said it' '
	while IFS="	" read -r wire from text; do
		arm "$wire" &&
		! kb_call auth.login "$LOGIN" >out &&
		kb_expect_json out .data.reason "$wire" || return 1
	done <passed
'

test_expect_success 'a renamed code arrives renamed, an unknown one as lender_error' '
	grep "^ALIAS	" table >aliases &&
	test $(wc -l <aliases) -ge 2 &&
	while IFS="	" read -r alias code wire; do
		arm "$code" &&
		! kb_call auth.login "$LOGIN" >out &&
		kb_expect_json out .data.reason "$wire" || return 1
	done <aliases &&
	for code in internal hello_required no_such_reason_at_all; do
		arm $code &&
		! kb_call auth.login "$LOGIN" >out &&
		kb_expect_json out .data.reason lender_error &&
		kb_expect_json out .data.code $code || return 1
	done
'

test_expect_success 'the sign-in screen shows the words of each passed reason' '
	kb_tmux_start 160 24 $KB &&
	kb_tmux_wait_for "daemon: connected" &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_type "+79000000001" &&
	kb_tmux_send Tab &&
	while IFS="	" read -r wire from text; do
		arm "$wire" &&
		kb_tmux_send C-u &&
		kb_tmux_type "Demo2026" &&
		kb_tmux_send Enter &&
		kb_tmux_wait_for "$(printf %s "$text" | cut -c1-24)" || return 1
	done <passed
'

test_done
