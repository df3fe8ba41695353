#!/bin/sh
# t0800-operator — the operator desk through kabinetd against the sandbox:
# sign-in with a TOTP code, roles refused both ways, client search with
# masked answers, identity checks (match, mismatch, lock), a phone change
# confirmed by SMS to the new number and then by the borrower, a password
# reset, the supervisor's audit log (which nothing can edit), and an
# operator session that is never in the keyring and dies with the daemon.
. "$(dirname "$0")/lib.sh"

OP_SECRET=JBSWY3DPEHPK3PXP
SUP_SECRET=KRSXG5CTMVRXEZLU
NEW_PHONE=+79000000055
export OP_SECRET SUP_SECRET NEW_PHONE

kb_start_sandbox --db "$TEST_DIR/lender.db"
kb_start_daemon

# op_login LOGIN PASSWORD SECRET: operator.login answering the TOTP prompt.
op_login () {
	cat >login.flow <<-EOS
	send operator.login {"login":"$1","password":"$2"}
	expect-event challenge.required
	expect kind totp
	expect purpose operator_login
	capture CH challenge_id
	shell CODE sh \$SRC/tests/tools/op-totp.sh $3
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	EOS
	"$KBCALL" --script login.flow >login.out
}

lender () {
	curl -sS --cacert "$KB_CA" -H "Content-Type: application/json" "$@"
}

test_expect_success 'signed out, operator calls say so' '
	kb_call operator.status >out &&
	kb_expect_json out .signed_in false &&
	kb_expect_json out .storage memory &&
	! kb_call operator.client.find "{\"phone\":\"+79000000001\"}" >out &&
	kb_expect_json out .data.reason operator_not_logged_in
'

test_expect_success 'a wrong operator password is refused' '
	! kb_call operator.login \
	    "{\"login\":\"op.petrov\",\"password\":\"Wrong2026\"}" >out &&
	kb_expect_json out .data.reason wrong_credentials &&
	kb_expect_json out .data.attempts_left 4
'

test_expect_success 'sign-in asks for a TOTP code; a wrong one says attempts left' '
	cat >flow <<-\EOS &&
	send operator.login {"login":"op.petrov","password":"Operator2026"}
	expect-event challenge.required
	expect kind totp
	expect purpose operator_login
	expect attempts_left 3
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/op-totp.sh $OP_SECRET
	shell WRONG test "$CODE" = 000000 && echo 111111 || echo 000000
	call challenge.answer {"challenge_id":"$CH","code":"$WRONG"}
	expect data.reason wrong_code
	expect data.attempts_left 2
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	answer
	expect signed_in true
	expect login op.petrov
	expect role operator
	expect storage memory
	EOS
	"$KBCALL" --script flow >out &&
	cat out &&
	kb_call operator.status >out &&
	kb_expect_json out .signed_in true &&
	kb_expect_json out .idle_timeout 900
'

test_expect_success 'the operator session is not in the keyring' '
	secret-tool search --all lender "$SANDBOX_URL" >items 2>&1 &&
	! grep -q "^attribute" items &&
	kb_call session.status >out &&
	kb_expect_json out .state signed_out
'

test_expect_success 'roles: a borrower token on operator endpoints and an operator token on borrower endpoints are 403' '
	lender -d "{\"login\":\"op.petrov\",\"password\":\"Operator2026\"}" \
	    "$SANDBOX_URL/v1/operator/login" >ch.json &&
	CH=$(jq -r .challenge.id ch.json) &&
	CODE=$(sh "$SRC/tests/tools/op-totp.sh" "$OP_SECRET") &&
	lender -d "{\"code\":\"$CODE\"}" \
	    "$SANDBOX_URL/v1/challenges/$CH/verify" >op.json &&
	OPT=$(jq -r .access_token op.json) &&
	test ${#OPT} -ge 20 &&
	lender -d "{\"phone\":\"+79000000002\",\"password\":\"Second2026\",\"device_id\":\"t0800\"}" \
	    "$SANDBOX_URL/v1/auth/login" >ch.json &&
	CH=$(jq -r .challenge.id ch.json) &&
	CODE=$(kb_sms_code +79000000002) &&
	lender -d "{\"code\":\"$CODE\"}" \
	    "$SANDBOX_URL/v1/challenges/$CH/verify" >b.json &&
	BT=$(jq -r .access_token b.json) &&
	lender -H "Authorization: Bearer $BT" \
	    "$SANDBOX_URL/v1/operator/clients?phone=%2B79000000001" >out &&
	kb_expect_json out .status 403 &&
	kb_expect_json out .code wrong_role &&
	lender -H "Authorization: Bearer $OPT" "$SANDBOX_URL/v1/profile" >out &&
	kb_expect_json out .status 403 &&
	kb_expect_json out .code wrong_role &&
	! grep -q "Петрова\|Мария" out
'

test_expect_success 'find a client by phone, surname and birth date, or contract: masked only' '
	kb_call operator.client.find "{\"phone\":\"8 900 000-00-01\"}" >out &&
	kb_expect_json out ".items | length" 1 &&
	kb_expect_json out ".items[0].id" cl_1001 &&
	kb_expect_json out ".items[0].name" "Иванов И. И." &&
	kb_expect_json out ".items[0].phone_masked" "+7 9** ***-**-01" &&
	kb_expect_json out ".items[0].birth_date_masked" "**.**.1990" &&
	! grep -q "4510\|123456\|Иван \|1990-05-15\|+79000000001" out &&
	kb_call operator.client.find \
	    "{\"surname\":\"иванов\",\"birth_date\":\"15.05.1990\"}" >out &&
	kb_expect_json out ".items[0].id" cl_1001 &&
	kb_call operator.client.find "{\"contract\":\"СС-2026-000001\"}" >out &&
	kb_expect_json out ".items[0].id" cl_1002 &&
	kb_call operator.client.find "{\"phone\":\"+79990000000\"}" >out &&
	kb_expect_json out ".items | length" 0 &&
	! kb_call operator.client.find "{\"phone\":\"12345\"}" >out &&
	kb_expect_json out .data.reason invalid_phone &&
	! kb_call operator.client.find "{\"surname\":\"Иванов\",\"birth_date\":\"31.02.1990\"}" >out &&
	kb_expect_json out .data.reason validation &&
	kb_expect_json out ".data.fields[0].field" birth_date
'

test_expect_success 'the client card: masked profile and loans, no passport' '
	kb_call operator.client.get "{\"client_id\":\"cl_1002\"}" >out &&
	kb_expect_json out .client.name "Петрова М. О." &&
	kb_expect_json out ".client.loans[0].contract_number" "СС-2026-000001" &&
	kb_expect_json out .client.identity.verified false &&
	jq -e ".client.payments | type == \"array\"" out &&
	jq -e "[.client.services[] | has(\"enabled\")] | all and length > 0" out &&
	! grep -q "4511\|654321" out &&
	! kb_call operator.client.get "{\"client_id\":\"cl_nope\"}" >out &&
	kb_expect_json out .data.reason client_not_found
'

test_expect_success 'a phone change needs an identity check first' '
	! kb_call operator.phone.change \
	    "{\"client_id\":\"cl_1001\",\"new_phone\":\"$NEW_PHONE\"}" >out &&
	kb_expect_json out .data.reason identity_not_verified &&
	! kb_call operator.password.reset "{\"client_id\":\"cl_1001\"}" >out &&
	kb_expect_json out .data.reason identity_not_verified
'

test_expect_success 'identity: malformed input is refused before anything is sent' '
	n=$(grep -c "identity-check" "$DAEMON_LOG" || :) &&
	! kb_call operator.identity.verify "{\"client_id\":\"cl_1001\",\"passport_series\":\"45\",\"passport_number\":\"123456\",\"birth_date\":\"15.05.1990\"}" >out &&
	kb_expect_json out ".data.fields[0].field" passport_series &&
	! kb_call operator.identity.verify "{\"client_id\":\"cl_1001\",\"passport_series\":\"4510\",\"passport_number\":\"12x456\",\"birth_date\":\"15.05.1990\"}" >out &&
	kb_expect_json out ".data.fields[0].field" passport_number &&
	! kb_call operator.identity.verify "{\"client_id\":\"cl_1001\",\"passport_series\":\"4510\",\"passport_number\":\"123456\",\"birth_date\":\"15.05.2990\"}" >out &&
	kb_expect_json out ".data.fields[0].field" birth_date &&
	test "$(grep -c "identity-check" "$DAEMON_LOG" || :)" = "$n"
'

test_expect_success 'identity: a mismatch says no, a match says yes; the document never comes back' '
	kb_call operator.identity.verify "{\"client_id\":\"cl_1001\",\"passport_series\":\"4510\",\"passport_number\":\"999999\",\"birth_date\":\"15.05.1990\"}" >out &&
	kb_expect_json out .match false &&
	kb_expect_json out .attempts_left 2 &&
	kb_call operator.identity.verify "{\"client_id\":\"cl_1001\",\"passport_series\":\"45 10\",\"passport_number\":\"123456\",\"birth_date\":\"1990-05-15\"}" >out &&
	kb_expect_json out .match true &&
	! grep -q "4510\|123456" out &&
	kb_call operator.client.get "{\"client_id\":\"cl_1001\"}" >out &&
	kb_expect_json out .client.identity.verified true
'

test_expect_success 'three mismatches in a row lock checks for that client' '
	for n in 1 2; do
		kb_call operator.identity.verify "{\"client_id\":\"cl_1002\",\"passport_series\":\"4511\",\"passport_number\":\"00000$n\",\"birth_date\":\"02.03.1988\"}" >out$n || return 1
	done &&
	kb_expect_json out2 .attempts_left 1 &&
	kb_call operator.identity.verify "{\"client_id\":\"cl_1002\",\"passport_series\":\"4511\",\"passport_number\":\"000003\",\"birth_date\":\"02.03.1988\"}" >out &&
	kb_expect_json out .match false &&
	kb_expect_json out .attempts_left 0 &&
	jq -e ".locked_until | test(\"^20\")" out &&
	# even the right document is not checked now
	! kb_call operator.identity.verify "{\"client_id\":\"cl_1002\",\"passport_series\":\"4511\",\"passport_number\":\"654321\",\"birth_date\":\"02.03.1988\"}" >out &&
	kb_expect_json out .data.reason verification_locked &&
	jq -e ".data.until | test(\"^20\")" out
'

test_expect_success 'the phone change: SMS to the NEW number, then the account is restricted' '
	cat >flow <<-\EOS &&
	send operator.phone.change {"client_id":"cl_1001","new_phone":"$NEW_PHONE"}
	expect-event challenge.required
	expect kind sms
	expect purpose operator_phone
	expect phone_masked +7 9** ***-**-55
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $NEW_PHONE
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	answer
	expect changed true
	expect client.phone_masked +7 9** ***-**-55
	expect client.restricted true
	EOS
	"$KBCALL" --script flow >out &&
	cat out &&
	# the old number got nothing
	! kb_sms_code +79000000001 2>/dev/null &&
	kb_call operator.client.find "{\"phone\":\"$NEW_PHONE\"}" >out &&
	kb_expect_json out ".items[0].restricted" true &&
	# a second change needs a new check
	! kb_call operator.phone.change \
	    "{\"client_id\":\"cl_1001\",\"new_phone\":\"+79000000056\"}" >out &&
	kb_expect_json out .data.reason identity_not_verified
'

test_expect_success 'the borrower signs in restricted and confirms the new number' '
	! kb_call auth.login "{\"phone\":\"+79000000001\",\"password\":\"Demo2026\"}" >out &&
	kb_expect_json out .data.reason wrong_credentials &&
	cat >flow <<-\EOS &&
	send auth.login {"phone":"$NEW_PHONE","password":"Demo2026"}
	expect-event challenge.required
	expect purpose login
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $NEW_PHONE 2
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	answer
	expect state signed_in
	expect restricted true
	shell MONEY sh ./money.sh
	shell APPLY sh ./apply.sh
	shell CARD sh ./card.sh
	call loan.terms {"amount":500000,"term":10,"card_id":"cd_1001"}
	capture H sha256
	call loan.apply {"amount":500000,"term":10,"card_id":"cd_1001","document_sha256":"$H"}
	expect data.reason account_restricted
	shell HELD sh ./held-check.sh
	send auth.confirm_phone
	expect-event challenge.required
	expect purpose confirm_phone
	expect phone_masked +7 9** ***-**-55
	capture CH2 challenge_id
	shell CODE2 sh $SRC/tests/tools/sms-code.sh $NEW_PHONE 3
	call challenge.answer {"challenge_id":"$CH2","code":"$CODE2"}
	answer
	expect state signed_in
	expect restricted false
	shell BG sh ./held-done.sh
	call session.status
	expect restricted false
	EOS
	# a session.check whose profile the lender read (restricted) before
	# the confirmation and answers after it: the older answer must not
	# undo the confirmation (the dashboard once said "restricted" beside
	# "your new phone number is confirmed")
	cat >held-check.sh <<-\EOS &&
	curl -fsS --cacert "$KB_CA" -H "Content-Type: application/json" \
	    -d "{\"ms\":8000}" "$SANDBOX_URL/sandbox/profile/hold" >/dev/null &&
	"$KBCALL" -t 30000 session.check >held.json 2>&1 </dev/null &
	i=0
	until grep -q "profile read, answer held" "$TEST_DIR/sandbox.log"; do
		i=$((i + 1)); [ $i -lt 300 ] || exit 1; sleep 0.1
	done
	curl -fsS --cacert "$KB_CA" -H "Content-Type: application/json" \
	    -d "{\"ms\":0}" "$SANDBOX_URL/sandbox/profile/hold" >/dev/null &&
	echo held
	EOS
	cat >held-done.sh <<-\EOS &&
	i=0
	until [ -s held.json ]; do
		i=$((i + 1)); [ $i -lt 300 ] || exit 1; sleep 0.1
	done
	jq -r .restricted held.json
	EOS
	# a money action with the restricted session: refused by the lender,
	# and the daemon says so (account_restricted, not lender_error)
	cat >money.sh <<-\EOS &&
	T=$(secret-tool lookup lender "$SANDBOX_URL" | jq -r .access_token)
	curl -sS --cacert "$KB_CA" -H "Content-Type: application/json" \
	    -H "Authorization: Bearer $T" -H "Idempotency-Key: t0800-money" \
	    -d "{\"amount\":100000}" "$SANDBOX_URL/v1/loans/ln_1002/payments" |
	    jq -r .code
	EOS
	# and so is applying for a loan
	cat >apply.sh <<-\EOS &&
	T=$(secret-tool lookup lender "$SANDBOX_URL" | jq -r .access_token)
	curl -sS --cacert "$KB_CA" -H "Content-Type: application/json" \
	    -H "Authorization: Bearer $T" -H "Idempotency-Key: t0800-apply" \
	    -d "{\"product\":\"payday\",\"amount\":100000,\"term\":10}" \
	    "$SANDBOX_URL/v1/applications" | jq -r .code
	EOS
	# and linking a card, where the money would go
	cat >card.sh <<-\EOS &&
	T=$(secret-tool lookup lender "$SANDBOX_URL" | jq -r .access_token)
	curl -sS --cacert "$KB_CA" -H "Content-Type: application/json" \
	    -H "Authorization: Bearer $T" -H "Idempotency-Key: t0800-card" \
	    -d "{\"pan\":\"2200700000004242\",\"exp_month\":12,\"exp_year\":2030,\"holder\":\"IVAN IVANOV\"}" \
	    "$SANDBOX_URL/v1/cards" | jq -r .code
	EOS
	echo "echo money=\$MONEY apply=\$APPLY card=\$CARD held=\$BG" >>flow &&
	"$KBCALL" -t 30000 --script flow >out &&
	cat out &&
	grep -qx "money=account_restricted apply=account_restricted card=account_restricted held=false" out &&
	kb_call session.check >out &&
	kb_expect_json out .restricted false &&
	kb_call auth.logout >/dev/null
'

test_expect_success 'password reset for a verified caller: temporary password, forced change' '
	kb_call operator.identity.verify "{\"client_id\":\"cl_1001\",\"passport_series\":\"4510\",\"passport_number\":\"123456\",\"birth_date\":\"15.05.1990\"}" >out &&
	kb_expect_json out .match true &&
	kb_call operator.password.reset "{\"client_id\":\"cl_1001\"}" >out &&
	kb_expect_json out .sent true &&
	kb_expect_json out .phone_masked "+7 9** ***-**-55" &&
	TEMP=$(kb_sms_code $NEW_PHONE 4) &&
	test ${#TEMP} = 10 &&
	kb_call auth.login "{\"phone\":\"$NEW_PHONE\",\"password\":\"$TEMP\"}" >out &&
	kb_expect_json out .state password_change &&
	kb_call auth.logout >/dev/null
'

test_expect_success 'the audit log is for supervisors' '
	! kb_call operator.audit >out &&
	kb_expect_json out .data.reason supervisor_only &&
	kb_call operator.logout >out &&
	kb_call operator.status >out &&
	kb_expect_json out .signed_in false &&
	op_login sup.sidorova Supervisor2026 "$SUP_SECRET" &&
	jq -e "select(.role == \"supervisor\")" login.out
'

test_expect_success 'the audit log lists every action with who, when, which client, outcome' '
	kb_call operator.audit "{\"client_id\":\"cl_1001\"}" >out &&
	jq -r ".items[] | [.operator, .client_id, .action, .outcome] | @tsv" \
	    out >rows &&
	cat rows &&
	grep -qx "op.petrov	cl_1001	identity_check	mismatch" rows &&
	grep -qx "op.petrov	cl_1001	identity_check	match" rows &&
	grep -qx "op.petrov	cl_1001	phone_change	not_verified" rows &&
	grep -qx "op.petrov	cl_1001	phone_change	code_sent" rows &&
	grep -qx "op.petrov	cl_1001	phone_change	changed" rows &&
	grep -qx "op.petrov	cl_1001	password_reset	sent" rows &&
	! grep -v "	cl_1001	" rows &&
	jq -e "[.items[].at | test(\"^20..-..-..T\")] | all" out &&
	kb_call operator.audit "{\"operator\":\"op.petrov\"}" >out &&
	jq -e "[.items[] | select(.action == \"login\" and .outcome == \"ok\")] | length >= 1" out &&
	jq -e "[.items[] | select(.action == \"identity_check\" and .outcome == \"mismatch_locked\" and .client_id == \"cl_1002\")] | length == 1" out &&
	jq -e "[.items[].operator == \"op.petrov\"] | all" out &&
	TODAY=$(TZ=Europe/Moscow date +%Y-%m-%d) &&
	kb_call operator.audit "{\"from\":\"2001-01-01\",\"to\":\"2001-01-02\"}" >out &&
	kb_expect_json out ".items | length" 0
'

test_expect_success 'nothing can edit the audit log: no API, and the database refuses' '
	for m in PUT PATCH DELETE; do
		lender -X $m -H "Authorization: Bearer $OPT" \
		    "$SANDBOX_URL/v1/operator/audit" >out || return 1
		kb_expect_json out .status 405 || return 1
	done &&
	n=$(sqlite3 "$TEST_DIR/lender.db" "SELECT count(*) FROM operator_audit") &&
	test "$n" -gt 5 &&
	! sqlite3 "$TEST_DIR/lender.db" \
	    "UPDATE operator_audit SET outcome = '"'"'ok'"'"'" 2>err &&
	grep -q "append-only" err &&
	! sqlite3 "$TEST_DIR/lender.db" "DELETE FROM operator_audit" 2>err &&
	grep -q "append-only" err &&
	test "$(sqlite3 "$TEST_DIR/lender.db" \
	    "SELECT count(*) FROM operator_audit")" = "$n"
'

test_expect_success 'the operator session is gone after a daemon restart' '
	kb_call operator.status >out &&
	kb_expect_json out .signed_in true &&
	kb_stop_daemon &&
	kb_start_daemon &&
	kb_call operator.status >out &&
	kb_expect_json out .signed_in false &&
	! kb_call operator.audit >out &&
	kb_expect_json out .data.reason operator_not_logged_in
'

test_expect_success 'the daemon log holds no passport, full phone or token' '
	! grep -F -e "654321" -e "123456" -e "$NEW_PHONE" -e "$OPT" \
	    "$DAEMON_LOG"
'

test_done
