#!/bin/sh
# t0610-gosuslugi — "Войти через Госуслуги" in the terminal: F7 on the
# sign-in screen shows the sandbox's sign-in address, its QR code in half
# blocks and the user code with a countdown; approving on the sandbox's
# page (curl, as a phone would) signs in without a key press; a denial is
# said so; on a terminal that is not UTF-8 the QR code is ASCII.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"

# decide PERSON ACTION: acts on the sign-in whose code is on the screen,
# as the user does on the page.
decide () {
	code=$(kb_tmux_capture | grep -oE "Code: [A-Z2-9]{4}-[A-Z2-9]{4}" |
	    head -n 1 | cut -d" " -f2) &&
	test -n "$code" &&
	curl -sS --cacert "$KB_CA" -o /dev/null -w "%{http_code}" \
	    --data "user_code=$code&person=$1&action=$2" "$SANDBOX_URL/esia"
}

test_expect_success 'F7 on the sign-in screen shows the address, the code and a QR code' '
	kb_tmux_start 100 50 $KB &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "F7 Gosuslugi" &&
	kb_tmux_send F7 &&
	kb_tmux_wait_for "$SANDBOX_URL/esia" &&
	kb_tmux_wait_for "Waiting for Gosuslugi" &&
	kb_tmux_capture | grep -qE "Code: [A-Z2-9]{4}-[A-Z2-9]{4}" &&
	test "$(kb_tmux_capture | grep -c "[▀▄█]")" -ge 10
'

test_expect_success 'a denial on the page is said so' '
	test "$(decide ivanov deny)" = 200 &&
	kb_tmux_wait_for "The sign-in was refused on Gosuslugi" 15 &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "F7 Gosuslugi"
'

test_expect_success 'approval on the page signs in by itself' '
	kb_tmux_send F7 &&
	kb_tmux_wait_for "$SANDBOX_URL/esia" &&
	test "$(decide ivanov approve)" = 200 &&
	kb_tmux_wait_for "Иван Иванов" 15 &&
	kb_tmux_wait_for "signed in" &&
	kb_tmux_send o &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send F10 &&
	kb_tmux_wait_exit 5
'

test_expect_success 'on a terminal that is not UTF-8 the QR code is ASCII' '
	KB_LANG=C kb_tmux_start 120 60 env LANG=C LC_ALL=C $KB &&
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "F7" &&
	kb_tmux_send F7 &&
	kb_tmux_wait_for "$SANDBOX_URL/esia" &&
	test "$(kb_tmux_capture | grep -c "####")" -ge 10 &&
	! kb_tmux_capture | grep -q "[▀▄█]"
'

test_done
