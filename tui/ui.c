/*
 * ui.c — the loop, the screen stack and the drawing helpers.
 *
 * poll() waits on the terminal and the daemon socket; keys go to the top
 * screen, notifications to every screen.  Handlers only change state; the
 * loop itself marks the screen dirty after every key, answer from the
 * daemon, notification, push and pop, and redraws once per pass, so a
 * screen's handlers need not set ui_dirty.  Below 80x24 the only
 * thing drawn is a "terminal too small" notice, so no screen ever has to
 * cope with less.
 */
#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/clock.h"
#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/log.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

#define UI_MIN_COLS	80
#define UI_MIN_LINES	24

int			 ui_dirty = 1;
volatile int		 ui_quit;
static volatile sig_atomic_t ui_signo;	/* the signal that asked us to quit */
static struct screen	*ui_stack;
static int		 ui_active;
static SCREEN		*ui_term;
static FILE		*ui_null_in, *ui_null_out;
static int		 ui_cur_y = -1, ui_cur_x = -1;

static void	ui_key_help(struct screen *);
static void	ui_key_quit(struct screen *);
static void	ui_key_redraw(struct screen *);

const struct keybind ui_global_keys[] = {
	{ { KEYC_FN(KEY_F(1)), '?' }, "F1", N_("Help"), ui_key_help, KB_BAR },
	{ { KEYC_FN(KEY_F(10)), 'q', KEYC_CTRL('X') }, "F10", N_("Quit"),
	  ui_key_quit, KB_BAR },
	{ { KEYC_CTRL('L') }, NULL, N_("Redraw the screen"), ui_key_redraw,
	  0 },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static long long
ui_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the stack ---- */

struct screen *
ui_push(const struct screen_class *cls, void *priv)
{
	struct screen	*s = xcalloc(1, sizeof *s);

	s->cls = cls;
	s->priv = priv;
	s->below = ui_stack;
	ui_stack = s;
	if (cls->enter != NULL)
		cls->enter(s);
	ui_dirty = 1;
	return s;
}

static void
ui_free(struct screen *s)
{
	conn_forget(s);
	if (s->cls->leave != NULL)
		s->cls->leave(s);
	free(s);
}

void
ui_pop(struct screen *s)
{
	struct screen	**pp;

	for (pp = &ui_stack; *pp != NULL; pp = &(*pp)->below) {
		if (*pp == s) {
			*pp = s->below;
			ui_free(s);
			ui_dirty = 1;
			return;
		}
	}
}

void
ui_pop_to(struct screen *s)
{
	while (ui_stack != NULL && ui_stack != s)
		ui_pop(ui_stack);
}

struct screen *
ui_top(void)
{
	return ui_stack;
}

const struct keybind *
ui_keys(const struct screen *s)
{
	return s->keys != NULL ? s->keys : s->cls->keys;
}

struct screen *
ui_find(const struct screen_class *cls)
{
	struct screen	*s;

	for (s = ui_stack; s != NULL; s = s->below) {
		if (s->cls == cls)
			return s;
	}
	return NULL;
}

static int
ui_alive(struct screen *s)
{
	struct screen	*t;

	for (t = ui_stack; t != NULL; t = t->below) {
		if (t == s)
			return 1;
	}
	return 0;
}

/* Every screen hears every notification, the top one first. */
void
ui_event(const char *method, json_t *params)
{
	struct screen	*snap[64], *s;
	size_t		 n = 0, i;

	for (s = ui_stack; s != NULL && n < 64; s = s->below)
		snap[n++] = s;
	for (i = 0; i < n; i++) {
		if (ui_alive(snap[i]) && snap[i]->cls->event != NULL)
			snap[i]->cls->event(snap[i], method, params);
	}
	ui_dirty = 1;
}

/* ---- global keys ---- */

static void
ui_key_help(struct screen *s)
{
	if (s->cls != &screen_help)
		screen_help_open(s);
}

static void
ui_quit_yes(struct screen *s)
{
	(void)s;
	ui_quit = 1;
}

void
ui_ask_quit(struct screen *s)
{
	struct screen	*t;

	(void)s;
	if (ui_stack != NULL && ui_stack->cls == &screen_dialog)
		return;		/* already asking something */
	for (t = ui_stack; t != NULL; t = t->below) {
		if (t->form != NULL && form_modified(t->form)) {
			dialog_confirm(_("Quit"), _("Quit and lose what you "
			    "have typed?"), ui_quit_yes);
			return;
		}
	}
	ui_quit = 1;
}

static void
ui_key_quit(struct screen *s)
{
	ui_ask_quit(s);
}

static void
ui_key_redraw(struct screen *s)
{
	(void)s;
	clearok(curscr, TRUE);
	ui_dirty = 1;
}

static void
ui_key(int key)
{
	struct screen		*s = ui_stack;
	const struct keybind	*k;
	int			 fkey;

	if (s == NULL)
		return;
	ui_dirty = 1;
	if (COLS < UI_MIN_COLS || LINES < UI_MIN_LINES) {
		/* Only quitting makes sense on the too-small screen. */
		if (key == KEYC_FN(KEY_F(10)) || key == 'q' ||
		    key == KEYC_CTRL('X'))
			ui_ask_quit(s);
		return;
	}
	fkey = key == KEYC_ESC || (KEYC_ISFN(key) &&
	    (key & ~0x1000000) >= KEY_F(1) && (key & ~0x1000000) <= KEY_F(24));
	if (!fkey && s->form != NULL && form_key(s->form, s, key))
		return;
	if ((k = keys_find(ui_keys(s), key)) != NULL) {
		k->fn(s);
		return;
	}
	/* A letter a field refused (a digit-only code) is a typo, not a
	 * global command: quitting there takes F10 or Ctrl-X. */
	if (s->form != NULL && keys_printable(key))
		return;
	if ((k = keys_find(ui_global_keys, key)) != NULL) {
		if (k->fn == ui_key_help && (s->cls->flags & SC_LOCKED))
			return;
		k->fn(s);
		return;
	}
	if (s->cls->key != NULL && s->cls->key(s, key))
		return;
	if (key == KEYC_ESC && s->busy > 0) {
		/* Esc cancels what is in flight: its answer is ignored. */
		conn_forget(s);
		if (s->form != NULL)
			form_message(s->form, 0, "%s", _("Cancelled"));
	}
}

/* ---- drawing helpers ---- */

void
ui_cursor(int y, int x)
{
	ui_cur_y = y;
	ui_cur_x = x;
}

void
ui_text(int y, int x, int w, int attr, const char *fmt, ...)
{
	struct buf	 raw = BUF_INIT, shown = BUF_INIT;
	va_list		 ap;
	size_t		 i, used, cells = 0, bytes = 0;
	wchar_t		 c;
	int		 cw;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
		return;
	if (x + w > COLS)
		w = COLS - x;
	va_start(ap, fmt);
	buf_vaddf(&raw, fmt, ap);
	va_end(ap);
	text_display(raw.data, &shown);
	/* Cut at w cells, on a character boundary. */
	for (i = 0; i < shown.len; i += used) {
		c = text_next(shown.data + i, shown.len - i, &used);
		cw = text_utf8() ? wcwidth(c) : 1;
		if (cw < 0)
			cw = 1;
		if (cells + (size_t)cw > (size_t)w)
			break;
		cells += (size_t)cw;
		bytes = i + used;
	}
	attron(attr);
	mvaddnstr(y, x, shown.data, (int)bytes);
	attroff(attr);
	buf_wipe_release(&raw);
	buf_wipe_release(&shown);
}

/* Wraps text into rows of w cells, leaves out the first skip rows and
 * draws the rest from y when draw is set.  Returns the row after the
 * last. */
static int
ui_wrap(int y, int x, int w, int maxy, int attr, const char *text, int draw,
    int skip)
{
	const char	*p = text, *line, *brk;
	struct buf	 b = BUF_INIT;
	size_t		 cells;
	int		 row = 0;

	if (w <= 0)
		return y;
	while (*p != '\0' && y < maxy) {
		line = p;
		brk = NULL;
		cells = 0;
		buf_reset(&b);
		/* Take words while they fit; a word too long is cut. */
		while (*p != '\0' && *p != '\n') {
			size_t	used;
			wchar_t	c = text_next(p, strlen(p), &used);
			int	cw = text_utf8() ? wcwidth(c) : 1;

			cells += cw < 0 ? 1 : (size_t)cw;
			if (cells > (size_t)w)
				break;
			if (*p == ' ')
				brk = p;
			p += used;
		}
		if (*p != '\0' && *p != '\n' && brk != NULL && brk > line)
			p = brk;
		if (p == line && *p != '\n')
			p++;	/* at least one character per row */
		buf_add(&b, line, (size_t)(p - line));
		if (draw && row >= skip)
			ui_text(y, x, w, attr, "%s", b.data);
		if (row++ >= skip)
			y++;
		while (*p == ' ')
			p++;
		if (*p == '\n')
			p++;
	}
	buf_release(&b);
	return y;
}

void
ui_menu_item(int y, int x, int w, const char *key, const char *label,
    size_t cells)
{
	struct buf	b = BUF_INIT;

	buf_addf(&b, " %s  ", key);
	text_pad(&b, label, cells);
	buf_addch(&b, ' ');
	ui_text(y, x, w, A_REVERSE, "%s", b.data);
	buf_release(&b);
}

int
ui_para(int y, int x, int w, int maxy, int attr, const char *text)
{
	return ui_wrap(y, x, w, maxy, attr, text, 1, 0);
}

int
ui_para_skip(int y, int x, int w, int maxy, int skip, int attr,
    const char *text)
{
	return ui_wrap(y, x, w, maxy, attr, text, 1, skip);
}

size_t
ui_list_top(size_t top, size_t sel, int rows)
{
	if (sel < top)
		return sel;
	if (rows > 0 && sel >= top + (size_t)rows)
		return sel - (size_t)rows + 1;
	return top;
}

int
ui_para_rows(int w, const char *text)
{
	return ui_wrap(0, 0, w, INT_MAX, 0, text, 0, 0);
}

int
ui_para_above(int maxy, int x, int w, int attr, const char *text)
{
	int	y = maxy - (ui_wrap(0, x, w, INT_MAX, attr, text, 0, 0)), i;

	/* Over whatever the screen drew there. */
	for (i = y; i < maxy; i++)
		mvhline(i, x, ' ', w);
	ui_wrap(y, x, w, maxy, attr, text, 1, 0);
	return y;
}

static const char *
ui_title(struct screen *s)
{
	return s->title != NULL ? s->title : _(s->cls->title);
}

static void
ui_box(int y, int x, int h, int w)
{
	if (h < 2 || w < 2)
		return;
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
}

static int	ui_tick;	/* the screen drawn shows a countdown */

void
ui_want_tick(void)
{
	ui_tick = 1;
}

/* ms until the next Moscow midnight (dates on screen change then). */
static int
ui_ms_to_midnight(void)
{
	long long	s = ((long long)clock_now() + DATE_MSK_OFFSET) % 86400;

	if (s < 0)
		s += 86400;
	return (int)(86400 - s) * 1000;
}

static int
ui_busy(void)
{
	struct screen	*s;

	for (s = ui_stack; s != NULL; s = s->below) {
		if (s->busy > 0)
			return 1;
	}
	return conn_state == CONN_STARTING || conn_state == CONN_HELLO;
}

static const char *
ui_conn_text(void)
{
	switch (conn_state) {
	case CONN_DOWN:
	case CONN_HELLO:
		return _("daemon: connecting…");
	case CONN_STARTING:
		return _("daemon: starting…");
	case CONN_READY:
		return _("daemon: connected");
	case CONN_RECONNECTING:
		return _("daemon: reconnecting…");
	case CONN_FAILED:
		return _("daemon: refused");
	}
	return "";
}

static void
ui_draw_screen(struct screen *s)
{
	int	h, w, y, x;

	if (s->cls->flags & SC_MODAL) {
		h = s->box_h > 0 ? s->box_h : 12;
		w = s->box_w > 0 ? s->box_w : 60;
		if (h > LINES - 2)
			h = LINES - 2;
		if (w > COLS - 2)
			w = COLS - 2;
		y = (LINES - h) / 2;
		x = (COLS - w) / 2;
		for (int i = 0; i < h; i++)
			mvhline(y + i, x, ' ', w);
		ui_box(y, x, h, w);
		ui_text(y, x + 2, w - 4, A_BOLD, " %s ", ui_title(s));
		s->cls->draw(s, y + 2, x + 2, h - 3, w - 4);
	} else
		s->cls->draw(s, 2, 2, LINES - 4, COLS - 4);
}

/*
 * A wait no answer has ended for a while is said in words, with the way
 * out, so no spinner turns on in silence: the daemon answers every call
 * (the lender's timeout ends a hung request), and until it does the user
 * knows what is awaited and that Esc stops waiting.
 */
#define UI_WAIT_NOTE_MS	8000

static void
ui_draw_wait(struct screen *top)
{
	char		 msg[160];
	long long	 waited;

	if (top->busy <= 0 || conn_state != CONN_READY)
		return;
	waited = ui_now_ms() - top->busy_since;
	if (waited < UI_WAIT_NOTE_MS)
		return;
	snprintf(msg, sizeof msg, _("No answer from the lender for %lld s; "
	    "still waiting (Esc stops waiting)"), waited / 1000);
	attron(A_REVERSE);
	mvhline(LINES - 2, 0, ' ', COLS);
	attroff(A_REVERSE);
	ui_text(LINES - 2, 1, COLS - 2, A_REVERSE | A_BOLD, "%s", msg);
}

static void
ui_draw_stack(struct screen *s)
{
	/* A modal screen shows the one below it; draw that first. */
	if ((s->cls->flags & SC_MODAL) && s->below != NULL)
		ui_draw_stack(s->below);
	ui_draw_screen(s);
}

void
ui_redraw(void)
{
	static const char spin[] = "|/-\\";
	struct buf	 bar = BUF_INIT;
	struct screen	*top = ui_stack;
	const char	*ct;
	char		 right[128];

	ui_dirty = 0;
	ui_tick = 0;
	ui_cur_y = ui_cur_x = -1;
	erase();
	if (COLS < UI_MIN_COLS || LINES < UI_MIN_LINES) {
		char	msg[160];

		snprintf(msg, sizeof msg, _("terminal too small (need %dx%d, "
		    "have %dx%d)"), UI_MIN_COLS, UI_MIN_LINES, COLS, LINES);
		ui_para(0, 0, COLS, LINES, A_BOLD, msg);
		curs_set(0);
		refresh();
		return;
	}
	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(A_REVERSE);
	ct = ui_conn_text();
	if (ui_busy())
		snprintf(right, sizeof right, "%c %s", spin[(ui_now_ms() / 150) %
		    4], ct);
	else
		snprintf(right, sizeof right, "%s", ct);
	ui_text(0, COLS - 1 - (int)text_width(right), (int)text_width(right),
	    A_REVERSE, "%s", right);
	ui_text(0, 1, COLS - 3 - (int)text_width(right), A_REVERSE | A_BOLD,
	    "kabinet %s%s", top != NULL ? "- " : "",
	    top != NULL ? ui_title(top) : "");
	if (top != NULL) {
		ui_draw_stack(top);
		keys_bar(ui_keys(top), (top->cls->flags & SC_LOCKED) ?
		    ui_global_keys + 1 : ui_global_keys, top->form != NULL,
		    (size_t)(COLS - 2), &bar);
		attron(A_REVERSE);
		mvhline(LINES - 1, 0, ' ', COLS);
		attroff(A_REVERSE);
		ui_text(LINES - 1, 1, COLS - 2, A_REVERSE, "%s", bar.data);
		ui_draw_wait(top);
	}
	buf_release(&bar);
	if (ui_cur_y >= 0 && ui_cur_x >= 0 && ui_cur_x < COLS) {
		curs_set(1);
		move(ui_cur_y, ui_cur_x);
	} else
		curs_set(0);
	refresh();
}

/* ---- set-up and the loop ---- */

static void
ui_signal(int sig)
{
	ui_signo = sig;
	ui_quit = 1;
}

/*
 * Gives the terminal back: a blank screen (where there is no alternate
 * screen, what is printed next would land on the bottom bar), the cursor
 * at its foot, the modes as they were.  Before any last message.
 */
static void
ui_restore(void)
{
	if (!ui_active)
		return;
	ui_active = 0;
	erase();
	refresh();
	endwin();
}

void
ui_init(int headless)
{
	struct sigaction	sa;

	if (headless) {
		const char *term = getenv("TERM");

		/* No terminal (CI under ASan): draw into /dev/null. */
		ui_null_in = fopen("/dev/null", "r");
		ui_null_out = fopen("/dev/null", "w");
		if (ui_null_in == NULL || ui_null_out == NULL)
			fatal("/dev/null");
		ui_term = newterm(term != NULL && *term != '\0' &&
		    strcmp(term, "dumb") != 0 ? term : "vt100", ui_null_out,
		    ui_null_in);
	} else
		ui_term = newterm(NULL, stdout, stdin);
	if (ui_term == NULL) {
		die(1, "%s", _("cannot use this terminal (is TERM set?)"));
	}
	ui_active = 1;
	atexit(ui_done);
	log_set_fatal_hook(ui_restore);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* Lists that move by a line (the history, the audit log) are sent
	 * as a scroll of the region, not as every row again: a thin
	 * client's bytes. */
	idlok(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	/* https://no-color.org: no colour when NO_COLOR is set and not empty. */
	if (has_colors() && (getenv("NO_COLOR") == NULL ||
	    *getenv("NO_COLOR") == '\0')) {
		start_color();
		use_default_colors();
	}

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ui_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* Restores the terminal; safe to call twice (atexit and a normal end). */
void
ui_done(void)
{
	struct screen	*s;

	if (ui_term == NULL)
		return;
	ui_restore();
	log_set_fatal_hook(NULL);
	while ((s = ui_stack) != NULL) {
		ui_stack = s->below;
		ui_free(s);
	}
	delscreen(ui_term);
	ui_term = NULL;
	if (ui_null_in != NULL)
		fclose(ui_null_in);
	if (ui_null_out != NULL)
		fclose(ui_null_out);
	ui_null_in = ui_null_out = NULL;
	/* The last word, on the restored terminal. */
	if (ui_signo != 0)
		error(_("stopped by a signal (%s)"), strsignal(ui_signo));
}

/* The next key within wait_ms, or -1 (keys_escape's reader). */
static int
ui_next_key(int wait_ms)
{
	wint_t	wc;
	int	r;

	wtimeout(stdscr, wait_ms);
	r = get_wch(&wc);
	nodelay(stdscr, TRUE);
	if (r == ERR)
		return -1;
	return keys_normalize(r == KEY_CODE_YES, (int)wc);
}

static void
ui_read_keys(void)
{
	wint_t	wc;
	int	r, key, after;

	while ((r = get_wch(&wc)) != ERR) {
		if (r == KEY_CODE_YES && wc == KEY_RESIZE) {
			ui_dirty = 1;
			continue;
		}
		key = keys_normalize(r == KEY_CODE_YES, (int)wc);
		/* An Esc may start a sequence; a key after a lone Esc may be
		 * another Esc. */
		for (;;) {
			after = 0;
			if (key == KEYC_ESC)
				key = keys_escape(ui_next_key, &after);
			if (key != 0)	/* 0: a sequence we do not know */
				ui_key(key);
			if (ui_quit || after == 0)
				break;
			key = after;
		}
		if (ui_quit)
			return;
	}
}

int
ui_run(double exit_after, int headless)
{
	struct pollfd	 pfd[2];
	long long	 start = ui_now_ms(), now, deadline = -1;
	long long	 last_sec = start / 1000;
	int		 timeout, t, n, nfds;

	if (exit_after > 0)
		deadline = start + (long long)(exit_after * 1000);
	while (!ui_quit) {
		if (ui_dirty)
			ui_redraw();
		nfds = 0;
		if (!headless) {
			pfd[nfds].fd = STDIN_FILENO;
			pfd[nfds].events = POLLIN;
			pfd[nfds++].revents = 0;
		}
		if (conn_fd() != -1) {
			pfd[nfds].fd = conn_fd();
			pfd[nfds].events = conn_events();
			pfd[nfds++].revents = 0;
		}
		now = ui_now_ms();
		/*
		 * Wake at the next second only for a countdown on screen (or
		 * under the test clock, which may jump at any moment), sooner
		 * to spin; otherwise at the next midnight, for the dates.
		 */
		if (ui_tick || clock_is_test())
			timeout = (int)(1000 - now % 1000);
		else
			timeout = ui_ms_to_midnight();
		if (ui_busy() && timeout > 150)
			timeout = 150;
		if ((t = conn_timeout()) >= 0 && t < timeout)
			timeout = t;
		if (deadline >= 0) {
			if (now >= deadline)
				break;
			if (deadline - now < timeout)
				timeout = (int)(deadline - now);
		}
		n = poll(pfd, (nfds_t)nfds, timeout);
		if (n == -1 && errno != EINTR)
			fatal("poll");
		/* The terminal went (a closed window, a dropped SSH): stop. */
		if (!headless && (pfd[0].revents & (POLLHUP | POLLERR |
		    POLLNVAL)))
			ui_quit = 1;
		if (!headless && !ui_quit)
			ui_read_keys();
		if (n > 0 && conn_fd() != -1 && pfd[nfds - 1].fd ==
		    conn_fd() && pfd[nfds - 1].revents != 0)
			conn_handle(pfd[nfds - 1].revents);
		if (conn_timeout() == 0)
			conn_tick();
		now = ui_now_ms();
		if (ui_busy() || (now / 1000 != last_sec && (ui_tick ||
		    clock_is_test() || ui_ms_to_midnight() >= 86399000)))
			ui_dirty = 1;
		last_sec = now / 1000;
	}
	return 0;
}
