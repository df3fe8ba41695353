#!/bin/sh
# run.sh BUILDDIR — `make bench`: measures, never judges (no budgets are
# asserted here; compare $B/bench.json between builds).
#   - JSON-RPC round trip over one connection (tests/tools/rpcbench):
#     BENCH_CALLS (20000) sequential session.status calls after 1000
#     warm-up ones, and the same for daemon.ping: p50/p90/p99 in µs, req/s;
#   - VmRSS of kabinetd idle and after the calls, and of the TUI on its
#     start screen (in tmux, --exit-after).
# The sandbox and daemon are started as the tests start them (lib.sh).
set -u
B_ARG=${1:-build}
cd "$(dirname "$0")/../.." || exit 1

# make bench builds only the programs: build the bench tools here.
make --no-print-directory BUILDDIR="$B_ARG" \
    "$B_ARG/tests/tools/rpcbench" "$B_ARG/tests/tools/kbcall" \
    "$B_ARG/tests/tools/totp" >/dev/null ||
	exit 1

B=$B_ARG
export B
# shellcheck source=../integration/lib.sh
. tests/integration/lib.sh

CALLS=${BENCH_CALLS:-20000}
RPCBENCH=$B/tests/tools/rpcbench

rss_kb () {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null
}

fail () {
	echo "bench: $*" >&2
	exit 1
}

kb_start_sandbox >/dev/null || fail "the sandbox did not start"
kb_start_daemon --no-keyring >/dev/null || fail "kabinetd did not start"
# Let the first health check and products fetch settle.
kb_retry 10 'kb_call session.status 2>/dev/null | jq -e .lender.reachable >/dev/null' ||
	fail "the lender never became reachable"
sleep 1
daemon_idle=$(rss_kb "$DAEMON_PID")

"$RPCBENCH" -S "$KB_SOCKET" -n "$CALLS" -w 1000 -m session.status \
    >status.json || fail "rpcbench session.status failed"
"$RPCBENCH" -S "$KB_SOCKET" -n "$CALLS" -w 1000 -m daemon.ping \
    >ping.json || fail "rpcbench daemon.ping failed"
daemon_after=$(rss_kb "$DAEMON_PID")

tui_rss=null
if [ -x "$B/kabinet" ]; then
	kb_tmux_start 80 24 "$B/kabinet" --no-start-daemon --exit-after 20
	if kb_tmux_wait_for "connected" 10 >tui.screen; then
		sleep 1
		tui_rss=$(rss_kb "$(kb_tmux_pid)")
		tui_rss=${tui_rss:-null}
	else
		echo "bench: the TUI did not reach its start screen:" >&2
		cat tui.screen >&2
	fi
	kb_tmux_stop
fi

# ---- the operator desk on a thin client ----
# Bytes kabinet writes to an 80x24 vt100, counted by script(1) wrapped
# around it: a scripted operator session (TOTP sign-in, find a client,
# open the card, check the identity, back to the desk), and on a
# 1 000-entry audit log one Down that moves the selection within the
# window, one that scrolls the window by a line, and a full repaint
# (Ctrl-L) for scale.
op_session=null op_keys=null op_move=null op_scroll=null op_repaint=null
ts_size () {
	wc -c <"$TS" | tr -d ' '
}
settle () {
	sleep 0.5
}
if [ -x "$B/kabinet" ] && command -v script >/dev/null 2>&1; then
	TS=$PWD/operator.typescript
	OPKB="env TERM=vt100 script -q -f -c"
	kb_tmux_start 80 24 $OPKB \
	    "$B/kabinet --no-start-daemon --operator" "$TS"
	if kb_tmux_wait_for "Operator sign-in" 10 >op.screen; then
		settle
		base=$(ts_size)
		kb_tmux_type op.petrov && kb_tmux_send Enter &&
		kb_tmux_type Operator2026 && kb_tmux_send Enter &&
		kb_tmux_wait_for "Authenticator code" >>op.screen &&
		kb_tmux_type "$(sh "$SRC/tests/tools/op-totp.sh" \
		    JBSWY3DPEHPK3PXP)" && kb_tmux_send Enter &&
		kb_tmux_wait_for "Operator desk:" >>op.screen &&
		kb_tmux_send f && kb_tmux_wait_for "Contract no." &&
		kb_tmux_type "8 900 000-00-01" &&
		kb_tmux_send Enter Enter Enter Enter &&
		kb_tmux_wait_for "1 client found" >>op.screen &&
		kb_tmux_send Enter && kb_tmux_wait_for "(cl_1001)" &&
		kb_tmux_send v && kb_tmux_wait_for "Passport series" &&
		kb_tmux_type 4510 && kb_tmux_send Enter &&
		kb_tmux_type 123456 && kb_tmux_send Enter &&
		kb_tmux_type 15.05.1990 && kb_tmux_send Enter &&
		kb_tmux_wait_for "Identity confirmed" >>op.screen &&
		kb_tmux_send Escape Escape Escape &&
		kb_tmux_wait_for "f  Find a client" >>op.screen &&
		settle && op_session=$(($(ts_size) - base)) &&
		# keys: 9+1+12+1+6+1 + 1+15+4 + 1 + 1+4+1+6+1+10+1 + 3
		op_keys=79 ||
		cat op.screen >&2
		kb_tmux_send o && kb_tmux_wait_for "Operator sign-in" >/dev/null
	fi
	kb_tmux_stop

	# 1 000 entries in the audit log, three kinds in turn (two clients'
	# cards and a search), so that neighbouring rows differ.
	lender () {
		curl -sS --cacert "$KB_CA" -H "Content-Type: application/json" "$@"
	}
	lender -d '{"login":"op.petrov","password":"Operator2026"}' \
	    "$SANDBOX_URL/v1/operator/login" >ch.json
	code=$(sh "$SRC/tests/tools/op-totp.sh" JBSWY3DPEHPK3PXP)
	tok=$(lender -d "{\"code\":\"$code\"}" "$SANDBOX_URL/v1/challenges/$(
	    jq -r .challenge.id ch.json)/verify" | jq -r .access_token)
	i=0
	: >urls
	while [ $i -lt 1000 ]; do
		case $((i % 3)) in
		0) echo "url = \"$SANDBOX_URL/v1/operator/clients/cl_1001\"" ;;
		1) echo "url = \"$SANDBOX_URL/v1/operator/clients/cl_1002\"" ;;
		2) echo "url = \"$SANDBOX_URL/v1/operator/clients?phone=%2B79990000000\"" ;;
		esac
		echo "output = /dev/null"
		i=$((i + 1))
	done >urls
	lender -H "Authorization: Bearer $tok" -K urls
	TS=$PWD/audit.typescript
	kb_tmux_start 80 24 $OPKB \
	    "$B/kabinet --no-start-daemon --operator" "$TS"
	if kb_tmux_wait_for "Operator sign-in" 10 >au.screen &&
	    kb_tmux_type sup.sidorova && kb_tmux_send Enter &&
	    kb_tmux_type Supervisor2026 && kb_tmux_send Enter &&
	    kb_tmux_wait_for "Authenticator code" >>au.screen &&
	    kb_tmux_type "$(sh "$SRC/tests/tools/op-totp.sh" \
	    KRSXG5CTMVRXEZLU)" && kb_tmux_send Enter &&
	    kb_tmux_wait_for "a  Audit log" >>au.screen &&
	    kb_tmux_send a && kb_tmux_wait_for "Client id" >>au.screen &&
	    kb_tmux_send Enter Enter Enter Enter &&
	    kb_tmux_wait_for "Audit log: 200 entries+" >>au.screen; then
		# to the last row of the window: the next Down scrolls
		n=0
		while [ $n -lt 16 ]; do
			kb_tmux_send Down
			n=$((n + 1))
		done
		settle
		a=$(ts_size)
		kb_tmux_send Down
		settle
		b=$(ts_size)
		kb_tmux_send Down
		settle
		c=$(ts_size)
		kb_tmux_send C-l
		settle
		d=$(ts_size)
		op_move=$((b - a)) op_scroll=$((c - b)) op_repaint=$((d - c))
	else
		cat au.screen >&2
	fi
	kb_tmux_stop
fi

sanitize=false
nm "$B/kabinetd" 2>/dev/null | grep -q __asan_init && sanitize=true

jq -n --slurpfile st status.json --slurpfile pi ping.json \
    --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg commit "$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null)" \
    --argjson sanitize "$sanitize" \
    --argjson didle "${daemon_idle:-null}" \
    --argjson dafter "${daemon_after:-null}" \
    --argjson tui "$tui_rss" \
    --argjson op_session "$op_session" --argjson op_keys "$op_keys" \
    --argjson op_move "$op_move" --argjson op_scroll "$op_scroll" \
    --argjson op_repaint "$op_repaint" \
    '{date: $date, commit: $commit, sanitize: $sanitize,
      rpc: {"session.status": $st[0], "daemon.ping": $pi[0]},
      rss_kb: {kabinetd_idle: $didle, kabinetd_after_calls: $dafter,
               kabinet_start_screen: $tui},
      operator_tty_bytes: {session: $op_session, session_keys: $op_keys,
               audit_move_one: $op_move, audit_scroll_one: $op_scroll,
               audit_full_repaint: $op_repaint}}' >"$B/bench.json" ||
	fail "could not write $B/bench.json"

jq -r '
  "kabinet bench  \(.date)  \(.commit)\(if .sanitize then "  (ASan build)" else "" end)",
  "",
  "  JSON-RPC, one connection, sequential     p50 µs   p90 µs   p99 µs   max µs     req/s",
  (.rpc | to_entries[] | .value |
    "  \(.method | . + " " * (16 - length))  \(.calls) calls" +
    "            \(.p50_us | floor | tostring | " " * (8 - length) + .)" +
    " \(.p90_us | floor | tostring | " " * (8 - length) + .)" +
    " \(.p99_us | floor | tostring | " " * (8 - length) + .)" +
    " \(.max_us | floor | tostring | " " * (8 - length) + .)" +
    " \(.rps | floor | tostring | " " * (9 - length) + .)"),
  "",
  "  RSS (VmRSS)",
  "    kabinetd idle                 \(.rss_kb.kabinetd_idle) kB",
  "    kabinetd after the calls      \(.rss_kb.kabinetd_after_calls) kB",
  "    kabinet on its start screen   \(.rss_kb.kabinet_start_screen) kB",
  "",
  "  Bytes to an 80x24 vt100 (operator desk)",
  "    scripted session (\(.operator_tty_bytes.session_keys) keys)    \(.operator_tty_bytes.session) B",
  "    audit log, Down within the window  \(.operator_tty_bytes.audit_move_one) B",
  "    audit log, Down scrolling by one   \(.operator_tty_bytes.audit_scroll_one) B",
  "    audit log, full repaint (Ctrl-L)   \(.operator_tty_bytes.audit_full_repaint) B"
' "$B/bench.json"
echo
echo "wrote $B/bench.json"
