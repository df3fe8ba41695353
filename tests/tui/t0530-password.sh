#!/bin/sh
# t0530-password — "Forgot password?": phone and surname, the same answer
# either way, a temporary password by SMS, signing in with it, the forced
# change (policy checked in the form; no other screen until done), and
# changing the password again from the settings.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
PHONE=+79000000002
sms () {
	sh "$SRC/tests/tools/sms-code.sh" $PHONE "$1"
}

test_expect_success 'forgot password: phone and surname, one neutral answer' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_type "+7 (900) 000-00-02" &&
	kb_tmux_send F4 &&
	kb_tmux_wait_for "Enter your mobile number and surname" &&
	kb_tmux_wait_for "+7 900 000-00-02" &&
	kb_tmux_type "Петрова" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "If the phone and surname match an account" &&
	temp=$(sms 1) && test -n "$temp"
'

test_expect_success 'a wrong surname gets the very same answer, and no SMS' '
	kb_tmux_send C-u &&
	kb_tmux_type "Сидорова" &&
	kb_tmux_wait_gone "If the phone and surname match an account" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "If the phone and surname match an account" &&
	sleep 0.5 &&
	n=$(curl -fsS --cacert "$KB_CA" -G --data-urlencode "phone=$PHONE" \
	    "$SANDBOX_URL/sandbox/sms" | jq ".items | length") &&
	test "$n" = 1
'

test_expect_success 'signing in with the temporary password forces a change' '
	temp=$(sms 1) &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_send Tab C-u &&
	kb_tmux_type "$temp" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	code=$(sms 2) &&
	kb_tmux_type "$code" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Choose a new password" 15 &&
	kb_tmux_wait_for "at least 8" &&
	! kb_tmux_capture | grep -q "F1 Help" &&
	! kb_tmux_capture | grep -q "Esc Back"
'

test_expect_success 'no other screen can be reached from the forced change' '
	kb_tmux_send Escape F1 &&
	sleep 0.5 &&
	kb_tmux_wait_for "Choose a new password" &&
	! kb_tmux_capture | grep -q "Keys on the"
'

test_expect_success 'the policy is checked in the form before sending' '
	kb_tmux_type "short1" && kb_tmux_send Enter &&
	kb_tmux_type "short1" && kb_tmux_send Enter &&
	kb_tmux_wait_for "at least 8 characters" &&
	kb_tmux_send C-u && kb_tmux_type "onlyletters" &&
	kb_tmux_send Enter Enter &&
	kb_tmux_wait_for "both letters and digits" &&
	kb_tmux_send C-u && kb_tmux_type "x9000000002" &&
	kb_tmux_send Enter Enter &&
	kb_tmux_wait_for "must not be your phone number" &&
	kb_tmux_send C-u && kb_tmux_type "Fresh2027x" &&
	kb_tmux_send Enter C-u && kb_tmux_type "Fresh2027y" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "The two new passwords differ"
'

test_expect_success 'the change is confirmed by SMS and leads to the dashboard' '
	kb_tmux_send C-u && kb_tmux_type "Fresh2027x" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	code=$(sms 3) &&
	kb_tmux_type "$code" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Hello, " 15 &&
	kb_tmux_wait_for "s Settings"
'

test_expect_success 'settings: change the password (old, new, repeat, SMS)' '
	kb_tmux_send s &&
	kb_tmux_wait_for "p Change password" &&
	kb_tmux_send p &&
	kb_tmux_wait_for "Current password" &&
	kb_tmux_type "Fresh2027x" && kb_tmux_send Enter &&
	kb_tmux_type "Other2028y" && kb_tmux_send Enter &&
	kb_tmux_type "Other2028y" && kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	code=$(sms 4) &&
	kb_tmux_type "$code" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Your password has been changed" 15 &&
	kb_tmux_send Enter &&
	kb_tmux_wait_gone "Your password has been changed"
'

test_expect_success 'the new password works' '
	kb_call auth.logout >/dev/null &&
	kb_tmux_wait_for "signed out" &&
	kb_call auth.login "{\"phone\":\"$PHONE\",\"password\":\"Other2028y\"}" \
	    >out &&
	jq -e ".state == \"signed_in\"" out
'

test_done
