#!/bin/sh
# t0740-keyring-store-cut — a write of the session to the Secret Service
# that does not complete (the daemon killed in the middle of it, or the
# keyring refusing it) must leave the session stored before it in place:
# the next daemon comes back signed in.  t0716 found it: a daemon killed
# just after a restart (which stores the restored session again) came
# back signed out, because a store deleted the item first and wrote the
# new one after.  Here the keyring's own bus refuses the write
# (CreateItem denied by the bus's policy, reloaded on SIGHUP), which
# leaves the keyring as a kill between the two steps did.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

P1=+79000000001
BUS=$TEST_DIR/bus
kb_start_sandbox

# bus_policy allow|deny: CreateItem on the private bus allowed or denied,
# then the bus reloads its configuration.
bus_policy () {
	if [ "$1" = deny ]; then
		deny='<deny send_interface="org.freedesktop.Secret.Collection" send_member="CreateItem"/>'
	else
		deny=
	fi
	cat >"$TEST_DIR/bus.conf" <<-EOF
	<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
	 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
	<busconfig>
	  <type>session</type>
	  <listen>unix:path=$BUS</listen>
	  <policy context="default">
	    <allow send_destination="*" eavesdrop="true"/>
	    <allow eavesdrop="true"/>
	    <allow own="*"/>
	    $deny
	  </policy>
	</busconfig>
	EOF
	[ -z "${BUS_PID:-}" ] || kill -HUP "$BUS_PID"
}

# store_works: 0 when a store reaches the keyring (an item of our own).
store_works () {
	printf v | secret-tool store --label=t0740 t0740 probe 2>/dev/null &&
	secret-tool clear t0740 probe
}

items () {
	secret-tool search --all lender "$SANDBOX_URL" 2>/dev/null |
	    grep -c '^\['
}

test_expect_success 'a private bus with its own unlocked gnome-keyring' '
	bus_policy allow || return 1
	dbus-daemon --config-file="$TEST_DIR/bus.conf" --nofork \
	    --nopidfile </dev/null >/dev/null 2>&1 &
	BUS_PID=$!
	kb__track $BUS_PID &&
	kb_retry 5 "test -S \"$BUS\"" &&
	DBUS_SESSION_BUS_ADDRESS=unix:path=$BUS &&
	export DBUS_SESSION_BUS_ADDRESS || return 1
	printf %s t0740-keyring | gnome-keyring-daemon --foreground \
	    --unlock --components=secrets >"$TEST_DIR/keyring.log" 2>&1 &
	RING_PID=$!
	kb__track $RING_PID &&
	kb_retry 10 "dbus-send --session --print-reply \
	    --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
	    string:org.freedesktop.secrets | grep -q \"boolean true\"" &&
	kb_retry 10 store_works
'

test_expect_success 'signed in: the session is in the keyring' '
	kb_start_daemon &&
	kb_signin $P1 Demo2026 &&
	kb_retry 10 "test \"\$(items)\" = 1" &&
	kb_call session.status >out &&
	kb_expect_json out .storage keyring
'

test_expect_success 'the store after a restart cut off: the session survives' '
	bus_policy deny &&
	kb_retry 10 "! store_works" &&
	kb_stop_daemon &&
	kb_start_daemon &&
	kb_wait_log "$DAEMON_LOG" "Secret Service store failed" &&
	kb_kill_daemon &&
	bus_policy allow &&
	kb_retry 10 store_works &&
	kb_start_daemon &&
	kb_call session.status >out &&
	kb_expect_json out .state signed_in &&
	kb_expect_json out .storage keyring
'

test_done
