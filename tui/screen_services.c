/*
 * screen_services.c — settings → optional services (подключение
 * дополнительных услуг): the lender's list with price and terms;
 * Enter switches the selected one on or off, confirmed by an SMS code.
 * A paid service's price counts toward the loan's charges cap.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

struct services {
	json_t	*list;		/* service.list's answer */
	size_t	 sel;
	struct note	note;
};

static void	sv_key_up(struct screen *);
static void	sv_key_down(struct screen *);
static void	sv_key_toggle(struct screen *);
static void	sv_key_back(struct screen *);

static const struct keybind sv_keys[] = {
	{ { KEYC_FN(KEY_UP), 'k' }, "Up", N_("Previous service"), sv_key_up,
	  0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, "Down", N_("Next service"), sv_key_down,
	  0 },
	{ { KEYC_ENTER, ' ' }, NULL, N_("Switch on or off"), sv_key_toggle,
	  KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), sv_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static json_t *
sv_items(struct services *v)
{
	return json_object_get(v->list, "items");
}

static void
sv_say(struct screen *s, int error, const char *text)
{
	struct services	*v = s->priv;

	note_set(&v->note, error, text);
}

static void
sv_list_cb(struct screen *s, json_t *result, json_t *error)
{
	struct services	*v;

	if (s == NULL)
		return;
	v = s->priv;
	if (note_reason(&v->note, error))
		return;
	json_decref(v->list);
	v->list = json_incref(result);
}

static void
sv_enter(struct screen *s)
{
	conn_request(M_SERVICE_LIST, NULL, sv_list_cb, s);
}

static void
sv_key_up(struct screen *s)
{
	struct services	*v = s->priv;

	if (v->sel > 0)
		v->sel--;
}

static void
sv_key_down(struct screen *s)
{
	struct services	*v = s->priv;

	if (v->sel + 1 < json_array_size(sv_items(v)))
		v->sel++;
}

static void
sv_set_cb(struct screen *s, json_t *result, json_t *error)
{
	struct buf	b = BUF_INIT;
	json_t		*sv;

	if (s == NULL)
		return;
	if (error != NULL) {
		reasons_describe(error, &b);
		sv_say(s, 1, b.data);
		buf_release(&b);
		return;
	}
	sv = json_object_get(result, "service");
	sv_say(s, 0, json_is_true(json_object_get(sv, "enabled")) ?
	    _("Switched on") : _("Switched off"));
	sv_enter(s);
}

static void
sv_key_toggle(struct screen *s)
{
	struct services	*v = s->priv;
	json_t		*it = json_array_get(sv_items(v), v->sel);

	if (it == NULL || s->busy)
		return;
	if (conn_request(M_SERVICE_SET, json_pack("{s:O, s:b}", "service_id",
	    json_object_get(it, "id"), "enabled",
	    !json_is_true(json_object_get(it, "enabled"))), sv_set_cb, s) ==
	    -1)
		sv_say(s, 1, _("The daemon is not connected; try again when "
		    "it is back"));
	else
		sv_say(s, 0, _("Asking the lender to send an SMS code…"));
}

static void
sv_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
sv_leave(struct screen *s)
{
	struct services	*v = s->priv;

	json_decref(v->list);
	note_free(&v->note);
	free(v);
}

static void
sv_draw(struct screen *s, int y, int x, int h, int w)
{
	struct services	*v = s->priv;
	json_t		*it;
	char		 m[48];
	struct buf	 line = BUF_INIT;
	size_t		 i, n;
	int		 maxy = y + h;
	const char	*title, *terms;

	ui_text(y, x, w, A_BOLD, "%s", _("Optional services"));
	y += 2;
	json_array_foreach(sv_items(v), i, it) {
		if (y >= maxy - 4)
			break;
		title = json_string_value(json_object_get(it, "title"));
		terms = json_string_value(json_object_get(it, "terms"));
		buf_reset(&line);
		buf_addf(&line, " [%s] %s", json_is_true(json_object_get(it,
		    "enabled")) ? "x" : " ", title != NULL ? _(title) : "");
		for (n = text_width(line.data); n < 36; n++)
			buf_addch(&line, ' ');
		text_money(json_integer_value(json_object_get(it, "price")),
		    m, sizeof m);
		for (n = text_width(m); n < 12; n++)
			buf_addch(&line, ' ');
		buf_addf(&line, "%s ", m);
		ui_text(y++, x, w, i == v->sel ? A_REVERSE : A_BOLD, "%s",
		    line.data);
		if (i == v->sel && terms != NULL)
			y = ui_para(y, x + 5, w - 5, maxy - 3, 0, _(terms));
	}
	buf_release(&line);
	if (v->list != NULL) {
		y++;
		y = ui_para(y, x, w, maxy, 0, _("A paid service's price is a "
		    "charge on your loan and counts toward the legal cap: all "
		    "charges together may not exceed the amount borrowed."));
	}
	note_draw(&v->note, y + 1, x, w, maxy);
}

/* Switched on or off elsewhere (the loan's price changes), or signed in
 * again: read the list anew. */
static void
sv_event(struct screen *s, const char *method, json_t *params)
{
	if (route_reread(method, params) ||
	    strcmp(method, E_LOAN_UPDATED) == 0)
		sv_enter(s);
}

const struct screen_class screen_services = {
	N_("Services"), 0, sv_keys, sv_enter, sv_leave, sv_event, sv_draw,
	NULL
};

void
screen_services_open(void)
{
	ui_push(&screen_services, xcalloc(1, sizeof(struct services)));
}
