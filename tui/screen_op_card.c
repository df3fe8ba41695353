/*
 * screen_op_card.c — the operator's card of one client: masked profile,
 * loans, payments and services, read-only; from here the identity check,
 * the phone change and the password reset.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/passport.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"
#include "op_client.h"

#define CARD_COL	18

struct card {
	char	*id;
	json_t	*client;	/* NULL until loaded */
	struct note	note;
};

static void	card_key_verify(struct screen *);
static void	card_key_phone(struct screen *);
static void	card_key_reset(struct screen *);
static void	card_key_reload(struct screen *);
static void	card_key_back(struct screen *);

static const struct keybind card_keys[] = {
	{ { 'v' }, "v", N_("Verify identity"), card_key_verify, KB_BAR },
	{ { 'p' }, "p", N_("Change phone"), card_key_phone, KB_BAR },
	{ { 'r' }, "r", N_("Reset password"), card_key_reset, KB_BAR },
	{ { 'g' }, "g", N_("Reload"), card_key_reload, 0 },
	{ { KEYC_ESC }, NULL, N_("Back"), card_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
card_message(struct screen *s, int is_error, const char *text)
{
	struct card	*c = s->priv;

	note_set(&c->note, is_error, text);
}

static int
card_verified(struct card *c)
{
	return json_is_true(json_object_get(json_object_get(c->client,
	    "identity"), "verified"));
}

static void
card_cb(struct screen *s, json_t *result, json_t *error)
{
	struct card	*c;

	if (s == NULL)
		return;
	c = s->priv;
	if (note_reason(&c->note, error))
		return;
	json_decref(c->client);
	c->client = json_incref(json_object_get(result, "client"));
}

static void
card_load(struct screen *s)
{
	struct card	*c = s->priv;

	if (conn_request(M_OPERATOR_CLIENT_GET, json_pack("{s:s}",
	    "client_id", c->id), card_cb, s) == -1)
		card_message(s, 1, _("The daemon is not connected; try again "
		    "when it is back"));
}

/* A form below reports back: reload and say what happened. */
void
op_card_done(struct screen *card, const char *text)
{
	if (card == NULL)
		return;
	if (card->cls != &screen_op_card) {	/* an appeal's screen */
		op_appeal_done(card, text);
		return;
	}
	card_message(card, 0, text);
	card_load(card);
}

static void
card_key_verify(struct screen *s)
{
	struct card	*c = s->priv;

	screen_op_verify_open(s, c->id);
}

static void
card_key_phone(struct screen *s)
{
	struct card	*c = s->priv;

	if (!card_verified(c)) {
		card_message(s, 1, _("Verify the caller's identity first (v)"));
		return;
	}
	screen_op_phone_open(s, c->id);
}

static void
card_reset_cb(struct screen *s, json_t *result, json_t *error)
{
	struct buf	b = BUF_INIT;

	if (s == NULL)
		return;
	if (error != NULL) {
		reasons_describe(error, &b);
		card_message(s, 1, b.data);
		buf_release(&b);
		return;
	}
	buf_addf(&b, _("A temporary password was sent by SMS to %s; the "
	    "client must change it at the next sign-in"),
	    jstr(result, "phone_masked"));
	op_card_done(s, b.data);
	buf_release(&b);
}

static void
card_reset_yes(struct screen *s)
{
	struct card	*c;

	if (s == NULL || s->cls != &screen_op_card)
		return;
	c = s->priv;
	if (conn_request(M_OPERATOR_PASSWORD_RESET, json_pack("{s:s}",
	    "client_id", c->id), card_reset_cb, s) == -1)
		card_message(s, 1, _("The daemon is not connected; try again "
		    "when it is back"));
	else
		card_message(s, 0, _("Sending…"));
}

static void
card_key_reset(struct screen *s)
{
	struct card	*c = s->priv;

	if (!card_verified(c)) {
		card_message(s, 1, _("Verify the caller's identity first (v)"));
		return;
	}
	dialog_confirm(_("Reset password"), _("Send the client a temporary "
	    "password by SMS?  Their sessions end and they must choose a new "
	    "password at the next sign-in."), card_reset_yes);
}

static void
card_key_reload(struct screen *s)
{
	card_message(s, 0, NULL);
	card_load(s);
}

static void
card_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
card_enter(struct screen *s)
{
	card_load(s);
}

static void
card_leave(struct screen *s)
{
	struct card	*c = s->priv;

	json_decref(c->client);
	free(c->id);
	note_free(&c->note);
	free(c);
}

static const char *
loan_state(const char *st)
{
	if (st == NULL)
		return "?";
	if (strcmp(st, "active") == 0)
		return _("active");
	if (strcmp(st, "overdue") == 0)
		return _("overdue");
	if (strcmp(st, "closed") == 0)
		return _("closed");
	return st;
}

static int
card_loans(json_t *loans, int y, int x, int w, int maxy)
{
	json_t		*l;
	size_t		 i;
	char		 p[32], o[32], ds[DATE_FMT_LEN];

	ui_text(y, x, CARD_COL, A_BOLD, "%s", _("Loans"));
	if (!json_is_array(loans) || json_array_size(loans) == 0) {
		ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s", _("none"));
		return y;
	}
	json_array_foreach(loans, i, l) {
		if (y >= maxy)
			break;
		text_money(json_integer_value(json_object_get(l, "principal")),
		    p, sizeof p);
		text_money(json_integer_value(json_object_get(l,
		    "outstanding")), o, sizeof o);
		ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s  %s  %s",
		    jstr_or(l, "contract_number", "?"), p,
		    loan_state(jstr_null(l, "state")));
		if (y >= maxy)
			break;
		ui_text(y++, x + CARD_COL + 2, w - CARD_COL - 2, 0,
		    _("due %s, outstanding %s"),
		    jstr_null(l, "due_on") != NULL ? date_show_iso(jstr(l,
		    "due_on"), ds, sizeof ds) : "-",
		    o);
	}
	return y;
}

/* The last payments, as many as fit, and the services on one line. */
static int
card_payments(json_t *cl, int y, int x, int w, int maxy)
{
	json_t		*items = json_object_get(cl, "payments"), *p, *v;
	struct buf	 b = BUF_INIT;
	size_t		 i;
	char		 amount[32], day[DATE_FMT_LEN];

	ui_text(y, x, CARD_COL, A_BOLD, "%s", _("Payments"));
	if (!json_is_array(items) || json_array_size(items) == 0)
		ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s", _("none"));
	json_array_foreach(items, i, p) {
		if (y >= maxy - 1)
			break;
		text_money(json_integer_value(json_object_get(p, "amount")),
		    amount, sizeof amount);
		/* The borrower's history words; columns by cells. */
		buf_reset(&b);
		text_pad(&b, jstr_null(p, "on_date") != NULL ? date_show_iso(
		    jstr(p, "on_date"), day, sizeof day) : "-", 12);
		text_pad(&b, history_kind_label(jstr_or(p, "kind", "?")), 12);
		buf_addf(&b, "%*s%s  ", (int)(14 - text_width(amount)), "",
		    amount);
		buf_adds(&b, history_status_label(jstr(p, "status")));
		ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s", b.data);
	}
	buf_reset(&b);
	items = json_object_get(cl, "services");
	ui_text(y, x, CARD_COL, A_BOLD, "%s", _("Services"));
	json_array_foreach(items, i, v) {
		if (!json_is_true(json_object_get(v, "enabled")))
			continue;
		if (b.len > 0)
			buf_adds(&b, ", ");
		/* The lender's titles are in its catalogue (English). */
		buf_adds(&b, jstr_null(v, "title") != NULL ? _(jstr(v, "title")) :
		    jstr_or(v, "id", "?"));
	}
	ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s", b.len > 0 ? b.data :
	    _("none switched on"));
	buf_release(&b);
	return y;
}

static void
card_draw(struct screen *s, int y, int x, int h, int w)
{
	struct card	*c = s->priv;
	json_t		*cl = c->client, *idn;
	char		 t[16];
	int		 maxy = y + h - 1;

	if (cl == NULL) {
		ui_text(y, x, w, 0, "%s", _("Loading…"));
		if (c->note.text != NULL)
			ui_para(y + 2, x, w, maxy, A_BOLD, c->note.text);
		return;
	}
	ui_text(y, x, w, A_BOLD, "%s  (%s)", jstr_or(cl, "name", "?"), c->id);
	y += 2;
	ui_text(y, x, CARD_COL, A_BOLD, "%s", _("Phone"));
	ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s",
	    jstr_or(cl, "phone_masked", "-"));
	ui_text(y, x, CARD_COL, A_BOLD, "%s", _("Born"));
	ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s",
	    jstr_or(cl, "birth_date_masked", "-"));
	ui_text(y, x, CARD_COL, A_BOLD, "%s", _("Account"));
	if (json_is_true(json_object_get(cl, "restricted")))
		ui_text(y++, x + CARD_COL, w - CARD_COL, A_BOLD, "%s",
		    _("restricted until the client confirms the new phone"));
	else if (json_is_true(json_object_get(cl, "must_change_password")))
		ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s",
		    _("must change the password at the next sign-in"));
	else
		ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s", _("normal"));
	idn = json_object_get(cl, "identity");
	ui_text(y, x, CARD_COL, A_BOLD, "%s", _("Identity"));
	if (json_is_string(json_object_get(idn, "locked_until"))) {
		op_hhmm(jstr_null(idn, "locked_until"), t, sizeof t);
		ui_text(y++, x + CARD_COL, w - CARD_COL, A_BOLD,
		    _("checks locked until %s (too many mismatches)"), t);
	} else if (card_verified(c)) {
		op_hhmm(jstr_null(idn, "verified_until"), t, sizeof t);
		ui_text(y++, x + CARD_COL, w - CARD_COL, A_BOLD,
		    _("verified; changes allowed until %s"), t);
	} else
		ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s",
		    _("not verified (v to check the passport)"));
	y++;
	y = card_loans(json_object_get(cl, "loans"), y, x, w, maxy - 5);
	y = card_payments(cl, y, x, w, maxy - 2);
	if (c->note.text != NULL)
		ui_para(y + 1, x, w, maxy + 1, c->note.error ?
		    A_BOLD | A_REVERSE : A_BOLD, c->note.text);
}

const struct screen_class screen_op_card = {
	N_("Client card"), 0, card_keys, card_enter, card_leave, NULL,
	card_draw, NULL
};

void
screen_op_card_open(const char *id)
{
	struct card	*c = xcalloc(1, sizeof *c);

	c->id = xstrdup(id);
	ui_push(&screen_op_card, c);
}
