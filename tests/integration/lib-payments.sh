# lib-payments.sh — helpers for the issue-5 scripts (t070*.sh), sourced
# after lib.sh: signin, sms_count, kb_with_code, verify, and lib-http.sh's
# req, expect, body, header.
. "$SRC/tests/integration/lib-http.sh"

# signin PHONE PASSWORD: prints the access token (a new device answers
# the SMS code; a known one signs in at once).
signin () {
	si_st=$(req POST /v1/auth/login \
	    "{\"phone\":\"$1\",\"password\":\"$2\",\"device_id\":\"t07\"}") ||
	    return 1
	if [ "$si_st" = 202 ]; then
		si_ch=$(body .challenge.id)
		expect 200 POST "/v1/challenges/$si_ch/verify" \
		    "{\"code\":\"$(kb_sms_code "$1")\"}" || return 1
	elif [ "$si_st" != 200 ]; then
		echo "signin: $si_st" >&2
		cat "$TEST_DIR/body" >&2
		return 1
	fi
	body .access_token
}

# advance SECONDS PHONE PASSWORD: moves the sandbox clock and signs in
# again (the old token has expired); T2 is the new token.
advance () {
	expect 200 POST /sandbox/clock "{\"advance_seconds\":$1}" &&
	T2=$(signin "$2" "$3") && echo "$T2" >"$TEST_DIR/t2"
}

# sms_count PHONE: how many SMS with a code went to PHONE.
sms_count () {
	curl -fsS --cacert "$KB_CA" -G --data-urlencode "phone=$1" \
	    "$SANDBOX_URL/sandbox/sms" | jq '[.items[]|select(.code!=null)]|length'
}

# kb_with_code [-c CODE]... PHONE CMD...: runs kb CMD --code-fd 4 with
# the codes on fd 4, one a line, once the sandbox has sent the next SMS
# code to PHONE, then the end of fd 4 (so kb, asked for one more, gives
# up); each -c CODE is a code to give (the default, and `-c next`, is the
# SMS code itself); kb's output and errors are in out and err (and
# shown); CMD's exit status.
kb_with_code () {
	wc_codes=
	while [ "$1" = -c ]; do
		wc_codes="$wc_codes $2"
		shift 2
	done
	wc_phone=$1
	shift
	wc_n=$(sms_count "$wc_phone") &&
	rm -f code.fifo && mkfifo code.fifo &&
	exec 5<>code.fifo &&
	{ kb "$@" --code-fd 4 4<code.fifo 5>&- >out 2>err & } &&
	wc_pid=$! &&
	wc_code=$(sh "$SRC/tests/tools/sms-code.sh" "$wc_phone" \
	    $((wc_n + 1))) &&
	for wc_c in ${wc_codes:-next}; do
		if [ "$wc_c" = next ]; then
			echo "$wc_code"
		else
			echo "$wc_c"
		fi
	done >&5
	# The writer is closed before the wait: kb sees the end of fd 4.
	exec 5>&-
	wait $wc_pid
	wc_rc=$?
	cat out err
	return $wc_rc
}

# verify PHONE CHALLENGE_ID N: answers the challenge with the code of the
# Nth SMS to PHONE.
verify () {
	expect "${4:-200}" POST "/v1/challenges/$2/verify" \
	    "{\"code\":\"$(sh "$SRC/tests/tools/sms-code.sh" "$1" "$3")\"}"
}

# kb_signin PHONE PASSWORD: signs the daemon in (answering the SMS code
# on a new device).
kb_signin () {
	cat >"$TEST_DIR/signin.flow" <<-EOS
	send auth.login {"phone":"$1","password":"$2"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $1
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect state signed_in
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script "$TEST_DIR/signin.flow" \
	    >"$TEST_DIR/signin.out" 2>&1 || {
		cat "$TEST_DIR/signin.out" >&2
		return 1
	}
}

# kb_sandbox_sql SQL: runs SQL on the sandbox's database file $SANDBOX_DB.
kb_sandbox_sql () {
	sqlite3 -batch -noheader "$SANDBOX_DB" "$1"
}
