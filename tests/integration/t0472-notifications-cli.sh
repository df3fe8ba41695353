#!/bin/sh
# t0472-notifications-cli — kabinet status --short, one line for a shell
# prompt or a tmux status bar, in English and in Russian: signed out, the
# loan due with its amount, the unread messages, overdue; it costs the
# lender no request (the sandbox's request log says so); and kabinet
# notifications [--all] [--json].
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
DAY=86400
RU="env LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale"

# requests: what the lender was asked, but the event stream's long poll
# and the health check, which run on their own.
requests () {
	grep "http_respond:" "$SANDBOX_LOG" | grep -v " /v1/events" |
	    grep -vc " /v1/health"
}

kb_start_sandbox
kb_start_daemon

test_expect_success 'signed out, said briefly' '
	test "$(kb status --short)" = "signed out" &&
	test "$($RU "$B/kabinet" -S "$KB_SOCKET" --no-start-daemon status --short)" = "вход не выполнен"
'

test_expect_success 'signed in: the due date and amount, no unread' '
	kb_signin $P2 Second2026 &&
	DUE=$(TZ=Europe/Moscow date -d "+20 days" +%d.%m) &&
	test "$(kb status --short)" = "due $DUE: 12,400.00 RUB" &&
	test "$($RU "$B/kabinet" -S "$KB_SOCKET" --no-start-daemon status --short)" = "к оплате $DUE: 12 400,00 ₽"
'

test_expect_success 'a reminder: one unread, and no lender request for the line' '
	kb_clock_advance $((17 * DAY)) &&
	kb_retry 10 "kb status --short | grep -q \"· 1 unread\"" &&
	N1=$(requests) &&
	for i in 1 2 3 4 5 6 7 8 9 10; do
		kb status --short >line || return 1
	done &&
	N2=$(requests) &&
	echo "lender requests: $N1 before, $N2 after ten status --short" &&
	test "$N1" = "$N2" &&
	test "$(cat line)" = "due $DUE: 12,400.00 RUB · 1 unread" &&
	test "$($RU "$B/kabinet" -S "$KB_SOCKET" --no-start-daemon status --short)" = "к оплате $DUE: 12 400,00 ₽ · 1 непрочитанное" &&
	kb status --json --short >s.json &&
	kb_expect_json s.json .unread 1 &&
	kb_expect_json s.json .loan.id ln_1002
'

test_expect_success 'kabinet notifications: the unread, then --all and --json' '
	kb notifications >n.txt &&
	grep -q "^\* .*  Payment due in 3 days$" n.txt &&
	grep -q "^    12,400.00 RUB is due on " n.txt &&
	$RU "$B/kabinet" -S "$KB_SOCKET" --no-start-daemon notifications >n.ru &&
	grep -q "Платёж через 3 дня" n.ru &&
	kb notifications --json >n.json &&
	kb_expect_json n.json ".items|length" 1 &&
	kb_expect_json n.json .unread 1 &&
	kb_call notifications.read "{\"all\":true}" >/dev/null &&
	kb notifications >n.txt &&
	grep -qx "No unread messages." n.txt &&
	kb notifications --all >n.txt &&
	grep -q "^  .*  Payment due in 3 days$" n.txt &&
	test_must_fail_rc 2 kb notifications --bogus
'

test_expect_success 'read: the line drops the count; overdue says so' '
	test "$(kb status --short)" = "due $DUE: 12,400.00 RUB" &&
	# past the due date at once: only the overdue reminder comes
	kb_clock_advance $((4 * DAY)) &&
	kb_retry 10 "kb status --short | grep -q \"^overdue since $DUE: \"" &&
	kb status --short | grep -q " · 1 unread$" &&
	$RU "$B/kabinet" -S "$KB_SOCKET" --no-start-daemon status --short | grep -q "^просрочено с $DUE: .* · 1 непрочитанное$"
'

test_expect_success 'repaid: no loan' '
	kb pay --yes --full >/dev/null &&
	kb_retry 10 "kb status --short | grep -q \"^no loan · 2 unread$\""
'

test_done
