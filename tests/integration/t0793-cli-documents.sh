#!/bin/sh
# t0793-cli-documents — My documents from the command line: kabinet
# documents lists what the borrower accepted or signed (plain bytes on a
# pipe, --json), kabinet document ID prints or saves the exact text, whose
# SHA-256 is the one kept with the signature; an unknown id is refused
# with exit status 1 and the daemon carries on.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P1=+79000000001
kb_start_sandbox
kb_start_daemon

test_expect_success 'signed out: exit 4' '
	test_must_fail_rc 4 kb documents >out 2>err
'

test_expect_success 'documents: one plain line each, with its SHA-256' '
	kb_signin $P1 Demo2026 &&
	kb documents --json >docs.json &&
	ID=$(jq -r "[.items[] | select(.document_id == \"pep_agreement\")][0].id" docs.json) &&
	SUM=$(jq -r "[.items[] | select(.document_id == \"pep_agreement\")][0].sha256" docs.json) &&
	test -n "$ID" && test "$ID" != null &&
	kb documents >out &&
	kb_plain out &&
	grep "^$ID  " out | grep -q "SHA-256 $SUM"
'

test_expect_success 'document ID: the exact text, on stdout or into a file' '
	kb document "$ID" >text &&
	test "$(sha256sum <text | cut -d" " -f1)" = "$SUM" &&
	kb document --output "$TEST_DIR/pep.txt" "$ID" >out &&
	grep -q "Saved to $TEST_DIR/pep.txt" out &&
	test "$(sha256sum <"$TEST_DIR/pep.txt" | cut -d" " -f1)" = "$SUM" &&
	kb document --json --output "$TEST_DIR/pep2.txt" "$ID" >out &&
	kb_expect_json out .saved_to "$TEST_DIR/pep2.txt" &&
	kb_expect_json out .sha256 "$SUM"
'

test_expect_success 'an unknown id: exit 1, the reason as JSON; a bad file: exit 2' '
	test_must_fail_rc 1 kb document --json nosuch_1 >out &&
	kb_expect_json out .error.data.reason document_not_found &&
	test_must_fail_rc 2 kb document --output "$TEST_DIR/no/such/f" "$ID" 2>err &&
	grep -q "Cannot write" err &&
	test_must_fail_rc 2 kb document 2>err &&
	grep -q "usage: kabinet document" err &&
	kb_call daemon.ping >/dev/null
'

test_done
