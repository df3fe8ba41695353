#!/bin/sh
# t0242-tls-refusals — every way TLS to the lender can be wrong is refused,
# and the message session.status carries says which: a certificate from
# another CA, one for a host name that is not the lender's, one valid for
# another name only, an expired one, a pin that does not match; and plain
# http to an address that is not loopback is refused at start.
. "$(dirname "$0")/lib.sh"

unset SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE

# leaf NAME SAN [DAYS]: NAME.pem/NAME.key signed by the test CA.
leaf () {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$KB_CERTS/$1.key" 2>/dev/null &&
	printf "%s\n" "basicConstraints=critical,CA:FALSE" \
	    "extendedKeyUsage=serverAuth" "subjectAltName=$2" >"$1.ext" &&
	openssl req -new -key "$KB_CERTS/$1.key" -subj "/CN=${2#*:}" \
	    2>/dev/null |
	openssl x509 -req -CA "$KB_CA" -CAkey "$KB_CERTS/ca.key" \
	    -CAcreateserial -CAserial "$TEST_DIR/ca.srl" -days "${3:-30}" \
	    -extfile "$1.ext" -out "$KB_CERTS/$1.pem" 2>/dev/null
}

# refused CERT [CONFIG LINE]: a sandbox serving CERT; the daemon trusts
# the test CA and sees tls_error; its message is left in msg.
refused () {
	kb_stop_daemon; kb_stop_sandbox;
	SANDBOX_PORT= SANDBOX_CERT_NAME=$1 kb_start_sandbox &&
	kb_write_config ${2:+"$2"} &&
	KB_KEEP_CONFIG=1 kb_start_daemon &&
	kb_retry 10 "kb_call session.status >status.json &&
		jq -e \".lender.error != null\" status.json >/dev/null" &&
	kb_expect_json status.json .lender.reachable false &&
	kb_expect_json status.json .lender.error.reason tls_error &&
	jq -r .lender.error.message status.json >msg &&
	echo "$1: $(cat msg)"
}

test_expect_success 'setup: certificates from the test CA' '
	kb_certs &&
	leaf expired "IP:127.0.0.1" 0 &&
	leaf localhost-only "DNS:localhost" &&
	leaf other-name "DNS:lender.example" &&
	openssl verify -CAfile "$KB_CA" "$KB_CERTS/expired.pem" 2>&1 |
	    grep -q "expired"
'

test_expect_success 'another CA: the message says the issuer is not trusted' '
	refused rogue-server &&
	grep -qiE "unable to get local issuer|self.signed|issuer" msg
'

test_expect_success 'expired: the message says expired' '
	refused expired &&
	grep -qi "expired" msg
'

test_expect_success 'a host name that is not the lender'"'"'s: the message names the host' '
	refused localhost-only &&
	grep -qi "subject name" msg && grep -qF "127.0.0.1" msg
'

test_expect_success 'valid for another name only: the message says the name does not match' '
	refused other-name &&
	grep -qi "subject name" msg && grep -qF "127.0.0.1" msg
'

test_expect_success 'a pin that does not match: the message says pinned key' '
	refused server "pinned_key = $(cat "$KB_CERTS/rogue-server.pin")" &&
	grep -qi "pinned public key" msg
'

test_expect_success 'plain http to an address not loopback: refused at start, said why' '
	kb_stop_daemon &&
	printf "%s\n" "lender_url = http://192.0.2.1:8080" "allow_http = true" \
	    >"$XDG_CONFIG_HOME/kabinet/kabinetd.conf" &&
	test_must_fail_rc 1 timeout 10 "$B/kabinetd" -f 2>err &&
	cat err &&
	grep -q "192.0.2.1" err && grep -qi "not loopback" err
'

test_done
