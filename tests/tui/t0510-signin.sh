#!/bin/sh
# t0510-signin — signing in from the terminal: the phone checked and
# normalised in the form, the password warnings, a wrong password, the
# SMS code prompt (a wrong code, then the right one), the dashboard, and
# logging out.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
PHONE=+79000000001

test_expect_success 'the sign-in screen opens from the start screen' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "daemon: connected" &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_wait_for "F4 Forgot password?"
'

test_expect_success 'a landline number is refused in the form, nothing sent' '
	kb_tmux_type "8 495 123-45-67" &&
	kb_tmux_send Tab &&
	kb_tmux_wait_for "not a Russian mobile number" &&
	kb_tmux_type "Demo2026" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "not a Russian mobile number" &&
	sleep 0.5 &&
	! grep -q "auth.login" "$DAEMON_LOG"
'

test_expect_success 'the phone is shown normalised on leaving the field' '
	kb_tmux_send C-u &&
	kb_tmux_type "8 900 000-00-01" &&
	kb_tmux_send Tab &&
	kb_tmux_wait_for "+7 900 000-00-01" &&
	kb_tmux_wait_gone "not a Russian mobile number"
'

test_expect_success 'the password warns about Caps Lock and a Russian layout' '
	kb_tmux_send C-u &&
	kb_tmux_type "DEMO2026" &&
	kb_tmux_wait_for "Caps Lock on?" &&
	kb_tmux_send C-u &&
	kb_tmux_type "Вуьщ2026" &&
	kb_tmux_wait_for "Russian keyboard layout?" &&
	kb_tmux_wait_gone "Caps Lock on?" &&
	kb_tmux_send C-u &&
	kb_tmux_type "Demo2026" &&
	kb_tmux_wait_gone "Russian keyboard layout?" &&
	! kb_tmux_capture | grep -q "Demo2026"
'

test_expect_success 'a wrong password says so, with the attempts left' '
	kb_tmux_send C-u &&
	kb_tmux_type "Wrong2026" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Wrong phone number or password" &&
	kb_tmux_wait_for "attempts left"
'

test_expect_success 'the right password asks for the SMS code' '
	kb_tmux_type "Demo2026" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	kb_tmux_wait_for "+7 9** ***-**-01" &&
	kb_tmux_wait_for "The code expires in" &&
	kb_tmux_wait_for "A new code can be sent in" &&
	kb_tmux_wait_for "3 attempts left"
'

test_expect_success 'a wrong code says how many attempts remain' '
	code=$(kb_sms_code $PHONE) &&
	test -n "$code" &&
	if [ "$code" = 000000 ]; then bad=111111; else bad=000000; fi &&
	kb_tmux_type "$bad" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Wrong code; 2 attempts left"
'

test_expect_success 'the right code signs in: the dashboard shows the name' '
	code=$(kb_sms_code $PHONE) &&
	kb_tmux_type "$code" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Иван Иванов" 15 &&
	kb_tmux_wait_for "signed in" &&
	kb_tmux_wait_for "o Log out"
'

test_expect_success 'log out goes back to the start screen, signed out' '
	kb_tmux_send o &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_wait_for "Press Enter to sign in" &&
	kb_tmux_wait_gone "Иванов"
'

test_expect_success 'the known device signs in again without a code' '
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_type "Demo2026" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Иван Иванов" 15 &&
	kb_tmux_send F10 &&
	kb_tmux_wait_exit 5
'

test_done
