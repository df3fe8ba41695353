# lib.sh — sourced by every test script (tests/integration/t*.sh,
# tests/tui/t*.sh), after git's test-lib.sh.  A script looks like:
#
#	#!/bin/sh
#	. "$(dirname "$0")/lib.sh"	# tests/tui: "$(dirname "$0")/../integration/lib.sh"
#	kb_start_sandbox
#	kb_start_daemon
#	test_expect_success 'the lender is reachable' '
#		kb_call session.status >out &&
#		test "$(jq -r .lender.reachable out)" = true
#	'
#	test_done
#
# Scripts are run by tests/run.sh with bash, with B set to the build dir;
# run one alone with `B=/tmp/kb-x sh tests/integration/t0200-protocol.sh`
# (KB_VERBOSE=1 shows every test's output, KB_KEEP=1 keeps $TEST_DIR).
# Test bodies are eval'ed in the script's own shell with $TEST_DIR as the
# working directory (scratch files go there), so variables they set
# (SANDBOX_URL, DAEMON_PID, …) stay set; chain commands with && so a
# failing step fails the test.  test_done stops the daemon and sandbox
# with SIGTERM and fails on any ASan/UBSan report in $TEST_DIR/*.log.
#
# Environment: HOME, XDG_RUNTIME_DIR (0700), XDG_CONFIG_HOME,
# XDG_STATE_HOME, XDG_DATA_HOME and XDG_CACHE_HOME point under $TEST_DIR
# as soon as this file is sourced, so nothing a test starts (daemon, TUI,
# tmux) ever touches the user's own.  LANG=C.UTF-8 unless KB_LANG is set.
# Exported for child processes: B SRC TEST_DIR KB_CA SANDBOX_URL
# SANDBOX_PORT KB_SOCKET KABINET_SOCKET KABINET_TEST_CLOCK.
#
# Tools: jq (use it for every JSON check), curl, tmux, $B/tests/tools/kbcall
# (see the top of tests/tools/kbcall.c for its script mode).
# tmux note: once the program in the pane exits, tmux 3.3 blanks the pane
# ("Pane is dead"): read the screen before that; kb_tmux_exit_status tells
# how it ended.

# ---- paths ----
SRC=$(cd "$(dirname "$0")/../.." && pwd)
B=${B:-./build}
case $B in
/*) ;;
*) B=$(cd "$B" 2>/dev/null && pwd || echo "$PWD/$B") ;;
esac
KB_SCRIPT=$(basename "$0")
KBCALL=$B/tests/tools/kbcall
export B SRC KBCALL

TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kb-${KB_SCRIPT%.sh}.XXXXXX") || {
	echo "lib.sh: cannot make a temp dir" >&2
	exit 1
}
export TEST_DIR

HOME=$TEST_DIR/home
XDG_RUNTIME_DIR=$TEST_DIR/run
XDG_CONFIG_HOME=$TEST_DIR/config
XDG_STATE_HOME=$TEST_DIR/state
XDG_DATA_HOME=$TEST_DIR/data
XDG_CACHE_HOME=$TEST_DIR/cache
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME/kabinet" \
	"$XDG_STATE_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
export HOME XDG_RUNTIME_DIR XDG_CONFIG_HOME XDG_STATE_HOME XDG_DATA_HOME \
	XDG_CACHE_HOME
unset KABINET_SOCKET LC_ALL LANGUAGE
LANG=${KB_LANG:-C.UTF-8}
TZ=${TZ:-UTC}
export LANG TZ

# The daemon's and the TUI's clock (include/kabinet/clock.h): a test moves
# it, with the sandbox's, by kb_clock_advance instead of sleeping.
KABINET_TEST_CLOCK=$TEST_DIR/clock
export KABINET_TEST_CLOCK

DAEMON_LOG=$TEST_DIR/daemon.log
SANDBOX_LOG=$TEST_DIR/sandbox.log
SANDBOX_SMS=$TEST_DIR/sms.jsonl
KB_SOCKET=$XDG_RUNTIME_DIR/kabinet/kabinetd.sock
DAEMON_PID=
SANDBOX_PID=
SANDBOX_PORT=
SANDBOX_URL=
KB_PROXY_PORT=
KB_CA=
export SANDBOX_SMS

kb_n_pass=0
kb_n_fail=0
kb_n_known=0
kb_n_fixed=0
kb_n=0
kb_cleanups=
kb_pids=
kb_tmux_sock=

# ---- cleanup ----

# kb_cleanup_add 'shell commands': run at exit, last added first.
kb_cleanup_add () {
	kb_cleanups="$1
$kb_cleanups"
}

kb__cleanup () {
	kb__rc=$?
	trap - EXIT INT TERM
	set +e
	if [ -n "$kb_cleanups" ]; then
		printf '%s\n' "$kb_cleanups" | while IFS= read -r kb__c; do
			[ -n "$kb__c" ] && eval "$kb__c" >/dev/null 2>&1
		done
	fi
	if [ -n "$kb_tmux_sock" ]; then
		tmux -S "$kb_tmux_sock" kill-server >/dev/null 2>&1
	fi
	for kb__p in $kb_pids; do
		kill -TERM "$kb__p" 2>/dev/null
	done
	for kb__p in $kb_pids; do
		kb__i=0
		while kill -0 "$kb__p" 2>/dev/null && [ $kb__i -lt 30 ]; do
			sleep 0.1
			kb__i=$((kb__i + 1))
		done
		kill -KILL "$kb__p" 2>/dev/null
	done
	kb__kill_strays
	if [ "${KB_KEEP:-0}" = 1 ]; then
		echo "# kept $TEST_DIR"
	else
		chmod -R u+rwX "$TEST_DIR" 2>/dev/null
		rm -rf "$TEST_DIR"
	fi
	exit $kb__rc
}
# kb__kill_strays: whatever this script started and did not track (a
# kabinetd the TUI spawned, a daemon a test ran by hand) carries
# TEST_DIR=$TEST_DIR in its environment: stop it (TERM, then KILL).
kb__strays () {
	grep -lzx "TEST_DIR=$TEST_DIR" /proc/[0-9]*/environ 2>/dev/null |
	    sed 's|^/proc/\([0-9]*\)/environ$|\1|' | grep -vx "$$"
}

kb__kill_strays () {
	kb__s=$(kb__strays)
	[ -n "$kb__s" ] || return 0
	for kb__p in $kb__s; do
		kill -TERM "$kb__p" 2>/dev/null
	done
	kb__i=0
	while [ $kb__i -lt 20 ]; do
		kb__alive=
		for kb__p in $kb__s; do
			kill -0 "$kb__p" 2>/dev/null && kb__alive="$kb__alive $kb__p"
		done
		[ -z "$kb__alive" ] && return 0
		sleep 0.1
		kb__i=$((kb__i + 1))
	done
	for kb__p in $kb__alive; do
		kill -KILL "$kb__p" 2>/dev/null
	done
}

trap 'kb__cleanup' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

kb__track () {
	kb_pids="$kb_pids $1"
}

kb__untrack () {
	kb__new=
	for kb__p in $kb_pids; do
		[ "$kb__p" = "$1" ] || kb__new="$kb__new $kb__p"
	done
	kb_pids=$kb__new
}

# ---- test cases ----

kb__say () {
	printf '%s\n' "$*"
}

kb__show_logs () {
	if [ -n "$DAEMON_PID" ] && [ -s "$DAEMON_LOG" ]; then
		echo "# --- tail of the daemon log ($DAEMON_LOG)"
		tail -n 25 "$DAEMON_LOG" | sed 's/^/#   /'
	fi
	if [ -n "$SANDBOX_PID" ] && [ -s "$SANDBOX_LOG" ]; then
		echo "# --- tail of the sandbox log ($SANDBOX_LOG)"
		tail -n 15 "$SANDBOX_LOG" | sed 's/^/#   /'
	fi
}

# Runs a body in the current shell (so it may set variables and `return`).
kb__eval () {
	eval "$1"
}

# test_expect_success 'what' 'commands'
test_expect_success () {
	kb_n=$((kb_n + 1))
	if [ "${KB_VERBOSE:-0}" = 1 ]; then
		echo "# --- $1"
		kb__eval "$2" </dev/null
	else
		kb__eval "$2" </dev/null >"$TEST_DIR/.test-output" 2>&1
	fi
	kb__st=$?
	if [ $kb__st = 0 ]; then
		kb_n_pass=$((kb_n_pass + 1))
		kb__say "ok $kb_n - $1"
	else
		kb_n_fail=$((kb_n_fail + 1))
		kb__say "not ok $kb_n - $1 (exit $kb__st)"
		if [ ! -d "$TEST_DIR" ]; then
			echo "# !!! $TEST_DIR was removed while the script ran"
			mkdir -p "$TEST_DIR"
		fi
		echo "# --- commands:"
		printf '%s\n' "$2" | sed 's/^/#   /'
		if [ "${KB_VERBOSE:-0}" != 1 ]; then
			echo "# --- output:"
			tail -n 60 "$TEST_DIR/.test-output" | sed 's/^/#   /'
		fi
		kb__show_logs
	fi
}

# test_expect_failure 'what' 'commands': known breakage.  A failure is
# counted as "known", not failed; a pass is reported as fixed.
test_expect_failure () {
	kb_n=$((kb_n + 1))
	kb__eval "$2" </dev/null >"$TEST_DIR/.test-output" 2>&1
	if [ $? = 0 ]; then
		kb_n_fixed=$((kb_n_fixed + 1))
		kb__say "ok $kb_n - $1 # TODO known breakage vanished"
	else
		kb_n_known=$((kb_n_known + 1))
		kb__say "not ok $kb_n - $1 # TODO known breakage"
	fi
}

# kb__sanitizer_check: stops what is still running (gracefully, so that
# LeakSanitizer reports at exit) and fails one more test when any log in
# $TEST_DIR carries an ASan/LSan/UBSan/TSan report.
kb__sanitizer_check () {
	kb_tmux_stop
	kb_stop_daemon
	kb_stop_sandbox
	kb__bad=$(grep -lE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: UndefinedBehaviorSanitizer|WARNING: ThreadSanitizer' \
	    "$TEST_DIR"/*.log "$TEST_DIR"/*/*.log 2>/dev/null)
	[ -z "$kb__bad" ] && return 0
	kb_n=$((kb_n + 1))
	kb_n_fail=$((kb_n_fail + 1))
	kb__say "not ok $kb_n - no sanitizer reports in the logs"
	for kb__f in $kb__bad; do
		echo "# --- $kb__f"
		grep -E -A 30 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|WARNING: ThreadSanitizer' \
		    "$kb__f" | head -n 60 | sed 's/^/#   /'
	done
}

# test_done: the summary line tests/run.sh reads, and the exit status.
test_done () {
	kb__sanitizer_check
	if [ $kb_n_known -gt 0 ] || [ $kb_n_fixed -gt 0 ]; then
		echo "# $KB_SCRIPT: $kb_n_known known breakage, $kb_n_fixed fixed"
	fi
	echo "# $KB_SCRIPT: $kb_n_pass passed, $kb_n_fail failed"
	[ $kb_n_fail = 0 ]
	exit $?
}

# kb_skip_all 'why': the whole script does not apply here.
kb_skip_all () {
	echo "# SKIP $KB_SCRIPT: $1"
	echo "# $KB_SCRIPT: 0 passed, 0 failed"
	exit 0
}

# test_must_fail CMD...: CMD fails in an orderly way (not by a signal).
test_must_fail () {
	"$@"
	kb__st=$?
	if [ $kb__st = 0 ]; then
		echo "test_must_fail: '$*' succeeded" >&2
		return 1
	fi
	if [ $kb__st -gt 128 ]; then
		echo "test_must_fail: '$*' died of a signal ($kb__st)" >&2
		return 1
	fi
	return 0
}

# test_must_fail_rc RC CMD...: CMD exits with exactly RC.
test_must_fail_rc () {
	kb__want=$1
	shift
	"$@"
	kb__st=$?
	[ $kb__st = "$kb__want" ] && return 0
	echo "test_must_fail_rc: '$*' exited $kb__st, expected $kb__want" >&2
	return 1
}

# kb_retry SECONDS 'commands': re-runs commands every 0.1 s until they
# succeed; fails (quietly) after SECONDS.
kb_retry () {
	kb__deadline=$(( $(date +%s) + $1 ))
	while ! eval "$2"; do
		[ "$(date +%s)" -ge "$kb__deadline" ] && return 1
		sleep 0.1
	done
}

# kb_clock_advance SECONDS: time moves on that much for the daemon, the
# TUI and the sandbox at once (tests/tools/clock-advance.sh); their timers
# that fall due fire.  No test sleeps for time to pass.
kb_clock_advance () {
	sh "$SRC/tests/tools/clock-advance.sh" "$1" >/dev/null
}

# kb_private_bus PATH: starts a session bus of the test's own listening on
# PATH (no services to activate: no Secret Service, no notification
# server); BUS_PID is its pid.  Unlike the suite's shared bus, nothing
# another script runs can see it.
kb_private_bus () {
	cat >"$TEST_DIR/bus.conf" <<-EOF
	<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
	 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
	<busconfig>
	  <type>session</type>
	  <listen>unix:path=$1</listen>
	  <policy context="default">
	    <allow send_destination="*" eavesdrop="true"/>
	    <allow eavesdrop="true"/>
	    <allow own="*"/>
	  </policy>
	</busconfig>
	EOF
	# its own command, so that $! is the bus and not a subshell
	dbus-daemon --config-file="$TEST_DIR/bus.conf" --nofork \
	    --nopidfile </dev/null >/dev/null 2>&1 &
	BUS_PID=$!
	kb__track $BUS_PID
	kb_retry 5 "test -S \"$1\""
}

# kb_wait_log FILE 'fixed text' [SECONDS]: until FILE has a line with text.
kb_wait_log () {
	kb__wl_file=$1 kb__wl_text=$2
	kb_retry "${3:-10}" \
	    'grep -qF -- "$kb__wl_text" "$kb__wl_file" 2>/dev/null' && return 0
	echo "kb_wait_log: no '$2' in $1 after ${3:-10} s" >&2
	return 1
}

# kb__quote ARGS: each argument single-quoted, for eval or sh -c.
kb__quote () {
	for kb__a in "$@"; do
		printf "'%s' " "$(printf '%s' "$kb__a" | sed "s/'/'\\\\''/g")"
	done
}

# ---- certificates and the sandbox ----

# kb_certs: tools/mkcerts.sh into $KB_CERTS once; sets KB_CA.
kb_certs () {
	KB_CERTS=$TEST_DIR/certs
	if [ ! -f "$KB_CERTS/ca.pem" ]; then
		sh "$SRC/tools/mkcerts.sh" "$KB_CERTS" >"$TEST_DIR/mkcerts.log" \
		    2>&1 || {
			echo "kb_certs: tools/mkcerts.sh failed:" >&2
			cat "$TEST_DIR/mkcerts.log" >&2
			return 1
		}
	fi
	KB_CA=$KB_CERTS/ca.pem
	export KB_CA KB_CERTS
}

# kb__keyfile DIR NAME: the key beside NAME.pem, whatever mkcerts calls it.
kb__keyfile () {
	for kb__k in "$1/$2.key" "$1/$2-key.pem" "$1/$2.key.pem"; do
		[ -f "$kb__k" ] && { echo "$kb__k"; return 0; }
	done
	echo "$1/$2.key"
}

# kb_start_sandbox [extra kabinet-sandbox flags]
# The certificate is $SANDBOX_CERT_NAME (default "server"; "rogue-server"
# serves the one signed by another CA).  Remembers the flags for
# kb_restart_sandbox.
kb_start_sandbox () {
	kb_certs || return 1
	kb_sandbox_cert=${SANDBOX_CERT_NAME:-server}
	kb__pf=$TEST_DIR/sandbox.port
	rm -f "$kb__pf"
	SANDBOX_FLAGS=$(kb__quote "$@")
	kb__sandbox_run "${SANDBOX_PORT:-0}" "$@" || return 1
	kb__forget_sessions
}

# kb__forget_sessions: the scripts of one run share one keyring, where the
# daemon keeps a session under its lender URL, and a port an earlier
# script's sandbox had is soon given to another: a session left there is
# not this fresh sandbox's, and a daemon that found it would sign out with
# session_expired in the middle of this script's sign-in.
# kb_restart_sandbox keeps the item: scripts restart a sandbox to see how
# the daemon takes a lender that forgot its sessions.
kb__forget_sessions () {
	[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || return 0
	command -v secret-tool >/dev/null 2>&1 || return 0
	timeout 10 secret-tool clear lender "$SANDBOX_URL" 2>/dev/null
	return 0
}

kb__sandbox_run () {
	kb__port=$1
	shift
	kb__pf=$TEST_DIR/sandbox.port
	kb__try=0
	while :; do
		rm -f "$kb__pf"
		echo "# $(date +%T) kabinet-sandbox --listen 127.0.0.1:$kb__port $*" \
		    >>"$SANDBOX_LOG"
		"$B/kabinet-sandbox" --listen "127.0.0.1:$kb__port" \
		    --port-file "$kb__pf" \
		    --cert "$KB_CERTS/$kb_sandbox_cert.pem" \
		    --key "$(kb__keyfile "$KB_CERTS" "$kb_sandbox_cert")" \
		    --db :memory: --sms-outbox "$SANDBOX_SMS" "$@" \
		    </dev/null >>"$SANDBOX_LOG" 2>&1 &
		SANDBOX_PID=$!
		kb__track "$SANDBOX_PID"
		kb__i=0
		while [ $kb__i -lt 100 ]; do
			if ! kill -0 "$SANDBOX_PID" 2>/dev/null; then
				break
			fi
			if [ -s "$kb__pf" ]; then
				SANDBOX_PORT=$(cat "$kb__pf")
				SANDBOX_URL=https://127.0.0.1:$SANDBOX_PORT
				if curl -fsS -k --max-time 2 \
				    "$SANDBOX_URL/v1/health" >/dev/null 2>&1
				then
					export SANDBOX_URL SANDBOX_PORT \
					    SANDBOX_PID
					kb__contract_proxy
					return
				fi
			fi
			sleep 0.1
			kb__i=$((kb__i + 1))
		done
		if kill -0 "$SANDBOX_PID" 2>/dev/null; then
			echo "kb_start_sandbox: no answer on /v1/health in 10 s" >&2
			tail -n 20 "$SANDBOX_LOG" >&2
			return 1
		fi
		wait "$SANDBOX_PID" 2>/dev/null
		kb__untrack "$SANDBOX_PID"
		SANDBOX_PID=
		# The same port right after a stop may still be taken.
		kb__try=$((kb__try + 1))
		if [ "$kb__port" = 0 ] || [ $kb__try -ge 20 ]; then
			echo "kb_start_sandbox: kabinet-sandbox exited" >&2
			tail -n 20 "$SANDBOX_LOG" >&2
			return 1
		fi
		sleep 0.25
	done
}

# kb__contract_proxy: with KB_PRISM (a Prism binary; t0120 sets it),
# the sandbox is reached through `prism proxy`, which checks every request
# and answer against doc/openapi.yaml and logs each violation to
# $KB_PRISM_LOG: SANDBOX_URL becomes the proxy's http:// URL (the daemon
# is told allow_http).  Started once; a restarted sandbox keeps its port.
kb__contract_proxy () {
	[ -n "${KB_PRISM:-}" ] || return 0
	kb__plog=${KB_PRISM_LOG:-$TEST_DIR/prism.log}
	kb__ptry=0
	while [ -z "${KB_PROXY_PORT:-}" ]; do
		kb__pp=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
		NODE_EXTRA_CA_CERTS=$KB_CA "$KB_PRISM" proxy -h 127.0.0.1 \
		    -p "$kb__pp" "$SRC/doc/openapi.yaml" \
		    "https://127.0.0.1:$SANDBOX_PORT" </dev/null \
		    >>"$kb__plog" 2>&1 &
		kb__ppid=$!
		kb__track "$kb__ppid"
		kb__i=0
		while [ $kb__i -lt 300 ] && kill -0 "$kb__ppid" 2>/dev/null &&
		    ! grep -q "listening on http://127.0.0.1:$kb__pp" \
		    "$kb__plog"; do
			sleep 0.1
			kb__i=$((kb__i + 1))
		done
		if grep -q "listening on http://127.0.0.1:$kb__pp" "$kb__plog"
		then
			KB_PROXY_PORT=$kb__pp
			break
		fi
		kill "$kb__ppid" 2>/dev/null
		kb__ptry=$((kb__ptry + 1))
		if [ $kb__ptry -ge 5 ]; then
			echo "kb_start_sandbox: prism proxy did not start" >&2
			tail -n 20 "$kb__plog" >&2
			return 1
		fi
	done
	SANDBOX_URL=http://127.0.0.1:$KB_PROXY_PORT
	export SANDBOX_URL
}

kb_stop_sandbox () {
	[ -n "$SANDBOX_PID" ] || return 0
	kb__end TERM "$SANDBOX_PID"
	SANDBOX_PID=
}

# kb_restart_sandbox [flags]: stop, start again on the same port (with the
# last flags when none are given).
kb_restart_sandbox () {
	kb_stop_sandbox
	if [ $# -gt 0 ]; then
		SANDBOX_FLAGS=$(kb__quote "$@")
	fi
	eval "kb__sandbox_run \"\$SANDBOX_PORT\" $SANDBOX_FLAGS"
}

# kb__end SIGNAL PID: sends our child SIGNAL, waits for it (kb__wait_pid)
# and forgets it.
kb__end () {
	kill -"$1" "$2" 2>/dev/null
	kb__wait_pid "$2" 10
	kb__untrack "$2"
}

# kb__wait_pid PID SECONDS: waits for our child to exit (SIGKILL after
# SECONDS); the exit status is left in KB_EXIT.
kb__wait_pid () {
	kb__i=0
	while kill -0 "$1" 2>/dev/null && [ $kb__i -lt $(($2 * 10)) ]; do
		# a zombie still answers kill -0: reap it once it is gone
		if [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" = Z ]; then
			break
		fi
		sleep 0.1
		kb__i=$((kb__i + 1))
	done
	if kill -0 "$1" 2>/dev/null &&
	    [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" != Z ]; then
		echo "kb: pid $1 still running after $2 s; killing it" >&2
		kill -KILL "$1" 2>/dev/null
	fi
	wait "$1" 2>/dev/null
	KB_EXIT=$?
}

# kb_sms_code PHONE: the latest SMS code the sandbox sent to PHONE
# (waits up to 5 s for one to appear).
kb_sms_code () {
	sh "$SRC/tests/tools/sms-code.sh" "$1"
}

# ---- the daemon ----

# kb_write_config [extra "key = value" lines]: kabinetd.conf for the
# sandbox (lender_url, ca_file, health_interval = 1).
kb_write_config () {
	kb__conf=$XDG_CONFIG_HOME/kabinet/kabinetd.conf
	{
		echo "# written by tests/integration/lib.sh"
		[ -n "$SANDBOX_URL" ] && echo "lender_url = $SANDBOX_URL"
		[ -n "$KB_CA" ] && echo "ca_file = $KB_CA"
		case $SANDBOX_URL in http://*) echo "allow_http = true" ;; esac
		echo "health_interval = 1"
		for kb__l in "$@"; do
			echo "$kb__l"
		done
	} >"$kb__conf"
}

# kb_start_daemon [extra kabinetd flags]: writes kabinetd.conf (unless
# KB_KEEP_CONFIG=1: a test wrote its own), starts kabinetd -f -v, waits
# until the socket answers hello.  -S PATH among the flags is honoured.
kb_start_daemon () {
	[ "${KB_KEEP_CONFIG:-0}" = 1 ] || kb_write_config
	KB_SOCKET=$XDG_RUNTIME_DIR/kabinet/kabinetd.sock
	kb__prev=
	for kb__a in "$@"; do
		[ "$kb__prev" = -S ] && KB_SOCKET=$kb__a
		kb__prev=$kb__a
	done
	KABINET_SOCKET=$KB_SOCKET
	export KB_SOCKET KABINET_SOCKET
	echo "# $(date +%T) kabinetd -f -v $*" >>"$DAEMON_LOG"
	"$B/kabinetd" -f -v "$@" </dev/null >>"$DAEMON_LOG" 2>&1 &
	DAEMON_PID=$!
	export DAEMON_PID
	kb__track "$DAEMON_PID"
	kb__i=0
	while [ $kb__i -lt 100 ]; do
		if ! kill -0 "$DAEMON_PID" 2>/dev/null; then
			wait "$DAEMON_PID" 2>/dev/null
			KB_EXIT=$?
			echo "kb_start_daemon: kabinetd exited ($KB_EXIT)" >&2
			tail -n 20 "$DAEMON_LOG" >&2
			kb__untrack "$DAEMON_PID"
			DAEMON_PID=
			return 1
		fi
		if [ -S "$KB_SOCKET" ] &&
		    "$KBCALL" -S "$KB_SOCKET" -t 1000 daemon.ping \
		    >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
		kb__i=$((kb__i + 1))
	done
	echo "kb_start_daemon: no hello on $KB_SOCKET in 10 s" >&2
	tail -n 20 "$DAEMON_LOG" >&2
	return 1
}

# kb_stop_daemon: SIGTERM and wait (exit status in KB_EXIT).
kb_stop_daemon () {
	[ -n "$DAEMON_PID" ] || return 0
	kb__end TERM "$DAEMON_PID"
	DAEMON_PID=
}

# kb_kill_daemon: SIGKILL and wait.
kb_kill_daemon () {
	[ -n "$DAEMON_PID" ] || return 0
	kb__end KILL "$DAEMON_PID"
	DAEMON_PID=
}

# kb_call METHOD ['JSON params']: hello then the call on a fresh
# connection; the result (or the error object) on stdout.  Exit 0 result,
# 1 JSON-RPC error, 2 I/O failure.  Extra kbcall options may come first
# (kb_call -t 30000 auth.login '{…}').
kb_call () {
	"$KBCALL" -S "$KB_SOCKET" "$@"
}

# kb ARGS...: the command line (kabinet ARGS) on the test's daemon, which
# it never starts itself.
kb () {
	"$B/kabinet" -S "$KB_SOCKET" --no-start-daemon "$@"
}

# kb_register_complete PHONE PASSWORD: register.terms then register.complete
# for 5 000 ₽ over 10 days, signing the hash of those terms and answering
# the SMS code sent for them (not the one that verified the phone);
# kbcall script lines on stdin check the answer ("expect
# application.state approved").
kb_register_complete () {
	{
		cat <<-EOS
		call register.terms {"application":{"product":"payday","amount":500000,"term":10}}
		capture TH sha256
		send register.complete {"phone":"$1","password":"$2","application":{"product":"payday","amount":500000,"term":10,"document_sha256":"\$TH"}}
		expect-event challenge.required 15000
		expect purpose application
		capture CH challenge_id
		shell CODE sh $SRC/tests/tools/sms-code.sh $1
		call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
		answer
		EOS
		cat
	} >"$TEST_DIR/complete.flow" &&
	"$KBCALL" -S "$KB_SOCKET" --script "$TEST_DIR/complete.flow"
}

# kb_register PHONE PASSWORD: a new borrower from register.start to
# kb_register_complete: the SMS code that proves the phone, the profile of
# Смирнов Олег Иванович (passport 4512 778899), the four consents; kbcall
# script lines on stdin check register.complete's answer.
kb_register () {
	cat >"$TEST_DIR/register.flow" <<-EOS &&
	send register.start {"phone":"$1"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $1
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect registration.state profile
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script "$TEST_DIR/register.flow" \
	    </dev/null >"$TEST_DIR/register.out" &&
	kb_call register.profile '{"surname":"Смирнов","name":"Олег","patronymic":"Иванович","birth_date":"1990-03-15","passport_series":"4512","passport_number":"778899","passport_issued_on":"2015-08-01","division_code":"770-002","address":"Москва, ул. Тверская, 1","email":"oleg@example.ru","income":6000000}' \
	    </dev/null >"$TEST_DIR/register.out" &&
	kb_call register.consents '{"accepted":[{"document":"rules","version":"2026-11-01"},{"document":"pd_consent","version":"2026-11-01"},{"document":"pep_agreement","version":"2026-11-01"},{"document":"automated_decision","version":"2026-11-28"}]}' \
	    </dev/null >"$TEST_DIR/register.out" &&
	kb_register_complete "$1" "$2"
}

# kb_json FILTER [FILE]: jq -r (exit status 1 for false/null with -e).
kb_json () {
	jq -r "$@"
}

# kb_expect_json FILE FILTER EXPECTED: jq -r FILTER FILE must print
# EXPECTED; shows both when not.
kb_expect_json () {
	kb__got=$(jq -r "$2" "$1" 2>&1)
	[ "$kb__got" = "$3" ] && return 0
	echo "kb_expect_json: $2 is '$kb__got', expected '$3' in:" >&2
	cat "$1" >&2
	return 1
}

# kb_plain FILE: the command line's plain output, for a pipe, a screen
# reader or a braille display: no escape sequence, carriage return,
# backspace or box drawing (U+2500-U+257F) anywhere in FILE.
kb_plain () {
	if LC_ALL=C grep -n "$(printf '[\033\r\b]')" "$1" ||
	    LC_ALL=C grep -n "$(printf '\342\224')\|$(printf '\342\225')" "$1"
	then
		echo "kb_plain: $1 is not plain text (lines above)" >&2
		return 1
	fi
}

# ---- tmux (a private server per script) ----

# kb_tmux_start WIDTH HEIGHT CMD [ARGS...]: CMD in a WIDTHxHEIGHT window
# with the test's environment; the pane stays after CMD exits (so the last
# screen can still be read; kb_tmux_alive tells).
kb_tmux_start () {
	kb__w=$1 kb__h=$2
	shift 2
	# A fresh socket each time: a server just told to exit may still hold
	# the old one, and a client that reaches it is told "server exited
	# unexpectedly" (t0540 failed so under load).
	kb_tmux_stop
	kb__tmux_n=$((${kb__tmux_n:-0} + 1))
	kb_tmux_sock=$TEST_DIR/tmux.$kb__tmux_n.sock
	kb__cmd="exec $(kb__quote "$@")"
	# Options first (one command list), so a program that exits at once
	# still leaves its pane and exit status behind.
	tmux -S "$kb_tmux_sock" -f /dev/null start-server \; \
	    set-option -g remain-on-exit on \; \
	    set-option -g status off \; \
	    set-option -g default-shell /bin/sh \; \
	    set-option -g default-terminal "${KB_TERM:-tmux-256color}" \; \
	    new-session -d -s kb -x "$kb__w" -y "$kb__h" "$kb__cmd" || return 1
	return 0
}

kb__tmux () {
	tmux -S "$kb_tmux_sock" "$@"
}

# kb_tmux_send KEYS...: tmux key names (Enter, Escape, C-c, Down, F2, …).
kb_tmux_send () {
	kb__tmux send-keys -t kb "$@"
}

# kb_tmux_type 'literal text'
kb_tmux_type () {
	kb__tmux send-keys -t kb -l -- "$1"
}

# kb_tmux_capture: the visible screen.
kb_tmux_capture () {
	kb__tmux capture-pane -p -t kb
}

# kb_tmux_cursor_line: the screen line the terminal cursor is on (where
# the focus is).
kb_tmux_cursor_line () {
	kb_tmux_capture | sed -n "$(($(kb__tmux display-message -p -t kb \
	    '#{cursor_y}') + 1))p"
}

# kb_tmux_wait_for 'text' [SECONDS]: until the screen shows text (fixed
# string); on timeout prints the screen and fails.
kb_tmux_wait_for () {
	kb__deadline=$(( $(date +%s) + ${2:-10} ))
	while :; do
		if kb_tmux_capture 2>/dev/null | grep -qF -- "$1"; then
			return 0
		fi
		if [ "$(date +%s)" -ge "$kb__deadline" ]; then
			echo "kb_tmux_wait_for: '$1' not on the screen after ${2:-10} s:"
			kb__screen
			return 1
		fi
		sleep 0.1
	done
}

# kb_tmux_wait_gone 'text' [SECONDS]: until the screen no longer shows it.
kb_tmux_wait_gone () {
	kb__deadline=$(( $(date +%s) + ${2:-10} ))
	while :; do
		if ! kb_tmux_capture 2>/dev/null | grep -qF -- "$1"; then
			return 0
		fi
		if [ "$(date +%s)" -ge "$kb__deadline" ]; then
			echo "kb_tmux_wait_gone: '$1' still on the screen after ${2:-10} s:"
			kb__screen
			return 1
		fi
		sleep 0.1
	done
}

# kb_tmux_bar_whole: every hint of the bottom bar ("KEY what it does", two
# spaces apart) is whole: its text ends a line of the screen's help (F1
# opens it, Esc closes it).  Leaves bar, help and hints in $TEST_DIR.
kb_tmux_bar_whole () {
	kb_tmux_capture | tail -1 | sed "s/^ *//; s/ *\$//" >"$TEST_DIR/bar" &&
	test -s "$TEST_DIR/bar" &&
	kb_tmux_send F1 &&
	kb_tmux_wait_for "  F1, ?" &&
	kb_tmux_capture >"$TEST_DIR/help" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_gone "  F1, ?" &&
	awk -F "  " '{ for (i = 1; i <= NF; i++) print $i }' \
	    "$TEST_DIR/bar" >"$TEST_DIR/hints" &&
	while IFS= read -r kb__hint; do
		kb__text=${kb__hint#* }
		if [ -z "$kb__text" ] || [ "$kb__text" = "$kb__hint" ] ||
		    ! awk -v t="$kb__text" '
			{ sub(/ +$/, ""); n = length($0); m = length(t)
			  if (n > m + 2 && substr($0, n - m + 1) == t &&
			      substr($0, n - m - 1, 2) == "  ") found = 1 }
			END { exit !found }' "$TEST_DIR/help"; then
			echo "cut or unknown hint: \"$kb__hint\" in:"
			cat "$TEST_DIR/bar"
			return 1
		fi
	done <"$TEST_DIR/hints"
}

kb__screen () {
	echo "+$(printf '%*s' "${kb__w:-80}" '' | tr ' ' -)+"
	kb_tmux_capture 2>&1 | sed 's/^/|/'
	echo "+$(printf '%*s' "${kb__w:-80}" '' | tr ' ' -)+"
	if ! kb_tmux_alive; then
		echo "(the program has exited: status $(kb_tmux_exit_status))"
	fi
}

# kb_tmux_resize W H
kb_tmux_resize () {
	kb__w=$1
	kb__tmux resize-window -t kb -x "$1" -y "$2"
}

# kb_tmux_alive: the program in the pane is still running.
kb_tmux_alive () {
	[ "$(kb__tmux display-message -p -t kb '#{pane_dead}' 2>/dev/null)" = 0 ]
}

# kb_tmux_exit_status: the program's exit status once it has exited.
kb_tmux_exit_status () {
	kb__tmux display-message -p -t kb '#{pane_dead_status}'
}

# kb_tmux_pid: the pid of the program in the pane.
kb_tmux_pid () {
	kb__tmux display-message -p -t kb '#{pane_pid}'
}

# kb_tmux_wait_exit [SECONDS]: until the program has exited.
kb_tmux_wait_exit () {
	kb_retry "${1:-10}" '! kb_tmux_alive'
}

kb_tmux_stop () {
	[ -n "$kb_tmux_sock" ] && kb__tmux kill-server >/dev/null 2>&1
	kb_tmux_sock=
	return 0
}

# ---- checks for prerequisites ----
for kb__bin in "$KBCALL"; do
	if [ ! -x "$kb__bin" ]; then
		echo "lib.sh: $kb__bin is missing: run make BUILDDIR=$B unit" >&2
		exit 1
	fi
done

# Test bodies run in $TEST_DIR, so their scratch files (out, err, …) land
# there and never in the work tree (as git's trash directory).
cd "$TEST_DIR" || exit 1
