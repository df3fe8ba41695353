# lib-http.sh — curl helpers for scripts that talk to the sandbox's HTTP
# API directly, sourced after lib.sh.
#   req METHOD PATH [JSON] [curl args...]  the status on stdout; the body in
#       $TEST_DIR/body, the headers in $TEST_DIR/hdr.  JSON is taken as such
#       unless it starts with '-' (then it is the first curl argument).
#   expect STATUS METHOD PATH [JSON] [curl args...]  req, failing (and
#       showing the body) on another status
#   body JQ_FILTER   a member of the last body;  header NAME  a header
req () {
	req_m=$1 req_p=$2
	shift 2
	req_d=
	case ${1:-} in
	-*) ;;
	*) [ $# -gt 0 ] && { req_d=$1; shift; } ;;
	esac
	if [ -n "$req_d" ]; then
		set -- --data-binary "$req_d" -H 'Content-Type: application/json' "$@"
	fi
	rm -f "$TEST_DIR/body"
	curl -sS --cacert "$KB_CA" -X "$req_m" -o "$TEST_DIR/body" \
	    -D "$TEST_DIR/hdr" -w '%{http_code}' "$@" "$SANDBOX_URL$req_p"
}

expect () {
	exp_s=$1
	shift
	got=$(req "$@") || return 1
	if [ "$got" != "$exp_s" ]; then
		echo "expected $exp_s, got $got for $1 $2:" >&2
		cat "$TEST_DIR/body" >&2
		return 1
	fi
}

body () {
	jq -r "$1" "$TEST_DIR/body" 2>/dev/null
}

header () {
	tr -d '\r' <"$TEST_DIR/hdr" | sed -n "s/^$1: //Ip" | head -n 1
}
