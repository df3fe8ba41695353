/*
 * screen_help.c — help for the screen it was opened from, generated from
 * that screen's key table and the global one.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

struct help {
	struct buf	 text;
	const char	*title;
	int		 top;		/* first line shown */
};

static void	help_key_close(struct screen *);
static void	help_key_up(struct screen *);
static void	help_key_down(struct screen *);

static const struct keybind help_keys[] = {
	{ { KEYC_ESC, 'q', KEYC_FN(KEY_F(1)) }, "Esc", N_("Close the help"),
	  help_key_close, KB_BAR },
	{ { KEYC_FN(KEY_UP), 'k' }, NULL, N_("Scroll up"), help_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, NULL, N_("Scroll down"), help_key_down,
	  0 },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
help_key_close(struct screen *s)
{
	ui_pop(s);
}

static void
help_key_up(struct screen *s)
{
	struct help	*h = s->priv;

	if (h->top > 0)
		h->top--;
}

static void
help_key_down(struct screen *s)
{
	struct help	*h = s->priv;

	h->top++;
}

static void
help_leave(struct screen *s)
{
	struct help	*h = s->priv;

	buf_release(&h->text);
	free(h);
}

static void
help_draw(struct screen *s, int y, int x, int h, int w)
{
	struct help	*hp = s->priv;
	const char	*p = hp->text.data, *nl;
	struct buf	 line = BUF_INIT;
	int		 n = 0, maxy = y + h;

	ui_text(y, x, w, A_BOLD, _("Keys on the \"%s\" screen"), hp->title);
	y += 2;
	while (*p != '\0' && y < maxy) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (n++ >= hp->top) {
			buf_reset(&line);
			buf_add(&line, p, (size_t)(nl - p));
			ui_text(y++, x, w, 0, "%s", line.data);
		}
		p = *nl != '\0' ? nl + 1 : nl;
	}
	if (n <= hp->top && hp->top > 0)
		hp->top = n - 1;
	y++;
	y = ui_para(y, x, w, maxy, 0, _("In a form, Tab and the arrows move "
	    "between fields, Enter goes to the next field and sends the form "
	    "from the last one, Esc cancels what is in progress or goes "
	    "back.  Ctrl-U clears a field."));
	buf_release(&line);
}

const struct screen_class screen_help = {
	N_("Help"), 0, help_keys, NULL, help_leave, NULL, help_draw, NULL
};

void
screen_help_open(struct screen *for_screen)
{
	struct help	*h = xcalloc(1, sizeof *h);

	buf_init(&h->text, 0);
	keys_help(ui_keys(for_screen), ui_global_keys, &h->text);
	h->title = _(for_screen->cls->title);
	ui_push(&screen_help, h);
}
