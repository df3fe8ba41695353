#!/bin/sh
# t0050-translations — Russian is complete for every user-visible string:
# the catalogue made afresh from the sources (as `make pot` does, with
# the lender's words in sandbox/ that the TUI shows through gettext) has
# nothing po/ru.po leaves untranslated or fuzzy, and the catalogue builds.
. "$(dirname "$0")/lib.sh"

test_expect_success 'every message in the sources has its Russian' '
	(cd "$SRC" && xgettext --keyword=_ --keyword=N_ --keyword=P_:1,2 \
	    --from-code=UTF-8 --package-name=kabinet -o "$TEST_DIR/k.pot" \
	    include/kabinet/*.h lib/*.c daemon/*.c tui/*.c sandbox/*.c) &&
	cp "$SRC/po/ru.po" ru.po &&
	msgmerge -q --update --backup=none --no-fuzzy-matching ru.po \
	    "$TEST_DIR/k.pot" &&
	msgattrib --untranslated --no-obsolete ru.po >untranslated &&
	msgattrib --only-fuzzy --no-obsolete ru.po >fuzzy &&
	if grep -q "^msgid" untranslated fuzzy; then
		cat untranslated fuzzy; false
	fi
'

test_expect_success 'the catalogue builds and its formats match' '
	msgfmt --check -o ru.mo "$SRC/po/ru.po"
'

test_done
