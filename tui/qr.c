/*
 * qr.c — QR codes on a terminal (libqrencode): two modules a row in
 * Unicode half blocks, or two characters a module in ASCII where the
 * terminal is not UTF-8, each row a line of text, so the same code is
 * drawn on a screen (qr_draw) and printed by the command line (qr_line).
 * Light modules are drawn and dark ones left blank: dark on light in most
 * themes.  The quiet zone is as wide as the room allows, 4 modules (the
 * standard's), else 2, else 1: decoders read a code on a screen capture
 * with one.
 */
#include <stdlib.h>

#include <qrencode.h>

#include "kabinet/buf.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

struct qr {
	QRcode	*code;
};

struct qr *
qr_new(const char *text)
{
	struct qr	*q;
	QRcode		*c;

	if (text == NULL || *text == '\0' || (c = QRcode_encodeString(text, 0,
	    QR_ECLEVEL_L, QR_MODE_8, 1)) == NULL)
		return NULL;
	q = xcalloc(1, sizeof *q);
	q->code = c;
	return q;
}

void
qr_free(struct qr *q)
{
	if (q == NULL)
		return;
	QRcode_free(q->code);
	free(q);
}

void
qr_size(const struct qr *q, int zone, int *rows, int *cols)
{
	int	n = q->code->width + 2 * zone;

	*cols = text_utf8() ? n : 2 * n;
	*rows = text_utf8() ? (n + 1) / 2 : n;
}

int
qr_fit(const struct qr *q, int h, int w)
{
	static const int zones[] = { 4, 2, 1 };
	size_t	i;
	int	rows, cols;

	for (i = 0; q != NULL && i < sizeof zones / sizeof zones[0]; i++) {
		qr_size(q, zones[i], &rows, &cols);
		if (rows <= h && cols <= w)
			return zones[i];
	}
	return 0;
}

void
qr_line(const struct qr *q, int zone, int row, struct buf *out)
{
	const QRcode	*c = q->code;
	int		 n = c->width, utf8 = text_utf8(), r, col, top, bot;

#define DARK(rr, cc) ((rr) >= 0 && (rr) < n && (cc) >= 0 && (cc) < n && \
	    (c->data[(rr) * n + (cc)] & 1))
	r = -zone + (utf8 ? 2 * row : row);
	for (col = -zone; col < n + zone; col++) {
		top = DARK(r, col);
		bot = r + 1 < n + zone && DARK(r + 1, col);
		if (!utf8)
			buf_adds(out, top ? "  " : "##");
		else if (r + 1 >= n + zone)	/* the last half row */
			buf_adds(out, top ? " " : "▀");
		else
			buf_adds(out, !top && !bot ? "█" : !top ? "▀" : !bot ?
			    "▄" : " ");
	}
#undef DARK
}

void
qr_draw(const struct qr *q, int zone, int y, int x)
{
	struct buf	 line = BUF_INIT;
	int		 rows, cols, r;

	qr_size(q, zone, &rows, &cols);
	for (r = 0; r < rows; r++) {
		buf_reset(&line);
		qr_line(q, zone, r, &line);
		ui_text(y + r, x, cols, 0, "%s", line.data);
	}
	buf_release(&line);
}
