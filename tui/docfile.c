/*
 * docfile.c — a document written to a file, as My documents and
 * `kabinet document --output` save it: the exact UTF-8 text, or a PDF
 * when the name ends in .pdf (the title in bold, then the text, laid out
 * by Pango on A4 pages through cairo, so Cyrillic is set by the fonts
 * fontconfig finds).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "kabinet/xmalloc.h"
#include "tui.h"

#define PDF_W		595.28		/* A4, in points */
#define PDF_H		841.89
#define PDF_MARGIN	56.69		/* 2 cm */
/* Monospace at 10 pt: 80 columns a line, the columns of a receipt kept. */
#define PDF_FONT	"DejaVu Sans Mono 10"

/* The laid-out text, line by line, onto as many pages as it takes. */
static void
pdf_lines(cairo_t *cr, PangoLayout *lay)
{
	PangoLayoutIter	*it = pango_layout_get_iter(lay);
	PangoRectangle	 log;
	double		 top = 0, body = PDF_H - 2 * PDF_MARGIN;

	do {
		pango_layout_iter_get_line_extents(it, NULL, &log);
		if (pango_units_to_double(log.y + log.height) - top > body) {
			cairo_show_page(cr);
			top = pango_units_to_double(log.y);
		}
		cairo_move_to(cr, PDF_MARGIN + pango_units_to_double(log.x),
		    PDF_MARGIN + pango_units_to_double(
		    pango_layout_iter_get_baseline(it)) - top);
		pango_cairo_show_layout_line(cr,
		    pango_layout_iter_get_line_readonly(it));
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	cairo_show_page(cr);
}

static const char *
pdf_write(const char *path, const char *title, const char *text)
{
	static char		 err[128];
	cairo_surface_t		*sf;
	cairo_t			*cr;
	PangoLayout		*lay;
	PangoFontDescription	*fd;
	PangoAttrList		*attrs;
	PangoAttribute		*bold;
	cairo_status_t		 st;
	char			*all;

	sf = cairo_pdf_surface_create(path, PDF_W, PDF_H);
	if ((st = cairo_surface_status(sf)) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(sf);
		/* cairo says "error while writing to output stream" */
		return strerror(errno != 0 ? errno : EIO);
	}
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, title);
	cr = cairo_create(sf);
	lay = pango_cairo_create_layout(cr);
	/* Points, not pixels at 96 dpi: 10 pt is 10 units of the page. */
	pango_cairo_context_set_resolution(pango_layout_get_context(lay), 72);
	pango_layout_context_changed(lay);
	fd = pango_font_description_from_string(PDF_FONT);
	pango_layout_set_font_description(lay, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(lay, pango_units_from_double(PDF_W -
	    2 * PDF_MARGIN));
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
	xasprintf(&all, "%s\n\n%s", title, text);
	pango_layout_set_text(lay, all, -1);
	attrs = pango_attr_list_new();
	bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
	bold->start_index = 0;
	bold->end_index = (guint)strlen(title);
	pango_attr_list_insert(attrs, bold);
	pango_layout_set_attributes(lay, attrs);
	pango_attr_list_unref(attrs);
	pdf_lines(cr, lay);
	free(all);
	g_object_unref(lay);
	cairo_destroy(cr);
	cairo_surface_finish(sf);
	st = cairo_surface_status(sf);
	cairo_surface_destroy(sf);
	/* A PDF is rare in a long session: the font map goes, and Pango
	 * makes another next time.  fontconfig's and cairo's own caches
	 * stay: cairo_debug_reset_static_data() and FcFini() are for leak
	 * checkers at exit, and with a font still held (Pango's font map is
	 * released when its last user lets go) cairo aborts on an assertion
	 * — the second PDF of a process did so about one time in two. */
	pango_cairo_font_map_set_default(NULL);
	if (st == CAIRO_STATUS_SUCCESS)
		return NULL;
	snprintf(err, sizeof err, "%s", cairo_status_to_string(st));
	return err;
}

const char *
docfile_write(const char *path, const char *title, const char *text)
{
	size_t	 n = strlen(path), len = strlen(text);
	FILE	*fp;
	int	 ok;

	errno = 0;
	if (n > 4 && strcasecmp(path + n - 4, ".pdf") == 0)
		return pdf_write(path, title, text);
	if ((fp = fopen(path, "w")) == NULL)
		return strerror(errno);
	ok = fwrite(text, 1, len, fp) == len;
	if (fclose(fp) != 0 || !ok)
		return strerror(errno != 0 ? errno : EIO);
	return NULL;
}
