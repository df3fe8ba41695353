/*
 * screen_appeals.c — "Appeals": the borrower's appeals (обращения) to
 * the lender with their status and answer, and a new one written: a
 * subject from the list (with the period the law gives the lender to
 * answer it), then the text, at most APPEAL_TEXT_MAX characters.  An
 * appeal the lender changes (appeal.updated) is shown at once.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/appeal.h"
#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

struct appeals {
	json_t	*items;		/* appeal.list items, or NULL */
	size_t	 sel, top;
	struct note	note;
};

struct appeal_pick {
	size_t	 sel;
};

struct appeal_writer {
	struct form			 form;
	const struct appeal_subject	*subject;
};

struct appeal_reader {
	json_t	*appeal;
	struct pager pager;
};

static const struct {
	const char	*status, *label;
} status_words[] = {
	{ APPEAL_NEW, N_("new") },
	{ APPEAL_IN_WORK, N_("in work") },
	{ APPEAL_ANSWERED, N_("answered") },
	{ APPEAL_CLOSED, N_("closed") },
};

/* The words of an appeal's status, "overdue" added when it is. */
const char *
appeals_status(json_t *a, char *out, size_t len)
{
	const char	*st = jstr(a, "status"), *w = st;
	size_t		 i;

	for (i = 0; i < sizeof status_words / sizeof status_words[0]; i++)
		if (strcmp(status_words[i].status, st) == 0)
			w = _(status_words[i].label);
	if (json_is_true(json_object_get(a, "overdue")))
		snprintf(out, len, _("%s, OVERDUE"), w);
	else
		snprintf(out, len, "%s", w);
	return out;
}

const char *
appeals_subject(json_t *a)
{
	const struct appeal_subject *s = appeal_subject_find(jstr(a,
	    "subject"));

	return s != NULL ? _(s->label) : jstr(a, "subject");
}

static void
list_say(struct screen *s, int is_error, const char *text)
{
	struct appeals	*a = s->priv;

	note_set(&a->note, is_error, text);
}

/* ---- one appeal ---- */

static void	rd_key_back(struct screen *);

static const struct keybind rd_keys[] = {
	{ { KEYC_FN(KEY_UP), 'k' }, "Up", N_("Scroll up"), pager_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, "Down", N_("Scroll down"),
	  pager_key_down, 0 },
	{ { KEYC_ESC }, NULL, N_("Back"), rd_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
rd_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
rd_leave(struct screen *s)
{
	struct appeal_reader *r = s->priv;

	json_decref(r->appeal);
	free(r);
}

static void
rd_event(struct screen *s, const char *method, json_t *params)
{
	struct appeal_reader *r = s->priv;
	json_t		*a = json_object_get(params, "appeal");

	if (strcmp(method, E_APPEAL_UPDATED) == 0 && json_is_object(a) &&
	    strcmp(jstr(a, "id"), jstr(r->appeal, "id")) == 0) {
		json_decref(r->appeal);
		r->appeal = json_incref(a);
	}
}

static void
rd_draw(struct screen *s, int y, int x, int h, int w)
{
	struct appeal_reader *r = s->priv;
	struct buf	 body = BUF_INIT;
	char		 st[64], day[DATE_FMT_LEN], due[DATE_FMT_LEN];
	int		 maxy = y + h;

	ui_text(y++, x, w, A_BOLD, _("Appeal No. %lld: %s"),
	    (long long)json_integer_value(json_object_get(r->appeal,
	    "number")), appeals_subject(r->appeal));
	date_show_iso(jstr(r->appeal, "created_at"), day, sizeof day);
	date_show_iso(jstr(r->appeal, "due_on"), due, sizeof due);
	ui_text(y++, x, w, 0, _("Sent %s; the lender answers by %s"), day,
	    due);
	ui_text(y++, x, w, json_is_true(json_object_get(r->appeal,
	    "overdue")) ? A_BOLD : 0, _("Status: %s"),
	    appeals_status(r->appeal, st, sizeof st));
	y++;
	buf_adds(&body, jstr(r->appeal, "text"));
	buf_adds(&body, "\n\n");
	if (json_is_string(json_object_get(r->appeal, "answer"))) {
		date_show_iso(jstr(r->appeal, "answered_at"), day, sizeof day);
		buf_addf(&body, _("The lender's answer (%s):"), day);
		buf_adds(&body, "\n");
		buf_adds(&body, jstr(r->appeal, "answer"));
	} else
		buf_adds(&body, _("No answer yet."));
	pager_draw(&r->pager, y, x, w, maxy, body.data);
	buf_release(&body);
}

static const struct screen_class screen_appeal_reader = {
	N_("Appeals"), 0, rd_keys, NULL, rd_leave, rd_event, rd_draw, NULL
};

/* ---- writing one ---- */

static void	wr_key_back(struct screen *);
static void	wr_submit(struct screen *);

static const struct keybind wr_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Send"), wr_submit, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), wr_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
wr_key_back(struct screen *s)
{
	form_screen_back(s);
}

static void	appeals_load(struct screen *);

static void
wr_sent(struct screen *s, json_t *result, json_t *error)
{
	struct screen	*list;
	struct buf	 b = BUF_INIT;
	json_t		*a = json_object_get(result, "appeal");
	char		 due[DATE_FMT_LEN];

	if (form_screen_failed(s, error))
		return;
	date_show_iso(jstr(a, "due_on"), due, sizeof due);
	buf_addf(&b, _("Appeal No. %lld sent; the lender answers by %s"),
	    (long long)json_integer_value(json_object_get(a, "number")), due);
	if ((list = ui_find(&screen_appeals)) != NULL) {
		ui_pop_to(list);
		list_say(list, 0, b.data);
		appeals_load(list);
	}
	buf_release(&b);
}

static void
wr_submit(struct screen *s)
{
	struct appeal_writer *wr = s->priv;
	struct field	*f = form_field(&wr->form, 0);
	char		*v;

	if (s->busy)
		return;
	v = field_value(f);
	switch (appeal_text_check(v, APPEAL_TEXT_MAX)) {
	case APPEAL_TEXT_OK:
		break;
	case APPEAL_TEXT_EMPTY:
		f->error = _("Write what happened");
		free(v);
		return;
	case APPEAL_TEXT_TOO_LONG:
		f->error = _("At most 2000 characters");
		free(v);
		return;
	default:
		f->error = _("Control characters are not allowed");
		free(v);
		return;
	}
	form_screen_request(s, M_APPEAL_CREATE, json_pack("{s:s, s:s}",
	    "subject", wr->subject->id, "text", v), wr_sent, _("Sending…"));
	free(v);
}

static void
wr_leave(struct screen *s)
{
	struct appeal_writer *wr = s->priv;

	conn_forget(s);
	form_free(&wr->form);
	free(wr);
}

static void
wr_draw(struct screen *s, int y, int x, int h, int w)
{
	struct appeal_writer *wr = s->priv;
	struct field	*f = form_field(&wr->form, 0);
	struct buf	 intro = BUF_INIT;
	int		 next;

	(void)h;
	buf_addf(&intro, P_("Subject: %s.  The law gives the lender %d "
	    "working day to answer.  Say what happened, with dates, amounts "
	    "and the contract number.", "Subject: %s.  The law gives the "
	    "lender %d working days to answer.  Say what happened, with "
	    "dates, amounts and the contract number.",
	    (unsigned long)wr->subject->working_days), _(wr->subject->label),
	    wr->subject->working_days);
	next = form_screen_draw(&wr->form, _("Write to the lender"),
	    intro.data, 4, y, x, w);
	ui_text(next, x, w, 0, _("%zu of %d characters"), f->len,
	    APPEAL_TEXT_MAX);
	buf_release(&intro);
}

static const struct screen_class screen_appeal_writer = {
	N_("Appeals"), 0, wr_keys, NULL, wr_leave, NULL, wr_draw, NULL
};

/* ---- the subject ---- */

static void	pick_key_up(struct screen *);
static void	pick_key_down(struct screen *);
static void	pick_key_choose(struct screen *);
static void	pick_key_back(struct screen *);

static const struct keybind pick_keys[] = {
	{ { KEYC_FN(KEY_UP), 'k' }, "Up", N_("Previous subject"),
	  pick_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, "Down", N_("Next subject"),
	  pick_key_down, 0 },
	{ { KEYC_ENTER }, NULL, N_("Choose"), pick_key_choose, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), pick_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
pick_key_up(struct screen *s)
{
	struct appeal_pick *p = s->priv;

	if (p->sel > 0)
		p->sel--;
}

static void
pick_key_down(struct screen *s)
{
	struct appeal_pick *p = s->priv;

	if (p->sel + 1 < appeal_nsubjects)
		p->sel++;
}

static void
pick_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
pick_key_choose(struct screen *s)
{
	struct appeal_pick *p = s->priv;
	struct appeal_writer *wr = xcalloc(1, sizeof *wr);
	struct screen	*w;

	wr->subject = &appeal_subjects[p->sel];
	form_init(&wr->form, 1);
	field_init(form_field(&wr->form, 0), FIELD_TEXT, N_("Text"),
	    APPEAL_TEXT_MAX);
	wr->form.submit = wr_submit;
	w = ui_push(&screen_appeal_writer, wr);
	w->form = &wr->form;
}

static void
pick_draw(struct screen *s, int y, int x, int h, int w)
{
	struct appeal_pick *p = s->priv;
	const struct appeal_subject *a;
	struct buf	 line = BUF_INIT;
	size_t		 i;

	(void)h;
	ui_text(y, x, w, A_BOLD, "%s", _("What is the appeal about?"));
	y += 2;
	for (i = 0; i < appeal_nsubjects; i++) {
		a = &appeal_subjects[i];
		buf_reset(&line);
		text_pad(&line, _(a->label), 40);
		buf_addf(&line, P_("answer within %d working day",
		    "answer within %d working days",
		    (unsigned long)a->working_days), a->working_days);
		ui_text(y++, x, w, i == p->sel ? A_REVERSE : 0, "%s",
		    line.data);
	}
	buf_release(&line);
	y++;
	ui_para(y, x, w, y + 4, 0, _("Periods set by law: 5 working days "
	    "for a credit holiday request (353-FZ art. 6.1-1), 15 for any "
	    "other appeal (123-FZ art. 16)."));
}

static const struct screen_class screen_appeal_pick = {
	N_("Appeals"), 0, pick_keys, NULL, NULL, NULL, pick_draw, NULL
};

/* ---- the list ---- */

static void	list_key_up(struct screen *);
static void	list_key_down(struct screen *);
static void	list_key_open(struct screen *);
static void	list_key_new(struct screen *);
static void	list_key_back(struct screen *);

static const struct keybind list_keys[] = {
	{ { KEYC_FN(KEY_UP), 'k' }, "Up", N_("Previous appeal"),
	  list_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, "Down", N_("Next appeal"),
	  list_key_down, 0 },
	{ { KEYC_ENTER }, NULL, N_("Read"), list_key_open, KB_BAR },
	{ { 'w' }, "w", N_("Write an appeal"), list_key_new, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), list_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
list_key_up(struct screen *s)
{
	struct appeals	*a = s->priv;

	if (a->sel > 0)
		a->sel--;
}

static void
list_key_down(struct screen *s)
{
	struct appeals	*a = s->priv;

	if (a->sel + 1 < json_array_size(a->items))
		a->sel++;
}

static void
list_key_open(struct screen *s)
{
	struct appeals	*a = s->priv;
	struct appeal_reader *r;
	json_t		*it = json_array_get(a->items, a->sel);

	if (it == NULL)
		return;
	r = xcalloc(1, sizeof *r);
	r->appeal = json_incref(it);
	ui_push(&screen_appeal_reader, r)->pager = &r->pager;
}

static void
list_key_new(struct screen *s)
{
	(void)s;
	ui_push(&screen_appeal_pick, xcalloc(1, sizeof(struct appeal_pick)));
}

static void
list_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
appeals_listed(struct screen *s, json_t *result, json_t *error)
{
	struct appeals	*a;

	if (s == NULL)
		return;
	a = s->priv;
	if (note_reason(&a->note, error))
		return;
	json_decref(a->items);
	a->items = json_incref(json_object_get(result, "items"));
	if (a->sel >= json_array_size(a->items))
		a->sel = 0;
}

static void
appeals_load(struct screen *s)
{
	conn_request(M_APPEAL_LIST, json_object(), appeals_listed, s);
}

static void
list_leave(struct screen *s)
{
	struct appeals	*a = s->priv;

	conn_forget(s);
	json_decref(a->items);
	note_free(&a->note);
	free(a);
}

static void
list_event(struct screen *s, const char *method, json_t *params)
{
	if (strcmp(method, E_APPEAL_UPDATED) == 0 ||
	    route_reread(method, params))
		appeals_load(s);
}

static void
list_draw(struct screen *s, int y, int x, int h, int w)
{
	struct appeals	*a = s->priv;
	json_t		*it;
	char		 day[DATE_FMT_LEN], st[64];
	size_t		 i, n = json_array_size(a->items);
	int		 row, rows, maxy = y + h;
	struct buf	 line = BUF_INIT;

	ui_text(y, x, w, A_BOLD, "%s", _("Appeals to the lender"));
	y += 2;
	if (a->items != NULL && n == 0)
		y = ui_para(y, x, w, maxy, 0, _("No appeals yet.  Press w to "
		    "write to the lender.")) + 1;
	if (n > 0) {
		buf_reset(&line);
		text_pad(&line, _("No."), 6);
		text_pad(&line, _("Sent"), 11);
		text_pad(&line, _("Subject"), 37);
		buf_adds(&line, _("Status"));
		ui_text(y++, x, w, A_UNDERLINE, "%s", line.data);
		rows = maxy - y - 3;
		if (rows < 1)
			rows = 1;
		a->top = ui_list_top(a->top, a->sel, rows);
		for (i = a->top, row = 0; i < n && row < rows; i++, row++) {
			it = json_array_get(a->items, i);
			date_show_iso(jstr(it, "created_at"), day, sizeof day);
			buf_reset(&line);
			buf_addf(&line, "%-5lld %-10s ",
			    (long long)json_integer_value(json_object_get(it,
			    "number")), day);
			text_pad(&line, appeals_subject(it), 36);
			buf_addf(&line, " %s", appeals_status(it, st,
			    sizeof st));
			ui_text(y + row, x, w, (i == a->sel ? A_REVERSE : 0) |
			    (json_is_true(json_object_get(it, "overdue")) ?
			    A_BOLD : 0), "%s", line.data);
		}
		y += rows + 1;
	}
	note_draw(&a->note, y, x, w, maxy);
	buf_release(&line);
}

const struct screen_class screen_appeals = {
	N_("Appeals"), 0, list_keys, appeals_load, list_leave, list_event,
	list_draw, NULL
};

void
screen_appeals_open(void)
{
	ui_push(&screen_appeals, xcalloc(1, sizeof(struct appeals)));
}

/* The dashboard's word when the lender answers an appeal. */
int
appeals_answered(const char *method, json_t *params, struct buf *out)
{
	json_t	*a = json_object_get(params, "appeal");

	if (strcmp(method, E_APPEAL_UPDATED) != 0 ||
	    strcmp(jstr(a, "status"), APPEAL_ANSWERED) != 0)
		return 0;
	buf_addf(out, _("The lender answered your appeal No. %lld: press a "
	    "to read it"), (long long)json_integer_value(json_object_get(a,
	    "number")));
	return 1;
}
