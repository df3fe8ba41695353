#!/bin/sh
# completion.sh bash|zsh|model <HELP — shell completion for kabinet(1),
# made from `kabinet --help` (in the C locale) on standard input, so that
# it lists exactly the commands and options the program says it has.
# The Makefile runs it on every build; tests/integration/t0060-manuals.sh
# checks the result against the help and the manual.
#
# The help is read as:
#   usage lines   "usage: kabinet [-S path] [--flag] COMMAND [--opt ARG]...",
#                 continued on lines that start with blanks and "[" or "(":
#                 options before the command are global, after it the
#                 command's; "[-x word]" takes a value, "(--a | B)" is a
#                 choice; a bare lower-case word is the command;
#   option lines  "  -S, --socket PATH  text" (global; an upper-case word
#                 after the option is its value);
#   "Commands:"   then "  name [options]  text" lines.
# "model" prints what was read, one line each:
#   cmd NAME TEXT
#   sub CMD WORD                  (a word after CMD: "cards add", "[list |
#                                 on ID]"; every command after "COMMAND")
#   opt CMD OPTION VALUE TEXT     (CMD "-" for global, VALUE "-" for none)
set -eu

mode=${1:-}
case $mode in
bash|zsh|model) ;;
*)
	echo "usage: completion.sh bash|zsh|model <help" >&2
	exit 2
	;;
esac

model=$(awk '
function opt(cmd, name, val, text,    k) {
	k = cmd SUBSEP name
	if (k in seen) {
		if (val != "-")
			vals[k] = val
		if (text != "" && texts[k] == "")
			texts[k] = text
		return
	}
	seen[k] = 1
	order[++n] = k
	vals[k] = val
	texts[k] = text
}
# A word that may follow the command: "cards add", "[list | on ID]".
function subcmd(cmd, name,    k) {
	k = cmd SUBSEP name
	if (!(k in subseen)) {
		subseen[k] = 1
		sorder[++ns] = k
	}
}
function cmdname(name, text) {
	if (!(name in cmds)) {
		cmds[name] = text
		corder[++nc] = name
	} else if (text != "")
		cmds[name] = text
}
# One usage line (from "kabinet" on, or a continuation): [..] groups are
# options (a second word is the value), (..|..) choices, a bare
# lower-case word the command.
function usage(s,    i, c, grp, depth, w, parts, np, j, toks, nt, v) {
	s = s " "
	grp = ""
	depth = 0
	w = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "[" || c == "(") {
			if (depth == 0)
				grp = ""
			else
				grp = grp " "
			depth++
			continue
		}
		if (c == "]" || c == ")") {
			depth--
			if (depth == 0) {
				np = split(grp, parts, "|")
				for (j = 1; j <= np; j++) {
					nt = split(parts[j], toks, " ")
					if (nt >= 1 && ucmd != "-" &&
					    toks[1] ~ /^[a-z][a-z0-9-]*$/)
						subcmd(ucmd, toks[1])
					if (nt >= 1 && toks[1] == "COMMAND")
						wantcmd[ucmd] = 1
					if (nt < 1 || toks[1] !~ /^-/)
						continue
					v = "-"
					if (nt >= 2 && toks[2] !~ /^[-[(]/)
						v = toks[2]
					opt(ucmd, toks[1], v, "")
				}
			} else
				grp = grp " "
			continue
		}
		if (depth > 0) {
			grp = grp c
			continue
		}
		if (c == " ") {
			if (w ~ /^[a-z][a-z0-9-]*$/ && w != "kabinet" &&
			    ucmd == "-") {
				ucmd = w
				cmdname(w, "")
			} else if (w ~ /^[a-z][a-z0-9-]*$/ && w != "kabinet")
				subcmd(ucmd, w)
			else if (w == "COMMAND")
				wantcmd[ucmd] = 1
			else if (w ~ /^-/)
				opt(ucmd, w, "-", "")
			w = ""
		} else
			w = w c
	}
}
BEGIN { part = "usage"; ucmd = "-" }
/^usage: / {
	sub(/^usage: +/, "")
	ucmd = "-"
	usage($0)
	next
}
part == "usage" && /^ +kabinet / {
	sub(/^ +/, "")
	ucmd = "-"
	usage($0)
	next
}
part == "usage" && /^ +[[(]/ {
	usage($0)
	next
}
part == "usage" && /^$/ { part = "options"; next }
/^Commands:/ { part = "commands"; next }
part == "options" && /^ +-/ {
	# "  -S, --socket PATH  text" / "      --operator  text"
	line = $0
	sub(/^ +/, "", line)
	names = ""
	while (match(line, /^-[-A-Za-z0-9]+,? */)) {
		w = substr(line, 1, RLENGTH)
		line = substr(line, RLENGTH + 1)
		sub(/,? *$/, "", w)
		names = names " " w
	}
	val = "-"
	if (match(line, /^[A-Z][A-Z_]* +/)) {
		val = substr(line, 1, RLENGTH)
		sub(/ +$/, "", val)
		line = substr(line, RLENGTH + 1)
	}
	nn = split(names, nm, " ")
	for (j = 1; j <= nn; j++)
		opt("-", nm[j], val, line)
	next
}
part == "commands" && /^  [a-z]/ {
	# "  name [opts] (a | b) ...  text": the text follows the groups.
	line = $0
	sub(/^ +/, "", line)
	split(line, toks, " ")
	name = toks[1]
	line = substr(line, length(name) + 1)
	depth = 0
	while (line != "") {
		sub(/^ +/, "", line)
		c = substr(line, 1, 1)
		if (c == "[" || c == "(")
			depth++
		else if (c == "]" || c == ")")
			depth--
		else if (depth == 0 && substr(line, 1, 3) == "...") {
			line = substr(line, 4)
			continue
		} else if (depth == 0)
			break
		line = substr(line, 2)
	}
	cmdname(name, line)
	next
}
END {
	for (i = 1; i <= nc; i++)
		printf "cmd %s %s\n", corder[i], cmds[corder[i]]
	for (i = 1; i <= ns; i++) {
		split(sorder[i], kk, SUBSEP)
		printf "sub %s %s\n", kk[1], kk[2]
	}
	# "help [COMMAND]": the commands follow it.
	for (c in wantcmd)
		for (i = 1; i <= nc; i++)
			if (!((c SUBSEP corder[i]) in subseen))
				printf "sub %s %s\n", c, corder[i]
	for (i = 1; i <= n; i++) {
		split(order[i], kk, SUBSEP)
		printf "opt %s %s %s %s\n", kk[1], kk[2], vals[order[i]],
		    texts[order[i]]
	}
}
')

if [ "$mode" = model ]; then
	printf '%s\n' "$model"
	exit 0
fi

# words KIND [CMD]: the names, on one line: "cmd" the commands, "opt" the
# options of CMD ("-" global), "val" those of them that take a value,
# "sub" the words that may follow CMD.
words () {
	printf '%s\n' "$model" | awk -v k="$1" -v c="${2:-}" '
	k == "cmd" && $1 == "cmd" { printf "%s%s", sep, $2; sep = " " }
	k == "sub" && $1 == "sub" && $2 == c { printf "%s%s", sep, $3; sep = " " }
	k == "opt" && $1 == "opt" && $2 == c { printf "%s%s", sep, $3; sep = " " }
	k == "val" && $1 == "opt" && $2 == c && $4 != "-" {
		printf "%s%s", sep, $3; sep = " "
	}'
}

# cases FN: a shell "case" body mapping a command ("" global) to its words.
cases () {
	printf "\t'') echo '%s' ;;\n" "$(words "$1" -)"
	for c in $(words cmd); do
		printf "\t%s) echo '%s' ;;\n" "$c" "$(words "$1" "$c")"
	done
}

if [ "$mode" = bash ]; then
	cat <<EOF
# bash completion for kabinet(1).  Made by tools/completion.sh from
# \`kabinet --help\` when kabinet is built: do not edit.

_kabinet_commands='$(words cmd)'

# _kabinet_options CMD: the options of CMD ("" for those before it).
_kabinet_options()
{
	case \$1 in
$(cases opt)
	esac
}

# _kabinet_values CMD: which of them take a value.
_kabinet_values()
{
	case \$1 in
$(cases val)
	esac
}

# _kabinet_words CMD: the words that may follow CMD ("cards add").
_kabinet_words()
{
	case \$1 in
$(cases sub)
	esac
}

_kabinet()
{
	local cur prev words cword cmd= sub= i w
	_init_completion || return

	# The command is the first word that is not an option or a value,
	# then the word after it.
	for ((i = 1; i < cword; i++)); do
		w=\${words[i]}
		if [[ \$w == -* ]]; then
			[[ " \$(_kabinet_values "\$cmd") " == *" \$w "* ]] &&
			    ((i++))
			continue
		fi
		if [[ -z \$cmd ]]; then
			cmd=\$w
		elif [[ -z \$sub ]]; then
			sub=\$w
		fi
	done
	if [[ " \$(_kabinet_values "\$cmd") " == *" \$prev "* ]]; then
		case \$prev in
		-S|--socket) _filedir ;;
		esac
		return
	fi
	if [[ \$cur == -* ]]; then
		COMPREPLY=(\$(compgen -W "\$(_kabinet_options "\$cmd")" -- "\$cur"))
	elif [[ -z \$cmd ]]; then
		COMPREPLY=(\$(compgen -W "\$_kabinet_commands" -- "\$cur"))
	elif [[ -z \$sub ]]; then
		COMPREPLY=(\$(compgen -W "\$(_kabinet_words "\$cmd")" -- "\$cur"))
	fi
} &&
	complete -F _kabinet kabinet
EOF
	exit 0
fi

# zsh: the same, with each command's and option's text from the help.
zq () {
	printf '%s' "$1" | sed "s/'/'\\\\''/g; s/:/\\\\:/g"
}
cat <<EOF
#compdef kabinet
# zsh completion for kabinet(1).  Made by tools/completion.sh from
# \`kabinet --help\` when kabinet is built: do not edit.

local -a cmds opts vals subs
local cmd sub w i

_kabinet_options() {
	case \$1 in
$(cases opt)
	esac
}
_kabinet_values() {
	case \$1 in
$(cases val)
	esac
}
_kabinet_words() {
	case \$1 in
$(cases sub)
	esac
}

cmds=(
$(printf '%s\n' "$model" | while read -r kind name text; do
	[ "$kind" = cmd ] || continue
	printf "\t'%s:%s'\n" "$name" "$(zq "$text")"
done)
)

cmd= sub=
for (( i = 2; i < CURRENT; i++ )); do
	w=\$words[i]
	if [[ \$w == -* ]]; then
		vals=(\${=\$(_kabinet_values "\$cmd")})
		(( \${vals[(Ie)\$w]} )) && (( i++ ))
		continue
	fi
	if [[ -z \$cmd ]]; then
		cmd=\$w
	elif [[ -z \$sub ]]; then
		sub=\$w
	fi
done
vals=(\${=\$(_kabinet_values "\$cmd")})
if (( \${vals[(Ie)\$words[CURRENT-1]]} )); then
	case \$words[CURRENT-1] in
	(-S|--socket) _files ;;
	(*) _message 'value' ;;
	esac
elif [[ \$PREFIX == -* ]]; then
	opts=(\${=\$(_kabinet_options "\$cmd")})
	compadd -a opts
elif [[ -z \$cmd ]]; then
	_describe 'command' cmds
elif [[ -z \$sub ]]; then
	subs=(\${=\$(_kabinet_words "\$cmd")})
	(( \$#subs )) && compadd -a subs
fi
EOF
