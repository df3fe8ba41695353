#!/bin/sh
# t0730 — the daemon's files are layers (the list at the top of
# daemon/kabinetd.h): every call one object makes into another, and every
# per-file header a source includes, goes to a lower layer, so the lender's
# transport knows nothing of the session or the method table above it.
. "$(dirname "$0")/lib.sh"

# layers HEADER: "file layer" lines from the list in HEADER.
layers () {
	awk '/^ \*[ \t]*layer [0-9]+ [^:]*:/ {
		n = $3; sub(/^[^:]*:/, "");
		for (i = 1; i <= NF; i++) print $i, n
	}' "$1"
}

# check_layers LAYERS: prints each upward call and include; fails on any.
# Files the list does not name sit just under methods.c (and may call each
# other): they are said, not refused.
check_layers () {
	for o in "$B"/daemon/*.o; do
		f=$(basename "$o" .o)
		nm -g --defined-only "$o" |
			awk -v f="$f" '$2 ~ /^[TDBR]$/ { print "def", $3, f }'
		nm -u "$o" | awk -v f="$f" '{ print "use", $2, f }'
	done >symbols &&
	for c in "$SRC"/daemon/*.c; do
		f=$(basename "$c" .c)
		sed -n 's/^#include "\([a-z_]*\)\.h"$/\1/p' "$c" |
			awk -v f="$f" '{ print "inc", $1, f }'
	done >>symbols &&
	awk '
	FILENAME == ARGV[1] { layer[$1] = $2; next }
	$1 == "def" { owner[$2] = $3; files[$3] = 1; next }
	$1 == "use" { use[++n] = $2 " " $3; next }
	$1 == "inc" && $2 != "kabinetd" { inc[++m] = $2 " " $3 }
	function rank(f) {
		if (f in layer) return 2 * layer[f]
		return 2 * layer["methods"] - 1
	}
	function refuse(what, from, to) {
		if (!(from in layer) && !(to in layer)) return
		printf "%s: %s (layer %s) reaches %s (layer %s)\n", what,
		    from, rank(from) / 2, to, rank(to) / 2
		bad++
	}
	END {
		for (f in files)
			if (!(f in layer))
				printf "note: %s is not in the layer list\n", f
		for (i = 1; i <= n; i++) {
			split(use[i], u, " ")
			if (!(u[1] in owner) || owner[u[1]] == u[2]) continue
			if (rank(owner[u[1]]) >= rank(u[2]))
				refuse("call " u[1] "()", u[2], owner[u[1]])
		}
		for (i = 1; i <= m; i++) {
			split(inc[i], u, " ")
			if (u[1] != u[2] && (u[1] in files) &&
			    rank(u[1]) > rank(u[2]))
				refuse("include " u[1] ".h", u[2], u[1])
		}
		exit (bad > 0)
	}' "$1" symbols
}

test_expect_success 'the list names every layer of the daemon' '
	layers "$SRC/daemon/kabinetd.h" >layers &&
	cat layers &&
	for f in lender secret socket call health session challenge auth \
	    methods kabinetd; do
		grep -q "^$f " layers || return 1
	done
'

test_expect_success 'no file calls or includes a file of its layer or above' '
	check_layers layers >out;
	rc=$?;
	cat out;
	test $rc = 0
'

test_expect_success 'the check fails on an upward call (lender put above health)' '
	sed "s/^lender 2$/lender 5/" layers >swapped &&
	! check_layers swapped >out &&
	cat out &&
	grep -q "call lender_request(): health (layer 4) reaches lender (layer 5)" out
'

test_done
