#!/bin/sh
# t0515-stay-signed-in — staying signed in, in the terminal: signed in
# once (the other phone formats the form takes on the way), a new kabinet
# opens on the dashboard; the daemon killed with SIGKILL under a running
# kabinet, and a new kabinet after that, are still signed in (the session
# comes back from the Secret Service, not from a file).
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
PHONE=+79000000001

test_expect_success 'the form takes +7 (900) … and 79000000001, shown normalised' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Press Enter to sign in" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_type "+7 (900) 000-00-01" &&
	kb_tmux_send Tab &&
	kb_tmux_wait_for "Phone [+7 900 000-00-01" &&
	kb_tmux_send BTab &&
	kb_tmux_send C-u &&
	kb_tmux_type "79000000001" &&
	kb_tmux_send Tab &&
	kb_tmux_wait_for "Phone [+7 900 000-00-01"
'

test_expect_success 'sign in with the SMS code: the dashboard' '
	kb_tmux_type "Demo2026" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "The code expires in" 15 &&
	code=$(kb_sms_code $PHONE) &&
	kb_tmux_type "$code" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Hello, Иван Иванов" 15 &&
	secret-tool lookup lender "$SANDBOX_URL" >/dev/null
'

test_expect_success 'a new kabinet opens signed in, on the dashboard' '
	kb_tmux_send F10 &&
	kb_tmux_wait_exit 5 &&
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Hello, Иван Иванов" 15 &&
	kb_tmux_wait_for "signed in" &&
	! kb_tmux_capture | grep -q "Press Enter to sign in"
'

test_expect_success 'kill -9 of the daemon: the running kabinet is still signed in' '
	kb_kill_daemon &&
	kb_tmux_wait_for "daemon: reconnecting" &&
	kb_start_daemon &&
	kb_tmux_wait_for "daemon: connected" 15 &&
	kb_tmux_wait_for "Hello, Иван Иванов" &&
	kb_tmux_alive
'

test_expect_success 'kill -9 again, a new daemon: a new kabinet is still signed in' '
	kb_tmux_send F10 &&
	kb_tmux_wait_exit 5 &&
	kb_kill_daemon &&
	kb_start_daemon &&
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Hello, Иван Иванов" 15 &&
	kb_tmux_wait_for "signed in" &&
	# and the lender still takes the session: no sign-in screen after
	# the daemon asks it
	kb_call session.check >out &&
	kb_expect_json out .state signed_in &&
	kb_tmux_send F10 &&
	kb_tmux_wait_exit 5
'

test_expect_success 'no file under the home, config, state or runtime dirs holds a token' '
	ACCESS=$(secret-tool lookup lender "$SANDBOX_URL" | jq -r .access_token) &&
	REFRESH=$(secret-tool lookup lender "$SANDBOX_URL" | jq -r .refresh_token) &&
	test ${#ACCESS} -ge 20 && test ${#REFRESH} -ge 20 &&
	for d in "$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" \
	    "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$TEST_DIR"; do
		! grep -rqF -e "$ACCESS" -e "$REFRESH" "$d" || return 1
	done
'

test_done
