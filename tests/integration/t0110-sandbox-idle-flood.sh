#!/bin/sh
# t0110-sandbox-idle-flood — 300 connections from one address that never
# send a byte do not take the sandbox down: no thread is tied to an idle
# socket, one address may hold only so many connections, another address
# is answered at once, and connections that said nothing are closed after
# a few seconds, so the flooding address itself is served again.  (It
# used to be one thread per connection, 256 of them, and 120 s before an
# idle one was dropped: everyone else timed out.)  A long poll and a held
# payment answer, both suspended, hold up nobody either.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-http.sh"

N=300
kb_start_sandbox

health_from () {	# SOURCE-ADDRESS
	curl -fsS --max-time 5 --interface "$1" --cacert "$KB_CA" \
	    -o /dev/null -w "%{http_code}" "$SANDBOX_URL/v1/health"
}

test_expect_success "setup: $N idle connections from 127.0.0.1" '
	bash -c "
		i=0
		while [ \$i -lt $N ]; do
			exec {fd}<>/dev/tcp/127.0.0.1/$SANDBOX_PORT || break
			i=\$((i + 1))
		done
		echo \$i >opened
		exec sleep 60
	" </dev/null >/dev/null 2>&1 &
	IDLE_PID=$! &&
	kb__track $IDLE_PID &&
	kb_retry 20 "test -s opened" &&
	test "$(cat opened)" = $N
'

test_expect_success 'no thread per idle connection' '
	threads=$(awk "/^Threads:/ {print \$2}" /proc/$SANDBOX_PID/status) &&
	echo "sandbox threads with $N idle connections: $threads" &&
	test "$threads" -lt 32
'

test_expect_success 'another address is answered at once' '
	test "$(health_from 127.0.0.2)" = 200
'

test_expect_success 'silent connections are closed; the same address is served again' '
	kb_retry 20 "test \"\$(health_from 127.0.0.1)\" = 200"
'

test_expect_success 'a long poll and a held answer hold up nobody' '
	T=$(req POST /v1/auth/login "{\"phone\":\"+79000000002\",\"password\":\"Second2026\",\"device_id\":\"t0110\"}" >/dev/null; body .access_token) &&
	if [ "$T" = null ]; then
		CH=$(body .challenge.id) &&
		expect 200 POST "/v1/challenges/$CH/verify" "{\"code\":\"$(kb_sms_code +79000000002)\"}" &&
		T=$(body .access_token)
	fi &&
	expect 200 POST /sandbox/payments/hold "{\"ms\":30000}" &&
	for i in 1 2 3 4 5 6 7 8; do
		curl -sS --max-time 40 --cacert "$KB_CA" -H "Authorization: Bearer $T" \
		    "$SANDBOX_URL/v1/events?after=1000000&wait=25" >/dev/null 2>&1 &
	done &&
	for i in 1 2 3 4; do
		curl -sS --max-time 40 --cacert "$KB_CA" -H "Authorization: Bearer $T" \
		    -H "Idempotency-Key: t0110-$i" -H "Content-Type: application/json" \
		    -d "{\"amount\":10000,\"card_id\":\"cd_1002\"}" \
		    "$SANDBOX_URL/v1/loans/ln_1002/payments" >/dev/null 2>&1 &
	done &&
	kb_retry 10 "test \$(grep -c \"payment .* on ln_1002\" \"$SANDBOX_LOG\") -ge 4" &&
	test "$(health_from 127.0.0.2)" = 200 &&
	expect 200 GET /v1/products &&
	threads=$(awk "/^Threads:/ {print \$2}" /proc/$SANDBOX_PID/status) &&
	echo "sandbox threads with 12 answers waiting: $threads" &&
	test "$threads" -lt 32
'

test_done
