/*
 * screen_autopay.c — settings → autopay (автоплатёж): whether the lender
 * charges the default card on the loan's due date, the next charge, and
 * the consent's text; Enter signs it with an SMS code when off, or
 * withdraws it (no code) when on.  Also the dashboard's autopay line and
 * the live word of a charge made or declined (autopay.updated).
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/card.h"
#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"
#include "repay.h"

/* ---- shared: the last autopay.status, the last charge's word ---- */

static json_t	*ap_status;	/* autopay.status's answer, or NULL */
static char	*ap_notice;	/* the last autopay.updated, as words */
static int	 ap_notice_bad;	/* ... a failure */

static json_t *
ap_get(void)
{
	return json_object_get(ap_status, "autopay");
}

static int
ap_on(void)
{
	return json_is_true(json_object_get(ap_get(), "enabled"));
}

/* "Mir 220070…1111", or "" with no card. */
static const char *
ap_card(json_t *c, char *out, size_t len)
{
	if (!json_is_object(c)) {
		out[0] = '\0';
		return out;
	}
	return card_label(jstr(c, "brand"), jstr(c, "first6"), jstr(c,
	    "last4"), out, len);
}

static void
ap_status_cb(struct screen *s, json_t *result, json_t *error)
{
	(void)s;
	if (error != NULL || !json_is_object(result))
		return;
	json_decref(ap_status);
	ap_status = json_incref(result);
}

void
autopay_dash_refresh(void)
{
	conn_request(M_AUTOPAY_STATUS, NULL, ap_status_cb, NULL);
}

/* autopay.updated in words, for the dashboard and this screen. */
static void
ap_notice_set(json_t *p)
{
	char		 m[MONEY_FMT_LEN], card[CARD_LABEL_LEN], hm[8];
	const char	*result = jstr(p, "result");
	time_t		 t;

	text_money(jint(p, "amount"), m, sizeof m);
	ap_card(json_object_get(p, "card"), card, sizeof card);
	free(ap_notice);
	ap_notice_bad = strcmp(result, "charged") != 0;
	if (!ap_notice_bad)
		xasprintf(&ap_notice, _("Autopay: %s charged from %s"), m,
		    card);
	else if (strcmp(jstr(p, "reason"), "no_card") == 0)
		xasprintf(&ap_notice, _("Autopay: no card to charge %s from; "
		    "link one and repay"), m);
	else if ((t = text_parse_time(jstr(p, "retry_at"))) != -1) {
		text_hhmm(t, hm, sizeof hm);
		xasprintf(&ap_notice, _("Autopay: the bank declined %s from "
		    "%s; it is tried once more tomorrow at %s"), m, card, hm);
	} else
		xasprintf(&ap_notice, _("Autopay: the bank declined %s from "
		    "%s again; repay it yourself"), m, card);
}

void
autopay_dash_event(const char *method, json_t *params)
{
	if (strcmp(method, E_AUTOPAY_UPDATED) == 0 && json_is_object(params)) {
		ap_notice_set(params);
		autopay_dash_refresh();
	} else if (route_reread(method, params) ||
	    strcmp(method, E_LOAN_UPDATED) == 0)
		autopay_dash_refresh();
}

int
autopay_dash_line(int y, int x, int w)
{
	json_t	*next = json_object_get(ap_get(), "next_charge");
	char	 card[CARD_LABEL_LEN], d[DATE_FMT_LEN], hm[8];
	time_t	 t;

	if (!ap_on() || !json_is_object(next))
		return y;
	ap_card(json_object_get(ap_get(), "card"), card, sizeof card);
	ui_text(y, x, REPAY_COL, A_BOLD, "%s", _("Autopay"));
	if ((t = text_parse_time(jstr(next, "retry_at"))) != -1) {
		text_hhmm(t, hm, sizeof hm);
		ui_text(y, x + REPAY_COL, w - REPAY_COL, A_BOLD,
		    _("declined; again at %s from %s"), hm, card);
	} else
		ui_text(y, x + REPAY_COL, w - REPAY_COL, 0,
		    _("on: %s from %s"), date_show_iso(jstr(next, "due_on"),
		    d, sizeof d), card);
	return y + 1;
}

int
autopay_dash_notice(int y, int x, int w, int maxy)
{
	if (ap_notice == NULL || y >= maxy)
		return y;
	return ui_para(y, x, w, maxy, ap_notice_bad ? A_BOLD : 0, ap_notice)
	    + 1;
}

/* ---- the screen ---- */

struct autopay {
	json_t	*consent;	/* autopay.consent's answer */
	int	 match;		/* its text has its SHA-256 */
	struct pager pager;	/* over the consent's text */
	struct note	note;
	int	 setting;	/* autopay.on / autopay.off on its way */
};

static void	ap_key_toggle(struct screen *);
static void	ap_key_back(struct screen *);

static const struct keybind ap_keys[] = {
	{ { KEYC_FN(KEY_UP), 'k' }, "Up", N_("Scroll up"), pager_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, "Down", N_("Scroll down"),
	  pager_key_down, 0 },
	{ { KEYC_FN(KEY_PPAGE), 'b' }, "PgUp", N_("Page up"), pager_key_pgup,
	  0 },
	{ { KEYC_FN(KEY_NPAGE), ' ' }, "PgDn", N_("Page down"),
	  pager_key_pgdn, 0 },
	{ { KEYC_ENTER }, NULL, N_("Switch on or off"), ap_key_toggle,
	  KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), ap_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
ap_say(struct screen *s, int error, const char *text)
{
	struct autopay	*a = s->priv;

	note_set(&a->note, error, text);
}

static void
ap_fail(struct screen *s, json_t *error)
{
	struct autopay	*a = s->priv;

	note_reason(&a->note, error);
}

static void
ap_consent_cb(struct screen *s, json_t *result, json_t *error)
{
	struct autopay	*a;

	if (s == NULL)
		return;
	if (error != NULL) {
		ap_fail(s, error);
		return;
	}
	a = s->priv;
	json_decref(a->consent);
	a->consent = json_incref(result);
	a->match = documents_sha256_ok(jstr(result, "text"), jstr(result,
	    "sha256"));
}

static void
ap_enter(struct screen *s)
{
	autopay_dash_refresh();
	conn_request(M_AUTOPAY_CONSENT, NULL, ap_consent_cb, s);
}

static void
ap_set_cb(struct screen *s, json_t *result, json_t *error)
{
	if (s == NULL)
		return;
	((struct autopay *)s->priv)->setting = 0;
	if (error != NULL) {
		ap_fail(s, error);
		return;
	}
	ap_status_cb(NULL, result, NULL);
	ap_say(s, 0, ap_on() ? _("Autopay is on: the consent is signed and "
	    "listed in My documents") : _("Autopay is off"));
}

static void
ap_off_confirmed(struct screen *s)
{
	struct autopay	*a = s->priv;

	if (conn_request(M_AUTOPAY_OFF, NULL, ap_set_cb, s) == -1)
		ap_say(s, 1, _("The daemon is not connected; try again when "
		    "it is back"));
	else
		a->setting = 1;
}

static void
ap_key_toggle(struct screen *s)
{
	struct autopay	*a = s->priv;

	/* Only a switch on its way stops another: the screen re-reads its
	 * consent after every charge or decline, and a key that did nothing
	 * meanwhile would be lost to the borrower. */
	if (a->setting || ap_status == NULL)
		return;
	if (ap_on()) {
		dialog_confirm(_("Autopay"), _("Switch autopay off? The card "
		    "will not be charged on the due date; you repay yourself."),
		    ap_off_confirmed);
		return;
	}
	if (a->consent == NULL || !a->match) {
		ap_say(s, 1, _("The consent's text did not arrive whole; it "
		    "cannot be signed"));
		return;
	}
	if (conn_request(M_AUTOPAY_ON, json_pack("{s:s}", "document_sha256",
	    jstr(a->consent, "sha256")), ap_set_cb, s) == -1)
		ap_say(s, 1, _("The daemon is not connected; try again when "
		    "it is back"));
	else {
		a->setting = 1;
		ap_say(s, 0, _("Asking the lender to send an SMS code…"));
	}
}

static void
ap_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
ap_leave(struct screen *s)
{
	struct autopay	*a = s->priv;

	json_decref(a->consent);
	note_free(&a->note);
	free(a);
}

static void
ap_draw(struct screen *s, int y, int x, int h, int w)
{
	struct autopay	*a = s->priv;
	json_t		*ap = ap_get();
	char		 card[CARD_LABEL_LEN];
	int		 maxy = y + h;

	ui_text(y, x, w, A_BOLD, "%s", _("Autopay"));
	y += 2;
	ap_card(json_object_get(ap, "card"), card, sizeof card);
	if (ap_status == NULL)
		ui_text(y++, x, w, 0, "%s", _("Reading…"));
	else if (ap_on())
		y = ui_para(y, x, w, maxy, A_BOLD, *card != '\0' ?
		    _("On: on the loan's due date the lender charges what is "
		    "due then from your default card") : _("On, but no card is "
		    "linked: link one"));
	else
		y = ui_para(y, x, w, maxy, 0, _("Off.  Read the consent below; "
		    "Enter signs it with an SMS code."));
	if (*card != '\0') {
		ui_text(y, x, REPAY_COL, 0, "%s", _("Card"));
		ui_text(y++, x + REPAY_COL, w - REPAY_COL, 0, "%s", card);
	}
	y = autopay_dash_line(y, x, w);
	y = autopay_dash_notice(y, x, w, maxy);
	y++;
	if (a->note.text != NULL)
		y = note_draw(&a->note, y, x, w, maxy) + 1;
	if (a->consent == NULL || ap_on())
		return;
	ui_text(y++, x, w, A_BOLD, "%s", jstr(a->consent, "title"));
	if (!a->match)
		ui_text(y++, x, w, A_REVERSE, "%s", _("WARNING: the text "
		    "received does NOT match this SHA-256."));
	pager_draw(&a->pager, y, x, w, maxy, jstr(a->consent, "text"));
}

/* A charge made or declined, switched elsewhere, signed in again. */
static void
ap_event(struct screen *s, const char *method, json_t *params)
{
	if (route_reread(method, params))
		ap_enter(s);
}

const struct screen_class screen_autopay = {
	N_("Autopay"), 0, ap_keys, ap_enter, ap_leave, ap_event, ap_draw, NULL
};

void
screen_autopay_open(void)
{
	struct autopay	*a = xcalloc(1, sizeof *a);

	ui_push(&screen_autopay, a)->pager = &a->pager;
}
