#!/bin/sh
# run.sh BUILDDIR — `make bench`: measures, never judges (no budgets are
# asserted here; compare $B/bench.json between builds).  kabinetd runs as
# users run it: no -v, the default health_interval, the real clock (only
# --no-keyring: the bench has no Secret Service of its own).  Anchors are
# measured in the same run where installed (redis-server and
# redis-benchmark on a UNIX socket, less), each with its ratio:
#   - throughput at 1 and 50 connections, unpipelined session.status by a
#     lean client (tests/tools/rpcload: no JSON work per call) vs redis
#     PING; p50/p99; the daemon's CPU per call;
#   - private dirty memory (smaps_rollup) and RSS of kabinetd idle, signed
#     in and after the calls; of the TUI on its start screen;
#   - idle wakeups (context switches of every thread) over BENCH_IDLE_S
#     (default 20) seconds, signed out and signed in;
#   - syscalls per call (strace -c, where installed);
#   - cold start: `kabinet status --json` starting the daemon vs redis
#     start + PING;
#   - bytes to an 80x24 terminal for a one-line scroll and a page of a long
#     list (the borrower's payment history of 10 000 entries, and the
#     operator's audit log) vs less on a file of 10 000 lines;
#   - the history of 10 000 entries: milliseconds from G (End) to the last
#     row on the screen vs less's G; the TUI's private memory after
#     reaching it;
#   - operators on one terminal server: private memory per signed-in
#     operator (daemon + TUI) and how many fit in 16 GiB.
set -u
B_ARG=${1:-build}
cd "$(dirname "$0")/../.." || exit 1

# make bench builds only the programs: build the bench tools here.
make --no-print-directory BUILDDIR="$B_ARG" \
    "$B_ARG/tests/tools/rpcload" "$B_ARG/tests/tools/kbcall" \
    "$B_ARG/tests/tools/totp" >/dev/null ||
	exit 1

B=$B_ARG
export B
# shellcheck source=../integration/lib.sh
. tests/integration/lib.sh
# shellcheck source=cold.sh
. "$SRC/tests/bench/cold.sh"
# shellcheck source=../integration/lib-payments.sh
. "$SRC/tests/integration/lib-payments.sh"

CALLS=${BENCH_CALLS:-50000}
IDLE_S=${BENCH_IDLE_S:-20}
RPCLOAD=$B/tests/tools/rpcload

rss_kb () {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null
}
# private dirty kB (what this process alone costs)
priv_kb () {
	awk '/^Private_Dirty:/ { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null
}
switches () {
	cat /proc/"$1"/task/*/status 2>/dev/null |
	    awk '/^(non)?voluntary_ctxt_switches/ { s += $2 } END { print s }'
}
# wakeups_per_s PID: context switches per second over IDLE_S seconds
wakeups_per_s () {
	wk0=$(switches "$1")
	sleep "$IDLE_S"
	wk1=$(switches "$1")
	echo "$wk0 $wk1 $IDLE_S" | awk '{ printf "%.3f\n", ($2 - $1) / $3 }'
}
# syscalls_per_call PID CALLS command...: strace -c on PID while the
# command runs CALLS calls; null without strace.
syscalls_per_call () {
	sp_pid=$1 sp_n=$2
	shift 2
	command -v strace >/dev/null || { echo null; return; }
	strace -f -c -p "$sp_pid" -o "$TEST_DIR/strace.out" 2>/dev/null &
	sp_st=$!
	sleep 0.5
	"$@" >/dev/null 2>&1
	kill -INT "$sp_st"
	wait "$sp_st" 2>/dev/null
	awk -v n="$sp_n" '$NF == "total" { printf "%.2f\n", $(NF-2) / n; f = 1 }
	    END { if (!f) print "null" }' "$TEST_DIR/strace.out"
}
ratio () {
	echo "$1 $2" | awk '$1 == "null" || $2 == "null" || $2 == 0 { print "null"; next }
	    { printf "%.3f\n", $1 / $2 }'
}

fail () {
	echo "bench: $*" >&2
	exit 1
}

kb_start_sandbox >/dev/null || fail "the sandbox did not start"
unset KABINET_TEST_CLOCK
kb_write_config
sed -i '/^health_interval/d' "$XDG_CONFIG_HOME/kabinet/kabinetd.conf"
KB_SOCKET=$XDG_RUNTIME_DIR/kabinet/kabinetd.sock
KABINET_SOCKET=$KB_SOCKET
export KB_SOCKET KABINET_SOCKET
"$B/kabinetd" -f --no-keyring </dev/null >>"$DAEMON_LOG" 2>&1 &
DAEMON_PID=$!
kb__track "$DAEMON_PID"
kb_retry 10 'kb_call session.status 2>/dev/null | jq -e .lender.reachable >/dev/null' ||
	fail "the lender never became reachable"
sleep 1
d_idle_rss=$(rss_kb "$DAEMON_PID") d_idle_priv=$(priv_kb "$DAEMON_PID")
echo "bench: idle wakeups, signed out (${IDLE_S} s)" >&2
wake_out=$(wakeups_per_s "$DAEMON_PID")
kb_signin +79000000001 Demo2026 >/dev/null || fail "sign-in failed"
kb_wait_log "$SANDBOX_LOG" "GET /v1/events 200" || fail "no event stream"
sleep 1
d_in_rss=$(rss_kb "$DAEMON_PID") d_in_priv=$(priv_kb "$DAEMON_PID")
echo "bench: idle wakeups, signed in (${IDLE_S} s)" >&2
wake_in=$(wakeups_per_s "$DAEMON_PID")

echo "bench: throughput" >&2
"$RPCLOAD" -S "$KB_SOCKET" -c 1 -n "$CALLS" -P "$DAEMON_PID" >c1.json ||
	fail "rpcload -c 1 failed"
"$RPCLOAD" -S "$KB_SOCKET" -c 50 -n "$CALLS" -P "$DAEMON_PID" >c50.json ||
	fail "rpcload -c 50 failed"
"$RPCLOAD" -S "$KB_SOCKET" -c 1 -n "$CALLS" -m daemon.ping \
    -P "$DAEMON_PID" >ping.json || fail "rpcload daemon.ping failed"
d_after_rss=$(rss_kb "$DAEMON_PID") d_after_priv=$(priv_kb "$DAEMON_PID")
d_calls=$((CALLS * 3 + 6000))
d_sys=$(syscalls_per_call "$DAEMON_PID" 2000 "$RPCLOAD" -S "$KB_SOCKET" \
    -c 1 -n 2000 -w 0)

# ---- redis, the anchor for a local request/response server ----
redis='null'
if command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null
then
	RS=$TEST_DIR/redis.sock
	rs_t0=$(date +%s%N)
	redis-server --port 0 --unixsocket "$RS" --save "" --appendonly no \
	    >redis.log 2>&1 &
	RPID=$!
	kb__track "$RPID"
	while ! redis-cli -s "$RS" ping >/dev/null 2>&1; do
		sleep 0.001
	done
	rs_t1=$(date +%s%N)
	r_cpu () {
		awk '{ sub(/.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' \
		    "/proc/$RPID/stat"
	}
	rb () {
		rb_c0=$(r_cpu)
		redis-benchmark -s "$RS" -n "$CALLS" -c "$1" -t ping_mbulk --csv |
		    tail -n 1 | tr -d '"' >rb.csv
		rb_c1=$(r_cpu)
		awk -F, -v c0="$rb_c0" -v c1="$rb_c1" -v n="$CALLS" \
		    -v tck="$(getconf CLK_TCK)" -v conns="$1" \
		    '{ printf "{\"conns\":%d,\"rps\":%s,\"p50_us\":%.1f,\"p99_us\":%.1f,\"cpu_us_per_call\":%.2f}\n",
		       conns, $2, $5 * 1000, $7 * 1000, (c1 - c0) * 1e6 / tck / n }' rb.csv
	}
	r1=$(rb 1) r50=$(rb 50)
	r_sys=$(syscalls_per_call "$RPID" 2000 redis-benchmark -s "$RS" \
	    -n 2000 -c 1 -t ping_mbulk -q)
	redis=$(jq -n --argjson r1 "$r1" --argjson r50 "$r50" \
	    --argjson sys "$r_sys" \
	    --argjson cold "$(((rs_t1 - rs_t0) / 1000))" \
	    --argjson priv "$(priv_kb "$RPID")" \
	    '{c1: $r1, c50: $r50, cold_start_ms: ($cold / 1000),
	      syscalls_per_call: $sys,
	      private_dirty_kb: $priv}')
	kill "$RPID"
else
	echo "bench: no redis-server/redis-benchmark (apt-get install" \
	    "redis-server redis-tools): no redis anchor" >&2
fi

echo "bench: cold start" >&2
kabinet_cold=$(cold_start 5)
cold_knows=$(jq '.session.lender.reachable' cold.json)

tui_rss=null tui_priv=null tui_first_ms=null
if [ -x "$B/kabinet" ]; then
	tf0=$(date +%s%N)
	kb_tmux_start 80 24 "$B/kabinet" --no-start-daemon --exit-after 20
	if kb_tmux_wait_for "connected" 10 >tui.screen; then
		tf1=$(date +%s%N)
		tui_first_ms=$(((tf1 - tf0) / 1000000))
		sleep 1
		tui_rss=$(rss_kb "$(kb_tmux_pid)")
		tui_priv=$(priv_kb "$(kb_tmux_pid)")
		tui_rss=${tui_rss:-null} tui_priv=${tui_priv:-null}
	else
		echo "bench: the TUI did not reach its start screen:" >&2
		cat tui.screen >&2
	fi
	kb_tmux_stop
fi

# ms_until KEY TEXT: milliseconds from sending KEY to TEXT on the screen
# (polled as fast as tmux answers: a few ms of resolution).
ms_until () {
	mu0=$(date +%s%N)
	kb_tmux_send "$1"
	mu_n=0
	while ! kb_tmux_capture | grep -qF -- "$2"; do
		mu_n=$((mu_n + 1))
		[ $mu_n -gt 5000 ] && { echo null; return; }
	done
	echo $((($(date +%s%N) - mu0) / 1000000))
}

# ts_size: bytes written so far to the typescript $TS; settle: time for
# the screen to be written whole; ts_after KEY...: ts_size once KEY has
# been sent and the screen has settled.
ts_size () {
	wc -c <"$TS" | tr -d ' '
}
settle () {
	sleep 0.5
}
ts_after () {
	kb_tmux_send "$@"
	settle
	ts_size
}
# to_last_row: Down to the last row of a 24-line list (the next Down
# scrolls the window).
to_last_row () {
	tl_n=0
	while [ $tl_n -lt 16 ]; do
		kb_tmux_send Down
		tl_n=$((tl_n + 1))
	done
}

# ---- less, the anchor for a terminal list: one line, one page ----
less_line=null less_page=null less_end_ms=null
if command -v less >/dev/null && command -v script >/dev/null; then
	seq 1 10000 | awk '{ printf "%05d  2026-11-%02d  payment  %8d.00 RUB  done\n", $1, $1 % 28 + 1, $1 * 7 }' >list.txt
	TS=$PWD/less.typescript
	kb_tmux_start 80 24 env TERM=vt100 LESS= script -q -f -c \
	    "less list.txt" "$TS"
	if kb_tmux_wait_for "00001" 10 >/dev/null; then
		settle
		la=$(ts_size)
		lb=$(ts_after j)
		lc=$(ts_after Space)
		less_line=$((lb - la)) less_page=$((lc - lb))
		less_end_ms=$(ms_until G "10000  ")
	fi
	kb_tmux_send q
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
op_page=null
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
		to_last_row
		settle
		a=$(ts_size)
		b=$(ts_after Down)
		c=$(ts_after Down)
		d=$(ts_after C-l)
		e=$(ts_after NPage)
		op_move=$((b - a)) op_scroll=$((c - b)) op_repaint=$((d - c))
		op_page=$((e - d))
	else
		cat au.screen >&2
	fi
	kb_tmux_stop
fi

# ---- the borrower's history: 10 000 entries at 80x24 on a vt100 ----
# Bytes for one line and one page down, milliseconds from G to the last
# row, and the TUI's private memory once there (only the pages near the
# screen are kept).
h_line=null h_page=null h_end_ms=null h_priv=null
if [ -x "$B/kabinet" ] && command -v script >/dev/null 2>&1 &&
    curl -sS --cacert "$KB_CA" -H "Content-Type: application/json" \
    -d '{"phone":"+79000000001","count":10000}' \
    "$SANDBOX_URL/sandbox/history" >/dev/null; then
	total=$("$KBCALL" -S "$KB_SOCKET" payment.history '{"limit":1}' |
	    jq -r .total)
	TS=$PWD/history.typescript
	kb_tmux_start 80 24 env TERM=vt100 script -q -f -c \
	    "$B/kabinet --no-start-daemon" "$TS"
	if kb_tmux_wait_for "Hello" 10 >/dev/null && kb_tmux_send h &&
	    kb_tmux_wait_for " 1/$total" 10 >/dev/null; then
		to_last_row
		settle
		a=$(ts_size)
		b=$(ts_after Down)
		c=$(ts_after NPage)
		h_line=$((b - a)) h_page=$((c - b))
		h_end_ms=$(ms_until G " $total/$total")
		settle
		h_priv=$(priv_kb "$(pgrep -n -x kabinet)")
		h_priv=${h_priv:-null}
	fi
	kb_tmux_stop
fi

# A figure that could not be taken is null, never an empty word.
for v in h_line h_page h_end_ms less_end_ms h_priv less_line less_page; do
	eval "case \${$v:-} in ''|*[!0-9]*) $v=null ;; esac"
done

sanitize=false
nm "$B/kabinetd" 2>/dev/null | grep -q __asan_init && sanitize=true

per_op=null fit=null
if [ "$tui_priv" != null ] && [ -n "$d_in_priv" ]; then
	per_op=$((d_in_priv + tui_priv))
	fit=$((16 * 1024 * 1024 / per_op))
fi

jq -n --slurpfile c1 c1.json --slurpfile c50 c50.json \
    --slurpfile ping ping.json --argjson redis "$redis" \
    --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg commit "$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null)" \
    --arg load "$(cut -d" " -f1-3 /proc/loadavg)" \
    --argjson sanitize "$sanitize" \
    --argjson idle_s "$IDLE_S" \
    --argjson wake_out "$wake_out" --argjson wake_in "$wake_in" \
    --argjson di_rss "${d_idle_rss:-null}" --argjson di_priv "${d_idle_priv:-null}" \
    --argjson ds_rss "${d_in_rss:-null}" --argjson ds_priv "${d_in_priv:-null}" \
    --argjson da_rss "${d_after_rss:-null}" --argjson da_priv "${d_after_priv:-null}" \
    --argjson d_calls "$d_calls" --argjson d_sys "${d_sys:-null}" \
    --argjson cold "$kabinet_cold" --argjson cold_knows "$cold_knows" \
    --argjson tui_rss "$tui_rss" --argjson tui_priv "$tui_priv" \
    --argjson tui_first "$tui_first_ms" \
    --argjson less_line "$less_line" --argjson less_page "$less_page" \
    --argjson op_session "$op_session" --argjson op_keys "$op_keys" \
    --argjson op_move "$op_move" --argjson op_scroll "$op_scroll" \
    --argjson op_repaint "$op_repaint" --argjson op_page "$op_page" \
    --argjson per_op "$per_op" --argjson fit "$fit" \
    --argjson h_line "$h_line" --argjson h_page "$h_page" \
    --argjson h_end "$h_end_ms" --argjson less_end "$less_end_ms" \
    --argjson h_priv "$h_priv" \
    'def r(a; b): if a == null or b == null or b == 0 then null
                  else (a / b * 1000 | round) / 1000 end;
     {date: $date, commit: $commit, sanitize: $sanitize, loadavg: $load,
      rpc: {c1: $c1[0], c50: $c50[0], ping_c1: $ping[0],
           syscalls_per_call: $d_sys},
      redis: $redis,
      ratios: {rps_c1: r($c1[0].rps; $redis.c1.rps),
               p99_c1: r($c1[0].p99_us; $redis.c1.p99_us),
               rps_c50: r($c50[0].rps; $redis.c50.rps),
               cpu_c1: r($c1[0].daemon_cpu_us_per_call; $redis.c1.cpu_us_per_call),
               cpu_c50: r($c50[0].daemon_cpu_us_per_call; $redis.c50.cpu_us_per_call),
               cold_start: r($cold; $redis.cold_start_ms),
               syscalls: r($d_sys; $redis.syscalls_per_call),
               scroll_line: r($op_scroll; $less_line),
               page: r($op_page; $less_page),
               history_line: r($h_line; $less_line),
               history_page: r($h_page; $less_page),
               history_end: r($h_end; $less_end)},
      history_10000: {scroll_line_bytes: $h_line, page_bytes: $h_page,
               end_ms: $h_end, less_end_ms: $less_end,
               tui_private_dirty_kb: $h_priv},
      idle_wakeups_per_s: {window_s: $idle_s, signed_out: $wake_out,
               signed_in: $wake_in},
      memory_kb: {kabinetd_idle: {rss: $di_rss, private_dirty: $di_priv},
               kabinetd_signed_in: {rss: $ds_rss, private_dirty: $ds_priv},
               kabinetd_after_calls: {calls: $d_calls, rss: $da_rss,
                   private_dirty: $da_priv},
               kabinet_start_screen: {rss: $tui_rss, private_dirty: $tui_priv}},
      cold_start_ms: $cold, cold_start_knows_lender: $cold_knows,
      tui_first_frame_ms: $tui_first,
      tty_bytes: {scroll_line: $op_scroll, page: $op_page,
               less_line: $less_line, less_page: $less_page,
               move_within_window: $op_move, full_repaint: $op_repaint,
               operator_session: $op_session, operator_session_keys: $op_keys},
      operators: {private_kb_each: $per_op, fit_in_16GiB: $fit}}' \
    >"$B/bench.json" || fail "could not write $B/bench.json"

jq -r '
  def n: if . == null then "—" else tostring end;
  def pad(w): n | " " * (w - length) + .;
  "kabinet bench  \(.date)  \(.commit)  load \(.loadavg)\(if .sanitize then "  (ASan build)" else "" end)",
  "",
  "  figure                                   kabinet        anchor     ratio",
  "  req/s, 1 conn, session.status      \(.rpc.c1.rps | pad(12))  \(.redis.c1.rps | pad(12))  \(.ratios.rps_c1 | pad(8))   (redis PING)",
  "  p50 / p99 µs, 1 conn             \(.rpc.c1.p50_us | pad(6)) /\(.rpc.c1.p99_us | pad(6))  \(.redis.c1.p50_us | pad(5)) /\(.redis.c1.p99_us | pad(5))  \(.ratios.p99_c1 | pad(8))   (p99)",
  "  req/s, 50 conns                    \(.rpc.c50.rps | pad(12))  \(.redis.c50.rps | pad(12))  \(.ratios.rps_c50 | pad(8))",
  "  daemon CPU µs/call, 1 conn         \(.rpc.c1.daemon_cpu_us_per_call | pad(12))  \(.redis.c1.cpu_us_per_call | pad(12))  \(.ratios.cpu_c1 | pad(8))",
  "  daemon CPU µs/call, 50 conns       \(.rpc.c50.daemon_cpu_us_per_call | pad(12))  \(.redis.c50.cpu_us_per_call | pad(12))  \(.ratios.cpu_c50 | pad(8))",
  "  syscalls per call, 1 conn         \(.rpc.syscalls_per_call | pad(12))  \(.redis.syscalls_per_call | pad(12))  \(.ratios.syscalls | pad(8))",
  "  daemon.ping req/s, 1 conn          \(.rpc.ping_c1.rps | pad(12))",
  "  idle wakeups/s signed out (\(.idle_wakeups_per_s.window_s) s)   \(.idle_wakeups_per_s.signed_out | pad(12))",
  "  idle wakeups/s signed in  (\(.idle_wakeups_per_s.window_s) s)   \(.idle_wakeups_per_s.signed_in | pad(12))",
  "  cold start ms (knows lender: \(.cold_start_knows_lender))  \(.cold_start_ms | pad(10))  \(.redis.cold_start_ms | pad(12))  \(.ratios.cold_start | pad(8))",
  "  bytes, one-line scroll (80x24)     \(.tty_bytes.scroll_line | pad(12))  \(.tty_bytes.less_line | pad(12))  \(.ratios.scroll_line | pad(8))   (less)",
  "  bytes, one page                    \(.tty_bytes.page | pad(12))  \(.tty_bytes.less_page | pad(12))  \(.ratios.page | pad(8))",
  "  history: bytes, one-line scroll    \(.history_10000.scroll_line_bytes | pad(12))  \(.tty_bytes.less_line | pad(12))  \(.ratios.history_line | pad(8))   (less)",
  "  history: bytes, one page           \(.history_10000.page_bytes | pad(12))  \(.tty_bytes.less_page | pad(12))  \(.ratios.history_page | pad(8))",
  "  history: ms from G to the last row \(.history_10000.end_ms | pad(12))  \(.history_10000.less_end_ms | pad(12))  \(.ratios.history_end | pad(8))   (less G)",
  "  history: TUI private kB at the end \(.history_10000.tui_private_dirty_kb | pad(12))",
  "  TUI first frame ms                 \(.tui_first_frame_ms | pad(12))",
  "",
  "  memory kB                     private dirty        RSS",
  "    kabinetd idle              \(.memory_kb.kabinetd_idle.private_dirty | pad(12)) \(.memory_kb.kabinetd_idle.rss | pad(10))",
  "    kabinetd signed in         \(.memory_kb.kabinetd_signed_in.private_dirty | pad(12)) \(.memory_kb.kabinetd_signed_in.rss | pad(10))",
  "    kabinetd after \(.memory_kb.kabinetd_after_calls.calls) calls \(.memory_kb.kabinetd_after_calls.private_dirty | pad(10)) \(.memory_kb.kabinetd_after_calls.rss | pad(10))",
  "    kabinet start screen       \(.memory_kb.kabinet_start_screen.private_dirty | pad(12)) \(.memory_kb.kabinet_start_screen.rss | pad(10))",
  "    redis-server               \(.redis.private_dirty_kb | pad(12))",
  "",
  "  operators: \(.operators.private_kb_each | n) kB private each (daemon signed in + TUI): \(.operators.fit_in_16GiB | n) fit in 16 GiB"
' "$B/bench.json"
echo
echo "wrote $B/bench.json"
