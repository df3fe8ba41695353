/*
 * screen_recover.c — "Forgot password?": phone and surname.  The answer is
 * the same whether or not they match an account, so it never tells who is
 * a borrower.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

enum { RECOVER_PHONE, RECOVER_SURNAME, RECOVER_NFIELDS };

struct recover {
	struct form	form;
	int		sent;
};

static void	recover_key_back(struct screen *);

static const struct keybind recover_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Send"), form_screen_submit, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back to sign-in"), recover_key_back,
	  KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
recover_cb(struct screen *s, json_t *result, json_t *error)
{
	struct recover	*r;

	(void)result;
	if (form_screen_failed(s, error))
		return;
	r = s->priv;
	r->sent = 1;
	form_message(&r->form, 0, "%s", _("If the phone and surname match an "
	    "account, an SMS with a temporary password has been sent.  Sign "
	    "in with it; you will then choose a new password."));
}

static void
recover_submit(struct screen *s)
{
	struct recover	*r = s->priv;
	struct field	*phone = form_field(&r->form, RECOVER_PHONE);
	struct field	*surname = form_field(&r->form, RECOVER_SURNAME);
	char		*v;

	if (s->busy)
		return;
	if (form_required(&r->form, RECOVER_PHONE,
	    _("Enter your mobile phone number")) == -1 ||
	    form_validate(&r->form) == -1 ||
	    form_required(&r->form, RECOVER_SURNAME,
	    _("Enter your surname as in your passport")) == -1)
		return;
	v = field_value(surname);
	if (form_screen_request(s, M_AUTH_RECOVER, json_pack("{s:s, s:s}",
	    "phone", phone->phone, "surname", v), recover_cb,
	    _("Sending…")) == 0)
		memcpy(route_phone, phone->phone, sizeof route_phone);
	free(v);
}

static void
recover_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
recover_leave(struct screen *s)
{
	struct recover	*r = s->priv;

	form_free(&r->form);
	free(r);
}

static void
recover_draw(struct screen *s, int y, int x, int h, int w)
{
	struct recover	*r = s->priv;

	(void)h;
	form_screen_draw(&r->form, _("Forgot password?"),
	    _("Enter your mobile number and surname.  If they match an "
	    "account, the lender sends an SMS with a temporary password."),
	    3, y, x, w);
}

const struct screen_class screen_recover = {
	N_("Forgot password?"), 0, recover_keys, NULL, recover_leave, NULL,
	recover_draw, NULL
};

void
screen_recover_open(void)
{
	struct recover	*r = xcalloc(1, sizeof *r);
	struct screen	*s;
	char		*phone;

	form_init(&r->form, RECOVER_NFIELDS);
	field_init(form_field(&r->form, RECOVER_PHONE), FIELD_PHONE,
	    N_("Phone"), 24);
	field_init(form_field(&r->form, RECOVER_SURNAME), FIELD_TEXT,
	    N_("Surname"), 40);
	r->form.submit = recover_submit;
	if ((phone = screen_login_phone()) != NULL) {
		if (*phone != '\0') {
			field_set(form_field(&r->form, RECOVER_PHONE), phone);
			if (field_leave(form_field(&r->form,
			    RECOVER_PHONE)) == 0)
				r->form.focus = RECOVER_SURNAME;
		}
		free(phone);
	}
	s = ui_push(&screen_recover, r);
	s->form = &r->form;
}
