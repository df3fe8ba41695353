#!/bin/sh
# t0461-appeals-daemon — appeals through kabinetd: a bad appeal refused
# before anything is sent, a good one kept, read back; the operator's
# queue, take, the passport check a dispute needs, answer and close; the
# borrower told at once (appeal.updated, pushed live); a borrower's calls
# never reach the desk, and another borrower's id is not found.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

OP_SECRET=JBSWY3DPEHPK3PXP
export OP_SECRET

kb_start_sandbox
kb_start_daemon

test_expect_success 'setup: the borrower signs in' '
	kb_signin +79000000001 Demo2026
'

test_expect_success 'a bad appeal is refused by the daemon, nothing sent' '
	test_must_fail_rc 1 kb_call appeal.create "{\"text\":\"x\"}" >out &&
	kb_expect_json out .data.reason validation &&
	kb_expect_json out .data.fields[0].field subject &&
	test_must_fail_rc 1 kb_call appeal.create "{\"subject\":\"refund\",\"text\":\"x\"}" >out &&
	kb_expect_json out .data.fields[0].reason invalid &&
	test_must_fail_rc 1 kb_call appeal.create "{\"subject\":\"other\",\"text\":\" \"}" >out &&
	kb_expect_json out .data.fields[0].reason required &&
	long=$(yes ж | head -n 2001 | tr -d "\n") &&
	test_must_fail_rc 1 kb_call appeal.create "{\"subject\":\"other\",\"text\":\"$long\"}" >out &&
	kb_expect_json out .data.fields[0].reason too_long &&
	! grep -q "POST /v1/appeals" "$SANDBOX_LOG"
'

test_expect_success 'a dispute is kept and read back' '
	kb_call appeal.create "{\"subject\":\"dispute_charge\",\"text\":\"Списали дважды\"}" >out &&
	kb_expect_json out .appeal.status new &&
	kb_json .appeal.id out >ap &&
	kb_call appeal.list >out &&
	kb_expect_json out ".items|length" 1 &&
	kb_call appeal.get "{\"id\":\"$(cat ap)\"}" >out &&
	kb_expect_json out .appeal.text "Списали дважды" &&
	test_must_fail_rc 1 kb_call appeal.get "{\"id\":\"apl_nosuch\"}" >out &&
	kb_expect_json out .data.reason appeal_not_found &&
	test_must_fail_rc 1 kb_call appeal.get "{\"id\":\"../x\"}" >out
'

test_expect_success 'another borrower cannot read it; a borrower token is refused at the desk' '
	T2=$(signin +79000000002 Second2026) &&
	expect 404 GET "/v1/appeals/$(cat ap)" -H "Authorization: Bearer $T2" &&
	T1=$(signin +79000000001 Demo2026) &&
	expect 403 GET /v1/operator/appeals -H "Authorization: Bearer $T1" &&
	test "$(body .code)" = wrong_role &&
	test_must_fail_rc 1 kb_call operator.appeal.queue >out &&
	kb_expect_json out .data.reason operator_not_logged_in
'

test_expect_success 'the operator signs in to the same daemon' '
	cat >login.flow <<-\EOS &&
	send operator.login {"login":"op.petrov","password":"Operator2026"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/op-totp.sh $OP_SECRET
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	answer
	expect signed_in true
	EOS
	"$KBCALL" --script login.flow >login.out
'

test_expect_success 'queue, take, the passport check, answer: the borrower is told at once' '
	AP=$(cat ap) && export AP &&
	kb_call operator.appeal.queue >q &&
	kb_expect_json q ".items[0].id" "$AP" &&
	kb_expect_json q ".items[0].identity_required" true &&
	kb_call operator.appeal.take "{\"id\":\"$AP\"}" >out &&
	kb_expect_json out .appeal.status in_work &&
	kb_call operator.appeal.get "{\"id\":\"$AP\"}" >out &&
	kb_expect_json out .client.loans null &&
	test_must_fail_rc 1 kb_call operator.appeal.answer "{\"id\":\"$AP\",\"text\":\"Вернули\"}" >out &&
	kb_expect_json out .data.reason identity_not_verified &&
	C1=$(kb_json .items[0].client_id q) &&
	kb_call operator.identity.verify "{\"client_id\":\"$C1\",\"passport_series\":\"4510\",\"passport_number\":\"123456\",\"birth_date\":\"15.05.1990\"}" >out &&
	kb_expect_json out .match true &&
	cat >answer.flow <<-\EOS &&
	call operator.appeal.answer {"id":"$AP","text":"Двойное списание вернули"}
	expect appeal.status answered
	expect-event appeal.updated 20000
	expect appeal.status answered
	expect appeal.answer Двойное списание вернули
	EOS
	"$KBCALL" --script answer.flow >answer.out &&
	kb_call appeal.get "{\"id\":\"$AP\"}" >out &&
	kb_expect_json out .appeal.answer "Двойное списание вернули" &&
	kb_call operator.appeal.close "{\"id\":\"$AP\"}" >out &&
	kb_expect_json out .appeal.status closed &&
	test_must_fail_rc 1 kb_call operator.appeal.take "{\"id\":\"$AP\"}" >out &&
	kb_expect_json out .data.reason appeal_closed
'

test_done
