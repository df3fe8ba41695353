/*
 * screen_register.c — registration through an application, as the lender
 * does it: phone → SMS code → personal data → consents (each its own
 * checkbox and document, readable in a pager) → password → the loan's
 * individual terms in a pager, signed by their hash → the account is
 * made, the borrower signed in, and a code sent for those terms submits
 * the application.
 *
 * Each step checks its fields in the form before anything is sent; the
 * daemon checks them again with libkabinet's validators and the lender's
 * field errors come back onto the same fields.  The daemon keeps where
 * the registration stands, so leaving the wizard (or a daemon restart)
 * and coming back resumes at that step.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

enum reg_step { STEP_LOADING, STEP_PHONE, STEP_PROFILE, STEP_CONSENTS,
    STEP_PASSWORD, STEP_DONE };

enum { P_SURNAME, P_NAME, P_PATRONYMIC, P_BIRTH, P_SERIES, P_NUMBER,
    P_ISSUED, P_DIVISION, P_ADDRESS, P_EMAIL, P_INCOME, P_NFIELDS };

static const struct {
	const char	*key;		/* the daemon's and lender's name */
	const char	*label;
	enum field_kind	 kind;
	size_t		 max;
} profile_fields[P_NFIELDS] = {
	{ "surname", N_("Surname"), FIELD_TEXT, 50 },
	{ "name", N_("Name"), FIELD_TEXT, 50 },
	{ "patronymic", N_("Patronymic"), FIELD_TEXT, 50 },
	{ "birth_date", N_("Date of birth"), FIELD_TEXT, 10 },
	{ "passport_series", N_("Passport series"), FIELD_DIGITS, 4 },
	{ "passport_number", N_("Passport number"), FIELD_DIGITS, 6 },
	{ "passport_issued_on", N_("Issued on"), FIELD_TEXT, 10 },
	{ "division_code", N_("Division code"), FIELD_TEXT, 7 },
	{ "address", N_("Registration address"), FIELD_TEXT, 120 },
	{ "email", N_("Email"), FIELD_TEXT, 80 },
	{ "income", N_("Monthly income, ₽"), FIELD_MONEY, 12 },
};

#define NDOCS	4
static const char *const doc_ids[NDOCS] = {
	"rules", "pd_consent", "pep_agreement", "automated_decision"
};
/* Each document's own version, as the lender's GET /v1/documents. */
static const char *const doc_versions[NDOCS] = {
	"2026-11-01", "2026-11-01", "2026-11-01", "2026-11-28"
};
static const char *const doc_labels[NDOCS] = {
	N_("I accept the rules of lending"),
	N_("I consent to the processing of my personal data (152-FZ)"),
	N_("I accept signing by SMS code, a simple electronic signature "
	    "(63-FZ)"),
	N_("I consent to an automated decision, and may object (152-FZ "
	    "art. 16)"),
};

struct reg {
	enum reg_step	 step;
	struct form	 form;
	int		 have_form;
	int64_t		 amount, term;
	int		 checked[NDOCS];
	int		 sel;
	char		 phone[16];
	char		 esia[64];	/* the ESIA session of a prefill */
	struct note	 note;
	char		*password;	/* typed, kept until the terms are
					   signed; wiped */
};

static void	reg_goto(struct screen *, enum reg_step);
static void	terms_open(struct screen *);

/* What a field's reason code says, translated. */
static const char *
field_reason(const char *reason)
{
	static const struct { const char *code, *text; } t[] = {
		{ "required", N_("Required") },
		{ "invalid_name", N_("Cyrillic letters, as in the passport") },
		{ "invalid_date", N_("A date: DD.MM.YYYY") },
		{ "in_future", N_("This date is in the future") },
		{ "too_young", N_("Loans are for adults: 18 or older") },
		{ "invalid_series", N_("4 digits") },
		{ "invalid_number", N_("6 digits") },
		{ "invalid_division_code", N_("6 digits: 770-001") },
		{ "issued_before_1997", N_("Passports of this kind are issued "
		    "since 1 October 1997") },
		{ "needs_replacing", N_("This passport had to be replaced at "
		    "20 or 45: enter the new one") },
		{ "issued_before_14", N_("A passport is issued at 14 or later") },
		{ "invalid_email", N_("Not an email address") },
		{ "invalid_income", N_("An amount in roubles") },
		{ "passport_registered", N_("This passport already has an "
		    "account; sign in instead") },
		{ "not_verified", N_("Differs from Gosuslugi") },
		{ "invalid_phone", N_("Not a Russian mobile number") },
	};
	size_t	i;

	for (i = 0; reason != NULL && i < sizeof t / sizeof t[0]; i++)
		if (strcmp(t[i].code, reason) == 0)
			return _(t[i].text);
	return _("Check this field");
}

/* The daemon's validation fields onto the form's fields; 1 if any. */
static int
reg_field_errors(struct screen *s, json_t *error)
{
	struct reg	*g = s->priv;
	json_t		*fields = json_object_get(json_object_get(error, "data"),
	    "fields"), *f;
	const char	*name, *reason;
	size_t		 i, k, first = (size_t)-1;

	/* Only the profile's fields; a weak password says its rule in the
	 * message. */
	if (!g->have_form || g->step != STEP_PROFILE || !json_is_array(fields))
		return 0;
	json_array_foreach(fields, i, f) {
		name = json_string_value(json_object_get(f, "field"));
		reason = json_string_value(json_object_get(f, "reason"));
		for (k = 0; k < g->form.nfields && name != NULL; k++) {
			if (strcmp(profile_fields[k].key, name) != 0)
				continue;
			g->form.fields[k].error = field_reason(reason);
			if (k < first)
				first = k;
		}
	}
	if (first != (size_t)-1)
		form_focus(&g->form, first);
	return first != (size_t)-1;
}

static void
reg_fail(struct screen *s, json_t *error)
{
	struct reg	*g = s->priv;
	struct buf	 b = BUF_INIT;

	if (reg_field_errors(s, error)) {
		/* "Checking…" is over: the fields say what is wrong. */
		if (g->have_form)
			form_message(&g->form, 1, "%s", _("Correct the fields "
			    "marked with !"));
		return;
	}
	reasons_describe(error, &b);
	if (g->have_form)
		form_message(&g->form, 1, "%s", b.data);
	else
		note_set(&g->note, 1, b.data);
	buf_release(&b);
	if (g->have_form && g->step == STEP_PASSWORD) {
		/* A refused password is chosen again, both times. */
		field_clear(form_field(&g->form, 0));
		field_clear(form_field(&g->form, 1));
		form_focus(&g->form, 0);
	}
}

static enum reg_step
step_of(json_t *registration)
{
	const char	*st = json_string_value(json_object_get(registration,
	    "state"));

	if (st == NULL)
		return STEP_PHONE;
	if (strcmp(st, "profile") == 0)
		return STEP_PROFILE;
	if (strcmp(st, "consents") == 0)
		return STEP_CONSENTS;
	if (strcmp(st, "password") == 0)
		return STEP_PASSWORD;
	return STEP_PHONE;
}

static void
reg_answer_cb(struct screen *s, json_t *result, json_t *error)
{
	if (s == NULL)
		return;
	if (error != NULL) {
		reg_fail(s, error);
		return;
	}
	reg_goto(s, step_of(json_object_get(result, "registration")));
}

/* ---- the steps' submits ---- */

static void
reg_submit_phone(struct screen *s)
{
	struct reg	*g = s->priv;
	struct field	*f = form_field(&g->form, 0);

	if (f->len == 0) {
		f->error = _("Enter your mobile phone number");
		return;
	}
	if (form_validate(&g->form) == -1)
		return;
	memcpy(g->phone, f->phone, sizeof g->phone);
	/* Signing in instead (the number may have an account) starts with
	 * it. */
	memcpy(route_phone, f->phone, sizeof route_phone);
	form_screen_request(s, M_REGISTER_START, json_pack("{s:s}", "phone",
	    f->phone), reg_answer_cb, _("Sending the code…"));
}

static void
reg_submit_profile(struct screen *s)
{
	struct reg	*g = s->priv;
	json_t		*p;
	char		*v;
	size_t		 i;
	int		 bad = 0;

	if (form_validate(&g->form) == -1)
		bad = 1;
	for (i = 0; i < P_NFIELDS; i++)
		if (g->form.fields[i].len == 0 && i != P_PATRONYMIC &&
		    g->form.fields[i].error == NULL) {
			g->form.fields[i].error = _("Required");
			bad = 1;
		}
	if (bad) {
		for (i = 0; i < P_NFIELDS; i++)
			if (g->form.fields[i].error != NULL) {
				form_focus(&g->form, i);
				break;
			}
		form_message(&g->form, 1, "%s", _("Correct the fields marked "
		    "with !"));
		return;
	}
	p = json_object();
	for (i = 0; i < P_NFIELDS; i++) {
		if (i == P_INCOME) {
			json_object_set_new(p, "income", json_integer(
			    g->form.fields[i].money));
			continue;
		}
		if (g->form.fields[i].len == 0)
			continue;
		v = field_value(&g->form.fields[i]);
		json_object_set_new(p, profile_fields[i].key, json_string(v));
		xfree_secret(v);
	}
	if (g->esia[0] != '\0')
		json_object_set_new(p, "esia_session", json_string(g->esia));
	form_screen_request(s, M_REGISTER_PROFILE, p, reg_answer_cb,
	    _("Checking…"));
}

static void
reg_done_cb(struct screen *s, json_t *result, json_t *error)
{
	(void)result;
	if (s == NULL)
		return;
	if (error != NULL) {
		reg_fail(s, error);
		return;
	}
	/* session.changed takes the borrower to the account. */
	reg_goto(s, STEP_DONE);
}

static void
reg_submit_password(struct screen *s)
{
	struct reg	*g = s->priv;
	struct field	*pw = form_field(&g->form, 0);
	struct field	*again = form_field(&g->form, 1);

	if (form_required(&g->form, 0, _("Enter your password")) == -1)
		return;
	if (!field_equal(pw, again)) {
		/* A typo here would lock the borrower out of the account;
		 * which of the two has it is not known: both again. */
		field_clear(pw);
		field_clear(again);
		pw->error = _("The two passwords differ; type the new one "
		    "twice again");
		form_focus(&g->form, 0);
		return;
	}
	/* The individual terms come next, then the code that signs them;
	 * the password waits for that. */
	xfree_secret(g->password);
	g->password = field_value(pw);
	pw->modified = 0;
	terms_open(s);
}

/* register.complete with the password and the hash of the terms shown. */
static void
reg_sign(struct screen *s, const char *sha256)
{
	struct reg	*g = s->priv;
	json_t		*p;

	if (g->password == NULL)
		return;
	p = json_pack("{s:s, s:{s:s, s:I, s:I, s:s}}", "password",
	    g->password, "application", "product", "payday", "amount",
	    (json_int_t)g->amount, "term", (json_int_t)g->term,
	    "document_sha256", sha256);
	if (g->phone[0] != '\0')
		json_object_set_new(p, "phone", json_string(g->phone));
	xfree_secret(g->password);
	g->password = NULL;
	if (conn_request(M_REGISTER_COMPLETE, p, reg_done_cb, s) == -1)
		form_message(&g->form, 1, "%s", _("The daemon is not "
		    "connected; try again when it is back"));
	else
		form_message(&g->form, 0, "%s", _("Sending the application…"));
}

/* ---- moving between steps ---- */

static void
reg_goto(struct screen *s, enum reg_step step)
{
	struct reg	*g = s->priv;
	size_t		 i;

	if (g->have_form)
		form_free(&g->form);
	g->have_form = 0;
	s->form = NULL;
	g->step = step;
	note_set(&g->note, 0, NULL);
	switch (step) {
	case STEP_PHONE:
		form_init(&g->form, 1);
		field_init(form_field(&g->form, 0), FIELD_PHONE, N_("Phone"),
		    24);
		g->form.submit = reg_submit_phone;
		break;
	case STEP_PROFILE:
		form_init(&g->form, P_NFIELDS);
		for (i = 0; i < P_NFIELDS; i++)
			field_init(form_field(&g->form, i),
			    profile_fields[i].kind, profile_fields[i].label,
			    profile_fields[i].max);
		g->form.submit = reg_submit_profile;
		break;
	case STEP_PASSWORD:
		form_init(&g->form, 2);
		field_init(form_field(&g->form, 0), FIELD_PASSWORD,
		    N_("New password"), 64);
		field_init(form_field(&g->form, 1), FIELD_PASSWORD,
		    N_("Repeat it"), 64);
		g->form.submit = reg_submit_password;
		break;
	default:
		return;
	}
	g->have_form = 1;
	s->form = &g->form;
}

static void
reg_status_cb(struct screen *s, json_t *result, json_t *error)
{
	if (s == NULL)
		return;
	if (error != NULL) {
		reg_goto(s, STEP_PHONE);
		reg_fail(s, error);
		return;
	}
	reg_goto(s, step_of(json_object_get(result, "registration")));
}

static void
reg_enter(struct screen *s)
{
	if (conn_request(M_REGISTER_STATUS, NULL, reg_status_cb, s) == -1)
		reg_goto(s, STEP_PHONE);
}

static void
reg_leave(struct screen *s)
{
	struct reg	*g = s->priv;

	if (g->have_form)
		form_free(&g->form);
	xfree_secret(g->password);
	note_free(&g->note);
	free(g);
}

/* ---- consents: checkboxes and the documents ---- */

static void
doc_open(const char *doc);

static int
reg_key(struct screen *s, int key)
{
	struct reg	*g = s->priv;
	json_t		*acc;
	int		 i;

	if (g->step != STEP_CONSENTS)
		return 0;
	switch (key) {
	case KEYC_FN(KEY_UP):
		g->sel = (g->sel + NDOCS - 1) % NDOCS;
		break;
	case KEYC_FN(KEY_DOWN):
	case KEYC_TAB:
		g->sel = (g->sel + 1) % NDOCS;
		break;
	case ' ':
		g->checked[g->sel] = !g->checked[g->sel];
		break;
	case 'v':
		doc_open(doc_ids[g->sel]);
		break;
	case KEYC_ENTER:
		for (i = 0; i < NDOCS; i++)
			if (!g->checked[i]) {
				g->sel = i;
				note_set(&g->note, 1, _("Each document must "
				    "be accepted to go on"));
				return 1;
			}
		acc = json_array();
		for (i = 0; i < NDOCS; i++)
			json_array_append_new(acc, json_pack("{s:s, s:s}",
			    "document", doc_ids[i], "version", doc_versions[i]));
		conn_request(M_REGISTER_CONSENTS, json_pack("{s:o}",
		    "accepted", acc), reg_answer_cb, s);
		break;
	default:
		return 0;
	}
	return 1;
}

static void
reg_key_back(struct screen *s)
{
	ui_pop(s);
}

/* "Заполнить через Госуслуги": the verified fields come back read-only. */
static void
reg_key_esia(struct screen *s)
{
	struct reg	*g = s->priv;

	if (g->step == STEP_PROFILE)
		screen_esia_open_for("registration");
}

static void
reg_event(struct screen *s, const char *method, json_t *params)
{
	struct reg	*g = s->priv;
	json_t		*pre = json_object_get(params, "prefill");
	const char	*v, *id;
	size_t		 i;

	if (strcmp(method, E_GOSUSLUGI_DONE) != 0 || g->step != STEP_PROFILE ||
	    !json_is_object(pre))
		return;
	for (i = 0; i <= P_DIVISION; i++) {
		v = json_string_value(json_object_get(pre,
		    profile_fields[i].key));
		if (v == NULL)
			continue;
		field_set(&g->form.fields[i], v);
		g->form.fields[i].readonly = 1;
		g->form.fields[i].error = NULL;
	}
	id = json_string_value(json_object_get(params, "id"));
	snprintf(g->esia, sizeof g->esia, "%s", id != NULL ? id : "");
	form_focus(&g->form, P_ADDRESS);
	note_set(&g->note, 0, _("Filled from Gosuslugi: the verified fields "
	    "cannot be changed"));
}

static void
reg_key_next(struct screen *s)
{
	reg_key(s, KEYC_ENTER);
}

static void
reg_key_read(struct screen *s)
{
	reg_key(s, 'v');
}

static const struct keybind reg_keys[] = {
	{ { KEYC_ENTER }, "Enter", N_("Continue"), reg_key_next, KB_BAR },
	{ { 'v' }, "v", N_("Read the document"), reg_key_read, 0 },
	{ { KEYC_FN(KEY_F(7)), KEYC_CTRL('G') }, NULL, N_("Fill from Gosuslugi"),
	  reg_key_esia, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Leave (you can come back)"), reg_key_back,
	  KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static const char *
step_title(enum reg_step step)
{
	switch (step) {
	case STEP_PHONE:
		return _("Step 1 of 4: your mobile phone");
	case STEP_PROFILE:
		return _("Step 2 of 4: personal data, as in your passport");
	case STEP_CONSENTS:
		return _("Step 3 of 4: documents");
	case STEP_PASSWORD:
		return _("Step 4 of 4: a password for your account");
	case STEP_DONE:
		return _("Application submitted; signing in…");
	default:
		return "";
	}
}

static void
reg_draw(struct screen *s, int y, int x, int h, int w)
{
	struct reg	*g = s->priv;
	char		 m[48];
	int		 i, maxy = y + h;

	ui_text(y++, x, w, A_BOLD, "%s", step_title(g->step));
	ui_text(y++, x, w, 0, _("Loan: %s for %lld days"),
	    text_money(g->amount, m, sizeof m), (long long)g->term);
	y++;
	if (g->step == STEP_CONSENTS) {
		for (i = 0; i < NDOCS; i++)
			ui_text(y++, x, w, i == g->sel ? A_REVERSE : 0,
			    "%s %s", g->checked[i] ? "[x]" : "[ ]",
			    _(doc_labels[i]));
		y++;
		y = ui_para(y, x, w, maxy, 0, _("Space ticks a box, v reads "
		    "its document, Enter goes on."));
	} else if (g->have_form)
		y = form_draw(&g->form, y, x, w);
	if (g->note.text != NULL)
		ui_para(y + 1, x, w, maxy, A_REVERSE, g->note.text);
}

const struct screen_class screen_register = {
	N_("Registration"), 0, reg_keys, reg_enter, reg_leave, reg_event,
	reg_draw, reg_key
};

void
screen_register_open(int64_t amount, int64_t term)
{
	struct reg	*g = xcalloc(1, sizeof *g);

	g->amount = amount > 0 ? amount : 500000;
	g->term = term > 0 ? term : 16;
	ui_push(&screen_register, g);
}

/* ---- a document in a scrolling pager ---- */

struct reg_doc {
	json_t		*doc;
	int		 top;
	char		*error;
	struct screen	*reg;		/* the terms: the wizard that signs */
};

static void
doc_cb(struct screen *s, json_t *result, json_t *error)
{
	struct reg_doc	*p;
	struct buf	 b = BUF_INIT;

	if (s == NULL)
		return;
	p = s->priv;
	if (error != NULL) {
		reasons_describe(error, &b);
		p->error = xstrdup(b.data);
		buf_release(&b);
	} else
		p->doc = json_incref(result);
}

static void
doc_down(struct screen *s)
{
	((struct reg_doc *)s->priv)->top += 5;
}

static void
doc_up(struct screen *s)
{
	struct reg_doc	*p = s->priv;

	p->top = p->top > 5 ? p->top - 5 : 0;
}

static void
doc_back(struct screen *s)
{
	ui_pop(s);
}

static const struct keybind doc_keys[] = {
	{ { KEYC_FN(KEY_NPAGE), ' ' }, "PgDn", N_("Page down"), doc_down,
	  KB_BAR },
	{ { KEYC_FN(KEY_PPAGE), 'b' }, "PgUp", N_("Page up"), doc_up,
	  KB_BAR },
	{ { KEYC_ESC, 'q' }, NULL, N_("Back"), doc_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
doc_draw(struct screen *s, int y, int x, int h, int w)
{
	struct reg_doc	*p = s->priv;
	const char	*t, *nl;
	char		*line;
	int		 n = 0, maxy = y + h;

	if (p->error != NULL) {
		ui_para(y, x, w, maxy, A_REVERSE, p->error);
		return;
	}
	if (p->doc == NULL)
		return;
	ui_text(y++, x, w, A_BOLD, "%s", json_string_value(json_object_get(
	    p->doc, "title")));
	y++;
	t = json_string_value(json_object_get(p->doc, "text"));
	while (t != NULL && *t != '\0' && y < maxy) {
		nl = strchr(t, '\n');
		line = xstrndup(t, nl != NULL ? (size_t)(nl - t) : strlen(t));
		if (n++ >= p->top)
			y = line[0] == '\0' ? y + 1 : ui_para(y, x, w, maxy, 0,
			    line);
		free(line);
		t = nl != NULL ? nl + 1 : t + strlen(t);
	}
}

static void
doc_leave(struct screen *s)
{
	struct reg_doc	*p = s->priv;

	json_decref(p->doc);
	free(p->error);
	free(p);
}

/* ---- the individual terms, shown before the code that signs them ---- */

static void
terms_sign(struct screen *s)
{
	struct reg_doc	*p = s->priv;
	struct screen	*reg = p->reg;
	const char	*h = json_string_value(json_object_get(p->doc,
			    "sha256"));
	char		*sha;

	if (h == NULL)
		return;		/* nothing shown, nothing to sign */
	sha = xstrdup(h);
	ui_pop(s);
	reg_sign(reg, sha);
	free(sha);
}

static const struct keybind terms_keys[] = {
	{ { KEYC_ENTER, 's' }, "Enter", N_("Sign with an SMS code"), terms_sign,
	  KB_BAR },
	{ { KEYC_FN(KEY_NPAGE), ' ' }, "PgDn", N_("Page down"), doc_down,
	  KB_BAR },
	{ { KEYC_FN(KEY_PPAGE), 'b' }, "PgUp", N_("Page up"), doc_up,
	  KB_BAR },
	{ { KEYC_ESC, 'q' }, NULL, N_("Back"), doc_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static const struct screen_class screen_terms = {
	N_("Loan terms"), 0, terms_keys, NULL, doc_leave, NULL, doc_draw,
	NULL
};

static void
terms_open(struct screen *reg)
{
	struct reg	*g = reg->priv;
	struct reg_doc	*p = xcalloc(1, sizeof *p);
	struct screen	*s;

	p->reg = reg;
	s = ui_push(&screen_terms, p);
	conn_request(M_REGISTER_TERMS, json_pack("{s:{s:s, s:I, s:I}}",
	    "application", "product", "payday", "amount",
	    (json_int_t)g->amount, "term", (json_int_t)g->term), doc_cb, s);
}

static const struct screen_class screen_doc = {
	N_("Document"), 0, doc_keys, NULL, doc_leave, NULL, doc_draw,
	NULL
};

static void
doc_open(const char *doc)
{
	struct screen	*s = ui_push(&screen_doc, xcalloc(1,
	    sizeof(struct reg_doc)));

	conn_request(M_REGISTER_DOCUMENT, json_pack("{s:s}", "id", doc),
	    doc_cb, s);
}
