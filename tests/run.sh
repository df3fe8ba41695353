#!/bin/sh
# run.sh BUILDDIR — everything `make check` runs, after the build:
#   1. every unit test binary $B/tests/test_* (cmocka; exit status decides),
#   2. tests/integration/t*.sh (two at a time) beside tests/tui/t*.sh (one
#      at a time; KB_JOBS=1: all one after another), all inside ONE
#      dbus-run-session with gnome-keyring started
#      and unlocked, so libsecret reaches a real Secret Service,
#   3. tests/fuzz/run.sh BUILDDIR 10, when it exists.
# Each script runs under `timeout 300`; its output goes to
# $B/test-logs/NAME.log and is shown when it fails (KB_VERBOSE=1: always).
# The last line is the summary CI reads: "N passed, N failed" (unit
# binaries + integration cases + TUI cases + the fuzz run as one).
# Exit status non-zero when anything failed.
#
# Keyring, as found to work on Debian 12 headless (gnome-keyring 42): a
# NON-EMPTY password piped to `gnome-keyring-daemon --foreground --unlock
# --components=secrets` creates the "login" keyring unlocked and makes it
# the default collection; an empty password makes it ask gcr-prompter for
# one, which fails with no display.  We wait until it owns
# org.freedesktop.secrets before any client runs: otherwise the first
# client's call makes dbus-daemon activate a second, locked keyring.  The
# bus and the keyring get a private HOME, never the user's (CI runs as
# root, HOME=/root).
#
# SANITIZE=1 in the environment (make check SANITIZE=1 exports it), or
# binaries built with ASan, export ASAN_OPTIONS/UBSAN_OPTIONS.
#
# Knobs: KB_TESTS=PATTERN runs only scripts/binaries whose name contains
# it (and skips fuzz); KB_JOBS=1 runs every script one after another;
# KB_VERBOSE=1 shows every log; KB_KEEP=1 keeps each script's $TEST_DIR.
# Everything runs with a private HOME, XDG dirs and TMPDIR.
set -u

if [ "${1:-}" = --session ]; then
	mode=session
	shift
else
	mode=main
fi
B=${1:-build}
case $B in
/*) ;;
*) B=$(pwd)/$B ;;
esac
cd "$(dirname "$0")/.." || exit 1
SRC=$(pwd)
LOGS=$B/test-logs
export B SRC

if [ "${SANITIZE:-0}" = 1 ] ||
    nm "$B/kabinetd" 2>/dev/null | grep -q __asan_init; then
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$SRC/tests/lsan.supp}
	export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
fi

# SANITIZE=thread, or binaries built with TSan: TSAN_OPTIONS with the
# suppressions of reports inside libraries built without it (the reasons
# are in the file), and three times the time limits (KB_SLOW): the
# programs run several times slower.
KB_SLOW=${KB_SLOW:-1}
if [ "${SANITIZE:-0}" = thread ] ||
    nm "$B/kabinetd" 2>/dev/null | grep -q __tsan_init; then
	TSAN_OPTIONS=${TSAN_OPTIONS:-suppressions=$SRC/tests/tsan.supp:second_deadlock_stack=1:history_size=4}
	export TSAN_OPTIONS
	[ "$KB_SLOW" != 1 ] || KB_SLOW=3
fi
export KB_SLOW

# parse_summary LOG NAME: "P F" from the script's "# NAME: P passed, F
# failed" line, or nothing.
parse_summary () {
	sed -n "s/^# $2: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed\$/\1 \2/p" \
	    "$1" | tail -n 1
}

# run_script FILE RESULTFILE: runs one test script, appends "P F" to
# RESULTFILE, prints one line (and the log on failure).
run_script () {
	name=$(basename "$1")
	log=$LOGS/${name%.sh}.log
	start=$(date +%s)
	timeout -k 10 $((300 * KB_SLOW)) bash "$1" </dev/null >"$log" 2>&1
	st=$?
	reap "${name%.sh}"
	secs=$(( $(date +%s) - start ))
	sum=$(parse_summary "$log" "$name")
	if [ -z "$sum" ]; then
		# No summary: it crashed, hung (124) or never started.
		sum="0 1"
		why="no summary line, exit $st"
		[ $st = 124 ] && why="timed out after $((300 * KB_SLOW)) s"
	elif [ $st != 0 ] && [ "${sum#* }" = 0 ]; then
		sum="${sum% *} 1"
		why="exit $st after its summary"
	else
		why=
	fi
	p=${sum% *}
	f=${sum#* }
	echo "$p $f" >>"$2"
	known=$(sed -n "s/^# $name: \([0-9]*\) known breakage.*/\1/p" "$log" |
	    tail -n 1)
	skip=$(sed -n "s/^# SKIP $name: //p" "$log" | head -n 1)
	if [ "$f" = 0 ] && [ -n "$skip" ]; then
		echo "  skip $name: $skip"
	elif [ "$f" = 0 ]; then
		echo "  ok   $name: $p passed${known:+, $known known breakage} (${secs}s)"
		[ "${KB_VERBOSE:-0}" = 1 ] && sed 's/^/    | /' "$log"
	else
		echo "  FAIL $name: $p passed, $f failed${why:+ ($why)} (${secs}s)"
		echo "  ---- $log"
		sed 's/^/    | /' "$log" | tail -n 200
		echo "  ----"
	fi
	return 0
}

# reap NAME: after a script that timed out (or failed to clean up), stop
# whatever still carries its TEST_DIR (lib.sh exports it, so every
# process the script started has it; TMPDIR is this run's own).
reap () {
	pids=$(grep -lz "^TEST_DIR=$TMPDIR/kb-$1\." /proc/[0-9]*/environ \
	    2>/dev/null | sed 's|^/proc/\([0-9]*\)/environ$|\1|')
	[ -n "$pids" ] || return 0
	echo "  note: $1 left processes running; killing:" $pids
	# shellcheck disable=SC2086
	kill -KILL $pids 2>/dev/null
	return 0
}

# lane RESULTFILE SCRIPTS...: runs scripts one after another.
lane () {
	res=$1
	shift
	for t in "$@"; do
		run_script "$t" "$res"
	done
}

# add_up RESULTFILE: "P F" totals.
add_up () {
	awk '{ p += $1; f += $2 } END { printf "%d %d\n", p, f }' "$1" \
	    2>/dev/null || echo "0 0"
}

# start_keyring: gnome-keyring-daemon in the foreground (ours to stop),
# its password on stdin; then wait until it owns org.freedesktop.secrets,
# so that no client makes D-Bus activate a second one behind our back.
start_keyring () {
	printf '%s' kabinet-test-keyring |
	    gnome-keyring-daemon --foreground --unlock --components=secrets \
	    >"$LOGS/gnome-keyring.log" 2>&1 &
	KB_KEYRING_PID=$!
	i=0
	while [ $i -lt 100 ]; do
		if dbus-send --session --print-reply \
		    --dest=org.freedesktop.DBus / \
		    org.freedesktop.DBus.NameHasOwner \
		    string:org.freedesktop.secrets 2>/dev/null |
		    grep -q 'boolean true'; then
			break
		fi
		kill -0 "$KB_KEYRING_PID" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	# The login collection must take a store without any prompt.
	printf '%s' v | timeout 20 secret-tool store --label=kabinet-check \
	    kabinet-check run >>"$LOGS/gnome-keyring.log" 2>&1 &&
	    [ "$(timeout 20 secret-tool lookup kabinet-check run 2>>"$LOGS/gnome-keyring.log")" = v ] &&
	    timeout 20 secret-tool clear kabinet-check run \
	    >>"$LOGS/gnome-keyring.log" 2>&1
}

# ---- inside dbus-run-session: integration and TUI scripts ----
if [ $mode = session ]; then
	# fd 3 is the real stderr; 2 goes to dbus-daemon's log.
	exec 2>&3 3>&-
	res_it=$KB_RESULTS/integration
	res_tui=$KB_RESULTS/tui
	res_ring=$KB_RESULTS/keyring
	: >"$res_it"
	: >"$res_tui"
	if start_keyring; then
		echo "keyring: gnome-keyring unlocked, login collection stores" \
		    "without a prompt"
		echo "1 0" >"$res_ring"
	else
		echo "keyring: FAIL: gnome-keyring did not take a secret" \
		    "(see $LOGS/gnome-keyring.log)"
		sed 's/^/    | /' "$LOGS/gnome-keyring.log" | tail -n 20
		echo "0 1" >"$res_ring"
	fi
	# KB_TESTS=pattern limits the run (e.g. KB_TESTS=t02).
	set --
	for t in tests/tui/t*.sh; do
		[ -f "$t" ] || continue
		case $(basename "$t") in
		*"${KB_TESTS:-}"*) set -- "$@" "$t" ;;
		esac
	done
	tui_n=$#
	tui_list="$*"
	set --
	for t in tests/integration/t*.sh; do
		[ -f "$t" ] || continue
		case $(basename "$t") in
		*"${KB_TESTS:-}"*) set -- "$@" "$t" ;;
		esac
	done
	echo "integration: $# scripts, tui: $tui_n scripts"
	if [ "${KB_JOBS:-2}" -ge 2 ]; then
		# Three lanes at once: the TUI scripts one after another, the
		# integration scripts in two (odd and even).  Each script has
		# its own sandbox, daemon, socket and tmux server; only the
		# keyring is shared, and items there are keyed by the lender
		# URL (its own port).  Lines of the three lanes interleave;
		# each says its script's name.
		a= b= i=0
		for t in "$@"; do
			if [ $((i % 2)) = 0 ]; then a="$a $t"; else b="$b $t"; fi
			i=$((i + 1))
		done
		# shellcheck disable=SC2086
		lane "$res_tui" $tui_list &
		pt=$!
		# shellcheck disable=SC2086
		lane "$res_it" $a &
		pa=$!
		# shellcheck disable=SC2086
		lane "$res_it" $b &
		pb=$!
		wait $pa
		wait $pb
		wait $pt
	else
		lane "$res_it" "$@"
		# shellcheck disable=SC2086
		lane "$res_tui" $tui_list
	fi
	kill "${KB_KEYRING_PID:-}" 2>/dev/null
	exit 0
fi

# ---- outside: unit tests, the session, fuzz, the summary ----
mkdir -p "$LOGS" || exit 1
rm -f "$LOGS"/*.log

# HOME and the XDG dirs are private from here on, so unit tests, the bus,
# the keyring and anything D-Bus might activate never see the user's own
# (CI: /root).  Test scripts make their own below this.
KB_RUN_HOME=$(mktemp -d "${TMPDIR:-/tmp}/kb-run.XXXXXX") || exit 1
[ "${KB_KEEP:-0}" = 1 ] || trap 'rm -rf "$KB_RUN_HOME"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
HOME=$KB_RUN_HOME/home
XDG_RUNTIME_DIR=$KB_RUN_HOME/run
XDG_DATA_HOME=$HOME/.local/share
XDG_CONFIG_HOME=$HOME/.config
XDG_CACHE_HOME=$HOME/.cache
XDG_STATE_HOME=$HOME/.local/state
# Per-run tallies ("P F" lines per group), private to this run.
KB_RESULTS=$KB_RUN_HOME/results
# Every script's $TEST_DIR is made under this run's own TMPDIR, so that
# nothing outside the run (a `rm -rf /tmp/kb-t*` elsewhere) can pull a
# test's files from under it.  Traversable (not readable) by others:
# t0210 connects as nobody.
TMPDIR=$KB_RUN_HOME/tmp
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" "$KB_RESULTS" "$TMPDIR"
chmod 700 "$XDG_RUNTIME_DIR"
chmod 711 "$KB_RUN_HOME" "$TMPDIR"
export HOME XDG_RUNTIME_DIR XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME \
    XDG_STATE_HOME KB_RESULTS TMPDIR
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL KABINET_SOCKET
res_unit=$KB_RESULTS/unit
: >"$res_unit"

n=0
for t in "$B"/tests/test_*; do
	case $t in *.o|*.d) continue ;; esac
	[ -x "$t" ] || continue
	n=$((n + 1))
done
echo "unit: $n binaries"
for t in "$B"/tests/test_*; do
	case $t in *.o|*.d) continue ;; esac
	[ -x "$t" ] || continue
	name=$(basename "$t")
	log=$LOGS/unit-$name.log
	if [ -n "${KB_TESTS:-}" ]; then
		case $name in *"$KB_TESTS"*) ;; *) continue ;; esac
	fi
	timeout -k 10 $((120 * KB_SLOW)) "$t" </dev/null >"$log" 2>&1
	st=$?
	if [ $st = 0 ]; then
		echo "1 0" >>"$res_unit"
		echo "  ok   $name"
		[ "${KB_VERBOSE:-0}" = 1 ] && sed 's/^/    | /' "$log"
	else
		echo "0 1" >>"$res_unit"
		echo "  FAIL $name (exit $st)"
		sed 's/^/    | /' "$log" | tail -n 100
	fi
done

# One session bus for every script; dbus-daemon's own chatter (as root:
# "Failed to set fd limit") goes to a log, the scripts' stderr does not.
# HOME and the XDG dirs are private from here on, so the bus, the keyring
# and anything D-Bus might activate never see the user's own (CI: /root).
timeout -k 10 $((1500 * KB_SLOW)) dbus-run-session -- sh "$0" --session "$B" \
    3>&2 2>"$LOGS/dbus.log"
st=$?
if [ $st != 0 ]; then
	echo "session: FAIL: dbus-run-session exited $st" \
	    "(see $LOGS/dbus.log)"
	tail -n 20 "$LOGS/dbus.log" | sed 's/^/    | /'
	echo "0 1" >>"$res_unit"
fi

res_fuzz=$KB_RESULTS/fuzz
: >"$res_fuzz"
if [ -f tests/fuzz/run.sh ] && [ -z "${KB_TESTS:-}" ]; then
	echo "fuzz: 6 s per target"
	if timeout -k 10 400 sh tests/fuzz/run.sh "$B" 6 \
	    >"$LOGS/fuzz.log" 2>&1; then
		echo "1 0" >"$res_fuzz"
		sed 's/^/    | /' "$LOGS/fuzz.log" | tail -n 20
	else
		echo "0 1" >"$res_fuzz"
		echo "  FAIL fuzz"
		sed 's/^/    | /' "$LOGS/fuzz.log" | tail -n 60
	fi
fi

total_p=0
total_f=0
for g in unit keyring integration tui fuzz; do
	f=$KB_RESULTS/$g
	[ -f "$f" ] || continue
	set -- $(add_up "$f")
	echo "# $g: $1 passed, $2 failed"
	total_p=$((total_p + $1))
	total_f=$((total_f + $2))
done
[ "${KB_KEEP:-0}" = 1 ] && echo "# kept $KB_RUN_HOME"
echo "$total_p passed, $total_f failed"
[ $total_f = 0 ] && [ $total_p -gt 0 ]
