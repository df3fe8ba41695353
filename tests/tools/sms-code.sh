#!/bin/sh
# sms-code.sh PHONE [MIN_COUNT] — prints the latest SMS code the sandbox
# sent to PHONE, once at least MIN_COUNT (default 1) messages went to it;
# waits up to 5 s.  Asks GET $SANDBOX_URL/sandbox/sms (curl --cacert
# $KB_CA); falls back to the outbox file $SANDBOX_SMS.  Used by lib.sh's
# kb_sms_code and usable from a kbcall script's `shell` line.
set -u
phone=${1:?usage: sms-code.sh PHONE [MIN_COUNT]}
min=${2:-1}
i=0
while [ $i -lt 50 ]; do
	items=
	if [ -n "${SANDBOX_URL:-}" ]; then
		items=$(curl -fsS --max-time 2 --cacert "${KB_CA:-}" -G \
		    --data-urlencode "phone=$phone" \
		    "$SANDBOX_URL/sandbox/sms" 2>/dev/null |
		    jq -c --arg p "$phone" \
		    '[.items[] | select(.phone == $p and .code != null)]' \
		    2>/dev/null)
	fi
	if [ -z "$items" ] && [ -s "${SANDBOX_SMS:-/nonexistent}" ]; then
		items=$(jq -c --arg p "$phone" \
		    'select(.phone == $p and .code != null)' "$SANDBOX_SMS" \
		    2>/dev/null | jq -cs .)
	fi
	if [ -n "$items" ] &&
	    [ "$(printf '%s' "$items" | jq length)" -ge "$min" ]; then
		printf '%s' "$items" | jq -r '.[-1].code'
		exit 0
	fi
	sleep 0.1
	i=$((i + 1))
done
echo "sms-code.sh: no SMS code for $phone (wanted $min)" >&2
exit 1
