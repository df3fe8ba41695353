#!/bin/sh
# t0604-awaiting-card — a new borrower whose application is approved but
# who has no card yet is told on the dashboard that the money goes out
# once a card is linked, and the key named there opens card linking;
# once the card is linked the dashboard follows the payout by itself.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

NEW=+79000000087
kb_start_sandbox
kb_start_daemon
KB="$B/kabinet --no-start-daemon"

PROFILE='"surname":"Смирнов","name":"Олег","patronymic":"Иванович","birth_date":"1990-03-15","passport_series":"4512","passport_number":"778899","passport_issued_on":"2015-08-01","division_code":"770-002","address":"Москва, ул. Тверская, 1","email":"oleg@example.ru","income":6000000'

test_expect_success 'setup: registered, approved, no card' '
	cat >flow <<-\EOS &&
	send register.start {"phone":"+7 900 000-00-87"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh +79000000087
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	answer
	expect registration.state profile
	EOS
	"$KBCALL" --script flow >out &&
	kb_call register.profile "{$PROFILE}" >out &&
	kb_call register.consents "{\"accepted\":[{\"document\":\"rules\",\"version\":\"2026-11-01\"},{\"document\":\"pd_consent\",\"version\":\"2026-11-01\"},{\"document\":\"pep_agreement\",\"version\":\"2026-11-01\"},{\"document\":\"automated_decision\",\"version\":\"2026-11-28\"}]}" >out &&
	kb_register_complete $NEW Smirnov2026 >out <<-\EOS
	expect application.awaiting_card true
	EOS
'

test_expect_success 'the dashboard says the money waits for a card, and which key' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "5,000.00 RUB, approved" 15 &&
	kb_tmux_wait_for "The money goes out once a card is linked: press l" &&
	kb_tmux_send l &&
	kb_tmux_wait_for "Link a card"
'

test_expect_success 'linked from there, the dashboard shows the payout' '
	N=$(sms_count $NEW) &&
	kb_tmux_type "2200701234567896" &&
	kb_tmux_send Tab && kb_tmux_type "12/30" &&
	kb_tmux_send Tab && kb_tmux_type "Oleg Smirnov" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "to link the card" &&
	code=$(sh "$SRC/tests/tools/sms-code.sh" $NEW $((N + 1))) &&
	kb_tmux_type "$code" && kb_tmux_send Enter &&
	kb_tmux_wait_for "The card is linked" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "money sent to the card" 15 &&
	kb_tmux_wait_gone "once a card is linked"
'

test_done
