#!/bin/sh
# t0784-stale-screens — after every action and pushed event what it
# changed is read anew and drawn: after a partial payment F3 offers what
# is due now (not the old full amount) and the next payment can be made;
# after an extension the screen counts it; after a forced re-sign-in the
# repay screen shows the loan as it is now; a service switched on from
# another terminal shows on the open services screen.  (The registration case,
# "Checking…" under an error, is in t0622; the confirmed phone beside
# "restricted" in t0900.)
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
P2=+79000000002

test_expect_success 'a partial payment, then F3 offers what is due now' '
	kb_signin $P2 Second2026 &&
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Due today                 10,800.00 RUB" &&
	kb_tmux_send p && kb_tmux_wait_for "Repay the loan" &&
	kb_tmux_wait_for "Mir 220070…1111" &&
	kb_tmux_type "1500" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Pay 1,500.00 RUB" &&
	kb_tmux_send y &&
	kb_tmux_wait_for "Paid                      1,500.00 RUB" &&
	kb_tmux_send F3 &&
	kb_tmux_wait_for "[9300.00" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Pay 9,300.00 RUB" &&
	kb_tmux_send n &&
	kb_tmux_wait_gone "Pay 9,300.00 RUB" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Due today                 9,300.00 RUB"
'

test_expect_success 'after an extension the screen counts it' '
	kb_tmux_send e &&
	kb_tmux_wait_for "0 of 5 used" &&
	kb_tmux_type "5" && kb_tmux_send Enter &&
	kb_tmux_wait_for "move the due date" &&
	kb_tmux_send y &&
	kb_tmux_wait_for "Extended" &&
	kb_tmux_wait_for "1 of 5 used" &&
	kb_tmux_send Escape
'

test_expect_success 'after a forced re-sign-in the repay screen shows the loan as it is' '
	kb_tmux_send p && kb_tmux_wait_for "Repay the loan" &&
	kb_tmux_wait_for "Due today                 9,300.00 RUB" &&
	curl -fsS --cacert "$KB_CA" -X POST -H "Content-Type: application/json" \
	    -d "{\"advance_seconds\": 2678400}" \
	    "$SANDBOX_URL/sandbox/clock" >/dev/null &&
	test_must_fail kb_call session.check >out &&
	kb_tmux_wait_for "Your session has expired; sign in again" &&
	kb_tmux_send C-u && kb_tmux_type "$P2" && kb_tmux_send Tab &&
	kb_tmux_type "Second2026" && kb_tmux_send Enter &&
	kb_tmux_wait_gone "Sign in to your personal account" 15 &&
	kb_tmux_wait_for "Repay the loan" &&
	kb_tmux_wait_for "СС-2026-000001, overdue" 15 &&
	kb_tmux_wait_gone "Due today                 9,300.00 RUB" &&
	kb_tmux_wait_for "Penalty" &&
	! kb_tmux_capture | grep -q "You have no loan to repay"
'

test_expect_success 'a service switched on elsewhere shows on the open services screen' '
	kb_tmux_send Escape && kb_tmux_wait_for "Settings" &&
	kb_tmux_send s && kb_tmux_wait_for "Optional services" &&
	kb_tmux_send v && kb_tmux_wait_for "[ ] Legal help" &&
	N=$(sms_count $P2) &&
	cat >flow <<-EOS &&
	send service.set {"service_id":"legal","enabled":true}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $P2 $((N + 1))
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect service.enabled true
	EOS
	"$KBCALL" --script flow >/dev/null &&
	kb_tmux_wait_for "[x] Legal help" 15
'

test_done
