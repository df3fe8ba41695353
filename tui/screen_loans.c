/*
 * screen_loans.c — all my loans: every loan (active, overdue, repaid with
 * the day it was repaid) and every application that did not become one
 * (declined, still being decided), newest first, from loan.list; Enter
 * opens one (screen_loan.c).
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "cli.h"
#include "tui.h"

struct loans {
	json_t	*items;		/* loans, then applications not paid out */
	size_t	 sel, top;
	int	 loaded;
	struct note note;	/* why the list is not there */
};

static void	loans_key_back(struct screen *);
static void	loans_key_open(struct screen *);
static void	loans_key_up(struct screen *);
static void	loans_key_down(struct screen *);

static const struct keybind loans_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Details"), loans_key_open, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), loans_key_back, KB_BAR },
	{ { KEYC_FN(KEY_UP), 'k' }, NULL, N_("Previous"), loans_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, NULL, N_("Next"), loans_key_down, 0 },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

void
loans_state_text(json_t *item, char *out, size_t len)
{
	char		 d[DATE_FMT_LEN];
	const char	*st = jstr(item, "state");

	if (json_object_get(item, "contract_number") == NULL)
		snprintf(out, len, "%s", borrow_app_state(st));
	else if (strcmp(st, "closed") == 0)
		snprintf(out, len, _("repaid on %s"), date_show_iso(jstr(item,
		    "closed_on"), d, sizeof d));
	else if (strcmp(st, "overdue") == 0)
		snprintf(out, len, _("overdue since %s"), date_show_iso(
		    jstr(item, "due_on"), d, sizeof d));
	else
		snprintf(out, len, _("active, due %s"), date_show_iso(
		    jstr(item, "due_on"), d, sizeof d));
}

static void
loans_list_cb(struct screen *s, json_t *result, json_t *error)
{
	struct loans	*l = s->priv;
	json_t		*v;
	size_t		 i;

	note_set(&l->note, 0, NULL);
	if (note_reason(&l->note, error))
		return;
	json_decref(l->items);
	l->items = json_array();
	json_array_foreach(json_object_get(result, "loans"), i, v)
		json_array_append(l->items, v);
	json_array_foreach(json_object_get(result, "applications"), i, v)
		if (strcmp(jstr(v, "state"), "disbursed") != 0)
			json_array_append(l->items, v);
	if (l->sel >= json_array_size(l->items))
		l->sel = 0;
	l->loaded = 1;
}

static void
loans_fetch(struct screen *s)
{
	if (conn_request(M_LOAN_LIST, NULL, loans_list_cb, s) == -1) {
		struct loans *l = s->priv;

		note_set(&l->note, 1, _("The daemon is not connected; try "
		    "again in a moment."));
	}
}

static void
loans_enter(struct screen *s)
{
	loans_fetch(s);
}

static void
loans_event(struct screen *s, const char *method, json_t *params)
{
	(void)params;
	if (strcmp(method, E_LOAN_UPDATED) == 0 ||
	    strcmp(method, E_APPLICATION_UPDATED) == 0 ||
	    route_reread(method, params))
		loans_fetch(s);
}

static void
loans_leave(struct screen *s)
{
	struct loans	*l = s->priv;

	json_decref(l->items);
	note_free(&l->note);
	free(l);
}

static void
loans_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
loans_key_open(struct screen *s)
{
	struct loans	*l = s->priv;
	json_t		*it = json_array_get(l->items, l->sel);

	if (it != NULL)
		screen_loan_open(it);
}

static void
loans_key_up(struct screen *s)
{
	struct loans	*l = s->priv;

	if (l->sel > 0)
		l->sel--;
}

static void
loans_key_down(struct screen *s)
{
	struct loans	*l = s->priv;

	if (l->sel + 1 < json_array_size(l->items))
		l->sel++;
}

static void
loans_draw(struct screen *s, int y, int x, int h, int w)
{
	struct loans	*l = s->priv;
	int		 maxy = y + h, rows;
	size_t		 i, n = json_array_size(l->items);
	json_t		*it;
	char		 m[48], st[160], d[DATE_FMT_LEN], name[64];
	struct buf	 b = BUF_INIT;

	ui_text(y, x, w, A_BOLD, "%s", _("All my loans and applications"));
	y += 2;
	if (l->note.text != NULL)
		y = ui_para(y, x, w, maxy, A_BOLD, l->note.text) + 1;
	if (!l->loaded) {
		ui_text(y, x, w, 0, "%s", _("loading…"));
		return;
	}
	if (n == 0) {
		ui_text(y, x, w, 0, "%s", _("No loans and no applications "
		    "yet."));
		return;
	}
	rows = maxy - y;
	l->top = ui_list_top(l->top, l->sel, rows);
	for (i = l->top; i < n && y < maxy; i++) {
		it = json_array_get(l->items, i);
		if (json_object_get(it, "contract_number") != NULL)
			snprintf(name, sizeof name, "%s", jstr(it,
			    "contract_number"));
		else
			snprintf(name, sizeof name, _("application %s"),
			    date_show_iso(jstr(it, "created_at"), d,
			    sizeof d));
		text_money(json_integer_value(json_object_get(it,
		    json_object_get(it, "principal") != NULL ? "principal" :
		    "amount")), m, sizeof m);
		loans_state_text(it, st, sizeof st);
		buf_reset(&b);
		buf_adds(&b, i == l->sel ? "> " : "  ");
		cli_pad(&b, name, 22, 0);
		cli_pad(&b, m, 14, 1);
		buf_adds(&b, "  ");
		buf_adds(&b, st);
		ui_text(y++, x, w, i == l->sel ? A_REVERSE : 0, "%s", b.data);
	}
	buf_release(&b);
}

const struct screen_class screen_loans = {
	N_("My loans"), 0, loans_keys, loans_enter, loans_leave, loans_event,
	loans_draw, NULL
};

void
screen_loans_open(void)
{
	ui_push(&screen_loans, xcalloc(1, sizeof(struct loans)));
}
