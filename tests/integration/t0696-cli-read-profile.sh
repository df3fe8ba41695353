#!/bin/sh
# t0696-cli-read-profile — the command line does what the TUI does with
# the lender's messages and My profile: `kabinet notifications` shows each
# message's id, `notifications read ID` marks that one read (the count
# drops, here and in status --short) and `read --all` every one; `kabinet
# profile email ADDRESS` and `profile postal-address TEXT` change them
# after the SMS code, a bad e-mail is refused with nothing sent, a wrong
# code with no other to follow (the end of --code-fd) cancels at once and
# changes nothing, and a wrong code then the right one changes it.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
DAY=86400
RU="env LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale"

kb () {
	"$B/kabinet" -S "$KB_SOCKET" --no-start-daemon "$@"
}
kb_start_sandbox
kb_start_daemon

test_expect_success 'two messages, each listed with its id' '
	kb_signin $P2 Second2026 &&
	kb_clock_advance $((17 * DAY)) &&
	kb_retry 10 "kb status --short | grep -q \"· 1 unread\"" &&
	kb_clock_advance $((2 * DAY)) &&
	kb_retry 10 "kb status --short | grep -q \"· 2 unread\"" &&
	kb notifications --json >n.json &&
	ID=$(jq -r ".items[0].id" n.json) &&
	kb notifications >n.txt &&
	grep -q "^\* $ID  .*  Payment due tomorrow$" n.txt
'

test_expect_success 'notifications read ID: that one is read' '
	kb notifications read "$ID" >r.txt &&
	grep -qx "Marked read: Payment due tomorrow" r.txt &&
	kb status --short | grep -q "· 1 unread" &&
	kb notifications >n.txt &&
	! grep -q "Payment due tomorrow" n.txt &&
	grep -q "Payment due in 3 days" n.txt &&
	test_must_fail_rc 2 kb notifications read &&
	! kb notifications read nt_999999 2>err &&
	kb status --short | grep -q "· 1 unread"
'

test_expect_success 'notifications read --all: every one; in Russian too' '
	$RU "$B/kabinet" -S "$KB_SOCKET" --no-start-daemon notifications read --all >r.txt &&
	grep -qx "Все сообщения отмечены прочитанными" r.txt &&
	test "$(kb status --short | grep -c unread)" = 0 &&
	kb notifications >n.txt &&
	grep -qx "No unread messages." n.txt
'

test_expect_success 'profile email: a bad one refused, nothing sent' '
	n=$(sms_count $P2) &&
	test_must_fail kb profile email not-an-email >out 2>err &&
	grep -q "E-mail: Not an e-mail address" err &&
	test "$(sms_count $P2)" = "$n"
'

test_expect_success 'profile email: a wrong code, then no more: cancelled' '
	! kb_with_code -c 000000 $P2 profile email new@example.ru &&
	grep -q "Wrong code; 2 attempts left" err &&
	grep -q "^kabinet: Cancelled" err &&
	kb profile --json >p.json &&
	test "$(jq -r .profile.email p.json)" != new@example.ru
'

test_expect_success 'profile email (a wrong code first) and postal-address: changed' '
	kb_with_code -c 000000 -c next $P2 profile email new@example.ru &&
	grep -q "Wrong code; 2 attempts left" err &&
	grep -q "^The e-mail is changed" out &&
	grep -q "^E-mail: new@example.ru" out &&
	kb_with_code $P2 profile postal-address "190000, Санкт-Петербург, Невский пр., 1" &&
	grep -q "^The postal address is changed" out &&
	kb profile --json >p.json &&
	kb_expect_json p.json .profile.email new@example.ru &&
	kb_expect_json p.json .profile.postal_address "190000, Санкт-Петербург, Невский пр., 1"
'

test_done
