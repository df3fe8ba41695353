#!/bin/sh
# t0540-session — a session the lender will no longer refresh sends the
# user to the sign-in screen with a message, and signing in again brings
# back the form that was being filled in, with what was typed.  Also the
# lock-out after repeated wrong passwords, and Esc on the SMS prompt.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
PHONE=+79000000001

test_expect_success 'sign in (with the SMS code) and start changing the password' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send Enter &&
	kb_tmux_type "79000000001" && kb_tmux_send Enter &&
	kb_tmux_type "Demo2026" && kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	code=$(kb_sms_code $PHONE) &&
	kb_tmux_type "$code" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Hello, " 15 &&
	kb_tmux_send s && kb_tmux_wait_for "p Change password" &&
	kb_tmux_send p && kb_tmux_wait_for "Current password" &&
	kb_tmux_type "Demo2026" && kb_tmux_send Enter &&
	kb_tmux_type "Half" &&
	kb_tmux_wait_for "[****  "
'

test_expect_success 'a refused refresh: sign-in screen with a message' '
	curl -fsS --cacert "$KB_CA" -X POST -H "Content-Type: application/json" \
	    -d "{\"advance_seconds\": 2678400}" \
	    "$SANDBOX_URL/sandbox/clock" >/dev/null &&
	test_must_fail kb_call session.check >out &&
	jq -e ".data.reason == \"session_expired\"" out &&
	kb_tmux_wait_for "Your session has expired; sign in again" &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_wait_for "+7 900 000-00-01"
'

test_expect_success 'signing in again returns to the form, input kept' '
	kb_tmux_type "Demo2026" && kb_tmux_send Enter &&
	kb_tmux_wait_gone "Sign in to your personal account" 15 &&
	kb_tmux_wait_for "Current password" &&
	kb_tmux_wait_for "[********  " &&
	kb_tmux_wait_for "[****  "
'

test_expect_success 'quitting with a form half filled in asks first' '
	kb_tmux_send F10 &&
	kb_tmux_wait_for "Quit and lose what you have typed?" &&
	kb_tmux_send n &&
	kb_tmux_wait_gone "Quit and lose" &&
	kb_tmux_alive &&
	kb_tmux_send F10 &&
	kb_tmux_wait_for "Quit and lose what you have typed?" &&
	kb_tmux_send y &&
	kb_tmux_wait_exit 5
'

test_expect_success 'five wrong passwords lock the account until HH:MM' '
	kb_call auth.logout >/dev/null;
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send Enter &&
	kb_tmux_type "+79000000002" && kb_tmux_send Enter &&
	for i in 1 2 3 4; do
		kb_tmux_type "Wrong2026x" &&
		kb_tmux_wait_gone "Wrong phone number or password" &&
		kb_tmux_send Enter &&
		kb_tmux_wait_for "Wrong phone number or password" || return 1
	done &&
	for i in 1 2; do
		kb_tmux_type "Wrong2026x" &&
		kb_tmux_wait_gone "Wrong phone number or password" &&
		kb_tmux_send Enter &&
		kb_retry 10 "kb_tmux_capture | grep -q -e \"Wrong phone\" -e \"locked until\"" ||
		return 1
		kb_tmux_capture | grep -q "locked until" && break
	done &&
	kb_tmux_wait_for "The account is locked until" &&
	kb_tmux_capture | grep -E "locked until ([0-9.-]{10} )?[0-2][0-9]:[0-5][0-9]"
'

test_done
