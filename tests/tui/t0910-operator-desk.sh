#!/bin/sh
# t0910-operator-desk — more of the operator desk at 80x24 on a vt100: the
# operator may not open the audit log, resets a verified caller's
# password (the borrower then must choose a new one), and is signed out
# after the idle limit with the reason on the sign-in screen; the
# supervisor reads the audit log in its list.
. "$(dirname "$0")/../integration/lib.sh"

KB_TERM=vt100
export KB_TERM
kb_start_sandbox --operator-idle 8
kb_start_daemon

KB="env TERM=vt100 $B/kabinet --no-start-daemon"

# sign_in LOGIN PASSWORD SECRET: from the operator sign-in to the desk.
sign_in () {
	kb_tmux_wait_for "Operator sign-in" &&
	kb_tmux_type "$1" && kb_tmux_send Enter &&
	kb_tmux_type "$2" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Authenticator code" &&
	kb_tmux_type "$(sh "$SRC/tests/tools/op-totp.sh" "$3")" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Operator desk:"
}

test_expect_success 'o on the start screen switches to the operator sign-in' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "o Operator sign-in" &&
	kb_tmux_send o &&
	sign_in op.petrov Operator2026 JBSWY3DPEHPK3PXP
'

test_expect_success 'an operator may not open the audit log' '
	kb_tmux_send a &&
	kb_tmux_wait_for "The audit log is for supervisors"
'

test_expect_success 'reset a verified caller'"'"'s password' '
	kb_tmux_send f &&
	kb_tmux_wait_for "Contract no." &&
	kb_tmux_send Enter Enter &&
	kb_tmux_type "петрова" &&
	kb_tmux_send Enter &&
	kb_tmux_type "02.03.1988" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Петрова М. О." &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "(cl_1002)" &&
	kb_tmux_wait_for "СС-2026-000001" &&
	kb_tmux_wait_for "Payments" &&
	kb_tmux_wait_for "none switched on" &&
	kb_tmux_send r &&
	kb_tmux_wait_for "identity first" &&
	kb_tmux_send v &&
	kb_tmux_type 4511 && kb_tmux_send Enter &&
	kb_tmux_type 654321 && kb_tmux_send Enter &&
	kb_tmux_type 02.03.1988 && kb_tmux_send Enter &&
	kb_tmux_wait_for "Identity confirmed" &&
	kb_tmux_send r &&
	kb_tmux_wait_for "temporary password by SMS?" &&
	kb_tmux_send y &&
	kb_tmux_wait_for "A temporary password was sent by SMS to +7 9** ***-**-02" &&
	kb_tmux_wait_for "must change the password" &&
	TEMP=$(kb_sms_code +79000000002) &&
	test ${#TEMP} = 10 &&
	# the old password is void; the temporary one is taken
	code=$(curl -s -o /dev/null -w "%{http_code}" --cacert "$KB_CA" \
	    -H "Content-Type: application/json" -d "{\"phone\":\"+79000000002\",\"password\":\"Second2026\",\"device_id\":\"t0910\"}" \
	    "$SANDBOX_URL/v1/auth/login") &&
	test "$code" = 401 &&
	code=$(curl -s -o /dev/null -w "%{http_code}" --cacert "$KB_CA" \
	    -H "Content-Type: application/json" -d "{\"phone\":\"+79000000002\",\"password\":\"$TEMP\",\"device_id\":\"t0910\"}" \
	    "$SANDBOX_URL/v1/auth/login") &&
	test "$code" = 202
'

test_expect_success 'after the idle limit the desk returns to sign-in and says why' '
	kb_tmux_wait_for "without work; sign in again" 15 &&
	kb_tmux_wait_for "Operator sign-in" &&
	kb_call operator.status >out &&
	kb_expect_json out .signed_in false
'

test_expect_success 'the supervisor reads the audit log, newest first' '
	sign_in sup.sidorova Supervisor2026 KRSXG5CTMVRXEZLU &&
	kb_tmux_wait_for "a  Audit log" &&
	kb_tmux_send a &&
	kb_tmux_wait_for "Client id" &&
	kb_tmux_type op.petrov &&
	kb_tmux_send Enter Enter Enter Enter &&
	kb_tmux_wait_for "Audit log: " &&
	kb_tmux_wait_for "password reset" &&
	kb_tmux_wait_for "identity check" &&
	! kb_tmux_capture | grep -q "sup.sidorova" &&
	kb_tmux_capture >screen &&
	test "$(wc -L <screen)" -le 80 &&
	# newest first: the reset above the check that allowed it
	test "$(grep -n "password reset" screen | head -1 | cut -d: -f1)" -lt \
	    "$(grep -n "identity check" screen | head -1 | cut -d: -f1)" &&
	kb_tmux_send Down Down &&
	kb_tmux_send Escape Escape &&
	kb_tmux_wait_for "a  Audit log" &&
	kb_tmux_send o &&
	kb_tmux_wait_for "Operator sign-in"
'

test_expect_success 'F6 on the borrower sign-in switches to the operator desk' '
	kb_tmux_stop &&
	KB_TERM=tmux-256color kb_tmux_start 80 24 $B/kabinet --no-start-daemon &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_send F6 &&
	kb_tmux_wait_for "Operator sign-in" &&
	kb_tmux_wait_gone "Sign in to your personal account"
'

test_done
