/*
 * screen_extend.c — extending the loan: the lender's limits, the interest
 * to pay, the new due date.
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

struct extend {
	struct form	 form;
	json_t		*due, *terms, *result, *cards;
};

static void	extend_key_back(struct screen *);
static void	extend_submit(struct screen *);

static const struct keybind extend_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Extend"), extend_submit, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), extend_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
extend_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
extend_terms_cb(struct screen *s, json_t *result, json_t *error)
{
	struct extend	*e;

	if (form_screen_failed(s, error))
		return;
	e = s->priv;
	json_decref(e->terms);
	e->terms = json_incref(result);
}

static void
extend_due_cb(struct screen *s, json_t *result, json_t *error)
{
	struct extend	*e;
	json_t		*loan;

	if (form_screen_failed(s, error))
		return;
	e = s->priv;
	json_decref(e->due);
	e->due = json_incref(result);
	if (!json_is_object(loan = json_object_get(result, "loan"))) {
		form_message(&e->form, 0, "%s", _("You have no loan to "
		    "extend"));
		return;
	}
	conn_request(M_LOAN_EXTENSION_TERMS, json_pack("{s:s}", "loan_id",
	    jstr(loan, "id")), extend_terms_cb, s);
}

static void
extend_cards_cb(struct screen *s, json_t *result, json_t *error)
{
	struct extend	*e;

	if (s == NULL || error != NULL)
		return;
	e = s->priv;
	json_decref(e->cards);
	e->cards = json_incref(json_object_get(result, "items"));
}

static void
extend_done_cb(struct screen *s, json_t *result, json_t *error)
{
	struct extend	*e;

	repay_dash_refresh();
	if (form_screen_failed(s, error))
		return;
	e = s->priv;
	json_decref(e->result);
	e->result = json_incref(result);
	form_message(&e->form, 0, "%s", _("Extended.  Esc to go back"));
	/* The due date and the extensions used have changed: read them. */
	conn_request(M_LOAN_DUE, NULL, extend_due_cb, s);
}

/* The new due date for days more: from the later of due_on and today. */
static int
extend_new_due(struct extend *e, long days, char *out, size_t len)
{
	struct date	d, today = date_today();

	if (date_parse(jstr(json_object_get(e->due, "loan"), "due_on"), &d)
	    != DATE_OK)
		return -1;
	if (date_cmp(&d, &today) < 0)
		d = today;
	d = date_add_days(&d, days);
	date_show(&d, out, len);
	return 0;
}

static long
extend_days(struct extend *e)
{
	char	*v = field_value(form_field(&e->form, 0));
	long	 n = strtol(v, NULL, 10);

	free(v);
	return n;
}

static void
extend_confirmed(struct screen *s)
{
	struct extend	*e = s->priv;
	json_t		*card = json_array_get(e->cards, 0), *c;
	size_t		 i;

	json_array_foreach(e->cards, i, c)
		if (json_is_true(json_object_get(c, "default")))
			card = c;
	form_screen_request(s, M_LOAN_EXTEND, json_pack("{s:s, s:s, s:I}",
	    "loan_id", jstr(json_object_get(e->due, "loan"), "id"),
	    "card_id", jstr(card, "id"), "days", (json_int_t)extend_days(e)),
	    extend_done_cb, _("Extending…"));
}

static void
extend_submit(struct screen *s)
{
	struct extend	*e = s->priv;
	struct field	*f = form_field(&e->form, 0);
	long		 days = extend_days(e);
	char		 d[DATE_FMT_LEN], m[MONEY_FMT_LEN], *text;

	if (s->busy || e->terms == NULL || e->result != NULL)
		return;
	if (!json_is_true(json_object_get(e->terms, "allowed"))) {
		form_message(&e->form, 1, "%s", _("This loan cannot be "
		    "extended now"));
		return;
	}
	if (days < 1 || days > jint(e->terms, "max_days")) {
		xasprintf(&text, _("from 1 to %d days"),
		    (int)jint(e->terms, "max_days"));
		form_message(&e->form, 1, "%s", text);
		free(text);
		f->error = _("not a number of days the lender allows");
		return;
	}
	if (json_array_size(e->cards) == 0) {
		form_message(&e->form, 1, "%s", _("Link a card first: "
		    "Settings → Cards"));
		return;
	}
	extend_new_due(e, days, d, sizeof d);
	xasprintf(&text, _("Pay %s of interest now and move the due date to "
	    "%s?"), text_money(jint(e->terms, "to_pay"), m, sizeof m), d);
	dialog_confirm(_("Extension"), text, extend_confirmed);
	free(text);
}

static void
extend_enter(struct screen *s)
{
	conn_request(M_LOAN_DUE, NULL, extend_due_cb, s);
	conn_request(M_CARD_LIST, NULL, extend_cards_cb, s);
}

static void
extend_leave(struct screen *s)
{
	struct extend	*e = s->priv;

	form_free(&e->form);
	json_decref(e->due);
	json_decref(e->terms);
	json_decref(e->result);
	json_decref(e->cards);
	free(e);
}

static void
extend_draw(struct screen *s, int y, int x, int h, int w)
{
	struct extend	*e = s->priv;
	json_t		*t = e->terms;
	char		 d[DATE_FMT_LEN];
	long		 days = extend_days(e);

	(void)h;
	ui_text(y, x, w, A_BOLD, "%s", _("Extend the loan (продление)"));
	y += 2;
	if (t != NULL) {
		ui_text(y, x, REPAY_COL, 0, "%s", _("Extensions this year"));
		ui_text(y++, x + REPAY_COL, w - REPAY_COL, 0,
		    _("%d of %d used"), (int)jint(t, "used_this_year"),
		    (int)jint(t, "limit_per_year"));
		y = repay_money_row(y, x, w, A_BOLD, _("Interest to pay now"),
		    jint(t, "to_pay"));
		y = repay_money_row(y, x, w, 0, _("Interest per day"),
		    jint(t, "interest_per_day"));
		ui_text(y, x, REPAY_COL, 0, "%s", _("Due date now"));
		ui_text(y++, x + REPAY_COL, w - REPAY_COL, 0, "%s",
		    date_show_iso(jstr(json_object_get(e->due, "loan"),
		    "due_on"), d, sizeof d));
		if (e->result != NULL) {
			ui_text(y, x, REPAY_COL, A_BOLD, "%s",
			    _("New due date"));
			ui_text(y++, x + REPAY_COL, w - REPAY_COL, A_BOLD,
			    "%s", date_show_iso(jstr(json_object_get(
			    e->result, "loan"), "due_on"), d, sizeof d));
		} else if (days >= 1 && days <= jint(t, "max_days") &&
		    extend_new_due(e, days, d, sizeof d) == 0) {
			ui_text(y, x, REPAY_COL, A_BOLD, "%s",
			    _("New due date"));
			ui_text(y++, x + REPAY_COL, w - REPAY_COL, A_BOLD,
			    "%s", d);
		}
		y++;
	}
	form_draw(&e->form, y, x, w);
}

static void
extend_event(struct screen *s, const char *method, json_t *params)
{
	if (route_reread(method, params) ||
	    strcmp(method, E_LOAN_UPDATED) == 0)
		extend_enter(s);
}

const struct screen_class screen_extend = {
	N_("Extension"), 0, extend_keys, extend_enter, extend_leave,
	extend_event, extend_draw, NULL
};

void
screen_extend_open(void)
{
	struct extend	*e = xcalloc(1, sizeof *e);
	struct screen	*s;

	form_init(&e->form, 1);
	field_init(form_field(&e->form, 0), FIELD_DIGITS, N_("Days"), 2);
	e->form.submit = extend_submit;
	s = ui_push(&screen_extend, e);
	s->form = &e->form;
}
