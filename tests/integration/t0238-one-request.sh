#!/bin/sh
# t0238-one-request — a client call costs the lender one request where one
# is enough: card.list reads the cards and which is the default from one
# GET /v1/cards (it asked GET /v1/cards/default as well), and still marks
# the right card after the default changes.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox
kb_start_daemon

# requests PATH: the lender requests for exactly PATH in the daemon's log.
requests () {
	grep -c "lreq_done: GET $1: " "$DAEMON_LOG" || :
}

test_expect_success 'card.list is one lender request' '
	kb_signin +79000000002 Second2026 &&
	a=$(requests /v1/cards) && d=$(requests /v1/cards/default) &&
	kb_call card.list >cards &&
	test "$(requests /v1/cards)" = $((a + 1)) &&
	test "$(requests /v1/cards/default)" = "$d" &&
	test "$(jq "[.items[] | select(.default)] | length" cards)" = 1
'

test_expect_success 'the default it marks is the one the lender names' '
	cat >flow <<-EOS &&
	send card.add {"pan":"2200 7012 3456 7896","expiry":"12/30","holder":"MARIIA PETROVA"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh +79000000002
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect card.last4 7896
	EOS
	"$KBCALL" --script flow >out &&
	kb_call card.list >cards &&
	test "$(jq "[.items[] | select(.default)] | length" cards)" = 1 &&
	id=$(jq -r "[.items[] | select(.default | not)][0].id" cards) &&
	kb_call card.default "{\"card_id\":\"$id\"}" >/dev/null &&
	kb_call card.list >cards &&
	kb_expect_json cards "[.items[] | select(.default)][0].id" "$id"
'

test_done
