#!/bin/sh
# deps.sh [deb] — make sure the Debian packages kabinet builds and tests
# with are installed.  As root, installs what is missing; otherwise prints
# the exact apt-get line and fails.  Where there is no dpkg (not Debian),
# it names what to install and leaves it to the reader.
#
# With "deb", the packages that only `make check-deb` needs (building the
# .deb files, lintian, a fresh root made by debootstrap) instead: heavy,
# so `make check` never pays for them.
PKGS="make gcc pkg-config gettext openssl tmux dbus gnome-keyring
libsecret-tools libncurses-dev libcurl4-openssl-dev libjansson-dev
libsecret-1-dev libglib2.0-dev libmicrohttpd-dev libsqlite3-dev
libgnutls28-dev libcrypt-dev libqrencode-dev libcmocka-dev sqlite3
libpango1.0-dev fonts-dejavu-core poppler-utils zbar-tools
procps psmisc curl jq util-linux clang libclang-rt-14-dev gdb libcap2-bin
groff-base mandoc bash-completion zsh"
DEB_PKGS="build-essential dpkg-dev debhelper fakeroot lintian debootstrap"

[ "${1:-}" = deb ] && PKGS=$DEB_PKGS

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: no dpkg here; install your system's equivalents of:" >&2
	echo "$PKGS" | tr '\n' ' ' | sed 's/^/  /; s/ $//' >&2
	echo >&2
	exit 0
fi

missing=
for p in $PKGS; do
	s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)
	[ "$s" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null || exit 1
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing || exit 1
	exit 0
fi
echo "deps: missing Debian packages; install them with:" >&2
echo "  sudo apt-get install$missing" >&2
exit 1
