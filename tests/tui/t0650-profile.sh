#!/bin/sh
# t0650-profile — My profile at 80x24 on a vt100: u on the dashboard
# shows what the lender holds, the passport masked (never whole on the
# screen or in the daemon's log); the phone cannot be changed here and
# the screen says how support changes it, with its contacts; a malformed
# e-mail is refused with a message and nothing is sent; a wrong SMS code
# changes nothing; the right one changes the e-mail.  In Russian too.
. "$(dirname "$0")/../integration/lib.sh"
. "$SRC/tests/integration/lib-payments.sh"

KB_TERM=vt100
export KB_TERM
kb_start_sandbox
kb_start_daemon

P1=+79000000001
KB="env TERM=vt100 $B/kabinet --no-start-daemon"
RU="env LANG=C.UTF-8 LANGUAGE=ru KABINET_LOCALEDIR=$B/locale"

test_expect_success 'sign in' '
	kb_signin $P1 Demo2026
'

test_expect_success 'u shows the profile, the passport masked, the phone explained' '
	kb_tmux_start 80 24 $KB &&
	kb_tmux_wait_for "Hello" &&
	kb_tmux_send u &&
	kb_tmux_wait_for "45 ** ****56" &&
	kb_tmux_capture >screen &&
	grep -q "Иванов Иван Иванович" screen &&
	grep -q "1990-05-15" screen &&
	grep -q "\*\*\*-\*\*\*-\*\*\* 95" screen &&
	grep -q "ivan@example.ru" screen &&
	grep -q "Мясницкая" screen &&
	grep -q "the same as the registration address" screen &&
	grep -q "+7 9\*\* \*\*\*-\*\*-01" screen &&
	grep -q "The phone number cannot be changed here" screen &&
	grep -q "after checking your passport" screen &&
	kb_tmux_wait_for "8 800 555-35-35" &&
	! grep -q "123456\|4510" screen &&
	kb_tmux_bar_whole
'

test_expect_success 'F1 answers how the phone is changed' '
	kb_tmux_send F1 &&
	kb_tmux_wait_for "I have a new phone number" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "Change e-mail"
'

test_expect_success 'a malformed e-mail is refused with a message, nothing sent' '
	n=$(sms_count $P1) &&
	kb_tmux_send e &&
	kb_tmux_wait_for "New e-mail" &&
	kb_tmux_bar_whole &&
	kb_tmux_send C-u && kb_tmux_type "ivan@example" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "Not an e-mail address" &&
	kb_tmux_wait_for "Nothing was changed" &&
	test "$(sms_count $P1)" = "$n" &&
	! grep -q "PATCH /v1/account/profile" "$SANDBOX_LOG"
'

test_expect_success 'a wrong code changes nothing' '
	n=$(sms_count $P1) &&
	kb_tmux_send C-u && kb_tmux_type "ivan.new@example.ru" &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "A code was sent by SMS" &&
	code=$(sh "$SRC/tests/tools/sms-code.sh" $P1 $((n + 1))) &&
	wrong=$(printf "%06d" $(( (1$code + 1) % 1000000 ))) &&
	kb_tmux_type "$wrong" && kb_tmux_send Enter &&
	kb_tmux_wait_for "2 attempts left" &&
	kb_tmux_send Escape &&
	kb_tmux_wait_for "New e-mail" &&
	kb_call profile.get >out &&
	kb_expect_json out .profile.email ivan@example.ru
'

test_expect_success 'the right code changes the e-mail' '
	n=$(sms_count $P1) &&
	kb_tmux_send Enter &&
	kb_tmux_wait_for "A code was sent by SMS" &&
	code=$(sh "$SRC/tests/tools/sms-code.sh" $P1 $((n + 1))) &&
	kb_tmux_type "$code" && kb_tmux_send Enter &&
	kb_tmux_wait_for "The e-mail is changed" &&
	kb_tmux_wait_for "ivan.new@example.ru" &&
	kb_call profile.get >out &&
	kb_expect_json out .profile.email ivan.new@example.ru &&
	kb_tmux_send Escape && kb_tmux_wait_for "Hello" &&
	kb_tmux_stop
'

test_expect_success 'the passport never whole in the daemon log' '
	! grep -Eq "(^|[^0-9A-Za-z_-])(4510|123456)([^0-9A-Za-z_-]|\$)" "$DAEMON_LOG" &&
	! grep -q "ivan.new@" "$DAEMON_LOG"
'

test_expect_success 'ru: the same in Russian' '
	kb_tmux_start 80 24 $RU $KB &&
	kb_tmux_wait_for "Здравствуйте" &&
	kb_tmux_send u &&
	kb_tmux_wait_for "Мой профиль" &&
	kb_tmux_wait_for "45 ** ****56" &&
	kb_tmux_wait_for "служба поддержки" &&
	kb_tmux_bar_whole &&
	! kb_tmux_capture | grep -E "Passport|Birth date|support changes|Change e-mail" &&
	kb_tmux_stop
'

test_done
