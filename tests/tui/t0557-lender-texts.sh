#!/bin/sh
# t0557-lender-texts — the lender's words never show in English in a
# Russian session: the history (screen and command line) is rendered from
# the lender's text codes and parameters, so a partial repayment, the
# loan's interest and its payout read in Russian; English sessions read
# them in English; a code kabinet does not know shows the lender's words.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
RU="env LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale"
P2=+79000000002

test_expect_success 'setup: a partial repayment; the lender gives codes' '
	kb_signin $P2 Second2026 &&
	kb pay --yes 100 >/dev/null &&
	kb history --json >h.json &&
	jq -e "[.[].text.code] | index(\"partial_repayment\") != null" h.json &&
	jq -e "[.[].text.code] | index(\"interest_term\") != null" h.json &&
	jq -e "[.[].text.code] | index(\"loan_paid_out\") != null" h.json
'

test_expect_success 'the history screen in Russian: no English from the lender' '
	kb_tmux_start 100 24 $RU $KB &&
	kb_tmux_wait_for "Настройки" &&
	kb_tmux_send h &&
	kb_tmux_wait_for "частичное погашение" &&
	kb_tmux_wait_for "проценты по договору СС-2026-000001" &&
	kb_tmux_wait_for "заём по договору СС-2026-000001 выдан" &&
	! kb_tmux_capture | grep -qE "partial repayment|interest for|paid out"
'

test_expect_success 'the command line in Russian, and in English' '
	$RU "$B/kabinet" -S "$KB_SOCKET" --no-start-daemon history >ru.txt &&
	grep -q "частичное погашение" ru.txt &&
	grep -q "заём по договору СС-2026-000001 выдан" ru.txt &&
	! grep -qE "partial repayment|interest for|paid out" ru.txt &&
	kb history >en.txt &&
	grep -q "partial repayment" en.txt &&
	grep -q "loan СС-2026-000001 paid out" en.txt
'

test_done
