/*
 * screen_profile.c — "My profile": what the lender holds about the
 * borrower (profile.get: name, birth date, the passport, SNILS and INN
 * masked by the lender, addresses, e-mail, the phone masked), and a new
 * e-mail or postal address, checked here (lib/personal.c), sent by
 * profile.update and confirmed by an SMS code (the challenge screen comes
 * up on its own).  The phone is not changed here: the screen says how
 * support changes it, and shows the support contacts.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/personal.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

struct profile {
	json_t	*profile;	/* profile.get's, or NULL */
	struct note	note;
};

/* The change form: which member, over the profile screen. */
struct change {
	struct form	 form;
	struct screen	*page;
	const char	*member;	/* "email" | "postal_address" */
	const char	*title;		/* N_() */
};

static void	pf_key_email(struct screen *);
static void	pf_key_postal(struct screen *);
static void	pf_key_back(struct screen *);

static const struct keybind pf_keys[] = {
	{ { 'e' }, "e", N_("Change e-mail"), pf_key_email, KB_BAR },
	{ { 'a' }, "a", N_("Change postal address"), pf_key_postal, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), pf_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};


static const struct keybind ch_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Send an SMS code"), form_screen_submit, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), form_screen_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

/* Why a value is refused, in words (lib/personal.c's and the lender's
 * reasons). */
static const struct reason_text pf_reasons[] = {
	{ "required", N_("Type it in") },
	{ "invalid_email", N_("Not an e-mail address (like name@example.ru)") },
	{ "too_long", N_("Too long") },
	{ "too_short", N_("Too short for an address: at least 10 "
	  "characters") },
	{ "invalid_address", N_("An address has a street or town and a "
	  "house number, on one line") },
	{ "unchanged", N_("That is what the lender holds already") },
	{ "not_changeable", N_("This cannot be changed here") },
};

const char *
profile_reason(const char *reason)
{
	size_t	i;

	for (i = 0; i < sizeof pf_reasons / sizeof pf_reasons[0]; i++)
		if (reason != NULL && strcmp(pf_reasons[i].reason, reason) == 0)
			return _(pf_reasons[i].text);
	return NULL;
}

static const char *
pstr(json_t *o, const char *key)
{
	const char	*v = jstr(o, key);

	return *v != '\0' ? v : NULL;
}

static void
pf_got(struct screen *s, json_t *result, json_t *error)
{
	struct profile	*p;

	if (s == NULL)
		return;
	p = s->priv;
	if (note_reason(&p->note, error))
		return;
	json_decref(p->profile);
	p->profile = json_incref(json_object_get(result, "profile"));
	note_set(&p->note, 0, NULL);
}

static void
pf_fetch(struct screen *s)
{
	struct profile	*p = s->priv;

	if (conn_request(M_PROFILE_GET, NULL, pf_got, s) == -1)
		note_set(&p->note, 1, _("The daemon is not connected; try "
		    "again when it is back"));
}

/* ---- the change form ---- */

static void
ch_done(struct screen *s, json_t *result, json_t *error)
{
	struct change	*c;
	struct profile	*p;
	struct buf	 b = BUF_INIT;
	json_t		*f;
	const char	*why;
	struct screen	*page;

	if (s == NULL)
		return;
	c = s->priv;
	if (error != NULL) {
		f = json_array_get(json_object_get(json_object_get(error,
		    "data"), "fields"), 0);
		why = profile_reason(json_string_value(json_object_get(f,
		    "reason")));
		if (why != NULL) {
			form_field(&c->form, 0)->error = why;
			form_message(&c->form, 1, "%s", _("Nothing was "
			    "changed"));
			return;
		}
		reasons_describe(error, &b);
		form_message(&c->form, 1, "%s", b.data);
		buf_release(&b);
		return;
	}
	page = c->page;
	p = page->priv;
	json_decref(p->profile);
	p->profile = json_incref(json_object_get(result, "profile"));
	note_set(&p->note, 0, strcmp(c->member, "email") == 0 ?
	    _("The e-mail is changed") : _("The postal address is changed"));
	ui_pop(s);
}

static void
ch_submit(struct screen *s)
{
	struct change	*c = s->priv;
	struct field	*f = form_field(&c->form, 0);
	char		*v, *t;
	const char	*why;

	if (s->busy)
		return;
	v = field_value(f);
	t = personal_trim(v);
	free(v);
	why = strcmp(c->member, "email") == 0 ? personal_email_check(t) :
	    personal_address_check(t);
	if (why == NULL && pstr(((struct profile *)c->page->priv)->profile,
	    c->member) != NULL && strcmp(t, pstr(((struct profile *)
	    c->page->priv)->profile, c->member)) == 0)
		why = "unchanged";
	if (why != NULL) {
		f->error = profile_reason(why);
		form_message(&c->form, 1, "%s", _("Nothing was changed"));
		free(t);
		return;
	}
	form_screen_request(s, M_PROFILE_UPDATE, json_pack("{s:s}", c->member,
	    t), ch_done, _("Sending an SMS code…"));
	free(t);
}

static void
ch_leave(struct screen *s)
{
	struct change	*c = s->priv;

	form_free(&c->form);
	free(c);
}

static void
ch_draw(struct screen *s, int y, int x, int h, int w)
{
	struct change	*c = s->priv;

	(void)h;
	form_screen_draw(&c->form, _(c->title), _("The lender sends an SMS "
	    "code to your phone; the change is made when you type it in."),
	    3, y, x, w);
}

static const struct screen_class screen_profile_change = {
	N_("Change"), 0, ch_keys, NULL, ch_leave, NULL, ch_draw, NULL
};

static void
pf_change(struct screen *page, const char *member, const char *title,
    const char *label, size_t max)
{
	struct change	*c = xcalloc(1, sizeof *c);
	struct profile	*p = page->priv;
	struct screen	*s;

	if (p->profile == NULL)
		return;
	c->page = page;
	c->member = member;
	c->title = title;
	form_init(&c->form, 1);
	field_init(form_field(&c->form, 0), FIELD_TEXT, label, max);
	if (pstr(p->profile, member) != NULL)
		field_set(form_field(&c->form, 0), pstr(p->profile, member));
	c->form.submit = ch_submit;
	s = ui_push(&screen_profile_change, c);
	s->form = &c->form;
	s->title = _(title);
}

static void
pf_key_email(struct screen *s)
{
	pf_change(s, "email", N_("Change e-mail"), N_("New e-mail"),
	    PERSONAL_EMAIL_MAX);
}

static void
pf_key_postal(struct screen *s)
{
	pf_change(s, "postal_address", N_("Change postal address"),
	    N_("Postal address"), PERSONAL_ADDRESS_MAX);
}

static void
pf_key_back(struct screen *s)
{
	ui_pop(s);
}

/* ---- the page ---- */

static int
pf_row(int y, int x, int w, int maxy, const char *label, const char *value)
{
	int	lw = 20;

	if (y >= maxy)
		return y;
	ui_text(y, x, lw, 0, "%s", label);
	return ui_para(y, x + lw, w - lw, maxy, 0, value);
}

static void
pf_draw(struct screen *s, int y, int x, int h, int w)
{
	struct profile	*p = s->priv;
	json_t		*o = p->profile;
	int		 maxy = y + h;
	char		 day[DATE_FMT_LEN], name[400];
	struct date	 d;
	const char	*v;

	ui_text(y, x, w, A_BOLD, "%s", _("My profile"));
	y += 2;
	if (o == NULL) {
		if (p->note.text != NULL)
			ui_para(y, x, w, maxy, A_BOLD, p->note.text);
		else
			ui_text(y, x, w, 0, "%s", _("Loading…"));
		return;
	}
	snprintf(name, sizeof name, "%s %s%s%s", pstr(o, "surname") != NULL ?
	    pstr(o, "surname") : "", pstr(o, "name") != NULL ?
	    pstr(o, "name") : "", pstr(o, "patronymic") != NULL ? " " : "",
	    pstr(o, "patronymic") != NULL ? pstr(o, "patronymic") : "");
	y = pf_row(y, x, w, maxy, _("Full name"), name);
	v = pstr(o, "birth_date");
	y = pf_row(y, x, w, maxy, _("Birth date"), v != NULL && date_parse(v, &d) ==
	    DATE_OK ? date_show(&d, day, sizeof day) : "—");
	y = pf_row(y, x, w, maxy, _("Passport"), pstr(o, "passport_masked") !=
	    NULL ? pstr(o, "passport_masked") : "—");
	if ((v = pstr(o, "snils_masked")) != NULL)
		y = pf_row(y, x, w, maxy, _("SNILS"), v);
	if ((v = pstr(o, "inn_masked")) != NULL)
		y = pf_row(y, x, w, maxy, _("INN"), v);
	y = pf_row(y, x, w, maxy, _("Registered at"),
	    pstr(o, "registration_address") != NULL ?
	    pstr(o, "registration_address") : "—");
	y = pf_row(y, x, w, maxy, _("Postal address"),
	    pstr(o, "postal_address") != NULL ? pstr(o, "postal_address") :
	    _("the same as the registration address"));
	y = pf_row(y, x, w, maxy, _("E-mail"), pstr(o, "email") != NULL ?
	    pstr(o, "email") : "—");
	y = pf_row(y, x, w, maxy, _("Phone"), pstr(o, "phone_masked") !=
	    NULL ? pstr(o, "phone_masked") : "—");
	if (p->note.text != NULL)
		y = ui_para(y + 1, x, w, maxy, p->note.error ?
		    A_BOLD | A_REVERSE : A_BOLD, p->note.text);
	y = ui_para(y + 1, x, w, maxy, 0, _("The phone number cannot be "
	    "changed here: the lender's support changes it after checking "
	    "your passport, and the account is restricted until the new "
	    "number is confirmed with an SMS code.  F1 tells more."));
	help_support_draw(y, x, w, maxy);
}

static void
pf_event(struct screen *s, const char *method, json_t *params)
{
	if (route_reread(method, params))
		pf_fetch(s);
}

static void
pf_leave(struct screen *s)
{
	struct profile	*p = s->priv;

	json_decref(p->profile);
	note_free(&p->note);
	free(p);
}

const struct screen_class screen_profile = {
	N_("My profile"), 0, pf_keys, NULL, pf_leave, pf_event, pf_draw, NULL
};

void
screen_profile_open(void)
{
	struct screen	*s = ui_push(&screen_profile,
	    xcalloc(1, sizeof(struct profile)));

	pf_fetch(s);
	help_support_fetch();
}
