/* cmd_status.c — kabinet status: the daemon's, lender's and account's state. */
#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/protocol.h"
#include "cli.h"
#include "tui.h"

static void
cli_summary(json_t *hello, json_t *st)
{
	json_t		*l = json_object_get(st, "lender"), *p;
	const char	*state = jstr_null(st, "state"), *err;
	char		 lo[MONEY_FMT_LEN], hi[MONEY_FMT_LEN];
	size_t		 i;
	json_int_t	 tmax;

	cli_print(_("daemon:  %s (protocol %d)"), jstr_or(hello, "daemon",
	    "?"),
	    (int)json_integer_value(json_object_get(hello, "protocol")));
	if (json_is_object(l)) {
		const char *name = jstr_null(l, "name");

		if (json_is_true(json_object_get(l, "checking")))
			cli_print(_("lender:  %s, checking"), name != NULL ?
			    name : jstr_or(l, "url", "?"));
		else if (json_is_true(json_object_get(l, "reachable")))
			cli_print(_("lender:  %s, reachable"), name != NULL ?
			    name : jstr_or(l, "url", "?"));
		else {
			err = reasons_lender(l);
			cli_print(_("lender:  %s, not reachable: %s"),
			    name != NULL ? name : jstr_or(l, "url", "?"),
			    err != NULL ? err : _("no answer yet"));
		}
		json_array_foreach(json_object_get(l, "products"), i, p) {
			text_money(json_integer_value(json_object_get(p,
			    "min_amount")), lo, sizeof lo);
			text_money(json_integer_value(json_object_get(p,
			    "max_amount")), hi, sizeof hi);
			tmax = json_integer_value(json_object_get(p,
			    "max_term"));
			cli_print(P_("product: %s, %s – %s, %d–%d day",
			    "product: %s, %s – %s, %d–%d days",
			    (unsigned long)tmax), jstr_or(p, "name", "?"), lo,
			    hi,
			    (int)json_integer_value(json_object_get(p,
			    "min_term")), (int)tmax);
		}
	}
	if (state != NULL && strcmp(state, "signed_in") == 0)
		cli_print(_("account: signed in as %s (%s)%s"),
		    jstr_or(st, "name", "?"),
		    jstr_or(st, "phone_masked", "?"),
		    json_is_true(json_object_get(st, "restricted")) ?
		    _(", restricted") : "");
	else if (state != NULL && strcmp(state, "password_change") == 0)
		cli_print("%s", _("account: signed in; the password must be "
		    "changed"));
	else
		cli_print("%s", _("account: signed out"));
	if (jstr_null(st, "storage") != NULL &&
	    strcmp(jstr_null(st, "storage"), "memory") == 0)
		cli_print("%s", _("session: kept in memory only (no Secret "
		    "Service)"));
}

/* --short: one line from the daemon's state, at no cost to the lender. */
static int
cli_status_short(struct cli *k)
{
	struct buf	 b = BUF_INIT;
	json_t		*sum = NULL;
	int		 rc;

	if ((rc = cli_connect(k)) != CLI_OK ||
	    (rc = cli_call(k, M_ACCOUNT_SUMMARY, NULL, 0, &sum)) != CLI_OK)
		return rc;
	if (k->json)
		cli_json(sum);
	else {
		cli_status_line(sum, &b);
		cli_print("%s", b.data);
		buf_release(&b);
	}
	json_decref(sum);
	return CLI_OK;
}

int
cmd_status(struct cli *k, int argc, char **argv)
{
	json_t	*st = NULL, *out;
	int	 rc;

	if (argc == 2 && strcmp(argv[1], "--short") == 0)
		return cli_status_short(k);
	if (argc != 1)
		return cli_usage(k);
	if ((rc = cli_connect(k)) != CLI_OK ||
	    (rc = cli_call(k, M_SESSION_STATUS, NULL, 0, &st)) != CLI_OK)
		return rc;
	if (k->json) {
		out = json_pack("{s:O, s:O}", "daemon", k->hello, "session",
		    st);
		cli_json(out);
		json_decref(out);
	} else
		cli_summary(k->hello, st);
	json_decref(st);
	return CLI_OK;
}
