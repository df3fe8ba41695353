/*
 * pager.c — a text taller than its screen, read a row or a page at a
 * time.  A screen keeps a struct pager, points s->pager at it, names
 * pager_key_* in its key table and draws the text with pager_draw(),
 * which remembers how many rows the page had for the page keys.
 */
#include "tui.h"

void
pager_scroll(struct pager *p, int by)
{
	p->top += by;
	if (p->top > p->total - p->rows)
		p->top = p->total - p->rows;
	if (p->top < 0)
		p->top = 0;
}

void
pager_key_up(struct screen *s)
{
	pager_scroll(s->pager, -1);
}

void
pager_key_down(struct screen *s)
{
	pager_scroll(s->pager, 1);
}

void
pager_key_pgup(struct screen *s)
{
	pager_scroll(s->pager, -(s->pager->rows - 1));
}

void
pager_key_pgdn(struct screen *s)
{
	pager_scroll(s->pager, s->pager->rows - 1);
}

void
pager_draw(struct pager *p, int y, int x, int w, int maxy, const char *text)
{
	p->rows = maxy - y > 1 ? maxy - y : 1;
	p->total = ui_para_rows(w, text);
	/* The page grew (a larger terminal, a shorter text): no blank end. */
	if (p->top > p->total - p->rows)
		p->top = p->total - p->rows > 0 ? p->total - p->rows : 0;
	ui_para_skip(y, x, w, y + p->rows, p->top, 0, text);
}
