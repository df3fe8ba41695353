#!/bin/sh
# t0704-history — 10 000 history entries paged by cursor through kabinetd
# (each entry once, newest first), filters by kind, date range and text,
# and the lender's ETag: an unchanged page answers 304.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P1=+79000000001
kb_start_sandbox
kb_start_daemon

test_expect_success 'the sandbox seeds 10 000 entries' '
	expect 201 POST /sandbox/history "{\"phone\":\"$P1\",\"count\":10000}" &&
	test "$(body .count)" = 10000 &&
	expect 422 POST /sandbox/history "{\"phone\":\"$P1\",\"count\":0}" &&
	kb_signin $P1 Demo2026
'

test_expect_success 'paging through all of them by cursor: each once, newest first' '
	: >ids && CUR= && n=0 &&
	while :; do
		if [ -n "$CUR" ]; then
			kb_call payment.history "{\"limit\":500,\"cursor\":\"$CUR\"}" >page || return 1
		else
			kb_call payment.history "{\"limit\":500}" >page || return 1
		fi
		jq -r ".items[].id" page >>ids &&
		jq -r ".items[].at" page >>ats &&
		CUR=$(jq -r ".next_cursor // empty" page) &&
		n=$((n + 1)) &&
		[ -n "$CUR" ] || break
	done &&
	test $n = 20 &&
	test "$(wc -l <ids)" = 10000 &&
	test "$(sort -u ids | wc -l)" = 10000 &&
	sort -r ats | cmp - ats
'

test_expect_success 'filters: kind, dates, text' '
	kb_call payment.history "{\"kind\":\"penalty\",\"limit\":500}" >out &&
	kb_expect_json out "[.items[].kind]|unique|join(\",\")" penalty &&
	kb_expect_json out ".items|length" 500 &&
	FROM=$(TZ=Europe/Moscow date -d "-3 days" +%F) &&
	TO=$(TZ=Europe/Moscow date -d "-2 days" +%F) &&
	kb_call payment.history "{\"from\":\"$FROM\",\"to\":\"$TO\",\"limit\":100}" >out &&
	kb_expect_json out ".items|length" 48 &&
	kb_expect_json out "[.items[].date]|unique|join(\",\")" "$FROM,$TO" &&
	kb_call payment.history "{\"q\":\"pm_h000042\"}" >out &&
	kb_expect_json out ".items[0].id" pm_h000042 &&
	! kb_call payment.history "{\"from\":\"2026-13-01\"}" >out &&
	kb_expect_json out .data.reason validation &&
	! kb_call payment.history "{\"limit\":501}" >out &&
	kb_expect_json out .data.reason invalid_params
'

test_expect_success 'an unchanged page answers 304 to its ETag' '
	T1=$(signin $P1 Demo2026) &&
	expect 200 GET "/v1/payments?limit=10" -H "Authorization: Bearer $T1" &&
	ETAG=$(header ETag) && test -n "$ETAG" &&
	expect 304 GET "/v1/payments?limit=10" -H "Authorization: Bearer $T1" -H "If-None-Match: $ETAG"
'

test_done
