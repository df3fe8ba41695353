#!/bin/sh
# t0425-esia-device — Gosuslugi as a device authorization (RFC 8628):
# whoever reads the screen (the address, the user code, the flow's id)
# gets nothing from the lender however it polls; only the daemon, which
# alone holds the device code, is signed in, once.  One flow per purpose
# at a time, ended when its client goes (the lender is not polled for
# it any more), a purpose that is not a string refused, a flow running at
# exit freed (LeakSanitizer under SANITIZE=1).
. "$(dirname "$0")/lib.sh"

kb_start_sandbox
kb_start_daemon
export DAEMON_LOG SANDBOX_LOG

# attack.sh TEXT...: polls the lender with every word of TEXT, by every
# route a poller could try; prints "stolen" if any answer holds a token
# or a person, else "nothing".
cat >attack.sh <<\EOS
for t in "$@"; do
	printf '%s\n' "$t" "$(printf %s "$t" | tr -d -)"
done | grep -oE '[A-Za-z0-9_~-]{4,}' | sort -u >words
: >loot
while read -r w; do
	curl -sS --cacert "$KB_CA" "$SANDBOX_URL/v1/esia/sessions/$w"
	curl -sS --cacert "$KB_CA" -H 'Content-Type: application/json' \
	    --data "{\"device_code\":\"$w\"}" "$SANDBOX_URL/v1/esia/poll"
	curl -sS --cacert "$KB_CA" -H 'Content-Type: application/json' \
	    --data "{\"device_code\":\"$w\"}" "$SANDBOX_URL/v1/esia/sessions/$w"
done <words >>loot 2>&1
if grep -qE 'access_token|refresh_token|passport' loot; then
	echo stolen
else
	echo nothing
fi
EOS

# polled.sh ID N: waits until the daemon has polled the lender N times
# for flow ID.
cat >polled.sh <<\EOS
until [ "$(grep -c "gosuslugi $1: pending" "$DAEMON_LOG")" -ge "$2" ]; do
	sleep 0.1
done
echo ok
EOS

test_expect_success 'what the screen shows polls nothing out of the lender; the daemon is signed in' '
	cat >flow <<-\EOS &&
	call auth.gosuslugi.start {"purpose":"login"}
	capture URL url
	capture CODE user_code
	capture ID id
	shell BEFORE sh attack.sh "$URL" "$CODE" "$ID"
	shell OK curl -sS --cacert "$KB_CA" -o /dev/null -w "%{http_code}" --data "user_code=$CODE&person=ivanov&action=approve" "$SANDBOX_URL/esia"
	shell AFTER sh attack.sh "$URL" "$CODE" "$ID"
	expect-event auth.gosuslugi.done 15000
	expect outcome approved
	call session.status
	expect state signed_in
	shell LATE sh attack.sh "$URL" "$CODE" "$ID"
	echo approve=$OK before=$BEFORE after=$AFTER late=$LATE
	EOS
	"$KBCALL" -t 20000 --script flow >out &&
	grep -qx "approve=200 before=nothing after=nothing late=nothing" out &&
	test "$(grep -c . words)" -ge 3 &&
	kb_call auth.logout >/dev/null
'

test_expect_success 'the screen shows no secret: the address and the code only' '
	kb_call auth.gosuslugi.start "{\"purpose\":\"login\"}" >out &&
	kb_expect_json out ".verification_uri" "$SANDBOX_URL/esia" &&
	kb_expect_json out ".url" "$SANDBOX_URL/esia?code=$(jq -r .user_code out)" &&
	jq -r .user_code out | grep -qE "^[A-Z2-9]{4}-[A-Z2-9]{4}$" &&
	test "$(jq -r "keys|join(\",\")" out)" = \
	    "expires_at,id,interval,url,user_code,verification_uri"
'

test_expect_success 'a purpose that is not a string is refused' '
	! kb_call auth.gosuslugi.start "{\"purpose\":5}" >out &&
	kb_expect_json out .data.reason invalid_params &&
	! kb_call auth.gosuslugi.start "{\"purpose\":\"payment\"}" >out &&
	kb_expect_json out .data.reason invalid_params
'

test_expect_success 'one flow per purpose: a new start ends the one before' '
	cat >flow <<-\EOS &&
	call auth.gosuslugi.start {"purpose":"login"}
	capture ID1 id
	call auth.gosuslugi.start {"purpose":"registration"}
	capture IDR id
	call auth.gosuslugi.start {"purpose":"login"}
	capture ID2 id
	expect-event auth.gosuslugi.done
	expect outcome cancelled
	expect id $ID1
	no-event auth.gosuslugi.done 300
	EOS
	"$KBCALL" --script flow >out
'

test_expect_success 'a client that goes takes its flows along: the lender is not polled for them' '
	{
		i=0
		while [ $i -lt 30 ]; do
			echo "call auth.gosuslugi.start {\"purpose\":\"login\"}"
			i=$((i + 1))
		done
	} >flow &&
	gone=$(grep -c "its client has gone" "$DAEMON_LOG" || true) &&
	c0=$(grep -c "gosuslugi login: cancelled" "$DAEMON_LOG" || true) &&
	"$KBCALL" --script flow >out &&
	test $(($(grep -c "gosuslugi login: cancelled" "$DAEMON_LOG") - c0)) = 29 &&
	kb_retry 10 "test \$(grep -c \"its client has gone\" \"\$DAEMON_LOG\") -gt $gone" &&
	n0=$(grep -c "POST /v1/esia/poll" "$SANDBOX_LOG" || true) &&
	cat >flow <<-\EOS &&
	call auth.gosuslugi.start {"purpose":"login"}
	capture IDB id
	shell OK sh polled.sh $IDB 2
	EOS
	"$KBCALL" -t 30000 --script flow >out &&
	n1=$(grep -c "POST /v1/esia/poll" "$SANDBOX_LOG") &&
	echo "polls while one flow ran two rounds: $((n1 - n0))" &&
	test $((n1 - n0)) -le 3
'

test_expect_success 'a flow still running at exit is freed' '
	printf "%s\n" "call auth.gosuslugi.start {\"purpose\":\"login\"}" \
	    "sleep 30000" >flow &&
	n=$(grep -c "gosuslugi gs_.*: pending" "$DAEMON_LOG" || true) &&
	{ "$KBCALL" -t 40000 --script flow >out & } &&
	kbpid=$! &&
	kb_retry 15 "test \$(grep -c \"gosuslugi gs_.*: pending\" \"\$DAEMON_LOG\") -gt $n" &&
	kb_stop_daemon &&
	{ kill $kbpid; wait $kbpid || :; } &&
	! grep -q "LeakSanitizer" "$DAEMON_LOG"
'

test_done
