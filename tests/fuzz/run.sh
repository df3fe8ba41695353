#!/bin/sh
# run.sh BUILDDIR SECONDS [RUNS] — build the libFuzzer targets and run each
# on a corpus in BUILDDIR/fuzz/corpus-NAME seeded from seeds/NAME, for at
# most SECONDS each a round; with RUNS, rounds (three at most) share out
# RUNS executions among the targets (make fuzz: 10 million).  One line a
# run with its executions and crashes, then the totals; exits non-zero
# when a target crashes or fails to build.  Without clang it skips
# (exit 0).
#
# A target links the parts it exercises: lib (libkabinet), daemon (every
# daemon/ module but main), tui (every tui/ module but main), sandbox
# (every sandbox/ module but main), each built once here with the
# fuzzer's and the sanitizers' instrumentation.
B=${1:-build}
SECONDS_EACH=${2:-10}
RUNS_TOTAL=${3:-}
TARGETS="codec:lib phone:lib money:lib validators:lib
lender:daemon outbox:daemon config:daemon
keys:tui export:tui sandbox:sandbox"

if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz: skipped (clang not installed)"
	exit 0
fi

case $B in
/*) ;;
*) B=$(pwd)/$B ;;
esac
cd "$(dirname "$0")/../.." || exit 1
OUT=$B/fuzz
mkdir -p "$OUT" || exit 1

# The pkg-config packages of each part: the Makefile's LIB_PKGS,
# DAEMON_PKGS, TUI_PKGS and SANDBOX_PKGS (keep them the same).
pkgs_of() {
	case $1 in
	lib) echo jansson ;;
	daemon) echo jansson glib-2.0 gio-2.0 gio-unix-2.0 libsecret-1 \
	    libcurl gnutls ;;
	tui) echo jansson ncursesw libqrencode gnutls pangocairo cairo-pdf \
	    fontconfig ;;
	sandbox) echo jansson libmicrohttpd sqlite3 gnutls libcrypt ;;
	esac
}

# -fno-sanitize-recover: undefined behaviour is a crash, not a warning.
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
CFLAGS="-g -O1 -Iinclude -D_GNU_SOURCE -DKB_VERSION=\"fuzz\"
-DLOCALEDIR=\"/nonexistent\" -DSYSCONFDIR=\"/nonexistent\""

# The objects of one part, rebuilt when a source or header is newer.
build_part() {
	part=$1
	dir=$OUT/obj/$part
	mkdir -p "$dir"
	if [ "$part" = lib ]; then
		srcs=$(ls lib/*.c)
	else
		srcs=$(ls "$part"/*.c | grep -v -e /main.c -e /kabinetd.c)
	fi
	# shellcheck disable=SC2046
	newest=$(ls -t $srcs include/kabinet/*.h "$part"/*.h 2>/dev/null |
	    head -1)
	stamp=$dir/.stamp
	if [ -f "$stamp" ] && [ "$stamp" -nt "$newest" ]; then
		return 0
	fi
	rm -f "$dir"/*.o
	# shellcheck disable=SC2086
	echo "$srcs" | xargs -P 2 -I{} sh -c 'clang $0 -c -o "$1/$(basename {} .c).o" {}' \
	    "$CFLAGS $SAN -fsanitize=fuzzer-no-link -I$part $(pkg-config --cflags $(pkgs_of "$part"))" \
	    "$dir" || return 1
	touch "$stamp"
}

rc=0
for p in lib daemon tui sandbox; do
	if ! build_part $p >"$OUT/build-$p.log" 2>&1; then
		echo "fuzz: FAILED to build $p (see $OUT/build-$p.log)"
		sed -n 1,20p "$OUT/build-$p.log"
		exit 1
	fi
done

# KB_FUZZ_ONLY="lender keys" runs only those targets (work on one).
if [ -n "${KB_FUZZ_ONLY:-}" ]; then
	sel=
	for spec in $TARGETS; do
		case " $KB_FUZZ_ONLY " in
		*" ${spec%%:*} "*) sel="$sel $spec" ;;
		esac
	done
	TARGETS=$sel
fi
n=$(echo $TARGETS | wc -w)
total=0
crashes=0
built=

# run_target T RUNS: one run of fuzz_T (corpus kept between runs); adds
# to total and crashes, prints the target's line.
run_target() {
	t=$1
	log=$OUT/fuzz_$t.log
	if (cd "$OUT" && "$OUT/fuzz_$t" -max_total_time="$SECONDS_EACH" \
	    ${2:+-runs=$2} -print_final_stats=1 \
	    -artifact_prefix="$OUT/crash-$t-" "$OUT/corpus-$t") >"$log" 2>&1
	then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
		    tail -1)
		echo "fuzz $t: ok, ${runs:-?} executions, 0 crashes"
	else
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
		    tail -1)
		echo "fuzz $t: CRASH after ${runs:-?} executions (log $log," \
		    "input $OUT/crash-$t-*)"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written' \
		    "$log" | head -10
		crashes=$((crashes + 1))
		rc=1
	fi
	total=$((total + ${runs:-0}))
}

for spec in $TARGETS; do
	t=${spec%%:*}
	part=${spec#*:}
	bin=$OUT/fuzz_$t
	log=$OUT/fuzz_$t.log
	objs=$OUT/obj/lib/*.o
	[ "$part" != lib ] && objs="$OUT/obj/$part/*.o $objs"
	# shellcheck disable=SC2086
	if ! clang $CFLAGS $SAN -fsanitize=fuzzer -I"$part" \
	    $(pkg-config --cflags $(pkgs_of "$part")) -o "$bin" \
	    "tests/fuzz/fuzz_$t.c" $objs $(pkg-config --libs $(pkgs_of "$part")) \
	    >"$log" 2>&1; then
		echo "fuzz $t: FAILED to build (see $log)"
		sed -n 1,20p "$log"
		rc=1
		continue
	fi
	mkdir -p "$OUT/corpus-$t"
	cp tests/fuzz/seeds/"$t"/* "$OUT/corpus-$t"/ 2>/dev/null
	built="$built $t"
done

# Rounds: each target gets an equal share of the executions still owed
# (or SECONDS each, whichever comes first); a slow target's shortfall is
# made up by the fast ones in the next round, three rounds at most.
round=1
while :; do
	runs_each=
	if [ -n "$RUNS_TOTAL" ]; then
		runs_each=$(( (RUNS_TOTAL - total + n - 1) / n ))
	fi
	for t in $built; do
		run_target "$t" "$runs_each"
	done
	[ -n "$RUNS_TOTAL" ] && [ "$total" -lt "$RUNS_TOTAL" ] &&
	    [ "$crashes" = 0 ] && [ "$round" -lt 3 ] || break
	round=$((round + 1))
	echo "fuzz: round $round, $total executions so far"
done
echo "fuzz: $total executions in all, $crashes targets crashed"
exit $rc
