/*
 * note.c — a screen's one line of news under what it shows: a notice
 * ("Saved to …") or an error, often the words of an error answer.
 */
#include <curses.h>
#include <stdlib.h>

#include "kabinet/xmalloc.h"
#include "tui.h"

void
note_set(struct note *n, int is_error, const char *text)
{
	free(n->text);
	n->text = text != NULL ? xstrdup(text) : NULL;
	n->error = is_error;
}

int
note_reason(struct note *n, json_t *error)
{
	struct buf	b = BUF_INIT;

	if (error == NULL)
		return 0;
	reasons_describe(error, &b);
	note_set(n, 1, b.data);
	buf_release(&b);
	return 1;
}

int
note_draw(const struct note *n, int y, int x, int w, int maxy)
{
	if (n->text == NULL)
		return y;
	return ui_para(y, x, w, maxy, n->error ? A_BOLD : 0, n->text);
}

void
note_free(struct note *n)
{
	free(n->text);
	n->text = NULL;
}
