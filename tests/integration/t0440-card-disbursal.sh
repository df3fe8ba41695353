#!/bin/sh
# t0440-card-disbursal — a borrower who registers has no card yet: the
# application is approved and waits for one (awaiting_card), no loan is
# made; once a card in the borrower's name is linked with an SMS code the
# lender pays out to it and loan.list shows the active loan on that card.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

NEW=+79000000087
PAN=2200701234567896

SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

test_expect_success 'registered: the application is approved and waits for a card' '
	kb_register $NEW Smirnov2026 >out <<-\EOS
	expect session.state signed_in
	expect application.state approved
	expect application.awaiting_card true
	expect application.card null
	EOS
'

test_expect_success 'before a card is linked there is no loan' '
	kb_call loan.list >out &&
	kb_expect_json out "[.loans[]]|length" 0 &&
	kb_expect_json out "[.applications[]|.state+\":\"+(.awaiting_card|tostring)]|join(\",\")" \
	    approved:true
'

test_expect_success 'a card in his name, confirmed by SMS, gets the loan paid out' '
	N=$(sms_count $NEW) &&
	cat >flow <<-EOS &&
	send card.add {"pan":"$PAN","expiry":"12/30","holder":"oleg smirnov"}
	expect-event challenge.required
	expect purpose card_link
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $NEW $((N + 1))
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect card.last4 7896
	expect card.holder OLEG SMIRNOV
	EOS
	"$KBCALL" --script flow >out &&
	CARD=$(kb_sandbox_sql "SELECT id FROM cards WHERE last4 = '\''7896'\''") &&
	kb_call loan.list >out &&
	kb_expect_json out "[.applications[]|.state+\":\"+(.awaiting_card|tostring)]|join(\",\")" \
	    disbursed:false &&
	kb_expect_json out "[.loans[]]|length" 1 &&
	kb_expect_json out ".loans[0].state" active &&
	kb_expect_json out ".loans[0].principal" 500000 &&
	kb_expect_json out ".loans[0].card.id" "$CARD" &&
	kb_expect_json out ".loans[0].card.last4" 7896 &&
	kb_expect_json out ".applications[0].loan_id" "$(jq -r ".loans[0].id" out)"
'

test_expect_success 'the lender told the borrower: application.updated and loan.updated' '
	expect 200 GET "/v1/events?after=0" \
	    -H "Authorization: Bearer $(signin $NEW Smirnov2026)" &&
	test "$(body "[.items[]|select(.type==\"application.updated\")|.data.application.state]|last")" = disbursed &&
	test "$(body "[.items[]|select(.type==\"loan.updated\")]|length")" -ge 1
'

test_done
