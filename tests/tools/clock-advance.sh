#!/bin/sh
# clock-advance.sh SECONDS — moves time forward for the programs under
# test: the daemon's and the TUI's test clock ($KABINET_TEST_CLOCK, see
# include/kabinet/clock.h) and the sandbox's clock (POST
# $SANDBOX_URL/sandbox/clock), by the same whole seconds.  Used by lib.sh's
# kb_clock_advance and usable from a kbcall script's `shell` line (prints
# the new offset).
set -eu
n=${1:?usage: clock-advance.sh SECONDS}
f=${KABINET_TEST_CLOCK:?KABINET_TEST_CLOCK is not set}
old=$(cat "$f" 2>/dev/null || echo 0)
new=$((old + n))
echo "$new" >"$f.tmp"
mv -f "$f.tmp" "$f"
if [ -n "${SANDBOX_URL:-}" ]; then
	curl -fsS --max-time 5 --cacert "${KB_CA:-}" -X POST \
	    -H "Content-Type: application/json" \
	    -d "{\"advance_seconds\":$n}" "$SANDBOX_URL/sandbox/clock" \
	    >/dev/null
fi
echo "$new"
