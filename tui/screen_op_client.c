/*
 * screen_op_client.c — the operator's work on one caller: find the client
 * (phone, contract number, or surname and birth date), pick them from the
 * masked results, look at the card (masked profile and loans, read-only),
 * check their identity against the passport they dictate, and only then
 * change their phone (the SMS code goes to the new number and the caller
 * reads it out) or reset their password.
 *
 * Passport series and number and the birth date are checked here with
 * lib/passport.h and lib/date.h before anything is sent, and wiped with
 * the form.  No screen ever shows a document: the lender only says
 * match or no match.
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

#define CARD_COL	18

static void
op_not_connected(struct form *f)
{
	form_message(f, 1, "%s", _("The daemon is not connected; try again "
	    "when it is back"));
}

/* A date field's value checked with date.h: ISO into iso, or -1 with
 * the field's error set. */
static int
op_date_field(struct field *f, char *iso, int required)
{
	struct date	 d, today = date_today();
	char		*v = field_value(f);
	int		 rc = 0;

	iso[0] = '\0';
	if (*v == '\0') {
		if (required) {
			f->error = _("Enter the date as DD.MM.YYYY");
			rc = -1;
		}
	} else if (date_parse(v, &d) != DATE_OK) {
		f->error = _("Not a date; enter it as DD.MM.YYYY");
		rc = -1;
	} else if (date_cmp(&d, &today) > 0) {
		f->error = _("The date is in the future");
		rc = -1;
	} else
		date_format_iso(&d, iso, DATE_FMT_LEN);
	free(v);
	return rc;
}

/* ---- results ---- */

struct results {
	json_t	*items;
	size_t	 sel;
};

static void	res_key_open(struct screen *);
static void	res_key_back(struct screen *);
static void	res_key_up(struct screen *);
static void	res_key_down(struct screen *);

static const struct keybind res_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Open the card"), res_key_open, KB_BAR },
	{ { KEYC_FN(KEY_UP), 'k' }, "Up", N_("Previous"), res_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, "Down", N_("Next"), res_key_down, 0 },
	{ { KEYC_ESC }, NULL, N_("Back"), res_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
res_key_open(struct screen *s)
{
	struct results	*r = s->priv;
	json_t		*c = json_array_get(r->items, r->sel);

	if (c != NULL && op_str(c, "id") != NULL)
		screen_op_card_open(op_str(c, "id"));
}

static void
res_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
res_key_up(struct screen *s)
{
	struct results	*r = s->priv;

	if (r->sel > 0)
		r->sel--;
}

static void
res_key_down(struct screen *s)
{
	struct results	*r = s->priv;

	if (r->sel + 1 < json_array_size(r->items))
		r->sel++;
}

static void
res_leave(struct screen *s)
{
	struct results	*r = s->priv;

	json_decref(r->items);
	free(r);
}

static void
res_draw(struct screen *s, int y, int x, int h, int w)
{
	struct results	*r = s->priv;
	json_t		*c;
	size_t		 i, n = json_array_size(r->items);
	int		 maxy = y + h - 1;

	ui_text(y, x, w, A_BOLD, P_("%zu client found", "%zu clients found",
	    (unsigned long)n), n);
	y += 2;
	if (n == 0) {
		ui_para(y, x, w, maxy, 0, _("Nobody matches.  Check the number "
		    "or try the surname and birth date."));
		return;
	}
	ui_text(y++, x, w, A_UNDERLINE, "  %-26s %-18s %-10s %s",
	    _("Client"), _("Phone"), _("Born"), _("State"));
	json_array_foreach(r->items, i, c) {
		if (y >= maxy)
			break;
		ui_text(y++, x, w, i == r->sel ? A_REVERSE : 0,
		    "%c %-26.26s %-18s %-10s %s", i == r->sel ? '>' : ' ',
		    op_str(c, "name") != NULL ? op_str(c, "name") : "?",
		    op_str(c, "phone_masked") != NULL ?
		    op_str(c, "phone_masked") : "-",
		    op_str(c, "birth_date_masked") != NULL ?
		    op_str(c, "birth_date_masked") : "-",
		    json_is_true(json_object_get(c, "restricted")) ?
		    _("restricted") : "");
	}
}

static const struct screen_class screen_op_results = {
	N_("Clients found"), 0, res_keys, NULL, res_leave, NULL, res_draw,
	NULL
};

/* ---- find ---- */

enum { FIND_PHONE, FIND_CONTRACT, FIND_SURNAME, FIND_BIRTH, FIND_NFIELDS };

struct find {
	struct form	form;
};

static void	find_key_submit(struct screen *);
static void	find_key_back(struct screen *);

static const struct keybind find_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Next field / find"), find_key_submit,
	  KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), find_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
find_cb(struct screen *s, json_t *result, json_t *error)
{
	struct find	*f;
	struct results	*r;
	struct buf	 b = BUF_INIT;

	if (s == NULL)
		return;
	f = s->priv;
	if (error != NULL) {
		reasons_describe(error, &b);
		form_message(&f->form, 1, "%s", b.data);
		buf_release(&b);
		return;
	}
	form_message(&f->form, 0, NULL);
	r = xcalloc(1, sizeof *r);
	r->items = json_incref(json_object_get(result, "items"));
	if (!json_is_array(r->items)) {
		json_decref(r->items);
		r->items = json_array();
	}
	ui_push(&screen_op_results, r);
}

static void
find_submit(struct screen *s)
{
	struct find	*f = s->priv;
	struct field	*phone = form_field(&f->form, FIND_PHONE);
	struct field	*contract = form_field(&f->form, FIND_CONTRACT);
	struct field	*surname = form_field(&f->form, FIND_SURNAME);
	struct field	*birth = form_field(&f->form, FIND_BIRTH);
	char		 iso[DATE_FMT_LEN], *v;
	json_t		*p;

	if (s->busy)
		return;
	if (phone->len > 0) {
		if (field_leave(phone) == -1) {
			form_focus(&f->form, FIND_PHONE);
			return;
		}
		p = json_pack("{s:s}", "phone", phone->phone);
	} else if (contract->len > 0) {
		v = field_value(contract);
		p = json_pack("{s:s}", "contract", v);
		free(v);
	} else if (surname->len > 0) {
		if (op_date_field(birth, iso, 1) == -1) {
			form_focus(&f->form, FIND_BIRTH);
			return;
		}
		v = field_value(surname);
		p = json_pack("{s:s, s:s}", "surname", v, "birth_date", iso);
		free(v);
	} else {
		form_message(&f->form, 1, "%s", _("Enter a phone, a contract "
		    "number, or a surname and a birth date"));
		form_focus(&f->form, FIND_PHONE);
		return;
	}
	if (conn_request(M_OPERATOR_CLIENT_FIND, p, find_cb, s) == -1)
		op_not_connected(&f->form);
	else
		form_message(&f->form, 0, "%s", _("Searching…"));
}

static void
find_key_submit(struct screen *s)
{
	find_submit(s);
}

static void
find_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
find_leave(struct screen *s)
{
	struct find	*f = s->priv;

	form_free(&f->form);
	free(f);
}

static void
find_draw(struct screen *s, int y, int x, int h, int w)
{
	struct find	*f = s->priv;

	(void)h;
	ui_text(y, x, w, A_BOLD, "%s", _("Find a client"));
	y += 2;
	y = ui_para(y, x, w, y + 2, 0, _("By phone, by contract number, or "
	    "by surname and birth date.  Results show masked data only."));
	y++;
	form_draw(&f->form, y, x, w);
}

static const struct screen_class screen_op_find = {
	N_("Find a client"), 0, find_keys, NULL, find_leave, NULL, find_draw,
	NULL
};

void
screen_op_find_open(void)
{
	struct find	*f = xcalloc(1, sizeof *f);
	struct screen	*s;

	form_init(&f->form, FIND_NFIELDS);
	field_init(form_field(&f->form, FIND_PHONE), FIELD_PHONE,
	    N_("Phone"), 24);
	field_init(form_field(&f->form, FIND_CONTRACT), FIELD_TEXT,
	    N_("Contract no."), 32);
	field_init(form_field(&f->form, FIND_SURNAME), FIELD_TEXT,
	    N_("Surname"), 40);
	field_init(form_field(&f->form, FIND_BIRTH), FIELD_TEXT,
	    N_("Birth date"), 10);
	f->form.submit = find_submit;
	s = ui_push(&screen_op_find, f);
	s->form = &f->form;
}

/* ---- the card ---- */

struct card {
	char	*id;
	json_t	*client;	/* NULL until loaded */
	char	*message;	/* translated */
	int	 message_is_error;
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

	free(c->message);
	c->message = text != NULL ? xstrdup(text) : NULL;
	c->message_is_error = is_error;
	ui_dirty = 1;
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
	struct buf	 b = BUF_INIT;

	if (s == NULL)
		return;
	c = s->priv;
	if (error != NULL) {
		reasons_describe(error, &b);
		card_message(s, 1, b.data);
		buf_release(&b);
		return;
	}
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
static void
card_done(struct screen *card, const char *text)
{
	if (card == NULL)
		return;
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
	    op_str(result, "phone_masked") != NULL ?
	    op_str(result, "phone_masked") : "");
	card_done(s, b.data);
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
	free(c->message);
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
		    op_str(l, "contract_number") != NULL ?
		    op_str(l, "contract_number") : "?", p,
		    loan_state(op_str(l, "state")));
		if (y >= maxy)
			break;
		ui_text(y++, x + CARD_COL + 2, w - CARD_COL - 2, 0,
		    _("due %s, outstanding %s"), op_str(l, "due_on") != NULL ?
		    date_show_iso(op_str(l, "due_on"), ds, sizeof ds) : "-",
		    o);
	}
	return y;
}

static const char *
payment_kind(const char *k)
{
	if (k != NULL && strcmp(k, "disbursement") == 0)
		return _("disbursement");
	if (k != NULL && strcmp(k, "payment") == 0)
		return _("repayment");
	if (k != NULL && strcmp(k, "interest") == 0)
		return _("interest");
	if (k != NULL && strcmp(k, "penalty") == 0)
		return _("penalty");
	if (k != NULL && strcmp(k, "service") == 0)
		return _("service");
	if (k != NULL && strcmp(k, "extension") == 0)
		return _("extension");
	return k != NULL ? k : "?";
}

static const char *
payment_status(const char *st)
{
	if (st != NULL && strcmp(st, "succeeded") == 0)
		return _("done");
	if (st != NULL && strcmp(st, "failed") == 0)
		return _("failed");
	if (st != NULL && strcmp(st, "pending") == 0)
		return _("pending");
	return st != NULL ? st : "";
}

/* The last payments, as many as fit, and the services on one line. */
static int
card_payments(json_t *cl, int y, int x, int w, int maxy)
{
	json_t		*items = json_object_get(cl, "payments"), *p, *v;
	struct buf	 b = BUF_INIT;
	size_t		 i;
	char		 amount[32];

	ui_text(y, x, CARD_COL, A_BOLD, "%s", _("Payments"));
	if (!json_is_array(items) || json_array_size(items) == 0)
		ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s", _("none"));
	json_array_foreach(items, i, p) {
		if (y >= maxy - 1)
			break;
		text_money(json_integer_value(json_object_get(p, "amount")),
		    amount, sizeof amount);
		ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s  %-12s %14s  %s",
		    op_str(p, "on_date") != NULL ? op_str(p, "on_date") : "-",
		    payment_kind(op_str(p, "kind")), amount,
		    payment_status(op_str(p, "status")));
	}
	items = json_object_get(cl, "services");
	ui_text(y, x, CARD_COL, A_BOLD, "%s", _("Services"));
	json_array_foreach(items, i, v) {
		if (!json_is_true(json_object_get(v, "enabled")))
			continue;
		if (b.len > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, op_str(v, "title") != NULL ? op_str(v, "title") :
		    op_str(v, "id") != NULL ? op_str(v, "id") : "?");
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
		if (c->message != NULL)
			ui_para(y + 2, x, w, maxy, A_BOLD, c->message);
		return;
	}
	ui_text(y, x, w, A_BOLD, "%s  (%s)", op_str(cl, "name") != NULL ?
	    op_str(cl, "name") : "?", c->id);
	y += 2;
	ui_text(y, x, CARD_COL, A_BOLD, "%s", _("Phone"));
	ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s",
	    op_str(cl, "phone_masked") != NULL ? op_str(cl, "phone_masked") :
	    "-");
	ui_text(y, x, CARD_COL, A_BOLD, "%s", _("Born"));
	ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s",
	    op_str(cl, "birth_date_masked") != NULL ?
	    op_str(cl, "birth_date_masked") : "-");
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
		op_hhmm(op_str(idn, "locked_until"), t, sizeof t);
		ui_text(y++, x + CARD_COL, w - CARD_COL, A_BOLD,
		    _("checks locked until %s (too many mismatches)"), t);
	} else if (card_verified(c)) {
		op_hhmm(op_str(idn, "verified_until"), t, sizeof t);
		ui_text(y++, x + CARD_COL, w - CARD_COL, A_BOLD,
		    _("verified; changes allowed until %s"), t);
	} else
		ui_text(y++, x + CARD_COL, w - CARD_COL, 0, "%s",
		    _("not verified (v to check the passport)"));
	y++;
	y = card_loans(json_object_get(cl, "loans"), y, x, w, maxy - 5);
	y = card_payments(cl, y, x, w, maxy - 2);
	if (c->message != NULL)
		ui_para(y + 1, x, w, maxy + 1, c->message_is_error ?
		    A_BOLD | A_REVERSE : A_BOLD, c->message);
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

/* ---- verify identity ---- */

enum { VER_SERIES, VER_NUMBER, VER_BIRTH, VER_NFIELDS };

struct opform {
	struct form	 form;
	char		*id;
	struct screen	*card;
};

static void	opf_key_submit(struct screen *);
static void	opf_key_back(struct screen *);

static const struct keybind opf_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Next field / send"), opf_key_submit,
	  KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), opf_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
opf_key_submit(struct screen *s)
{
	struct opform	*f = s->priv;

	if (f->form.submit != NULL)
		f->form.submit(s);
}

static void
opf_key_back(struct screen *s)
{
	if (s->busy) {
		conn_forget(s);
		form_message(s->form, 0, "%s", _("Cancelled"));
		return;
	}
	ui_pop(s);
}

static void
opf_leave(struct screen *s)
{
	struct opform	*f = s->priv;

	form_free(&f->form);	/* wipes the passport */
	free(f->id);
	free(f);
}

static struct screen *
opf_card(struct opform *f)
{
	struct screen	*t;

	for (t = ui_top(); t != NULL; t = t->below)
		if (t == f->card)
			return t;
	return NULL;
}

static void
ver_cb(struct screen *s, json_t *result, json_t *error)
{
	struct opform	*f;
	struct buf	 b = BUF_INIT;
	struct screen	*card;
	json_t		*v;
	char		 t[16];

	if (s == NULL)
		return;
	f = s->priv;
	if (error != NULL) {
		reasons_describe(error, &b);
		form_message(&f->form, 1, "%s", b.data);
		buf_release(&b);
		return;
	}
	if (json_is_true(json_object_get(result, "match"))) {
		op_hhmm(op_str(result, "verified_until"), t, sizeof t);
		buf_addf(&b, _("Identity confirmed: the passport matches.  "
		    "Changes are allowed until %s."), t);
		card = opf_card(f);
		ui_pop(s);
		card_done(card, b.data);
		buf_release(&b);
		return;
	}
	v = json_object_get(result, "attempts_left");
	if (json_is_string(json_object_get(result, "locked_until"))) {
		op_hhmm(op_str(result, "locked_until"), t, sizeof t);
		buf_addf(&b, _("Does not match.  Checks for this client are "
		    "locked until %s."), t);
	} else
		buf_addf(&b, P_("Does not match.  %d more mismatch locks the "
		    "checks.", "Does not match.  %d more mismatches lock the "
		    "checks.", (unsigned long)json_integer_value(v)),
		    (int)json_integer_value(v));
	form_message(&f->form, 1, "%s", b.data);
	buf_release(&b);
	field_clear(form_field(&f->form, VER_NUMBER));
	form_focus(&f->form, VER_SERIES);
}

static void
ver_submit(struct screen *s)
{
	struct opform	*f = s->priv;
	struct field	*fs = form_field(&f->form, VER_SERIES);
	struct field	*fn = form_field(&f->form, VER_NUMBER);
	struct field	*fb = form_field(&f->form, VER_BIRTH);
	char		 series[PASSPORT_SERIES_LEN + 1];
	char		 number[PASSPORT_NUMBER_LEN + 1], iso[DATE_FMT_LEN];
	char		*v;
	int		 bad = -1;

	if (s->busy)
		return;
	v = field_value(fs);
	if (passport_series_parse(v, series) != PASSPORT_OK) {
		fs->error = _("The series is 4 digits");
		bad = VER_SERIES;
	}
	xfree_secret(v);
	v = field_value(fn);
	if (passport_number_parse(v, number) != PASSPORT_OK) {
		fn->error = _("The number is 6 digits");
		if (bad == -1)
			bad = VER_NUMBER;
	}
	xfree_secret(v);
	if (op_date_field(fb, iso, 1) == -1 && bad == -1)
		bad = VER_BIRTH;
	if (bad != -1) {
		form_focus(&f->form, (size_t)bad);
		goto out;
	}
	if (conn_request(M_OPERATOR_IDENTITY_VERIFY, json_pack(
	    "{s:s, s:s, s:s, s:s}", "client_id", f->id, "passport_series",
	    series, "passport_number", number, "birth_date", iso), ver_cb,
	    s) == -1)
		op_not_connected(&f->form);
	else
		form_message(&f->form, 0, "%s", _("Checking…"));
out:
	wipe(series, sizeof series);
	wipe(number, sizeof number);
}

static void
ver_draw(struct screen *s, int y, int x, int h, int w)
{
	struct opform	*f = s->priv;

	(void)h;
	ui_text(y, x, w, A_BOLD, "%s", _("Verify the caller's identity"));
	y += 2;
	y = ui_para(y, x, w, y + 3, 0, _("Ask the caller for the passport "
	    "series and number and the birth date, and type them as "
	    "dictated.  The lender answers match or no match; three "
	    "mismatches in a row lock checks for 30 minutes."));
	y++;
	form_draw(&f->form, y, x, w);
}

static const struct screen_class screen_op_verify = {
	N_("Verify identity"), 0, opf_keys, NULL, opf_leave, NULL, ver_draw,
	NULL
};

void
screen_op_verify_open(struct screen *card, const char *id)
{
	struct opform	*f = xcalloc(1, sizeof *f);
	struct screen	*s;

	f->id = xstrdup(id);
	f->card = card;
	form_init(&f->form, VER_NFIELDS);
	field_init(form_field(&f->form, VER_SERIES), FIELD_DIGITS,
	    N_("Passport series"), 4);
	field_init(form_field(&f->form, VER_NUMBER), FIELD_DIGITS,
	    N_("Passport number"), 6);
	field_init(form_field(&f->form, VER_BIRTH), FIELD_TEXT,
	    N_("Birth date"), 10);
	f->form.submit = ver_submit;
	s = ui_push(&screen_op_verify, f);
	s->form = &f->form;
}

/* ---- change the phone ---- */

static void
phone_cb(struct screen *s, json_t *result, json_t *error)
{
	struct opform	*f;
	struct buf	 b = BUF_INIT;
	struct screen	*card;

	if (s == NULL)
		return;
	f = s->priv;
	if (error != NULL) {
		reasons_describe(error, &b);
		form_message(&f->form, 1, "%s", b.data);
		buf_release(&b);
		return;
	}
	buf_addf(&b, _("The phone is now %s.  The account is restricted "
	    "until the client confirms the number at the next sign-in."),
	    op_str(json_object_get(result, "client"), "phone_masked") != NULL ?
	    op_str(json_object_get(result, "client"), "phone_masked") : "");
	card = opf_card(f);
	ui_pop(s);
	card_done(card, b.data);
	buf_release(&b);
}

static void
phone_submit(struct screen *s)
{
	struct opform	*f = s->priv;
	struct field	*p = form_field(&f->form, 0);

	if (s->busy)
		return;
	if (p->len == 0) {
		p->error = _("Enter the new mobile number");
		return;
	}
	if (field_leave(p) == -1)
		return;
	if (conn_request(M_OPERATOR_PHONE_CHANGE, json_pack("{s:s, s:s}",
	    "client_id", f->id, "new_phone", p->phone), phone_cb, s) == -1)
		op_not_connected(&f->form);
	else
		form_message(&f->form, 0, "%s", _("Sending a code to the new "
		    "number…"));
}

static void
phone_draw(struct screen *s, int y, int x, int h, int w)
{
	struct opform	*f = s->priv;

	(void)h;
	ui_text(y, x, w, A_BOLD, "%s", _("Change the client's phone"));
	y += 2;
	y = ui_para(y, x, w, y + 3, 0, _("An SMS code goes to the NEW "
	    "number; ask the caller to read it out.  The account stays "
	    "restricted (no money actions) until the client confirms the "
	    "number at the next sign-in."));
	y++;
	form_draw(&f->form, y, x, w);
}

static const struct screen_class screen_op_phone = {
	N_("Change phone"), 0, opf_keys, NULL, opf_leave, NULL, phone_draw,
	NULL
};

void
screen_op_phone_open(struct screen *card, const char *id)
{
	struct opform	*f = xcalloc(1, sizeof *f);
	struct screen	*s;

	f->id = xstrdup(id);
	f->card = card;
	form_init(&f->form, 1);
	field_init(form_field(&f->form, 0), FIELD_PHONE, N_("New phone"),
	    24);
	f->form.submit = phone_submit;
	s = ui_push(&screen_op_phone, f);
	s->form = &f->form;
}
