/*
 * screen_review.c — the review of a loan before it is signed: every
 * figure of the quote, the card, the individual terms.
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

struct review {
	char		 product[32];
	int64_t		 amount, term;
	json_t		*quote, *cards, *terms;
	json_t		*card;		/* borrowed from cards */
	int		 scroll;
	int		 sent;
	struct note	note;
	int		 done;
};

static void
review_terms_cb(struct screen *s, json_t *result, json_t *error)
{
	struct review	*r;

	if (s == NULL)
		return;
	r = s->priv;
	if (note_reason(&r->note, error))
		return;
	r->terms = json_incref(result);
}

/* The terms name the card, so they are asked again for each card. */
static void
review_ask_terms(struct screen *s)
{
	struct review	*r = s->priv;

	json_decref(r->terms);
	r->terms = NULL;
	conn_request(M_LOAN_TERMS, json_pack("{s:s, s:I, s:I, s:s}",
	    "product", r->product, "amount", (json_int_t)r->amount, "term",
	    (json_int_t)r->term, "card_id", jstr(r->card, "id")),
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
	if (note_reason(&r->note, error))
		return;
	json_decref(r->cards);
	r->cards = json_incref(json_object_get(result, "items"));
	r->card = json_array_get(r->cards, 0);
	json_array_foreach(r->cards, i, c)
		if (json_is_true(json_object_get(c, "default"))) {
			r->card = c;
			break;
		}
	if (r->card == NULL) {
		note_set(&r->note, 1, _("Link a card first: the money is sent "
		    "to a card"));
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
		note_set(&r->note, 1, _("Only one card is linked; link another "
		    "in Settings → Cards"));
		return;
	}
	for (i = 0; i < n && json_array_get(r->cards, i) != r->card; i++)
		;
	r->card = json_array_get(r->cards, (i + 1) % n);
	note_set(&r->note, 0, NULL);
	review_ask_terms(s);
}

static void
review_quote_cb(struct screen *s, json_t *result, json_t *error)
{
	struct review	*r;

	if (s == NULL)
		return;
	r = s->priv;
	if (note_reason(&r->note, error))
		return;
	r->quote = json_incref(result);
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
	note_free(&r->note);
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
	if (note_reason(&r->note, error))
		return;
	r->done = 1;
	note_set(&r->note, 0, _("Application submitted; the decision will "
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
	    (json_int_t)r->term, "card_id", jstr(r->card, "id"),
	    "document_sha256", jstr(r->terms, "sha256")), review_apply_cb,
	    s) == -1) {
		r->sent = 0;
		note_set(&r->note, 1, _("The daemon is not connected; try "
		    "again when it is back"));
	} else
		note_set(&r->note, 0, _("Sending the application…"));
}

static void
review_key_down(struct screen *s)
{
	((struct review *)s->priv)->scroll += 5;
}

static void
review_key_up(struct screen *s)
{
	struct review	*r = s->priv;

	r->scroll = r->scroll > 5 ? r->scroll - 5 : 0;
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

	ui_text(y, x, BORROW_COL, 0, "%s", _("Amount"));
	ui_text(y++, x + BORROW_COL, w - BORROW_COL, A_BOLD, "%s",
	    text_money(r->amount, m, sizeof m));
	ui_text(y, x, BORROW_COL, 0, "%s", _("Term, days"));
	ui_text(y++, x + BORROW_COL, w - BORROW_COL, 0, "%lld",
	    (long long)r->term);
	if (r->quote != NULL)
		y = borrow_quote_draw(r->quote, y, x, w);
	ui_text(y, x, BORROW_COL, 0, "%s", _("To the card"));
	if (r->card != NULL)
		ui_text(y, x + BORROW_COL, w - BORROW_COL, 0, "%s%s",
		    card_label(jstr(r->card, "brand"), jstr(r->card,
		    "first6"), jstr(r->card, "last4"), cl, sizeof cl),
		    json_is_true(json_object_get(r->card, "default")) ?
		    _(", default") : "");
	y++;
	if (r->quote != NULL)
		y = borrow_warnings_draw(r->quote, y, x, w, maxy);
	y++;
	if (r->terms != NULL) {
		text = jstr(r->terms, "text");
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
	if (r->note.text != NULL)
		ui_para_above(maxy, x, w, A_REVERSE, r->note.text);
}

static const struct screen_class screen_review = {
	N_("Loan review"), 0, review_keys, review_enter, review_leave, NULL,
	review_draw, NULL
};

void
screen_review_open(int64_t amount, int64_t term, const char *product)
{
	struct review	*r = xcalloc(1, sizeof *r);

	r->amount = amount;
	r->term = term;
	snprintf(r->product, sizeof r->product, "%s", product);
	ui_push(&screen_review, r);
}
