#!/bin/sh
# t0105-sandbox-files — the sandbox's database on disk is private: under
# umask 022 the database, its -wal and -shm are 0600 (an older 0644 one
# is tightened), and the operators' TOTP secrets are sealed with a key
# kept in its own 0600 file, never in clear next to the password hashes;
# TOTP sign-in still works, also on a database an older sandbox wrote.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-http.sh"

OP_SECRET=JBSWY3DPEHPK3PXP
DB=$TEST_DIR/lender.db

# mode FILE: its permission bits in octal.
mode () {
	stat -c %a "$1"
}

# op_signin: the TOTP step of an operator's sign-in succeeds.
op_signin () {
	expect 202 POST /v1/operator/login \
	    "{\"login\":\"op.petrov\",\"password\":\"Operator2026\"}" &&
	CH=$(body .challenge.id) &&
	CODE=$(sh "$SRC/tests/tools/op-totp.sh" "$OP_SECRET") &&
	expect 200 POST "/v1/challenges/$CH/verify" "{\"code\":\"$CODE\"}" &&
	test -n "$(body .access_token)"
}

test_expect_success 'under umask 022 the database, -wal and -shm are 0600' '
	umask 022 &&
	kb_start_sandbox --db "$DB" &&
	expect 401 POST /v1/auth/login \
	    "{\"phone\":\"+79000000001\",\"password\":\"wrong-pass1\",\"device_id\":\"t0105\"}" &&
	test -e "$DB-wal" && test -e "$DB-shm" &&
	test "$(mode "$DB")" = 600 &&
	test "$(mode "$DB-wal")" = 600 &&
	test "$(mode "$DB-shm")" = 600 &&
	test "$(mode "$DB.key")" = 600
'

test_expect_success 'no TOTP secret in clear in the database; sign-in with TOTP works' '
	op_signin &&
	kb_stop_sandbox &&
	! grep -aq "$OP_SECRET" "$DB" "$DB-wal" &&
	sqlite3 "$DB" "SELECT totp_secret FROM operators" >secrets &&
	test "$(grep -c "^s1:" secrets)" = 2
'

test_expect_success 'an older database is tightened and its secrets sealed' '
	sqlite3 "$DB" "UPDATE operators SET totp_secret = '"'"'$OP_SECRET'"'"', last_totp_step = 0 WHERE login = '"'"'op.petrov'"'"'" &&
	chmod 644 "$DB" &&
	kb_start_sandbox --db "$DB" &&
	test "$(mode "$DB")" = 600 &&
	op_signin &&
	kb_stop_sandbox &&
	! sqlite3 "$DB" "SELECT totp_secret FROM operators" | grep -q "$OP_SECRET"
'

test_expect_success 'stopping never runs the reviewer on a closed database' '
	! grep "fatal" "$SANDBOX_LOG"
'

test_done
