/*
 * screen_esia.c — "Войти через Госуслуги": the lender brokers the
 * Gosuslugi (ESIA) sign-in as a device authorization, so the terminal
 * shows where to sign in — the verification address, the user code, a QR
 * code of both (qr.c), the user code and a countdown — and
 * waits for auth.gosuslugi.done.  An approved sign-in arrives as
 * session.changed and route.c takes the user to the account.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/clock.h"
#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

struct esia {
	json_t		*start;		/* auth.gosuslugi.start's answer */
	time_t		 expires;
	struct qr	*qr;
	struct note	note;
	int		 over;		/* done: no more waiting */
	char		 purpose[16];	/* login | registration */
};

static void
esia_start_cb(struct screen *s, json_t *result, json_t *error)
{
	struct esia	*e;

	if (s == NULL)
		return;
	e = s->priv;
	if (note_reason(&e->note, error)) {
		e->over = 1;
		return;
	}
	e->start = json_incref(result);
	e->expires = text_parse_time(jstr(result, "expires_at"));
	e->qr = qr_new(jstr(result, "url"));
}

static void
esia_enter(struct screen *s)
{
	struct esia	*e = s->priv;

	if (conn_request(M_AUTH_GOSUSLUGI_START, json_pack("{s:s}", "purpose",
	    e->purpose), esia_start_cb, s) == -1)
		note_set(&e->note, 1, _("The daemon is not connected; try "
		    "again when it is back"));
}

static void
esia_leave(struct screen *s)
{
	struct esia	*e = s->priv;

	json_decref(e->start);
	qr_free(e->qr);
	note_free(&e->note);
	free(e);
}

static void
esia_event(struct screen *s, const char *method, json_t *params)
{
	struct esia	*e = s->priv;
	const char	*outcome;

	if (strcmp(method, E_GOSUSLUGI_DONE) != 0 || e->start == NULL ||
	    strcmp(jstr(params, "id"), jstr(e->start, "id")) != 0)
		return;
	e->over = 1;
	outcome = jstr(params, "outcome");
	if (strcmp(outcome, "approved") == 0 &&
	    strcmp(e->purpose, "registration") == 0) {
		/* The wizard below takes the prefill from this event. */
		ui_pop(s);
		return;
	}
	if (strcmp(outcome, "approved") == 0)
		note_set(&e->note, 0, _("Signed in through Gosuslugi"));
	else if (strcmp(outcome, "denied") == 0)
		note_set(&e->note, 0, _("The sign-in was refused on "
		    "Gosuslugi"));
	else if (strcmp(outcome, "expired") == 0)
		note_set(&e->note, 0, _("Time is up; press Esc and try again"));
	else if (strcmp(outcome, "no_account") == 0)
		note_set(&e->note, 0, _("This Gosuslugi account has no account "
		    "here; register first"));
	else
		note_set(&e->note, 0, _("The sign-in through Gosuslugi did not "
		    "work; try again"));
}

/* The user code in letters five rows tall (A-Z, 2-9 and '-'), for a
 * terminal where the QR code does not fit. */
static const struct {
	char		 c;
	const char	*rows[5];
} big_font[] = {
	{ 'A', { " ## ", "#  #", "####", "#  #", "#  #" } },
	{ 'B', { "### ", "#  #", "### ", "#  #", "### " } },
	{ 'C', { " ###", "#   ", "#   ", "#   ", " ###" } },
	{ 'D', { "### ", "#  #", "#  #", "#  #", "### " } },
	{ 'E', { "####", "#   ", "### ", "#   ", "####" } },
	{ 'F', { "####", "#   ", "### ", "#   ", "#   " } },
	{ 'G', { " ###", "#   ", "# ##", "#  #", " ###" } },
	{ 'H', { "#  #", "#  #", "####", "#  #", "#  #" } },
	{ 'J', { "   #", "   #", "   #", "#  #", " ## " } },
	{ 'K', { "#  #", "# # ", "##  ", "# # ", "#  #" } },
	{ 'L', { "#   ", "#   ", "#   ", "#   ", "####" } },
	{ 'M', { "#  #", "####", "####", "#  #", "#  #" } },
	{ 'N', { "#  #", "## #", "# ##", "#  #", "#  #" } },
	{ 'P', { "### ", "#  #", "### ", "#   ", "#   " } },
	{ 'Q', { " ## ", "#  #", "#  #", "# ##", " ###" } },
	{ 'R', { "### ", "#  #", "### ", "# # ", "#  #" } },
	{ 'S', { " ###", "#   ", " ## ", "   #", "### " } },
	{ 'T', { "####", " ## ", " ## ", " ## ", " ## " } },
	{ 'U', { "#  #", "#  #", "#  #", "#  #", " ## " } },
	{ 'V', { "#  #", "#  #", "#  #", " ## ", " ## " } },
	{ 'W', { "#  #", "#  #", "####", "####", "#  #" } },
	{ 'X', { "#  #", " ## ", " ## ", " ## ", "#  #" } },
	{ 'Y', { "#  #", "#  #", " ## ", " ## ", " ## " } },
	{ 'Z', { "####", "   #", " ## ", "#   ", "####" } },
	{ '2', { "### ", "   #", " ## ", "#   ", "####" } },
	{ '3', { "### ", "   #", " ## ", "   #", "### " } },
	{ '4', { "#  #", "#  #", "####", "   #", "   #" } },
	{ '5', { "####", "#   ", "### ", "   #", "### " } },
	{ '6', { " ## ", "#   ", "### ", "#  #", " ## " } },
	{ '7', { "####", "   #", "  # ", " #  ", " #  " } },
	{ '8', { " ## ", "#  #", " ## ", "#  #", " ## " } },
	{ '9', { " ## ", "#  #", " ###", "   #", " ## " } },
	{ '-', { "    ", "    ", "####", "    ", "    " } },
};

static int
big_draw(const char *text, int y, int x, int w)
{
	struct buf	 line = BUF_INIT;
	const char	*p;
	size_t		 i;
	int		 r;

	for (r = 0; r < 5; r++) {
		buf_reset(&line);
		for (p = text; *p != '\0'; p++)
			for (i = 0; i < sizeof big_font / sizeof big_font[0];
			    i++)
				if (big_font[i].c == *p) {
					buf_adds(&line, big_font[i].rows[r]);
					buf_adds(&line, "  ");
				}
		ui_text(y++, x, w, A_BOLD, "%s", line.data);
	}
	buf_release(&line);
	return y;
}

/* Where to sign in, the code, the time left and the outcome. */
static int
esia_text(struct esia *e, int y, int x, int w, int maxy, int big)
{
	long	left;
	char	mmss[16];

	y = ui_para(y, x, w, maxy, 0, big ? _("The QR code does not fit on "
	    "this terminal: open this address on any device, type the code "
	    "there and sign in to Gosuslugi:") : _("Open this address on any "
	    "device, or scan the code, and sign in to Gosuslugi:"));
	ui_text(y++, x, w, A_BOLD, "%s", jstr(e->start, "verification_uri"));
	ui_text(y++, x, w, 0, _("Code: %s"), jstr(e->start, "user_code"));
	if (big && y + 6 <= maxy)
		y = big_draw(jstr(e->start, "user_code"), y + 1, x, w);
	if (!e->over) {
		ui_want_tick();
		left = (long)(e->expires - clock_now());
		text_mmss(left, mmss, sizeof mmss);
		ui_text(y++, x, w, 0, _("Waiting for Gosuslugi; %s left"),
		    mmss);
	}
	if (e->note.text != NULL)
		y = ui_para(y + 1, x, w, maxy, A_REVERSE, e->note.text);
	return y;
}

#define ESIA_TEXT_MIN_W	30	/* the text beside the QR code */

/*
 * The QR code must be whole to be scanned: beside the text if there is
 * room (qr.c picks the widest quiet zone that fits), else alone with the
 * code under it, else not at all — then the address and the code are
 * shown large.
 */
static void
esia_draw(struct screen *s, int y, int x, int h, int w)
{
	struct esia	*e = s->priv;
	int		 maxy = y + h, q, rows, cols;

	if (e->start == NULL) {
		if (e->note.text != NULL)
			ui_para(y, x, w, maxy, A_REVERSE, e->note.text);
		return;
	}
	if (e->over && e->note.text != NULL) {
		/* Nothing left to scan: say how it ended. */
		esia_text(e, y, x, w, maxy, 0);
		return;
	}
	if ((q = qr_fit(e->qr, h, w - 2 - ESIA_TEXT_MIN_W)) != 0) {
		qr_size(e->qr, q, &rows, &cols);
		qr_draw(e->qr, q, y, x);
		esia_text(e, y, x + cols + 2, w - cols - 2, maxy, 0);
		return;
	}
	if ((q = qr_fit(e->qr, h - 1, w)) != 0) {
		qr_size(e->qr, q, &rows, &cols);
		qr_draw(e->qr, q, y, x);
		ui_text(y + rows, x, w, A_BOLD, _("Code: %s"),
		    jstr(e->start, "user_code"));
		return;
	}
	esia_text(e, y, x, w, maxy, 1);
}

static void
esia_key_back(struct screen *s)
{
	ui_pop(s);
}

static const struct keybind esia_keys[] = {
	{ { KEYC_ESC }, NULL, N_("Back"), esia_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

const struct screen_class screen_esia = {
	N_("Sign in through Gosuslugi"), 0, esia_keys, esia_enter, esia_leave,
	esia_event, esia_draw, NULL
};

void
screen_esia_open_for(const char *purpose)
{
	struct esia	*e = xcalloc(1, sizeof *e);

	snprintf(e->purpose, sizeof e->purpose, "%s", purpose);
	ui_push(&screen_esia, e);
}

void
screen_esia_open(void)
{
	screen_esia_open_for("login");
}
