#!/bin/sh
# t0622-register-fields — registration at 80x24 never dead-ends silently:
# a required field left empty is named at the field, the cursor goes
# there, nothing is sent, and the error stays (through Tab, Enter and
# going round the form) until that field changes.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon
KB="$B/kabinet --no-start-daemon"
NEW=+79000000098


test_expect_success 'setup: the wizard at its personal data step' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "k Calculator" &&
	kb_tmux_send k && kb_tmux_wait_for "To repay" &&
	kb_tmux_send a &&
	kb_tmux_wait_for "Step 1 of 4: your mobile phone" &&
	kb_tmux_type "8 900 000-00-98" && kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	kb_tmux_type "$(kb_sms_code $NEW)" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Step 2 of 4: personal data" 15
'

test_expect_success 'everything but the surname, Enter on the last field: the surname says so' '
	kb_tmux_send Tab &&
	for v in "Пётр" "Алексеевич" "20.07.1995" "4513" "778899" \
	    "01.08.2015" "770-002" "Москва, ул. Тверская, 1" \
	    "petr@example.ru"; do
		kb_tmux_type "$v" && kb_tmux_send Tab || return 1
	done &&
	kb_tmux_type "60000" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "! Required" &&
	kb_tmux_wait_for "Correct the fields marked with !" &&
	kb_tmux_cursor_line | grep -q "Surname" &&
	kb_tmux_capture | grep -A1 "Surname" | grep -q "! Required" &&
	! grep -q "register.profile" "$DAEMON_LOG"
'

test_expect_success 'the error stays through Tab and Enter until the field changes' '
	kb_tmux_send Tab Tab &&
	kb_retry 5 "kb_tmux_cursor_line | grep -q Patronymic" &&
	kb_tmux_capture | grep -A1 "Surname" | grep -q "! Required" &&
	kb_tmux_send Up Up Up &&
	kb_retry 5 "kb_tmux_cursor_line | grep -q \"Monthly income\"" &&
	kb_tmux_send Enter &&
	kb_retry 5 "kb_tmux_cursor_line | grep -q Surname" &&
	kb_tmux_cursor_line | grep -q "Surname" &&
	kb_tmux_capture | grep -A1 "Surname" | grep -q "! Required" &&
	kb_tmux_type "Сидоров" &&
	kb_tmux_wait_gone "! Required" &&
	! grep -q "register.profile" "$DAEMON_LOG"
'

test_expect_success 'the daemon'"'"'s verdict on a field replaces "Checking…"' '
	kb_tmux_send C-u && kb_tmux_type "Smith" &&
	kb_tmux_send Up && kb_tmux_wait_for "Monthly income" &&
	kb_retry 5 "kb_tmux_cursor_line | grep -q \"Monthly income\"" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "! Cyrillic letters, as in the passport" 15 &&
	kb_tmux_wait_for "Correct the fields marked with !" &&
	! kb_tmux_capture | grep -q "Checking" &&
	kb_tmux_cursor_line | grep -q "Surname" &&
	kb_tmux_send C-u && kb_tmux_type "Сидоров"
'

test_expect_success 'filled, it goes on to the documents' '
	kb_tmux_send Enter Enter Enter Enter Enter Enter Enter Enter Enter \
	    Enter Enter &&
	kb_tmux_wait_for "Step 3 of 4: documents" 15
'

test_done
