#!/bin/sh
# t0707-outbox-forged — the outbox does not trust its files: an entry
# written by hand whose path would take the request (and the bearer token)
# to another host, or to a route the outbox never uses, is reported and
# set aside, never sent.  The "other host" is a second sandbox with the
# same certificate, so a request that reached it would succeed in TLS and
# show in its log.  An entry a crash left truncated, or one with garbage
# in it, is set aside the same way: reported, kept, never sent.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
OUTBOX=$XDG_STATE_HOME/kabinet/outbox
EVIL_LOG=$TEST_DIR/evil.log
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"

test_expect_success 'setup: another host that would answer in TLS' '
	"$B/kabinet-sandbox" --listen 127.0.0.1:0 --port-file evil.port \
	    --cert "$KB_CERTS/server.pem" \
	    --key "$(kb__keyfile "$KB_CERTS" server)" --no-seed \
	    </dev/null >"$EVIL_LOG" 2>&1 &
	EVIL_PID=$! &&
	kb__track $EVIL_PID &&
	kb_retry 10 "test -s evil.port" &&
	EVIL_PORT=$(cat evil.port) &&
	kb_retry 10 "curl -fsS --cacert \"$KB_CA\" https://127.0.0.1:$EVIL_PORT/v1/health"
'

test_expect_success 'hand-written entries: another host, another route, a header in the key' '
	mkdir -p "$OUTBOX" && chmod 700 "$OUTBOX" &&
	printf "%s\n" "{\"key\":\"kb-forged1\",\"kind\":\"payment\",\"path\":\"@127.0.0.1:$EVIL_PORT/x\",\"body\":{\"amount\":100,\"card_id\":\"cd_1002\"},\"created_at\":1}" \
	    >"$OUTBOX/kb-forged1.json" &&
	printf "%s\n" "{\"key\":\"kb-forged2\",\"kind\":\"payment\",\"path\":\"/v1/auth/logout\",\"body\":{},\"created_at\":1}" \
	    >"$OUTBOX/kb-forged2.json" &&
	printf "%s\n" "{\"key\":\"kb-x\\r\\nX-Evil: 1\",\"kind\":\"payment\",\"path\":\"/v1/loans/ln_1002/payments\",\"body\":{\"amount\":100,\"card_id\":\"cd_1002\"},\"created_at\":1}" \
	    >"$OUTBOX/kb-forged3.json" &&
	printf "%s" "{\"key\":\"kb-trunc\",\"kind\":\"payment\",\"path\":\"/v1/loans/ln_1002/payments\",\"body\":{\"amount\":100,\"card_" \
	    >"$OUTBOX/kb-trunc.json" &&
	printf "\0\377{\"key\":" >"$OUTBOX/kb-garbage.json" &&
	kb_start_daemon &&
	kb_signin $P2 Second2026 &&
	kb_retry 20 "test \$(grep -c \"not sent\" \"$DAEMON_LOG\") = 5 || grep -q \" /x \" \"$EVIL_LOG\"" &&
	! grep " /x " "$EVIL_LOG" &&
	test "$(grep -c "set aside" "$DAEMON_LOG")" = 5 &&
	test "$(grep -c "truncated or damaged" "$DAEMON_LOG")" = 2 &&
	test -f "$OUTBOX/kb-trunc.json.rejected" &&
	test -f "$OUTBOX/kb-garbage.json.rejected" &&
	test -f "$OUTBOX/kb-forged1.json.rejected" &&
	test -f "$OUTBOX/kb-forged2.json.rejected" &&
	test -f "$OUTBOX/kb-forged3.json.rejected" &&
	test -z "$(ls "$OUTBOX"/*.json 2>/dev/null)"
'

test_expect_success 'the session was not touched and nothing was paid' '
	kb_call session.status >out &&
	kb_expect_json out .state signed_in &&
	kb_call outbox.list >out &&
	kb_expect_json out ".items|length" 0 &&
	test "$(kb_sandbox_sql "SELECT count(*) FROM payments WHERE amount = 100")" = 0
'

test_done
