#!/bin/sh
# t0782-rate-limit — the lender's SMS limit reached in a normal first
# session: the screen says what was limited (SMS codes to this number) and
# until when in local time, and no "Waiting for the SMS code…" is left
# waiting for a code that is not coming; a lender that does not answer
# is said to be awaited, with Esc to stop waiting.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
P2=+79000000002

test_expect_success 'setup: signed in, then every SMS of the hour spent' '
	kb_signin $P2 Second2026 &&
	i=0 &&
	while [ "$(sms_count $P2)" -lt 5 ]; do
		i=$((i + 1)) &&
		req POST /v1/auth/login "{\"phone\":\"$P2\",\"password\":\"Second2026\",\"device_id\":\"rl$i\"}" >/dev/null ||
		return 1
	done &&
	st=$(req POST /v1/auth/login "{\"phone\":\"$P2\",\"password\":\"Second2026\",\"device_id\":\"rlx\"}") &&
	test "$st" = 429
'

test_expect_success 'a service switched on: the limit is named with its time, no spinner' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Due today" &&
	kb_tmux_send s && kb_tmux_wait_for "Optional services" &&
	kb_tmux_send v &&
	kb_tmux_wait_for "[ ] Loan insurance" &&
	kb_tmux_send Down && kb_tmux_send Enter &&
	kb_tmux_wait_for "Too many SMS codes" &&
	# Moscow time, as every time on the screen (TZ is UTC here)
	until=$(date -u -d "@$(( $(date +%s) + 3600 + 10800 ))" +%H:%M) &&
	until2=$(date -u -d "@$(( $(date +%s) + 3540 + 10800 ))" +%H:%M) &&
	kb_tmux_capture | tr "\n" " " | tr -s " " |
	    grep -qE "to this number; a new one can be sent after ([0-9-]{10} )?($until|$until2)" &&
	! kb_tmux_capture | grep -q -e "Waiting for the SMS code" \
	    -e "Asking the lender"
'


test_expect_success 'a lender that does not answer: the wait is said, Esc stops it' '
	kb_tmux_send s && kb_tmux_wait_for "Optional services" &&
	kb_tmux_send v && kb_tmux_wait_for "[ ] Legal help" &&
	expect 200 POST /sandbox/faults "{\"latency_ms\":25000}" &&
	kb_tmux_send Down Down && kb_tmux_send Enter &&
	kb_tmux_wait_for "Asking the lender to send an SMS code" &&
	kb_tmux_wait_for "No answer from the lender for" 20 &&
	kb_tmux_wait_for "Esc stops waiting" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_gone "No answer from the lender" &&
	expect 200 DELETE /sandbox/faults
'

test_expect_success 'in Russian the same, with the time' '
	KB_TERM=vt100 kb_tmux_start 80 24 env LANGUAGE=ru \
	    KABINET_LOCALEDIR=$B/locale $KB &&
	kb_tmux_wait_for "Настройки" &&
	kb_tmux_send s && kb_tmux_wait_for "Дополнительные услуги" &&
	kb_tmux_send v &&
	kb_tmux_wait_for "[ ] Страхование займа" &&
	kb_tmux_send Down && kb_tmux_send Enter &&
	kb_tmux_wait_for "слишком много SMS-кодов" &&
	kb_tmux_capture | tr "\n" " " | tr -s " " |
	    grep -qE "можно будет отправить после ([0-9.]{10} )?[0-9]{2}:[0-9]{2}"
'

test_done
