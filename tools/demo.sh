#!/bin/sh
# demo.sh BUILDDIR — `make demo`: the whole of kabinet on this machine.
# Makes test certificates, starts kabinet-sandbox (the demo lender, on
# 127.0.0.1, a free port) and a kabinetd of its own (private runtime,
# config and state dirs, so the user's real daemon and settings are never
# touched), prints where the SMS codes go, runs the TUI in the foreground
# and, when it quits, stops everything it started.
#
# The keyring is real: with no session bus (a bare SSH login, a root
# shell, CI) the demo runs inside its own dbus-run-session with a
# gnome-keyring unlocked for it (keyring files in the demo's temp dir);
# with a session bus, the user's own Secret Service is used (the demo
# session is stored under the sandbox's URL and removed at sign-out).
set -u

if [ "${1:-}" = --in-session ]; then
	in_session=1
	shift
	exec 2>&3 3>&-
else
	in_session=0
fi
B=${1:-build}
case $B in
/*) ;;
*) B=$(pwd)/$B ;;
esac
cd "$(dirname "$0")/.." || exit 1
SRC=$(pwd)

for p in kabinet kabinetd kabinet-sandbox; do
	if [ ! -x "$B/$p" ]; then
		echo "demo: $B/$p is missing; build it first (make)" >&2
		exit 1
	fi
done

# The session bus, if any, before XDG_RUNTIME_DIR is made private: GLib
# finds it through $XDG_RUNTIME_DIR/bus when DBUS_SESSION_BUS_ADDRESS is
# unset.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] &&
    [ -n "${XDG_RUNTIME_DIR:-}" ] && [ -S "$XDG_RUNTIME_DIR/bus" ]; then
	DBUS_SESSION_BUS_ADDRESS=unix:path=$XDG_RUNTIME_DIR/bus
	export DBUS_SESSION_BUS_ADDRESS
fi
if [ $in_session = 0 ] && [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
	if command -v dbus-run-session >/dev/null 2>&1 &&
	    command -v gnome-keyring-daemon >/dev/null 2>&1; then
		# dbus-daemon's chatter (activation notes, as root "Failed
		# to set fd limit") must not land on the terminal; fd 3
		# carries the real stderr through to the demo.
		exec dbus-run-session -- sh "$0" --in-session "$B" \
		    3>&2 2>/dev/null
	fi
	echo "demo: no session bus and no dbus-run-session/gnome-keyring:" \
	    "the session will be kept in memory only"
fi

DEMO_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kabinet-demo.XXXXXX") || exit 1
pids=

cleanup () {
	trap - EXIT INT TERM HUP
	for p in $pids; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in $pids; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 30 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -KILL "$p" 2>/dev/null
	done
	if [ "${KB_KEEP:-0}" = 1 ]; then
		echo "demo: kept $DEMO_DIR"
	else
		rm -rf "$DEMO_DIR"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

if [ $in_session = 1 ]; then
	# Keyring files in the demo dir; a non-empty password creates the
	# login collection unlocked and default, without any prompt.  Wait
	# until it owns org.freedesktop.secrets, so that kabinetd's first call
	# does not make D-Bus activate a second, locked keyring.
	# Its own HOME and runtime dir too: a root shell or a bare SSH login
	# may have no usable ones.
	mkdir -p "$DEMO_DIR/keyring/run"
	chmod 700 "$DEMO_DIR/keyring/run"
	printf '%s' kabinet-demo | HOME=$DEMO_DIR/keyring \
	    XDG_DATA_HOME=$DEMO_DIR/keyring/data \
	    XDG_RUNTIME_DIR=$DEMO_DIR/keyring/run \
	    gnome-keyring-daemon --foreground --unlock --components=secrets \
	    >"$DEMO_DIR/gnome-keyring.log" 2>&1 &
	pids="$pids $!"
	i=0
	while [ $i -lt 100 ] && ! dbus-send --session --print-reply \
	    --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
	    string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
	do
		sleep 0.1
		i=$((i + 1))
	done
fi

# Private dirs for kabinetd and the TUI.
XDG_RUNTIME_DIR=$DEMO_DIR/run
XDG_CONFIG_HOME=$DEMO_DIR/config
XDG_STATE_HOME=$DEMO_DIR/state
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME/kabinet" "$XDG_STATE_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
KABINET_SOCKET=$XDG_RUNTIME_DIR/kabinet/kabinetd.sock
export XDG_RUNTIME_DIR XDG_CONFIG_HOME XDG_STATE_HOME KABINET_SOCKET
KABINET_LOCALEDIR=$B/locale
export KABINET_LOCALEDIR

echo "demo: making certificates"
if ! sh "$SRC/tools/mkcerts.sh" "$DEMO_DIR/certs" >"$DEMO_DIR/mkcerts.log" \
    2>&1; then
	cat "$DEMO_DIR/mkcerts.log" >&2
	exit 1
fi
key=$DEMO_DIR/certs/server.key
[ -f "$key" ] || key=$DEMO_DIR/certs/server-key.pem
SMS=$DEMO_DIR/sms.jsonl
: >"$SMS"

echo "demo: starting the sandbox lender"
"$B/kabinet-sandbox" --listen 127.0.0.1:0 --port-file "$DEMO_DIR/port" \
    --cert "$DEMO_DIR/certs/server.pem" --key "$key" --db :memory: \
    --sms-outbox "$SMS" --review-delay "${KB_DEMO_REVIEW_DELAY:-5}" \
    -v </dev/null >"$DEMO_DIR/sandbox.log" 2>&1 &
pids="$pids $!"
sandbox_pid=$!
i=0
URL=
while [ $i -lt 100 ]; do
	if ! kill -0 "$sandbox_pid" 2>/dev/null; then
		echo "demo: kabinet-sandbox exited:" >&2
		tail -n 20 "$DEMO_DIR/sandbox.log" >&2
		exit 1
	fi
	if [ -s "$DEMO_DIR/port" ]; then
		URL=https://127.0.0.1:$(cat "$DEMO_DIR/port")
		curl -fsS --max-time 2 --cacert "$DEMO_DIR/certs/ca.pem" \
		    "$URL/v1/health" >/dev/null 2>&1 && break
	fi
	sleep 0.1
	i=$((i + 1))
done
if [ $i -ge 100 ]; then
	echo "demo: the sandbox did not answer in 10 s" >&2
	exit 1
fi

cat >"$XDG_CONFIG_HOME/kabinet/kabinetd.conf" <<EOF
# written by tools/demo.sh
lender_url = $URL
ca_file = $DEMO_DIR/certs/ca.pem
health_interval = 5
EOF

echo "demo: starting kabinetd"
"$B/kabinetd" -f -v </dev/null >"$DEMO_DIR/kabinetd.log" 2>&1 &
pids="$pids $!"
daemon_pid=$!
i=0
while [ $i -lt 100 ]; do
	if ! kill -0 "$daemon_pid" 2>/dev/null; then
		echo "demo: kabinetd exited:" >&2
		tail -n 20 "$DEMO_DIR/kabinetd.log" >&2
		exit 1
	fi
	[ -S "$KABINET_SOCKET" ] && break
	sleep 0.1
	i=$((i + 1))
done

cat <<EOF

  kabinet demo — lender: $URL (kabinet-sandbox)

  Sign in as the demo borrower:
      phone     +7 900 000-00-01
      password  Demo2026
  (a second one, with an active loan to repay: +7 900 000-00-02 / Second2026)
  Operator desk (kabinet --operator, or o on the start screen):
      op.petrov / Operator2026, TOTP secret JBSWY3DPEHPK3PXP
      ($B/tests/tools/totp JBSWY3DPEHPK3PXP prints the code)
  A loan application is reviewed in about ${KB_DEMO_REVIEW_DELAY:-5} s a step;
  the dashboard follows it by itself.

  The sandbox does not send real SMS: each code is appended to
      $SMS
  Read the latest code from another terminal with:
      tail -n 1 $SMS | jq -r .code

  Logs: $DEMO_DIR/kabinetd.log, $DEMO_DIR/sandbox.log
  Everything stops when you quit kabinet.

EOF
if [ -t 0 ] && [ "${KB_DEMO_NO_PAUSE:-0}" != 1 ]; then
	printf '  Press Enter to start kabinet... '
	read -r _
fi

"$B/kabinet" --no-start-daemon
st=$?
echo "demo: kabinet exited ($st); stopping the sandbox and kabinetd"
exit $st
