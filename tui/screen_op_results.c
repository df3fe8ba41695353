/*
 * screen_op_results.c — the operator's find results: the masked clients
 * that match, one picked to open the card.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/passport.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"
#include "op_client.h"

struct results {
	json_t	*items;
	size_t	 sel;
};

static void	res_key_open(struct screen *);
static void	res_key_back(struct screen *);
static void	res_key_up(struct screen *);
static void	res_key_down(struct screen *);

static const struct keybind res_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Open the card"), res_key_open, KB_BAR },
	{ { KEYC_FN(KEY_UP), 'k' }, "Up", N_("Previous"), res_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, "Down", N_("Next"), res_key_down, 0 },
	{ { KEYC_ESC }, NULL, N_("Back"), res_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
res_key_open(struct screen *s)
{
	struct results	*r = s->priv;
	json_t		*c = json_array_get(r->items, r->sel);

	if (c != NULL && jstr_null(c, "id") != NULL)
		screen_op_card_open(jstr_null(c, "id"));
}

static void
res_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
res_key_up(struct screen *s)
{
	struct results	*r = s->priv;

	if (r->sel > 0)
		r->sel--;
}

static void
res_key_down(struct screen *s)
{
	struct results	*r = s->priv;

	if (r->sel + 1 < json_array_size(r->items))
		r->sel++;
}

static void
res_leave(struct screen *s)
{
	struct results	*r = s->priv;

	json_decref(r->items);
	free(r);
}

static void
res_draw(struct screen *s, int y, int x, int h, int w)
{
	struct results	*r = s->priv;
	json_t		*c;
	struct buf	 b = BUF_INIT;
	size_t		 i, n = json_array_size(r->items);
	int		 maxy = y + h - 1;

	ui_text(y, x, w, A_BOLD, P_("%zu client found", "%zu clients found",
	    (unsigned long)n), n);
	y += 2;
	if (n == 0) {
		ui_para(y, x, w, maxy, 0, _("Nobody matches.  Check the number "
		    "or try the surname and birth date."));
		return;
	}
	/* Columns by cells, not bytes: the names are Cyrillic. */
	buf_adds(&b, "  ");
	text_pad(&b, _("Client"), 27);
	text_pad(&b, _("Phone"), 19);
	text_pad(&b, _("Born"), 11);
	buf_adds(&b, _("State"));
	ui_text(y++, x, w, A_UNDERLINE, "%s", b.data);
	json_array_foreach(r->items, i, c) {
		if (y >= maxy)
			break;
		buf_reset(&b);
		buf_adds(&b, i == r->sel ? "> " : "  ");
		text_pad(&b, jstr_or(c, "name", "?"), 26);
		buf_addch(&b, ' ');
		text_pad(&b, jstr_or(c, "phone_masked", "-"), 19);
		text_pad(&b, jstr_or(c, "birth_date_masked", "-"), 11);
		buf_adds(&b, json_is_true(json_object_get(c, "restricted")) ?
		    _("restricted") : "");
		ui_text(y++, x, w, i == r->sel ? A_REVERSE : 0, "%s", b.data);
	}
	buf_release(&b);
}

static const struct screen_class screen_op_results = {
	N_("Clients found"), 0, res_keys, NULL, res_leave, NULL, res_draw,
	NULL
};

void
screen_op_results_open(json_t *items)
{
	struct results	*r = xcalloc(1, sizeof *r);

	r->items = json_incref(items);
	if (!json_is_array(r->items)) {
		json_decref(r->items);
		r->items = json_array();
	}
	ui_push(&screen_op_results, r);
}
