#!/bin/sh
# t0060-manuals — every manual page is clean for mandoc -Tlint and for
# groff -ww -z (UTF-8 input through preconv, -k, as man(1) does; the
# terminal device, as the pages have Russian in them), renders the rouble
# sign, links only to pages that exist; and kabinet(1) lists exactly the
# commands and options `kabinet --help` does, each command with its own
# options.  The help is read by tools/completion.sh, the same reader the
# shell completion is made with, so a command added to the program shows
# up here without anyone touching this script.
. "$(dirname "$0")/lib.sh"

command -v mandoc >/dev/null 2>&1 ||
	kb_skip_all "mandoc is not installed (make deps)"

PAGES=$(ls "$SRC"/man/*.[1-9])

test_expect_success 'mandoc -Tlint finds nothing in any page' '
	for p in $PAGES; do
		mandoc -Tlint "$p" 2>&1 |
		    grep -v "outdated mandoc.db" |
		    grep -v "STYLE: referenced manual not found" || :
	done >lint &&
	cat lint && test ! -s lint
'

test_expect_success 'every page another page names exists' '
	for p in $PAGES; do
		sed -n "s/^\.Xr \(kabinet[-a-z]*\) \([1-9]\).*/\1.\2/p" "$p"
	done | sort -u >named &&
	test -s named &&
	while read -r n; do
		test -f "$SRC/man/$n" || echo "no page $n"
	done <named >nopage &&
	cat nopage && test ! -s nopage
'

test_expect_success 'groff -ww -z says nothing about any page' '
	for p in $PAGES; do
		groff -k -Tutf8 -ww -z -mandoc "$p" 2>&1
	done >groff.out &&
	cat groff.out && test ! -s groff.out
'

test_expect_success 'kabinet-sandbox(1) shows the rouble sign' '
	mandoc -Tutf8 "$SRC/man/kabinet-sandbox.1" >m.out &&
	grep -q "10 000 ₽ for 30 days" m.out &&
	groff -k -Tutf8 -mandoc "$SRC/man/kabinet-sandbox.1" |
	    sed "s/.\x08//g" | tr -s " \n" "  " | grep -q "10 000 ₽ for 30 days"
'

# The help as read by tools/completion.sh: "cmd NAME ..." and
# "opt CMD OPTION ..." lines.
test_expect_success 'the help, read' '
	LC_ALL=C LANGUAGE= "$B/kabinet" --help >help &&
	sh "$SRC/tools/completion.sh" model <help >model &&
	awk "\$1 == \"cmd\" { print \$2 }" model | sort -u >help.cmds &&
	awk "\$1 == \"opt\" { print \$3 }" model | sort -u >help.opts &&
	grep -qx status help.cmds && grep -qx -- --json help.opts &&
	grep -qx -- -S help.opts &&
	# Nothing that looks like an option escaped the reader.
	grep -o -- "[[ ,(]--*[A-Za-z][-A-Za-z]*" help | sed "s/^.//" |
	    sort -u >help.grep &&
	comm -23 help.grep help.opts >missed &&
	cat missed && test ! -s missed
'

# man_read FILE: from kabinet(1), "cmd NAME" for each command and
# "opt CMD OPTION" for each option (CMD "-" before the command) in the
# SYNOPSIS, and "doc OPTION" / "doc-cmd NAME" for each one an .It entry
# (an Xo ... Xc head included) of the DESCRIPTION describes.
man_read () {
	awk '
	function args(line, where,    n, t, i, m, flag) {
		n = split(line, t, " ")
		m = ""
		for (i = 1; i <= n; i++) {
			if (t[i] ~ /^\./)
				t[i] = substr(t[i], 2)
			if (t[i] ~ /^[A-Z][a-z][a-z]?$/) {
				m = t[i]
				continue
			}
			if (m == "Fl" && t[i] != "|" && t[i] != ",") {
				flag = "-" t[i]
				gsub(/\\-/, "-", flag)
				gsub(/\\&/, "", flag)
				if (where == "syn")
					print "opt", cmd, flag
				else
					print "doc", flag
			}
			if (m == "Cm" && where == "syn" && cmd == "-") {
				cmd = t[i]
				print "cmd", cmd
			} else if (m == "Cm" && where == "doc" && first) {
				print "doc-cmd", t[i]
			}
			if (m == "Cm")
				first = 0
		}
	}
	/^\.Sh / { sec = $2; next }
	sec == "SYNOPSIS" && /^\.Nm/ { cmd = "-"; next }
	sec == "SYNOPSIS" { args($0, "syn"); next }
	/^\.It / { first = 1; args($0, "doc"); xo = /Xo/; next }
	xo && /^\.Xc/ { xo = 0; next }
	xo { args($0, "doc"); next }
	' "$1"
}

test_expect_success 'kabinet(1), read' '
	man_read "$SRC/man/kabinet.1" >man.model &&
	awk "\$1 == \"cmd\" { print \$2 }" man.model | sort -u >man.cmds &&
	awk "\$1 == \"opt\" || \$1 == \"doc\" { print \$NF }" man.model |
	    sort -u >man.opts &&
	grep -qx status man.cmds && grep -qx -- --json man.opts
'

test_expect_success 'kabinet(1) and --help list the same commands' '
	comm -3 help.cmds man.cmds >diff &&
	sed "s/^\t/  only in kabinet(1): /; t; s/^/  only in --help: /" diff &&
	test ! -s diff
'

test_expect_success 'kabinet(1) and --help list the same options' '
	comm -3 help.opts man.opts >diff &&
	sed "s/^\t/  only in kabinet(1): /; t; s/^/  only in --help: /" diff &&
	test ! -s diff
'

test_expect_success 'each command has the same options in both' '
	for c in $(cat help.cmds); do
		awk -v c="$c" "\$1 == \"opt\" && \$2 == c { print \$3 }" model |
		    sort -u >h.$c
		awk -v c="$c" "\$1 == \"opt\" && \$2 == c { print \$3 }" \
		    man.model | sort -u >m.$c
		cmp -s h.$c m.$c || echo "$c: --help: $(echo $(cat h.$c));" \
		    "kabinet(1): $(echo $(cat m.$c))"
	done >differ &&
	cat differ && test ! -s differ
'

test_expect_success 'every command and option has its entry in kabinet(1)' '
	awk "\$1 == \"doc-cmd\" { print \$2 }" man.model | sort -u >doc.cmds &&
	awk "\$1 == \"doc\" { print \$2 }" man.model | sort -u >doc.opts &&
	comm -23 help.cmds doc.cmds >undoc &&
	comm -23 help.opts doc.opts >>undoc &&
	sed "s/^/  not described: /" undoc && test ! -s undoc
'

# opts: the options in the text on stdin, one a line; "-fv" is -f and -v.
opts () {
	grep -o -- "\(^\|[[ ,(|]\)--*[A-Za-z][-A-Za-z]*" | sed "s/^[[ ,(|]//" |
	    awk "/^--/ { print; next }
		{ for (i = 2; i <= length(\$0); i++)
			print \"-\" substr(\$0, i, 1) }" | sort -u
}

test_expect_success 'kabinetd(8) and kabinet-sandbox(1) describe every option' '
	for p in kabinetd:8 kabinet-sandbox:1; do
		n=${p%:*}
		"$B/$n" --help 2>&1 | opts >h.$n
		grep -o "Fl [^ ]*" "$SRC/man/$n.${p#*:}" |
		    sed "s/^Fl /-/; s/\\\\-/-/g; s/\\\\&//g" | opts >m.$n
		test -s h.$n && test -s m.$n &&
		    comm -23 h.$n m.$n | sed "s/^/  $n(${p#*:}) lacks /"
	done >lacks &&
	cat lacks && test ! -s lacks && grep -qx -- --lender h.kabinetd
'

test_done
