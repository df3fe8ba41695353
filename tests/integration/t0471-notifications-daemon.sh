#!/bin/sh
# t0471-notifications-daemon — the daemon and the lender's messages:
# notifications.list and notifications.read through the daemon; a message
# the lender adds (a reminder when its clock reaches three days before the
# due date) is pushed to every connected client at once and shown as a
# desktop notification — on a private session bus where tests/tools/notifyd
# owns org.freedesktop.Notifications — with the lender's title and text and
# nothing personal; desktop_notifications = no turns that off; and
# account.summary answers from the daemon's state without asking the
# lender anything (the sandbox's request log proves it).
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
DAY=86400

# A session bus of our own: the suite's is shared by scripts running at
# once, and a notification server on it would hear their daemons too.
kb_private_bus "$TEST_DIR/bus"
DBUS_SESSION_BUS_ADDRESS=unix:path=$TEST_DIR/bus
export DBUS_SESSION_BUS_ADDRESS
"$B/tests/tools/notifyd" "$TEST_DIR/notifyd.ready" >desktop.jsonl 2>notifyd.log &
kb__track $!
kb_retry 10 'test -s "$TEST_DIR/notifyd.ready"'

# requests: what the lender was asked, but the event stream's long poll
# and the health check, which run on their own.
requests () {
	grep "http_respond:" "$SANDBOX_LOG" | grep -v " /v1/events" |
	    grep -vc " /v1/health"
}

kb_start_sandbox
kb_start_daemon

test_expect_success 'setup: signed in; the summary knows the loan and an empty inbox' '
	kb_signin $P2 Second2026 &&
	kb_call account.summary >s.json &&
	kb_expect_json s.json .state signed_in &&
	kb_expect_json s.json .known true &&
	kb_expect_json s.json .unread 0 &&
	kb_expect_json s.json .newest null &&
	kb_expect_json s.json .loan.id ln_1002 &&
	kb_expect_json s.json .loan.state active &&
	kb_expect_json s.json .loan.total_due 1240000 &&
	kb_expect_json s.json .loan.due_on "$(TZ=Europe/Moscow date -d "+20 days" +%F)"
'

test_expect_success 'a new message is pushed to every client and to the desktop' '
	rm -f ready || return 1
	"$KBCALL" -S "$KB_SOCKET" -t 20000 --clients 3 \
	    --wait-event notification.created --ready-file ready >push.out 2>&1 &
	P=$! &&
	kb_retry 10 "test -e ready" &&
	kb_clock_advance $((17 * DAY)) &&
	wait $P && grep -qx "3/3 answered, 3/3 got notification.created" push.out &&
	kb_wait_log desktop.jsonl "Payment due in 3 days" &&
	test "$(wc -l <desktop.jsonl)" = 1 &&
	jq -e ".app_name == \"kabinet\" and .summary == \"Payment due in 3 days\" and
	    (.body | startswith(\"12,400.00 RUB is due on \")) and .actions == []" desktop.jsonl
'

test_expect_success 'the desktop notification carries nothing personal' '
	! grep -E "Петров|Мария|PETROVA|79000000002|0000000002|cl_1002|ln_1002|cd_1002|1111|nt_" desktop.jsonl &&
	jq -e ".hints | keys == [\"desktop-entry\", \"urgency\"]" desktop.jsonl
'

test_expect_success 'the summary has the new message, still at no cost' '
	kb_call account.summary >s.json &&
	kb_expect_json s.json .unread 1 &&
	kb_expect_json s.json .newest.kind due_3d &&
	kb_expect_json s.json .newest.read false &&
	kb_expect_json s.json .newest.title.ru "Платёж через 3 дня" &&
	N1=$(requests) &&
	for i in 1 2 3 4 5; do kb_call account.summary >/dev/null || return 1; done &&
	N2=$(requests) &&
	echo "lender requests: $N1 before, $N2 after five summaries" &&
	test "$N1" = "$N2"
'

test_expect_success 'notifications.list pages through the inbox' '
	kb_call notifications.list "{\"limit\":1}" >l.json &&
	kb_expect_json l.json ".items|length" 1 &&
	kb_expect_json l.json .items[0].kind due_3d &&
	kb_expect_json l.json .unread 1 &&
	kb_expect_json l.json .next_cursor null &&
	test_must_fail_rc 1 kb_call notifications.list "{\"limit\":0}" >e.json &&
	kb_expect_json e.json .data.reason invalid_params &&
	test_must_fail_rc 1 kb_call notifications.list "{\"cursor\":\"../x\"}" >e.json &&
	kb_expect_json e.json .data.reason invalid_params
'

test_expect_success 'notifications.read marks it read; every client is told' '
	N=$(jq -r .items[0].id l.json) &&
	cat >read.flow <<-EOS &&
	call session.status
	send notifications.read {"id":"$N"}
	expect-event notifications.changed
	expect unread 0
	expect newest.read true
	answer
	expect notification.read true
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script read.flow >read.out &&
	kb_call account.summary >s.json &&
	kb_expect_json s.json .unread 0 &&
	kb_expect_json s.json .newest.read true &&
	test_must_fail_rc 1 kb_call notifications.read "{\"id\":\"nt_99999\"}" >e.json &&
	kb_expect_json e.json .data.reason notification_not_found &&
	test_must_fail_rc 1 kb_call notifications.read "{}" >e.json &&
	kb_expect_json e.json .data.reason invalid_params
'

test_expect_success 'the next reminders; read all up to what was seen' '
	kb_clock_advance $((2 * DAY)) &&
	kb_retry 10 "kb_call account.summary | jq -e \".unread == 1\" >/dev/null" &&
	kb_clock_advance $DAY &&
	kb_retry 10 "kb_call account.summary | jq -e \".unread == 2\" >/dev/null" &&
	kb_call notifications.list >l.json &&
	kb_expect_json l.json "[.items[].kind]|join(\",\")" due_today,due_1d,due_3d &&
	kb_call notifications.read "{\"all\":true,\"up_to\":\"$(jq -r .items[1].id l.json)\"}" >r.json &&
	kb_expect_json r.json .marked 1 &&
	kb_expect_json r.json .unread 1 &&
	kb_call notifications.read "{\"all\":true}" >r.json &&
	kb_expect_json r.json .unread 0 &&
	test "$(wc -l <desktop.jsonl)" = 3
'

test_expect_success 'desktop_notifications = no: pushed to clients, not to the desktop' '
	kb_stop_daemon &&
	kb_write_config "desktop_notifications = no" &&
	KB_KEEP_CONFIG=1 kb_start_daemon &&
	# a known device: no SMS code this time
	kb_call auth.login "{\"phone\":\"$P2\",\"password\":\"Second2026\"}" >/dev/null &&
	kb_call account.summary >/dev/null &&
	rm -f ready || return 1
	"$KBCALL" -S "$KB_SOCKET" -t 20000 --clients 1 \
	    --wait-event notification.created --ready-file ready >push.out 2>&1 &
	P=$! &&
	kb_retry 10 "test -e ready" &&
	kb_clock_advance $DAY &&
	wait $P &&
	kb_call account.summary >s.json &&
	kb_expect_json s.json .newest.kind overdue &&
	test "$(wc -l <desktop.jsonl)" = 3
'

test_expect_success 'a bad desktop_notifications value is refused, naming it' '
	kb_stop_daemon &&
	kb_write_config "desktop_notifications = maybe" &&
	test_must_fail "$B/kabinetd" -f 2>err &&
	grep -q "desktop_notifications must be yes or no" err
'

test_expect_success 'signed out: the summary says so, at once' '
	kb_write_config &&
	kb_start_daemon &&
	kb_call auth.login "{\"phone\":\"$P2\",\"password\":\"Second2026\"}" >/dev/null &&
	kb_call account.summary >s.json &&
	kb_expect_json s.json .known true &&
	kb_call auth.logout >/dev/null &&
	kb_call account.summary >s.json &&
	kb_expect_json s.json .state signed_out &&
	kb_expect_json s.json .known false &&
	kb_expect_json s.json .loan null
'

test_done
