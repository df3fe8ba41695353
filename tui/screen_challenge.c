/*
 * screen_challenge.c — the SMS code prompt, a modal screen for
 * challenge.required: where the code went, a code field, the countdowns to
 * expiry and to resending, and the attempts left.  Esc cancels the
 * challenge (and with it the operation that asked for it).
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/clock.h"
#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

struct challenge {
	struct form	 form;
	char		*id;
	char		*purpose;
	char		*kind;		/* "sms" | "totp" (operator sign-in) */
	char		*phone;
	int		 length;
	time_t		 expires_at, resend_at;
	int		 attempts_left;
	int		 answered;
};

static void	ch_key_resend(struct screen *);
static void	ch_key_cancel(struct screen *);

static const struct keybind ch_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Confirm"), form_screen_submit, KB_BAR },
	{ { KEYC_FN(KEY_F(5)), KEYC_CTRL('R') }, "F5", N_("Send a new code"),
	  ch_key_resend, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Cancel"), ch_key_cancel, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void	ch_key_signin(struct screen *);
static void	ch_key_forgot(struct screen *);

/*
 * A registration's code: if the number already has an account, the SMS
 * says so instead of giving a code (the lender never tells the screen),
 * so signing in and recovering the password are offered here.
 */
static const struct keybind ch_register_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Confirm"), form_screen_submit, KB_BAR },
	{ { KEYC_FN(KEY_F(2)), 'l' }, NULL, N_("Sign in"), ch_key_signin,
	  KB_BAR },
	{ { KEYC_FN(KEY_F(3)), 'f' }, NULL, N_("Forgot password?"),
	  ch_key_forgot, KB_BAR },
	{ { KEYC_FN(KEY_F(5)), KEYC_CTRL('R') }, "F5", N_("Send a new code"),
	  ch_key_resend, KB_BAR | KB_LOW },
	{ { KEYC_ESC }, NULL, N_("Cancel"), ch_key_cancel, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

/* An authenticator code is never sent, so none can be sent again. */
static const struct keybind ch_totp_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Confirm"), form_screen_submit, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Cancel"), ch_key_cancel, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
ch_update(struct challenge *c, json_t *o)
{
	json_t	*v;
	time_t	 t;

	if ((t = text_parse_time(jstr_null(o, "expires_at"))) != -1)
		c->expires_at = t;
	if ((t = text_parse_time(jstr_null(o, "resend_at"))) != -1)
		c->resend_at = t;
	v = json_object_get(o, "attempts_left");
	if (json_is_integer(v))
		c->attempts_left = (int)json_integer_value(v);
	if (jstr_null(o, "phone_masked") != NULL) {
		free(c->phone);
		c->phone = xstrdup(jstr_null(o, "phone_masked"));
	}
}

static long
ch_left(time_t t)
{
	return t > 0 ? (long)(t - clock_now()) : 0;
}

static void
ch_answer_cb(struct screen *s, json_t *result, json_t *error)
{
	struct challenge	*c;
	struct buf		 b = BUF_INIT;
	const char		*r;
	json_t			*n;

	(void)result;
	if (s == NULL)
		return;
	c = s->priv;
	field_clear(form_field(&c->form, 0));
	if (error == NULL) {
		/* The operation that asked goes on; its screen shows it. */
		ui_pop(s);
		return;
	}
	r = reasons_of(error);
	n = json_object_get(json_object_get(error, "data"), "attempts_left");
	if (json_is_integer(n))
		c->attempts_left = (int)json_integer_value(n);
	reasons_describe(error, &b);
	form_message(&c->form, 1, "%s", b.data);
	buf_release(&b);
	if (r != NULL && (strcmp(r, R_TOO_MANY_ATTEMPTS) == 0 ||
	    strcmp(r, R_CHALLENGE_EXPIRED) == 0 ||
	    strcmp(r, R_CHALLENGE_CANCELLED) == 0)) {
		/* The code is spent; the operation fails and says so. */
		ui_pop(s);
	}
}

static void
ch_submit(struct screen *s)
{
	struct challenge	*c = s->priv;
	struct field		*f = form_field(&c->form, 0);
	char			*code;

	if (s->busy)
		return;
	if ((int)f->len != c->length) {
		form_message(&c->form, 1, P_("Enter all %d digit of the code",
		    "Enter all %d digits of the code", (unsigned long)c->length),
		    c->length);
		return;
	}
	if (ch_left(c->expires_at) <= 0) {
		char	k[32];

		if (strcmp(c->kind, "totp") == 0)
			form_message(&c->form, 1, "%s", _("The code has "
			    "expired; enter the one the app shows now"));
		else
			form_message(&c->form, 1, _("The code has expired; "
			    "press %s for a new one or Esc to start again"),
			    keys_label_of(ch_keys, ch_key_resend, 1, k,
			    sizeof k));
		return;
	}
	code = field_value(f);
	form_screen_request(s, M_CHALLENGE_ANSWER, json_pack("{s:s, s:s}",
	    "challenge_id", c->id, "code", code), ch_answer_cb,
	    _("Checking the code…"));
	xfree_secret(code);
}

static void
ch_resend_cb(struct screen *s, json_t *result, json_t *error)
{
	struct challenge	*c;

	if (form_screen_failed(s, error))
		return;
	c = s->priv;
	ch_update(c, result);
	form_message(&c->form, 0, "%s", _("A new code has been sent"));
}

static void
ch_key_resend(struct screen *s)
{
	struct challenge	*c = s->priv;

	/* Asked even when our clock says it is early: the lender's clock
	 * decides, and it answers resend_too_early with its own time. */
	if (s->busy)
		return;
	form_screen_request(s, M_CHALLENGE_RESEND, json_pack("{s:s}",
	    "challenge_id", c->id), ch_resend_cb, NULL);
}

static void
ch_key_cancel(struct screen *s)
{
	struct challenge	*c = s->priv;

	conn_request(M_CHALLENGE_CANCEL, json_pack("{s:s}", "challenge_id",
	    c->id), NULL, NULL);
	ui_pop(s);
}

/* The registration gives way to signing in with the number typed. */
static void
ch_key_signin(struct screen *s)
{
	ch_key_cancel(s);
	screen_login_open(NULL);
}

static void
ch_key_forgot(struct screen *s)
{
	ch_key_signin(s);
	screen_recover_open();
}

static void
ch_event(struct screen *s, const char *method, json_t *params)
{
	struct challenge	*c = s->priv;
	const char		*id = jstr_null(params, "challenge_id");

	/* However it ended, the operation that asked now answers, and its
	 * screen says how (an expired code: sign in again for a new one). */
	if (strcmp(method, E_CHALLENGE_DONE) != 0 || id == NULL ||
	    strcmp(id, c->id) != 0)
		return;
	ui_pop(s);
}

static const char *
ch_purpose(const char *p)
{
	if (p == NULL)
		return "";
	if (strcmp(p, "login") == 0)
		return _("to sign in");
	if (strcmp(p, "change_password") == 0)
		return _("to change the password");
	if (strcmp(p, "confirm_phone") == 0)
		return _("to confirm your new phone number");
	if (strcmp(p, "card_link") == 0)
		return _("to link the card");
	if (strcmp(p, "service") == 0)
		return _("to change the service");
	if (strcmp(p, "application") == 0)
		return _("to sign the loan agreement");
	if (strcmp(p, "autopay") == 0)
		return _("to sign the autopay consent");
	if (strcmp(p, "profile") == 0)
		return _("to change your profile");
	return _("to confirm");
}

static void
ch_draw(struct screen *s, int y, int x, int h, int w)
{
	struct challenge	*c = s->priv;
	char			 t[32];
	long			 exp = ch_left(c->expires_at);
	long			 res = ch_left(c->resend_at);
	int			 maxy = y + h;
	int			 totp = strcmp(c->kind, "totp") == 0;
	struct buf		 b = BUF_INIT;

	ui_want_tick();		/* the code's time left counts down */
	if (totp)
		y = ui_para(y, x, w, y + 2, 0, _("Enter the code your "
		    "authenticator app shows now."));
	else if (c->purpose != NULL &&
	    strcmp(c->purpose, "operator_phone") == 0) {
		/* The operator desk: the caller has the phone, not us. */
		buf_addf(&b, _("A code was sent by SMS to the new number %s; "
		    "ask the caller to read it out."),
		    c->phone != NULL ? c->phone : "");
		y = ui_para(y, x, w, y + 2, 0, b.data);
		buf_release(&b);
	} else {
		/* Wrapped: a long purpose must not be cut at the box. */
		buf_addf(&b, _("A code was sent by SMS to %s %s."),
		    c->phone != NULL ? c->phone : "", ch_purpose(c->purpose));
		y = ui_para(y, x, w, y + 2, 0, b.data);
		buf_release(&b);
	}
	if (c->purpose != NULL && strcmp(c->purpose, "register") == 0) {
		char	kl[16], kf[16];

		keys_label_of(ch_register_keys, ch_key_signin, 1, kl,
		    sizeof kl);
		keys_label_of(ch_register_keys, ch_key_forgot, 1, kf,
		    sizeof kf);
		buf_addf(&b, _("If the SMS says the number already has an "
		    "account, there is no code: sign in (%s) or recover the "
		    "password (%s)."), kl, kf);
		y = ui_para(y, x, w, y + 3, 0, b.data);
		buf_release(&b);
	}
	y++;
	y = form_draw(&c->form, y, x, w);
	if (y < maxy - 3)
		y = maxy - 3;
	if (exp > 0) {
		text_mmss(exp, t, sizeof t);
		ui_text(y++, x, w, 0, _("The code expires in %s"), t);
	} else
		ui_text(y++, x, w, A_BOLD, "%s", _("The code has expired"));
	if (totp)
		;	/* an authenticator code is never sent */
	else if (res > 0) {
		text_mmss(res, t, sizeof t);
		ui_text(y++, x, w, 0, _("A new code can be sent in %s"), t);
	} else {
		keys_label_of(ch_keys, ch_key_resend, 1, t, sizeof t);
		ui_text(y++, x, w, 0, _("%s sends a new code"), t);
	}
	if (c->attempts_left >= 0)
		ui_text(y++, x, w, 0, P_("%d attempt left", "%d attempts left",
		    (unsigned long)c->attempts_left), c->attempts_left);
}

static void
ch_leave(struct screen *s)
{
	struct challenge	*c = s->priv;

	form_free(&c->form);
	free(c->id);
	free(c->purpose);
	free(c->kind);
	free(c->phone);
	free(c);
}

const struct screen_class screen_challenge = {
	N_("SMS code"), SC_MODAL, ch_keys, NULL, ch_leave, ch_event, ch_draw,
	NULL
};

void
screen_challenge_open(json_t *o)
{
	struct challenge	*c;
	struct screen		*s;
	const char		*id = jstr_null(o, "challenge_id");
	json_t			*v;

	if (id == NULL)
		return;
	/* The same challenge again (a reconnect, a resend): update it. */
	for (s = ui_top(); s != NULL; s = s->below) {
		if (s->cls == &screen_challenge &&
		    strcmp(((struct challenge *)s->priv)->id, id) == 0) {
			ch_update(s->priv, o);
			return;
		}
	}
	c = xcalloc(1, sizeof *c);
	c->id = xstrdup(id);
	c->purpose = jstr_null(o, "purpose") != NULL ?
	    xstrdup(jstr_null(o, "purpose")) : NULL;
	c->kind = xstrdup(jstr_or(o, "kind", "sms"));
	v = json_object_get(o, "length");
	c->length = json_is_integer(v) && json_integer_value(v) > 0 &&
	    json_integer_value(v) <= 12 ? (int)json_integer_value(v) : 6;
	c->attempts_left = -1;
	ch_update(c, o);
	form_init(&c->form, 1);
	field_init(form_field(&c->form, 0), FIELD_DIGITS, N_("Code"),
	    (size_t)c->length);
	c->form.submit = ch_submit;
	s = ui_push(&screen_challenge, c);
	s->form = &c->form;
	if (strcmp(c->kind, "totp") == 0) {
		s->title = _("Authenticator code");
		s->keys = ch_totp_keys;
	} else if (c->purpose != NULL && strcmp(c->purpose, "register") == 0)
		s->keys = ch_register_keys;
	s->box_w = 64;
	s->box_h = c->purpose != NULL && strcmp(c->purpose, "register") == 0 ?
	    17 : 15;
}
