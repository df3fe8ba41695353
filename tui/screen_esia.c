/*
 * screen_esia.c — "Войти через Госуслуги": the lender brokers the
 * Gosuslugi (ESIA) sign-in as a device authorization, so the terminal
 * shows where to sign in — the verification address, the user code, a QR
 * code of both (libqrencode, drawn with Unicode half blocks, or ASCII
 * on a terminal that is not UTF-8), the user code and a countdown — and
 * waits for auth.gosuslugi.done.  An approved sign-in arrives as
 * session.changed and route.c takes the user to the account.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <qrencode.h>

#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

struct esia {
	json_t		*start;		/* auth.gosuslugi.start's answer */
	time_t		 expires;
	QRcode		*qr;
	char		*message;	/* translated, or NULL */
	int		 over;		/* done: no more waiting */
	char		 purpose[16];	/* login | registration */
};

static const char *
jstr(json_t *o, const char *k)
{
	json_t	*v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : "";
}

static void
esia_message(struct esia *e, const char *text)
{
	free(e->message);
	e->message = text != NULL ? xstrdup(text) : NULL;
	ui_dirty = 1;
}

static void
esia_start_cb(struct screen *s, json_t *result, json_t *error)
{
	struct esia	*e;
	struct buf	 b = BUF_INIT;

	if (s == NULL)
		return;
	e = s->priv;
	if (error != NULL) {
		reasons_describe(error, &b);
		esia_message(e, b.data);
		buf_release(&b);
		e->over = 1;
		return;
	}
	e->start = json_incref(result);
	e->expires = text_parse_time(jstr(result, "expires_at"));
	e->qr = QRcode_encodeString(jstr(result, "url"), 0, QR_ECLEVEL_L,
	    QR_MODE_8, 1);
	ui_dirty = 1;
}

static void
esia_enter(struct screen *s)
{
	struct esia	*e = s->priv;

	if (conn_request(M_AUTH_GOSUSLUGI_START, json_pack("{s:s}", "purpose",
	    e->purpose), esia_start_cb, s) == -1)
		esia_message(s->priv, _("The daemon is not connected; try "
		    "again when it is back"));
}

static void
esia_leave(struct screen *s)
{
	struct esia	*e = s->priv;

	json_decref(e->start);
	if (e->qr != NULL)
		QRcode_free(e->qr);
	free(e->message);
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
		esia_message(e, _("Signed in through Gosuslugi"));
	else if (strcmp(outcome, "denied") == 0)
		esia_message(e, _("The sign-in was refused on Gosuslugi"));
	else if (strcmp(outcome, "expired") == 0)
		esia_message(e, _("Time is up; press Esc and try again"));
	else if (strcmp(outcome, "no_account") == 0)
		esia_message(e, _("This Gosuslugi account has no account "
		    "here; register first"));
	else
		esia_message(e, _("The sign-in through Gosuslugi did not "
		    "work; try again"));
}

/* The QR code: two modules a row in half blocks, or two characters a
 * module in ASCII; a quiet zone of two modules.  Returns the next row. */
static int
qr_draw(QRcode *qr, int y, int x, int maxy)
{
	int		 n = qr->width, q = 2, r, c, top, bot;
	struct buf	 line = BUF_INIT;

#define DARK(rr, cc) ((rr) >= 0 && (rr) < n && (cc) >= 0 && (cc) < n && \
	    (qr->data[(rr) * n + (cc)] & 1))
	if (text_utf8()) {
		for (r = -q; r < n + q && y < maxy; r += 2) {
			buf_reset(&line);
			for (c = -q; c < n + q; c++) {
				top = DARK(r, c);
				bot = DARK(r + 1, c);
				/* Light modules are drawn, dark left blank:
				 * reads as dark on light in most themes. */
				buf_adds(&line, !top && !bot ? "█" : !top ?
				    "▀" : !bot ? "▄" : " ");
			}
			ui_text(y++, x, (int)(n + 2 * q), 0, "%s", line.data);
		}
	} else {
		for (r = -q; r < n + q && y < maxy; r++) {
			buf_reset(&line);
			for (c = -q; c < n + q; c++)
				buf_adds(&line, DARK(r, c) ? "##" : "  ");
			ui_text(y++, x, (int)(2 * (n + 2 * q)), 0, "%s",
			    line.data);
		}
	}
#undef DARK
	buf_release(&line);
	return y;
}

static void
esia_draw(struct screen *s, int y, int x, int h, int w)
{
	struct esia	*e = s->priv;
	int		 maxy = y + h;
	long		 left;
	char		 mmss[16];

	y = ui_para(y, x, w, maxy, 0, _("Open this address on any device, "
	    "or scan the code, and sign in to Gosuslugi:"));
	if (e->start != NULL) {
		ui_text(y++, x, w, A_BOLD, "%s", jstr(e->start,
		    "verification_uri"));
		ui_text(y++, x, w, 0, _("Code: %s"), jstr(e->start,
		    "user_code"));
		if (!e->over) {
			left = (long)(e->expires - time(NULL));
			text_mmss(left, mmss, sizeof mmss);
			ui_text(y++, x, w, 0, _("Waiting for Gosuslugi; %s left"),
			    mmss);
		}
		if (e->qr != NULL)
			y = qr_draw(e->qr, y + 1, x, maxy - 1);
	}
	if (e->message != NULL)
		ui_para(y, x, w, maxy, A_REVERSE, e->message);
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
