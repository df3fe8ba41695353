#!/bin/sh
# t0702-payments-daemon — the borrower's money through kabinetd: a card
# linked with an SMS code (a holder who is not the borrower refused, the
# PAN in no log, file or state dir), made default and removed; what is
# due today; a partial payment typed as text, bad amounts refused with a
# field reason; the payment once in the history; the optional services
# switched with an SMS code; an extension.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
PAN=2200701234567896
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

test_expect_success 'signed in as the second demo borrower' '
	kb_signin $P2 Second2026
'

test_expect_success 'a card is checked before it is sent' '
	! kb_call card.add "{\"pan\":\"2200 7012 3456 7890\",\"expiry\":\"12/30\",\"holder\":\"MARIIA PETROVA\"}" >out &&
	kb_expect_json out .data.reason validation &&
	kb_expect_json out ".data.fields[0].reason" bad_checksum &&
	! kb_call card.add "{\"pan\":\"$PAN\",\"expiry\":\"01/20\",\"holder\":\"Мария\"}" >out &&
	kb_expect_json out "[.data.fields[].field]|join(\",\")" expiry,holder &&
	! grep -F "/v1/cards" "$DAEMON_LOG"
'

test_expect_success 'a card in another name is refused by the lender, with the reason' '
	! kb_call card.add "{\"pan\":\"$PAN\",\"expiry\":\"12/30\",\"holder\":\"IVAN IVANOV\"}" >out &&
	kb_expect_json out .data.reason holder_mismatch &&
	grep -q "holder is not the borrower" out
'

test_expect_success 'a card in her name is linked with an SMS code' '
	N=$(sms_count $P2) &&
	cat >flow <<-EOS &&
	send card.add {"pan":"$(echo $PAN | sed "s/..../& /g")","expiry":"12/30","holder":"mariia  petrova"}
	expect-event challenge.required
	expect purpose card_link
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $P2 $((N + 1))
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect card.first6 220070
	expect card.last4 7896
	expect card.brand mir
	expect card.holder MARIIA PETROVA
	EOS
	"$KBCALL" --script flow >out &&
	kb_call card.list >out &&
	kb_expect_json out "[.items[].last4]|join(\",\")" 1111,7896 &&
	kb_expect_json out "[.items[]|select(.last4==\"7896\")][0].exp_year" 2030
'

test_expect_success 'the PAN is in no log, no file and no state dir; only first6/last4 are kept' '
	for f in "$DAEMON_LOG" "$SANDBOX_LOG" "$SANDBOX_SMS" "$SANDBOX_DB"*; do
		! grep -aqF -e "$PAN" -e "7012 3456" "$f" || { echo "PAN in $f" >&2; return 1; }
	done &&
	! grep -raqF "$PAN" "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME" "$HOME" &&
	test "$(kb_sandbox_sql "SELECT first6 || last4 FROM cards WHERE last4 = '\''7896'\''")" = 2200707896
'

test_expect_success 'a card can be made default; the loan'\''s card cannot be removed' '
	NEW=$(kb_sandbox_sql "SELECT id FROM cards WHERE last4 = '\''7896'\''") &&
	kb_call card.default "{\"card_id\":\"$NEW\"}" >out &&
	kb_expect_json out .card.default true &&
	! kb_call card.remove "{\"card_id\":\"cd_1002\"}" >out &&
	kb_expect_json out .data.reason card_in_use &&
	echo "$NEW" >newcard
'

test_expect_success 'what is due today: 10 days of interest' '
	kb_call loan.due "{\"loan_id\":\"ln_1002\"}" >out &&
	kb_expect_json out .due_today.total 1080000 &&
	kb_expect_json out .loan.state active
'

test_expect_success 'bad amounts are refused with a reason, and nothing is sent' '
	for a in "\"-1\"" "\"1e3\"" "\"0\"" "\"15,505\"" "0" "\"\""; do
		! kb_call payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":$a}" >out || return 1
		kb_expect_json out .data.reason validation || return 1
		echo "$a $(jq -r .data.fields[0].reason out)" >>reasons
	done &&
	cat reasons &&
	grep -qx "\"-1\" negative" reasons &&
	grep -qx "\"1e3\" invalid_amount" reasons &&
	grep -qx "\"0\" too_small" reasons &&
	grep -qx "\"15,505\" too_many_decimals" reasons &&
	! grep -F "/payments" "$DAEMON_LOG" &&
	! kb_call payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":\"10 800,01\"}" >out &&
	kb_expect_json out ".data.fields[0].reason" over_due
'

test_expect_success 'a partial payment of "1 500,50" gives a receipt with the split' '
	kb_call payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":\"1 500,50\"}" >out &&
	kb_expect_json out .payment.amount 150050 &&
	kb_expect_json out .split.interest 80000 &&
	kb_expect_json out .split.principal 70050 &&
	kb_expect_json out .loan.principal_due 929950 &&
	kb_expect_json out .due_today.total 929950 &&
	test -n "$(jq -r .psk out)" &&
	kb_expect_json out ".schedule|length" 1 &&
	# settled: the outbox is empty again
	test -z "$(ls "$XDG_STATE_HOME/kabinet/outbox")"
'

test_expect_success 'the history shows the payment once, after the payout and the interest charged' '
	kb_call payment.history "{\"kind\":\"payment\"}" >out &&
	kb_expect_json out ".items|length" 1 &&
	kb_expect_json out ".items[0].amount" 150050 &&
	kb_expect_json out ".items[0].status" succeeded &&
	kb_call payment.history "{\"q\":\"partial\",\"limit\":5}" >out &&
	kb_expect_json out ".items|length" 1 &&
	kb_call payment.history "{\"kind\":\"disbursement\"}" >out &&
	kb_expect_json out ".items[0].amount" 1000000 &&
	kb_call payment.history "{\"kind\":\"interest\"}" >out &&
	kb_expect_json out ".items[0].amount" 240000 &&
	kb_call payment.history >out &&
	kb_expect_json out "[.items[].kind]|join(\",\")" payment,interest,disbursement
'

test_expect_success 'services: the list with prices; insurance on with an SMS code counts as a charge' '
	kb_call service.list >out &&
	kb_expect_json out "[.items[].id]|join(\",\")" sms,insurance,legal,credit_report &&
	kb_expect_json out ".items[1].price" 30000 &&
	kb_expect_json out ".items[1].enabled" false &&
	N=$(sms_count $P2) &&
	cat >flow <<-EOS &&
	send service.set {"service_id":"insurance","enabled":true}
	expect-event challenge.required
	expect purpose service
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $P2 $((N + 1))
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect service.enabled true
	EOS
	"$KBCALL" --script flow >out &&
	kb_call service.list >out &&
	kb_expect_json out ".items[1].enabled" true &&
	kb_expect_json out ".enabled_cost" 30000 &&
	kb_call payment.history "{\"kind\":\"service\"}" >out &&
	kb_expect_json out ".items[0].amount" 30000 &&
	kb_call loan.due "{\"loan_id\":\"ln_1002\"}" >out &&
	kb_expect_json out .due_today.total 959950
'

test_expect_success 'an extension: the limits are shown, the interest paid, the due date moves' '
	kb_call loan.extension_terms "{\"loan_id\":\"ln_1002\"}" >out &&
	kb_expect_json out .limit_per_year 5 &&
	kb_expect_json out .allowed true &&
	# the interest of the days used was paid this morning, and the
	# insurance is a service fee, not the price of an extension
	kb_expect_json out .to_pay 0 &&
	DUE=$(kb_call loan.due "{\"loan_id\":\"ln_1002\"}" | jq -r .loan.due_on) &&
	kb_call loan.extend "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"days\":7}" >out &&
	kb_expect_json out .payment.amount 0 &&
	# the price changed: a new ПСК on the new schedule, within the cap
	jq -e ".psk_milli <= 292000 and .psk_milli > 290000" out &&
	kb_expect_json out .extensions_left 4 &&
	kb_expect_json out .loan.due_on "$(date -d "$DUE +7 days" +%F)"
'

test_expect_success 'the fifth extension is the last this year' '
	for i in 2 3 4 5; do
		kb_call loan.extend "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"days\":1}" >out || return 1
	done &&
	kb_expect_json out .extensions_left 0 &&
	! kb_call loan.extend "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"days\":1}" >out &&
	kb_expect_json out .data.reason extension_limit &&
	kb_call loan.extension_terms "{\"loan_id\":\"ln_1002\"}" >out &&
	kb_expect_json out .allowed false &&
	kb_call payment.history "{\"kind\":\"extension\"}" >out &&
	kb_expect_json out ".items|length" 5
'

test_done
