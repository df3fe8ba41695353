#!/bin/sh
# t0236 — `kabinet status` when no daemon runs: it starts kabinetd, waits
# for its socket (no fixed sleep), and the first answer already knows the
# lender's state — reachable, with its name — not "unreachable" because
# the daemon's first health check had not finished yet.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/bench/cold.sh"

SOCK=$XDG_RUNTIME_DIR/cold.sock
kb_cleanup_add 'p=$(daemon_on "$SOCK") && kill -TERM $p'

test_expect_success 'setup: the sandbox, a config, no daemon' '
	kb_start_sandbox &&
	kb_write_config &&
	! test -S "$SOCK"
'

test_expect_success 'the first answer of a daemon just started knows the lender' '
	"$B/kabinet" -S "$SOCK" status --json >out &&
	jq -e ".session.lender.reachable == true" out &&
	test -n "$(jq -r ".session.lender.name // empty" out)" &&
	jq -e ".session.lender.checking == null" out &&
	daemon_on "$SOCK" >/dev/null
'

test_expect_success 'the lender down: a fresh daemon says why at once' '
	p=$(daemon_on "$SOCK") && kill -TERM $p &&
	kb_retry 10 "! kill -0 $p 2>/dev/null" &&
	kb_stop_sandbox &&
	{ "$B/kabinet" -S "$SOCK" status --json >out || :; } &&
	jq -e ".session.lender.reachable == false" out &&
	jq -e ".session.lender.error.reason" out
'

test_done
