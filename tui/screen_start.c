/*
 * screen_start.c — the first screen: the daemon's version and state, the
 * lender's state and products (live from lender.status and
 * session.changed), the account's state, the way in, and how to reach
 * the lender's support.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/protocol.h"
#include "tui.h"

#define START_COL	14	/* where values start */

static void	start_key_enter(struct screen *);
static void	start_key_operator(struct screen *);
static void	start_key_calc(struct screen *);
static void	start_key_register(struct screen *);

static void
start_key_calc(struct screen *s)
{
	(void)s;
	screen_calc_open();
}

static void
start_key_register(struct screen *s)
{
	(void)s;
	screen_register_open(0, 0);
}

static void
start_key_esia(struct screen *s)
{
	(void)s;
	screen_esia_open();
}

/* In the order of the bar's priority: what a new borrower needs first. */
static const struct keybind start_keys[] = {
	{ { KEYC_ENTER, 'l' }, NULL, N_("Sign in"), start_key_enter, KB_BAR },
	{ { 'r' }, "r", N_("Register"), start_key_register, KB_BAR },
	{ { 'k' }, "k", N_("Calculator"), start_key_calc, KB_BAR },
	{ { 'g' }, "g", N_("Sign in through Gosuslugi"), start_key_esia, 0 },
	{ { 'o' }, "o", N_("Operator sign-in"), start_key_operator,
	  KB_BAR | KB_LOW },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

/* The operator desk: while it is open borrower states route nowhere
 * (route.c). */
static void
start_key_operator(struct screen *s)
{
	(void)s;
	if (ui_find(&screen_op_desk) != NULL || ui_find(&screen_op_login) != NULL)
		return;
	screen_op_login_open(NULL);
}

static void
start_key_enter(struct screen *s)
{
	const char	*state = conn_state_str();

	(void)s;
	if (conn_state != CONN_READY || state == NULL)
		return;
	if (strcmp(state, "signed_out") == 0)
		screen_login_open(NULL);
	else
		route_status(conn_status, NULL);
}

/* "0.8 %" from basis points, with the locale's decimal point. */
static void
start_rate(json_int_t bp, char *out, size_t len)
{
	char	frac[8], *p;

	snprintf(frac, sizeof frac, "%02d", (int)(bp % 100));
	for (p = frac + strlen(frac); p > frac && p[-1] == '0'; p--)
		p[-1] = '\0';
	if (frac[0] == '\0')
		snprintf(out, len, "%d%%", (int)(bp / 100));
	else
		snprintf(out, len, "%d%s%s%%", (int)(bp / 100),
		    i18n_is_russian() ? "," : ".", frac);
}

static int
start_products(json_t *products, int y, int x, int w, int maxy)
{
	json_t		*p;
	size_t		 i;
	char		 lo[MONEY_FMT_LEN], hi[MONEY_FMT_LEN], rate[16];
	json_int_t	 tmin, tmax;

	if (!json_is_array(products) || json_array_size(products) == 0) {
		ui_text(y++, x, w, 0, "%s", _("not known yet"));
		return y;
	}
	json_array_foreach(products, i, p) {
		if (y >= maxy - 3)
			break;
		ui_text(y++, x, w, A_BOLD, "%s", jstr_or(p, "name", "?"));
		text_money(json_integer_value(json_object_get(p,
		    "min_amount")), lo, sizeof lo);
		text_money(json_integer_value(json_object_get(p,
		    "max_amount")), hi, sizeof hi);
		ui_text(y++, x + 2, w - 2, 0, _("amount  %s – %s"), lo, hi);
		tmin = json_integer_value(json_object_get(p, "min_term"));
		tmax = json_integer_value(json_object_get(p, "max_term"));
		ui_text(y++, x + 2, w - 2, 0, P_("term    %d–%d day",
		    "term    %d–%d days", (unsigned long)tmax), (int)tmin,
		    (int)tmax);
		start_rate(json_integer_value(json_object_get(p,
		    "rate_bp_per_day")), rate, sizeof rate);
		ui_text(y++, x + 2, w - 2, 0, _("rate    %s per day"), rate);
	}
	return y;
}

static int
start_lender(int y, int x, int w, int maxy)
{
	json_t		*l = conn_lender(), *v;
	const char	*name, *err;
	char		 hhmm[16];
	time_t		 t;

	ui_text(y, x, START_COL, A_BOLD, "%s", _("Lender"));
	if (l == NULL) {
		ui_text(y++, x + START_COL, w - START_COL, 0, "%s",
		    _("unknown until the daemon answers"));
		return y;
	}
	name = jstr_null(l, "name");
	ui_text(y++, x + START_COL, w - START_COL, 0, "%s", name != NULL ?
	    name : jstr_or(l, "url", "?"));
	v = json_object_get(l, "reachable");
	if (json_is_true(v))
		ui_text(y++, x + START_COL, w - START_COL, 0, "%s",
		    _("reachable"));
	else {
		err = reasons_lender(l);
		ui_text(y++, x + START_COL, w - START_COL, A_BOLD,
		    _("not reachable: %s"), err != NULL ? err :
		    _("no answer yet"));
		if ((t = text_parse_time(jstr_null(l, "retry_at"))) != -1) {
			text_hhmm(t, hhmm, sizeof hhmm);
			ui_text(y++, x + START_COL, w - START_COL, 0,
			    _("next try at %s"), hhmm);
		}
	}
	y++;
	ui_text(y, x, START_COL, A_BOLD, "%s", _("Products"));
	y = start_products(json_object_get(l, "products"), y, x + START_COL,
	    w - START_COL, maxy);
	return y;
}

static const char *
start_account(void)
{
	const char	*state = conn_state_str();

	if (state == NULL)
		return _("unknown until the daemon answers");
	if (strcmp(state, "signed_in") == 0)
		return _("signed in");
	if (strcmp(state, "password_change") == 0)
		return _("signed in; the password must be changed");
	return _("signed out");
}

static void
start_draw(struct screen *s, int y, int x, int h, int w)
{
	int		 maxy = y + h;
	const char	*state;

	(void)s;
	ui_text(y, x, START_COL, A_BOLD, "%s", _("Daemon"));
	switch (conn_state) {
	case CONN_READY:
		ui_text(y++, x + START_COL, w - START_COL, 0,
		    _("%s, connected"), conn_daemon_version != NULL ?
		    conn_daemon_version : "kabinetd");
		break;
	case CONN_FAILED:
		ui_text(y++, x + START_COL, w - START_COL, A_BOLD,
		    _("refused the connection: %s"), conn_error != NULL ?
		    conn_error : "?");
		break;
	case CONN_STARTING:
		ui_text(y++, x + START_COL, w - START_COL, 0, "%s",
		    _("starting kabinetd…"));
		break;
	default:
		ui_text(y++, x + START_COL, w - START_COL, A_BOLD, "%s",
		    conn_error != NULL ? conn_error :
		    _("not answering; trying again…"));
		break;
	}
	y++;
	y = start_lender(y, x, w, maxy - 4);
	y++;
	ui_text(y, x, START_COL, A_BOLD, "%s", _("Account"));
	ui_text(y++, x + START_COL, w - START_COL, 0, "%s", start_account());
	y++;
	state = conn_state_str();
	if (conn_state == CONN_READY && state != NULL &&
	    strcmp(state, "signed_out") == 0)
		ui_text(y, x, w, A_BOLD, "%s", _("Press Enter to sign in with "
		    "your phone number and password."));
	help_support_draw(y + 2, x, w, maxy);
}

/* The contacts are asked for once the daemon (and the lender) answer. */
static void
start_event(struct screen *s, const char *method, json_t *params)
{
	(void)s;
	(void)params;
	if (strcmp(method, "conn.ready") == 0 ||
	    strcmp(method, E_LENDER_STATUS) == 0)
		help_support_fetch();
}

const struct screen_class screen_start = {
	N_("Personal account"), 0, start_keys, NULL, NULL, start_event,
	start_draw, NULL
};
