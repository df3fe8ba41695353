/*
 * cmd_sbp.c — kabinet pay --sbp: the lender's СБП payment link for the
 * amount (payment.sbp.create, through the daemon's outbox), printed as
 * text and, where stdout is a terminal big enough, as a QR code (qr.c);
 * then the wait for sbp.updated: paid (the split printed), refused in
 * the bank, or expired — each its own exit status.
 */
#include <sys/ioctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/buf.h"
#include "kabinet/clock.h"
#include "kabinet/i18n.h"
#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "cli.h"
#include "tui.h"

#define SBP_GRACE_MS	(120 * 1000)	/* after the expiry, for its word */

struct sbp_wait {
	char	 id[64];
	json_t	*link;		/* the newest word on it */
	int	 over;		/* not pending any more */
};

static void
sbp_keep(struct sbp_wait *w, json_t *link)
{
	const char	*st = jstr(link, "status");

	if (!json_is_object(link) || strcmp(jstr(link, "id"), w->id) != 0)
		return;
	json_decref(w->link);
	w->link = json_incref(link);
	w->over = strcmp(st, "pending") != 0;
}

static void
sbp_on_event(struct cli *k, const char *method, json_t *params)
{
	if (strcmp(method, E_SBP_UPDATED) == 0)
		sbp_keep(k->event_arg, json_object_get(params, "sbp"));
}

/* The QR code, when stdout is a terminal it fits on whole. */
static void
sbp_print_qr(const char *url)
{
	struct winsize	 ws;
	struct buf	 line = BUF_INIT;
	struct qr	*q;
	int		 zone, rows, cols, r;

	if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws)
	    == -1 || (q = qr_new(url)) == NULL)
		return;
	if ((zone = qr_fit(q, ws.ws_row - 4, ws.ws_col)) != 0) {
		qr_size(q, zone, &rows, &cols);
		for (r = 0; r < rows; r++) {
			buf_reset(&line);
			qr_line(q, zone, r, &line);
			printf("%s\n", line.data);
		}
	}
	buf_release(&line);
	qr_free(q);
}

/* What became of the link: printed, and the exit status. */
static int
sbp_outcome(struct cli *k, json_t *link)
{
	const char	*st = jstr(link, "status");
	json_t		*pay = json_object_get(link, "payment");

	if (k->json)
		cli_json(json_pack("{s:O}", "sbp", link));
	if (strcmp(st, "paid") == 0) {
		if (!k->json) {
			if (strcmp(jstr(pay, "kind"), "payment") == 0) {
				cli_money_row(_("Paid:"), json_integer_value(
				    json_object_get(pay, "amount")));
				cli_split(json_object_get(pay, "split"));
			}
			if (json_integer_value(json_object_get(link,
			    "refunded")) > 0)
				cli_money_row(_("Returned:"),
				    json_integer_value(json_object_get(link,
				    "refunded")));
			if (json_is_true(json_object_get(link, "late")))
				cli_print("%s", _("The money came after the "
				    "link had expired; it is credited to the "
				    "loan."));
		}
		return CLI_OK;
	}
	if (strcmp(st, "expired") == 0)
		return cli_error(k, CLI_EXPIRED, "sbp_expired", "%s",
		    _("the payment link expired: nothing was paid"));
	if (strcmp(st, "refused") == 0)
		return cli_error(k, CLI_REFUSED, "sbp_refused", "%s",
		    _("the payment was refused in the bank: nothing was paid"));
	return cli_error(k, CLI_PENDING, "sbp_pending", "%s",
	    _("no word from the bank yet; `kabinet history` will show the "
	    "payment when it comes"));
}

int
cmd_pay_sbp(struct cli *k, json_t *loan, json_int_t amount, int yes,
    int again)
{
	struct sbp_wait	 w;
	json_t		*res = NULL, *err = NULL, *link, *got = NULL;
	long		 left;
	char		 mmss[16];
	int		 rc, ret;

	if (!k->json) {
		cli_money_row(_("Amount:"), amount);
		cli_row(_("Loan:"), *jstr(loan, "contract_number") != '\0' ?
		    jstr(loan, "contract_number") : jstr(loan, "id"));
		cli_row(_("Pay by:"), _("СБП (a link for your bank's app)"));
		fflush(stdout);
	}
	if (!yes && !cli_confirm(_("Pay?")))
		return cli_error(k, CLI_REFUSED, "not_confirmed", "%s",
		    _("not paid"));
again:
	rc = cli_call_raw(k, M_PAYMENT_SBP_CREATE, json_pack("{s:O, s:I, s:b}",
	    "loan_id", json_object_get(loan, "id"), "amount", amount,
	    "confirm_duplicate", again), 0, &res, &err);
	if (rc == 1 && !k->json && strcmp(reasons_of(err),
	    R_PAYMENT_UNSETTLED) == 0) {
		json_decref(err);
		error("%s", _("a СБП link for the same amount to this loan was "
		    "asked for and the lender has not answered yet"));
		if (!yes && cli_confirm(_("Ask for a second one?"))) {
			again = 1;
			goto again;
		}
		return cli_error(k, CLI_PENDING, R_PAYMENT_UNSETTLED, "%s",
		    _("no second link; `kabinet pay --sbp --again …` asks for "
		    "one"));
	}
	if (rc == 1 && strcmp(reasons_of(err), R_PAYMENT_PENDING) == 0) {
		json_decref(err);
		return cli_error(k, CLI_PENDING, R_PAYMENT_PENDING, "%s",
		    _("the lender has not answered yet; the request is sent "
		    "again until it does"));
	}
	if (rc == -1)
		return cli_error(k, CLI_NO_DAEMON, "daemon_gone", "%s",
		    _("the daemon did not answer"));
	if (rc != 0) {
		ret = cli_fail(k, err);
		json_decref(err);
		return ret;
	}
	link = json_object_get(res, "sbp");
	memset(&w, 0, sizeof w);
	snprintf(w.id, sizeof w.id, "%s", jstr(link, "id"));
	if (!k->json) {
		if (json_is_true(json_object_get(res, "reopened")))
			cli_print("%s", _("The link made before for this "
			    "amount still waits to be paid: here it is again."));
		cli_row(_("Payee:"), jstr(json_object_get(link, "payee"),
		    "name"));
		left = (long)(text_parse_time(jstr(link, "expires_at")) -
		    clock_now());
		text_mmss(left > 0 ? left : 0, mmss, sizeof mmss);
		cli_row(_("Valid for:"), mmss);
		cli_print("%s", _("Open this link in your bank's app, or scan "
		    "the QR code:"));
		cli_print("%s", jstr(link, "url"));
		sbp_print_qr(jstr(link, "url"));
	} else
		cli_json(json_pack("{s:O}", "sbp", link));
	fflush(stdout);
	/* Its word may have come already: listen, then ask once. */
	k->on_event = sbp_on_event;
	k->event_arg = &w;
	sbp_keep(&w, link);
	if (!w.over && cli_call(k, M_PAYMENT_SBP_GET, json_pack("{s:s}",
	    "sbp_id", w.id), 0, &got) == CLI_OK)
		sbp_keep(&w, json_object_get(got, "sbp"));
	json_decref(got);
	left = (long)(text_parse_time(jstr(link, "expires_at")) -
	    clock_now());
	if (!w.over)
		(void)cli_wait_flag(k, &w.over, (left > 0 ? (int)left * 1000 :
		    0) + SBP_GRACE_MS);
	k->on_event = NULL;
	ret = sbp_outcome(k, w.link != NULL ? w.link : link);
	json_decref(w.link);
	json_decref(res);
	return ret;
}
