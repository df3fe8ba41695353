#!/bin/sh
# t0240 — TLS to the lender is always verified: a certificate from another
# CA is refused, and so is the test CA's when the daemon was not told to
# trust it.  The refusal is visible in session.status as tls_error.
. "$(dirname "$0")/lib.sh"

# No CA hints from the environment: only what kabinetd.conf says.
unset SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE

# wait_lender_error: until session.status carries lender.error.
wait_lender_error () {
	kb_retry 10 'kb_call session.status >status.json &&
		jq -e ".lender.error != null" status.json >/dev/null' || {
		echo "no lender.error in session.status after 10 s:"
		cat status.json
		return 1
	}
}

test_expect_success 'setup: a sandbox serving a certificate from another CA' '
	SANDBOX_CERT_NAME=rogue-server kb_start_sandbox &&
	kb_start_daemon
'

test_expect_success 'the rogue certificate is refused: tls_error' '
	wait_lender_error &&
	cat status.json &&
	kb_expect_json status.json .lender.reachable false &&
	kb_expect_json status.json .lender.error.reason tls_error
'

test_expect_success 'the message says what is wrong: the certificate' '
	jq -r .lender.error.message status.json >msg &&
	cat msg &&
	grep -qi certificate msg
'

test_expect_success 'a sign-in does not go to that lender' '
	test_must_fail_rc 1 kb_call auth.login \
	    "{\"phone\":\"+79000000001\",\"password\":\"Demo2026\"}" >out &&
	cat out &&
	! grep -q "challenge" out &&
	test ! -s "$SANDBOX_SMS" &&
	! grep -q "POST /v1/auth/login" "$SANDBOX_LOG"
'

test_expect_success 'setup: the right certificate, but no CA in the config' '
	kb_stop_daemon &&
	kb_stop_sandbox &&
	SANDBOX_PORT= SANDBOX_CERT_NAME=server kb_start_sandbox &&
	printf "%s\n" "lender_url = $SANDBOX_URL" "health_interval = 1" \
	    >"$XDG_CONFIG_HOME/kabinet/kabinetd.conf" &&
	KB_KEEP_CONFIG=1 kb_start_daemon
'

test_expect_success 'without ca_file the test CA is not trusted: tls_error' '
	wait_lender_error &&
	cat status.json &&
	kb_expect_json status.json .lender.reachable false &&
	kb_expect_json status.json .lender.error.reason tls_error
'

test_expect_success 'with ca_file the same sandbox is reachable' '
	kb_stop_daemon &&
	kb_start_daemon &&
	kb_retry 10 "kb_call session.status >status.json &&
		jq -e .lender.reachable status.json >/dev/null" &&
	kb_expect_json status.json .lender.reachable true
'

# pinned: the daemon with pinned_key LINE starts and reaches the sandbox
# (or, with "refused", sees tls_error).
pinned () {
	kb_stop_daemon &&
	kb_write_config "pinned_key = $1" &&
	KB_KEEP_CONFIG=1 kb_start_daemon &&
	kb_retry 10 "kb_call session.status >status.json &&
		jq -e \".lender.reachable or .lender.error != null\" status.json >/dev/null" &&
	cat status.json &&
	if [ "$2" = refused ]; then
		kb_expect_json status.json .lender.error.reason tls_error
	else
		kb_expect_json status.json .lender.reachable true
	fi
}

test_expect_success 'pinned_key: the server certificate as PEM or DER, its key, or its sha256// pin' '
	pinned "$KB_CERTS/server.pem" &&
	openssl x509 -in "$KB_CERTS/server.pem" -outform DER -out server.der &&
	pinned "$TEST_DIR/server.der" &&
	openssl x509 -in "$KB_CERTS/server.pem" -pubkey -noout >server.pub &&
	pinned "$TEST_DIR/server.pub" &&
	pinned "$(cat "$KB_CERTS/server.pin")"
'

test_expect_success 'pinned_key: another key is refused as a TLS error' '
	pinned "$KB_CERTS/rogue-server.pem" refused &&
	pinned "$(cat "$KB_CERTS/rogue-server.pin");$(cat "$KB_CERTS/rogue-server.pin")" refused
'

test_expect_success 'a malformed pin is refused at start with a message' '
	kb_stop_daemon &&
	test_must_fail_rc 1 timeout 10 "$B/kabinetd" -f --pinned-key sha256//AAAA 2>err &&
	cat err &&
	grep -q "pinned key \"sha256//AAAA\" is not sha256//" err &&
	echo "not a key" >junk.pem &&
	test_must_fail_rc 1 timeout 10 "$B/kabinetd" -f --pinned-key "$TEST_DIR/junk.pem" 2>err &&
	grep -q "holds no certificate or public key" err &&
	test_must_fail_rc 1 timeout 10 "$B/kabinetd" -f --pinned-key "$TEST_DIR/nonexistent.pem" 2>err &&
	grep -q "nonexistent.pem" err
'

test_done
