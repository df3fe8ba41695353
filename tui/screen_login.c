/*
 * screen_login.c — sign in with phone and password.  The phone is checked
 * and shown normalised in the form; the password warns about a Russian
 * keyboard layout or Caps Lock while it is typed (the lender's FAQ names
 * them as the usual reasons a sign-in fails).
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/phone.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

enum { LOGIN_PHONE, LOGIN_PASSWORD, LOGIN_NFIELDS };

struct login {
	struct form	form;
};

static void	login_key_forgot(struct screen *);
static void	login_key_operator(struct screen *);
static void	login_key_esia(struct screen *);

static void
login_key_esia(struct screen *s)
{
	(void)s;
	screen_esia_open();
}

static const struct keybind login_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Sign in"), form_screen_submit, KB_BAR },
	{ { KEYC_FN(KEY_F(4)), KEYC_CTRL('R') }, NULL, N_("Forgot password?"),
	  login_key_forgot, KB_BAR },
	{ { KEYC_FN(KEY_F(6)), KEYC_CTRL('O') }, NULL, N_("Operator sign-in"),
	  login_key_operator, 0 },
	{ { KEYC_FN(KEY_F(7)), KEYC_CTRL('G') }, NULL, N_("Gosuslugi"),
	  login_key_esia, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), form_screen_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
login_cb(struct screen *s, json_t *result, json_t *error)
{
	struct login	*l;
	struct buf	 b = BUF_INIT;

	if (s == NULL)
		return;
	l = s->priv;
	if (error != NULL) {
		const char *r = reasons_of(error);

		reasons_describe(error, &b);
		if (r != NULL && (strcmp(r, R_CHALLENGE_EXPIRED) == 0 ||
		    strcmp(r, R_CHALLENGE_CANCELLED) == 0)) {
			/* The password was right: Enter asks for a new code. */
			buf_adds(&b, _("; press Enter for a new code"));
			form_message(&l->form, 1, "%s", b.data);
		} else {
			form_message(&l->form, 1, "%s", b.data);
			/* Unless it was never checked (busy: an earlier
			 * sign-in, cancelled here with Esc, still runs in the
			 * daemon). */
			if (r == NULL || strcmp(r, R_BUSY) != 0)
				form_retype(&l->form, LOGIN_PASSWORD);
		}
		buf_release(&b);
		form_focus(&l->form, LOGIN_PASSWORD);
		return;
	}
	form_message(&l->form, 0, NULL);
	if (json_is_object(result) && json_object_get(result, "state"))
		conn_status_route(result, NULL);	/* may free s */
}

static void
login_submit(struct screen *s)
{
	struct login	*l = s->priv;
	struct field	*phone = form_field(&l->form, LOGIN_PHONE);
	struct field	*pw = form_field(&l->form, LOGIN_PASSWORD);
	char		*password;

	if (s->busy)
		return;
	if (form_required(&l->form, LOGIN_PHONE,
	    _("Enter your mobile phone number")) == -1 ||
	    form_validate(&l->form) == -1 ||
	    form_required(&l->form, LOGIN_PASSWORD,
	    _("Enter your password")) == -1)
		return;
	password = field_value(pw);
	if (form_screen_request(s, M_AUTH_LOGIN, json_pack("{s:s, s:s}",
	    "phone", phone->phone, "password", password), login_cb,
	    _("Signing in…")) == 0) {
		memcpy(route_phone, phone->phone, sizeof route_phone);
		pw->modified = 0;	/* sent: no longer unsaved input */
	}
	xfree_secret(password);
}

static void
login_key_forgot(struct screen *s)
{
	(void)s;
	screen_recover_open();
}

/* Support staff at a borrower's sign-in: the operator desk instead. */
static void
login_key_operator(struct screen *s)
{
	if (s->busy)
		return;
	ui_pop(s);
	screen_op_login_open(NULL);
}

static void
login_draw(struct screen *s, int y, int x, int h, int w)
{
	struct login	*l = s->priv;

	(void)h;
	form_screen_draw(&l->form, _("Sign in to your personal account"),
	    _("Enter the mobile number and the password you chose when you "
	    "registered."), 2, y, x, w);
}

const struct screen_class screen_login = {
	N_("Sign in"), 0, login_keys, NULL, form_screen_leave, NULL, login_draw,
	NULL
};

void
screen_login_open(const char *notice)
{
	struct login	*l = xcalloc(1, sizeof *l);
	struct screen	*s;

	form_init(&l->form, LOGIN_NFIELDS);
	field_init(form_field(&l->form, LOGIN_PHONE), FIELD_PHONE,
	    N_("Phone"), 24);
	field_init(form_field(&l->form, LOGIN_PASSWORD), FIELD_PASSWORD,
	    N_("Password"), 64);
	l->form.submit = login_submit;
	if (route_phone[0] != '\0') {
		char pretty[32];

		phone_pretty(route_phone, pretty, sizeof pretty);
		field_set(form_field(&l->form, LOGIN_PHONE), pretty);
		field_leave(form_field(&l->form, LOGIN_PHONE));
		l->form.focus = LOGIN_PASSWORD;
	}
	if (notice != NULL)
		form_message(&l->form, 1, "%s", notice);
	s = ui_push(&screen_login, l);
	s->form = &l->form;
}

/* For the recovery screen: the phone typed here, if any. */
char *
screen_login_phone(void)
{
	struct screen	*s = ui_find(&screen_login);
	struct login	*l;

	if (s == NULL)
		return NULL;
	l = s->priv;
	return field_value(form_field(&l->form, LOGIN_PHONE));
}
