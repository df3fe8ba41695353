/*
 * screen_borrow.c — borrowing: what the loan calculator (screen_calc.c)
 * and the review before signing (screen_review.c) share — the quote's
 * figures and warnings — and the dashboard's line with the latest
 * application and loan, which changes by itself on application.updated /
 * loan.updated.
 *
 * The daemon computes the quote and checks it against the lender's; its
 * warnings are shown as they come, never hidden.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/card.h"
#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"
#include "borrow.h"

static const char *
warning_text(json_t *w)
{
	const char	*code = jstr(w, "code");

	if (strcmp(code, "over_rate_cap") == 0)
		return _("The rate is above the legal cap of 0.8 percent a "
		    "day");
	if (strcmp(code, "over_psk_cap") == 0)
		return _("The full cost of credit is above the legal cap of "
		    "292 percent");
	if (strcmp(code, "over_charges_cap") == 0)
		return _("The charges are above 100 percent of the loan");
	if (strcmp(code, "cap_over_law") == 0)
		return _("The lender's cap on charges is above the legal 100 "
		    "percent of the loan");
	if (strcmp(code, "charges_capped") == 0)
		return _("The interest is cut to keep all charges within 100 "
		    "percent of the loan");
	if (strcmp(code, "lender_mismatch") == 0)
		return _("The lender's figures differ from ours; check them "
		    "before signing");
	if (strcmp(code, "lender_refused") == 0)
		return _("The lender does not offer these figures");
	if (strcmp(code, "not_checked") == 0)
		return _("Not checked with the lender: it did not answer");
	return code;
}

/* The quote's figures, one a row; returns the next row. */
int
borrow_quote_draw(json_t *q, int y, int x, int w)
{
	char		 m[48], d[16];
	const char	*due = jstr(q, "due_on"), *psk = jstr(q, "psk");
	int64_t		 rate = jint(q, "rate_bp_per_day");
	char		 pskbuf[32];

	ui_text(y, x, BORROW_COL, A_BOLD, "%s", _("To repay"));
	ui_text(y++, x + BORROW_COL, w - BORROW_COL, A_BOLD, "%s",
	    text_money(jint(q, "total"), m, sizeof m));
	ui_text(y, x, BORROW_COL, 0, "%s", _("Due on"));
	ui_text(y++, x + BORROW_COL, w - BORROW_COL, 0, "%s",
	    date_show_iso(due, d, sizeof d));
	ui_text(y, x, BORROW_COL, 0, "%s", _("Overpayment"));
	ui_text(y++, x + BORROW_COL, w - BORROW_COL, 0, "%s",
	    text_money(jint(q, "overpayment"), m, sizeof m));
	/* The enabled paid services count toward the cap. */
	if (jint(q, "services_total") > 0) {
		ui_text(y, x, BORROW_COL, 0, "%s", _("Paid services"));
		ui_text(y++, x + BORROW_COL, w - BORROW_COL, 0,
		    _("%s (counted toward the cap)"),
		    text_money(jint(q, "services_total"), m, sizeof m));
	}
	ui_text(y, x, BORROW_COL, 0, "%s", _("Interest a day"));
	ui_text(y++, x + BORROW_COL, w - BORROW_COL, 0, "%lld%s%02lld %%",
	    (long long)(rate / 100), i18n_is_russian() ? "," : ".",
	    (long long)(rate % 100));
	ui_text(y, x, BORROW_COL, 0, "%s", _("Full cost of credit"));
	text_decimal(psk, pskbuf, sizeof pskbuf);
	ui_text(y++, x + BORROW_COL, w - BORROW_COL, 0, _("%s %% a year"),
	    pskbuf);
	return y;
}

int
borrow_warnings_draw(json_t *q, int y, int x, int w, int maxy)
{
	json_t	*wn;
	size_t	 i;

	json_array_foreach(json_object_get(q, "warnings"), i, wn)
		y = ui_para(y, x, w, maxy, A_BOLD, warning_text(wn));
	return y;
}


/* ---- the dashboard's line ---- */

static json_t	*dash_loans;	/* the last loan.list answer */

static void
borrow_list_cb(struct screen *s, json_t *result, json_t *error)
{
	(void)s;
	if (error != NULL || !json_is_object(result))
		return;
	json_decref(dash_loans);
	dash_loans = json_incref(result);
}

void
borrow_dash_refresh(void)
{
	conn_request(M_LOAN_LIST, NULL, borrow_list_cb, NULL);
}

void
borrow_dash_event(const char *method, json_t *params)
{
	(void)params;
	if (strcmp(method, E_APPLICATION_UPDATED) == 0 ||
	    strcmp(method, E_LOAN_UPDATED) == 0)
		borrow_dash_refresh();
}

const char *
borrow_app_state(const char *state)
{
	if (strcmp(state, "awaiting_signature") == 0)
		return _("waiting for your SMS code");
	if (strcmp(state, "submitted") == 0)
		return _("submitted");
	if (strcmp(state, "under_review") == 0)
		return _("under review");
	if (strcmp(state, "approved") == 0)
		return _("approved");
	if (strcmp(state, "declined") == 0)
		return _("declined");
	if (strcmp(state, "disbursed") == 0)
		return _("money sent to the card");
	return state;
}

const char *
borrow_decline_text(const char *reason)
{
	if (strcmp(reason, "first_loan_limit") == 0)
		return _("the amount is over the first loan's limit");
	if (strcmp(reason, "self_ban") == 0)
		return _("you have a self-ban on borrowing");
	if (strcmp(reason, "under_age") == 0)
		return _("loans are for borrowers of 18 and over");
	return reason;
}

const char *
borrow_dash_certificate(void)
{
	json_t	*loan = json_array_get(json_object_get(dash_loans, "loans"), 0);

	if (loan == NULL || strcmp(jstr(loan, "state"), "closed") != 0 ||
	    *jstr(loan, "certificate_id") == '\0')
		return NULL;
	return jstr(loan, "certificate_id");
}

int
borrow_dash_draw(int y, int x, int w, int maxy)
{
	json_t		*app, *loan;
	char		 m[48], st[160];
	const char	*state;

	app = json_array_get(json_object_get(dash_loans, "applications"), 0);
	loan = json_array_get(json_object_get(dash_loans, "loans"), 0);
	/* The newest loan repaid: say so, rather than how its application
	 * went long ago. */
	if (loan != NULL && strcmp(jstr(loan, "state"), "closed") == 0 &&
	    y < maxy) {
		ui_text(y, x, 14, A_BOLD, "%s", _("Loan"));
		loans_state_text(loan, st, sizeof st);
		ui_text(y++, x + 14, w - 14, 0, _("%s, %s; m: all my loans"),
		    jstr(loan, "contract_number"), st);
		if (borrow_dash_certificate() != NULL && y < maxy)
			ui_text(y++, x + 14, w - 14, 0, "%s", _("No debt is "
			    "left: r shows the certificate of repayment"));
		if (app != NULL && strcmp(jstr(app, "state"), "disbursed") == 0)
			return y + 1;
	}
	if (app == NULL || y >= maxy)
		return y;
	state = jstr(app, "state");
	ui_text(y, x, 14, A_BOLD, "%s", _("Application"));
	if (strcmp(state, "declined") == 0) {
		/* The reason may be long: wrapped, never cut. */
		snprintf(st, sizeof st, "%s, %s: %s", text_money(jint(app,
		    "amount"), m, sizeof m), borrow_app_state(state),
		    borrow_decline_text(jstr(app, "decline_reason")));
		y = ui_para(y, x + 14, w - 14, maxy, 0, st);
	} else
		ui_text(y++, x + 14, w - 14, 0, "%s, %s",
		    text_money(jint(app, "amount"), m, sizeof m),
		    borrow_app_state(state));
	if (json_is_true(json_object_get(app, "awaiting_card")))
		y = ui_para(y, x + 14, w - 14, maxy, A_BOLD, _("The money "
		    "goes out once a card is linked: press l to link one"));
	return y + 1;
}
