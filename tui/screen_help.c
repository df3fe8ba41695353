/*
 * screen_help.c — help for the screen it was opened from: the answers to
 * the questions people ask on that screen first (the lender's FAQ, shipped
 * here and translated through gettext), then that screen's keys (from its
 * key table and the global one), then how to reach the lender's support.
 * `/` searches every answer.  The support contacts come from the lender
 * (support.get) and the start screen shows them too.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

struct faq {
	const char			*question;	/* N_() */
	const char			*answer;	/* N_() */
	const struct screen_class	*screens[4];	/* where it is asked */
};

static const struct faq faqs[] = {
	{ N_("I cannot sign in"),
	  N_("Most often the phone number or the password was typed with a "
	  "mistake.  Check the keyboard layout and Caps Lock (the password "
	  "field warns about both) and type them again.  If it still fails, "
	  "try again a little later: the lender may be doing maintenance, or "
	  "the connection may be unstable."),
	  { &screen_start, &screen_login, &screen_recover, NULL } },
	{ N_("I forgot my password"),
	  N_("On the sign-in screen press F4 (or Ctrl-R), give your phone "
	  "number and your surname, and the lender sends a new password by "
	  "SMS.  Sign in with it; then choose a password of your own."),
	  { &screen_start, &screen_login, &screen_recover, NULL } },
	{ N_("I have a new phone number"),
	  N_("Only the lender's support can change the number: call them (the "
	  "contacts are below).  To identify you the specialist asks for your "
	  "passport details and checks them against the lender's records, then "
	  "changes the number.  Until the new number is confirmed with an SMS "
	  "code the account is restricted; the dashboard offers to confirm "
	  "it."),
	  { &screen_settings, &screen_dashboard, &screen_login,
	  &screen_profile } },
	{ N_("How do I link a card?"),
	  N_("A linked card is where the lender sends the money and what you "
	  "repay from.  Only a named card issued in your own name can be "
	  "linked.  In Settings open Cards, link a new card, enter its details "
	  "and confirm them as the screen asks."),
	  { &screen_settings, &screen_cards, &screen_card_add, NULL } },
	{ N_("Can I get my money back for a service?"),
	  N_("Yes.  A paid additional service can be refused within the "
	  "cooling-off period of 30 calendar days from when it was bought; "
	  "the lender returns what was paid for it, less the part already "
	  "provided (Federal Law 353-FZ, article 7, parts 2.7 and 2.8).  "
	  "Turn the service off on the Services screen."),
	  { &screen_services, &screen_dashboard, NULL, NULL } },
	{ N_("Can I repay early?"),
	  N_("Yes, in full or in part, on any day, and no fee may be charged "
	  "for it (Federal Law 353-FZ, article 11): interest is due only for "
	  "the days the money was used.  Press p on the dashboard to repay."),
	  { &screen_repay, &screen_dashboard, NULL, NULL } },
	{ N_("What if autopay cannot charge my card?"),
	  N_("On the due date the lender charges what is due then from your "
	  "default card.  If the bank declines, the lender tries once more a "
	  "day later and tells you each time; if that fails too, repay it "
	  "yourself (p on the dashboard), as a penalty accrues from the day "
	  "after the due date.  Autopay can be switched off here at any time, "
	  "without a code."),
	  { &screen_autopay, NULL, NULL, NULL } },
	{ N_("How long does the lender have to answer my appeal?"),
	  N_("A credit holiday request is answered within 5 working days "
	  "(Federal Law 353-FZ, article 6.1-1); any other appeal within 15 "
	  "working days (Federal Law 123-FZ, article 16), counted from the day "
	  "after it arrived.  Each appeal shows the day it must be answered "
	  "by; you are told when the answer comes.  If the lender does not "
	  "answer in time, or you disagree, you may complain to the Bank of "
	  "Russia (the contacts are below)."),
	  { &screen_appeals, &screen_dashboard, NULL, NULL } },
};
#define FAQ_N	(sizeof faqs / sizeof faqs[0])

struct help {
	struct buf	 text;		/* the keys */
	const char	*title;
	const struct screen_class *of;	/* the screen it was opened from */
	int		 top;		/* first key line shown */
	size_t		 shown[FAQ_N];	/* the questions listed */
	size_t		 nshown, sel;
	int		 searching;	/* the search field has the keys */
	int		 searched;	/* shown[] holds what a search found */
	char		*query;		/* what was searched for */
	int		 reading;	/* the answer of shown[sel] is open */
	struct form	 search;
};

static void	help_key_close(struct screen *);
static void	help_key_up(struct screen *);
static void	help_key_down(struct screen *);
static void	help_key_open(struct screen *);
static void	help_key_search(struct screen *);

static const struct keybind help_keys[] = {
	{ { KEYC_ESC, 'q', KEYC_FN(KEY_F(1)) }, "Esc", N_("Close the help"),
	  help_key_close, KB_BAR },
	{ { KEYC_ENTER }, NULL, N_("Read the answer"), help_key_open, KB_BAR },
	{ { '/' }, "/", N_("Search the answers"), help_key_search, KB_BAR },
	{ { KEYC_FN(KEY_UP), 'k' }, NULL, N_("Previous question"),
	  help_key_up, 0 },
	{ { KEYC_FN(KEY_DOWN), 'j' }, NULL, N_("Next question"),
	  help_key_down, 0 },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

/* F1 here goes back too: help on help has nothing to add. */
static const struct keybind help_read_keys[] = {
	{ { KEYC_ESC, 'q', KEYC_FN(KEY_F(1)) }, "Esc",
	  N_("Back to the questions"), help_key_close, KB_BAR },
	{ { KEYC_ENTER }, NULL, N_("Back to the questions"), help_key_close,
	  0 },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static const struct keybind help_search_keys[] = {
	{ { KEYC_ESC, KEYC_FN(KEY_F(1)) }, "Esc", N_("Stop searching"),
	  help_key_close, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

/* ---- the lender's support contacts ---- */

static json_t	*help_support;		/* the last support.get, or NULL */
static int	 help_support_asked;	/* one in flight */

static void
help_support_done(struct screen *s, json_t *result, json_t *error)
{
	(void)s;
	help_support_asked = 0;
	if (error != NULL || !json_is_object(result))
		return;
	json_decref(help_support);
	help_support = json_incref(result);
}

void
help_support_fetch(void)
{
	if (help_support != NULL || help_support_asked)
		return;
	if (conn_request(M_SUPPORT_GET, json_object(), help_support_done,
	    NULL) == 0)
		help_support_asked = 1;
}

int
help_support_draw(int y, int x, int w, int maxy)
{
	json_t		*hours, *reg;
	const char	*phone, *email, *from, *to;

	if (help_support == NULL) {
		if (y < maxy)
			ui_text(y++, x, w, 0, "%s", _("Support: the lender has "
			    "not told its contacts yet"));
		return y;
	}
	phone = jstr_null(help_support, "phone");
	email = jstr_null(help_support, "email");
	hours = json_object_get(help_support, "hours");
	from = jstr_null(hours, "from");
	to = jstr_null(hours, "to");
	reg = json_object_get(help_support, "regulator");
	if (y < maxy)
		ui_text(y++, x, w, 0, _("Support: %s, %s"), phone != NULL ?
		    phone : "?", email != NULL ? email : "?");
	if (y < maxy && from != NULL && to != NULL)
		ui_text(y++, x, w, 0, _("  every day %s–%s Moscow time"), from,
		    to);
	if (y < maxy && reg != NULL)
		ui_text(y++, x, w, 0, _("Complaints: the Bank of Russia, %s"),
		    jstr_or(reg, "phone", "?"));
	if (y < maxy && jstr_null(reg, "url") != NULL)
		ui_text(y++, x, w, 0, "  %s", jstr_null(reg, "url"));
	return y;
}

/* ---- the questions ---- */

/* Lower-cased wide text of s (the caller frees). */
static wchar_t *
help_fold(const char *s)
{
	size_t	 n = text_decode(s, NULL, 0), i;
	wchar_t	*w = xcalloc(n + 1, sizeof *w);

	text_decode(s, w, n + 1);
	for (i = 0; i < n; i++)
		w[i] = (wchar_t)towlower((wint_t)w[i]);
	return w;
}

static int
help_matches(const struct faq *f, const wchar_t *q)
{
	wchar_t	*a, *b;
	int	 hit;

	a = help_fold(_(f->question));
	b = help_fold(_(f->answer));
	hit = wcsstr(a, q) != NULL || wcsstr(b, q) != NULL;
	free(a);
	free(b);
	return hit;
}

/* The questions asked on the screen, or those the query finds. */
static void
help_list(struct help *h, const char *query)
{
	wchar_t	*q = query != NULL ? help_fold(query) : NULL;
	size_t	 i, j;

	h->nshown = 0;
	for (i = 0; i < FAQ_N; i++) {
		if (q != NULL) {
			if (help_matches(&faqs[i], q))
				h->shown[h->nshown++] = i;
			continue;
		}
		for (j = 0; j < 4 && faqs[i].screens[j] != NULL; j++) {
			if (faqs[i].screens[j] == h->of) {
				h->shown[h->nshown++] = i;
				break;
			}
		}
	}
	free(q);
	if (h->sel >= h->nshown)
		h->sel = h->nshown > 0 ? h->nshown - 1 : 0;
}

/* The query as typed (the caller frees). */
static char *
help_query(struct help *h)
{
	return field_value(form_field(&h->search, 0));
}

static void
help_search_done(struct screen *s)
{
	struct help	*h = s->priv;

	free(h->query);
	h->query = help_query(h);
	help_list(h, h->query);
	h->searching = 0;
	h->searched = 1;
	h->sel = 0;
	s->form = NULL;
	s->keys = NULL;
}

static void
help_key_search(struct screen *s)
{
	struct help	*h = s->priv;

	form_free(&h->search);
	form_init(&h->search, 1);
	field_init(form_field(&h->search, 0), FIELD_TEXT, N_("Search"), 40);
	h->search.submit = help_search_done;
	h->searching = 1;
	s->form = &h->search;
	s->keys = help_search_keys;
}

static void
help_key_close(struct screen *s)
{
	struct help	*h = s->priv;

	if (h->searching) {
		h->searching = 0;
		s->form = NULL;
		s->keys = NULL;
		return;
	}
	if (h->reading) {
		h->reading = 0;
		s->keys = NULL;
		return;
	}
	ui_pop(s);
}

static void
help_key_open(struct screen *s)
{
	struct help	*h = s->priv;

	if (h->nshown == 0)
		return;
	h->reading = 1;
	s->keys = help_read_keys;
}

static void
help_key_up(struct screen *s)
{
	struct help	*h = s->priv;

	if (h->sel > 0)
		h->sel--;
	else if (h->top > 0)
		h->top--;
}

static void
help_key_down(struct screen *s)
{
	struct help	*h = s->priv;

	if (h->sel + 1 < h->nshown)
		h->sel++;
	else
		h->top++;
}

static void
help_leave(struct screen *s)
{
	struct help	*h = s->priv;

	buf_release(&h->text);
	form_free(&h->search);
	free(h->query);
	free(h);
}

/* The list of questions (or the search field and what it finds). */
static int
help_draw_questions(struct help *h, int y, int x, int w, int maxy)
{
	size_t	i;
	char	*q;

	if (h->searching) {
		y = form_draw(&h->search, y, x, w);
		q = help_query(h);
		help_list(h, q[0] != '\0' ? q : NULL);
		free(q);
	} else if (h->searched)
		ui_text(y++, x, w, A_BOLD, _("Answers with \"%s\""), h->query);
	else if (h->nshown > 0)
		ui_text(y++, x, w, A_BOLD, "%s",
		    _("Questions asked on this screen"));
	else
		ui_text(y++, x, w, 0, "%s", _("Press / to search the answers "
		    "to common questions."));
	if ((h->searching || h->searched) && h->nshown == 0)
		ui_text(y++, x + 2, w - 2, 0, "%s", _("nothing found"));
	/* Fewer rows than questions: the selected one stays in view. */
	i = maxy - y > 0 && h->sel >= (size_t)(maxy - y) ?
	    h->sel - (size_t)(maxy - y) + 1 : 0;
	for (; i < h->nshown && y < maxy; i++)
		ui_text(y++, x, w, i == h->sel && !h->searching ? A_REVERSE : 0,
		    "%s %s", i == h->sel ? ">" : " ",
		    _(faqs[h->shown[i]].question));
	return y;
}

static void
help_draw_answer(struct help *h, int y, int x, int w, int maxy)
{
	const struct faq	*f = &faqs[h->shown[h->sel]];

	ui_text(y, x, w, A_BOLD, "%s", _(f->question));
	y = ui_para(y + 2, x, w, maxy, 0, _(f->answer));
	help_support_draw(y + 1, x, w, maxy);
}

static void
help_draw(struct screen *s, int y, int x, int h, int w)
{
	struct help	*hp = s->priv;
	const char	*p = hp->text.data, *nl, *q;
	struct buf	 line = BUF_INIT;
	int		 n = 0, maxy = y + h, keys, qmax;

	if (hp->reading) {
		help_draw_answer(hp, y, x, w, maxy);
		return;
	}
	/* The keys come whole first: the questions get the rows left (at
	 * least their heading and one), on a screen with many keys. */
	for (keys = 0, q = p; *q != '\0'; q++)
		keys += *q == '\n';
	qmax = maxy - keys - 2;
	if (qmax < y + 2)
		qmax = y + 2;
	y = help_draw_questions(hp, y, x, w, qmax < maxy ? qmax : maxy) + 1;
	ui_text(y, x, w, A_BOLD, _("Keys on the \"%s\" screen"), hp->title);
	y += 1;
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
	buf_release(&line);
	y++;
	if (maxy - y >= 7)
		y = ui_para(y, x, w, maxy, 0, _("In a form, Tab and the arrows "
		    "move between fields, Enter goes to the next field and sends "
		    "the form from the last one, Esc cancels what is in progress "
		    "or goes back.  Ctrl-U clears a field.")) + 1;
	help_support_draw(y, x, w, maxy);
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
	h->of = for_screen->cls;
	help_list(h, NULL);
	ui_push(&screen_help, h);
	help_support_fetch();
}
