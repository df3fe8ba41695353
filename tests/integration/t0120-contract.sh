#!/bin/sh
# t0120-contract — the lender API is what doc/openapi.yaml says, checked
# by tools that are not ours: Redocly's linter finds no error in the
# document, and the traffic of integration scripts (the daemon's calls and
# the tests' own, to /v1/ and /sandbox/) passed through Prism's validating
# proxy breaks it nowhere: every request and answer matches its operation,
# and no route is missing.  The tools come from the npm registry, once
# per build directory ($B/npm); without npm or the registry the test is
# skipped, saying so.
. "$(dirname "$0")/lib.sh"

REDOCLY_VERSION=2.77.0
PRISM_VERSION=5.14.2
NPM_DIR=$B/npm
REDOCLY=$NPM_DIR/node_modules/.bin/redocly
PRISM=$NPM_DIR/node_modules/.bin/prism
# Scripts whose lender traffic goes through the proxy (KB_CONTRACT_SCRIPTS
# to choose others): sign-in with its SMS codes, the session and devices;
# cards, payments, extensions, services and the outbox; autopay; appeals
# and the desk's queue; My profile; the loans with their applications or
# what is due (?include=).  Scripts that send the lender
# malformed requests on purpose, or break the connection, cannot be among
# them.
SCRIPTS=${KB_CONTRACT_SCRIPTS:-"t0300-signin t0702-payments-daemon t0492-autopay-daemon t0461-appeals-daemon t0450-profile-sandbox t0451-profile-daemon
    t0751-one-request-loans"}

command -v npm >/dev/null 2>&1 ||
	kb_skip_all "npm is not installed, so @redocly/cli and @stoplight/prism-cli cannot be"
if ! "$REDOCLY" --version 2>/dev/null | grep -qx "$REDOCLY_VERSION" ||
    ! "$PRISM" --version 2>/dev/null | grep -qx "$PRISM_VERSION"; then
	npm install --prefix "$NPM_DIR" --no-audit --no-fund \
	    "@redocly/cli@$REDOCLY_VERSION" \
	    "@stoplight/prism-cli@$PRISM_VERSION" >"$TEST_DIR/npm.log" 2>&1 ||
		kb_skip_all "npm install from the registry failed: $(tail -n 1 "$TEST_DIR/npm.log")"
fi

test_expect_success 'redocly lint: doc/openapi.yaml has no error' '
	"$REDOCLY" lint --format=summary "$SRC/doc/openapi.yaml" >lint.out 2>&1 ||
	{ cat lint.out; false; }
'

test_expect_success 'the lender traffic of the integration scripts breaks the document nowhere' '
	: >prism.log &&
	for t in $SCRIPTS; do
		KB_PRISM=$PRISM KB_PRISM_LOG=$TEST_DIR/prism.log \
		    bash "$SRC/tests/integration/$t.sh" >"$t.out" 2>&1 ||
		{ echo "$t failed through the proxy:"
		  grep -A 40 "^not ok" "$t.out" | grep -v "sandbox: info"
		  return 1; }
	done &&
	# a positive marker: the proxy did carry the traffic
	test "$(grep -c "Forwarding" prism.log)" -ge 50 &&
	if grep "Violation" prism.log | sed "s/^.*Violation/Violation/" |
	    sort | uniq -c | sort -rn >violations && test -s violations; then
		cat violations; false
	fi
'

test_done
