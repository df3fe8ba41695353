/*
 * screen_op_appeals.c — the operator desk's queue of open appeals,
 * overdue first and marked, and one appeal: take it, check the caller's
 * identity where the subject touches the loans (screen_op_verify.c),
 * answer, close.  The lender audits every step.
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
#include "op_client.h"

struct opqueue {
	json_t	*items;
	size_t	 sel, top;
	struct note	note;
};

struct opappeal {
	char	*id;
	json_t	*got;		/* operator.appeal.get's result */
	struct note	note;
};

static void	queue_load(struct screen *);

/* ---- the answer ---- */

static void
answer_cb(struct screen *s, json_t *result, json_t *error)
{
	struct opform	*f;
	struct screen	*app;

	(void)result;
	if (form_screen_failed(s, error))
		return;
	f = s->priv;
	app = op_form_card(f);
	ui_pop(s);
	op_appeal_done(app, _("Answered; the client is notified.  Press c to "
	    "close the appeal"));
}

static void
answer_submit(struct screen *s)
{
	struct opform	*f = s->priv;
	struct field	*t = form_field(&f->form, 0);
	char		*v;

	if (s->busy)
		return;
	v = field_value(t);
	if (appeal_text_check(v, APPEAL_ANSWER_MAX) != APPEAL_TEXT_OK) {
		t->error = _("Write the answer (no control characters)");
		free(v);
		return;
	}
	form_screen_request(s, M_OPERATOR_APPEAL_ANSWER, json_pack(
	    "{s:s, s:s}", "id", f->id, "text", v), answer_cb, _("Sending…"));
	free(v);
}

static void
answer_draw(struct screen *s, int y, int x, int h, int w)
{
	struct opform	*f = s->priv;

	(void)h;
	form_screen_draw(&f->form, _("Answer the appeal"),
	    _("The client reads this answer in the account and is notified "
	    "at once."), 2, y, x, w);
}

static const struct screen_class screen_op_answer = {
	N_("Answer"), 0, op_form_keys, NULL, op_form_leave, NULL,
	answer_draw, NULL
};

/* ---- one appeal ---- */

static void	app_key_take(struct screen *);
static void	app_key_verify(struct screen *);
static void	app_key_answer(struct screen *);
static void	app_key_close(struct screen *);
static void	app_key_back(struct screen *);

static const struct keybind app_keys[] = {
	{ { 't' }, "t", N_("Take"), app_key_take, KB_BAR },
	{ { 'v' }, "v", N_("Verify identity"), app_key_verify, KB_BAR },
	{ { 'a' }, "a", N_("Answer"), app_key_answer, KB_BAR },
	{ { 'c' }, "c", N_("Close"), app_key_close, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), app_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
app_got(struct screen *s, json_t *result, json_t *error)
{
	struct opappeal	*p;

	if (s == NULL)
		return;
	p = s->priv;
	if (note_reason(&p->note, error))
		return;
	json_decref(p->got);
	p->got = json_incref(result);
}

static void
app_load(struct screen *s)
{
	struct opappeal	*p = s->priv;

	conn_request(M_OPERATOR_APPEAL_GET, json_pack("{s:s}", "id",
	    p->id), app_got, s);
}

void
op_appeal_done(struct screen *s, const char *text)
{
	struct opappeal	*p;

	if (s == NULL)
		return;
	p = s->priv;
	note_set(&p->note, 0, text);
	app_load(s);
}

static void
step_cb(struct screen *s, json_t *result, json_t *error)
{
	struct opappeal	*p;
	const char	*st = jstr(json_object_get(result, "appeal"), "status");

	if (s == NULL)
		return;
	p = s->priv;
	if (note_reason(&p->note, error))
		return;
	note_set(&p->note, 0, strcmp(st, APPEAL_CLOSED) == 0 ?
	    _("Closed") : _("Taken: the appeal is yours"));
	app_load(s);
}

static void
app_step(struct screen *s, const char *method)
{
	struct opappeal	*p = s->priv;

	if (s->busy)
		return;
	conn_request(method, json_pack("{s:s}", "id", p->id), step_cb, s);
}

static void
app_key_take(struct screen *s)
{
	app_step(s, M_OPERATOR_APPEAL_TAKE);
}

static void
app_key_close(struct screen *s)
{
	app_step(s, M_OPERATOR_APPEAL_CLOSE);
}

static void
app_key_verify(struct screen *s)
{
	struct opappeal	*p = s->priv;
	json_t		*a = json_object_get(p->got, "appeal");

	if (a == NULL)
		return;
	screen_op_verify_open(s, jstr(a, "client_id"));
}

static void
app_key_answer(struct screen *s)
{
	struct opappeal	*p = s->priv;
	struct opform	*f;

	if (p->got == NULL)
		return;
	f = op_form_open(&screen_op_answer, s, p->id, 1, answer_submit);
	field_init(form_field(&f->form, 0), FIELD_TEXT, N_("Answer"),
	    APPEAL_ANSWER_MAX);
}

static void
app_key_back(struct screen *s)
{
	struct screen	*below = s->below;

	ui_pop(s);
	if (below != NULL && below->cls == &screen_op_appeals)
		queue_load(below);
}

static void
app_leave(struct screen *s)
{
	struct opappeal	*p = s->priv;

	conn_forget(s);
	free(p->id);
	json_decref(p->got);
	note_free(&p->note);
	free(p);
}

static void
app_draw(struct screen *s, int y, int x, int h, int w)
{
	struct opappeal	*p = s->priv;
	json_t		*a = json_object_get(p->got, "appeal");
	json_t		*c = json_object_get(p->got, "client"), *l;
	json_t		*id = json_object_get(c, "identity");
	struct buf	 body = BUF_INIT;
	char		 st[64], due[DATE_FMT_LEN], t[16], m[32];
	int		 maxy = y + h, msg;
	size_t		 i;

	if (a == NULL) {
		if (p->note.text != NULL)
			ui_para(y, x, w, maxy, A_BOLD, p->note.text);
		return;
	}
	ui_text(y++, x, w, A_BOLD, _("Appeal No. %lld: %s"),
	    (long long)json_integer_value(json_object_get(a, "number")),
	    appeals_subject(a));
	ui_text(y++, x, w, 0, _("Client: %s, %s"), jstr(c, "name"),
	    jstr(c, "phone_masked"));
	date_show_iso(jstr(a, "due_on"), due, sizeof due);
	ui_text(y++, x, w, json_is_true(json_object_get(a, "overdue")) ?
	    A_BOLD : 0, _("Status: %s; taken by %s; answer by %s"),
	    appeals_status(a, st, sizeof st), json_is_string(json_object_get(a,
	    "operator")) ? jstr(a, "operator") : "-", due);
	if (json_is_true(json_object_get(id, "verified"))) {
		op_hhmm(jstr(id, "verified_until"), t, sizeof t);
		ui_text(y++, x, w, 0, _("Identity: verified until %s"), t);
	} else if (json_is_true(json_object_get(a, "identity_required")))
		ui_text(y++, x, w, A_BOLD, "%s", _("Identity: not verified; "
		    "the subject touches the client's loans: press v"));
	else
		ui_text(y++, x, w, 0, "%s", _("Identity: not needed for this "
		    "subject"));
	json_array_foreach(json_object_get(c, "loans"), i, l) {
		if (i == 2)
			break;
		text_money(json_integer_value(json_object_get(l,
		    "outstanding")), m, sizeof m);
		ui_text(y++, x, w, 0, _("Loan %s, %s, owes %s"),
		    jstr(l, "contract_number"), jstr(l, "state"), m);
	}
	y++;
	msg = p->note.text != NULL ? ui_para_rows(w, p->note.text) : 0;
	buf_adds(&body, jstr(a, "text"));
	if (json_is_string(json_object_get(a, "answer"))) {
		buf_adds(&body, "\n\n");
		buf_adds(&body, _("Answer:"));
		buf_adds(&body, " ");
		buf_adds(&body, jstr(a, "answer"));
	}
	ui_para(y, x, w, maxy - msg, 0, body.data);
	buf_release(&body);
	if (p->note.text != NULL)
		ui_para(maxy - msg, x, w, maxy, p->note.error ? A_BOLD :
		    A_REVERSE, p->note.text);
}

static const struct screen_class screen_op_appeal = {
	N_("Appeal"), 0, app_keys, app_load, app_leave, NULL, app_draw, NULL
};

/* ---- the queue ---- */

static void	queue_key_up(struct screen *);
static void	queue_key_down(struct screen *);
static void	queue_key_open(struct screen *);
static void	queue_key_refresh(struct screen *);
static void	queue_key_back(struct screen *);

static const struct keybind queue_keys[] = {
	{ { KEYC_FN(KEY_UP), 'k' }, "Up", N_("Previous appeal"),
	  queue_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, "Down", N_("Next appeal"),
	  queue_key_down, 0 },
	{ { KEYC_ENTER }, NULL, N_("Open"), queue_key_open, KB_BAR },
	{ { 'r' }, "r", N_("Refresh"), queue_key_refresh, KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), queue_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
queue_key_up(struct screen *s)
{
	struct opqueue	*q = s->priv;

	if (q->sel > 0)
		q->sel--;
}

static void
queue_key_down(struct screen *s)
{
	struct opqueue	*q = s->priv;

	if (q->sel + 1 < json_array_size(q->items))
		q->sel++;
}

static void
queue_key_open(struct screen *s)
{
	struct opqueue	*q = s->priv;
	struct opappeal	*p;
	json_t		*it = json_array_get(q->items, q->sel);

	if (it == NULL)
		return;
	p = xcalloc(1, sizeof *p);
	p->id = xstrdup(jstr(it, "id"));
	ui_push(&screen_op_appeal, p);
}

static void
queue_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
queue_got(struct screen *s, json_t *result, json_t *error)
{
	struct opqueue	*q;

	if (s == NULL)
		return;
	q = s->priv;
	if (note_reason(&q->note, error))
		return;
	note_set(&q->note, 0, NULL);
	json_decref(q->items);
	q->items = json_incref(json_object_get(result, "items"));
	if (q->sel >= json_array_size(q->items))
		q->sel = 0;
}

static void
queue_load(struct screen *s)
{
	conn_request(M_OPERATOR_APPEAL_QUEUE, NULL, queue_got, s);
}

static void
queue_key_refresh(struct screen *s)
{
	queue_load(s);
}

static void
queue_leave(struct screen *s)
{
	struct opqueue	*q = s->priv;

	conn_forget(s);
	json_decref(q->items);
	note_free(&q->note);
	free(q);
}

static void
queue_draw(struct screen *s, int y, int x, int h, int w)
{
	struct opqueue	*q = s->priv;
	json_t		*it;
	char		 due[DATE_FMT_LEN], st[64];
	size_t		 i, n = json_array_size(q->items), late = 0;
	int		 row, rows, maxy = y + h;
	struct buf	 line = BUF_INIT;

	json_array_foreach(q->items, i, it)
		if (json_is_true(json_object_get(it, "overdue")))
			late++;
	ui_text(y, x, w, A_BOLD, _("Open appeals: %zu, overdue: %zu"), n,
	    late);
	y += 2;
	if (q->items != NULL && n == 0)
		ui_text(y++, x, w, 0, "%s", _("No open appeals."));
	if (n > 0) {
		buf_reset(&line);
		buf_adds(&line, "  ");
		text_pad(&line, _("No."), 6);
		text_pad(&line, _("Answer by"), 12);
		text_pad(&line, _("Subject"), 23);
		text_pad(&line, _("Client"), 16);
		buf_adds(&line, _("Status"));
		ui_text(y++, x, w, A_UNDERLINE, "%s", line.data);
		rows = maxy - y - 3;
		if (rows < 1)
			rows = 1;
		q->top = ui_list_top(q->top, q->sel, rows);
		for (i = q->top, row = 0; i < n && row < rows; i++, row++) {
			int	over;

			it = json_array_get(q->items, i);
			over = json_is_true(json_object_get(it, "overdue"));
			date_show_iso(jstr(it, "due_on"), due, sizeof due);
			buf_reset(&line);
			buf_addf(&line, "%s %-5lld %-10s  ", over ? "!" : " ",
			    (long long)json_integer_value(json_object_get(it,
			    "number")), due);
			text_pad(&line, appeals_subject(it), 22);
			buf_adds(&line, " ");
			text_pad(&line, jstr(it, "client_name"), 15);
			buf_addf(&line, " %s", appeals_status(it, st,
			    sizeof st));
			ui_text(y + row, x, w, (i == q->sel ? A_REVERSE : 0) |
			    (over ? A_BOLD : 0), "%s", line.data);
		}
		y += rows;
		ui_text(y++, x, w, 0, "%s", _("! overdue: the legal period to "
		    "answer is over"));
	}
	if (q->note.text != NULL)
		ui_para(y, x, w, maxy, A_BOLD, q->note.text);
	buf_release(&line);
}

const struct screen_class screen_op_appeals = {
	N_("Appeals"), 0, queue_keys, queue_load, queue_leave, NULL,
	queue_draw, NULL
};

void
screen_op_appeals_open(void)
{
	ui_push(&screen_op_appeals, xcalloc(1, sizeof(struct opqueue)));
}
