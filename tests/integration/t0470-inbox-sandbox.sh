#!/bin/sh
# t0470-inbox-sandbox — the lender's notifications over real HTTPS with
# curl: the reminders of a payment due three days before, the day before,
# the day itself and once overdue, each once per loan and due date as the
# sandbox clock moves; a payment received; the lender's words in Russian
# and in English; paging; marking one and all read; and each new message
# arriving on the account's event stream.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
DAY=86400
kb_start_sandbox

auth () { echo "Authorization: Bearer $T2"; }
kinds () {
	expect 200 GET "/v1/account/notifications?limit=100" -H "$(auth)" &&
	body "[.items[].kind]|join(\",\")"
}

test_expect_success 'ln_1002 is due in 20 days: no reminder yet' '
	T2=$(signin $P2 Second2026) && echo "$T2" >t2 &&
	expect 200 GET /v1/account/notifications -H "$(auth)" &&
	test "$(body .total)" = 0 &&
	test "$(body .unread)" = 0 &&
	test "$(body .next_cursor)" = null &&
	expect 401 GET /v1/account/notifications
'

test_expect_success '3 days before the due date: one reminder, in both languages' '
	advance $((17 * DAY)) $P2 Second2026 && T2=$(cat t2) &&
	expect 200 GET /v1/events?after=0 -H "$(auth)" &&
	test "$(body "[.items[]|select(.type==\"notification.created\")|.data.notification.kind]|join(\",\")")" = due_3d &&
	test "$(kinds)" = due_3d &&
	test "$(body .unread)" = 1 &&
	test "$(body .items[0].read)" = false &&
	test "$(body .items[0].args.loan_id)" = ln_1002 &&
	test "$(body .items[0].args.amount)" = 1240000 &&
	test "$(body .items[0].args.contract)" = СС-2026-000001 &&
	DUE=$(body .items[0].args.due_on) &&
	test "$(body .items[0].title.en)" = "Payment due in 3 days" &&
	test "$(body .items[0].title.ru)" = "Платёж через 3 дня" &&
	test "$(body .items[0].text.ru)" = "$(TZ=Europe/Moscow date -d "$DUE" +%d.%m.%Y) нужно внести 12 400,00 ₽ по договору СС-2026-000001." &&
	test "$(body .items[0].text.en)" = "12,400.00 RUB is due on $DUE under contract СС-2026-000001." &&
	case "$(body .items[0].id)" in nt_[1-9]*) ;; *) false ;; esac
'

test_expect_success 'the clock moving within a day adds nothing' '
	advance 3600 $P2 Second2026 && T2=$(cat t2) &&
	test "$(kinds)" = due_3d
'

test_expect_success 'the day before, the day itself, then overdue: once each' '
	advance $((2 * DAY)) $P2 Second2026 && T2=$(cat t2) &&
	test "$(kinds)" = due_1d,due_3d &&
	test "$(body .items[0].title.ru)" = "Платёж завтра" &&
	advance $DAY $P2 Second2026 && T2=$(cat t2) &&
	test "$(kinds)" = due_today,due_1d,due_3d &&
	advance $DAY $P2 Second2026 && T2=$(cat t2) &&
	test "$(kinds)" = overdue,due_today,due_1d,due_3d &&
	test "$(body .items[0].title.en)" = "Payment overdue" &&
	advance $((3 * DAY)) $P2 Second2026 && T2=$(cat t2) &&
	test "$(kinds)" = overdue,due_today,due_1d,due_3d &&
	test "$(body .unread)" = 4
'

test_expect_success 'paging: newest first, a cursor to the next page' '
	T2=$(cat t2) &&
	expect 200 "GET" "/v1/account/notifications?limit=3" -H "$(auth)" &&
	test "$(body "[.items[].kind]|join(\",\")")" = overdue,due_today,due_1d &&
	C=$(body .next_cursor) &&
	expect 200 GET "/v1/account/notifications?limit=3&cursor=$C" -H "$(auth)" &&
	test "$(body "[.items[].kind]|join(\",\")")" = due_3d &&
	test "$(body .next_cursor)" = null &&
	expect 422 GET "/v1/account/notifications?limit=0" -H "$(auth)" &&
	expect 422 GET "/v1/account/notifications?cursor=x" -H "$(auth)" &&
	expect 422 GET "/v1/account/notifications?unread=yes" -H "$(auth)"
'

test_expect_success 'marking one read: the count drops, an event says so' '
	T2=$(cat t2) &&
	expect 200 GET "/v1/account/notifications?limit=1" -H "$(auth)" &&
	N=$(body .items[0].id) &&
	expect 200 GET /v1/events?after=0 -H "$(auth)" && SEQ=$(body .last_seq) &&
	expect 200 POST "/v1/account/notifications/$N/read" "{}" -H "$(auth)" &&
	test "$(body .notification.read)" = true &&
	test "$(body .unread)" = 3 &&
	expect 200 GET "/v1/events?after=$SEQ" -H "$(auth)" &&
	test "$(body "[.items[]|select(.type==\"notifications.read\")|.data.unread]|last")" = 3 &&
	expect 200 GET "/v1/account/notifications?unread=true" -H "$(auth)" &&
	test "$(body "[.items[].kind]|join(\",\")")" = due_today,due_1d,due_3d &&
	expect 404 POST /v1/account/notifications/nt_999999/read "{}" -H "$(auth)" &&
	expect 404 POST /v1/account/notifications/bogus/read "{}" -H "$(auth)"
'

test_expect_success 'another borrower neither sees nor marks them' '
	T1=$(signin +79000000001 Demo2026) &&
	expect 200 GET /v1/account/notifications -H "Authorization: Bearer $T1" &&
	test "$(body .total)" = 0 &&
	T2=$(cat t2) &&
	expect 200 GET /v1/account/notifications -H "$(auth)" &&
	N=$(body .items[1].id) &&
	expect 404 POST "/v1/account/notifications/$N/read" "{}" -H "Authorization: Bearer $T1"
'

test_expect_success 'a payment received, and the loan repaid' '
	T2=$(cat t2) &&
	expect 200 GET /v1/loans/ln_1002/due -H "$(auth)" &&
	TOTAL=$(body .due_today.total) &&
	expect 201 POST /v1/loans/ln_1002/payments "{\"amount\":100000,\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: n-1" &&
	expect 201 POST /v1/loans/ln_1002/payments "{\"amount\":$((TOTAL - 100000)),\"card_id\":\"cd_1002\"}" -H "$(auth)" -H "Idempotency-Key: n-2" &&
	expect 200 GET "/v1/account/notifications?limit=2" -H "$(auth)" &&
	test "$(body "[.items[].kind]|join(\",\")")" = payment_received,payment_received &&
	test "$(body .items[1].title.en)" = "Payment received" &&
	test "$(body .items[1].text.ru)" = "Получен платёж 1 000,00 ₽ по договору СС-2026-000001." &&
	test "$(body .items[0].title.ru)" = "Заём погашен" &&
	test "$(body .items[0].args.closed)" = true &&
	test "$(body .unread)" = 5
'

test_expect_success 'a repaid loan gets no more reminders' '
	advance $((DAY * 40)) $P2 Second2026 && T2=$(cat t2) &&
	expect 200 GET /v1/account/notifications -H "$(auth)" &&
	test "$(body .total)" = 6
'

test_expect_success 'marking all read up to what was seen, then all' '
	T2=$(cat t2) &&
	expect 200 GET "/v1/account/notifications?limit=2" -H "$(auth)" &&
	SEEN=$(body .items[1].id) &&
	expect 200 POST /v1/account/notifications/read "{\"up_to\":\"$SEEN\"}" -H "$(auth)" &&
	test "$(body .unread)" = 1 &&
	expect 422 POST /v1/account/notifications/read "{\"up_to\":5}" -H "$(auth)" &&
	expect 200 POST /v1/account/notifications/read "{}" -H "$(auth)" &&
	test "$(body .marked)" = 1 &&
	test "$(body .unread)" = 0
'

test_done
