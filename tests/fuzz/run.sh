#!/bin/sh
# run.sh BUILDDIR SECONDS [RUNS] — build the libFuzzer targets and run each
# on a corpus in BUILDDIR/fuzz/corpus-NAME seeded from seeds/NAME, for at
# most SECONDS each; with RUNS, each target stops after RUNS/targets
# executions (make fuzz: 10 million in all).  One line per target with its
# executions and crashes, then the totals; exits non-zero when a target
# crashes or fails to build.  Without clang it skips (exit 0).
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

pkgs_of() {
	case $1 in
	lib) echo jansson ;;
	daemon) echo jansson glib-2.0 gio-2.0 gio-unix-2.0 libsecret-1 \
	    libcurl gnutls ;;
	tui) echo jansson ncursesw libqrencode ;;
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
runs_each=
[ -n "$RUNS_TOTAL" ] && runs_each=$(( (RUNS_TOTAL + n - 1) / n ))
total=0
crashes=0
for spec in $TARGETS; do
	t=${spec%%:*}
	part=${spec#*:}
	bin=$OUT/fuzz_$t
	log=$OUT/fuzz_$t.log
	corpus=$OUT/corpus-$t
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
	mkdir -p "$corpus"
	cp tests/fuzz/seeds/"$t"/* "$corpus"/ 2>/dev/null
	if (cd "$OUT" && "$bin" -max_total_time="$SECONDS_EACH" \
	    ${runs_each:+-runs=$runs_each} -print_final_stats=1 \
	    -artifact_prefix="$OUT/crash-$t-" "$corpus") >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
		    tail -1)
		echo "fuzz $t: ok, ${runs:-?} executions, 0 crashes"
		total=$((total + ${runs:-0}))
	else
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
		    tail -1)
		echo "fuzz $t: CRASH after ${runs:-?} executions (log $log," \
		    "input $OUT/crash-$t-*)"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written' \
		    "$log" | head -10
		total=$((total + ${runs:-0}))
		crashes=$((crashes + 1))
		rc=1
	fi
done
echo "fuzz: $total executions in all, $crashes targets crashed"
exit $rc
