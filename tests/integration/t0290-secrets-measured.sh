#!/bin/sh
# t0290-secrets-measured — after a whole session through kabinetd (sign-in
# with an SMS code, a card linked with an SMS code, a payment, the
# operator desk with a TOTP code) the secrets are counted everywhere they
# could have been left: every file under the XDG dirs and HOME, the
# daemon's and the sandbox's logs, the outbox, /proc/PID/environ and
# cmdline of the daemon, and the sandbox's database.  The password, every
# SMS code, the access and refresh tokens (taken from the Secret Service,
# the one place they belong), the operator's password, the full phone
# and the PAN: 0 hits.  The lender's side keeps what a lender must: the
# sandbox's SMS outbox (sms.jsonl and its sms table) holds the codes it
# "sent", and its accounts hold the borrower's phone, which is her login;
# so the sandbox's database is searched for everything but the phone as
# raw bytes, and for the codes too in a dump of every table but sms.
# Whole words only (grep -w), so a 6-digit code never matches inside a
# timestamp.
#
# Then the core dump attempt, with `ulimit -c unlimited`: a core of the
# daemon taken by root anyway (gcore with CAP_SYS_PTRACE) holds none of
# the password, the SMS codes, the operator's password and the PAN (the
# tokens and the phone are the session it holds, as the Secret Service
# does: counted, not asserted); the same user without CAP_SYS_PTRACE
# cannot take one (kabinetd is not dumpable), nor raise its core limit
# (0, hard); SIGSEGV and SIGABRT write no core where the same signal
# makes a dumpable process write one.  /proc/sys/kernel/core_pattern is
# the system's: read, never changed.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P2=+79000000002
PW=Second2026
PAN=2200701234567896
OP_SECRET=JBSWY3DPEHPK3PXP
export OP_SECRET
SANDBOX_DB=$TEST_DIR/sandbox.db
kb_start_sandbox --db "$SANDBOX_DB"
kb_start_daemon

test_expect_success 'the session: sign-in, card link, payment, operator desk' '
	kb_signin $P2 $PW &&
	N=$(sms_count $P2) &&
	cat >card.flow <<-EOS &&
	send card.add {"pan":"$PAN","expiry":"12/30","holder":"MARIIA PETROVA"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh $SRC/tests/tools/sms-code.sh $P2 $((N + 1))
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	expect card.last4 7896
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script card.flow >card.out &&
	kb_call payment.make "{\"loan_id\":\"ln_1002\",\"card_id\":\"cd_1002\",\"amount\":\"1 500,50\"}" >pay.out &&
	cat >op.flow <<-EOS &&
	send operator.login {"login":"op.petrov","password":"Operator2026"}
	expect-event challenge.required
	capture CH challenge_id
	shell CODE sh \$SRC/tests/tools/op-totp.sh $OP_SECRET
	call challenge.answer {"challenge_id":"\$CH","code":"\$CODE"}
	answer
	EOS
	"$KBCALL" -S "$KB_SOCKET" --script op.flow >op.out &&
	kb_call operator.client.find "{\"phone\":\"+79000000001\"}" >find.out
'

test_expect_success 'the secrets: from the Secret Service and the SMS outbox' '
	secret-tool lookup lender "$SANDBOX_URL" >secret.json &&
	test "$(jq -r .access_token secret.json | wc -c)" -gt 20 &&
	jq -r .access_token secret.json >secrets &&
	jq -r .refresh_token secret.json >>secrets &&
	rm secret.json &&
	jq -r "select(.code != null) | .code" "$SANDBOX_SMS" >>secrets &&
	printf "%s\n" "$PW" Operator2026 "$P2" 79000000002 "$PAN" \
	    "2200 7012 3456 7896" >>secrets &&
	test "$(wc -l <secrets)" -ge 10 &&
	! grep -qx "" secrets &&
	echo "$(wc -l <secrets) secrets to look for"
'

test_expect_success 'zero hits anywhere but the Secret Service' '
	kill -0 "$DAEMON_PID" &&
	cat "/proc/$DAEMON_PID/environ" "/proc/$DAEMON_PID/cmdline" |
	    tr "\\0" "\\n" >proc.txt &&
	: >hits &&
	for f in $(find "$HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" \
	    "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" \
	    -type f 2>/dev/null) "$DAEMON_LOG" "$SANDBOX_LOG" proc.txt; do
		case $f in
		*/keyrings/*) continue ;;	# the Secret Service itself
		esac
		grep -aHowF -f secrets "$f" >>hits
	done;
	grep -v -e "^$P2\$" -e "^79000000002\$" -e "^[0-9]\{6\}\$" secrets \
	    >lender-secrets &&
	for f in "$SANDBOX_DB"*; do
		grep -aHowF -f lender-secrets "$f" >>hits
	done;
	sqlite3 "$SANDBOX_DB" .dump | grep -v "^INSERT INTO sms " >dump.sql &&
	grep -v -e "^$P2\$" -e "^79000000002\$" secrets >dump-secrets &&
	grep -aHowF -f dump-secrets dump.sql >>hits;
	echo "hits: $(wc -l <hits) (looked in $(find "$HOME" "$XDG_CONFIG_HOME" \
	    "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" \
	    "$XDG_CACHE_HOME" -type f | wc -l) files under the XDG dirs)" &&
	sort hits | uniq -c &&
	test ! -s hits
'

# The core dumps below: as a user may have set it.
ulimit -c unlimited 2>/dev/null || ulimit -c "$(ulimit -H -c)"
CORE_PATTERN=$(cat /proc/sys/kernel/core_pattern)

# count_in CORE LIST: for each line of LIST, "N SECRET", N its matches.
count_in () {
	while IFS= read -r s; do
		echo "$(grep -acF -- "$s" "$1") $s"
	done <"$2"
}

test_expect_success 'a core taken anyway (root, CAP_SYS_PTRACE): no password, code or PAN' '
	if ! command -v gcore >/dev/null ||
	    ! capsh --has-p=cap_sys_ptrace 2>/dev/null; then
		echo "# no gcore, or no CAP_SYS_PTRACE here: nothing to take"
		return 0
	fi
	head -n 2 secrets >held &&
	printf "%s\n" "$P2" 79000000002 >>held &&
	tail -n +3 secrets | grep -vxF -f held >never-held &&
	test "$(wc -l <never-held)" -ge 6 &&
	gcore -o "$TEST_DIR/root-core" "$DAEMON_PID" >gcore.out 2>&1 &&
	test -s "$TEST_DIR/root-core.$DAEMON_PID" &&
	count_in "$TEST_DIR/root-core.$DAEMON_PID" never-held >never-hits &&
	count_in "$TEST_DIR/root-core.$DAEMON_PID" held >held-hits &&
	rm -f "$TEST_DIR/root-core.$DAEMON_PID" &&
	sed "s/^/# in the core, never held: /" never-hits &&
	sed "s/^/# in the core, the session itself: /" held-hits &&
	test -z "$(awk "\$1 > 0" never-hits)"
'

# as_user CMD...: CMD as this uid without CAP_SYS_PTRACE and
# CAP_SYS_RESOURCE, as a user other than root runs (ptrace also asks that
# the tracer's capabilities cover the tracee's: everything here drops
# the same two).  It execs: in the background (as_user CMD) &, and $! is
# CMD itself; in the foreground run_as_user CMD.
as_user () {
	exec capsh --drop=cap_sys_ptrace,cap_sys_resource -- -c 'exec "$@"' \
	    as_user "$@"
}
run_as_user () {
	(as_user "$@")
}

test_expect_success 'the same user: no core of kabinetd by gcore, no core limit raised' '
	command -v gcore >/dev/null && command -v capsh >/dev/null || {
		echo "# no gcore or capsh (packages gdb, libcap2-bin)"
		return 1
	}
	kb_stop_daemon || return 1
	(as_user "$B/kabinetd" -f -v </dev/null >>"$DAEMON_LOG" 2>&1) &
	DAEMON_PID=$!
	kb__track $DAEMON_PID &&
	kb_retry 10 "kb_call daemon.ping >/dev/null 2>&1" || return 1
	(as_user sleep 300) &
	CTL=$!
	kb__track $CTL &&
	kb_retry 10 "grep -qx sleep /proc/$CTL/comm" &&
	run_as_user gcore -o "$TEST_DIR/user-core" $CTL >ctl.out 2>&1 &&
	test -s "$TEST_DIR/user-core.$CTL" &&
	rm -f "$TEST_DIR/user-core.$CTL" &&
	kill $CTL &&
	test_must_fail run_as_user gcore -o "$TEST_DIR/user-core" $DAEMON_PID \
	    >user.out 2>&1 &&
	grep "ptrace" user.out &&
	test ! -e "$TEST_DIR/user-core.$DAEMON_PID" &&
	grep -Eq "^Max core file size +0 +0 " "/proc/$DAEMON_PID/limits" &&
	test_must_fail run_as_user prlimit --pid $DAEMON_PID \
	    --core=unlimited:unlimited &&
	grep -Eq "^Max core file size +0 +0 " "/proc/$DAEMON_PID/limits"
'

# crash SIGNAL: kabinetd killed by SIGNAL in a directory of its own (its
# working directory: a core_pattern without a path writes there).
# crash_dir SIGNAL[-NAME]: an empty directory where a dumpable shell
# killed by SIGNAL wrote a core (where core_pattern puts it there).
crash_dir () {
	rm -rf "$TEST_DIR/crash-$1" && mkdir "$TEST_DIR/crash-$1" &&
	(cd "$TEST_DIR/crash-$1" && sh -c "kill -${1%%-*} \$\$"); :
	case $CORE_PATTERN in
	/*|"|"*) echo "# core_pattern $CORE_PATTERN: a core goes elsewhere" ;;
	*)	ls "$TEST_DIR/crash-$1" | grep -q core || {
			echo "a dumpable shell wrote no core on $1" >&2
			return 1
		}
		rm -f "$TEST_DIR/crash-$1"/* ;;
	esac
}

crash () {
	crash_dir "$1" || return 1
	cd "$TEST_DIR/crash-$1" && kb_start_daemon
	cr_st=$?
	cd "$TEST_DIR" && test $cr_st = 0 || return 1
	test "$(readlink "/proc/$DAEMON_PID/cwd")" = "$TEST_DIR/crash-$1" &&
	kb_call session.status >crash.json &&
	jq -e ".state == \"signed_in\"" crash.json >/dev/null &&
	kill -"$1" "$DAEMON_PID" &&
	kb__wait_pid "$DAEMON_PID" 10 &&
	kb__untrack "$DAEMON_PID" &&
	DAEMON_PID= &&
	echo "# kabinetd killed by SIG$1: exit $KB_EXIT" &&
	test "$KB_EXIT" = $((128 + $(kill -l "$1"))) &&
	ls -la "$TEST_DIR/crash-$1" &&
	test -z "$(ls "$TEST_DIR/crash-$1")" &&
	test -z "$(find "$TEST_DIR" -name "core*" -newer crash.json)"
}

test_expect_success 'SIGSEGV: kabinetd writes no core (ulimit -c unlimited)' '
	kb_stop_daemon &&
	crash SEGV
'

test_expect_success 'SIGABRT: kabinetd writes no core' '
	crash ABRT
'

test_expect_success 'the TUI, which reads the password and the codes: no core' '
	kb_start_daemon &&
	crash_dir SEGV-tui &&
	cd "$TEST_DIR/crash-SEGV-tui" &&
	kb_tmux_start 80 24 "$B/kabinet" --no-start-daemon
	cr_st=$?
	cd "$TEST_DIR" && test $cr_st = 0 &&
	kb_tmux_wait_for "daemon: connected" &&
	TUI_PID=$(kb_tmux_pid) &&
	test "$(readlink "/proc/$TUI_PID/cwd")" = "$TEST_DIR/crash-SEGV-tui" &&
	grep -Eq "^Max core file size +0 +0 " "/proc/$TUI_PID/limits" &&
	: >crash.json &&
	kill -SEGV "$TUI_PID" &&
	kb_retry 10 "test \"\$(kb__tmux display-message -p -t kb \"#{pane_dead}\")\" = 1" &&
	test -z "$(ls "$TEST_DIR/crash-SEGV-tui")" &&
	test -z "$(find "$TEST_DIR" -name "core*" -newer crash.json)"
'

test_done
