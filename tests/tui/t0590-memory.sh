#!/bin/sh
# t0590-memory — with no Secret Service (kabinetd --no-keyring) the
# dashboard says, once per run, that the session lives in memory only.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon --no-keyring

KB="$B/kabinet --no-start-daemon"
PHONE=+79000000001

test_expect_success 'signing in shows the memory-only notice' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send Enter &&
	kb_tmux_type "$PHONE" && kb_tmux_send Enter &&
	kb_tmux_type "Demo2026" && kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	code=$(kb_sms_code $PHONE) &&
	kb_tmux_type "$code" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Hello, " 15 &&
	kb_tmux_wait_for "Session kept in memory only: no Secret Service is running"
'

test_expect_success 'the settings say so too' '
	kb_tmux_send s &&
	kb_tmux_wait_for "kept in memory only (no Secret Service)" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Hello, "
'

test_expect_success 'only once per run: not again after signing in again' '
	kb_tmux_send o &&
	kb_tmux_wait_for "Press Enter to sign in" &&
	kb_tmux_send Enter &&
	kb_tmux_type "Demo2026" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Hello, " 15 &&
	sleep 0.5 &&
	! kb_tmux_capture | grep -q "Session kept in memory only"
'

test_done
