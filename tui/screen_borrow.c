/*
 * screen_borrow.c — borrowing: the loan calculator (before and after
 * sign-in), the review of a loan before it is signed (every figure of the
 * quote, the card, the individual terms) and the dashboard's line with the
 * latest application and loan, which changes by itself on
 * application.updated / loan.updated.
 *
 * The daemon computes the quote and checks it against the lender's; its
 * warnings are shown as they come, never hidden.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/card.h"
#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

#define CALC_COL	26
#define CALC_TYPE_MAX	9

struct calc {
	json_t		*product;	/* from session.status' lender */
	int64_t		 amount;	/* kopecks */
	int64_t		 term;		/* days */
	int		 sel;		/* 0 amount, 1 term */
	char		 typed[CALC_TYPE_MAX + 1];	/* digits being typed */
	json_t		*quote;		/* last answer, or NULL */
	char		*error;		/* translated, or NULL */
};

static int64_t
pint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *
pstr(json_t *o, const char *k)
{
	json_t	*v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : "";
}

static int
signed_in(void)
{
	const char	*st = conn_state_str();

	return st != NULL && strcmp(st, "signed_in") == 0;
}

static void
calc_set_error(struct calc *c, const char *text)
{
	free(c->error);
	c->error = text != NULL ? xstrdup(text) : NULL;
	ui_dirty = 1;
}

static void
calc_quote_cb(struct screen *s, json_t *result, json_t *error)
{
	struct calc	*c;
	struct buf	 b = BUF_INIT;

	if (s == NULL)
		return;
	c = s->priv;
	if (error != NULL) {
		reasons_describe(error, &b);
		calc_set_error(c, b.data);
		buf_release(&b);
		json_decref(c->quote);
		c->quote = NULL;
		return;
	}
	/* An answer for figures no longer on the screen is dropped. */
	if (pint(result, "amount") != c->amount ||
	    pint(result, "term") != c->term)
		return;
	json_decref(c->quote);
	c->quote = json_incref(result);
	calc_set_error(c, NULL);
}

static void
calc_request(struct screen *s)
{
	struct calc	*c = s->priv;

	if (conn_request(M_CALC_QUOTE, json_pack("{s:s, s:I, s:I}", "product",
	    pstr(c->product, "id"), "amount", (json_int_t)c->amount, "term",
	    (json_int_t)c->term), calc_quote_cb, s) == -1)
		calc_set_error(c, _("The daemon is not connected; try again "
		    "when it is back"));
	ui_dirty = 1;
}

/* Keeps v within the product's range, on its step. */
static int64_t
clamp(int64_t v, int64_t min, int64_t max, int64_t step)
{
	if (step <= 0)
		step = 1;
	if (v < min)
		v = min;
	if (v > max)
		v = max;
	return min + (v - min) / step * step;
}

static void
calc_step(struct screen *s, int which, int dir)
{
	struct calc	*c = s->priv;
	json_t		*p = c->product;

	c->typed[0] = '\0';
	if (which == 0)
		c->amount = clamp(c->amount + dir * pint(p, "step_amount"),
		    pint(p, "min_amount"), pint(p, "max_amount"),
		    pint(p, "step_amount"));
	else
		c->term = clamp(c->term + dir * pint(p, "step_term"),
		    pint(p, "min_term"), pint(p, "max_term"),
		    pint(p, "step_term"));
	calc_request(s);
}

static void calc_key_more(struct screen *s) { calc_step(s, 0, 1); }
static void calc_key_less(struct screen *s) { calc_step(s, 0, -1); }
static void calc_key_longer(struct screen *s) { calc_step(s, 1, 1); }
static void calc_key_shorter(struct screen *s) { calc_step(s, 1, -1); }

static void
calc_key_switch(struct screen *s)
{
	struct calc	*c = s->priv;

	c->sel = !c->sel;
	c->typed[0] = '\0';
	ui_dirty = 1;
}

static void
calc_key_back(struct screen *s)
{
	ui_pop(s);
}

static void	review_open(int64_t amount, int64_t term, const char *product);

static void
calc_key_apply(struct screen *s)
{
	struct calc	*c = s->priv;

	if (!signed_in()) {
		/* A new borrower registers through this application. */
		screen_register_open(c->amount, c->term);
		return;
	}
	if (c->quote == NULL)
		return;
	review_open(c->amount, c->term, pstr(c->product, "id"));
}

static const struct keybind calc_keys[] = {
	{ { KEYC_FN(KEY_RIGHT) }, "→", N_("More money"), calc_key_more,
	  KB_BAR },
	{ { KEYC_FN(KEY_LEFT) }, "←", N_("Less money"), calc_key_less, 0 },
	{ { KEYC_FN(KEY_UP) }, "↑", N_("Longer"), calc_key_longer, KB_BAR },
	{ { KEYC_FN(KEY_DOWN) }, "↓", N_("Shorter"), calc_key_shorter, 0 },
	{ { KEYC_TAB }, "Tab", N_("Type the amount or the term"),
	  calc_key_switch, 0 },
	{ { 'a' }, "a", N_("Apply"), calc_key_apply, KB_BAR },
	{ { KEYC_ESC }, "Esc", N_("Back"), calc_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

/* Digits type a value into the selected figure; Enter takes it. */
static int
calc_key(struct screen *s, int key)
{
	struct calc	*c = s->priv;
	size_t		 n = strlen(c->typed);
	int64_t		 v;
	json_t		*p = c->product;

	if (key >= '0' && key <= '9') {
		if (n < CALC_TYPE_MAX) {
			c->typed[n] = (char)key;
			c->typed[n + 1] = '\0';
		}
		ui_dirty = 1;
		return 1;
	}
	if (key == KEY_BACKSPACE || key == KEYC_FN(KEY_BACKSPACE) ||
	    key == 127 || key == 8) {
		if (n > 0)
			c->typed[n - 1] = '\0';
		ui_dirty = 1;
		return 1;
	}
	if (key == KEYC_ENTER) {
		if (n == 0) {
			calc_key_apply(s);
			return 1;
		}
		v = strtoll(c->typed, NULL, 10);
		c->typed[0] = '\0';
		if (c->sel == 0)
			c->amount = clamp(v * 100, pint(p, "min_amount"),
			    pint(p, "max_amount"), pint(p, "step_amount"));
		else
			c->term = clamp(v, pint(p, "min_term"),
			    pint(p, "max_term"), pint(p, "step_term"));
		calc_request(s);
		return 1;
	}
	return 0;
}

static void
calc_enter(struct screen *s)
{
	struct calc	*c = s->priv;
	json_t		*items = json_object_get(conn_lender(), "products");

	c->product = json_incref(json_array_get(items, 0));
	if (c->product == NULL) {
		calc_set_error(c, _("The lender's products are not known yet; "
		    "try again when the lender is reachable"));
		return;
	}
	c->amount = clamp(pint(c->product, "first_loan_max_amount") > 0 ?
	    pint(c->product, "first_loan_max_amount") / 2 :
	    pint(c->product, "min_amount"), pint(c->product, "min_amount"),
	    pint(c->product, "max_amount"), pint(c->product, "step_amount"));
	c->term = clamp(pint(c->product, "max_term") / 2 + 1,
	    pint(c->product, "min_term"), pint(c->product, "max_term"),
	    pint(c->product, "step_term"));
	calc_request(s);
}

static void
calc_leave(struct screen *s)
{
	struct calc	*c = s->priv;

	json_decref(c->product);
	json_decref(c->quote);
	free(c->error);
	free(c);
}

static const char *
warning_text(json_t *w)
{
	const char	*code = pstr(w, "code");

	if (strcmp(code, "over_rate_cap") == 0)
		return _("The rate is above the legal cap of 0.8 percent a "
		    "day");
	if (strcmp(code, "over_psk_cap") == 0)
		return _("The full cost of credit is above the legal cap of "
		    "292 percent");
	if (strcmp(code, "over_charges_cap") == 0)
		return _("The charges are above 100 percent of the loan");
	if (strcmp(code, "cap_over_law") == 0)
		return _("The lender's cap on charges is above the legal 100 "
		    "percent of the loan");
	if (strcmp(code, "charges_capped") == 0)
		return _("The interest is cut to keep all charges within 100 "
		    "percent of the loan");
	if (strcmp(code, "lender_mismatch") == 0)
		return _("The lender's figures differ from ours; check them "
		    "before signing");
	if (strcmp(code, "lender_refused") == 0)
		return _("The lender does not offer these figures");
	if (strcmp(code, "not_checked") == 0)
		return _("Not checked with the lender: it did not answer");
	return code;
}

/* The quote's figures, one a row; returns the next row. */
static int
quote_draw(json_t *q, int y, int x, int w)
{
	char		 m[48], d[16];
	const char	*due = pstr(q, "due_on"), *psk = pstr(q, "psk");
	int64_t		 rate = pint(q, "rate_bp_per_day");
	char		 pskbuf[32];

	ui_text(y, x, CALC_COL, A_BOLD, "%s", _("To repay"));
	ui_text(y++, x + CALC_COL, w - CALC_COL, A_BOLD, "%s",
	    text_money(pint(q, "total"), m, sizeof m));
	ui_text(y, x, CALC_COL, 0, "%s", _("Due on"));
	ui_text(y++, x + CALC_COL, w - CALC_COL, 0, "%s",
	    date_show_iso(due, d, sizeof d));
	ui_text(y, x, CALC_COL, 0, "%s", _("Overpayment"));
	ui_text(y++, x + CALC_COL, w - CALC_COL, 0, "%s",
	    text_money(pint(q, "overpayment"), m, sizeof m));
	/* The enabled paid services count toward the cap. */
	if (pint(q, "services_total") > 0) {
		ui_text(y, x, CALC_COL, 0, "%s", _("Paid services"));
		ui_text(y++, x + CALC_COL, w - CALC_COL, 0,
		    _("%s (counted toward the cap)"),
		    text_money(pint(q, "services_total"), m, sizeof m));
	}
	ui_text(y, x, CALC_COL, 0, "%s", _("Interest a day"));
	ui_text(y++, x + CALC_COL, w - CALC_COL, 0, "%lld%s%02lld %%",
	    (long long)(rate / 100), i18n_is_russian() ? "," : ".",
	    (long long)(rate % 100));
	ui_text(y, x, CALC_COL, 0, "%s", _("Full cost of credit"));
	text_decimal(psk, pskbuf, sizeof pskbuf);
	ui_text(y++, x + CALC_COL, w - CALC_COL, 0, _("%s %% a year"),
	    pskbuf);
	return y;
}

static int
warnings_draw(json_t *q, int y, int x, int w, int maxy)
{
	json_t	*wn;
	size_t	 i;

	json_array_foreach(json_object_get(q, "warnings"), i, wn)
		y = ui_para(y, x, w, maxy, A_BOLD, warning_text(wn));
	return y;
}

static void
calc_draw(struct screen *s, int y, int x, int h, int w)
{
	struct calc	*c = s->priv;
	char		 m[48];
	int		 maxy = y + h;

	if (c->product != NULL) {
		ui_text(y++, x, w, 0, "%s", pstr(c->product, "name"));
		y++;
		ui_text(y, x, CALC_COL, c->sel == 0 ? A_REVERSE : 0, "%s",
		    _("Amount (← →)"));
		if (c->sel == 0 && c->typed[0] != '\0')
			ui_text(y++, x + CALC_COL, w - CALC_COL, A_UNDERLINE,
			    "%s ₽", c->typed);
		else
			ui_text(y++, x + CALC_COL, w - CALC_COL, 0, "%s",
			    text_money(c->amount, m, sizeof m));
		ui_text(y, x, CALC_COL, c->sel == 1 ? A_REVERSE : 0, "%s",
		    _("Term, days (↑ ↓)"));
		if (c->sel == 1 && c->typed[0] != '\0')
			ui_text(y++, x + CALC_COL, w - CALC_COL, A_UNDERLINE,
			    "%s", c->typed);
		else
			ui_text(y++, x + CALC_COL, w - CALC_COL, 0, "%lld",
			    (long long)c->term);
		y++;
	}
	if (c->quote != NULL) {
		y = quote_draw(c->quote, y, x, w) + 1;
		y = warnings_draw(c->quote, y, x, w, maxy);
	}
	if (c->error != NULL)
		ui_para(y + 1, x, w, maxy, A_REVERSE, c->error);
}

const struct screen_class screen_calc = {
	N_("Loan calculator"), 0, calc_keys, calc_enter, calc_leave, NULL,
	calc_draw, calc_key
};

void
screen_calc_open(void)
{
	ui_push(&screen_calc, xcalloc(1, sizeof(struct calc)));
}

/* ---- the review before signing ---- */

struct review {
	char		 product[32];
	int64_t		 amount, term;
	json_t		*quote, *cards, *terms;
	json_t		*card;		/* borrowed from cards */
	int		 scroll;
	int		 sent;
	char		*message;
	int		 done;
};

static void
review_message(struct review *r, const char *text)
{
	free(r->message);
	r->message = text != NULL ? xstrdup(text) : NULL;
	ui_dirty = 1;
}

static void
review_fail(struct screen *s, json_t *error)
{
	struct buf	b = BUF_INIT;

	reasons_describe(error, &b);
	review_message(s->priv, b.data);
	buf_release(&b);
}

static void
review_terms_cb(struct screen *s, json_t *result, json_t *error)
{
	struct review	*r;

	if (s == NULL)
		return;
	r = s->priv;
	if (error != NULL) {
		review_fail(s, error);
		return;
	}
	r->terms = json_incref(result);
	ui_dirty = 1;
}

/* The terms name the card, so they are asked again for each card. */
static void
review_ask_terms(struct screen *s)
{
	struct review	*r = s->priv;

	json_decref(r->terms);
	r->terms = NULL;
	ui_dirty = 1;
	conn_request(M_LOAN_TERMS, json_pack("{s:s, s:I, s:I, s:s}",
	    "product", r->product, "amount", (json_int_t)r->amount, "term",
	    (json_int_t)r->term, "card_id", pstr(r->card, "id")),
	    review_terms_cb, s);
}

/* The money goes to the default card unless the borrower picks another. */
static void
review_cards_cb(struct screen *s, json_t *result, json_t *error)
{
	struct review	*r;
	json_t		*c;
	size_t		 i;

	if (s == NULL)
		return;
	r = s->priv;
	if (error != NULL) {
		review_fail(s, error);
		return;
	}
	json_decref(r->cards);
	r->cards = json_incref(json_object_get(result, "items"));
	r->card = json_array_get(r->cards, 0);
	json_array_foreach(r->cards, i, c)
		if (json_is_true(json_object_get(c, "default"))) {
			r->card = c;
			break;
		}
	if (r->card == NULL) {
		review_message(r, _("Link a card first: the money is sent to "
		    "a card"));
		return;
	}
	review_ask_terms(s);
}

/* c: the next linked card (once the terms for this one are in). */
static void
review_key_card(struct screen *s)
{
	struct review	*r = s->priv;
	size_t		 i, n = json_array_size(r->cards);

	if (r->sent || r->done || r->card == NULL || r->terms == NULL)
		return;
	if (n < 2) {
		review_message(r, _("Only one card is linked; link another in "
		    "Settings → Cards"));
		return;
	}
	for (i = 0; i < n && json_array_get(r->cards, i) != r->card; i++)
		;
	r->card = json_array_get(r->cards, (i + 1) % n);
	review_message(r, NULL);
	review_ask_terms(s);
}

static void
review_quote_cb(struct screen *s, json_t *result, json_t *error)
{
	if (s == NULL)
		return;
	if (error != NULL) {
		review_fail(s, error);
		return;
	}
	((struct review *)s->priv)->quote = json_incref(result);
	ui_dirty = 1;
}

static void
review_enter(struct screen *s)
{
	struct review	*r = s->priv;

	conn_request(M_CALC_QUOTE, json_pack("{s:s, s:I, s:I}", "product",
	    r->product, "amount", (json_int_t)r->amount, "term",
	    (json_int_t)r->term), review_quote_cb, s);
	conn_request(M_CARD_LIST, NULL, review_cards_cb, s);
}

static void
review_leave(struct screen *s)
{
	struct review	*r = s->priv;

	json_decref(r->quote);
	json_decref(r->cards);
	json_decref(r->terms);
	free(r->message);
	free(r);
}

static void
review_apply_cb(struct screen *s, json_t *result, json_t *error)
{
	struct review	*r;

	(void)result;
	if (s == NULL)
		return;
	r = s->priv;
	r->sent = 0;
	if (error != NULL) {
		review_fail(s, error);
		return;
	}
	r->done = 1;
	review_message(r, _("Application submitted; the decision will "
	    "appear on the account screen"));
}

static void
review_key_sign(struct screen *s)
{
	struct review	*r = s->priv;

	if (r->done) {
		ui_pop_to(ui_find(&screen_dashboard));
		return;
	}
	if (r->sent || r->terms == NULL || r->card == NULL)
		return;
	r->sent = 1;
	if (conn_request(M_LOAN_APPLY, json_pack("{s:s, s:I, s:I, s:s, s:s}",
	    "product", r->product, "amount", (json_int_t)r->amount, "term",
	    (json_int_t)r->term, "card_id", pstr(r->card, "id"),
	    "document_sha256", pstr(r->terms, "sha256")), review_apply_cb,
	    s) == -1) {
		r->sent = 0;
		review_message(r, _("The daemon is not connected; try again "
		    "when it is back"));
	} else
		review_message(r, _("Sending the application…"));
}

static void
review_key_down(struct screen *s)
{
	((struct review *)s->priv)->scroll += 5;
	ui_dirty = 1;
}

static void
review_key_up(struct screen *s)
{
	struct review	*r = s->priv;

	r->scroll = r->scroll > 5 ? r->scroll - 5 : 0;
	ui_dirty = 1;
}

static void
review_key_back(struct screen *s)
{
	ui_pop(s);
}

static const struct keybind review_keys[] = {
	{ { KEYC_ENTER }, "Enter", N_("Sign with an SMS code"),
	  review_key_sign, KB_BAR },
	{ { 'c' }, "c", N_("Another card"), review_key_card, KB_BAR },
	{ { KEYC_FN(KEY_NPAGE), ' ' }, "PgDn", N_("Scroll the terms"),
	  review_key_down, KB_BAR },
	{ { KEYC_FN(KEY_PPAGE), 'b' }, "PgUp", N_("Scroll back"), review_key_up,
	  0 },
	{ { KEYC_ESC }, "Esc", N_("Back"), review_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
review_draw(struct screen *s, int y, int x, int h, int w)
{
	struct review	*r = s->priv;
	char		 m[48], cl[CARD_LABEL_LEN];
	const char	*text, *p;
	char		*lb;
	int		 maxy = y + h - 2, line = 0, n;

	ui_text(y, x, CALC_COL, 0, "%s", _("Amount"));
	ui_text(y++, x + CALC_COL, w - CALC_COL, A_BOLD, "%s",
	    text_money(r->amount, m, sizeof m));
	ui_text(y, x, CALC_COL, 0, "%s", _("Term, days"));
	ui_text(y++, x + CALC_COL, w - CALC_COL, 0, "%lld",
	    (long long)r->term);
	if (r->quote != NULL)
		y = quote_draw(r->quote, y, x, w);
	ui_text(y, x, CALC_COL, 0, "%s", _("To the card"));
	if (r->card != NULL)
		ui_text(y, x + CALC_COL, w - CALC_COL, 0, "%s%s",
		    card_label(pstr(r->card, "brand"), pstr(r->card,
		    "first6"), pstr(r->card, "last4"), cl, sizeof cl),
		    json_is_true(json_object_get(r->card, "default")) ?
		    _(", default") : "");
	y++;
	if (r->quote != NULL)
		y = warnings_draw(r->quote, y, x, w, maxy);
	y++;
	if (r->terms != NULL) {
		text = pstr(r->terms, "text");
		for (p = text; *p != '\0' && y < maxy - 2; line++) {
			n = (int)strcspn(p, "\n");
			if (line >= r->scroll) {
				lb = xstrndup(p, (size_t)n);
				y = n == 0 ? y + 1 : ui_para(y, x, w,
				    maxy - 2, 0, lb);
				free(lb);
			}
			p += n;
			if (*p == '\n')
				p++;
		}
	}
	if (r->message != NULL)
		ui_para_above(maxy, x, w, A_REVERSE, r->message);
}

static const struct screen_class screen_review = {
	N_("Loan review"), 0, review_keys, review_enter, review_leave, NULL,
	review_draw, NULL
};

static void
review_open(int64_t amount, int64_t term, const char *product)
{
	struct review	*r = xcalloc(1, sizeof *r);

	r->amount = amount;
	r->term = term;
	snprintf(r->product, sizeof r->product, "%s", product);
	ui_push(&screen_review, r);
}

/* ---- the dashboard's line ---- */

static json_t	*dash_loans;	/* the last loan.list answer */

static void
borrow_list_cb(struct screen *s, json_t *result, json_t *error)
{
	(void)s;
	if (error != NULL || !json_is_object(result))
		return;
	json_decref(dash_loans);
	dash_loans = json_incref(result);
	ui_dirty = 1;
}

void
borrow_dash_refresh(void)
{
	conn_request(M_LOAN_LIST, NULL, borrow_list_cb, NULL);
}

void
borrow_dash_event(const char *method, json_t *params)
{
	(void)params;
	if (strcmp(method, E_APPLICATION_UPDATED) == 0 ||
	    strcmp(method, E_LOAN_UPDATED) == 0)
		borrow_dash_refresh();
}

const char *
borrow_app_state(const char *state)
{
	if (strcmp(state, "awaiting_signature") == 0)
		return _("waiting for your SMS code");
	if (strcmp(state, "submitted") == 0)
		return _("submitted");
	if (strcmp(state, "under_review") == 0)
		return _("under review");
	if (strcmp(state, "approved") == 0)
		return _("approved");
	if (strcmp(state, "declined") == 0)
		return _("declined");
	if (strcmp(state, "disbursed") == 0)
		return _("money sent to the card");
	return state;
}

const char *
borrow_decline_text(const char *reason)
{
	if (strcmp(reason, "first_loan_limit") == 0)
		return _("the amount is over the first loan's limit");
	if (strcmp(reason, "self_ban") == 0)
		return _("you have a self-ban on borrowing");
	if (strcmp(reason, "under_age") == 0)
		return _("loans are for borrowers of 18 and over");
	return reason;
}

int
borrow_dash_draw(int y, int x, int w, int maxy)
{
	json_t		*app, *loan;
	char		 m[48], st[160];
	const char	*state;

	app = json_array_get(json_object_get(dash_loans, "applications"), 0);
	loan = json_array_get(json_object_get(dash_loans, "loans"), 0);
	/* The newest loan repaid: say so, rather than how its application
	 * went long ago. */
	if (loan != NULL && strcmp(pstr(loan, "state"), "closed") == 0 &&
	    y < maxy) {
		ui_text(y, x, 14, A_BOLD, "%s", _("Loan"));
		loans_state_text(loan, st, sizeof st);
		ui_text(y++, x + 14, w - 14, 0, _("%s, %s; m: all my loans"),
		    pstr(loan, "contract_number"), st);
		if (app != NULL && strcmp(pstr(app, "state"), "disbursed") == 0)
			return y + 1;
	}
	if (app == NULL || y >= maxy)
		return y;
	state = pstr(app, "state");
	ui_text(y, x, 14, A_BOLD, "%s", _("Application"));
	if (strcmp(state, "declined") == 0) {
		/* The reason may be long: wrapped, never cut. */
		snprintf(st, sizeof st, "%s, %s: %s", text_money(pint(app,
		    "amount"), m, sizeof m), borrow_app_state(state),
		    borrow_decline_text(pstr(app, "decline_reason")));
		y = ui_para(y, x + 14, w - 14, maxy, 0, st);
	} else
		ui_text(y++, x + 14, w - 14, 0, "%s, %s",
		    text_money(pint(app, "amount"), m, sizeof m),
		    borrow_app_state(state));
	if (json_is_true(json_object_get(app, "awaiting_card")))
		y = ui_para(y, x + 14, w - 14, maxy, A_BOLD, _("The money "
		    "goes out once a card is linked: press l to link one"));
	return y + 1;
}
