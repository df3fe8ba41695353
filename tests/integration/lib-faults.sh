# lib-faults.sh — money under faults at random moments (t0712–t0716),
# sourced after lib.sh and lib-payments.sh.
#
# A script defines, for its operation:
#   op_call I OUT     make the call of run I (kbcall; its answer to OUT)
#   op_matches I      the sandbox rows run I created (one per line: ids)
#   op_in_outbox I    0 when an outbox file of run I is on disk
#   op_between I      (optional: op_between_defined=1) what the next
#                     run needs (fixtures; op_between_measure=1: after
#                     the measuring calls too), or a second step of
#                     run I with checks of its own (non-zero fails)
#   op_settle I       (optional: op_settle_defined=1) after the outbox
#                     drained, what the user does next (answer a code)
#   op_told I ID      (optional: op_told_defined=1) 0 when the client
#                     can see row ID; default: payment.updated carried it
# and calls fault_runs NAME.  Each run picks a fault of the lender
# (delay, drop, twice, garbage: see fault_arm), a moment between 0 and
# the call's duration measured under that fault (a seeded fraction of
# it: the same seed replays the same faults at the same points), kills
# the daemon with SIGKILL at that moment, starts it again with a client listening (as a
# TUI reconnects), and counts in the sandbox's database: never two rows,
# never none once the request was on disk or answered, and the outcome
# reaches the client (payment.updated, or the answer before the kill).
#
# KB_SEED replays a sequence (printed first); KB_FAULT_RUNS runs (default
# 4; `make faults` runs 50).

KB_SEED=${KB_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
KB_FAULT_RUNS=${KB_FAULT_RUNS:-4}
fault__rng=$((KB_SEED % 2147483648))
FAULTS="delay drop twice garbage"
echo "# KB_SEED=$KB_SEED KB_FAULT_RUNS=$KB_FAULT_RUNS"

# rand_below N: RAND := a number in [0, N) from the seeded generator (an
# LCG; 30 of its high bits, so N up to 2^30).  Not in a subshell: the
# state must move on.
rand_below () {
	fault__rng=$(( (fault__rng * 1103515245 + 12345) % 2147483648 ))
	fault__hi=$(( fault__rng / 65536 ))
	fault__rng=$(( (fault__rng * 1103515245 + 12345) % 2147483648 ))
	RAND=$(( (fault__hi * 32768 + fault__rng / 65536) % $1 ))
}

now_ms () {
	echo $(( $(date +%s%N) / 1000000 ))
}

# fault_arm FAULT: the lender's fault for the next request.  delay: 400 ms
# before the work and 1200 ms after it (the key in flight meanwhile);
# drop, garbage, twice: the work is stored, then the answer is lost, is
# not JSON, or is the replay of the same request handled a second time.
fault_arm () {
	case $1 in
	delay)
		expect 200 POST /sandbox/faults '{"latency_ms":400}' &&
		expect 200 POST /sandbox/payments/hold '{"ms":1200}' ;;
	*)
		expect 200 POST /sandbox/faults \
		    "{\"answer\":{\"fault\":\"$1\",\"count\":1}}" ;;
	esac
}

fault_clear () {
	expect 200 DELETE /sandbox/faults &&
	expect 200 POST /sandbox/payments/hold '{"ms":0}'
}

fault__outbox_empty () {
	test -z "$(ls "$XDG_STATE_HOME/kabinet/outbox" 2>/dev/null |
	    grep -v '\.rejected$')"
}

# After a restart the session comes back from the keyring.
fault__signed_in () {
	kb_call session.status >"$TEST_DIR/status.json" 2>/dev/null &&
	jq -e '.state == "signed_in"' "$TEST_DIR/status.json" >/dev/null
}

# fault_report: the figures, for the log whether or not the runs failed.
fault_report () {
	sed 's/^/# /' "$TEST_DIR/runs.txt" "$TEST_DIR/summary.txt" 2>/dev/null
}

# fault__listen: a client on the new daemon printing every event, as a
# TUI that reconnects does (its pid in FAULT_LISTENER).
fault__listen () {
	{
		echo 'call session.status'
		i=0
		while [ $i -lt 400 ]; do
			echo 'expect-event payment.updated 60000'
			i=$((i + 1))
		done
	} >"$TEST_DIR/listen.flow"
	"$KBCALL" -S "$KB_SOCKET" -t 60000 --script "$TEST_DIR/listen.flow" \
	    >"$TEST_DIR/listen.out" 2>&1 &
	FAULT_LISTENER=$!
}

fault__unlisten () {
	cp "$TEST_DIR/listen.out" "$TEST_DIR/listen.$fr_i.out" 2>/dev/null
	kill "$FAULT_LISTENER" 2>/dev/null
	wait "$FAULT_LISTENER" 2>/dev/null
	FAULT_LISTENER=
}

# fault_measure: each fault's duration of an uncut call (run numbers
# 1000 + k, kept out of the counts): DUR_delay, DUR_drop, ...
fault_measure () {
	fm_k=0
	for fm_f in $FAULTS; do
		fault_arm "$fm_f" || return 1
		fm_t0=$(now_ms)
		op_call $((1000 + fm_k)) "$TEST_DIR/measure.out" ||
		    { cat "$TEST_DIR/measure.out" >&2; return 1; }
		fm_d=$(( $(now_ms) - fm_t0 ))
		eval "DUR_$fm_f=$fm_d"
		kb_retry 30 fault__outbox_empty || return 1
		fault_clear || return 1
		test "$(op_matches $((1000 + fm_k)) | wc -l)" = 1 || {
			echo "measure $fm_f: not exactly one" >&2
			return 1
		}
		echo "# measured $fm_f: $fm_d ms"
		[ -z "${op_between_measure:-}" ] || op_between $((1000 + fm_k))
		fm_k=$((fm_k + 1))
	done
}

# fault_runs NAME: KB_FAULT_RUNS runs; the figures on one line at the end
# ("NAME: runs R kills K doubled D lost L untold U"), and on failure the
# run to replay.
fault_runs () {
	fr_name=$1 fr_i=1 fr_doubled=0 fr_lost=0 fr_untold=0 fr_kills=0
	fr_disk=0 fr_before=0 fr_failed=0
	: >"$TEST_DIR/runs.txt"
	while [ $fr_i -le "$KB_FAULT_RUNS" ]; do
		rand_below 4
		fr_fault=$(echo $FAULTS | cut -d' ' -f$((RAND + 1)))
		eval "fr_dur=\$DUR_$fr_fault"
		rand_below 1001
		fr_permille=$RAND
		fr_at=$((fr_dur * fr_permille / 1000))
		fault_arm "$fr_fault" || return 1
		rm -f "$TEST_DIR/call.out"
		op_call $fr_i "$TEST_DIR/call.out" &
		fr_pid=$!
		sleep "$(printf '%d.%03d' $((fr_at / 1000)) $((fr_at % 1000)))"
		kb_kill_daemon
		fr_kills=$((fr_kills + 1))
		wait $fr_pid 2>/dev/null
		# What the caller had heard, and what was on disk, at the kill.
		if [ -s "$TEST_DIR/call.out" ] &&
		    jq -e .code "$TEST_DIR/call.out" >/dev/null 2>&1; then
			fr_heard=$(jq -r '.data.reason // .code' "$TEST_DIR/call.out")
		elif [ -s "$TEST_DIR/call.out" ]; then
			fr_heard=answer
		else
			fr_heard=nothing
		fi
		if op_in_outbox $fr_i; then fr_on_disk=1; else fr_on_disk=0; fi
		kb_start_daemon || return 1
		fault__listen
		kb_retry 20 fault__signed_in || {
			echo "run $fr_i: the session did not come back" >&2
			return 1
		}
		kb_retry 60 fault__outbox_empty || {
			echo "run $fr_i: the outbox did not drain" >&2
			fault__unlisten
			return 1
		}
		fault_clear || return 1
		[ -z "${op_settle_defined:-}" ] || op_settle $fr_i || return 1
		fr_rows=$(op_matches $fr_i | wc -l)
		fr_verdict=ok
		if [ "$fr_rows" -gt 1 ]; then
			fr_verdict=DOUBLED
			fr_doubled=$((fr_doubled + 1))
		elif [ "$fr_rows" = 0 ] && { [ $fr_on_disk = 1 ] ||
		    [ "$fr_heard" = answer ] ||
		    [ "$fr_heard" = payment_pending ]; }; then
			fr_verdict=LOST
			fr_lost=$((fr_lost + 1))
		elif [ "$fr_rows" = 1 ] && [ "$fr_heard" != answer ]; then
			# Not heard before the kill: the new daemon tells.
			fr_id=$(op_matches $fr_i)
			if [ -n "${op_told_defined:-}" ]; then
				op_told $fr_i "$fr_id"
			else
				kb_retry 20 "grep -q '\"$fr_id\"' '$TEST_DIR/listen.out'"
			fi || {
				fr_verdict=UNTOLD
				fr_untold=$((fr_untold + 1))
			}
		fi
		[ $fr_on_disk = 1 ] && fr_disk=$((fr_disk + 1))
		[ "$fr_rows" = 0 ] && fr_before=$((fr_before + 1))
		fault__unlisten
		echo "run $fr_i: $fr_fault, killed at $fr_at of $fr_dur ms" \
		    "(${fr_permille}‰)," \
		    "heard $fr_heard, on disk $fr_on_disk, rows $fr_rows:" \
		    "$fr_verdict" | tee -a "$TEST_DIR/runs.txt"
		[ -z "${op_between_defined:-}" ] || op_between $fr_i ||
		    fr_failed=$((fr_failed + 1))
		fr_i=$((fr_i + 1))
	done
	echo "$fr_name: runs $KB_FAULT_RUNS kills $fr_kills doubled $fr_doubled" \
	    "lost $fr_lost untold $fr_untold (on disk at the kill $fr_disk," \
	    "killed before any row $fr_before) KB_SEED=$KB_SEED" |
	    tee "$TEST_DIR/summary.txt"
	test $fr_doubled = 0 && test $fr_lost = 0 && test $fr_untold = 0 &&
	test $fr_failed = 0
}
