#!/bin/sh
# run.sh BUILDDIR — `make check-deb`: builds the Debian packages from this
# tree and installs them into a fresh Debian 12 root (tests/deb/install.sh),
# in a private mount namespace, so that every mount the test makes (proc,
# cgroup2, /run) goes away with it, whatever happens.  The root lives in
# BUILDDIR/deb and is removed afterwards (KB_KEEP=1 keeps it), never
# across a mount point.  The last line is the summary CI reads.
set -u

B=${1:-build}
case $B in
/*) ;;
*) B=$(pwd)/$B ;;
esac
cd "$(dirname "$0")/../.." || exit 1
export B

if [ "$(id -u)" != 0 ]; then
	echo "check-deb: needs root (debootstrap, chroot, mounts)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

KB_DEB_DIR=$B/deb
export KB_DEB_DIR
rm -rf --one-file-system "$KB_DEB_DIR"
mkdir -p "$KB_DEB_DIR" || exit 1
log=$KB_DEB_DIR/install.log

start=$(date +%s)
timeout -k 10 2400 unshare --mount --propagation private \
    bash tests/deb/install.sh >"$log" 2>&1 </dev/null
st=$?
secs=$(( $(date +%s) - start ))
sum=$(sed -n 's/^# install.sh: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' \
    "$log" | tail -n 1)
[ -n "$sum" ] || sum="0 1"
[ $st != 0 ] && [ "${sum#* }" = 0 ] && sum="${sum% *} 1"
if [ "${sum#* }" = 0 ] && [ "${KB_VERBOSE:-0}" != 1 ]; then
	grep '^ok\|^# SKIP' "$log" | sed 's/^/  /'
else
	sed 's/^/  | /' "$log" | tail -n 300
fi
echo "  (${secs}s; log: $log)"

if [ "${KB_KEEP:-0}" != 1 ]; then
	rm -rf --one-file-system "$KB_DEB_DIR/root"
fi
echo "${sum% *} passed, ${sum#* } failed"
[ "${sum#* }" = 0 ]
