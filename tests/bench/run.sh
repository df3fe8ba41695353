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
    "$B_ARG/tests/tools/rpcbench" "$B_ARG/tests/tools/kbcall" >/dev/null ||
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

sanitize=false
nm "$B/kabinetd" 2>/dev/null | grep -q __asan_init && sanitize=true

jq -n --slurpfile st status.json --slurpfile pi ping.json \
    --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg commit "$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null)" \
    --argjson sanitize "$sanitize" \
    --argjson didle "${daemon_idle:-null}" \
    --argjson dafter "${daemon_after:-null}" \
    --argjson tui "$tui_rss" \
    '{date: $date, commit: $commit, sanitize: $sanitize,
      rpc: {"session.status": $st[0], "daemon.ping": $pi[0]},
      rss_kb: {kabinetd_idle: $didle, kabinetd_after_calls: $dafter,
               kabinet_start_screen: $tui}}' >"$B/bench.json" ||
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
  "    kabinet on its start screen   \(.rss_kb.kabinet_start_screen) kB"
' "$B/bench.json"
echo
echo "wrote $B/bench.json"
