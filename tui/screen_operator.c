/*
 * screen_operator.c — the operator desk's way in: operator sign-in (login,
 * password, then the TOTP prompt of screen_challenge.c) and the desk, the
 * operator's home (who is on shift, until when, and what to do).
 *
 * Built for thin clients: every screen fits 80x24 on a vt100 with no
 * colour, is drawn with erase() and left to ncurses to diff, and every
 * action has a letter or Enter/Esc (a vt100 in tmux does not pass F keys).
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

#define OP_COL		16

json_t	*op_status;		/* the last operator.status, or NULL */
static long	 op_idle;	/* the last session's idle limit, seconds */

/* "15 minutes" or "30 seconds": the idle limit in words, into b. */
static void
op_idle_words(struct buf *b)
{
	long	n = op_idle > 0 ? op_idle : 15 * 60;

	if (n % 60 == 0)
		buf_addf(b, P_("%ld minute", "%ld minutes", (unsigned long)(n /
		    60)), n / 60);
	else
		buf_addf(b, P_("%ld second", "%ld seconds", (unsigned long)n),
		    n);
}

int
op_is_supervisor(void)
{
	const char	*role = jstr_null(op_status, "role");

	return role != NULL && strcmp(role, "supervisor") == 0;
}

/* "HH:MM" of an ISO time into out, or "-". */
void
op_hhmm(const char *iso, char *out, size_t len)
{
	time_t	t = text_parse_time(iso);

	if (t == -1)
		snprintf(out, len, "-");
	else
		text_hhmm(t, out, len);
}

/* ---- sign-in ---- */

enum { OPL_LOGIN, OPL_PASSWORD, OPL_NFIELDS };

struct oplogin {
	struct form	form;
};


static const struct keybind opl_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Sign in"), form_screen_submit, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), form_screen_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
opl_cb(struct screen *s, json_t *result, json_t *error)
{
	struct oplogin	*l;
	struct buf	 b = BUF_INIT;

	if (s == NULL)
		return;
	l = s->priv;
	if (error != NULL) {
		const char *r = reasons_of(error);

		/* The borrower's words ("you are already signed in") would
		 * mislead here: the desk is open elsewhere on this computer. */
		if (r != NULL && strcmp(r, R_ALREADY_LOGGED_IN) == 0)
			buf_adds(&b, _("An operator is already signed in with "
			    "this daemon (another terminal); use that desk or "
			    "log out there first"));
		else
			reasons_describe(error, &b);
		form_message(&l->form, 1, "%s", b.data);
		buf_release(&b);
		form_retype(&l->form, OPL_PASSWORD);
		return;
	}
	json_decref(op_status);
	op_status = json_deep_copy(result);
	if (json_is_integer(json_object_get(result, "idle_timeout")))
		op_idle = (long)json_integer_value(json_object_get(result,
		    "idle_timeout"));
	ui_pop(s);
	screen_op_desk_open();
}

static void
opl_submit(struct screen *s)
{
	struct oplogin	*l = s->priv;
	struct field	*login = form_field(&l->form, OPL_LOGIN);
	struct field	*pw = form_field(&l->form, OPL_PASSWORD);
	char		*lv, *pv;

	if (s->busy)
		return;
	if (form_required(&l->form, OPL_LOGIN,
	    _("Enter your operator login")) == -1 ||
	    form_required(&l->form, OPL_PASSWORD,
	    _("Enter your password")) == -1)
		return;
	lv = field_value(login);
	pv = field_value(pw);
	if (form_screen_request(s, M_OPERATOR_LOGIN, json_pack("{s:s, s:s}",
	    "login", lv, "password", pv), opl_cb, _("Signing in…")) == 0)
		pw->modified = 0;	/* sent: no longer unsaved input */
	free(lv);
	xfree_secret(pv);
}

static void
opl_draw(struct screen *s, int y, int x, int h, int w)
{
	struct oplogin	*l = s->priv;

	(void)h;
	form_screen_draw(&l->form, _("Operator sign-in"),
	    _("Support staff only.  Enter your login and password; then the "
	    "code from your authenticator app.  The session is kept in memory "
	    "only and ends at the end of the shift or after a while without "
	    "work."), 3, y, x, w);
}

const struct screen_class screen_op_login = {
	N_("Operator sign-in"), 0, opl_keys, NULL, form_screen_leave, NULL, opl_draw,
	NULL
};

void
screen_op_login_open(const char *notice)
{
	struct oplogin	*l = xcalloc(1, sizeof *l);
	struct screen	*s;

	form_init(&l->form, OPL_NFIELDS);
	field_init(form_field(&l->form, OPL_LOGIN), FIELD_TEXT, N_("Login"),
	    40);
	field_init(form_field(&l->form, OPL_PASSWORD), FIELD_PASSWORD,
	    N_("Password"), 64);
	l->form.submit = opl_submit;
	if (notice != NULL)
		form_message(&l->form, 1, "%s", notice);
	s = ui_push(&screen_op_login, l);
	s->form = &l->form;
}

/* ---- the desk ---- */

struct desk {
	struct note	note;
};

static void	desk_key_find(struct screen *);
static void	desk_key_audit(struct screen *);
static void	desk_key_appeals(struct screen *);
static void	desk_key_logout(struct screen *);

static const struct keybind desk_keys[] = {
	{ { 'f', KEYC_ENTER }, "f", N_("Find a client"), desk_key_find,
	  KB_BAR },
	{ { 'w' }, "w", N_("Appeals queue"), desk_key_appeals, KB_BAR },
	{ { 'a' }, "a", N_("Audit log (supervisor)"), desk_key_audit,
	  KB_BAR },
	{ { 'o' }, "o", N_("Log out"), desk_key_logout, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
desk_message(struct screen *s, const char *text)
{
	struct desk	*d = s->priv;

	note_set(&d->note, 0, text);
}

static void
desk_key_find(struct screen *s)
{
	(void)s;
	screen_op_find_open();
}

static void
desk_key_appeals(struct screen *s)
{
	(void)s;
	screen_op_appeals_open();
}

static void
desk_key_audit(struct screen *s)
{
	if (!op_is_supervisor()) {
		desk_message(s, _("The audit log is for supervisors"));
		return;
	}
	screen_op_audit_open();
}

static void
desk_logout_cb(struct screen *s, json_t *result, json_t *error)
{
	(void)result;
	if (s != NULL)
		note_reason(&((struct desk *)s->priv)->note, error);
	/* operator.changed follows and takes us out. */
}

static void
desk_key_logout(struct screen *s)
{
	if (s->busy)
		return;
	if (conn_request(M_OPERATOR_LOGOUT, NULL, desk_logout_cb, s) == -1)
		desk_message(s, _("The daemon is not connected; try again "
		    "when it is back"));
}

/* The operator's session ended (log out, idle, shift): back to sign-in,
 * whatever was open above the desk. */
static void
desk_event(struct screen *s, const char *method, json_t *params)
{
	const char	*reason, *notice = NULL;
	struct screen	*below = s->below;
	struct buf	 b = BUF_INIT, w = BUF_INIT;
	json_t		*v;

	if (strcmp(method, E_OPERATOR_CHANGED) != 0 ||
	    !json_is_object(params))
		return;
	json_decref(op_status);
	op_status = json_deep_copy(params);
	if ((v = json_object_get(params, "idle_timeout")) != NULL &&
	    json_is_integer(v))
		op_idle = (long)json_integer_value(v);
	if (json_is_true(json_object_get(params, "signed_in")))
		return;
	reason = jstr_null(params, "reason");
	if (reason != NULL && strcmp(reason, R_OPERATOR_IDLE) == 0) {
		op_idle_words(&w);
		buf_addf(&b, _("Signed out after %s without work; sign in "
		    "again"), w.data);
		notice = b.data;
	}
	else if (reason != NULL && strcmp(reason, R_SHIFT_OVER) == 0)
		notice = _("The shift is over; you have been signed out");
	else if (reason != NULL)
		notice = reasons_text(reason);
	ui_pop_to(s);
	ui_pop(s);
	if (below == NULL || ui_top() == below)
		screen_op_login_open(notice);
	buf_release(&b);
	buf_release(&w);
}

static void
desk_leave(struct screen *s)
{
	struct desk	*d = s->priv;

	note_free(&d->note);
	free(d);
}

static void
desk_draw(struct screen *s, int y, int x, int h, int w)
{
	struct desk	*d = s->priv;
	const char	*name = jstr_null(op_status, "name");
	const char	*role = jstr_null(op_status, "role");
	char		 t[16];
	int		 maxy = y + h;
	struct buf	 idle = BUF_INIT;
	char		*session;

	ui_text(y, x, w, A_BOLD, _("Operator desk: %s"), name != NULL ? name :
	    "?");
	y += 2;
	ui_text(y, x, OP_COL, A_BOLD, "%s", _("Login"));
	ui_text(y++, x + OP_COL, w - OP_COL, 0, "%s",
	    jstr_or(op_status, "login", "-"));
	ui_text(y, x, OP_COL, A_BOLD, "%s", _("Role"));
	ui_text(y++, x + OP_COL, w - OP_COL, 0, "%s", role != NULL &&
	    strcmp(role, "supervisor") == 0 ? _("supervisor") : _("operator"));
	op_hhmm(jstr_null(op_status, "shift_ends_at"), t, sizeof t);
	ui_text(y, x, OP_COL, A_BOLD, "%s", _("Shift ends"));
	ui_text(y++, x + OP_COL, w - OP_COL, 0, "%s", t);
	op_idle_words(&idle);
	ui_text(y, x, OP_COL, A_BOLD, "%s", _("Session"));
	xasprintf(&session, _("in memory only; ends after %s without work"),
	    idle.data);
	y = ui_para(y, x + OP_COL, w - OP_COL, maxy, 0, session);
	free(session);
	buf_release(&idle);
	y++;
	ui_menu_item(y++, x, w, "f", _("Find a client"), 40);
	ui_menu_item(y++, x, w, "w", _("Appeals queue"), 40);
	if (op_is_supervisor())
		ui_menu_item(y++, x, w, "a", _("Audit log"), 40);
	ui_menu_item(y++, x, w, "o", _("Log out"), 40);
	y++;
	if (d->note.text != NULL)
		ui_para(y, x, w, maxy, A_BOLD, d->note.text);
}

const struct screen_class screen_op_desk = {
	N_("Operator desk"), 0, desk_keys, NULL, desk_leave, desk_event,
	desk_draw, NULL
};

void
screen_op_desk_open(void)
{
	ui_push(&screen_op_desk, xcalloc(1, sizeof(struct desk)));
}
