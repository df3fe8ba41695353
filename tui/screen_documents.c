/*
 * screen_documents.c — "My documents": every document the borrower
 * accepted or signed (consents, the ПЭП agreement, the individual terms
 * of each loan, extension agreements) or the lender issued (a receipt
 * per payment, the certificate of repayment), with version, date and
 * SHA-256; one opens in a pager, its SHA-256 checked against the text
 * received, and is saved as plain UTF-8 text under the documents
 * directory or a path typed.
 */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gnutls/crypto.h>

#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

struct documents {
	json_t	*items;		/* documents.list items, or NULL */
	size_t	 sel, top;
	int	 rows;
	struct note	note;
};

struct reader {
	json_t	*doc;		/* documents.get result */
	int	 match;		/* the text's SHA-256 is the record's */
	struct pager pager;
	struct note	note;
	struct form form;	/* the save prompt's */
};

/* The day a record was signed, as the user reads dates. */
static char *
doc_day(json_t *item, char *out, size_t len)
{
	struct date	d;
	time_t		t = text_parse_time(jstr(item, "signed_at"));

	if (t == (time_t)-1 || t == 0) {
		snprintf(out, len, "—");
		return out;
	}
	d = date_from_time(t);
	return date_show(&d, out, len);
}

/* A version that is a date ("2026-11-01", the lender's edition) is
 * shown as dates are; any other version as it is. */
static char *
doc_version(json_t *item, char *out, size_t len)
{
	const char	*v = jstr(item, "version");

	if (strlen(v) == 10)
		return date_show_iso(v, out, len);
	snprintf(out, len, "%s", v);
	return out;
}

/* 1 if the SHA-256 of text is hex (lower case). */
int
documents_sha256_ok(const char *text, const char *hex)
{
	unsigned char	 md[32];
	char		 got[65];
	size_t		 i;

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, text, strlen(text), md) != 0)
		return 0;
	for (i = 0; i < sizeof md; i++)
		snprintf(got + 2 * i, 3, "%02x", md[i]);
	return strcmp(got, hex) == 0;
}

/* ---- the save prompt ---- */

static void	save_submit(struct screen *);
static void	save_key_back(struct screen *);

static const struct keybind save_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Save"), save_submit, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Cancel"), save_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

/* The documents directory: $XDG_DOCUMENTS_DIR, else ~/Documents. */
static char *
docs_dir(void)
{
	const char	*d = getenv("XDG_DOCUMENTS_DIR"), *home;
	char		*out;

	if (d != NULL && *d == '/')
		return xstrdup(d);
	home = getenv("HOME");
	xasprintf(&out, "%s/Documents", home != NULL && *home != '\0' ? home :
	    ".");
	return out;
}

static void
save_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
save_submit(struct screen *s)
{
	struct screen	*below = s->below;
	struct reader	*r = below->priv;
	struct field	*f = form_field(&r->form, 0);
	const char	*text = jstr(r->doc, "text");
	char		*v = field_value(f), *path, *dir, *msg;
	const char	*why;

	if (*v == '\0') {
		f->error = _("Type a file name");
		free(v);
		return;
	}
	dir = docs_dir();
	if (*v == '/')
		path = xstrdup(v);
	else {
		/* A name alone goes to the documents directory. */
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			xasprintf(&msg, _("Cannot create %s: %s"), dir,
			    strerror(errno));
			f->error = NULL;
			form_message(&r->form, 1, "%s", msg);
			free(msg);
			free(dir);
			free(v);
			return;
		}
		xasprintf(&path, "%s/%s", dir, v);
	}
	free(dir);
	free(v);
	if ((why = docfile_write(path, jstr(r->doc, "title"), text)) != NULL) {
		form_message(&r->form, 1, _("Cannot write %s: %s"), path, why);
		free(path);
		return;
	}
	xasprintf(&msg, _("Saved to %s"), path);
	free(path);
	ui_pop(s);
	note_set(&r->note, 0, msg);
	free(msg);
}

static void
save_draw(struct screen *s, int y, int x, int h, int w)
{
	struct reader	*r = s->below->priv;
	char		*dir = docs_dir(), *hint;

	(void)h;
	ui_text(y, x, w, A_BOLD, "%s", _("Save the document"));
	y += 2;
	xasprintf(&hint, _("Plain UTF-8 text, or a PDF if the name ends in "
	    ".pdf.  A name alone is saved in %s; a path starting with / is "
	    "saved there."), dir);
	y = ui_para(y, x, w, y + 3, 0, hint);
	free(hint);
	free(dir);
	form_draw(&r->form, y + 1, x, w);
}

static const struct screen_class screen_doc_save = {
	N_("My documents"), 0, save_keys, NULL, NULL, NULL, save_draw, NULL
};

/* ---- the pager ---- */

static void	rd_key_save(struct screen *);
static void	rd_key_back(struct screen *);

static const struct keybind rd_keys[] = {
	{ { KEYC_FN(KEY_UP), 'k' }, "Up", N_("Scroll up"), pager_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, "Down", N_("Scroll down"),
	  pager_key_down, 0 },
	{ { KEYC_FN(KEY_PPAGE), 'b' }, "PgUp", N_("Page up"), pager_key_pgup,
	  KB_BAR },
	{ { KEYC_FN(KEY_NPAGE), ' ' }, "PgDn", N_("Page down"),
	  pager_key_pgdn, KB_BAR },
	{ { 'w', KEYC_FN(KEY_F(5)) }, "w", N_("Save to a file"), rd_key_save,
	  KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), rd_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
rd_key_save(struct screen *s)
{
	struct reader	*r = s->priv;
	struct screen	*p;
	char		*name;

	form_free(&r->form);
	form_init(&r->form, 1);
	field_init(form_field(&r->form, 0), FIELD_TEXT, N_("File"), 200);
	xasprintf(&name, "%s-%s.txt", jstr(r->doc, "document_id"),
	    jstr(r->doc, "id"));
	field_set(form_field(&r->form, 0), name);
	free(name);
	r->form.submit = save_submit;
	p = ui_push(&screen_doc_save, NULL);
	p->form = &r->form;
}

static void
rd_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
rd_leave(struct screen *s)
{
	struct reader	*r = s->priv;

	json_decref(r->doc);
	note_free(&r->note);
	form_free(&r->form);
	free(r);
}

static void
rd_draw(struct screen *s, int y, int x, int h, int w)
{
	struct reader	*r = s->priv;
	char		 day[DATE_FMT_LEN], ver[64];
	int		 body;

	ui_text(y++, x, w, A_BOLD, "%s", jstr(r->doc, "title"));
	/* A receipt or a certificate is the lender's, issued, not signed. */
	ui_text(y++, x, w, 0, strcmp(jstr(r->doc, "kind"), "receipt") == 0 ||
	    strcmp(jstr(r->doc, "kind"), "certificate") == 0 ?
	    _("Version %s, issued %s") : _("Version %s, signed %s"),
	    doc_version(r->doc, ver, sizeof ver), doc_day(r->doc, day,
	    sizeof day));
	ui_text(y++, x, w, r->match ? 0 : A_BOLD, "SHA-256 %s",
	    jstr(r->doc, "sha256"));
	ui_text(y++, x, w, r->match ? 0 : A_REVERSE, "%s", r->match ?
	    _("The text received matches this SHA-256.") :
	    _("WARNING: the text received does NOT match this SHA-256."));
	y++;
	/* A message (a saved file's whole path) wraps under the text. */
	body = h - 5 - (r->note.text != NULL ? ui_para_rows(w, r->note.text) :
	    0);
	pager_draw(&r->pager, y, x, w, y + body, jstr(r->doc, "text"));
	note_draw(&r->note, y + r->pager.rows, x, w, y + h);
}

static const struct screen_class screen_doc_reader = {
	N_("My documents"), 0, rd_keys, NULL, rd_leave, NULL, rd_draw, NULL
};

void
screen_document_read(json_t *doc)
{
	struct reader	*r = xcalloc(1, sizeof *r);

	r->doc = json_incref(doc);
	r->match = documents_sha256_ok(jstr(doc, "text"), jstr(doc,
	    "sha256"));
	ui_push(&screen_doc_reader, r)->pager = &r->pager;
}

/* ---- the list ---- */

static void	docs_key_up(struct screen *);
static void	docs_key_down(struct screen *);
static void	docs_key_open(struct screen *);
static void	docs_key_back(struct screen *);

static const struct keybind docs_keys[] = {
	{ { KEYC_FN(KEY_UP), 'k' }, "Up", N_("Previous document"),
	  docs_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, "Down", N_("Next document"),
	  docs_key_down, 0 },
	{ { KEYC_ENTER }, NULL, N_("Read"), docs_key_open, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), docs_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
docs_move(struct screen *s, int by)
{
	struct documents *d = s->priv;
	size_t		 n = json_array_size(d->items);

	if (n == 0)
		return;
	if (by < 0 && d->sel > 0)
		d->sel--;
	else if (by > 0 && d->sel + 1 < n)
		d->sel++;
}

static void
docs_key_up(struct screen *s)
{
	docs_move(s, -1);
}

static void
docs_key_down(struct screen *s)
{
	docs_move(s, 1);
}

static void
docs_got(struct screen *s, json_t *result, json_t *error)
{
	struct documents *d;

	if (s == NULL)
		return;
	d = s->priv;
	if (note_reason(&d->note, error))
		return;
	note_set(&d->note, 0, NULL);
	screen_document_read(result);
}

static void
docs_key_open(struct screen *s)
{
	struct documents *d = s->priv;
	json_t		*it = json_array_get(d->items, d->sel);

	if (it == NULL)
		return;
	conn_request(M_DOCUMENTS_GET, json_pack("{s:s}", "id",
	    jstr(it, "id")), docs_got, s);
}

static void
docs_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
docs_listed(struct screen *s, json_t *result, json_t *error)
{
	struct documents *d;

	if (s == NULL)
		return;
	d = s->priv;
	if (note_reason(&d->note, error))
		return;
	json_decref(d->items);
	d->items = json_incref(json_object_get(result, "items"));
	d->sel = d->top = 0;
}

static void
docs_enter(struct screen *s)
{
	conn_request(M_DOCUMENTS_LIST, json_object(), docs_listed, s);
}

static void
docs_leave(struct screen *s)
{
	struct documents *d = s->priv;

	conn_forget(s);
	json_decref(d->items);
	note_free(&d->note);
	free(d);
}

static void
docs_draw(struct screen *s, int y, int x, int h, int w)
{
	struct documents *d = s->priv;
	json_t		*it;
	struct buf	 line = BUF_INIT;
	char		 day[DATE_FMT_LEN], ver[64];
	size_t		 i, n = json_array_size(d->items);
	int		 row;

	ui_text(y, x, w, A_BOLD, "%s", _("My documents"));
	y += 2;
	if (d->items == NULL) {
		if (d->note.text != NULL)
			ui_para(y, x, w, y + h - 2, A_BOLD, d->note.text);
		return;
	}
	if (n == 0) {
		ui_para(y, x, w, y + 2, 0, _("Nothing accepted or signed yet."));
		return;
	}
	/* Columns by cells, not bytes: the headings are Cyrillic. */
	text_pad(&line, _("Signed"), 12);
	text_pad(&line, _("Version"), 12);
	buf_adds(&line, _("Document"));
	ui_text(y++, x, w, A_UNDERLINE, "%s", line.data);
	/* A message (a saved file's whole path) wraps under the list. */
	d->rows = h - 6 - (d->note.text != NULL ?
	    ui_para_rows(w, d->note.text) : 0);
	if (d->rows < 1)
		d->rows = 1;
	d->top = ui_list_top(d->top, d->sel, d->rows);
	for (i = d->top, row = 0; i < n && row < d->rows; i++, row++) {
		it = json_array_get(d->items, i);
		buf_reset(&line);
		text_pad(&line, doc_day(it, day, sizeof day), 12);
		text_pad(&line, doc_version(it, ver, sizeof ver), 12);
		buf_adds(&line, jstr(it, "title"));
		ui_text(y + row, x, w, i == d->sel ? A_REVERSE : 0, "%s",
		    line.data);
	}
	buf_release(&line);
	y += d->rows + 1;
	it = json_array_get(d->items, d->sel);
	ui_text(y++, x, w, 0, "SHA-256 %s", jstr(it, "sha256"));
	note_draw(&d->note, y, x, w, y + h);
}

static void
docs_event(struct screen *s, const char *method, json_t *params)
{
	if (route_reread(method, params))
		docs_enter(s);
}

static const struct screen_class screen_documents = {
	N_("My documents"), 0, docs_keys, docs_enter, docs_leave,
	docs_event, docs_draw, NULL
};

void
screen_documents_open(void)
{
	ui_push(&screen_documents, xcalloc(1, sizeof(struct documents)));
}
