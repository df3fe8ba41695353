#!/bin/sh
# t0810-operator-idle — an operator session ends after inactivity: the
# daemon's own clock signs the desk out (operator.changed, reason
# operator_idle) and the lender refuses an idle token too; the shift limit
# ends a token however busy it is.  The sandbox's clock is real time plus
# what the test advances: the limits (30 s idle, 60 s shift) leave 20 s of
# real time to spare between the steps, so a loaded machine does not end a
# shift early (with 3 s and 6 s, four requests that took over 2 s did).
. "$(dirname "$0")/lib.sh"

OP_SECRET=JBSWY3DPEHPK3PXP
export OP_SECRET

kb_start_sandbox --operator-idle 30 --operator-shift 60
kb_start_daemon

lender () {
	curl -sS --cacert "$KB_CA" -H "Content-Type: application/json" "$@"
}

# op_token: a fresh operator token straight from the sandbox.
op_token () {
	lender -d "{\"login\":\"op.petrov\",\"password\":\"Operator2026\"}" \
	    "$SANDBOX_URL/v1/operator/login" >ch.json &&
	CH=$(jq -r .challenge.id ch.json) &&
	CODE=$(sh "$SRC/tests/tools/op-totp.sh" "$OP_SECRET") &&
	lender -d "{\"code\":\"$CODE\"}" \
	    "$SANDBOX_URL/v1/challenges/$CH/verify" | jq -r .access_token
}

test_expect_success 'the daemon signs an idle operator out by itself and says why' '
	cat >flow <<-\EOS &&
	send operator.login {"login":"op.petrov","password":"Operator2026"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/op-totp.sh $OP_SECRET
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	answer
	expect signed_in true
	expect idle_timeout 30
	call operator.client.find {"phone":"+79000000001"}
	expect items.0.id cl_1001
	expect-event operator.changed
	expect signed_in true
	shell T sh $SRC/tests/tools/clock-advance.sh 31
	expect-event operator.changed
	expect signed_in false
	expect reason operator_idle
	call operator.client.find {"phone":"+79000000001"}
	expect data.reason operator_not_logged_in
	EOS
	"$KBCALL" --script flow >out &&
	cat out
'

test_expect_success 'the lender refuses a token idle longer than --operator-idle' '
	T=$(op_token) &&
	test ${#T} -ge 20 &&
	lender -H "Authorization: Bearer $T" "$SANDBOX_URL/v1/operator/me" >out &&
	kb_expect_json out .operator.login op.petrov &&
	kb_clock_advance 31 &&
	lender -H "Authorization: Bearer $T" "$SANDBOX_URL/v1/operator/me" >out &&
	kb_expect_json out .status 401 &&
	jq -e ".detail | test(\"idle\")" out
'

test_expect_success 'the shift ends a busy token too' '
	T=$(op_token) &&
	for i in 1 2 3 4; do
		lender -H "Authorization: Bearer $T" \
		    "$SANDBOX_URL/v1/operator/me" >out || return 1
		kb_expect_json out .operator.role operator || return 1
		kb_clock_advance 10
	done &&
	kb_clock_advance 25 &&
	lender -H "Authorization: Bearer $T" "$SANDBOX_URL/v1/operator/me" >out &&
	kb_expect_json out .status 401 &&
	jq -e ".detail | test(\"shift\")" out
'

test_done
