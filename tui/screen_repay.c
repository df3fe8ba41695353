/*
 * screen_repay.c — repaying the loan: what is due today on the
 * dashboard and the repay screen (the full amount to the kopeck or a part,
 * a card, a confirmation, the receipt with its split, the new balance and
 * after a part the new ПСК and schedule).  The extension screen is
 * screen_extend.c.
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

/* ---- shared: the open loan, what is due today, the cards ---- */

static json_t	*dash_due;	/* loan.due's last answer, or NULL */

static void
dash_due_cb(struct screen *s, json_t *result, json_t *error)
{
	(void)s;
	if (error != NULL || !json_is_object(result))
		return;
	json_decref(dash_due);
	dash_due = json_incref(result);
}

void
repay_dash_refresh(void)
{
	conn_request(M_LOAN_DUE, NULL, dash_due_cb, NULL);
}

void
repay_dash_event(const char *method, json_t *params)
{
	(void)params;
	if (strcmp(method, E_PAYMENT_UPDATED) == 0 ||
	    strcmp(method, "loan.updated") == 0)
		repay_dash_refresh();
}

/* A card as shown: "Mir 220070…1111  12/30". */
static void
repay_card_label(json_t *c, char *out, size_t len)
{
	char	l[CARD_LABEL_LEN];

	snprintf(out, len, "%s  %02d/%02d", card_label(jstr(c, "brand"),
	    jstr(c, "first6"), jstr(c, "last4"), l, sizeof l),
	    (int)jint(c, "exp_month"),
	    (int)(jint(c, "exp_year") % 100));
}

/* A money row: label, amount. */
int
repay_money_row(int y, int x, int w, int attr, const char *label, int64_t k)
{
	char	m[MONEY_FMT_LEN];

	ui_text(y, x, REPAY_COL, attr, "%s", label);
	ui_text(y, x + REPAY_COL, w - REPAY_COL, attr, "%s",
	    text_money(k, m, sizeof m));
	return y + 1;
}

int
repay_dash_draw(int y, int x, int w, int maxy)
{
	json_t	*loan = json_object_get(dash_due, "loan");
	json_t	*due = json_object_get(dash_due, "due_today");
	char	 d[DATE_FMT_LEN];
	int	 overdue;

	if (!json_is_object(loan) || y + 5 >= maxy)
		return y;
	overdue = strcmp(jstr(loan, "state"), "overdue") == 0;
	ui_text(y, x, REPAY_COL, A_BOLD, "%s", _("Loan"));
	ui_text(y++, x + REPAY_COL, w - REPAY_COL, overdue ? A_BOLD : 0,
	    overdue ? _("%s, OVERDUE since %s") : _("%s, due on %s"),
	    jstr(loan, "contract_number"), date_show_iso(jstr(loan,
	    "due_on"), d, sizeof d));
	y = repay_money_row(y, x, w, A_BOLD, _("Due today"),
	    jint(due, "total"));
	if (overdue)
		y = repay_money_row(y, x, w, 0, _("  of which penalty"),
		    jint(due, "penalty"));
	y = repay_money_row(y, x, w, 0, _("To repay on the due date"),
	    jint(loan, "total_due"));
	y = autopay_dash_line(y, x, w);
	return y + 1;
}

/* ---- the repay screen ---- */

struct repay {
	struct form	 form;
	json_t		*due;		/* loan.due */
	json_t		*cards;		/* card.list items */
	size_t		 card;
	json_t		*receipt;
	char		*pending;	/* the outbox key while pending */
	json_t		*unsettled;	/* outbox.list items of this loan */
	int64_t		 amount;
	int		 again;		/* the user confirmed a second one */
	int		 stale;		/* due being read again after a payment */
	int		 full_wanted;	/* F3 pressed meanwhile */
	int		 sbp;		/* pay by СБП, not from a card */
	json_t		*sbp_links;	/* payment.sbp.list: links waiting */
};

static void	repay_submit(struct screen *);
static void	repay_enter(struct screen *);
static void	repay_key_full(struct screen *);
static void	repay_key_card(struct screen *);
static void	repay_key_sbp(struct screen *);
static void	repay_key_sbp_link(struct screen *);
static void	repay_sbp_links_read(struct screen *);
static void	repay_key_extend(struct screen *);
static void	repay_key_back(struct screen *);

static const struct keybind repay_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Pay"), repay_submit, KB_BAR },
	{ { KEYC_FN(KEY_F(3)), KEYC_CTRL('T') }, "F3", N_("Full amount"),
	  repay_key_full, KB_BAR },
	{ { KEYC_FN(KEY_F(4)), KEYC_CTRL('N') }, "F4", N_("Next card"),
	  repay_key_card, KB_BAR },
	/* Not on the bar (Esc would fall off it at 80 columns): the card
	 * row names it, and F1 lists it. */
	{ { KEYC_FN(KEY_F(5)), KEYC_CTRL('Y') }, "F5", N_("СБП"),
	  repay_key_sbp, 0 },
	/* Not on the bar either: the link's row names it. */
	{ { KEYC_CTRL('O') }, NULL, N_("The СБП link waiting"),
	  repay_key_sbp_link, 0 },
	{ { KEYC_FN(KEY_F(6)), KEYC_CTRL('P') }, "F6", N_("Extension"),
	  repay_key_extend, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), repay_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
repay_due_cb(struct screen *s, json_t *result, json_t *error)
{
	struct repay	*r;
	struct buf	 b = BUF_INIT;

	if (s == NULL)
		return;
	r = s->priv;
	r->stale = 0;
	if (error != NULL) {
		r->full_wanted = 0;
		reasons_describe(error, &b);
		form_message(&r->form, 1, "%s", b.data);
		buf_release(&b);
		return;
	}
	json_decref(r->due);
	r->due = json_incref(result);
	dash_due_cb(NULL, result, NULL);
	repay_sbp_links_read(s);
	if (r->full_wanted) {
		r->full_wanted = 0;
		repay_key_full(s);
	}
	if (!json_is_object(json_object_get(result, "loan")) &&
	    r->receipt == NULL)
		form_message(&r->form, 0, "%s", _("You have no loan to repay"));
	else if (r->form.message != NULL && strcmp(r->form.message,
	    _("You have no loan to repay")) == 0)
		form_message(&r->form, 0, NULL);	/* there is one now */
}

static void
repay_cards_cb(struct screen *s, json_t *result, json_t *error)
{
	struct repay	*r;
	json_t		*c;
	size_t		 i;

	if (s == NULL || error != NULL)
		return;
	r = s->priv;
	json_decref(r->cards);
	r->cards = json_incref(json_object_get(result, "items"));
	json_array_foreach(r->cards, i, c)
		if (json_is_true(json_object_get(c, "default")))
			r->card = i;
}

static int64_t
repay_total(struct repay *r)
{
	return jint(json_object_get(r->due, "due_today"), "total");
}

static void
repay_key_full(struct screen *s)
{
	struct repay	*r = s->priv;
	char		 m[MONEY_FMT_LEN];

	if (r->stale) {
		r->full_wanted = 1;	/* when the new due arrives */
		return;
	}
	money_format(repay_total(r), MONEY_ASCII_RU, m, sizeof m);
	/* "12 345,67 rub." → "12 345,67" */
	if (strchr(m, ' ') != NULL && strrchr(m, ' ') != NULL)
		*strrchr(m, ' ') = '\0';
	field_set(form_field(&r->form, 0), m);
	field_leave(form_field(&r->form, 0));
}

static void
repay_key_card(struct screen *s)
{
	struct repay	*r = s->priv;

	r->sbp = 0;
	if (json_array_size(r->cards) > 0)
		r->card = (r->card + 1) % json_array_size(r->cards);
}

/* By СБП (a QR code the bank's app scans), or back to the card. */
static void
repay_key_sbp(struct screen *s)
{
	struct repay	*r = s->priv;

	r->sbp = !r->sbp;
}

/* The loan's СБП links still waiting to be paid (one left on its
 * screen): shown, and Ctrl-O opens the newest again. */
static void
repay_sbp_links_cb(struct screen *s, json_t *result, json_t *error)
{
	struct repay	*r;

	if (s == NULL || error != NULL)
		return;
	r = s->priv;
	json_decref(r->sbp_links);
	r->sbp_links = json_incref(json_object_get(result, "items"));
}

static void
repay_sbp_links_read(struct screen *s)
{
	struct repay	*r = s->priv;
	const char	*loan = jstr(json_object_get(r->due, "loan"), "id");

	if (*loan != '\0')
		conn_request(M_PAYMENT_SBP_LIST, json_pack("{s:s}", "loan_id",
		    loan), repay_sbp_links_cb, s);
}

void
repay_sbp_refresh(void)
{
	struct screen	*s = ui_find(&screen_repay);

	if (s != NULL)
		repay_sbp_links_read(s);
}

static void
repay_key_sbp_link(struct screen *s)
{
	struct repay	*r = s->priv;
	json_t		*link = json_array_get(r->sbp_links, 0);

	if (!json_is_object(link)) {
		form_message(&r->form, 1, "%s", _("No СБП link is waiting to "
		    "be paid"));
		return;
	}
	screen_sbp_reopen(link);
}

static void
repay_sbp_confirmed(struct screen *s)
{
	struct repay	*r = s->priv;

	screen_sbp_open(jstr(json_object_get(r->due, "loan"), "id"),
	    r->amount);
}

static void
repay_key_extend(struct screen *s)
{
	(void)s;
	screen_extend_open();
}

static void
repay_key_back(struct screen *s)
{
	ui_pop(s);
}

/* Payments to this loan the lender has not settled yet (a crash or a
 * timeout left them in the outbox): shown, so nobody pays twice. */
static void
repay_outbox_cb(struct screen *s, json_t *result, json_t *error)
{
	struct repay	*r;
	json_t		*e;
	size_t		 i;

	if (s == NULL || error != NULL)
		return;
	r = s->priv;
	json_decref(r->unsettled);
	r->unsettled = json_array();
	json_array_foreach(json_object_get(result, "items"), i, e)
		if (strcmp(jstr(e, "kind"), "payment") == 0)
			json_array_append(r->unsettled, e);
}

static void	repay_confirmed(struct screen *);

static void
repay_again(struct screen *s)
{
	struct repay	*r = s->priv;

	r->again = 1;
	repay_confirmed(s);
}

static void
repay_paid_cb(struct screen *s, json_t *result, json_t *error)
{
	struct repay	*r;
	struct buf	 b = BUF_INIT;
	json_t		*d;

	repay_dash_refresh();
	if (s == NULL)
		return;
	r = s->priv;
	if (error != NULL) {
		d = json_object_get(error, "data");
		if (strcmp(reasons_of(error), R_PAYMENT_PENDING) == 0) {
			free(r->pending);
			r->pending = xstrdup(jstr(d, "key"));
			form_message(&r->form, 0, "%s", _("The lender has not "
			    "answered yet.  The payment is kept and sent again "
			    "until it does; its outcome will show here."));
			return;
		}
		if (strcmp(reasons_of(error), R_PAYMENT_UNSETTLED) == 0) {
			char	 m[MONEY_FMT_LEN], *text;

			conn_request(M_OUTBOX_LIST, NULL, repay_outbox_cb, s);
			form_message(&r->form, 1, "%s", reasons_text(
			    R_PAYMENT_UNSETTLED));
			xasprintf(&text, _("A payment of %s to this loan is not "
			    "confirmed by the lender yet.  Pay %s a second "
			    "time?"), text_money(r->amount, m, sizeof m), m);
			dialog_confirm(_("Pay again"), text, repay_again);
			free(text);
			return;
		}
		reasons_describe(error, &b);
		form_message(&r->form, 1, "%s", b.data);
		buf_release(&b);
		return;
	}
	json_decref(r->receipt);
	r->receipt = json_incref(result);
	form_message(&r->form, 0, "%s", _("Paid.  Esc to go back"));
	/* What is due now, for F3 and the next payment. */
	r->stale = conn_request(M_LOAN_DUE, NULL, repay_due_cb, s) == 0;
}

static void
repay_confirmed(struct screen *s)
{
	struct repay	*r = s->priv;
	json_t		*card = json_array_get(r->cards, r->card);

	form_screen_request(s, M_PAYMENT_MAKE, json_pack(
	    "{s:s, s:s, s:I, s:b}", "loan_id", jstr(json_object_get(r->due,
	    "loan"), "id"), "card_id", jstr(card, "id"), "amount",
	    (json_int_t)r->amount, "confirm_duplicate", r->again),
	    repay_paid_cb, _("Paying…"));
}

static void
repay_submit(struct screen *s)
{
	struct repay	*r = s->priv;
	struct field	*f = form_field(&r->form, 0);
	json_t		*card = json_array_get(r->cards, r->card);
	char		 m[MONEY_FMT_LEN], c[64], k[32], *text;
	static char	 hint[160];	/* the field's error, shown after */

	if (s->busy || r->pending != NULL || r->stale)
		return;
	if (r->receipt != NULL) {
		/* Paid in part: the next payment starts from the new due. */
		if (strcmp(jstr(json_object_get(r->receipt, "loan"), "state"),
		    "closed") == 0)
			return;
		json_decref(r->receipt);
		r->receipt = NULL;
	}
	if (!json_is_object(json_object_get(r->due, "loan"))) {
		form_message(&r->form, 1, "%s", _("You have no loan to repay"));
		return;
	}
	if (f->len == 0) {
		snprintf(hint, sizeof hint, _("Enter the amount, or press %s "
		    "for the full amount"), keys_label_of(repay_keys,
		    repay_key_full, 1, k, sizeof k));
		f->error = hint;
		return;
	}
	if (form_validate(&r->form) == -1)
		return;
	if (f->money < 100) {
		f->error = _("The amount must be at least 1 ₽");
		return;
	}
	if (f->money > repay_total(r)) {
		text_money(repay_total(r), m, sizeof m);
		form_message(&r->form, 1, _("That is more than is due today "
		    "(%s)"), m);
		f->error = _("more than is due today");
		return;
	}
	r->amount = f->money;
	if (r->sbp) {
		xasprintf(&text, _("Pay %s by СБП: the next screen shows a QR "
		    "code for your bank's app?"), text_money(r->amount, m,
		    sizeof m));
		dialog_confirm(_("Repay"), text, repay_sbp_confirmed);
		free(text);
		return;
	}
	if (!json_is_object(card)) {
		form_message(&r->form, 1, _("Link a card first: "
		    "Settings → Cards, or pay by СБП (%s)"), keys_label_of(
		    repay_keys, repay_key_sbp, 1, k, sizeof k));
		return;
	}
	r->again = 0;
	repay_card_label(card, c, sizeof c);
	xasprintf(&text, _("Pay %s from the card %s?"), text_money(r->amount,
	    m, sizeof m), c);
	dialog_confirm(_("Repay"), text, repay_confirmed);
	free(text);
}

static void
repay_event(struct screen *s, const char *method, json_t *params)
{
	struct repay	*r = s->priv;

	if (route_reread(method, params)) {
		repay_enter(s);
		return;
	}
	if (strcmp(method, E_PAYMENT_UPDATED) == 0)
		conn_request(M_OUTBOX_LIST, NULL, repay_outbox_cb, s);
	if (strcmp(method, E_SBP_UPDATED) == 0)
		repay_sbp_links_read(s);
	if (strcmp(method, E_LOAN_UPDATED) == 0 && r->receipt == NULL &&
	    !r->stale)
		conn_request(M_LOAN_DUE, NULL, repay_due_cb, s);
	if (strcmp(method, E_PAYMENT_UPDATED) != 0 || r->pending == NULL ||
	    strcmp(jstr(params, "key"), r->pending) != 0)
		return;
	free(r->pending);
	r->pending = NULL;
	if (strcmp(jstr(params, "state"), "succeeded") == 0) {
		json_decref(r->receipt);
		r->receipt = json_pack("{s:O, s:O}", "payment",
		    json_object_get(params, "payment"), "loan",
		    json_object_get(params, "loan"));
		form_message(&r->form, 0, "%s", _("Paid.  Esc to go back"));
	} else
		form_message(&r->form, 1, "%s", _("The lender refused the "
		    "payment"));
	conn_request(M_LOAN_DUE, NULL, repay_due_cb, s);
}

static void
repay_enter(struct screen *s)
{
	conn_request(M_LOAN_DUE, NULL, repay_due_cb, s);
	conn_request(M_CARD_LIST, NULL, repay_cards_cb, s);
	conn_request(M_OUTBOX_LIST, NULL, repay_outbox_cb, s);
}

static void
repay_leave(struct screen *s)
{
	struct repay	*r = s->priv;

	form_free(&r->form);
	json_decref(r->due);
	json_decref(r->cards);
	json_decref(r->receipt);
	json_decref(r->unsettled);
	json_decref(r->sbp_links);
	free(r->pending);
	free(r);
}

const struct split_part split_parts[SPLIT_NPARTS] = {
	{ "overdue_interest", N_("Overdue interest") },
	{ "overdue_principal", N_("Overdue principal") },
	{ "penalty", N_("Penalty") },
	{ "interest", N_("Interest") },
	{ "principal", N_("Principal") },
	{ "other", N_("Services (other payments)") },
};

int
repay_split_draw(int y, int x, int w, json_t *sp)
{
	size_t	i;

	for (i = 0; i < SPLIT_NPARTS; i++)
		if (jint(sp, split_parts[i].key) != 0)
			y = repay_money_row(y, x + 2, w - 2, 0,
			    _(split_parts[i].label), jint(sp,
			    split_parts[i].key));
	return y;
}

/* The newest СБП link still waiting, and the key that opens it. */
static int
repay_sbp_links_draw(struct repay *r, int y, int x, int w)
{
	json_t		*link = json_array_get(r->sbp_links, 0);
	char		 m[MONEY_FMT_LEN], hm[16], k[32];
	time_t		 t;

	if (!json_is_object(link))
		return y;
	t = text_parse_time(jstr(link, "expires_at"));
	text_hhmm(t, hm, sizeof hm);
	ui_text(y, x, REPAY_COL, A_BOLD, "%s", _("СБП link"));
	ui_text(y++, x + REPAY_COL, w - REPAY_COL, 0,
	    _("%s waits until %s  (%s: open)"), text_money(jint(link,
	    "amount"), m, sizeof m), hm, keys_label_of(repay_keys,
	    repay_key_sbp_link, 1, k, sizeof k));
	return y;
}

static void
repay_draw(struct screen *s, int y, int x, int h, int w)
{
	char		 ds[DATE_FMT_LEN];
	struct repay	*r = s->priv;
	json_t		*loan = json_object_get(r->due, "loan"), *rc = r->receipt;
	json_t		*due = json_object_get(r->due, "due_today"), *v;
	char		 c[64], kc[32], ks[32];
	int		 maxy = y + h;
	size_t		 i;

	ui_text(y, x, w, A_BOLD, "%s", _("Repay the loan"));
	y += 2;
	if (rc != NULL) {
		loan = json_object_get(rc, "loan");
		y = repay_money_row(y, x, w, A_BOLD, _("Paid"),
		    jint(json_object_get(rc, "payment"), "amount"));
		ui_text(y++, x, w, 0, "%s", _("Split:"));
		v = json_object_get(rc, "split");
		if (v == NULL)
			v = json_object_get(json_object_get(rc, "payment"),
			    "split");
		y = repay_split_draw(y, x, w, v);
		if (strcmp(jstr(loan, "state"), "closed") == 0)
			ui_text(y++, x, w, A_BOLD, "%s", _("The loan is repaid "
			    "and closed"));
		else {
			y = repay_money_row(y, x, w, A_BOLD, _("New balance"),
			    jint(loan, "total_due"));
			/* A payment leaves the price, and so the ПСК,
			 * as signed; an extension gives a new one. */
			if (json_is_string(json_object_get(rc, "psk"))) {
				ui_text(y, x, REPAY_COL, 0, "%s", _("ПСК"));
				ui_text(y++, x + REPAY_COL, w - REPAY_COL, 0,
				    "%s %%", text_decimal(jstr(rc, "psk"), ds,
				    sizeof ds));
			}
			if (json_is_integer(json_object_get(rc, "cost")))
				y = repay_money_row(y, x, w, 0,
				    _("Cost of the loan"), jint(rc, "cost"));
			ui_text(y++, x, w, 0, "%s", _("Schedule:"));
			json_array_foreach(json_object_get(rc, "schedule"), i,
			    v)
				y = repay_money_row(y, x + 2, w - 2, 0,
				    date_show_iso(jstr(v, "date"), ds,
				    sizeof ds), jint(v, "amount"));
		}
		y++;
	} else if (json_is_object(loan)) {
		ui_text(y, x, REPAY_COL, A_BOLD, "%s", _("Contract"));
		ui_text(y++, x + REPAY_COL, w - REPAY_COL, 0, "%s, %s",
		    jstr(loan, "contract_number"), strcmp(jstr(loan, "state"),
		    "overdue") == 0 ? _("overdue") : _("active"));
		y = repay_money_row(y, x, w, A_BOLD, _("Due today"),
		    jint(due, "total"));
		y = repay_split_draw(y, x, w, due);
		json_array_foreach(r->unsettled, i, v)
			if (strcmp(jstr(v, "loan_id"), jstr(loan, "id")) == 0)
				y = repay_money_row(y, x, w, A_BOLD,
				    _("Not yet confirmed"), jint(v, "amount"));
		ui_text(y, x, REPAY_COL, A_BOLD, "%s", r->sbp ? _("Pay by") :
		    _("Card"));
		/* The keys as this terminal has them (no F5 on a vt100). */
		keys_label_of(repay_keys, repay_key_sbp, 1, ks, sizeof ks);
		keys_label_of(repay_keys, repay_key_card, 1, kc, sizeof kc);
		if (r->sbp)
			ui_text(y++, x + REPAY_COL, w - REPAY_COL, 0,
			    _("СБП, a QR code  (%s: the card)"), ks);
		else if (json_array_size(r->cards) > 1) {
			repay_card_label(json_array_get(r->cards, r->card), c,
			    sizeof c);
			ui_text(y++, x + REPAY_COL, w - REPAY_COL, 0,
			    _("%s  (%s: another card, %s: СБП)"), c, kc, ks);
		} else if (json_array_size(r->cards) > 0) {
			repay_card_label(json_array_get(r->cards, r->card), c,
			    sizeof c);
			ui_text(y++, x + REPAY_COL, w - REPAY_COL, 0,
			    _("%s  (%s: СБП)"), c, ks);
		} else
			ui_text(y++, x + REPAY_COL, w - REPAY_COL, 0, "%s",
			    _("none linked: Settings → Cards"));
		y = repay_sbp_links_draw(r, y, x, w);
		y++;
	}
	if (y < maxy)
		form_draw(&r->form, y, x, w);
}

const struct screen_class screen_repay = {
	N_("Repay"), 0, repay_keys, repay_enter, repay_leave, repay_event,
	repay_draw, NULL
};

void
screen_repay_open(void)
{
	struct repay	*r = xcalloc(1, sizeof *r);
	struct screen	*s;

	form_init(&r->form, 1);
	field_init(form_field(&r->form, 0), FIELD_MONEY, N_("Amount"), 20);
	r->form.submit = repay_submit;
	s = ui_push(&screen_repay, r);
	s->form = &r->form;
}
