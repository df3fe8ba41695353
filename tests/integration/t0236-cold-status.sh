#!/bin/sh
# t0236 — `kabinet status` when no daemon runs: it starts kabinetd, waits
# for its socket (no fixed sleep), and the first answer already knows the
# lender's state — reachable, with its name — not "unreachable" because
# the daemon's first health check had not finished yet.
#
# The products too: a calculator opened at once must have them.  The
# first answer waits for GET /v1/products as well as for the health
# check; and when the products change later, every client hears them in
# lender.status.
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
	jq -e ".session.lender.products | length > 0" out &&
	daemon_on "$SOCK" >/dev/null
'

# (the first lender.status is the one every client gets after its hello)
test_expect_success 'new products: every client hears them, not only the next to ask' '
	echo "{\"rate_bp_per_day\":70,\"charges_cap_percent\":100}" >product &&
	printf "%s\n" "call session.status" \
	    "expect-event lender.status 10000" \
	    "shell ST curl -sS --cacert $KB_CA -o /dev/null -w %{http_code} -H Content-Type:application/json --data-binary @product $SANDBOX_URL/sandbox/product" \
	    "expect-event lender.status 10000" >script &&
	"$B/tests/tools/kbcall" -S "$SOCK" --script script >events &&
	tail -n 1 events | jq -e ".products[0].rate_bp_per_day == 70" &&
	"$B/kabinet" -S "$SOCK" status --json >out &&
	jq -e ".session.lender.products[0].rate_bp_per_day == 70" out
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
