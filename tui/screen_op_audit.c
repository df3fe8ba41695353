/*
 * screen_op_audit.c — the supervisor's audit log: filters (operator,
 * client, from, to) and the list, newest first, loaded a page at a time as
 * the selection nears the end.  Read-only: the lender offers no way to
 * change an entry.
 *
 * The list draws only the rows that fit; moving the selection changes two
 * rows (or, at the edge, shifts the window by one), and ncurses sends only
 * what changed — make bench counts those bytes.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

#define AUDIT_PAGE	200

/* ---- the list ---- */

struct audit {
	json_t	*filters;	/* the params of the first page */
	json_t	*items;
	char	*next;		/* cursor of the next page, or NULL */
	size_t	 sel, top;
	int	 loading;
	int	 rows;		/* rows the last draw showed */
	char	*message;
};

static void	au_key_up(struct screen *);
static void	au_key_down(struct screen *);
static void	au_key_pgup(struct screen *);
static void	au_key_pgdn(struct screen *);
static void	au_key_home(struct screen *);
static void	au_key_back(struct screen *);

static const struct keybind au_keys[] = {
	{ { KEYC_FN(KEY_UP), 'k' }, "Up", N_("Previous entry"), au_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, "Down", N_("Next entry"), au_key_down,
	  0 },
	{ { KEYC_FN(KEY_PPAGE), 'b' }, "PgUp", N_("Page up"), au_key_pgup,
	  KB_BAR },
	{ { KEYC_FN(KEY_NPAGE), ' ' }, "PgDn", N_("Page down"), au_key_pgdn,
	  KB_BAR },
	{ { KEYC_FN(KEY_HOME), 'g' }, "g", N_("Newest"), au_key_home, 0 },
	{ { KEYC_ESC }, NULL, N_("Back"), au_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void	au_load(struct screen *);

static void
au_cb(struct screen *s, json_t *result, json_t *error)
{
	struct audit	*a;
	struct buf	 b = BUF_INIT;
	json_t		*items, *v;
	size_t		 i;

	if (s == NULL)
		return;
	a = s->priv;
	a->loading = 0;
	if (error != NULL) {
		reasons_describe(error, &b);
		free(a->message);
		a->message = buf_detach(&b, NULL);
		return;
	}
	items = json_object_get(result, "items");
	json_array_foreach(items, i, v)
		json_array_append(a->items, v);
	free(a->next);
	a->next = jstr_null(result, "next_cursor") != NULL ?
	    xstrdup(jstr_null(result, "next_cursor")) : NULL;
}

static void
au_load(struct screen *s)
{
	struct audit	*a = s->priv;
	json_t		*p;

	if (a->loading)
		return;
	p = json_deep_copy(a->filters);
	json_object_set_new(p, "limit", json_integer(AUDIT_PAGE));
	if (a->next != NULL)
		json_object_set_new(p, "cursor", json_string(a->next));
	if (conn_request(M_OPERATOR_AUDIT, p, au_cb, s) == 0)
		a->loading = 1;
}

/* Moves the selection; asks for the next page when near the end. */
static void
au_move(struct screen *s, long by)
{
	struct audit	*a = s->priv;
	size_t		 n = json_array_size(a->items);
	long		 to = (long)a->sel + by;

	if (n == 0)
		return;
	if (to < 0)
		to = 0;
	if (to >= (long)n)
		to = (long)n - 1;
	a->sel = (size_t)to;
	a->top = ui_list_top(a->top, a->sel, a->rows);
	if (a->next != NULL && a->sel + (size_t)a->rows * 2 >= n)
		au_load(s);
}

static void
au_key_up(struct screen *s)
{
	au_move(s, -1);
}

static void
au_key_down(struct screen *s)
{
	au_move(s, 1);
}

static void
au_key_pgup(struct screen *s)
{
	struct audit	*a = s->priv;

	au_move(s, -(long)(a->rows > 1 ? a->rows - 1 : 1));
}

static void
au_key_pgdn(struct screen *s)
{
	struct audit	*a = s->priv;

	au_move(s, a->rows > 1 ? a->rows - 1 : 1);
}

static void
au_key_home(struct screen *s)
{
	struct audit	*a = s->priv;

	a->sel = a->top = 0;
}

static void
au_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
au_enter(struct screen *s)
{
	au_load(s);
}

static void
au_leave(struct screen *s)
{
	struct audit	*a = s->priv;

	json_decref(a->filters);
	json_decref(a->items);
	free(a->next);
	free(a->message);
	free(a);
}

static const char *
au_action(const char *a)
{
	static const struct { const char *code, *text; } names[] = {
		{ "login", N_("sign-in") },
		{ "logout", N_("log out") },
		{ "session_end", N_("session ended") },
		{ "client_search", N_("client search") },
		{ "client_view", N_("client card") },
		{ "identity_check", N_("identity check") },
		{ "phone_change", N_("phone change") },
		{ "password_reset", N_("password reset") },
		{ "audit_view", N_("audit log") },
		{ "appeal_queue", N_("appeals queue") },
		{ "appeal_view", N_("appeal read") },
		{ "appeal_take", N_("appeal taken") },
		{ "appeal_answer", N_("appeal answered") },
		{ "appeal_close", N_("appeal closed") },
	};
	size_t	i;

	for (i = 0; a != NULL && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].code, a) == 0)
			return _(names[i].text);
	return a != NULL ? a : "?";
}

/* The lender's outcome codes in words; a code it adds later as it is. */
static const char *
au_outcome(const char *o)
{
	static const struct { const char *code, *text; } names[] = {
		{ "ok", N_("success") },
		{ "found", N_("found") },
		{ "none", N_("nobody found") },
		{ "match", N_("match") },
		{ "mismatch", N_("no match") },
		{ "mismatch_locked", N_("no match, checks locked") },
		{ "shift_over", N_("shift over") },
		{ "idle", N_("idle") },
		{ "identity_required", N_("identity check needed") },
		{ "not_verified", N_("identity not checked") },
		{ "code_sent", N_("code sent") },
		{ "sent", N_("sent") },
		{ "changed", N_("changed") },
		{ "forbidden", N_("forbidden") },
		{ "locked", N_("locked") },
		{ "totp_locked", N_("codes locked") },
		{ "wrong_password", N_("wrong password") },
		{ "phone_taken", N_("phone in use") },
		{ "invalid", N_("invalid text") },
		{ "appeal_taken", N_("taken already") },
		{ "appeal_closed", N_("closed already") },
	};
	size_t	i;

	for (i = 0; o != NULL && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].code, o) == 0)
			return _(names[i].text);
	return o != NULL ? o : "";
}

static void
au_draw(struct screen *s, int y, int x, int h, int w)
{
	struct audit	*a = s->priv;
	json_t		*e;
	size_t		 i, n = json_array_size(a->items);
	char		 when[24];
	time_t		 t;
	struct date	 day;
	size_t		 k;
	int		 maxy = y + h;
	struct buf	 b = BUF_INIT;

	buf_addf(&b, P_("Audit log: %zu entry", "Audit log: %zu entries",
	    (unsigned long)n), n);
	if (a->next != NULL)
		buf_adds(&b, "+");	/* more pages to come */
	ui_text(y++, x, w, A_BOLD, "%s", b.data);
	buf_release(&b);
	if (a->message != NULL) {
		y = ui_para(y, x, w, maxy, A_BOLD | A_REVERSE, a->message);
	}
	/* Columns by cells, not bytes: the actions are Cyrillic. */
	buf_adds(&b, "  ");
	text_pad(&b, _("When"), 17);
	text_pad(&b, _("Operator"), 14);
	text_pad(&b, _("Client"), 11);
	text_pad(&b, _("Action"), 17);
	buf_adds(&b, _("Outcome"));
	ui_text(y++, x, w, A_UNDERLINE, "%s", b.data);
	a->rows = maxy - y;
	if (a->sel >= a->top + (size_t)a->rows)
		a->top = a->sel - (size_t)a->rows + 1;
	if (n == 0) {
		ui_text(y, x, w, 0, "%s", a->loading ? _("Loading…") :
		    _("No entries match"));
		buf_release(&b);
		return;
	}
	for (i = a->top; i < n && y < maxy; i++) {
		e = json_array_get(a->items, i);
		/* Moscow date and time, as everywhere on screen. */
		if ((t = text_parse_time(jstr_null(e, "at"))) == (time_t)-1)
			snprintf(when, sizeof when, "-");
		else {
			day = date_from_time(t);
			date_show(&day, when, sizeof when);
			k = strlen(when);
			when[k++] = ' ';
			text_hhmm(t, when + k, sizeof when - k);
		}
		buf_reset(&b);
		buf_adds(&b, i == a->sel ? "> " : "  ");
		text_pad(&b, when, 16);
		buf_addch(&b, ' ');
		text_pad(&b, jstr(e, "operator"), 13);
		buf_addch(&b, ' ');
		text_pad(&b, jstr_or(e, "client_id", "-"), 10);
		buf_addch(&b, ' ');
		text_pad(&b, au_action(jstr_null(e, "action")), 16);
		buf_addch(&b, ' ');
		buf_adds(&b, au_outcome(jstr_null(e, "outcome")));
		ui_text(y++, x, w, i == a->sel ? A_REVERSE : 0, "%s", b.data);
	}
	buf_release(&b);
}

static const struct screen_class screen_op_audit_list = {
	N_("Audit log"), 0, au_keys, au_enter, au_leave, NULL, au_draw, NULL
};

/* ---- filters ---- */

enum { AF_OPERATOR, AF_CLIENT, AF_FROM, AF_TO, AF_NFIELDS };

struct afilter {
	struct form	form;
};

static void	af_key_back(struct screen *);

static const struct keybind af_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Next field / show"), form_screen_submit,
	  KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), af_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

/* A date filter: empty, or a valid date (date.h) into p[key]. */
static int
af_date(struct field *f, json_t *p, const char *key)
{
	struct date	 d;
	char		*v = field_value(f), iso[DATE_FMT_LEN];
	int		 rc = 0;

	if (*v != '\0') {
		if (date_parse(v, &d) != DATE_OK) {
			f->error = _("Not a date; enter it as DD.MM.YYYY");
			rc = -1;
		} else {
			date_format_iso(&d, iso, sizeof iso);
			json_object_set_new(p, key, json_string(iso));
		}
	}
	free(v);
	return rc;
}

static void
af_submit(struct screen *s)
{
	struct afilter	*f = s->priv;
	struct audit	*a;
	json_t		*p = json_object();
	char		*v;

	v = field_value(form_field(&f->form, AF_OPERATOR));
	if (*v != '\0')
		json_object_set_new(p, "operator", json_string(v));
	free(v);
	v = field_value(form_field(&f->form, AF_CLIENT));
	if (*v != '\0')
		json_object_set_new(p, "client_id", json_string(v));
	free(v);
	if (af_date(form_field(&f->form, AF_FROM), p, "from") == -1) {
		form_focus(&f->form, AF_FROM);
		json_decref(p);
		return;
	}
	if (af_date(form_field(&f->form, AF_TO), p, "to") == -1) {
		form_focus(&f->form, AF_TO);
		json_decref(p);
		return;
	}
	a = xcalloc(1, sizeof *a);
	a->filters = p;
	a->items = json_array();
	ui_push(&screen_op_audit_list, a);
}

static void
af_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
af_draw(struct screen *s, int y, int x, int h, int w)
{
	struct afilter	*f = s->priv;

	(void)h;
	form_screen_draw(&f->form, _("Audit log"),
	    _("Every operator action, newest first.  Leave a filter empty to "
	    "see all; dates as DD.MM.YYYY."), 2, y, x, w);
}

static const struct screen_class screen_op_audit = {
	N_("Audit log"), 0, af_keys, NULL, form_screen_leave, NULL, af_draw, NULL
};

void
screen_op_audit_open(void)
{
	struct afilter	*f = xcalloc(1, sizeof *f);
	struct screen	*s;

	form_init(&f->form, AF_NFIELDS);
	field_init(form_field(&f->form, AF_OPERATOR), FIELD_TEXT,
	    N_("Operator"), 40);
	field_init(form_field(&f->form, AF_CLIENT), FIELD_TEXT,
	    N_("Client id"), 32);
	field_init(form_field(&f->form, AF_FROM), FIELD_TEXT, N_("From"), 10);
	field_init(form_field(&f->form, AF_TO), FIELD_TEXT, N_("To"), 10);
	f->form.submit = af_submit;
	s = ui_push(&screen_op_audit, f);
	s->form = &f->form;
}
