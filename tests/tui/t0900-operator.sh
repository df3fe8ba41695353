#!/bin/sh
# t0900-operator — the operator desk in a real terminal at 80x24 with
# TERM=vt100 (no colour, no F keys past the arrows): sign-in with a TOTP
# code, find a client, check the identity (a mismatch, then a match), change
# the phone with the code the caller reads out; then the borrower signs in
# with the new number and the terminal walks them through confirming it.
. "$(dirname "$0")/../integration/lib.sh"

KB_TERM=vt100
export KB_TERM
kb_start_sandbox
kb_start_daemon

KB="env TERM=vt100 $B/kabinet --no-start-daemon"
OP_SECRET=JBSWY3DPEHPK3PXP
NEW=+79000000077

test_expect_success 'kabinet --operator opens the operator sign-in' '
	kb_tmux_start 80 24 $KB --operator &&
	kb_tmux_wait_for "Operator sign-in" &&
	kb_tmux_wait_for "authenticator" &&
	kb_tmux_wait_for "Enter Sign in"
'

test_expect_success 'a wrong password is refused on the form' '
	kb_tmux_type "op.petrov" &&
	kb_tmux_send Enter &&
	kb_tmux_type "Wrong2026" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "attempts left"
'

test_expect_success 'the right password asks for the authenticator code, which signs in' '
	kb_tmux_type "Operator2026" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Authenticator code" &&
	kb_tmux_wait_for "authenticator app shows now" &&
	! kb_tmux_capture | grep -q "new code can be sent" &&
	code=$(sh "$SRC/tests/tools/op-totp.sh" $OP_SECRET) &&
	kb_tmux_type "$code" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Operator desk: Петров П. П." &&
	kb_tmux_wait_for "in memory only" &&
	kb_tmux_wait_for "f  Find a client" &&
	! kb_tmux_capture | grep -q "a  Audit log"
'

test_expect_success 'find a client by phone: masked results, then the card' '
	kb_tmux_send f &&
	kb_tmux_wait_for "Contract no." &&
	kb_tmux_type "8 900 000-00-01" &&
	kb_tmux_send Enter Enter Enter Enter &&
	kb_tmux_wait_for "1 client found" &&
	kb_tmux_wait_for "Иванов И. И." &&
	kb_tmux_wait_for "+7 9** ***-**-01" &&
	kb_tmux_wait_for "**.**.1990" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "(cl_1001)" &&
	kb_tmux_wait_for "not verified" &&
	kb_tmux_wait_for "v Verify identity" &&
	! kb_tmux_capture | grep -q "4510\|123456\|15.05"
'

test_expect_success 'the phone cannot be changed before the identity check' '
	kb_tmux_send p &&
	kb_tmux_wait_for "identity first"
'

test_expect_success 'a malformed passport is refused in the form; nothing sent' '
	kb_tmux_send v &&
	kb_tmux_wait_for "Passport series" &&
	kb_tmux_type "45" &&
	kb_tmux_send Enter &&
	kb_tmux_type "123456" &&
	kb_tmux_send Enter &&
	kb_tmux_type "15.05.1990" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "The series is 4 digits" &&
	! grep -q "operator.identity.verify" "$DAEMON_LOG"
'

test_expect_success 'a mismatch says so with the attempts before the lock' '
	kb_tmux_send C-u &&
	kb_tmux_type "4510" &&
	kb_tmux_send Enter C-u &&
	kb_tmux_type "999999" &&
	kb_tmux_send Enter Enter &&
	kb_tmux_wait_for "Does not match.  2 more mismatches lock"
'

test_expect_success 'a match confirms the identity on the card' '
	kb_tmux_send Enter &&
	kb_tmux_type "123456" &&
	kb_tmux_send Enter Enter &&
	kb_tmux_wait_for "Identity confirmed" &&
	kb_tmux_wait_for "verified; changes allowed until"
'

test_expect_success 'change the phone with the code the caller reads out' '
	kb_tmux_send p &&
	kb_tmux_wait_for "New phone" &&
	kb_tmux_type "+7 900 000-00-77" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "new number +7 9** ***-**-77" &&
	code=$(kb_sms_code $NEW) &&
	kb_tmux_type "$code" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "The phone is now +7 9** ***-**-77" &&
	kb_tmux_wait_for "restricted until the client confirms"
'

test_expect_success 'every operator screen fits 80x24 with nothing cut at the edge' '
	kb_tmux_capture >screen &&
	test "$(wc -l <screen)" -le 24 &&
	test "$(wc -L <screen)" -le 80
'

test_expect_success 'log out of the desk' '
	kb_tmux_send Escape Escape Escape &&
	kb_tmux_wait_for "o  Log out" &&
	kb_tmux_send o &&
	kb_tmux_wait_for "Operator sign-in" &&
	kb_call operator.status >out &&
	kb_expect_json out .signed_in false &&
	kb_tmux_send F10 &&
	kb_tmux_stop
'

test_expect_success 'the borrower signs in with the new number and confirms it' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_type "$NEW" &&
	kb_tmux_send Enter &&
	kb_tmux_type "Demo2026" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	code=$(kb_sms_code $NEW 2) &&
	kb_tmux_type "$code" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "new phone number." 15 &&
	kb_call session.status >out &&
	kb_expect_json out .restricted true &&
	code=$(kb_sms_code $NEW 3) &&
	kb_tmux_type "$code" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Your new phone number is confirmed" &&
	kb_tmux_wait_gone "restricted until you confirm" &&
	kb_call session.status >out &&
	kb_expect_json out .restricted false
'

test_done
