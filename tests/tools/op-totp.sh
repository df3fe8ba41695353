#!/bin/sh
# op-totp.sh SECRET — the operator's current TOTP code on the sandbox's
# clock.  Moves the sandbox clock 30 s on first, so each call lands in a
# step no earlier sign-in used (the sandbox refuses a step used before).
# Needs SANDBOX_URL, KB_CA and B (lib.sh exports them).
set -u
secret=${1:?usage: op-totp.sh SECRET}
off=$(curl -fsS --max-time 5 --cacert "${KB_CA:-}" \
    -H "Content-Type: application/json" -d '{"advance_seconds":30}' \
    "$SANDBOX_URL/sandbox/clock" | jq -r .offset_seconds) || exit 1
exec "$B/tests/tools/totp" "$secret" "$off"
