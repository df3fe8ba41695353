#!/bin/sh
# t0642-documents — "My documents" at 80x24 on a vt100, in English and in
# Russian: d on the dashboard lists what the borrower accepted (the ПЭП
# agreement) with version, date and SHA-256; Enter reads it in a pager
# that says the text matches its SHA-256; w saves it as plain UTF-8 text
# in the documents directory, or where a typed path says, and the saved
# file hashes to the SHA-256 shown.  Every bar on the way is whole.
. "$(dirname "$0")/../integration/lib.sh"

KB_TERM=vt100
export KB_TERM
kb_start_sandbox
kb_start_daemon

P2=+79000000002
DOCS=$TEST_DIR/docs
KB="env TERM=vt100 XDG_DOCUMENTS_DIR=$DOCS $B/kabinet --no-start-daemon"
RU="env LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale"

. "$SRC/tests/integration/lib-payments.sh"

test_expect_success 'sign in (a borrower who accepted the ПЭП agreement)' '
	kb_signin $P2 Second2026
'

test_expect_success 'en: d lists the documents with version and SHA-256' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Hello" &&
	kb_tmux_send d &&
	kb_tmux_wait_for "My documents" &&
	kb_tmux_wait_for "Соглашение об использовании" &&
	kb_tmux_capture | grep -q "2026-11-01 *Соглашение об использовании" &&
	kb_tmux_capture | grep -qE "SHA-256 [0-9a-f]{64}" &&
	kb_tmux_bar_whole
'

test_expect_success 'en: Enter reads it; the text matches its SHA-256' '
	SUM=$(kb_tmux_capture | sed -nE "s/.*SHA-256 ([0-9a-f]{64}).*/\1/p") &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "The text received matches this SHA-256." &&
	kb_tmux_wait_for "ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСИ" &&
	kb_tmux_capture | grep -q "Version 2026-11-01, signed" &&
	kb_tmux_bar_whole
'

test_expect_success 'en: w saves it in the documents directory' '
	kb_tmux_send w &&
	kb_tmux_wait_for "Save the document" &&
	kb_tmux_bar_whole &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Saved to" &&
	# the whole path, wrapped at 80 columns but never cut
	f=$(ls "$DOCS"/pep_agreement-consent_*.txt) &&
	kb_tmux_capture | tr -d " \n" | grep -qF "Savedto$f" &&
	test "$(sha256sum <"$f" | cut -d" " -f1)" = "$SUM" &&
	iconv -f UTF-8 -t UTF-8 "$f" >/dev/null
'

test_expect_success 'en: or where a typed path says; a bad one is told' '
	kb_tmux_send w && kb_tmux_wait_for "Save the document" &&
	kb_tmux_send C-u && kb_tmux_type "$TEST_DIR/no/such/pep.txt" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Cannot write" &&
	kb_tmux_send C-u && kb_tmux_type "$TEST_DIR/pep.txt" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Saved to" &&
	kb_tmux_capture | tr -d " \n" | grep -qF "Savedto$TEST_DIR/pep.txt" &&
	test "$(sha256sum <"$TEST_DIR/pep.txt" | cut -d" " -f1)" = "$SUM" &&
	kb_tmux_send Escape && kb_tmux_wait_for "Enter Read" &&
	kb_tmux_send Escape && kb_tmux_wait_for "Hello" &&
	kb_tmux_stop
'

test_expect_success 'ru: the same in Russian, no English left' '
	kb_tmux_start 80 24 $RU $KB &&
	kb_tmux_wait_for "Здравствуйте" &&
	kb_tmux_send d &&
	kb_tmux_wait_for "Мои документы" &&
	kb_tmux_wait_for "Соглашение об использовании" &&
	kb_tmux_capture | grep -q "Подписан *Редакция *Документ" &&
	kb_tmux_bar_whole &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Полученный текст совпадает с этим SHA-256." &&
	kb_tmux_capture | grep -q "Редакция 01.11.2026, подписан" &&
	kb_tmux_bar_whole &&
	kb_tmux_send w &&
	kb_tmux_wait_for "Сохранить документ" &&
	kb_tmux_bar_whole &&
	! kb_tmux_capture | grep -E "Save|Version|Signed|text received" &&
	kb_tmux_send C-u && kb_tmux_type "ru.txt" && kb_tmux_send Enter &&
	kb_tmux_wait_for "Сохранено в $DOCS/ru.txt" &&
	test "$(sha256sum <"$DOCS/ru.txt" | cut -d" " -f1)" = "$SUM" &&
	kb_tmux_stop
'

test_done
