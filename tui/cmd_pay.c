/*
 * cmd_pay.c — kabinet pay (the loan, from a linked card, with the SMS code
 * answered on the terminal) and kabinet history (payment.history, page
 * after page by cursor).
 */
#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/buf.h"
#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "cli.h"
#include "tui.h"

#define CLI_HISTORY_PAGE	500

static int
cli_kind_ok(const char *k)
{
	size_t	i;

	for (i = 0; history_kinds[i] != NULL; i++)
		if (strcmp(k, history_kinds[i]) == 0)
			return 1;
	return 0;
}

int
cmd_history(struct cli *k, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "csv", no_argument, NULL, 'c' },
		{ "kind", required_argument, NULL, 'k' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "search", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf	 line = BUF_INIT;
	json_t		*filters, *params, *res, *all, *it;
	const char	*cursor;
	char		*cur = NULL, *end, m[MONEY_FMT_LEN], txt[160];
	long		 limit = 0, want;
	size_t		 i;
	const char	*why;
	char		 iso[DATE_FMT_LEN];
	int		 c, rc, csv = 0;

	filters = json_object();
	optind = 0;	/* GNU getopt: start afresh, permuting */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (!cli_kind_ok(optarg)) {
				json_decref(filters);
				return cli_error(k, CLI_USAGE, "usage",
				    _("unknown kind \"%s\" (payment, extension, "
				    "interest, penalty, service, disbursement "
				    "or refund)"), optarg);
			}
			json_object_set_new(filters, "kind",
			    json_string(optarg));
			break;
		case 'f':
		case 't':
			if ((why = text_date_iso(optarg, iso, sizeof iso)) !=
			    NULL) {
				json_decref(filters);
				return cli_error(k, CLI_USAGE, "usage",
				    _("bad date \"%s\": %s"), optarg, why);
			}
			json_object_set_new(filters, c == 'f' ? "from" : "to",
			    json_string(iso));
			break;
		case 'c':
			csv = 1;
			break;
		case 's':
			json_object_set_new(filters, "q", json_string(optarg));
			break;
		case 'l':
			errno = 0;
			limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    limit <= 0) {
				json_decref(filters);
				return cli_error(k, CLI_USAGE, "usage",
				    _("bad --limit \"%s\" (a whole number above "
				    "zero)"), optarg);
			}
			break;
		default:
			json_decref(filters);
			return cli_usage(k);
		}
	}
	if (optind != argc || (k->json && csv)) {
		json_decref(filters);
		return cli_usage(k);
	}
	if (json_string_value(json_object_get(filters, "from")) != NULL &&
	    json_string_value(json_object_get(filters, "to")) != NULL &&
	    strcmp(json_string_value(json_object_get(filters, "from")),
	    json_string_value(json_object_get(filters, "to"))) > 0) {
		json_decref(filters);
		return cli_error(k, CLI_USAGE, "usage", "%s",
		    _("--to is before --from"));
	}
	if ((rc = cli_connect(k)) != CLI_OK) {
		json_decref(filters);
		return rc;
	}
	all = json_array();
	for (;;) {
		want = CLI_HISTORY_PAGE;
		if (limit > 0 && limit - (long)json_array_size(all) < want)
			want = limit - (long)json_array_size(all);
		params = json_deep_copy(filters);
		json_object_set_new(params, "limit", json_integer(want));
		if (cur != NULL)
			json_object_set_new(params, "cursor",
			    json_string(cur));
		if ((rc = cli_call(k, M_PAYMENT_HISTORY, params, 0, &res)) !=
		    CLI_OK) {
			free(cur);
			json_decref(all);
			json_decref(filters);
			return rc;
		}
		json_array_extend(all, json_object_get(res, "items"));
		free(cur);
		cur = NULL;
		cursor = jstr(res, "next_cursor");
		if (*cursor != '\0' && json_array_size(json_object_get(res,
		    "items")) > 0)
			cur = xstrdup(cursor);
		json_decref(res);
		if (cur == NULL ||
		    (limit > 0 && (long)json_array_size(all) >= limit))
			break;
	}
	free(cur);
	json_decref(filters);

	if (k->json)
		cli_json(all);
	else if (csv) {
		csv_history_header(stdout);
		json_array_foreach(all, i, it)
			csv_history_row(stdout, it);
	} else {
		json_array_foreach(all, i, it) {
			buf_reset(&line);
			cli_pad(&line, cli_date(it, "date"), 12, 0);
			cli_pad(&line, history_kind_label(jstr(it, "kind")), 14,
			    0);
			text_money(json_integer_value(json_object_get(it,
			    "amount")), m, sizeof m);
			cli_pad(&line, m, 16, 1);
			buf_adds(&line, "  ");
			cli_pad(&line, history_status_label(jstr(it,
			    "status")), 10, 0);
			buf_adds(&line, "  ");
			buf_adds(&line, history_text(it, txt, sizeof txt));
			cli_print("%s", line.data);
		}
		if (json_array_size(all) == 0)
			cli_print("%s", _("No entries"));
	}
	buf_release(&line);
	json_decref(all);
	return 0;
}

static void
cli_receipt(json_t *rc)
{
	json_t	*sp, *loan = json_object_get(rc, "loan");

	cli_money_row(_("Paid:"), json_integer_value(json_object_get(
	    json_object_get(rc, "payment"), "amount")));
	if ((sp = json_object_get(rc, "split")) == NULL)
		sp = json_object_get(json_object_get(rc, "payment"), "split");
	cli_split(sp);
	if (strcmp(jstr(loan, "state"), "closed") == 0)
		cli_print("%s", _("The loan is repaid and closed"));
	else
		cli_money_row(_("New balance:"), json_integer_value(
		    json_object_get(loan, "total_due")));
}

/* The same payment, made before, that the lender has not settled. */
static void
cli_unsettled(json_t *err)
{
	json_t		*p;
	size_t		 i;
	time_t		 t;
	struct date	 day;
	size_t		 n;
	char		 m[MONEY_FMT_LEN], when[32];

	json_array_foreach(json_object_get(json_object_get(err, "data"),
	    "pending"), i, p) {
		t = (time_t)json_integer_value(json_object_get(p,
		    "created_at"));
		day = date_from_time(t);
		date_show(&day, when, sizeof when);
		n = strlen(when);
		when[n++] = ' ';
		text_hhmm(t, when + n, sizeof when - n);
		error(_("a payment of %s made on %s is not confirmed by the "
		    "lender yet; it is being sent until it is"), text_money(
		    json_integer_value(json_object_get(p, "amount")), m,
		    sizeof m), when);
	}
}

int
cmd_pay(struct cli *k, int argc, char **argv)
{
	const char	*loan_id = NULL, *card_id = NULL, *amount_s = NULL;
	json_t		*due = NULL, *cards = NULL, *res = NULL, *err;
	json_t		*loan, *card = NULL, *c, *params;
	enum money_parse_error pe;
	kopecks_t	 amount = 0, total;
	char		 m[MONEY_FMT_LEN], cl[128];
	size_t		 i;
	int		 a, full = 0, yes = 0, again = 0, sbp = 0, rc;
	int		 ret = CLI_REFUSED;

	/* By hand, not getopt: an amount such as "-1" is not an option. */
	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--full") == 0)
			full = 1;
		else if (strcmp(argv[a], "--again") == 0)
			again = 1;
		else if (strcmp(argv[a], "--yes") == 0)
			yes = 1;
		else if (strcmp(argv[a], "--sbp") == 0)
			sbp = 1;
		else if (strcmp(argv[a], "--loan") == 0 && a + 1 < argc)
			loan_id = argv[++a];
		else if (strcmp(argv[a], "--card") == 0 && a + 1 < argc)
			card_id = argv[++a];
		else if (strncmp(argv[a], "--loan=", 7) == 0)
			loan_id = argv[a] + 7;
		else if (strncmp(argv[a], "--card=", 7) == 0)
			card_id = argv[a] + 7;
		else if (strcmp(argv[a], "--") == 0 && a + 2 == argc &&
		    amount_s == NULL)
			amount_s = argv[++a];
		else if ((argv[a][0] != '-' || isdigit((u_char)argv[a][1]) ||
		    argv[a][1] == ',' || argv[a][1] == '.') && amount_s == NULL)
			amount_s = argv[a];
		else
			return cli_usage(k);
	}
	if (full == (amount_s != NULL) || (sbp && card_id != NULL))
		return cli_usage(k);
	if (amount_s != NULL) {
		if ((pe = money_parse(amount_s, &amount)) != MONEY_OK) {
			return cli_error(k, CLI_USAGE, "usage",
			    _("bad amount \"%s\": %s"), amount_s,
			    _(money_strerror(pe)));
		}
		if (amount <= 0) {
			return cli_error(k, CLI_USAGE, "usage",
			    _("bad amount \"%s\": it must be more than zero"),
			    amount_s);
		}
	}
	if (!yes && k->json)
		return cli_error(k, CLI_USAGE, "usage", "%s", _("--json asks "
		    "nothing on the terminal: add --yes"));
	if (!yes && !isatty(STDIN_FILENO)) {
		return cli_error(k, CLI_USAGE, "usage", "%s",
		    _("no terminal to confirm the payment on; add --yes"));
	}

	if ((ret = cli_connect(k)) != CLI_OK)
		goto out;
	if ((ret = cli_call(k, M_LOAN_DUE, loan_id != NULL ?
	    json_pack("{s:s}", "loan_id", loan_id) : NULL, 0, &due)) != CLI_OK)
		goto out;
	ret = CLI_REFUSED;
	loan = json_object_get(due, "loan");
	if (!json_is_object(loan)) {
		ret = cli_error(k, CLI_REFUSED, "no_loan", "%s",
		    _("no open loan to pay"));
		goto out;
	}
	if (strcmp(jstr(loan, "state"), "closed") == 0) {
		ret = cli_error(k, CLI_REFUSED, "loan_closed",
		    _("loan \"%s\" is already closed"),
		    jstr(loan, "contract_number"));
		goto out;
	}
	total = json_integer_value(json_object_get(json_object_get(due,
	    "due_today"), "total"));
	if (full)
		amount = total;
	else if (amount > total) {
		ret = cli_error(k, CLI_USAGE, "usage", _("bad amount \"%s\": "
		    "more than the %s due today"), amount_s, text_money(total,
		    m, sizeof m));
		goto out;
	}
	if (amount <= 0) {
		ret = cli_error(k, CLI_REFUSED, "nothing_due", "%s",
		    _("nothing is due today"));
		goto out;
	}

	if (sbp) {
		ret = cmd_pay_sbp(k, loan, amount, yes, again);
		goto out;
	}
	if ((ret = cli_call(k, M_CARD_LIST, NULL, 0, &cards)) != CLI_OK)
		goto out;
	json_array_foreach(json_object_get(cards, "items"), i, c) {
		if (card_id != NULL ? strcmp(jstr(c, "id"), card_id) == 0 :
		    json_is_true(json_object_get(c, "default")))
			card = c;
	}
	if (card == NULL && card_id == NULL)
		card = json_array_get(json_object_get(cards, "items"), 0);
	if (card == NULL) {
		if (card_id != NULL)
			ret = cli_error(k, CLI_USAGE, "usage",
			    _("no card \"%s\" is linked"), card_id);
		else
			ret = cli_error(k, CLI_REFUSED, "no_card", "%s",
			    _("no card is linked; link one with `kabinet "
			    "cards add`"));
		goto out;
	}

	cli_card(card, cl, sizeof cl);
	if (!k->json) {
		cli_money_row(_("Amount:"), amount);
		cli_row(_("Loan:"), *jstr(loan, "contract_number") != '\0' ?
		    jstr(loan, "contract_number") : jstr(loan, "id"));
		cli_row(_("Card:"), cl);
		fflush(stdout);
	}
	if (!yes && !cli_confirm(_("Pay?"))) {
		ret = cli_error(k, CLI_REFUSED, "not_confirmed", "%s",
		    _("not paid"));
		goto out;
	}

again:
	params = json_pack("{s:O, s:I, s:O, s:b}", "loan_id",
	    json_object_get(loan, "id"), "amount", (json_int_t)amount,
	    "card_id", json_object_get(card, "id"), "confirm_duplicate", again);
	rc = cli_call_raw(k, M_PAYMENT_MAKE, params, 1, &res, &err);
	if (rc == 1 && !k->json && reasons_of(err) != NULL &&
	    strcmp(reasons_of(err), R_PAYMENT_UNSETTLED) == 0) {
		cli_unsettled(err);
		json_decref(err);
		if (!yes && cli_confirm(_("Pay a second time?"))) {
			again = 1;
			goto again;
		}
		ret = cli_error(k, CLI_PENDING, R_PAYMENT_UNSETTLED, "%s",
		    _("not paid again; `kabinet pay --again …` pays a second "
		    "time"));
		goto out;
	}
	if (rc == 1 && reasons_of(err) != NULL &&
	    strcmp(reasons_of(err), R_PAYMENT_PENDING) == 0) {
		json_decref(err);
		ret = cli_error(k, CLI_PENDING, R_PAYMENT_PENDING, "%s",
		    _("the payment is being confirmed by the lender; `kabinet "
		    "history` will show it"));
		goto out;
	}
	if (rc == -1) {
		ret = cli_error(k, CLI_PENDING, "daemon_gone", "%s",
		    _("the daemon did not answer; the payment may still go "
		    "through: see `kabinet history`"));
		goto out;
	}
	if (rc != 0) {
		ret = cli_fail(k, err);
		json_decref(err);
		goto out;
	}
	if (k->json)
		cli_json(res);
	else
		cli_receipt(res);
	ret = CLI_OK;
out:
	json_decref(due);
	json_decref(cards);
	json_decref(res);
	return ret;
}
