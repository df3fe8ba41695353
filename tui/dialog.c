/* dialog.c — modal message and yes/no screens. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

struct dialog {
	char		*title;
	char		*text;
	dialog_cb	 yes;		/* NULL: a message with OK */
};

static void	dialog_key_yes(struct screen *);
static void	dialog_key_no(struct screen *);

static const struct keybind dialog_keys[] = {
	{ { 'y', KEYC_ENTER }, "y", N_("Yes"), dialog_key_yes, KB_BAR },
	{ { 'n', KEYC_ESC }, "n", N_("No"), dialog_key_no, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static const struct keybind dialog_ok_keys[] = {
	{ { KEYC_ENTER, KEYC_ESC, ' ' }, NULL, N_("Close"), dialog_key_no,
	  KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
dialog_leave(struct screen *s)
{
	struct dialog	*d = s->priv;

	free(d->title);
	free(d->text);
	free(d);
}

static void
dialog_draw(struct screen *s, int y, int x, int h, int w)
{
	struct dialog	*d = s->priv;

	ui_para(y, x, w, y + h - 1, 0, d->text);
	ui_text(y + h - 1, x, w, A_REVERSE, " %s ", d->yes != NULL ?
	    _("y: Yes   n: No") : _("Enter: Close"));
}

/* Two classes share the code; the keys differ. */
const struct screen_class screen_dialog = {
	N_("Question"), SC_MODAL, dialog_keys, NULL, dialog_leave, NULL,
	dialog_draw, NULL
};
static const struct screen_class screen_message = {
	N_("Message"), SC_MODAL, dialog_ok_keys, NULL, dialog_leave, NULL,
	dialog_draw, NULL
};

static void
dialog_key_yes(struct screen *s)
{
	struct dialog	*d = s->priv;
	dialog_cb	 cb = d->yes;
	struct screen	*below = s->below;

	ui_pop(s);
	if (cb != NULL)
		cb(below);
}

static void
dialog_key_no(struct screen *s)
{
	ui_pop(s);
}

static void
dialog_open(const struct screen_class *cls, const char *title,
    const char *text, dialog_cb yes)
{
	struct dialog	*d = xcalloc(1, sizeof *d);
	struct screen	*s;

	d->title = xstrdup(title);
	d->text = xstrdup(text);
	d->yes = yes;
	s = ui_push(cls, d);
	s->title = d->title;
	s->box_w = 60;
	s->box_h = 9;
}

void
dialog_message(const char *title, const char *text)
{
	dialog_open(&screen_message, title, text, NULL);
}

void
dialog_confirm(const char *title, const char *text, dialog_cb yes)
{
	dialog_open(&screen_dialog, title, text, yes);
}
