#!/bin/sh
# t0290-secrets-measured — after a whole session through kabinetd (sign-in
# with an SMS code, a card linked with an SMS code, a payment, the
# operator desk with a TOTP code) the secrets are counted everywhere they
# could have been left: every file under the XDG dirs and HOME, the
# daemon's and the sandbox's logs, the outbox, /proc/PID/environ and
# cmdline of the daemon, and the sandbox's database.  The password, every
# SMS code, the access and refresh tokens (taken from the Secret Service,
# the one place they belong), the operator's password, the full phone
# and the PAN: 0 hits.  The lender's side keeps what a lender must: the
# sandbox's SMS outbox (sms.jsonl and its sms table) holds the codes it
# "sent", and its accounts hold the borrower's phone, which is her login;
# so the sandbox's database is searched for everything but the phone as
# raw bytes, and for the codes too in a dump of every table but sms.
# Whole words only (grep -w), so a 6-digit code never matches inside a
# timestamp.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
PW=Second2026
PAN=2200701234567896
OP_SECRET=JBSWY3DPEHPK3PXP
export OP_SECRET
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

test_expect_success 'the session: sign-in, card link, payment, operator desk' '
	kb_signin $P2 $PW &&
	N=$(sms_count $P2) &&
	cat >card.flow <<-EOS &&
	send card.add {"pan":"$PAN","expiry":"12/30","holder":"MARIIA PETROVA"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $P2 $((N + 1))
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect card.last4 7896
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script card.flow >card.out &&
	kb_call payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":\"1 500,50\"}" >pay.out &&
	cat >op.flow <<-EOS &&
	send operator.login {"login":"op.petrov","password":"Operator2026"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh \$SRC/tests/tools/op-totp.sh $OP_SECRET
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script op.flow >op.out &&
	kb_call operator.client.find "{\"phone\":\"+79000000001\"}" >find.out
'

test_expect_success 'the secrets: from the Secret Service and the SMS outbox' '
	secret-tool lookup lender "$SANDBOX_URL" >secret.json &&
	test "$(jq -r .access_token secret.json | wc -c)" -gt 20 &&
	jq -r .access_token secret.json >secrets &&
	jq -r .refresh_token secret.json >>secrets &&
	rm secret.json &&
	jq -r "select(.code != null) | .code" "$SANDBOX_SMS" >>secrets &&
	printf "%s\n" "$PW" Operator2026 "$P2" 79000000002 "$PAN" \
	    "2200 7012 3456 7896" >>secrets &&
	test "$(wc -l <secrets)" -ge 10 &&
	! grep -qx "" secrets &&
	echo "$(wc -l <secrets) secrets to look for"
'

test_expect_success 'zero hits anywhere but the Secret Service' '
	kill -0 "$DAEMON_PID" &&
	cat "/proc/$DAEMON_PID/environ" "/proc/$DAEMON_PID/cmdline" |
	    tr "\\0" "\\n" >proc.txt &&
	: >hits &&
	for f in $(find "$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" \
	    "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" \
	    -type f 2>/dev/null) "$DAEMON_LOG" "$SANDBOX_LOG" proc.txt; do
		case $f in
		*/keyrings/*) continue ;;	# the Secret Service itself
		esac
		grep -aHowF -f secrets "$f" >>hits
	done;
	grep -v -e "^$P2\$" -e "^79000000002\$" -e "^[0-9]\{6\}\$" secrets \
	    >lender-secrets &&
	for f in "$SANDBOX_DB"*; do
		grep -aHowF -f lender-secrets "$f" >>hits
	done;
	sqlite3 "$SANDBOX_DB" .dump | grep -v "^INSERT INTO sms " >dump.sql &&
	grep -v -e "^$P2\$" -e "^79000000002\$" secrets >dump-secrets &&
	grep -aHowF -f dump-secrets dump.sql >>hits;
	echo "hits: $(wc -l <hits) (looked in $(find "$HOME" "$XDG_CONFIG_HOME" \
	    "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" \
	    "$XDG_CACHE_HOME" -type f | wc -l) files under the XDG dirs)" &&
	sort hits | uniq -c &&
	test ! -s hits
'

test_done
