#!/bin/sh
# t0493-autopay-cli — kabinet autopay from the command line: status says
# off; on prints the consent's text and asks the SMS code (none given:
# exit 6 and it stays off; the code from a file descriptor: on, the card
# and the next charge shown, the consent in `kabinet documents`); --json;
# off at once without a code; a bad word is a usage error.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
kb_start_sandbox
kb_start_daemon

test_expect_success 'signed in; status: off, the card it would charge' '
	kb_signin $P2 Second2026 &&
	kb autopay >out &&
	grep -q "^Autopay  *off" out &&
	grep -q "^Card  *Mir 220070…1111" out &&
	kb autopay status --json >out &&
	kb_expect_json out .autopay.enabled false
'

test_expect_success 'on with no code to give: exit 6, still off' '
	test_must_fail_rc 6 kb autopay on --code-fd 4 4</dev/null >out 2>err &&
	grep -q "АВТОПЛАТЁЖ" out &&
	grep -q "SMS code was asked for" err &&
	kb autopay --json >out &&
	kb_expect_json out .autopay.enabled false
'

test_expect_success 'on with the code: the consent shown, then on, the next charge' '
	kb_with_code $P2 autopay on &&
	grep -q "АВТОПЛАТЁЖ" out &&
	grep -q "^Autopay  *on" out &&
	grep -q "^Next charge  *12,400.00 RUB on 20[0-9-]*$" out &&
	kb documents >docs &&
	grep -q "Согласие на автоматическое списание" docs
'

test_expect_success 'off: at once, no code; a bad word is a usage error' '
	n=$(sms_count $P2) &&
	kb autopay off >out &&
	grep -q "^Autopay  *off" out &&
	test "$(sms_count $P2)" = "$n" &&
	test_must_fail_rc 2 kb autopay maybe >out 2>err &&
	grep -q "usage: kabinet autopay" err
'

test_done
