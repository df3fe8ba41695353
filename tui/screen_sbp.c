/*
 * screen_sbp.c — paying by СБП (Faster Payments): the daemon asks the
 * lender for a payment link (payment.sbp.create, through the outbox like
 * a card payment), and the screen shows it as a QR code (qr.c) beside the
 * amount, the payee and the time left, with the link as text under it —
 * the only way to pay on a terminal that cannot draw the code.  What
 * became of the link arrives live as sbp.updated: paid (with the split in
 * the legal order), refused in the bank, or expired.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/clock.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"
#include "repay.h"

#define SBP_TEXT_MIN_W	30	/* the text beside the QR code */

struct sbp {
	char		 loan_id[48];
	int64_t		 amount;
	int		 again;		/* the user confirmed a second link */
	json_t		*link;		/* the lender's sbp object */
	char		*pending;	/* the outbox key while unanswered */
	struct qr	*qr;
	struct note	note;
};

static void	sbp_create(struct screen *);

/* The lender's word on the link: kept, and its QR code made once. */
static void
sbp_set_link(struct sbp *p, json_t *link)
{
	if (!json_is_object(link))
		return;
	if (p->link == NULL || strcmp(jstr(p->link, "url"), jstr(link,
	    "url")) != 0) {
		qr_free(p->qr);
		p->qr = qr_new(jstr(link, "url"));
		note_set(&p->note, 0, NULL);	/* "asking…" is over */
	}
	json_decref(p->link);
	p->link = json_incref(link);
	if (strcmp(jstr(link, "status"), "pending") != 0)
		note_set(&p->note, 0, NULL);
}

static void
sbp_again(struct screen *s)
{
	struct sbp	*p = s->priv;

	p->again = 1;
	sbp_create(s);
}

static void
sbp_created(struct screen *s, json_t *result, json_t *error)
{
	struct sbp	*p;
	char		 m[MONEY_FMT_LEN], *text;

	repay_dash_refresh();
	if (s == NULL)
		return;
	p = s->priv;
	if (error == NULL) {
		sbp_set_link(p, json_object_get(result, "sbp"));
		note_set(&p->note, 0, json_is_true(json_object_get(result,
		    "reopened")) ? _("The link made before for this amount "
		    "still waits to be paid: here it is again.") : NULL);
		repay_sbp_refresh();
		return;
	}
	if (strcmp(reasons_of(error), R_PAYMENT_PENDING) == 0) {
		free(p->pending);
		p->pending = xstrdup(jstr(json_object_get(error, "data"),
		    "key"));
		note_set(&p->note, 0, _("The lender has not answered yet.  The "
		    "request is kept and sent again until it does; the link "
		    "will show here."));
		return;
	}
	if (strcmp(reasons_of(error), R_PAYMENT_UNSETTLED) == 0) {
		note_set(&p->note, 1, reasons_text(R_PAYMENT_UNSETTLED));
		xasprintf(&text, _("A СБП link for %s to this loan was asked "
		    "for and the lender has not answered yet.  Ask for a second "
		    "one?"), text_money(p->amount, m, sizeof m));
		dialog_confirm(_("Pay by СБП"), text, sbp_again);
		free(text);
		return;
	}
	note_reason(&p->note, error);
}

static void
sbp_create(struct screen *s)
{
	struct sbp	*p = s->priv;

	if (conn_request(M_PAYMENT_SBP_CREATE, json_pack("{s:s, s:I, s:b}",
	    "loan_id", p->loan_id, "amount", (json_int_t)p->amount,
	    "confirm_duplicate", p->again), sbp_created, s) == -1)
		note_set(&p->note, 1, _("The daemon is not connected; try "
		    "again when it is back"));
	else
		note_set(&p->note, 0, _("Asking the lender for a payment "
		    "link…"));
}

static void
sbp_got(struct screen *s, json_t *result, json_t *error)
{
	if (s != NULL && error == NULL)
		sbp_set_link(s->priv, json_object_get(result, "sbp"));
}

/* A link made before (reopened from Repay): what became of it, not a
 * new one. */
static void
sbp_enter(struct screen *s)
{
	struct sbp	*p = s->priv;

	if (p->link == NULL) {
		sbp_create(s);
		return;
	}
	conn_request(M_PAYMENT_SBP_GET, json_pack("{s:s}", "sbp_id",
	    jstr(p->link, "id")), sbp_got, s);
}

static void
sbp_event(struct screen *s, const char *method, json_t *params)
{
	struct sbp	*p = s->priv;
	json_t		*link = json_object_get(params, "sbp");

	if (route_reread(method, params) && p->link != NULL) {
		/* Back from a restart: what happened meanwhile. */
		conn_request(M_PAYMENT_SBP_GET, json_pack("{s:s}", "sbp_id",
		    jstr(p->link, "id")), sbp_got, s);
		return;
	}
	if (strcmp(method, E_PAYMENT_UPDATED) == 0 && p->pending != NULL &&
	    strcmp(jstr(params, "key"), p->pending) == 0) {
		free(p->pending);
		p->pending = NULL;
		if (strcmp(jstr(params, "state"), "succeeded") == 0)
			sbp_set_link(p, link);
		else
			note_set(&p->note, 1, _("The lender refused to make a "
			    "payment link"));
		return;
	}
	if (strcmp(method, E_SBP_UPDATED) == 0 && p->link != NULL &&
	    strcmp(jstr(link, "id"), jstr(p->link, "id")) == 0)
		sbp_set_link(p, link);
}

static void
sbp_leave(struct screen *s)
{
	struct sbp	*p = s->priv;

	json_decref(p->link);
	qr_free(p->qr);
	free(p->pending);
	note_free(&p->note);
	free(p);
}

/* The amount, the payee, the time left and the link as text. */
static int
sbp_text(struct sbp *p, int y, int x, int w, int maxy, int big)
{
	json_t	*payee = json_object_get(p->link, "payee");
	char	 mmss[16], m[MONEY_FMT_LEN], *who;
	long	 left;

	ui_text(y++, x, w, A_BOLD, _("Amount: %s"), text_money(jint(p->link,
	    "amount"), m, sizeof m));
	xasprintf(&who, _("Payee: %s, INN %s"), jstr(payee, "name"),
	    jstr(payee, "inn"));
	y = ui_para(y, x, w, maxy, 0, who);
	free(who);
	ui_want_tick();
	left = (long)(text_parse_time(jstr(p->link, "expires_at")) -
	    clock_now());
	text_mmss(left > 0 ? left : 0, mmss, sizeof mmss);
	ui_text(y++, x, w, A_BOLD, left > 0 ? _("Valid for %s more") :
	    _("Time is up (%s); waiting for the lender's word"), mmss);
	y = ui_para(y + 1, x, w, maxy, 0, big ? _("The QR code does not fit "
	    "on this terminal: open this link in your bank's app, or on any "
	    "device, and pay:") : _("Scan the QR code with your bank's app, or "
	    "open this link:"));
	y = ui_para(y, x, w, maxy, A_BOLD, jstr(p->link, "url"));
	if (p->note.text != NULL && !p->note.error)
		y = ui_para(y + 1, x, w, maxy, 0, p->note.text);
	return y;
}

/* How it ended: paid with its split, refused, or expired. */
static void
sbp_outcome(struct sbp *p, int y, int x, int w, int maxy)
{
	const char	*st = jstr(p->link, "status");
	json_t		*pay = json_object_get(p->link, "payment");

	if (strcmp(st, "paid") == 0) {
		if (jint(pay, "amount") > 0 && strcmp(jstr(pay, "kind"),
		    "payment") == 0) {
			y = repay_money_row(y, x, w, A_BOLD, _("Paid by СБП"),
			    jint(pay, "amount"));
			ui_text(y++, x, w, 0, "%s", _("Split:"));
			y = repay_split_draw(y, x, w, json_object_get(pay,
			    "split"));
		}
		if (jint(p->link, "refunded") > 0)
			y = repay_money_row(y, x, w, 0, _("Returned to the "
			    "payer: more than was owed"), jint(p->link,
			    "refunded"));
		if (json_is_true(json_object_get(p->link, "late")))
			y = ui_para(y + 1, x, w, maxy, 0, _("The money came "
			    "after the link had expired; it is yours and is "
			    "credited to the loan."));
		ui_para(y + 1, x, w, maxy, A_REVERSE, _("Paid.  Esc to go "
		    "back"));
	} else if (strcmp(st, "expired") == 0)
		ui_para(y, x, w, maxy, A_REVERSE, _("The payment link has "
		    "expired: nothing was paid.  Esc to go back; a new link "
		    "can be made on the Repay screen."));
	else
		ui_para(y, x, w, maxy, A_REVERSE, _("The payment was refused "
		    "in the bank: nothing was paid.  Esc to go back"));
}

static void
sbp_draw(struct screen *s, int y, int x, int h, int w)
{
	struct sbp	*p = s->priv;
	int		 maxy = y + h, q, rows, cols;

	if (p->link == NULL) {
		if (p->note.text != NULL)
			ui_para(y, x, w, maxy, p->note.error ? A_REVERSE : 0,
			    p->note.text);
		return;
	}
	if (strcmp(jstr(p->link, "status"), "pending") != 0) {
		ui_text(y, x, w, A_BOLD, "%s", _("Pay by СБП"));
		sbp_outcome(p, y + 2, x, w, maxy);
		return;
	}
	/* The code must be whole to be scanned: beside the text, else
	 * not at all (the link is there as text). */
	if ((q = qr_fit(p->qr, h, w - 2 - SBP_TEXT_MIN_W)) != 0) {
		qr_size(p->qr, q, &rows, &cols);
		qr_draw(p->qr, q, y, x);
		sbp_text(p, y, x + cols + 2, w - cols - 2, maxy, 0);
		return;
	}
	sbp_text(p, y, x, w, maxy, 1);
}

static void
sbp_key_back(struct screen *s)
{
	ui_pop(s);
}

static const struct keybind sbp_keys[] = {
	{ { KEYC_ESC }, NULL, N_("Back"), sbp_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

const struct screen_class screen_sbp = {
	N_("Pay by СБП"), 0, sbp_keys, sbp_enter, sbp_leave, sbp_event,
	sbp_draw, NULL
};

void
screen_sbp_open(const char *loan_id, int64_t amount)
{
	struct sbp	*p = xcalloc(1, sizeof *p);

	snprintf(p->loan_id, sizeof p->loan_id, "%s", loan_id);
	p->amount = amount;
	ui_push(&screen_sbp, p);
}

void
screen_sbp_reopen(json_t *link)
{
	struct sbp	*p = xcalloc(1, sizeof *p);

	snprintf(p->loan_id, sizeof p->loan_id, "%s", jstr(link, "loan_id"));
	p->amount = jint(link, "amount");
	sbp_set_link(p, link);
	ui_push(&screen_sbp, p);
}
