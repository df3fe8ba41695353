/*
 * screen_loan.c — one loan from "All my loans": its terms and state, the
 * schedule (what is due and when), and its payments, extensions and
 * services from the payment history (loan.get, payment.history), and its
 * documents (documents.list: individual terms, extension agreements,
 * receipts, the certificate of repayment); or one application: amount,
 * term, date and how it was decided.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "cli.h"
#include "tui.h"

#define LOAN_COL	16	/* where values start */

struct loan {
	json_t	*item;		/* the loan (fresh from loan.get) or application */
	json_t	*history;	/* this loan's entries, or NULL until read */
	json_t	*docs;		/* this loan's documents, or NULL until read */
	struct note note;	/* why something is not there */
	int	 top;		/* first line shown */
};

/* Lines drawn from top on, within the screen. */
struct loan_lines {
	int	 y, x, w, maxy, skip;
};

static void	loan_key_back(struct screen *);
static void	loan_key_up(struct screen *);
static void	loan_key_down(struct screen *);

static const struct keybind loan_keys[] = {
	{ { KEYC_ESC }, NULL, N_("Back"), loan_key_back, KB_BAR },
	{ { KEYC_FN(KEY_UP), 'k' }, NULL, N_("Scroll up"), loan_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, NULL, N_("Scroll down"), loan_key_down,
	  0 },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static int
loan_is_loan(struct loan *l)
{
	return json_object_get(l->item, "contract_number") != NULL;
}

static void
loan_line(struct loan_lines *ll, int attr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
loan_line(struct loan_lines *ll, int attr, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	if (ll->skip > 0) {
		ll->skip--;
		return;
	}
	if (ll->y >= ll->maxy)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		s = NULL;
	va_end(ap);
	if (s != NULL)
		ui_text(ll->y, ll->x, ll->w, attr, "%s", s);
	free(s);
	ll->y++;
}

static void
loan_row(struct loan_lines *ll, const char *label, const char *value)
{
	struct buf	b = BUF_INIT;

	cli_pad(&b, label, LOAN_COL, 0);
	buf_adds(&b, value);
	loan_line(ll, 0, "%s", b.data);
	buf_release(&b);
}

static void
loan_history_cb(struct screen *s, json_t *result, json_t *error)
{
	struct loan	*l = s->priv;
	json_t		*v;
	size_t		 i;

	if (note_reason(&l->note, error))
		return;
	json_decref(l->history);
	l->history = json_array();
	json_array_foreach(json_object_get(result, "items"), i, v)
		if (strcmp(jstr(v, "loan_id"), jstr(l->item, "id")) == 0)
			json_array_append(l->history, v);
}

static void
loan_docs_cb(struct screen *s, json_t *result, json_t *error)
{
	struct loan	*l = s->priv;
	json_t		*v;
	size_t		 i;

	if (error != NULL)
		return;		/* the section says it is not read */
	json_decref(l->docs);
	l->docs = json_array();
	json_array_foreach(json_object_get(result, "items"), i, v)
		if (strcmp(jstr(v, "loan_id"), jstr(l->item, "id")) == 0)
			json_array_append(l->docs, v);
}

static void
loan_get_cb(struct screen *s, json_t *result, json_t *error)
{
	struct loan	*l = s->priv;
	json_t		*v = json_object_get(result, "loan");

	if (error == NULL && json_is_object(v)) {
		json_decref(l->item);
		l->item = json_incref(v);
	}
}

static void
loan_fetch(struct screen *s)
{
	struct loan	*l = s->priv;

	if (!loan_is_loan(l))
		return;
	if (conn_request(M_LOAN_GET, json_pack("{s:s}", "id", jstr(l->item,
	    "id")), loan_get_cb, s) == -1 ||
	    conn_request(M_PAYMENT_HISTORY, json_pack("{s:i}", "limit", 500),
	    loan_history_cb, s) == -1 ||
	    conn_request(M_DOCUMENTS_LIST, NULL, loan_docs_cb, s) == -1) {
		note_set(&l->note, 1, _("The daemon is not connected; try "
		    "again in a moment."));
	}
}

static void
loan_enter(struct screen *s)
{
	loan_fetch(s);
}

static void
loan_event(struct screen *s, const char *method, json_t *params)
{
	if (strcmp(method, E_LOAN_UPDATED) == 0 ||
	    strcmp(method, E_PAYMENT_UPDATED) == 0 ||
	    route_reread(method, params))
		loan_fetch(s);
}

static void
loan_leave(struct screen *s)
{
	struct loan	*l = s->priv;

	json_decref(l->item);
	json_decref(l->history);
	json_decref(l->docs);
	note_free(&l->note);
	free(l);
}

static void
loan_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
loan_key_up(struct screen *s)
{
	struct loan	*l = s->priv;

	if (l->top > 0)
		l->top--;
}

static void
loan_key_down(struct screen *s)
{
	struct loan	*l = s->priv;

	l->top++;
}

/* The history entries of the kinds given (NULL-terminated), or "none". */
static void
loan_entries(struct loan_lines *ll, struct loan *l, const char *title,
    const char *const *kinds)
{
	json_t		*v;
	size_t		 i, k, n = 0;
	char		 d[DATE_FMT_LEN], m[48], t[160];
	struct buf	 b = BUF_INIT;

	loan_line(ll, A_BOLD, "%s", title);
	if (l->history == NULL) {
		loan_line(ll, 0, "  %s", _("loading…"));
		return;
	}
	json_array_foreach(l->history, i, v) {
		for (k = 0; kinds[k] != NULL; k++)
			if (strcmp(jstr(v, "kind"), kinds[k]) == 0)
				break;
		if (kinds[k] == NULL)
			continue;
		n++;
		buf_reset(&b);
		buf_adds(&b, "  ");
		cli_pad(&b, date_show_iso(jstr(v, "date"), d, sizeof d), 12, 0);
		cli_pad(&b, text_money(jint(v, "amount"), m, sizeof m), 14, 1);
		buf_adds(&b, "  ");
		if (strcmp(jstr(v, "status"), "succeeded") != 0) {
			buf_adds(&b, history_status_label(jstr(v, "status")));
			buf_adds(&b, ", ");
		}
		buf_adds(&b, history_text(v, t, sizeof t));
		loan_line(ll, 0, "%s", b.data);
	}
	buf_release(&b);
	if (n == 0)
		loan_line(ll, 0, "  %s", _("none"));
}

/* The loan's documents: when, and what (the lender's title). */
static void
loan_documents(struct loan_lines *ll, struct loan *l)
{
	json_t		*v;
	size_t		 i;
	char		 d[DATE_FMT_LEN];
	struct buf	 b = BUF_INIT;

	loan_line(ll, A_BOLD, "%s", _("Documents"));
	if (l->docs == NULL) {
		loan_line(ll, 0, "  %s", _("loading…"));
		return;
	}
	json_array_foreach(l->docs, i, v) {
		buf_reset(&b);
		buf_adds(&b, "  ");
		cli_pad(&b, date_show_iso(jstr(v, "signed_at"), d, sizeof d),
		    12, 0);
		buf_adds(&b, jstr(v, "title"));
		loan_line(ll, 0, "%s", b.data);
	}
	buf_release(&b);
	if (json_array_size(l->docs) == 0)
		loan_line(ll, 0, "  %s", _("none"));
	else
		loan_line(ll, 0, "  %s", _("Read and save them in My documents "
		    "(d on the dashboard)"));
}

static void
loan_draw_loan(struct loan_lines *ll, struct loan *l)
{
	static const char *const pays[] = { "payment", NULL };
	static const char *const exts[] = { "extension", NULL };
	static const char *const svcs[] = { "service", "refund", NULL };
	json_t		*it = l->item;
	char		 st[160], m[48], d[DATE_FMT_LEN], n[32];
	struct buf	 b = BUF_INIT;

	loan_line(ll, A_BOLD, _("Loan %s"), jstr(it, "contract_number"));
	loans_state_text(it, st, sizeof st);
	loan_row(ll, _("State"), st);
	loan_row(ll, _("Amount"), text_money(jint(it, "principal"), m,
	    sizeof m));
	snprintf(n, sizeof n, P_("%d day", "%d days",
	    (unsigned long)jint(it, "term")), (int)jint(it, "term"));
	loan_row(ll, _("Term"), n);
	loan_row(ll, _("Issued on"), date_show_iso(jstr(it, "issued_on"), d,
	    sizeof d));
	loan_line(ll, 0, "%s", "");
	loan_line(ll, A_BOLD, "%s", _("Schedule"));
	if (strcmp(jstr(it, "state"), "closed") == 0)
		loan_line(ll, 0, "  %s", _("nothing is due: the loan is repaid"));
	else {
		buf_adds(&b, "  ");
		cli_pad(&b, date_show_iso(jstr(it, "due_on"), d, sizeof d), 12,
		    0);
		cli_pad(&b, text_money(jint(it, "total_due"), m, sizeof m), 14,
		    1);
		loan_line(ll, 0, "%s", b.data);
		loan_line(ll, 0, _("    principal %s"), text_money(jint(it,
		    "principal_due"), m, sizeof m));
		loan_line(ll, 0, _("    interest %s"), text_money(jint(it,
		    "interest_due"), m, sizeof m));
		if (jint(it, "penalty_due") > 0)
			loan_line(ll, 0, _("    penalty %s"), text_money(
			    jint(it, "penalty_due"), m, sizeof m));
		if (jint(it, "other_due") > 0)
			loan_line(ll, 0, _("    services %s"), text_money(
			    jint(it, "other_due"), m, sizeof m));
	}
	buf_release(&b);
	loan_line(ll, 0, "%s", "");
	loan_entries(ll, l, _("Payments"), pays);
	loan_line(ll, 0, "%s", "");
	loan_entries(ll, l, _("Extensions"), exts);
	loan_line(ll, 0, "%s", "");
	loan_entries(ll, l, _("Services"), svcs);
	loan_line(ll, 0, "%s", "");
	loan_documents(ll, l);
}

static void
loan_draw_application(struct loan_lines *ll, struct loan *l)
{
	json_t	*it = l->item;
	char	 st[160], m[48], d[DATE_FMT_LEN], n[32];

	loan_line(ll, A_BOLD, _("Application of %s"), date_show_iso(jstr(it,
	    "created_at"), d, sizeof d));
	loans_state_text(it, st, sizeof st);
	loan_row(ll, _("State"), st);
	if (strcmp(jstr(it, "state"), "declined") == 0)
		loan_row(ll, _("Why"), borrow_decline_text(jstr(it,
		    "decline_reason")));
	loan_row(ll, _("Amount"), text_money(jint(it, "amount"), m,
	    sizeof m));
	snprintf(n, sizeof n, P_("%d day", "%d days",
	    (unsigned long)jint(it, "term")), (int)jint(it, "term"));
	loan_row(ll, _("Term"), n);
}

static void
loan_draw(struct screen *s, int y, int x, int h, int w)
{
	struct loan		*l = s->priv;
	struct loan_lines	 ll = { y, x, w, y + h, l->top };

	if (l->note.text != NULL)
		ll.y = ui_para(ll.y, x, w, ll.maxy, A_BOLD, l->note.text) + 1;
	if (loan_is_loan(l))
		loan_draw_loan(&ll, l);
	else
		loan_draw_application(&ll, l);
	/* Scrolled past the end: back to the last line. */
	if (ll.skip > 0 && l->top > 0)
		l->top -= ll.skip;
}

const struct screen_class screen_loan = {
	N_("Loan"), 0, loan_keys, loan_enter, loan_leave, loan_event,
	loan_draw, NULL
};

void
screen_loan_open(json_t *item)
{
	struct loan	*l = xcalloc(1, sizeof *l);

	l->item = json_deep_copy(item);
	ui_push(&screen_loan, l);
}
