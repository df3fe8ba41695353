#!/bin/sh
# t0710-pan-db — the PAN cannot be recovered from a copy of the sandbox's
# database (PCI DSS 3.4; doc/lender-api.md "Rules"): a card is linked with
# a known PAN, the database is copied, and its first 6, last 4 and the
# stored request hashes are all an attacker gets.  Every candidate PAN
# with those first 6 and last 4 in a range that holds the real one is
# tried against the idempotency table as an unkeyed SHA-256 of the
# request, as it was stored; none may match.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
PAN=2200701234567896
DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$DB"

test_expect_success 'a card linked with an Idempotency-Key' '
	T2=$(signin $P2 Second2026) &&
	BODY="{\"pan\":\"$PAN\",\"exp_month\":12,\"exp_year\":2030,\"holder\":\"MARIIA PETROVA\"}" &&
	printf %s "$BODY" >body.json &&
	expect 202 POST /v1/cards "$BODY" -H "Authorization: Bearer $T2" -H "Idempotency-Key: pan-1" &&
	test "$(body .challenge.purpose)" = card_link
'

test_expect_success 'a copy of the database does not give the PAN back' '
	cp "$DB" copy.db && cp "$DB-wal" copy.db-wal &&
	sqlite3 copy.db "SELECT request_hash FROM idempotency WHERE key = '\''pan-1'\''" >stored &&
	test -s stored &&
	! grep -q "$PAN" copy.db copy.db-wal &&
	# 220070 … 7896: the 6 middle digits around the real ones, Luhn-valid
	# or not, each as the request it would have been
	mid=${PAN#220070} && mid=${mid%7896} &&
	i=0 && found= &&
	while [ $i -lt 200 ]; do
		m=$(printf %06d $(( ($mid + i - 100 + 1000000) % 1000000 ))) &&
		cand=220070${m}7896 &&
		h=$({ printf "POST /v1/cards\n"; sed "s/$PAN/$cand/" body.json; } |
		    sha256sum | cut -d" " -f1) &&
		if [ "$h" = "$(cat stored)" ]; then found=$cand; fi &&
		i=$((i + 1)) || return 1
	done &&
	echo "tried $i candidates, found: ${found:-none}" &&
	test -z "$found"
'

test_done
