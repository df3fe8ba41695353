#!/bin/sh
# t0560-code — the SMS code prompt's clocks: once resend_at has passed,
# F5 sends a new code; an expired code says so and Enter asks for a new
# one.  (The resend moves the clock of the TUI, daemon and sandbox a
# minute on; the expiry moves only the sandbox's, so it comes last.)
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
PHONE=+79000000001
sms () {
	sh "$SRC/tests/tools/sms-code.sh" $PHONE "$1"
}
advance () {
	curl -fsS --cacert "$KB_CA" -X POST -H "Content-Type: application/json" \
	    -d "{\"advance_seconds\": $1}" "$SANDBOX_URL/sandbox/clock" \
	    >/dev/null
}

test_expect_success 'sign in up to the SMS code prompt' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send Enter &&
	kb_tmux_type "+79000000001" && kb_tmux_send Enter &&
	kb_tmux_type "Demo2026" && kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	kb_tmux_wait_for "F5 Send a new code" &&
	kb_tmux_wait_for "A new code can be sent in 0:5"
'

test_expect_success 'F5 is refused (by the lender) before resend_at, then sends a new code' '
	kb_tmux_send F5 &&
	kb_retry 10 "kb_tmux_capture | grep -q -e \"A new code can be sent at\" -e \"A new code cannot be sent yet\"" &&
	kb_clock_advance 60 &&
	kb_tmux_wait_for "F5 sends a new code" &&
	kb_tmux_send F5 &&
	kb_tmux_wait_for "A new code has been sent" &&
	test -n "$(sms 2)" &&
	kb_tmux_wait_for "A new code can be sent in 0:5"
'

test_expect_success 'an expired code says so; Enter asks for a new one' '
	code=$(sms 2) &&
	advance 400 &&
	kb_tmux_type "$code" && kb_tmux_send Enter &&
	kb_tmux_wait_for "The code has expired" &&
	kb_tmux_wait_for "press Enter for a new code" &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	new=$(sms 3) && test -n "$new" &&
	kb_tmux_type "$new" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Hello, " 15
'

test_done
