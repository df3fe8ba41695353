#!/bin/sh
# t0305-challenge-owner — a challenge whose client went waits for someone
# to answer it: every client that says hello is offered it, and a client
# that is offered it but only pings (as kb_start_daemon and scripts do)
# does not take it away from the next one, who answers and signs in.
. "$(dirname "$0")/lib.sh"

PHONE=+79000000001
export PHONE

kb_start_sandbox
kb_start_daemon

test_expect_success 'a sign-in whose client went leaves its challenge pending' '
	cat >flow <<-EOS &&
	send auth.login {"phone":"$PHONE","password":"Demo2026"}
	expect-event challenge.required
	capture CH challenge_id
	echo CH=\$CH
	EOS
	"$KBCALL" --script flow >out &&
	CH=$(sed -n "s/^CH=//p" out) && export CH &&
	test -n "$CH" &&
	kb_wait_log "$DAEMON_LOG" "challenge $CH waits for its client"
'

test_expect_success 'a client that only pings, still connected, is offered it' '
	rm -f go &&
	cat >pinger <<-\EOS &&
	call daemon.ping
	expect-event challenge.required
	echo offered
	wait-file GO go 20000
	EOS
	{ "$KBCALL" --script pinger >pinger.out 2>&1 & } &&
	kb_retry 10 "grep -q offered pinger.out"
'

test_expect_success 'the next client to say hello is offered it too, answers and signs in' '
	cat >answer <<-\EOS &&
	expect-event challenge.required 5000
	expect challenge_id $CH
	shell CODE sh $SRC/tests/tools/sms-code.sh $PHONE
	call challenge.answer {"challenge_id":"$CH","code":"$CODE"}
	EOS
	"$KBCALL" --script answer >out &&
	cat out &&
	echo go >go &&
	kb_call session.status >out &&
	kb_expect_json out .state signed_in
'

test_done
