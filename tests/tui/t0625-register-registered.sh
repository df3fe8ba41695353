#!/bin/sh
# t0625-register-registered — registering with a number that already has
# an account: the screen goes on to the SMS code exactly as for a new
# number (nothing tells whether it is registered), says what to do if the
# SMS says the number has an account, and offers signing in and password
# recovery right there, with the number typed; the SMS to the number
# says to sign in or recover the password and carries no code.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
OWNER=+79000000001

test_expect_success 'a registered number goes to the SMS code prompt, as a new one would' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send r &&
	kb_tmux_wait_for "Step 1 of 4" &&
	kb_tmux_type "8 900 000-00-01" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "A code was sent by SMS to" 15 &&
	kb_tmux_wait_for "already has an account" &&
	! kb_tmux_capture | grep -q "The lender reported an error" &&
	kb_tmux_wait_for "F2 Sign in"
'

test_expect_success 'the SMS tells the owner to sign in or recover the password, with no code' '
	curl -sS --cacert "$KB_CA" "$SANDBOX_URL/sandbox/sms?phone=%2B79000000001" >sms &&
	jq -r ".items[-1].text" sms | grep -q "уже есть кабинет" &&
	test "$(jq -r ".items[-1].code" sms)" = null
'

test_expect_success 'f offers password recovery with the number filled in' '
	kb_tmux_send f &&
	kb_tmux_wait_for "Surname" &&
	kb_tmux_capture | grep -q "+7 900 000-00-01" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Sign in to your personal account"
'

test_expect_success 'signing in from there works with the number typed' '
	kb_tmux_capture | grep -q "+7 900 000-00-01" &&
	kb_tmux_type "Demo2026" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "A code was sent by SMS to" 15 &&
	kb_tmux_type "$(kb_sms_code $OWNER)" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "signed in" 15
'

test_done
