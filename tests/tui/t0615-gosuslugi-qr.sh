#!/bin/sh
# t0615-gosuslugi-qr — the Gosuslugi QR code at 80x24 is whole and
# scannable: the captured screen, rendered to an image as the terminal
# shows it (tests/tools/screenpbm), decodes with an independent decoder
# (zbarimg) to the address with the user code the screen shows.  Where it
# cannot fit (ASCII), the screen says so and shows the address and the
# code large.
. "$(dirname "$0")/../integration/lib.sh"

command -v zbarimg >/dev/null || kb_skip_all "zbarimg (zbar-tools) is missing"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"

# to_esia: from the start screen to the Gosuslugi screen.
to_esia () {
	kb_tmux_wait_for "signed out" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Sign in to your personal account" &&
	kb_tmux_send C-g &&
	kb_tmux_wait_for "Code: "
}

test_expect_success 'at 80x24 the QR code decodes to the address with the code shown' '
	kb_tmux_start 80 24 $KB &&
	to_esia &&
	kb_tmux_capture >screen &&
	code=$(grep -oE "Code: [A-Z2-9]{4}-[A-Z2-9]{4}" screen | cut -d" " -f2) &&
	grep -qF "$SANDBOX_URL/esia" screen &&
	"$B/tests/tools/screenpbm" <screen >screen.pbm &&
	zbarimg -q --raw screen.pbm >decoded 2>zbar.err &&
	test "$(cat decoded)" = "$SANDBOX_URL/esia?code=$code"
'

test_expect_success 'not UTF-8 at 80x24: it says the QR code does not fit, and shows the address and the code large' '
	kb_tmux_send F10 &&
	kb_tmux_wait_exit 5 &&
	KB_LANG=C kb_tmux_start 80 24 env LANG=C LC_ALL=C $KB &&
	to_esia &&
	kb_tmux_wait_for "does not fit" &&
	kb_tmux_capture >screen &&
	grep -qF "$SANDBOX_URL/esia" screen &&
	code=$(grep -oE "Code: [A-Z2-9]{4}-[A-Z2-9]{4}" screen | cut -d" " -f2) &&
	test -n "$code" &&
	test "$(grep -c "#" screen)" = 5 &&
	test "$(grep "#" screen | awk "{ print length(\$0) }" | sort -n | tail -n 1)" -ge 45 &&
	cp screen "$TEST_DIR/ascii-screen"
'

test_done
