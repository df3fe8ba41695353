/*
 * screen_cards.c — settings → cards: the linked cards (first 6
 * and last 4 digits, expiry), making one the default, removing one, and
 * linking a new one: the PAN typed into a masked field whose length,
 * Luhn check and brand show while typing, the expiry and the holder in
 * Latin letters; the lender then asks for an SMS code (challenge.required
 * opens the code prompt).  The PAN lives only in the field, which is
 * wiped once the request has gone.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/card.h"
#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

/* ---- the list ---- */

struct cards {
	json_t	*items;
	size_t	 sel;
	struct note	note;
};

static void	cards_key_up(struct screen *);
static void	cards_key_down(struct screen *);
static void	cards_key_add(struct screen *);
static void	cards_key_default(struct screen *);
static void	cards_key_remove(struct screen *);
static void	cards_key_back(struct screen *);

static const struct keybind cards_keys[] = {
	{ { KEYC_FN(KEY_UP), 'k' }, "Up", N_("Previous card"), cards_key_up,
	  0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, "Down", N_("Next card"), cards_key_down,
	  0 },
	{ { 'a', KEYC_FN(KEY_IC) }, "a", N_("Link a card"), cards_key_add,
	  KB_BAR },
	{ { 'd' }, "d", N_("Make default"), cards_key_default, KB_BAR },
	{ { 'r', KEYC_FN(KEY_DC) }, "r", N_("Remove"), cards_key_remove,
	  KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), cards_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
cards_say(struct screen *s, int error, const char *text)
{
	struct cards	*c = s->priv;

	note_set(&c->note, error, text);
}

static void
cards_fail(struct screen *s, json_t *error)
{
	struct cards	*c = s->priv;

	note_reason(&c->note, error);
}

static void
cards_list_cb(struct screen *s, json_t *result, json_t *error)
{
	struct cards	*c;

	if (s == NULL)
		return;
	c = s->priv;
	if (error != NULL) {
		cards_fail(s, error);
		return;
	}
	json_decref(c->items);
	c->items = json_incref(json_object_get(result, "items"));
	if (c->sel >= json_array_size(c->items))
		c->sel = json_array_size(c->items) > 0 ?
		    json_array_size(c->items) - 1 : 0;
}

static void
cards_reload(struct screen *s)
{
	conn_request(M_CARD_LIST, NULL, cards_list_cb, s);
}

static void
cards_key_up(struct screen *s)
{
	struct cards	*c = s->priv;

	if (c->sel > 0)
		c->sel--;
}

static void
cards_key_down(struct screen *s)
{
	struct cards	*c = s->priv;

	if (c->sel + 1 < json_array_size(c->items))
		c->sel++;
}

static void
cards_key_add(struct screen *s)
{
	(void)s;
	screen_card_add_open();
}

static void
cards_done_cb(struct screen *s, json_t *result, json_t *error)
{
	(void)result;
	if (s == NULL)
		return;
	if (error != NULL) {
		cards_fail(s, error);
		return;
	}
	cards_say(s, 0, _("Done"));
	cards_reload(s);
}

static void
cards_key_default(struct screen *s)
{
	struct cards	*c = s->priv;
	json_t		*card = json_array_get(c->items, c->sel);

	if (card == NULL || s->busy)
		return;
	conn_request(M_CARD_DEFAULT, json_pack("{s:s}", "card_id",
	    jstr(card, "id")), cards_done_cb, s);
}

static void
cards_removed(struct screen *s)
{
	struct cards	*c = s->priv;
	json_t		*card = json_array_get(c->items, c->sel);

	if (card != NULL)
		conn_request(M_CARD_REMOVE, json_pack("{s:s}", "card_id",
		    jstr(card, "id")), cards_done_cb, s);
}

static void
cards_key_remove(struct screen *s)
{
	struct cards	*c = s->priv;
	json_t		*card = json_array_get(c->items, c->sel);
	char		*text;

	if (card == NULL || s->busy)
		return;
	xasprintf(&text, _("Remove the card %s…%s?"), jstr(card, "first6"),
	    jstr(card, "last4"));
	dialog_confirm(_("Remove card"), text, cards_removed);
	free(text);
}

static void
cards_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
cards_leave(struct screen *s)
{
	struct cards	*c = s->priv;

	json_decref(c->items);
	note_free(&c->note);
	free(c);
}

static void
cards_draw(struct screen *s, int y, int x, int h, int w)
{
	struct cards	*c = s->priv;
	json_t		*card;
	size_t		 i;
	int		 maxy = y + h;

	ui_text(y, x, w, A_BOLD, "%s", _("Cards"));
	y += 2;
	if (c->items != NULL && json_array_size(c->items) == 0)
		ui_text(y++, x, w, 0, "%s", _("No card is linked; press a to "
		    "link one"));
	json_array_foreach(c->items, i, card) {
		if (y >= maxy - 3)
			break;
		ui_text(y++, x, w, i == c->sel ? A_REVERSE : 0,
		    " %-10s %s…%s  %02d/%02d  %-26s %s ",
		    card_brand_label(jstr(card, "brand")), jstr(card, "first6"),
		    jstr(card, "last4"),
		    (int)json_integer_value(json_object_get(card,
		    "exp_month")),
		    (int)(json_integer_value(json_object_get(card,
		    "exp_year")) % 100), jstr(card, "holder"),
		    json_is_true(json_object_get(card, "default")) ?
		    _("default") : "");
	}
	note_draw(&c->note, y + 1, x, w, maxy);
}

/* A card linked meanwhile (the add form finished): reload. */
static void
cards_event(struct screen *s, const char *method, json_t *params)
{
	if (strcmp(method, E_CHALLENGE_DONE) == 0 ||
	    route_reread(method, params))
		cards_reload(s);
}

const struct screen_class screen_cards = {
	N_("Cards"), 0, cards_keys, cards_reload, cards_leave, cards_event,
	cards_draw, NULL
};

void
screen_cards_open(void)
{
	ui_push(&screen_cards, xcalloc(1, sizeof(struct cards)));
}

/* ---- linking a card ---- */

enum { ADD_PAN, ADD_EXPIRY, ADD_HOLDER, ADD_NFIELDS };

struct card_add {
	struct form	form;
	int		done;
};

static void	add_submit(struct screen *);
static void	add_key_back(struct screen *);

static const struct keybind add_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Link"), add_submit, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), add_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
add_key_back(struct screen *s)
{
	ui_pop(s);
}

/* The PAN's digits (caller wipes and frees). */
static char *
add_pan(struct card_add *a)
{
	return field_value(form_field(&a->form, ADD_PAN));
}

/* What the PAN field says while typing: brand, length, checksum. */
static const char *
add_pan_status(struct card_add *a, int *bad)
{
	char		*v = add_pan(a), pan[CARD_PAN_MAX + 1];
	size_t		 n = strlen(v);
	const char	*brand;
	static char	 out[160];

	*bad = 0;
	if (n == 0) {
		xfree_secret(v);
		return _("16 to 19 digits, as on the card");
	}
	brand = card_brand_name(card_brand(v));
	if (n < CARD_PAN_MIN)
		snprintf(out, sizeof out, _("%s, %zu digits so far"), brand, n);
	else if (card_pan_parse(v, pan) != CARD_OK) {
		*bad = 1;
		snprintf(out, sizeof out, "%s", n > CARD_PAN_MAX ?
		    _("too many digits") : _("the number has a typo (checksum "
		    "fails)"));
	} else if (card_brand(pan) == CARD_BRAND_OTHER) {
		*bad = 1;
		snprintf(out, sizeof out, "%s", _("only Mir, Visa and "
		    "Mastercard cards"));
	} else
		snprintf(out, sizeof out, _("%s, %zu digits, number OK"),
		    brand, n);
	wipe(pan, sizeof pan);
	xfree_secret(v);
	return out;
}

static void
add_cb(struct screen *s, json_t *result, json_t *error)
{
	struct card_add	*a;

	(void)result;
	if (s == NULL)
		return;
	a = s->priv;
	if (form_screen_failed(s, error)) {
		/* The number was wiped when it was sent: it is typed again. */
		form_focus(&a->form, ADD_PAN);
		return;
	}
	a->done = 1;
	form_message(&a->form, 0, "%s", _("The card is linked.  Esc to go "
	    "back"));
}

static void
add_submit(struct screen *s)
{
	struct card_add	*a = s->priv;
	struct field	*fp = form_field(&a->form, ADD_PAN);
	char		*pan, *exp, *holder;
	int		 bad;

	if (s->busy || a->done)
		return;
	add_pan_status(a, &bad);
	if (bad || fp->len < CARD_PAN_MIN) {
		fp->error = _("check the card number");
		form_focus(&a->form, ADD_PAN);
		return;
	}
	pan = add_pan(a);
	exp = field_value(form_field(&a->form, ADD_EXPIRY));
	holder = field_value(form_field(&a->form, ADD_HOLDER));
	if (form_screen_request(s, M_CARD_ADD, json_pack("{s:s, s:s, s:s}",
	    "pan", pan, "expiry", exp, "holder", holder), add_cb,
	    _("Sending the card to the lender…")) == 0) {
		/* It has gone: the field no longer needs it. */
		field_clear(fp);
		field_set(fp, "");
	}
	xfree_secret(pan);
	free(exp);
	free(holder);
}

static void
add_draw(struct screen *s, int y, int x, int h, int w)
{
	struct card_add	*a = s->priv;
	const char	*st;
	int		 bad;

	(void)h;
	ui_text(y, x, w, A_BOLD, "%s", _("Link a card"));
	y += 2;
	y = ui_para(y, x, w, y + 3, 0, _("Only a card in your own name can "
	    "be linked.  The lender asks for an SMS code to confirm it."));
	y++;
	st = add_pan_status(a, &bad);
	ui_text(y++, x, w, bad ? A_BOLD : 0, _("Card number: %s"), st);
	y++;
	form_draw(&a->form, y, x, w);
}

const struct screen_class screen_card_add = {
	N_("Link a card"), 0, add_keys, NULL, form_screen_leave, NULL, add_draw, NULL
};

void
screen_card_add_open(void)
{
	struct card_add	*a = xcalloc(1, sizeof *a);
	struct screen	*s;

	form_init(&a->form, ADD_NFIELDS);
	field_init(form_field(&a->form, ADD_PAN), FIELD_CARD,
	    N_("Card number"), CARD_PAN_MAX);
	field_init(form_field(&a->form, ADD_EXPIRY), FIELD_TEXT,
	    N_("Valid thru (MM/YY)"), 7);
	field_init(form_field(&a->form, ADD_HOLDER), FIELD_TEXT,
	    N_("Holder (Latin letters)"), CARD_HOLDER_MAX);
	a->form.submit = add_submit;
	s = ui_push(&screen_card_add, a);
	s->form = &a->form;
}
