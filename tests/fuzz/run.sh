#!/bin/sh
# run.sh BUILDDIR SECONDS — build the libFuzzer targets and run each for
# SECONDS on a corpus in BUILDDIR/fuzz/corpus-NAME seeded from seeds/NAME.
# One line per target; exits non-zero when a target crashes or fails to
# build.  Without clang it skips (exit 0).
B=${1:-build}
SECONDS_EACH=${2:-10}
TARGETS="codec phone money validators"

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

# -fno-sanitize-recover: undefined behaviour is a crash, not a warning.
CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined
-fno-sanitize-recover=all -Iinclude -D_GNU_SOURCE
$(pkg-config --cflags jansson)"
LIBS=$(pkg-config --libs jansson)

rc=0
for t in $TARGETS; do
	bin=$OUT/fuzz_$t
	log=$OUT/fuzz_$t.log
	corpus=$OUT/corpus-$t
	# shellcheck disable=SC2086
	if ! clang $CFLAGS -o "$bin" lib/*.c "tests/fuzz/fuzz_$t.c" $LIBS \
	    >"$log" 2>&1; then
		echo "fuzz $t: FAILED to build (see $log)"
		sed -n 1,20p "$log"
		rc=1
		continue
	fi
	mkdir -p "$corpus"
	cp tests/fuzz/seeds/"$t"/* "$corpus"/ 2>/dev/null
	if "$bin" -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
	    -artifact_prefix="$OUT/crash-$t-" "$corpus" >"$log" 2>&1; then
		runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
		echo "fuzz $t: ok (${runs:-?} runs)"
	else
		echo "fuzz $t: CRASH (log $log, input $OUT/crash-$t-*)"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written' \
		    "$log" | head -10
		rc=1
	fi
done
exit $rc
