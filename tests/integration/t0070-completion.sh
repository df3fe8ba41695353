#!/bin/sh
# t0070-completion — shell completion for kabinet offers exactly the
# commands and options `kabinet --help` lists: the built completion is
# the one made from this kabinet's help (make rebuilds it); in bash (with
# Debian's bash-completion) Tab after "kabinet" gives every command, after
# "kabinet CMD -" that command's options and nothing else, after "kabinet
# CMD" the words it takes ("cards add", "help COMMAND"), after an option
# that takes a value no option; and a real interactive bash and zsh in
# tmux complete "kabinet hi<Tab>" to "kabinet history".
. "$(dirname "$0")/lib.sh"

BASHCOMP=/usr/share/bash-completion/bash_completion
[ -f "$BASHCOMP" ] ||
	kb_skip_all "bash-completion is not installed (make deps)"

test_expect_success 'the built completion is made from this --help' '
	LC_ALL=C LANGUAGE= "$B/kabinet" --help >help &&
	sh "$SRC/tools/completion.sh" bash <help >kabinet.bash &&
	cmp kabinet.bash "$B/completion/kabinet" &&
	sh "$SRC/tools/completion.sh" zsh <help >_kabinet &&
	cmp _kabinet "$B/completion/_kabinet" &&
	sh "$SRC/tools/completion.sh" model <help >model &&
	grep -q "^cmd status " model
'

# complete WORDS...: what bash offers for the last word (one a line,
# sorted), as Tab would with bash-completion loaded.
complete_words () {
	bash -c '
	. "$1"
	. "$2"
	shift 2
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_kabinet kabinet "${COMP_WORDS[COMP_CWORD]}" \
	    "${COMP_WORDS[COMP_CWORD - 1]}"
	printf "%s\n" "${COMPREPLY[@]}"
	' sh "$BASHCOMP" "$B/completion/kabinet" "$@" | sed "/^$/d" | sort
}

test_expect_success 'bash: Tab after kabinet offers every command' '
	awk "\$1 == \"cmd\" { print \$2 }" model | sort >want &&
	complete_words kabinet "" >got &&
	diff want got &&
	complete_words kabinet -S "$TEST_DIR/sock" --no-start-daemon "" >got &&
	diff want got
'

test_expect_success 'bash: each command offers its own options' '
	for c in $(awk "\$1 == \"cmd\" { print \$2 }" model); do
		awk -v c="$c" "\$1 == \"opt\" && \$2 == c { print \$3 }" model |
		    sort >want.$c
		complete_words kabinet "$c" - >got.$c
		cmp -s want.$c got.$c ||
		    echo "$c: want $(echo $(cat want.$c)); got $(echo $(cat got.$c))"
	done >differ &&
	cat differ && test ! -s differ &&
	test -s want.history
'

test_expect_success 'bash: the words a command takes next, and no others' '
	for c in $(awk "\$1 == \"cmd\" { print \$2 }" model); do
		awk -v c="$c" "\$1 == \"sub\" && \$2 == c { print \$3 }" model |
		    sort >want.$c
		complete_words kabinet "$c" "" >got.$c
		cmp -s want.$c got.$c ||
		    echo "$c: want $(echo $(cat want.$c)); got $(echo $(cat got.$c))"
	done >differ &&
	cat differ && test ! -s differ
'

test_expect_success 'bash: global options before the command' '
	awk "\$1 == \"opt\" && \$2 == \"-\" && \$3 ~ /^--/ { print \$3 }" \
	    model | sort >want &&
	complete_words kabinet -- >got &&
	diff want got &&
	grep -qx -- --no-start-daemon got
'

test_expect_success 'bash: a value is not completed as an option' '
	complete_words kabinet history --kind "" >got &&
	test ! -s got &&
	mkdir sockdir &&
	complete_words kabinet -S sockd >got &&
	grep -qx sockdir got
'

# tab_completes PROMPT: in the shell in tmux, "kabinet hi" and Tab gives
# "kabinet history", then "--li" and Tab "--limit".
tab_completes () {
	kb_tmux_wait_for "$1" &&
	kb_tmux_type "kabinet hi" && kb_tmux_send Tab &&
	kb_tmux_wait_for "$1 kabinet history" &&
	kb_tmux_type "--li" && kb_tmux_send Tab &&
	kb_tmux_wait_for "kabinet history --limit" &&
	kb_tmux_stop
}

test_expect_success 'interactive bash completes a command with Tab' '
	cat >bashrc <<-EOF &&
	PS1="bash\$ "
	PATH="$B:\$PATH"
	. "$BASHCOMP"
	. "$B/completion/kabinet"
	EOF
	kb_tmux_start 80 24 bash --noprofile --rcfile "$TEST_DIR/bashrc" -i &&
	tab_completes "bash\$"
'

if command -v zsh >/dev/null 2>&1; then
test_expect_success 'interactive zsh completes a command with Tab' '
	mkdir -p zdot &&
	cat >zdot/.zshrc <<-EOF &&
	PS1="zsh%# "
	path=("$B" \$path)
	fpath=("$B/completion" \$fpath)
	autoload -U compinit && compinit -u -d "$TEST_DIR/zcompdump"
	EOF
	kb_tmux_start 80 24 env ZDOTDIR="$TEST_DIR/zdot" zsh -i &&
	tab_completes "zsh#"
'
fi

test_done
