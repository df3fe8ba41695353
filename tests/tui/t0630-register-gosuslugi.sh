#!/bin/sh
# t0630-register-gosuslugi — "Заполнить через Госуслуги" in the wizard:
# F7 on the personal data shows the QR screen; approval on the sandbox's
# page fills the verified fields, which then cannot be edited; the rest is
# typed and the lender accepts the profile as verified.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
NEW=+79000000066

test_expect_success 'to the personal data step' '
	kb_tmux_start 100 50 $KB &&
	kb_tmux_wait_for "k Calculator" &&
	kb_tmux_send r &&
	kb_tmux_wait_for "Step 1 of 4" &&
	kb_tmux_type "8 900 000-00-66" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	kb_tmux_type "$(kb_sms_code $NEW)" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Step 2 of 4" 15 &&
	kb_tmux_wait_for "F7 Fill from Gosuslugi"
'

test_expect_success 'F7, approval on the page, and the verified fields are filled read-only' '
	kb_tmux_send F7 &&
	kb_tmux_wait_for "$SANDBOX_URL/esia" &&
	kb_tmux_wait_for "Code: " &&
	code=$(kb_tmux_capture | grep -oE "Code: [A-Z2-9]{4}-[A-Z2-9]{4}" | head -n 1 | cut -d" " -f2) &&
	test "$(curl -sS --cacert "$KB_CA" -o /dev/null -w "%{http_code}" \
	    --data "user_code=$code&person=sidorov&action=approve" \
	    "$SANDBOX_URL/esia")" = 200 &&
	kb_tmux_wait_for "Filled from Gosuslugi" 15 &&
	kb_tmux_wait_for "Сидоров" &&
	kb_tmux_wait_for "778899" &&
	kb_tmux_send Up Up Up Up Up Up Up Up &&
	kb_tmux_type "X" && kb_tmux_send C-u &&
	sleep 0.3 &&
	kb_tmux_capture | grep -q "Surname \[Сидоров "
'

test_expect_success 'the rest typed, the lender takes the verified profile' '
	kb_tmux_send Down Down Down Down Down Down Down Down &&
	kb_tmux_type "Москва, ул. Тверская, 1" && kb_tmux_send Tab &&
	kb_tmux_type "petr@example.ru" && kb_tmux_send Tab &&
	kb_tmux_type "60000" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Step 3 of 4" 15
'

test_done
