/*
 * form.c — a column of fields with focus, per-field errors, a warning
 * while typing and one message line; Enter on the last field submits.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

void
form_init(struct form *fm, size_t n)
{
	memset(fm, 0, sizeof *fm);
	fm->fields = xcalloc(n, sizeof *fm->fields);
	fm->nfields = n;
}

void
form_free(struct form *fm)
{
	size_t	i;

	for (i = 0; i < fm->nfields; i++)
		field_free(&fm->fields[i]);
	free(fm->fields);
	free(fm->message);
	memset(fm, 0, sizeof *fm);
}

struct field *
form_field(struct form *fm, size_t i)
{
	return &fm->fields[i];
}

int
form_modified(const struct form *fm)
{
	size_t	i;

	for (i = 0; i < fm->nfields; i++) {
		if (fm->fields[i].modified && fm->fields[i].len > 0)
			return 1;
	}
	return 0;
}

void
form_message(struct form *fm, int is_error, const char *fmt, ...)
{
	va_list	ap;

	free(fm->message);
	fm->message = NULL;
	fm->message_is_error = is_error;
	if (fmt != NULL) {
		va_start(ap, fmt);
		if (vasprintf(&fm->message, fmt, ap) == -1)
			fm->message = NULL;
		va_end(ap);
	}
}

void
form_focus(struct form *fm, size_t i)
{
	if (i < fm->nfields)
		fm->focus = i;
}

int
form_required(struct form *fm, size_t i, const char *why)
{
	if (fm->fields[i].len > 0)
		return 0;
	fm->fields[i].error = why;
	form_focus(fm, i);
	return -1;
}

void
form_retype(struct form *fm, size_t i)
{
	if (!fm->fields[i].modified)
		field_clear(&fm->fields[i]);
	form_focus(fm, i);
}

/* Leaves the focused field for another, checking it on the way out. */
static void
form_move(struct form *fm, size_t to)
{
	struct field	*f = &fm->fields[fm->focus];

	if (f->len > 0)
		field_leave(f);
	fm->focus = to;
}

int
form_validate(struct form *fm)
{
	size_t	i;
	int	bad = -1;

	for (i = 0; i < fm->nfields; i++) {
		if (field_leave(&fm->fields[i]) == -1 && bad == -1)
			bad = (int)i;
	}
	if (bad != -1) {
		fm->focus = (size_t)bad;
		return -1;
	}
	return 0;
}

int
form_key(struct form *fm, struct screen *s, int key)
{
	struct field	*f;

	if (fm->nfields == 0)
		return 0;
	f = &fm->fields[fm->focus];
	switch (key) {
	case KEYC_TAB:
	case KEYC_FN(KEY_DOWN):
		form_move(fm, (fm->focus + 1) % fm->nfields);
		return 1;
	case KEYC_FN(KEY_BTAB):
	case KEYC_FN(KEY_UP):
		form_move(fm, (fm->focus + fm->nfields - 1) % fm->nfields);
		return 1;
	case KEYC_ENTER:
		if (fm->focus + 1 < fm->nfields) {
			form_move(fm, fm->focus + 1);
			return 1;
		}
		if (fm->submit != NULL) {
			fm->submit(s);
			return 1;
		}
		return 0;
	}
	if (field_key(f, key)) {
		/* What was said was about the old text. */
		if (fm->message != NULL && s->busy == 0)
			form_message(fm, 0, NULL);
		return 1;
	}
	return 0;
}

int
form_draw(struct form *fm, int y, int x, int w)
{
	struct buf	 b = BUF_INIT;
	size_t		 i, lw = 0, cur;
	int		 fw, fx;
	const char	*warn;

	for (i = 0; i < fm->nfields; i++) {
		size_t n = text_width(_(fm->fields[i].label));
		if (n > lw)
			lw = n;
	}
	if ((int)lw > w / 2)
		lw = (size_t)(w / 2);
	fx = x + (int)lw + 2;
	for (i = 0; i < fm->nfields; i++) {
		struct field *f = &fm->fields[i];
		int focused = i == fm->focus;
		size_t tw = text_width(_(f->label));

		/* A short field (an SMS code) gets a short box. */
		fw = w - (int)lw - 4;
		if (fw > 34)
			fw = 34;
		if ((int)field_cells(f) + 3 < fw)
			fw = (int)field_cells(f) + 3;
		ui_text(y, x, (int)lw, focused ? A_BOLD : 0, "%*s%s",
		    (int)(tw < lw ? lw - tw : 0), "", _(f->label));
		buf_reset(&b);
		field_render(f, focused, fw > 2 ? (size_t)fw - 2 : 0, &b,
		    &cur);
		ui_text(y, fx - 1, 1, 0, "[");
		ui_text(y, fx, fw - 2, A_UNDERLINE, "%-*s", fw - 2, "");
		ui_text(y, fx, fw - 2, A_UNDERLINE, "%s", b.data);
		ui_text(y, fx + fw - 2, 1, 0, "]");
		if (focused)
			ui_cursor(y, fx + (int)cur);
		y++;
		warn = focused ? field_warning(f) : NULL;
		if (f->error != NULL || warn != NULL) {
			/* Wrapped, never cut: a reason is read whole. */
			buf_reset(&b);
			buf_addf(&b, "! %s", f->error != NULL ? f->error :
			    warn);
			y = ui_para(y, fx, w - (fx - x), LINES - 2, A_BOLD,
			    b.data);
		}
	}
	buf_wipe_release(&b);
	if (fm->message != NULL) {
		y++;
		y = ui_para(y, x, w, LINES - 2, fm->message_is_error ?
		    A_BOLD | A_REVERSE : A_BOLD, fm->message);
	}
	return y;
}

/* ---- a form screen: title, intro, fields; Esc cancels or leaves ---- */

int
form_screen_draw(struct form *fm, const char *title, const char *intro,
    int rows, int y, int x, int w)
{
	ui_text(y, x, w, A_BOLD, "%s", title);
	y += 2;
	y = ui_para(y, x, w, y + rows, 0, intro);
	y++;
	return form_draw(fm, y, x, w);
}

void
form_screen_leave(struct screen *s)
{
	form_free(s->form);
	free(s->priv);
}

void
form_screen_submit(struct screen *s)
{
	if (s->form->submit != NULL)
		s->form->submit(s);
}

void
form_screen_back(struct screen *s)
{
	if (s->busy) {
		conn_forget(s);
		form_message(s->form, 0, "%s", _("Cancelled"));
		return;
	}
	ui_pop(s);
}

int
form_screen_request(struct screen *s, const char *method, json_t *params,
    conn_cb cb, const char *busy)
{
	if (conn_request(method, params, cb, s) == -1) {
		form_message(s->form, 1, "%s", _("The daemon is not connected; "
		    "try again when it is back"));
		return -1;
	}
	if (busy != NULL)
		form_message(s->form, 0, "%s", busy);
	return 0;
}

int
form_screen_failed(struct screen *s, json_t *error)
{
	struct buf	b = BUF_INIT;

	if (s == NULL)
		return 1;
	if (error == NULL)
		return 0;
	reasons_describe(error, &b);
	form_message(s->form, 1, "%s", b.data);
	buf_release(&b);
	return 1;
}
