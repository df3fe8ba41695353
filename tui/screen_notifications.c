/*
 * screen_notifications.c — the lender's messages: the dashboard's line
 * (the unread count and the newest message's title, from account.summary
 * and kept live by notification.created and notifications.changed), the
 * inbox (newest first, the unread marked), a message read in full (which
 * marks it read) and "mark all read".  The lender words each message in
 * Russian and in English; the user's language is shown.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

#define NOTIF_PAGE	100

const char *
notif_words(json_t *n, const char *key)
{
	json_t		*w = json_object_get(n, key);
	int		 ru = i18n_is_russian();
	const char	*s = json_string_value(json_object_get(w, ru ? "ru" :
			    "en"));

	if (s == NULL)
		s = json_string_value(json_object_get(w, ru ? "en" : "ru"));
	return s != NULL ? s : "";
}

char *
notif_when(json_t *n, char *out, size_t len)
{
	time_t		 t = text_parse_time(json_string_value(
			    json_object_get(n, "created_at")));
	struct date	 d;
	char		 hm[16];

	if (t == (time_t)-1) {
		snprintf(out, len, "—");
		return out;
	}
	d = date_from_time(t);
	date_show(&d, out, len);
	text_hhmm(t, hm, sizeof hm);
	if (strlen(out) + strlen(hm) + 2 < len) {
		strcat(out, " ");
		strcat(out, hm);
	}
	return out;
}

/* ---- the dashboard's line ---- */

static struct {
	int		 known;
	json_int_t	 unread;
	json_t		*newest;
} nd;

static void
notif_dash_take(json_t *unread, json_t *newest)
{
	if (!json_is_integer(unread))
		return;
	nd.known = 1;
	nd.unread = json_integer_value(unread);
	json_decref(nd.newest);
	nd.newest = json_is_object(newest) ? json_incref(newest) : NULL;
}

static void
notif_dash_got(struct screen *s, json_t *result, json_t *error)
{
	(void)s;
	if (error == NULL)
		notif_dash_take(json_object_get(result, "unread"),
		    json_object_get(result, "newest"));
}

void
notif_dash_refresh(void)
{
	conn_request(M_ACCOUNT_SUMMARY, NULL, notif_dash_got, NULL);
}

void
notif_dash_event(const char *method, json_t *params)
{
	const char	*state;

	if (strcmp(method, E_NOTIFICATION_CREATED) == 0)
		notif_dash_take(json_object_get(params, "unread"),
		    json_object_get(params, "notification"));
	else if (strcmp(method, E_NOTIFICATIONS_CHANGED) == 0)
		notif_dash_take(json_object_get(params, "unread"),
		    json_object_get(params, "newest"));
	else if (strcmp(method, E_SESSION_CHANGED) == 0 &&
	    (state = json_string_value(json_object_get(params, "state"))) !=
	    NULL && strcmp(state, "signed_in") != 0) {
		nd.known = 0;
		json_decref(nd.newest);
		nd.newest = NULL;
	}
}

int
notif_dash_draw(int y, int x, int col, int w)
{
	if (!nd.known)
		return y;
	ui_text(y, x, col, A_BOLD, "%s", _("Messages"));
	if (nd.unread > 0)
		ui_text(y, x + col, w - col, A_BOLD, P_("%d unread: %s",
		    "%d unread: %s", (unsigned long)nd.unread), (int)nd.unread,
		    notif_words(nd.newest, "title"));
	else if (nd.newest != NULL)
		ui_text(y, x + col, w - col, 0, _("none unread; the last: %s"),
		    notif_words(nd.newest, "title"));
	else
		ui_text(y, x + col, w - col, 0, "%s", _("none"));
	return y + 1;
}

/* ---- one message ---- */

struct reader {
	json_t	*n;
};

static void
rd_key_back(struct screen *s)
{
	ui_pop(s);
}

static const struct keybind rd_keys[] = {
	{ { KEYC_ESC }, NULL, N_("Back"), rd_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
rd_leave(struct screen *s)
{
	struct reader	*r = s->priv;

	json_decref(r->n);
	free(r);
}

static void
rd_draw(struct screen *s, int y, int x, int h, int w)
{
	struct reader	*r = s->priv;
	char		 when[DATE_FMT_LEN + 16];

	ui_text(y++, x, w, A_BOLD, "%s", notif_words(r->n, "title"));
	ui_text(y++, x, w, 0, "%s", notif_when(r->n, when, sizeof when));
	y++;
	ui_para(y, x, w, y + h - 3, 0, notif_words(r->n, "text"));
}

static const struct screen_class screen_notif_reader = {
	N_("Messages"), 0, rd_keys, NULL, rd_leave, NULL, rd_draw, NULL
};

/* ---- the inbox ---- */

struct inbox {
	json_t	*items;		/* notifications.list items, or NULL */
	json_int_t unread;
	size_t	 sel, top;
	int	 rows;
	struct note	note;
};

static void	ib_key_up(struct screen *);
static void	ib_key_down(struct screen *);
static void	ib_key_open(struct screen *);
static void	ib_key_all(struct screen *);
static void	ib_key_back(struct screen *);
static void	ib_load(struct screen *);

static const struct keybind ib_keys[] = {
	{ { KEYC_FN(KEY_UP), 'k' }, "Up", N_("Previous message"),
	  ib_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, "Down", N_("Next message"),
	  ib_key_down, 0 },
	{ { KEYC_ENTER }, NULL, N_("Read"), ib_key_open, KB_BAR },
	{ { 'a' }, "a", N_("Mark all read"), ib_key_all, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), ib_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
ib_move(struct screen *s, int by)
{
	struct inbox	*ib = s->priv;
	size_t		 n = json_array_size(ib->items);

	if (n == 0)
		return;
	if (by < 0 && ib->sel > 0)
		ib->sel--;
	else if (by > 0 && ib->sel + 1 < n)
		ib->sel++;
}

static void
ib_key_up(struct screen *s)
{
	ib_move(s, -1);
}

static void
ib_key_down(struct screen *s)
{
	ib_move(s, 1);
}

static void
ib_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
ib_marked(struct screen *s, json_t *result, json_t *error)
{
	struct inbox	*ib;

	if (s == NULL)
		return;
	ib = s->priv;
	if (note_reason(&ib->note, error))
		return;
	if (json_is_integer(json_object_get(result, "unread")))
		ib->unread = json_integer_value(json_object_get(result,
		    "unread"));
}

/* Reading a message marks it read, here at once and at the lender. */
static void
ib_key_open(struct screen *s)
{
	struct inbox	*ib = s->priv;
	json_t		*it = json_array_get(ib->items, ib->sel);
	struct reader	*r;

	if (it == NULL)
		return;
	if (!json_is_true(json_object_get(it, "read")) &&
	    conn_request(M_NOTIFICATIONS_READ, json_pack("{s:O}", "id",
	    json_object_get(it, "id")), ib_marked, s) == 0) {
		json_object_set_new(it, "read", json_true());
		if (ib->unread > 0)
			ib->unread--;
	}
	r = xcalloc(1, sizeof *r);
	r->n = json_incref(it);
	ui_push(&screen_notif_reader, r);
}

/* Every message shown is marked read: up to the newest on the screen, so
 * one that arrives meanwhile stays unread. */
static void
ib_key_all(struct screen *s)
{
	struct inbox	*ib = s->priv;
	json_t		*first = json_array_get(ib->items, 0), *it;
	size_t		 i;

	if (first == NULL || ib->unread == 0)
		return;
	if (conn_request(M_NOTIFICATIONS_READ, json_pack("{s:b, s:O}", "all",
	    1, "up_to", json_object_get(first, "id")), ib_marked, s) != 0)
		return;
	json_array_foreach(ib->items, i, it)
		json_object_set_new(it, "read", json_true());
	ib->unread = 0;
	note_set(&ib->note, 0, _("All messages are marked read"));
}

static void
ib_listed(struct screen *s, json_t *result, json_t *error)
{
	struct inbox	*ib;
	const char	*id = NULL;
	json_t		*it;
	size_t		 i;

	if (s == NULL)
		return;
	ib = s->priv;
	if (note_reason(&ib->note, error))
		return;
	/* Keep the selection on the same message when new ones arrive. */
	if ((it = json_array_get(ib->items, ib->sel)) != NULL)
		id = json_string_value(json_object_get(it, "id"));
	ib->sel = 0;
	json_array_foreach(json_object_get(result, "items"), i, it)
		if (id != NULL && json_is_string(json_object_get(it, "id")) &&
		    strcmp(id, json_string_value(json_object_get(it, "id")))
		    == 0)
			ib->sel = i;
	json_decref(ib->items);
	ib->items = json_incref(json_object_get(result, "items"));
	ib->unread = json_integer_value(json_object_get(result, "unread"));
}

static void
ib_load(struct screen *s)
{
	conn_request(M_NOTIFICATIONS_LIST, json_pack("{s:i}", "limit",
	    NOTIF_PAGE), ib_listed, s);
}

static void
ib_leave(struct screen *s)
{
	struct inbox	*ib = s->priv;

	conn_forget(s);
	json_decref(ib->items);
	note_free(&ib->note);
	free(ib);
}

static void
ib_event(struct screen *s, const char *method, json_t *params)
{
	if (strcmp(method, E_NOTIFICATION_CREATED) == 0 ||
	    route_reread(method, params))
		ib_load(s);
}

static void
ib_draw(struct screen *s, int y, int x, int h, int w)
{
	struct inbox	*ib = s->priv;
	json_t		*it;
	char		 when[DATE_FMT_LEN + 16];
	size_t		 i, n = json_array_size(ib->items);
	int		 row, unread, maxy = y + h;

	ui_text(y, x, w, A_BOLD, "%s", _("Messages"));
	if (ib->items != NULL)
		ui_text(y, x + (int)text_width(_("Messages")) + 2,
		    w - (int)text_width(_("Messages")) - 2, 0,
		    P_("%d unread", "%d unread", (unsigned long)ib->unread),
		    (int)ib->unread);
	y += 2;
	if (ib->items == NULL) {
		if (ib->note.text != NULL)
			ui_para(y, x, w, maxy, A_BOLD, ib->note.text);
		return;
	}
	if (n == 0) {
		ui_para(y, x, w, y + 2, 0, _("No messages from the lender "
		    "yet."));
		return;
	}
	ib->rows = h - 5 - (ib->note.text != NULL ? 1 : 0);
	if (ib->rows < 1)
		ib->rows = 1;
	ib->top = ui_list_top(ib->top, ib->sel, ib->rows);
	for (i = ib->top, row = 0; i < n && row < ib->rows; i++, row++) {
		it = json_array_get(ib->items, i);
		unread = !json_is_true(json_object_get(it, "read"));
		ui_text(y + row, x, w, (i == ib->sel ? A_REVERSE : 0) |
		    (unread ? A_BOLD : 0), "%c %-16s  %s", unread ? '*' : ' ',
		    notif_when(it, when, sizeof when),
		    notif_words(it, "title"));
	}
	y += ib->rows + 1;
	if (ib->note.text != NULL)
		ui_text(y, x, w, 0, "%s", ib->note.text);
}

static const struct screen_class screen_notifications = {
	N_("Messages"), 0, ib_keys, ib_load, ib_leave, ib_event, ib_draw,
	NULL
};

void
screen_notifications_open(void)
{
	ui_push(&screen_notifications, xcalloc(1, sizeof(struct inbox)));
}
