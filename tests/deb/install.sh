#!/bin/sh
# install.sh — the Debian packages, as an administrator gets them: built
# with dpkg-buildpackage from this tree, lintian-clean, Depends from the
# shared libraries, installed with apt into a fresh Debian 12 root
# (debootstrap) with their dependencies; there a user's own systemd
# starts kabinetd through the socket the package enabled for every user,
# a user without systemd gets kabinetd started by kabinet, and both reach
# the lender that /etc/kabinet/kabinetd.conf names for all of them.
#
# Run by tests/deb/run.sh (make check-deb) inside a private mount
# namespace, as root.  KB_DEB_DIR is where the packages and the root go.
# KB_DEB_MIRROR: the Debian mirror (default: the one apt uses here).
# KB_DEB_BASE: a pristine debootstrap root to copy instead of running
# debootstrap (for working on this script; CI always makes a new one).
. "$(dirname "$0")/../integration/lib.sh"

for t in dpkg-buildpackage dh lintian debootstrap unshare chroot; do
	command -v "$t" >/dev/null 2>&1 ||
		kb_skip_all "$t is not installed (sh tools/deps.sh deb)"
done

: "${KB_DEB_DIR:?set by tests/deb/run.sh}"
ROOT=$KB_DEB_DIR/root
VERSION=$(make -s --no-print-directory -C "$SRC" print-version)
SUITE=bookworm

# The mirror apt uses on this machine.
mirror () {
	if [ -n "${KB_DEB_MIRROR:-}" ]; then
		echo "$KB_DEB_MIRROR"
		return
	fi
	sed -n 's|^URIs: *\([^ ]*/debian\)/*$|\1|p' \
	    /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1 | grep . ||
	    sed -n 's|^deb  *\([^ ]*/debian\)/* .*|\1|p' \
	    /etc/apt/sources.list 2>/dev/null | head -n 1 | grep . ||
	    echo http://deb.debian.org/debian
}

# in_root CMD...: run in the root, with a plain environment.
in_root () {
	chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	    LANG=C.UTF-8 HOME=/root "$@"
}

# as_user USER CMD...: run in the root as USER, with its runtime dir.
as_user () {
	kb__u=$1
	shift
	in_root runuser -u "$kb__u" -- env HOME="/home/$kb__u" \
	    XDG_RUNTIME_DIR="/run/user/$(in_root id -u "$kb__u")" "$@"
}

# Every process whose root is $ROOT: stopped when the script ends, so the
# namespace (and its mounts) goes with it.
root_pids () {
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] &&
		    echo "${p#/proc/}"
	done
}
stop_root () {
	pids=$(root_pids)
	[ -n "$pids" ] && kill -TERM $pids 2>/dev/null
	i=0
	while [ -n "$(root_pids)" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	pids=$(root_pids)
	[ -n "$pids" ] && kill -KILL $pids 2>/dev/null
	sleep 0.2
	# The cgroup2 hierarchy is the machine's own: remove ours first.
	if [ -n "${CG:-}" ] && [ -d "$CG" ]; then
		find "$CG" -depth -type d -exec rmdir {} \; 2>/dev/null
	fi
	umount -R "$ROOT/sys/fs/cgroup" "$ROOT/proc" "$ROOT/run" 2>/dev/null
	return 0
}
kb_cleanup_add 'stop_root'

test_expect_success 'dpkg-buildpackage builds kabinet and kabinet-sandbox' '
	mkdir -p "$KB_DEB_DIR/src/kabinet-$VERSION" &&
	if git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
		(cd "$SRC" && git ls-files -co --exclude-standard -z |
		    xargs -0 tar cf -)
	else
		(cd "$SRC" && tar cf - --exclude=./build --exclude="./build-*" .)
	fi | tar xf - -C "$KB_DEB_DIR/src/kabinet-$VERSION" &&
	(cd "$KB_DEB_DIR/src/kabinet-$VERSION" &&
	    dpkg-buildpackage -us -uc -b) >"$KB_DEB_DIR/build.log" 2>&1 || {
		tail -n 40 "$KB_DEB_DIR/build.log"
		false
	} &&
	DEB=$KB_DEB_DIR/src/kabinet_${VERSION}-1_$(dpkg --print-architecture).deb &&
	DEB_SB=$KB_DEB_DIR/src/kabinet-sandbox_${VERSION}-1_$(dpkg --print-architecture).deb &&
	test -f "$DEB" && test -f "$DEB_SB"
'

test_expect_success 'lintian: no errors and no warnings' '
	lintian --fail-on error,warning --display-level ">=warning" \
	    "$KB_DEB_DIR"/src/kabinet_*.changes >lintian.out 2>&1 ||
	    { cat lintian.out; false; } &&
	cat lintian.out &&
	! grep "^[EW]:" lintian.out
'

test_expect_success 'Depends are the shared libraries the programs use' '
	dpkg-deb -f "$DEB" Depends >dep &&
	for l in libc6 libcurl4 libglib2.0-0 libjansson4 libncursesw6 \
	    libqrencode4 libsecret-1-0; do
		grep -q "\(^\|, \)$l \|\(^\|, \)$l\(,\|$\)" dep ||
		    { echo "kabinet does not depend on $l: $(cat dep)"; return 1; }
	done &&
	dpkg-deb -f "$DEB_SB" Depends >dep &&
	for l in libmicrohttpd12 libsqlite3-0 libgnutls30 libjansson4; do
		grep -q "$l" dep ||
		    { echo "kabinet-sandbox lacks $l: $(cat dep)"; return 1; }
	done
'

test_expect_success 'the packages hold what they should' '
	dpkg-deb -c "$DEB" | awk "{ print \$6 }" >files &&
	for f in ./usr/bin/kabinet ./usr/bin/kabinetd \
	    ./usr/lib/systemd/user/kabinetd.socket \
	    ./usr/lib/systemd/user/kabinetd.service \
	    ./usr/share/bash-completion/completions/kabinet \
	    ./usr/share/zsh/vendor-completions/_kabinet \
	    ./usr/share/locale/ru/LC_MESSAGES/kabinet.mo \
	    ./usr/share/man/man1/kabinet.1.gz ./usr/share/man/man8/kabinetd.8.gz \
	    ./usr/share/man/man7/kabinet-protocol.7.gz \
	    ./etc/kabinet/kabinetd.conf; do
		grep -qx "$f" files || { echo "kabinet lacks $f"; return 1; }
	done &&
	dpkg-deb -c "$DEB_SB" | awk "{ print \$6 }" >files &&
	for f in ./usr/bin/kabinet-sandbox \
	    ./usr/share/man/man1/kabinet-sandbox.1.gz \
	    ./usr/share/man/man7/kabinet-lender-api.7.gz; do
		grep -qx "$f" files || { echo "kabinet-sandbox lacks $f"; return 1; }
	done
'

test_expect_success 'a fresh Debian 12 root' '
	if [ -n "${KB_DEB_BASE:-}" ]; then
		cp -a "$KB_DEB_BASE" "$ROOT"
	else
		debootstrap --variant=minbase "$SUITE" "$ROOT" "$(mirror)" \
		    >"$KB_DEB_DIR/debootstrap.log" 2>&1 ||
		    { tail -n 30 "$KB_DEB_DIR/debootstrap.log"; false; }
	fi &&
	test -x "$ROOT/usr/bin/apt-get" &&
	! test -e "$ROOT/usr/bin/kabinet"
'

test_expect_success 'apt installs both packages and what they need' '
	mount -t proc proc "$ROOT/proc" &&
	mount -t tmpfs -o mode=755 tmpfs "$ROOT/run" &&
	cp /etc/resolv.conf "$ROOT/etc/resolv.conf" &&
	printf "%s\n" "Acquire::Check-Valid-Until \"false\";" \
	    >"$ROOT/etc/apt/apt.conf.d/99kabinet-test" &&
	printf "#!/bin/sh\nexit 101\n" >"$ROOT/usr/sbin/policy-rc.d" &&
	chmod 755 "$ROOT/usr/sbin/policy-rc.d" &&
	mkdir -p "$ROOT/tmp/debs" &&
	cp "$DEB" "$DEB_SB" "$ROOT/tmp/debs/" &&
	in_root apt-get update >apt.log 2>&1 &&
	DEBIAN_FRONTEND=noninteractive in_root apt-get install -y \
	    --no-install-recommends "/tmp/debs/${DEB##*/}" \
	    "/tmp/debs/${DEB_SB##*/}" systemd dbus-user-session \
	    bash-completion >>apt.log 2>&1 ||
	    { tail -n 30 apt.log; false; } &&
	in_root dpkg-query -W -f="\${Status}\n" kabinet kabinet-sandbox >st &&
	test "$(grep -c "install ok installed" st)" = 2
'

test_expect_success 'the package enabled kabinetd.socket for every user' '
	test -L "$ROOT/etc/systemd/user/sockets.target.wants/kabinetd.socket" &&
	test "$(readlink "$ROOT/etc/systemd/user/sockets.target.wants/kabinetd.socket")" = \
	    /usr/lib/systemd/user/kabinetd.socket &&
	grep -qx "ExecStart=/usr/bin/kabinetd -f" \
	    "$ROOT/usr/lib/systemd/user/kabinetd.service" &&
	! test -e "$ROOT/etc/systemd/user/default.target.wants/kabinetd.service"
'

test_expect_success 'bash completes kabinet from the installed file' '
	in_root bash -c ". /usr/share/bash-completion/bash_completion
	    _completion_loader kabinet; complete -p kabinet" >comp &&
	grep -q "_kabinet kabinet" comp
'

test_expect_success 'kabinet speaks Russian from the installed catalogue' '
	in_root env LANGUAGE=ru kabinet --help >ru.out &&
	grep -q "^Команды:" ru.out &&
	in_root kabinet --help >en.out &&
	grep -q "^Commands:" en.out
'

test_expect_success 'setup: the sandbox, named in /etc/kabinet/kabinetd.conf' '
	kb_certs &&
	cp "$KB_CERTS/ca.pem" "$ROOT/etc/kabinet/sandbox-ca.pem" &&
	cp "$KB_CERTS/server.pem" "$KB_CERTS/server.key" "$ROOT/tmp/" &&
	{ in_root kabinet-sandbox --listen 127.0.0.1:0 \
	    --port-file /tmp/sandbox.port --cert /tmp/server.pem \
	    --key /tmp/server.key >"$SANDBOX_LOG" 2>&1 & } &&
	kb_retry 20 "test -s \"$ROOT/tmp/sandbox.port\"" &&
	PORT=$(cat "$ROOT/tmp/sandbox.port") &&
	URL=https://127.0.0.1:$PORT &&
	cat >>"$ROOT/etc/kabinet/kabinetd.conf" <<-EOF &&
	lender_url = $URL
	ca_file = /etc/kabinet/sandbox-ca.pem
	health_interval = 1
	EOF
	in_root useradd -m borrower &&
	in_root useradd -m walkin &&
	! test -e "$ROOT/home/borrower/.config/kabinet/kabinetd.conf"
'

# The user manager, as logind would start it: systemd --user in a cgroup
# the user owns (a private cgroup2 mount in this namespace), with
# /run/systemd/system present so that it knows systemd runs the machine.
test_expect_success 'a user manager for borrower' '
	mkdir -p "$ROOT/sys/fs/cgroup" &&
	mount -t cgroup2 none "$ROOT/sys/fs/cgroup" &&
	CG=$ROOT/sys/fs/cgroup/kabinet-test-$$ &&
	mkdir "$CG" &&
	U=$(in_root id -u borrower) &&
	chown -R "$U" "$CG" &&
	mkdir -p "$ROOT/run/systemd/system" "$ROOT/run/user/$U" &&
	chown "$U" "$ROOT/run/user/$U" && chmod 700 "$ROOT/run/user/$U" &&
	{ sh -c "echo \$\$ >\"$CG/cgroup.procs\" &&
	    exec chroot \"$ROOT\" /usr/bin/env -i \
	    PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	    runuser -u borrower -- env HOME=/home/borrower \
	    XDG_RUNTIME_DIR=/run/user/$U /usr/lib/systemd/systemd --user" \
	    >usermgr.log 2>&1 & } &&
	kb_retry 30 "as_user borrower systemctl --user is-active \
	    sockets.target >/dev/null 2>&1" || { cat usermgr.log; false; }
'

test_expect_success 'its kabinetd.socket listens without any set-up' '
	as_user borrower systemctl --user is-enabled kabinetd.socket >out &&
	grep -qx enabled out &&
	as_user borrower systemctl --user is-active kabinetd.socket >out &&
	grep -qx active out &&
	test -S "$ROOT/run/user/$U/kabinet/kabinetd.sock" &&
	! as_user borrower systemctl --user is-active kabinetd.service
'

test_expect_success 'kabinet status --json: systemd started kabinetd' '
	kb_retry 30 "as_user borrower kabinet --no-start-daemon status \
	    --json >status.json 2>status.err &&
	    jq -e \".session.lender.reachable == true\" status.json \
	    >/dev/null" || { cat status.json status.err; false; } &&
	jq -e ".daemon.daemon == \"kabinetd/$VERSION\"" status.json &&
	jq -e ".session.lender.url == \"$URL\"" status.json &&
	as_user borrower systemctl --user is-active kabinetd.service >out &&
	grep -qx active out &&
	as_user borrower systemctl --user show -p MainPID --value \
	    kabinetd.service >pid &&
	test "$(stat -c %u "/proc/$(cat pid)")" = "$U"
'

test_expect_success 'a user without systemd: kabinet starts kabinetd' '
	W=$(in_root id -u walkin) &&
	mkdir -p "$ROOT/run/user/$W" &&
	chown "$W" "$ROOT/run/user/$W" && chmod 700 "$ROOT/run/user/$W" &&
	kb_retry 30 "as_user walkin kabinet status --json >walkin.json \
	    2>walkin.err && jq -e \".session.lender.reachable == true\" \
	    walkin.json >/dev/null" || { cat walkin.json walkin.err; false; } &&
	jq -e ".session.lender.url == \"$URL\"" walkin.json &&
	test -S "$ROOT/run/user/$W/kabinet/kabinetd.sock" &&
	pgrep -u "$W" -x kabinetd >/dev/null
'

test_expect_success 'purge removes the socket link and /etc/kabinet' '
	DEBIAN_FRONTEND=noninteractive in_root apt-get purge -y kabinet \
	    >>apt.log 2>&1 &&
	! test -e "$ROOT/etc/systemd/user/sockets.target.wants/kabinetd.socket" &&
	! test -e "$ROOT/etc/kabinet/kabinetd.conf" &&
	! test -e "$ROOT/usr/bin/kabinetd"
'

test_done
