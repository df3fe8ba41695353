#!/bin/sh
# t0010-build — the build as someone who clones it meets it: the README's
# `make check` makes sure of the packages first, as a step of its own;
# tools/deps.sh without dpkg says what to install and lets the build go on
# (so make check runs where there is no dpkg); the version is written once, in the Makefile,
# and every program reports that one; and no comment in the sources tags
# what it says with a tracker's "issue N".
. "$(dirname "$0")/lib.sh"

test_expect_success 'make check sees to the packages first, then tests' '
	make -n -C "$SRC" BUILDDIR="$B" check >plan &&
	grep -n "tools/deps.sh\|tests/run.sh" plan >steps &&
	head -n 1 steps | grep -q "tools/deps.sh" &&
	tail -n 1 steps | grep -q "tests/run.sh"
'

test_expect_success 'tools/deps.sh where there is no dpkg' '
	mkdir bin &&
	for t in sh awk sed tr; do
		ln -s "$(command -v $t)" bin/$t || return 1
	done &&
	PATH=$TEST_DIR/bin sh "$SRC/tools/deps.sh" >out 2>err &&
	grep -q "no dpkg" err &&
	grep -q "libjansson-dev" err &&
	PATH=$TEST_DIR/bin sh "$SRC/tools/deps.sh" deb >out 2>err &&
	grep -q "debootstrap" err
'

test_expect_success 'one version, the Makefile'"'"'s, in every program' '
	v=$(make -s --no-print-directory -C "$SRC" print-version) &&
	test -n "$v" &&
	test "$("$B/kabinet" --version)" = "kabinet $v" &&
	"$B/kabinetd" --version | grep -qx "kabinetd $v (protocol [0-9]*)" &&
	test "$("$B/kabinet-sandbox" --version)" = "kabinet-sandbox $v" &&
	sed -n "1s/^kabinet (\([^-]*\)-.*/\1/p" "$SRC/debian/changelog" >deb &&
	test "$(cat deb)" = "$v" &&
	! grep -rn "define[ 	]*KB_VERSION" "$SRC/include" "$SRC/lib" \
	    "$SRC/daemon" "$SRC/tui" "$SRC/sandbox"
'

test_expect_success 'no "issue N" tags in comments' '
	(cd "$SRC" && git ls-files -co --exclude-standard 2>/dev/null ||
	    find . -path ./build -prune -o -type f -print) |
	    grep -v "^po/\|^debian/changelog$" >files &&
	(cd "$SRC" && xargs grep -nIiE "[^a-z]issues? #?[0-9]+" <"$TEST_DIR/files") \
	    >tags || : &&
	cat tags && test ! -s tags
'

test_done
