#!/bin/sh
# t0150-sandbox-hostile — the sandbox is a server integrators run: under
# malformed HTTP, huge headers and bodies, a slow client, SQL
# metacharacters and path traversal in every id of every route and in
# the query, it never crashes or hangs and answers 4xx problem+json (what
# libmicrohttpd refuses below the routes, such as HTTP/9.9, it answers
# itself with 400 or 505); a
# borrower's token on every operator endpoint is 403; one borrower's
# token on another's loan and card is 404, as if they did not exist.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

kb_start_sandbox

# The routes of the sandbox's tables, "METHOD PATTERN" a line.
routes () {
	grep -hoE '\{ "(GET|POST|PUT|DELETE|PATCH)", "/v1/[^"]*"' \
	    "$SRC"/sandbox/*.c | sed 's/^{ "\([A-Z]*\)", "\([^"]*\)"/\1 \2/' |
	    sort -u
}

# problem STATUS...: the last body is problem+json with one of STATUS.
problem () {
	st=$(jq -r .status "$TEST_DIR/body" 2>/dev/null) &&
	grep -qi "^content-type: application/problem+json" "$TEST_DIR/hdr" &&
	for s in "$@"; do [ "$st" = "$s" ] && return 0; done
	return 1
}

alive () {
	expect 200 GET /v1/health
}

test_expect_success 'setup: two borrowers signed in' '
	T1=$(signin +79000000001 Demo2026) && test -n "$T1" &&
	T2=$(signin +79000000002 Second2026) && test -n "$T2" &&
	routes >routes && test "$(wc -l <routes)" -ge 30 &&
	echo "$T1" >t1
'

test_expect_success 'a borrower on every operator endpoint: 403 problem+json' '
	n=0 &&
	grep " /v1/operator/" routes | grep -v -e /login -e /logout >op-routes &&
	while read -r m p; do
		p=$(echo "$p" | sed "s/\\*/cl_1001/g") &&
		st=$(req "$m" "$p" "{}" -H "Authorization: Bearer $T1") &&
		{ [ "$st" = 403 ] && problem 403 ||
		    { echo "$m $p: $st" >&2; cat "$TEST_DIR/body" >&2; return 1; }; } &&
		n=$((n + 1)) || return 1
	done <op-routes &&
	echo "$n operator endpoints refused" &&
	test "$n" -ge 6
'

test_expect_success 'one borrower on another'"'"'s loan and card: 404, no enumeration' '
	for mp in "GET /v1/loans/ln_1002" "GET /v1/loans/ln_1002/due" \
	    "GET /v1/loans/ln_1002/extension" "POST /v1/loans/ln_1002/extension" \
	    "POST /v1/loans/ln_1002/payments" "DELETE /v1/cards/cd_1002" \
	    "POST /v1/cards/cd_1002/default"; do
		set -- $mp &&
		st=$(req "$1" "$2" "{\"amount\":100,\"card_id\":\"cd_1001\",\"days\":7}" \
		    -H "Authorization: Bearer $T1" \
		    -H "Idempotency-Key: t0150-$(echo "$2" | tr / -)") &&
		other=$(req "$1" "$(echo "$2" | sed "s/_1002/_9999/")" \
		    "{\"amount\":100,\"card_id\":\"cd_1001\",\"days\":7}" \
		    -H "Authorization: Bearer $T1" \
		    -H "Idempotency-Key: t0150-x$(echo "$2" | tr / -)") &&
		{ [ "$st" = 404 ] && [ "$other" = 404 ] ||
		    { echo "$mp: $st (a missing id: $other)" >&2; return 1; }; } ||
		return 1
	done &&
	expect 200 GET /v1/loans/ln_1002 -H "Authorization: Bearer $T2"
'

test_expect_success 'SQL metacharacters and traversal in every id and the query: 4xx problem+json' '
	n=0 &&
	grep "\\*" routes >id-routes &&
	for v in "%27%20OR%20%271%27%3D%271" "%22%3B%20DROP%20TABLE%20accounts%3B--" \
	    "..%2F..%2F..%2Fetc%2Fpasswd" "%2E%2E" "%25%00" \
	    "$(head -c 300 /dev/zero | tr "\\0" a)"; do
		while read -r m p; do
			p=$(echo "$p" | sed "s/\\*/$v/g") &&
			st=$(req "$m" "$p" "{\"amount\":1}" \
			    -H "Authorization: Bearer $T1" -H "Idempotency-Key: k$n") &&
			case $st in
			4??) problem "$st" ;;
			*) false ;;
			esac || { echo "$m $p: $st" >&2; cat "$TEST_DIR/body" >&2; return 1; }
			n=$((n + 1))
		done <id-routes || return 1
	done &&
	for q in "kind=%27%20OR%201%3D1--" "from=2026-01-01%27--" \
	    "q=%25%27%22%3B" "cursor=..%2F..%2Fetc" "limit=1%20OR%201"; do
		st=$(req GET "/v1/payments?$q" -H "Authorization: Bearer $T1") &&
		case $st in
		200) jq -e ".items | length == 0" "$TEST_DIR/body" >/dev/null ;;
		4??) problem "$st" ;;
		*) false ;;
		esac || { echo "payments?$q: $st" >&2; return 1; }
		n=$((n + 1))
	done &&
	echo "$n hostile requests, each refused with a problem" &&
	expect 200 GET /v1/loans -H "Authorization: Bearer $T1" &&
	alive
'

test_expect_success 'a huge header, a huge body, malformed HTTP: refused, still serving' '
	big=$(head -c 200000 /dev/zero | tr "\\0" a) &&
	st=$(curl -sS --cacert "$KB_CA" -o /dev/null -w "%{http_code}" \
	    -H "X-Big: $big" "$SANDBOX_URL/v1/health" 2>/dev/null) ;
	case $st in 200) false ;; *) true ;; esac &&
	head -c 20000000 /dev/zero | tr "\\0" " " >huge.json &&
	st=$(req POST /v1/auth/login --data-binary @huge.json \
	    -H "Content-Type: application/json") &&
	test "$st" = 413 && problem 413 &&
	for raw in "GARBAGE\\r\\n\\r\\n" "GET /v1/health HTTP/9.9\\r\\n\\r\\n" \
	    "GET /../../etc/passwd HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n" \
	    "POST /v1/auth/login HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: -5\\r\\n\\r\\n" \
	    "GET /v1/health HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nZZ\\r\\n"; do
		printf "$raw" | timeout 3 openssl s_client -quiet -connect \
		    "127.0.0.1:${SANDBOX_URL##*:}" -CAfile "$KB_CA" >raw.out 2>/dev/null;
		# refused (libmicrohttpd answers 400 or 505 itself), never
		# served and never an internal error
		! grep -qE "^HTTP/1.1 (2|500)" raw.out ||
		    { cat raw.out >&2; return 1; }
	done &&
	alive
'

test_expect_success 'a client sending a byte a second does not hold others up' '
	{ for c in G E T " " /; do printf "%s" "$c"; sleep 1; done; } |
	    timeout 20 openssl s_client -quiet -connect "127.0.0.1:${SANDBOX_URL##*:}" \
	    -CAfile "$KB_CA" >/dev/null 2>&1 &
	slow=$! &&
	sleep 1 &&
	alive && alive && alive &&
	kill $slow 2>/dev/null; wait $slow;
	alive
'

test_done
