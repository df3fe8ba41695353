/*
 * screen_calc.c — the loan calculator, before and after sign-in: amount
 * and term stepped or typed, the daemon's quote as it comes; signed in,
 * it leads on to the review (screen_review.c).
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
#include "borrow.h"

#define CALC_TYPE_MAX	9

struct calc {
	json_t		*product;	/* from session.status' lender */
	int64_t		 amount;	/* kopecks */
	int64_t		 term;		/* days */
	int		 sel;		/* 0 amount, 1 term */
	char		 typed[CALC_TYPE_MAX + 1];	/* digits being typed */
	json_t		*quote;		/* last answer, or NULL */
	struct note	 note;		/* why there is no quote */
};

static int
signed_in(void)
{
	const char	*st = conn_state_str();

	return st != NULL && strcmp(st, "signed_in") == 0;
}

static void
calc_quote_cb(struct screen *s, json_t *result, json_t *error)
{
	struct calc	*c;

	if (s == NULL)
		return;
	c = s->priv;
	if (note_reason(&c->note, error)) {
		json_decref(c->quote);
		c->quote = NULL;
		return;
	}
	/* An answer for figures no longer on the screen is dropped. */
	if (jint(result, "amount") != c->amount ||
	    jint(result, "term") != c->term)
		return;
	json_decref(c->quote);
	c->quote = json_incref(result);
	note_set(&c->note, 0, NULL);
}

static void
calc_request(struct screen *s)
{
	struct calc	*c = s->priv;

	if (conn_request(M_CALC_QUOTE, json_pack("{s:s, s:I, s:I}", "product",
	    jstr(c->product, "id"), "amount", (json_int_t)c->amount, "term",
	    (json_int_t)c->term), calc_quote_cb, s) == -1)
		note_set(&c->note, 1, _("The daemon is not connected; try "
		    "again when it is back"));
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
		c->amount = clamp(c->amount + dir * jint(p, "step_amount"),
		    jint(p, "min_amount"), jint(p, "max_amount"),
		    jint(p, "step_amount"));
	else
		c->term = clamp(c->term + dir * jint(p, "step_term"),
		    jint(p, "min_term"), jint(p, "max_term"),
		    jint(p, "step_term"));
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
}

static void
calc_key_back(struct screen *s)
{
	ui_pop(s);
}

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
	screen_review_open(c->amount, c->term, jstr(c->product, "id"));
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
		return 1;
	}
	if (key == KEY_BACKSPACE || key == KEYC_FN(KEY_BACKSPACE) ||
	    key == 127 || key == 8) {
		if (n > 0)
			c->typed[n - 1] = '\0';
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
			c->amount = clamp(v * 100, jint(p, "min_amount"),
			    jint(p, "max_amount"), jint(p, "step_amount"));
		else
			c->term = clamp(v, jint(p, "min_term"),
			    jint(p, "max_term"), jint(p, "step_term"));
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
		note_set(&c->note, 1, _("The lender's products are not known "
		    "yet; try again when the lender is reachable"));
		return;
	}
	c->amount = clamp(jint(c->product, "first_loan_max_amount") > 0 ?
	    jint(c->product, "first_loan_max_amount") / 2 :
	    jint(c->product, "min_amount"), jint(c->product, "min_amount"),
	    jint(c->product, "max_amount"), jint(c->product, "step_amount"));
	c->term = clamp(jint(c->product, "max_term") / 2 + 1,
	    jint(c->product, "min_term"), jint(c->product, "max_term"),
	    jint(c->product, "step_term"));
	calc_request(s);
}

/* Opened before the lender's products were known: they come with the
 * status (session.changed) or with lender.status, and the calculator
 * starts then, without a key. */
static void
calc_event(struct screen *s, const char *method, json_t *params)
{
	struct calc	*c = s->priv;

	(void)params;
	if (c->product != NULL || (strcmp(method, E_SESSION_CHANGED) != 0 &&
	    strcmp(method, E_LENDER_STATUS) != 0) ||
	    json_array_size(json_object_get(conn_lender(), "products")) == 0)
		return;
	note_set(&c->note, 0, NULL);
	calc_enter(s);
}

static void
calc_leave(struct screen *s)
{
	struct calc	*c = s->priv;

	json_decref(c->product);
	json_decref(c->quote);
	note_free(&c->note);
	free(c);
}

static void
calc_draw(struct screen *s, int y, int x, int h, int w)
{
	struct calc	*c = s->priv;
	char		 m[48];
	int		 maxy = y + h;

	if (c->product != NULL) {
		ui_text(y++, x, w, 0, "%s", jstr(c->product, "name"));
		y++;
		ui_text(y, x, BORROW_COL, c->sel == 0 ? A_REVERSE : 0, "%s",
		    _("Amount (← →)"));
		if (c->sel == 0 && c->typed[0] != '\0')
			ui_text(y++, x + BORROW_COL, w - BORROW_COL,
			    A_UNDERLINE, "%s ₽", c->typed);
		else
			ui_text(y++, x + BORROW_COL, w - BORROW_COL, 0, "%s",
			    text_money(c->amount, m, sizeof m));
		ui_text(y, x, BORROW_COL, c->sel == 1 ? A_REVERSE : 0, "%s",
		    _("Term, days (↑ ↓)"));
		if (c->sel == 1 && c->typed[0] != '\0')
			ui_text(y++, x + BORROW_COL, w - BORROW_COL,
			    A_UNDERLINE, "%s", c->typed);
		else
			ui_text(y++, x + BORROW_COL, w - BORROW_COL, 0, "%lld",
			    (long long)c->term);
		y++;
	}
	if (c->quote != NULL) {
		y = borrow_quote_draw(c->quote, y, x, w) + 1;
		y = borrow_warnings_draw(c->quote, y, x, w, maxy);
	}
	if (c->note.text != NULL)
		ui_para(y + 1, x, w, maxy, A_REVERSE, c->note.text);
}

const struct screen_class screen_calc = {
	N_("Loan calculator"), 0, calc_keys, calc_enter, calc_leave,
	calc_event, calc_draw, calc_key
};

void
screen_calc_open(void)
{
	ui_push(&screen_calc, xcalloc(1, sizeof(struct calc)));
}
