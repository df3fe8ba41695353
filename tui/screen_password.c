/*
 * screen_password.c — changing the password.  Two ways in: forced, after
 * signing in with a temporary password (no old password, and no other
 * screen until it is done), and from the settings (old, new, repeat).
 * The policy is checked here before anything is sent; an SMS code
 * confirms the change (the challenge screen comes up on its own).
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

#define PW_MIN	8

struct password {
	struct form	 form;
	int		 forced;
	struct field	*old, *new, *repeat;
};


static const struct keybind pw_forced_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Change password"), form_screen_submit, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static const struct keybind pw_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Change password"), form_screen_submit, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), form_screen_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

/* The policy: NULL when good, else why not (translated). */
static const char *
pw_policy(const struct field *f)
{
	size_t	 i, letters = 0, digits = 0, nd = 0;
	char	 d[80];

	if (f->len < PW_MIN)
		return _("The password must have at least 8 characters");
	for (i = 0; i < f->len; i++) {
		if (f->text[i] >= '0' && f->text[i] <= '9') {
			digits++;
			if (nd < sizeof d - 1)
				d[nd++] = (char)f->text[i];
		} else if ((f->text[i] >= 'a' && f->text[i] <= 'z') ||
		    (f->text[i] >= 'A' && f->text[i] <= 'Z') ||
		    (f->text[i] >= 0x400 && f->text[i] <= 0x4ff))
			letters++;
	}
	d[nd] = '\0';
	if (letters == 0 || digits == 0)
		return _("The password must have both letters and digits");
	/* The phone's ten digits after +7, anywhere in the password. */
	if (route_phone[0] != '\0' && strlen(route_phone) == 12 &&
	    strstr(d, route_phone + 2) != NULL)
		return _("The password must not be your phone number");
	return NULL;
}

static void
pw_cb(struct screen *s, json_t *result, json_t *error)
{
	struct password	*p;

	(void)result;
	if (form_screen_failed(s, error))
		return;
	p = s->priv;
	if (p->forced) {
		/* session.changed takes us on; ask in case it was missed. */
		form_message(&p->form, 0, "%s", _("Password changed"));
		conn_request(M_SESSION_STATUS, NULL, conn_status_answer, NULL);
		return;
	}
	ui_pop(s);
	dialog_message(_("Password changed"), _("Your password has been "
	    "changed.  Use the new one the next time you sign in."));
}

static void
pw_submit(struct screen *s)
{
	struct password	*p = s->priv;
	const char	*why;
	char		*old = NULL, *new;
	json_t		*params;

	if (s->busy)
		return;
	if (p->old != NULL && form_required(&p->form, 0,
	    _("Enter your current password")) == -1)
		return;
	if ((why = pw_policy(p->new)) != NULL) {
		p->new->error = why;
		form_focus(&p->form, p->old != NULL ? 1 : 0);
		return;
	}
	if (!field_equal(p->new, p->repeat)) {
		p->repeat->error = _("The two new passwords differ");
		form_focus(&p->form, p->form.nfields - 1);
		return;
	}
	new = field_value(p->new);
	params = json_pack("{s:s}", "new_password", new);
	if (p->old != NULL) {
		old = field_value(p->old);
		json_object_set_new(params, "old_password", json_string(old));
	}
	form_screen_request(s, M_AUTH_CHANGE_PASSWORD, params, pw_cb,
	    _("Changing the password…"));
	xfree_secret(new);
	xfree_secret(old);
}

static void
pw_leave(struct screen *s)
{
	struct password	*p = s->priv;

	form_free(&p->form);
	free(p);
}

static void
pw_draw(struct screen *s, int y, int x, int h, int w)
{
	struct password	*p = s->priv;
	int		 maxy = y + h;

	ui_text(y, x, w, A_BOLD, "%s", p->forced ? _("Choose a new password") :
	    _("Change password"));
	y += 2;
	if (p->forced)
		y = ui_para(y, x, w, maxy, 0, _("You signed in with a temporary "
		    "password.  Choose a new one before you go on.")) + 1;
	y = ui_para(y, x, w, maxy, 0, _("A password has at least 8 "
	    "characters, letters and digits, and is not your phone "
	    "number.")) + 1;
	form_draw(&p->form, y, x, w);
}

const struct screen_class screen_password = {
	N_("New password"), SC_LOCKED, pw_forced_keys, NULL, pw_leave, NULL,
	pw_draw, NULL
};

const struct screen_class screen_password_settings = {
	N_("Change password"), 0, pw_keys, NULL, pw_leave, NULL, pw_draw, NULL
};

void
screen_password_open(int forced)
{
	struct password	*p = xcalloc(1, sizeof *p);
	struct screen	*s;
	size_t		 i = 0;

	p->forced = forced;
	form_init(&p->form, forced ? 2 : 3);
	if (!forced) {
		p->old = form_field(&p->form, i++);
		field_init(p->old, FIELD_PASSWORD, N_("Current password"), 64);
	}
	p->new = form_field(&p->form, i++);
	field_init(p->new, FIELD_PASSWORD, N_("New password"), 64);
	p->repeat = form_field(&p->form, i++);
	field_init(p->repeat, FIELD_PASSWORD, N_("Repeat it"), 64);
	p->form.submit = pw_submit;
	s = ui_push(forced ? &screen_password : &screen_password_settings, p);
	s->form = &p->form;
}
