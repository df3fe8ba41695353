/*
 * screen_history.c — the payment history: every payment and
 * charge with date, amount, kind and status, newest first; a filter (date
 * range, kind, text) and export to CSV or JSON.
 *
 * The lender pages the history by offset and says how many entries
 * match, so any page is one request away: End shows the oldest entry at
 * once, and a jump to a date asks the lender where that day begins.  We
 * keep the entries of at most HIST_WINDOW pages around what is on
 * screen, fetching the next page before the selection reaches it and
 * dropping those left behind, so memory stays bounded whatever the
 * length.  Export streams page after page (by cursor) straight to the
 * file.
 */
#include <curses.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

#define HIST_PAGE	100
#define HIST_WINDOW	5	/* pages of entries kept at most */
#define EXPORT_PAGE	500

struct history {
	json_t	*filters;	/* payment.history params but paging */
	json_t	**pages;	/* entries of page k, or NULL */
	size_t	 npages;	/* pages of the history, at least 1 */
	int	 end_known;	/* total is the lender's count */
	size_t	 total;		/* entries, once end_known */
	long	 loading;	/* page in flight, or -1 */
	int	 jumping;	/* a jump to a date in flight */
	char	 jump_to[DATE_FMT_LEN];	/* its date, ISO */
	int	 want_end;	/* End pressed before the count came */
	size_t	 sel, top;
	int	 rows;
	struct note	note;
	/* export */
	FILE	*out;
	char	*out_path;
	int	 out_json;
	size_t	 out_count;
	int	 out_first;
};

static void	hist_key_up(struct screen *);
static void	hist_key_down(struct screen *);
static void	hist_key_pgup(struct screen *);
static void	hist_key_pgdn(struct screen *);
static void	hist_key_home(struct screen *);
static void	hist_key_end(struct screen *);
static void	hist_key_date(struct screen *);
static void	hist_key_filter(struct screen *);
static void	hist_key_export(struct screen *);
static void	hist_key_back(struct screen *);

static const struct keybind hist_keys[] = {
	{ { KEYC_FN(KEY_UP), 'k' }, "Up", N_("Previous entry"), hist_key_up,
	  0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, "Down", N_("Next entry"), hist_key_down,
	  0 },
	{ { KEYC_FN(KEY_PPAGE), 'b' }, "PgUp", N_("Page up"), hist_key_pgup,
	  KB_BAR },
	{ { KEYC_FN(KEY_NPAGE), ' ' }, "PgDn", N_("Page down"),
	  hist_key_pgdn, KB_BAR },
	{ { KEYC_FN(KEY_HOME), 'g' }, "Home", N_("Newest"), hist_key_home, 0 },
	{ { KEYC_FN(KEY_END), 'G' }, "End", N_("Oldest"), hist_key_end, 0 },
	{ { 'd' }, "d", N_("Go to a date"), hist_key_date, 0 },
	{ { 'f', KEYC_FN(KEY_F(4)) }, "f", N_("Filter"), hist_key_filter,
	  KB_BAR },
	{ { 'x', KEYC_FN(KEY_F(5)) }, "x", N_("Export"), hist_key_export,
	  KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), hist_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
hist_drop(struct history *h)
{
	size_t	k;

	for (k = 0; k < h->npages; k++)
		json_decref(h->pages[k]);
	free(h->pages);
	h->pages = NULL;
	h->npages = 0;
}

static void
hist_reset(struct history *h)
{
	hist_drop(h);
	h->pages = xcalloc(1, sizeof *h->pages);
	h->npages = 1;
	h->end_known = 0;
	h->total = 0;
	h->sel = h->top = 0;
	h->loading = -1;
	h->want_end = 0;
}

/* Entries the list can scroll through now. */
static size_t
hist_rows(struct history *h)
{
	return h->end_known ? h->total : 0;
}

/* The lender counted total entries: as many pages.  A count that
 * changed (a payment came) moves every offset: only page k, just
 * fetched, is still right. */
static void
hist_count(struct history *h, size_t total, size_t k)
{
	size_t	n = total > 0 ? (total + HIST_PAGE - 1) / HIST_PAGE : 1;
	json_t	*keep;

	if (h->end_known && total == h->total)
		return;
	keep = k < h->npages ? h->pages[k] : NULL;
	if (k < h->npages)
		h->pages[k] = NULL;
	hist_drop(h);
	h->pages = xcalloc(n, sizeof *h->pages);
	h->npages = n;
	if (k < n)
		h->pages[k] = keep;
	else
		json_decref(keep);
	h->total = total;
	h->end_known = 1;
	if (h->sel >= total)
		h->sel = total > 0 ? total - 1 : 0;
	if (h->top > h->sel)
		h->top = h->sel;
}

static json_t *
hist_item(struct history *h, size_t i)
{
	size_t	k = i / HIST_PAGE;

	if (k >= h->npages || h->pages[k] == NULL)
		return NULL;
	return json_array_get(h->pages[k], i % HIST_PAGE);
}

static void	hist_need(struct screen *);
static void	hist_move(struct screen *, long);

/* The filters, a page size and one way in: "cursor" or "on_or_before"
 * (a string), or "offset" (when at is NULL). */
static json_t *
hist_params(struct history *h, const char *key, const char *at,
    size_t offset, int limit)
{
	json_t	*p = json_deep_copy(h->filters);

	json_object_set_new(p, "limit", json_integer(limit));
	if (at != NULL)
		json_object_set_new(p, key, json_string(at));
	else if (key != NULL)
		json_object_set_new(p, key, json_integer((json_int_t)offset));
	return p;
}

static void
hist_page_cb(struct screen *s, json_t *result, json_t *error)
{
	struct history	*h;
	json_t		*total;
	size_t		 k, want;

	if (s == NULL)
		return;
	h = s->priv;
	k = (size_t)h->loading;
	h->loading = -1;
	if (note_reason(&h->note, error))
		return;
	if (k >= h->npages)
		return;
	json_decref(h->pages[k]);
	h->pages[k] = json_incref(json_object_get(result, "items"));
	total = json_object_get(result, "total");
	if (json_is_integer(total) && json_integer_value(total) >= 0)
		hist_count(h, (size_t)json_integer_value(total), k);
	else
		hist_count(h, k * HIST_PAGE + json_array_size(h->pages[k]),
		    k);
	if (h->want_end) {
		h->want_end = 0;
		hist_move(s, (long)hist_rows(h));
	}
	/* Keep only the window around what is on screen. */
	want = h->top / HIST_PAGE;
	for (k = 0; k < h->npages; k++)
		if (h->pages[k] != NULL && (k + HIST_WINDOW / 2 < want ||
		    k > want + HIST_WINDOW / 2)) {
			json_decref(h->pages[k]);
			h->pages[k] = NULL;
		}
	hist_need(s);
}

static int
hist_fetch(struct screen *s, size_t k)
{
	struct history	*h = s->priv;

	if (k >= h->npages || h->pages[k] != NULL)
		return 0;
	h->loading = (long)k;
	if (conn_request(M_PAYMENT_HISTORY, hist_params(h, "offset", NULL,
	    k * HIST_PAGE, HIST_PAGE), hist_page_cb, s) == -1) {
		h->loading = -1;
		note_set(&h->note, 1, _("The daemon is not connected; try "
		    "again when it is back"));
	}
	return 1;
}

/*
 * Fetches the first missing page on screen; with the screen whole, the
 * page a screenful below or above it, so that scrolling on finds its
 * rows already there.
 */
static void
hist_need(struct screen *s)
{
	struct history	*h = s->priv;
	size_t		 k, first, last, rows;

	if (h->loading != -1 || h->jumping)
		return;
	rows = (size_t)(h->rows > 0 ? h->rows : 20);
	first = h->top / HIST_PAGE;
	last = (h->top + rows - 1) / HIST_PAGE;
	for (k = first; k <= last; k++)
		if (hist_fetch(s, k))
			return;
	if (hist_fetch(s, (h->top + 2 * rows) / HIST_PAGE))
		return;
	if (h->top >= rows)
		hist_fetch(s, (h->top - rows) / HIST_PAGE);
}

static void
hist_move(struct screen *s, long delta)
{
	struct history	*h = s->priv;
	size_t		 n = hist_rows(h);
	long		 sel = (long)h->sel + delta;

	if (sel >= (long)n)
		sel = n > 0 ? (long)n - 1 : 0;
	if (sel < 0)
		sel = 0;
	h->sel = (size_t)sel;
	h->top = ui_list_top(h->top, h->sel, h->rows);
	hist_need(s);
}

static void
hist_key_up(struct screen *s)
{
	hist_move(s, -1);
}

static void
hist_key_down(struct screen *s)
{
	hist_move(s, 1);
}

static void
hist_key_pgup(struct screen *s)
{
	struct history	*h = s->priv;

	hist_move(s, -(long)(h->rows > 1 ? h->rows - 1 : 1));
}

static void
hist_key_pgdn(struct screen *s)
{
	struct history	*h = s->priv;

	hist_move(s, h->rows > 1 ? h->rows - 1 : 1);
}

static void
hist_key_home(struct screen *s)
{
	struct history	*h = s->priv;

	h->want_end = 0;
	h->sel = h->top = 0;
	hist_need(s);
}

static void
hist_key_end(struct screen *s)
{
	struct history	*h = s->priv;

	if (!h->end_known) {
		h->want_end = 1;	/* when the count comes */
		return;
	}
	hist_move(s, (long)hist_rows(h));
}

static void
hist_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
hist_enter(struct screen *s)
{
	hist_need(s);
}

static void
hist_leave(struct screen *s)
{
	struct history	*h = s->priv;

	hist_drop(h);
	json_decref(h->filters);
	if (h->out != NULL)
		fclose(h->out);
	free(h->out_path);
	note_free(&h->note);
	free(h);
}

const char *
history_kind_label(const char *k)
{
	if (strcmp(k, "payment") == 0)
		return _("payment");
	if (strcmp(k, "extension") == 0)
		return _("extension");
	if (strcmp(k, "interest") == 0)
		return _("interest");
	if (strcmp(k, "penalty") == 0)
		return _("penalty");
	if (strcmp(k, "service") == 0)
		return _("service");
	if (strcmp(k, "disbursement") == 0)
		return _("disbursement");
	if (strcmp(k, "refund") == 0)
		return _("refund");
	return k;
}

/* The lender's text codes and what each takes: a contract, days, or a
 * service's name (itself translated, as the services screen does). */
static const struct {
	const char	*code;
	const char	*text;
	char		 arg;		/* 0, 'c' contract, 'd' days, 's' service */
} history_texts[] = {
	{ "full_repayment", N_("full repayment"), 0 },
	{ "partial_repayment", N_("partial repayment"), 0 },
	{ "extension", N_("extension by %d days"), 'd' },
	{ "extension_interest", N_("interest for an extension by %d days"),
	  'd' },
	{ "interest_term", N_("interest for the term of %s"), 'c' },
	{ "penalty", N_("penalty for %d days overdue"), 'd' },
	{ "service", "%s", 's' },
	{ "service_refund", N_("%s: refund (cooling-off)"), 's' },
	{ "loan_paid_out", N_("loan %s paid out"), 'c' },
	{ "history_entry", N_("history entry"), 0 },
	{ "archived_charge", N_("archived charge"), 0 },
};

const char *
history_text(json_t *it, char *out, size_t len)
{
	json_t		*t = json_object_get(it, "text");
	const char	*code = json_string_value(json_object_get(t, "code"));
	const char	*v, *d = json_string_value(json_object_get(it,
			    "description"));
	size_t		 i;

	for (i = 0; code != NULL && i < sizeof history_texts /
	    sizeof history_texts[0]; i++) {
		if (strcmp(code, history_texts[i].code) != 0)
			continue;
		switch (history_texts[i].arg) {
		case 'd':
			snprintf(out, len, _(history_texts[i].text),
			    (int)json_integer_value(json_object_get(t,
			    "days")));
			return out;
		case 'c':
		case 's':
			v = json_string_value(json_object_get(t,
			    history_texts[i].arg == 'c' ? "contract" :
			    "service"));
			if (v == NULL)
				break;
			snprintf(out, len, _(history_texts[i].text),
			    history_texts[i].arg == 's' ? _(v) : v);
			return out;
		default:
			snprintf(out, len, "%s", _(history_texts[i].text));
			return out;
		}
	}
	/* A code this kabinet does not know: the lender's own words. */
	snprintf(out, len, "%s", d != NULL ? d : "");
	return out;
}

const char *
history_status_label(const char *st)
{
	if (strcmp(st, "succeeded") == 0)
		return _("completed");
	if (strcmp(st, "charged") == 0)
		return _("charged");
	if (strcmp(st, "failed") == 0)
		return _("failed");
	if (strcmp(st, "pending") == 0)
		return _("pending");
	return st;
}

/* s padded with spaces to width cells (display width, not bytes). */
static void
col(struct buf *b, const char *s, size_t width, int right)
{
	size_t	n = text_width(s);

	if (right)
		for (; n < width; n++)
			buf_addch(b, ' ');
	buf_adds(b, s);
	if (!right)
		for (; n < width; n++)
			buf_addch(b, ' ');
	buf_addch(b, ' ');
}

static void
hist_row(struct buf *b, const char *date, const char *kind,
    const char *amount, const char *status, const char *details)
{
	buf_adds(b, " ");
	col(b, date, 10, 0);
	col(b, kind, 12, 0);
	col(b, amount, 14, 1);
	col(b, status, 10, 0);
	buf_adds(b, details);
}

static void
hist_draw(struct screen *s, int y, int x, int hh, int w)
{
	struct history	*h = s->priv;
	json_t		*it;
	char		 m[48], pos[64], df[DATE_FMT_LEN], dt[DATE_FMT_LEN];
	char		 txt[160];
	struct buf	 line = BUF_INIT;
	size_t		 i, n = hist_rows(h);
	int		 maxy = y + hh, row;
	const char	*q = jstr(h->filters, "q"), *kind = jstr(h->filters,
			    "kind");

	ui_text(y, x, w, A_BOLD, "%s", _("Payment history"));
	if (h->end_known)
		snprintf(pos, sizeof pos, "%zu/%zu", n > 0 ? h->sel + 1 : 0, n);
	else
		snprintf(pos, sizeof pos, "%zu/%zu+", h->sel + 1, n);
	ui_text(y, x + w - 14, 14, 0, "%14s", pos);
	y++;
	ui_text(y++, x, w, 0, _("Filter: %s – %s  kind: %s  text: %s"),
	    *jstr(h->filters, "from") ? date_show_iso(jstr(h->filters,
	    "from"), df, sizeof df) : "…",
	    *jstr(h->filters, "to") ? date_show_iso(jstr(h->filters, "to"),
	    dt, sizeof dt) : "…",
	    *kind ? history_kind_label(kind) : _("all"), *q ? q : "—");
	hist_row(&line, _("Date"), _("Kind"), _("Amount"), _("Status"),
	    _("Details"));
	ui_text(y++, x, w, A_BOLD, "%s", line.data);
	h->rows = maxy - y - 2;
	if (h->rows < 1)
		h->rows = 1;
	for (row = 0; row < h->rows; row++) {
		i = h->top + (size_t)row;
		if (i >= n)
			break;
		if ((it = hist_item(h, i)) == NULL) {
			ui_text(y + row, x, w, 0, " %s", _("loading…"));
			continue;
		}
		buf_reset(&line);
		hist_row(&line, date_show_iso(jstr(it, "date"), df,
		    sizeof df), history_kind_label(jstr(it,
		    "kind")), text_money(json_integer_value(json_object_get(it,
		    "amount")), m, sizeof m), history_status_label(jstr(it,
		    "status")),
		    history_text(it, txt, sizeof txt));
		ui_text(y + row, x, w, i == h->sel ? A_REVERSE : 0, "%s",
		    line.data);
	}
	buf_release(&line);
	if (n == 0 && h->end_known)
		ui_text(y, x, w, 0, " %s", _("Nothing here"));
	if (h->note.text != NULL)
		ui_para_above(maxy, x, w, h->note.error ? A_BOLD : 0,
		    h->note.text);
}

/* ---- export: every page of the filtered history to a file ---- */

static void
export_row(struct history *h, json_t *it)
{
	char	*s;

	if (h->out_json) {
		s = json_dumps(it, JSON_COMPACT | JSON_SORT_KEYS);
		fprintf(h->out, "%s\n  %s", h->out_first ? "" : ",", s);
		free(s);
	} else
		csv_history_row(h->out, it);
	h->out_first = 0;
	h->out_count++;
}

static void
export_finish(struct history *h, const char *error)
{
	char	*text;
	int	 bad = error != NULL;

	if (h->out_json && !bad)
		fputs("\n]\n", h->out);
	if ((fclose(h->out) != 0 || bad) && !bad)
		error = strerror(errno);
	h->out = NULL;
	if (error != NULL) {
		xasprintf(&text, _("Export to %s failed: %s"), h->out_path,
		    error);
		note_set(&h->note, 1, text);
	} else {
		xasprintf(&text, _("Exported %zu entries to %s"), h->out_count,
		    h->out_path);
		note_set(&h->note, 0, text);
	}
	free(text);
}

static void
export_cb(struct screen *s, json_t *result, json_t *error)
{
	struct history	*h;
	struct buf	 b = BUF_INIT;
	json_t		*it, *next;
	size_t		 i;

	if (s == NULL)
		return;
	h = s->priv;
	if (h->out == NULL)
		return;
	if (error != NULL) {
		reasons_describe(error, &b);
		export_finish(h, b.data);
		buf_release(&b);
		return;
	}
	json_array_foreach(json_object_get(result, "items"), i, it)
		export_row(h, it);
	next = json_object_get(result, "next_cursor");
	if (!json_is_string(next)) {
		export_finish(h, NULL);
		return;
	}
	if (conn_request(M_PAYMENT_HISTORY, hist_params(h, "cursor",
	    json_string_value(next), 0, EXPORT_PAGE), export_cb, s) == -1)
		export_finish(h, _("the daemon is not connected"));
}

/* Starts writing path (".json": JSON, else CSV). */
static void
export_start(struct screen *s, const char *path)
{
	struct history	*h = s->priv;
	size_t		 n = strlen(path);
	char		*text;

	if (h->out != NULL)
		return;
	free(h->out_path);
	h->out_path = xstrdup(path);
	h->out_json = n > 5 && strcmp(path + n - 5, ".json") == 0;
	if ((h->out = fopen(path, "w")) == NULL) {
		xasprintf(&text, _("Cannot write %s: %s"), path,
		    strerror(errno));
		note_set(&h->note, 1, text);
		free(text);
		return;
	}
	h->out_count = 0;
	h->out_first = 1;
	if (h->out_json)
		fputs("[", h->out);
	else
		csv_history_header(h->out);
	note_set(&h->note, 0, _("Exporting…"));
	if (conn_request(M_PAYMENT_HISTORY, hist_params(h, NULL, NULL, 0,
	    EXPORT_PAGE), export_cb, s) == -1)
		export_finish(h, _("the daemon is not connected"));
}

/* ---- a jump to a date ---- */

static void
jump_cb(struct screen *s, json_t *result, json_t *error)
{
	struct history	*h;
	json_t		*off, *total;
	size_t		 n;
	char		*text, df[DATE_FMT_LEN];

	if (s == NULL)
		return;
	h = s->priv;
	h->jumping = 0;
	if (error != NULL) {
		note_reason(&h->note, error);
		hist_need(s);
		return;
	}
	off = json_object_get(result, "offset");
	total = json_object_get(result, "total");
	if (!json_is_integer(off) || !json_is_integer(total) ||
	    json_integer_value(off) < 0 || json_integer_value(total) < 0) {
		note_set(&h->note, 1, _("The lender did not say where that "
		    "date is in the history"));
		hist_need(s);
		return;
	}
	hist_count(h, (size_t)json_integer_value(total), SIZE_MAX);
	n = (size_t)json_integer_value(off);
	if (n >= h->total) {
		xasprintf(&text, _("Nothing on %s or before; the oldest entry "
		    "is shown"), date_show_iso(h->jump_to, df, sizeof df));
		note_set(&h->note, 0, text);
		free(text);
		n = h->total > 0 ? h->total - 1 : 0;
	} else
		note_set(&h->note, 0, NULL);
	/* The day's newest entry at the top of the list. */
	h->sel = n;
	h->top = n;
	if (h->rows > 0 && h->total > (size_t)h->rows &&
	    h->top > h->total - (size_t)h->rows)
		h->top = h->total - (size_t)h->rows;
	hist_need(s);
}

static void
hist_jump(struct screen *s, const char *iso)
{
	struct history	*h = s->priv;
	json_t		*p;

	p = hist_params(h, "on_or_before", iso, 0, 1);
	h->jumping = 1;
	h->want_end = 0;
	snprintf(h->jump_to, sizeof h->jump_to, "%s", iso);
	if (conn_request(M_PAYMENT_HISTORY, p, jump_cb, s) == -1) {
		h->jumping = 0;
		note_set(&h->note, 1, _("The daemon is not connected; try "
		    "again when it is back"));
	}
}

/* ---- the filter and export prompts ---- */

enum { FL_FROM, FL_TO, FL_KIND, FL_Q, FL_NFIELDS };

enum { HP_FILTER, HP_EXPORT, HP_DATE };

struct hprompt {
	struct form	 form;
	struct screen	*list;
	int		 mode;
};

static void	hp_submit(struct screen *);
static void	hp_key_back(struct screen *);

static const struct keybind hp_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Confirm"), hp_submit, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Cancel"), hp_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
hp_key_back(struct screen *s)
{
	ui_pop(s);
}

/* The lender's kinds of history entry, as the filters name them. */
const char *const history_kinds[] = { "payment", "extension", "interest",
    "penalty", "service", "disbursement", "refund", NULL };

static void
hp_submit(struct screen *s)
{
	struct hprompt	*p = s->priv;
	struct screen	*list = p->list;
	struct history	*h = list->priv;
	char		*v[FL_NFIELDS], iso[2][DATE_FMT_LEN];
	const char	*why;
	json_t		*f;
	size_t		 i;
	int		 ok = 0;

	if (p->mode == HP_DATE) {
		v[0] = field_value(form_field(&p->form, 0));
		if ((why = text_date_iso(v[0], iso[0], sizeof iso[0])) !=
		    NULL) {
			form_field(&p->form, 0)->error = why;
			free(v[0]);
			return;
		}
		free(v[0]);
		ui_pop(s);
		hist_jump(list, iso[0]);
		return;
	}
	if (p->mode == HP_EXPORT) {
		v[0] = field_value(form_field(&p->form, 0));
		if (*v[0] == '\0') {
			form_field(&p->form, 0)->error = _("Type a file name, "
			    "e.g. history.csv or history.json");
			free(v[0]);
			return;
		}
		ui_pop(s);
		export_start(list, v[0]);
		free(v[0]);
		return;
	}
	for (i = 0; i < FL_NFIELDS; i++)
		v[i] = field_value(form_field(&p->form, i));
	for (i = FL_FROM; i <= FL_TO; i++) {
		if (*v[i] == '\0')
			continue;
		if ((why = text_date_iso(v[i], iso[i], sizeof iso[i])) !=
		    NULL) {
			form_field(&p->form, i)->error = why;
			form_focus(&p->form, i);
			goto out;
		}
		free(v[i]);
		v[i] = xstrdup(iso[i]);
	}
	if (*v[FL_FROM] != '\0' && *v[FL_TO] != '\0' &&
	    strcmp(v[FL_FROM], v[FL_TO]) > 0) {
		form_field(&p->form, FL_TO)->error = _("the end is before the "
		    "start");
		form_focus(&p->form, FL_TO);
		goto out;
	}
	if (*v[FL_KIND] != '\0') {
		for (i = 0; history_kinds[i] != NULL; i++)
			if (strcmp(v[FL_KIND], history_kinds[i]) == 0 ||
			    strcmp(v[FL_KIND], history_kind_label(
			    history_kinds[i])) == 0) {
				free(v[FL_KIND]);
				v[FL_KIND] = xstrdup(history_kinds[i]);
				ok = 1;
			}
		if (!ok) {
			form_field(&p->form, FL_KIND)->error = _("one of: "
			    "payment, extension, interest, penalty, service, "
			    "disbursement, refund");
			form_focus(&p->form, FL_KIND);
			goto out;
		}
	}
	f = json_object();
	if (*v[FL_FROM] != '\0')
		json_object_set_new(f, "from", json_string(v[FL_FROM]));
	if (*v[FL_TO] != '\0')
		json_object_set_new(f, "to", json_string(v[FL_TO]));
	if (*v[FL_KIND] != '\0')
		json_object_set_new(f, "kind", json_string(v[FL_KIND]));
	if (*v[FL_Q] != '\0')
		json_object_set_new(f, "q", json_string(v[FL_Q]));
	json_decref(h->filters);
	h->filters = f;
	hist_reset(h);
	note_set(&h->note, 0, NULL);
	ui_pop(s);
	hist_need(list);
out:
	for (i = 0; i < FL_NFIELDS; i++)
		free(v[i]);
}

static void
hp_draw(struct screen *s, int y, int x, int h, int w)
{
	struct hprompt	*p = s->priv;

	(void)h;
	if (p->mode == HP_DATE)
		form_screen_draw(&p->form, _("Go to a date"), _("The list "
		    "moves to the newest entry of that day, or the nearest "
		    "before it.  DD.MM.YYYY or YYYY-MM-DD."), 3, y, x, w);
	else
		form_screen_draw(&p->form, p->mode == HP_EXPORT ?
		    _("Export the history") : _("Filter the history"),
		    p->mode == HP_EXPORT ? _("A file name ending in "
		    ".json gives JSON; any other gives CSV.  The current "
		    "filter applies.") : _("Dates as YYYY-MM-DD or "
		    "DD.MM.YYYY; leave a field empty for no limit."), 3, y, x,
		    w);
}

static const struct screen_class screen_hprompt = {
	N_("History"), 0, hp_keys, NULL, form_screen_leave, NULL, hp_draw, NULL
};

static void
hprompt_open(struct screen *list, int mode)
{
	struct hprompt	*p = xcalloc(1, sizeof *p);
	struct history	*h = list->priv;
	char		 df[DATE_FMT_LEN];
	struct screen	*s;

	p->list = list;
	p->mode = mode;
	if (mode == HP_DATE) {
		form_init(&p->form, 1);
		field_init(form_field(&p->form, 0), FIELD_TEXT, N_("Date"),
		    10);
	} else if (mode == HP_EXPORT) {
		form_init(&p->form, 1);
		field_init(form_field(&p->form, 0), FIELD_TEXT,
		    N_("Save to file"), 200);
		field_set(form_field(&p->form, 0), "history.csv");
	} else {
		form_init(&p->form, FL_NFIELDS);
		field_init(form_field(&p->form, FL_FROM), FIELD_TEXT,
		    N_("From"), 10);
		field_init(form_field(&p->form, FL_TO), FIELD_TEXT, N_("To"),
		    10);
		field_init(form_field(&p->form, FL_KIND), FIELD_TEXT,
		    N_("Kind"), 20);
		field_init(form_field(&p->form, FL_Q), FIELD_TEXT,
		    N_("Search"), 40);
		field_set(form_field(&p->form, FL_FROM), date_show_iso(
		    jstr(h->filters, "from"), df, sizeof df));
		field_set(form_field(&p->form, FL_TO), date_show_iso(
		    jstr(h->filters, "to"), df, sizeof df));
		field_set(form_field(&p->form, FL_KIND), jstr(h->filters,
		    "kind"));
		field_set(form_field(&p->form, FL_Q), jstr(h->filters, "q"));
	}
	p->form.submit = hp_submit;
	s = ui_push(&screen_hprompt, p);
	s->form = &p->form;
}

static void
hist_key_filter(struct screen *s)
{
	hprompt_open(s, HP_FILTER);
}

static void
hist_key_export(struct screen *s)
{
	hprompt_open(s, HP_EXPORT);
}

static void
hist_key_date(struct screen *s)
{
	hprompt_open(s, HP_DATE);
}

static void
hist_event(struct screen *s, const char *method, json_t *params)
{
	struct history	*h = s->priv;

	/* A new payment, or signed in again: start again from the
	 * newest. */
	if ((strcmp(method, E_PAYMENT_UPDATED) == 0 ||
	    route_reread(method, params)) && h->out == NULL && h->top == 0) {
		hist_reset(h);
		hist_need(s);
	}
}

const struct screen_class screen_history = {
	N_("Payment history"), 0, hist_keys, hist_enter, hist_leave,
	hist_event, hist_draw, NULL
};

void
screen_history_open(void)
{
	struct history	*h = xcalloc(1, sizeof *h);

	h->filters = json_object();
	h->loading = -1;
	hist_reset(h);
	ui_push(&screen_history, h);
}
