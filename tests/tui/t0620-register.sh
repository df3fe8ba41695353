#!/bin/sh
# t0620-register — the registration wizard in the terminal, from the
# calculator: phone, SMS code, personal data (a bad field is caught in the
# form, nothing sent; the lender's error lands on its field), leaving and
# coming back resumes, the consents each with its document in a pager, a
# password, and the borrower is signed in with the application submitted.
. "$(dirname "$0")/../integration/lib.sh"

kb_start_sandbox
kb_start_daemon

KB="$B/kabinet --no-start-daemon"
NEW=+79000000099

# fill VALUES...: types each value into the next field (Tab between).
fill () {
	for v in "$@"; do
		kb_tmux_send C-u && kb_tmux_type "$v" && kb_tmux_send Tab ||
		    return 1
	done
}

test_expect_success 'from the calculator, a to apply starts the wizard at the phone' '
	kb_tmux_start 100 40 $KB &&
	kb_tmux_wait_for "k Calculator" &&
	kb_tmux_send k &&
	kb_tmux_wait_for "To repay" &&
	kb_tmux_send a &&
	kb_tmux_wait_for "Step 1 of 4: your mobile phone" &&
	kb_tmux_wait_for "Loan: 7,000.00 RUB for 16 days"
'

test_expect_success 'the phone, then the SMS code' '
	kb_tmux_type "8 900 000-00-99" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "SMS code" &&
	kb_tmux_type "$(kb_sms_code $NEW)" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Step 2 of 4: personal data" 15
'

test_expect_success 'a bad field is caught in the form; nothing is sent' '
	fill "Smith" "Пётр" "Алексеевич" "20.07.1995" "4513" "778899" \
	    "01.08.2015" "770-002" "Москва, ул. Тверская, 1" "petr@example.ru" &&
	kb_tmux_type "60000" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Cyrillic letters, as in the passport" &&
	! grep -q "register.profile" "$DAEMON_LOG" ||
	! grep -q "PUT /v1/registrations" "$SANDBOX_LOG"
'

test_expect_success 'the lender'"'"'s field error lands on the passport number' '
	# the form put the cursor on the bad field
	kb_tmux_send C-u && kb_tmux_type "Сидоров" &&
	kb_tmux_send Tab Tab Tab Tab &&
	kb_tmux_send C-u && kb_tmux_type "4510" && kb_tmux_send Tab &&
	kb_tmux_send C-u && kb_tmux_type "123456" && kb_tmux_send Tab &&
	kb_tmux_send C-u && kb_tmux_type "01.06.2016" &&
	kb_tmux_send Tab Tab Tab Tab &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "This passport already has an account" 15
'

test_expect_success 'fixed, the wizard moves to the documents; leaving and coming back resumes there' '
	# the cursor is on the passport number; the series is above it
	kb_tmux_send Up &&
	kb_tmux_send C-u && kb_tmux_type "4513" && kb_tmux_send Tab &&
	kb_tmux_send C-u && kb_tmux_type "778899" && kb_tmux_send Tab &&
	kb_tmux_send Tab Tab Tab Tab &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Step 3 of 4: documents" 15 &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "To repay" &&
	kb_tmux_send a &&
	kb_tmux_wait_for "Step 3 of 4: documents" 15
'

test_expect_success 'each consent its own box; its document opens in a pager' '
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Each document must be accepted" &&
	kb_tmux_send Down &&
	kb_tmux_send v &&
	kb_tmux_wait_for "Согласие на обработку персональных данных" 15 &&
	kb_tmux_wait_for "152-ФЗ" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Step 3 of 4" &&
	kb_tmux_send Space Down Space Down Space &&
	kb_tmux_wait_for "[x] I accept signing by SMS code" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Each document must be accepted" &&
	# the cursor is on the box left unticked
	kb_tmux_send Space &&
	kb_tmux_wait_for "[x] I consent to an automated decision, and may object" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Step 4 of 4" 15
'

test_expect_success 'the password is asked twice; two that differ are refused at once' '
	kb_tmux_wait_for "Repeat it" &&
	kb_tmux_type "Sidorov2026" && kb_tmux_send Enter &&
	kb_tmux_type "Sidorov2062" && kb_tmux_send Enter &&
	kb_tmux_wait_for "The two passwords differ" &&
	kb_tmux_wait_for "Step 4 of 4"
'

test_expect_success 'a weak password is refused; a good one signs in with the application' '
	kb_tmux_type "short1" && kb_tmux_send Enter &&
	kb_tmux_type "short1" && kb_tmux_send Enter &&
	# the lender judges the password when the terms are signed
	kb_tmux_wait_for "Sign with an SMS code" 15 &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "at least 8 characters" &&
	kb_tmux_wait_for "Step 4 of 4" &&
	kb_tmux_type "Sidorov2026" && kb_tmux_send Enter &&
	kb_tmux_type "Sidorov2026" && kb_tmux_send Enter &&
	# the individual terms are on the screen before any code is asked
	kb_tmux_wait_for "Сумма займа: 7000,00 руб." 15 &&
	kb_tmux_wait_for "Полная стоимость займа" &&
	kb_tmux_wait_for "карта заёмщика, которую он привяжет" &&
	kb_tmux_wait_for "Sign with an SMS code" &&
	! kb_tmux_capture | grep -q "to sign the loan" &&
	test -z "$(curl -fsS --cacert "$KB_CA" -G --data-urlencode "phone=$NEW" \
	    "$SANDBOX_URL/sandbox/sms" | jq -r ".items[].text" |
	    grep "подписания договора")" &&
	# Enter signs them, with a code of their own
	kb_tmux_send Enter &&
	kb_tmux_wait_for "to sign the loan" 15 &&
	kb_tmux_type "$(kb_sms_code $NEW)" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Пётр Сидоров" 15 &&
	kb_tmux_wait_for "signed in" &&
	kb_tmux_wait_for "7,000.00 RUB, approved" 15
'

test_done
