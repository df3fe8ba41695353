/*
 * cmd_loans.c — kabinet loans, loan ID (terms, schedule, what is due,
 * payments), apply AMOUNT DAYS (quote, individual terms and ПСК, then the
 * application signed with an SMS code) and extend DAYS.
 */
#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/buf.h"
#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/protocol.h"
#include "cli.h"
#include "tui.h"

static const char *
loan_state(const char *st)
{
	static const struct {
		const char *state, *label;
	} states[] = {
		{ "active", N_("active") },
		{ "overdue", N_("overdue") },
		{ "closed", N_("closed") },
		{ "submitted", N_("submitted") },
		{ "scoring", N_("being decided") },
		{ "approved", N_("approved") },
		{ "declined", N_("declined") },
		{ "disbursed", N_("paid out") },
		{ "abandoned", N_("abandoned") },
	};
	size_t	i;

	for (i = 0; i < sizeof states / sizeof states[0]; i++)
		if (strcmp(states[i].state, st) == 0)
			return _(states[i].label);
	return st;
}

static void
loans_line(json_t *l)
{
	struct buf	b = BUF_INIT;
	char		m[MONEY_FMT_LEN];

	cli_pad(&b, *jstr(l, "contract_number") != '\0' ?
	    jstr(l, "contract_number") : jstr(l, "id"), 18, 0);
	cli_pad(&b, text_money(jint(l, "principal"), m, sizeof m), 14, 1);
	buf_adds(&b, "  ");
	cli_pad(&b, loan_state(jstr(l, "state")), 10, 0);
	if (strcmp(jstr(l, "state"), "closed") != 0) {
		buf_addf(&b, _("  due %s, owed "), cli_date(l, "due_on"));
		buf_adds(&b, text_money(jint(l, "total_due"), m, sizeof m));
	} else
		buf_addf(&b, _("  repaid %s"), cli_date(l, "closed_on"));
	buf_addf(&b, "  [%s]", jstr(l, "id"));
	cli_print("%s", b.data);
	buf_release(&b);
}

int
cmd_loans(struct cli *k, int argc, char **argv)
{
	json_t	*res = NULL, *l, *a;
	char	 m[MONEY_FMT_LEN];
	size_t	 i;
	int	 rc;

	(void)argv;
	if ((rc = cli_fetch(k, argc, M_LOAN_LIST, &res)) != CLI_OK || res == NULL)
		return rc;
	json_array_foreach(json_object_get(res, "loans"), i, l)
		loans_line(l);
	json_array_foreach(json_object_get(res, "applications"), i, a) {
		if (strcmp(jstr(a, "state"), "disbursed") == 0)
			continue;
		cli_print(_("application %s: %s for %d days, %s"),
		    jstr(a, "id"), text_money(jint(a, "amount"), m,
		    sizeof m), (int)jint(a, "term"),
		    loan_state(jstr(a, "state")));
	}
	if (json_array_size(json_object_get(res, "loans")) == 0 &&
	    json_array_size(json_object_get(res, "applications")) == 0)
		cli_print("%s", _("No loans"));
	json_decref(res);
	return CLI_OK;
}

int
cmd_loan(struct cli *k, int argc, char **argv)
{
	json_t		*got = NULL, *due = NULL, *hist = NULL, *loan, *pays, *p;
	json_t		*today, *out, *docs = NULL, *mine;
	struct buf	 b = BUF_INIT;
	char		 m[MONEY_FMT_LEN], card[128], rate[32];
	size_t		 i;
	int		 rc, open;

	if (argc != 2)
		return cli_usage(k);
	if ((rc = cli_connect(k)) != CLI_OK ||
	    (rc = cli_call(k, M_LOAN_GET, json_pack("{s:s}", "id", argv[1]), 0,
	    &got)) != CLI_OK)
		return rc;
	loan = json_object_get(got, "loan");
	open = strcmp(jstr(loan, "state"), "closed") != 0;
	if (open && (rc = cli_call(k, M_LOAN_DUE, json_pack("{s:s}",
	    "loan_id", argv[1]), 0, &due)) != CLI_OK)
		goto out;
	if ((rc = cli_call(k, M_PAYMENT_HISTORY, json_pack("{s:s, s:i}",
	    "kind", "payment", "limit", 500), 0, &hist)) != CLI_OK)
		goto out;
	if ((rc = cli_call(k, M_DOCUMENTS_LIST, NULL, 0, &docs)) != CLI_OK)
		goto out;
	pays = json_array();
	json_array_foreach(json_object_get(hist, "items"), i, p)
		if (strcmp(jstr(p, "loan_id"), argv[1]) == 0)
			json_array_append(pays, p);
	mine = json_array();
	json_array_foreach(json_object_get(docs, "items"), i, p)
		if (strcmp(jstr(p, "loan_id"), argv[1]) == 0)
			json_array_append(mine, p);
	today = json_object_get(due, "due_today");
	if (k->json) {
		out = json_pack("{s:O, s:O, s:o, s:o}", "loan", loan,
		    "due_today", today != NULL ? today : json_null(),
		    "payments", pays, "documents", mine);
		cli_json(out);
		json_decref(out);
		goto out;
	}
	cli_row(_("Contract:"), jstr(loan, "contract_number"));
	cli_row(_("State:"), loan_state(jstr(loan, "state")));
	cli_money_row(_("Amount:"), jint(loan, "principal"));
	snprintf(rate, sizeof rate, "%d%s%02d %%", (int)(jint(loan,
	    "rate_bp_per_day") / 100), i18n_is_russian() ? "," : ".",
	    (int)(jint(loan, "rate_bp_per_day") % 100));
	cli_row(_("Rate a day:"), rate);
	cli_row(_("Issued on:"), cli_date(loan, "issued_on"));
	cli_card(json_object_get(loan, "card"), card, sizeof card);
	cli_row(_("Card:"), card);
	if (open) {
		cli_print("%s", _("Schedule:"));
		buf_addf(&b, "  %s  ", cli_date(loan, "due_on"));
		buf_adds(&b, text_money(jint(loan, "total_due"), m, sizeof m));
		buf_addf(&b, _(" (principal %s"), text_money(jint(loan,
		    "principal_due"), m, sizeof m));
		buf_addf(&b, _(", interest %s"), text_money(jint(loan,
		    "interest_due"), m, sizeof m));
		if (jint(loan, "penalty_due") > 0)
			buf_addf(&b, _(", penalty %s"), text_money(jint(loan,
			    "penalty_due"), m, sizeof m));
		buf_adds(&b, ")");
		cli_print("%s", b.data);
		cli_money_row(_("Due today:"), jint(today, "total"));
		cli_split(today);
		snprintf(rate, sizeof rate, "%d", (int)jint(loan,
		    "extensions_this_year"));
		cli_row(_("Extensions this year:"), rate);
	} else
		cli_row(_("Closed on:"), cli_date(loan, "closed_on"));
	cli_print("%s", _("Payments:"));
	json_array_foreach(pays, i, p) {
		buf_reset(&b);
		buf_addf(&b, "  %s  ", cli_date(p, "date"));
		cli_pad(&b, text_money(jint(p, "amount"), m, sizeof m), 14, 1);
		cli_print("%s", b.data);
	}
	if (json_array_size(pays) == 0)
		cli_print("  %s", _("none yet"));
	json_decref(pays);
	/* kabinet document ID reads or saves each. */
	cli_print("%s", _("Documents:"));
	json_array_foreach(mine, i, p)
		cli_print("  %s  %s  %s", cli_date(p, "signed_at"),
		    jstr(p, "id"), jstr(p, "title"));
	if (json_array_size(mine) == 0)
		cli_print("  %s", _("none yet"));
	json_decref(mine);
out:
	buf_release(&b);
	json_decref(docs);
	json_decref(got);
	json_decref(due);
	json_decref(hist);
	return rc;
}

/* The default card, or the one named; NULL with the error reported. */
static json_t *
pick_card(struct cli *k, json_t *cards, const char *id, int *rc)
{
	json_t	*c, *found = NULL;
	size_t	 i;

	json_array_foreach(json_object_get(cards, "items"), i, c) {
		if (id != NULL ? strcmp(jstr(c, "id"), id) == 0 :
		    json_is_true(json_object_get(c, "default")))
			found = c;
	}
	if (found == NULL && id == NULL)
		found = json_array_get(json_object_get(cards, "items"), 0);
	if (found != NULL)
		return found;
	if (id != NULL)
		*rc = cli_error(k, CLI_USAGE, "usage",
		    _("no card \"%s\" is linked"), id);
	else
		*rc = cli_error(k, CLI_REFUSED, "no_card", "%s",
		    _("no card is linked; link one with `kabinet cards add`"));
	return NULL;
}

/* A whole number of days, 1 to 365; -1 if not one. */
static long
days_arg(const char *s)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || n < 1 || n > 365)
		return -1;
	return n;
}

/* Parses [--card ID] [--loan ID] [--yes] and the positional words. */
static int
loan_opts(int argc, char **argv, const char **card, const char **loan,
    int *yes, char **words, int nwords)
{
	int	a, n = 0;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--yes") == 0)
			*yes = 1;
		else if (strcmp(argv[a], "--card") == 0 && a + 1 < argc)
			*card = argv[++a];
		else if (loan != NULL && strcmp(argv[a], "--loan") == 0 &&
		    a + 1 < argc)
			*loan = argv[++a];
		else if (strcmp(argv[a], "--") == 0)
			continue;
		else if (argv[a][0] == '-' && argv[a][1] != '\0' &&
		    !isdigit((u_char)argv[a][1]))
			return -1;
		else if (n < nwords)
			words[n++] = argv[a];
		else
			return -1;
	}
	return n == nwords ? 0 : -1;
}

/* Text of several lines, each as a line of its own. */
static void
print_lines(const char *text)
{
	const char	*nl;

	while (*text != '\0') {
		nl = strchr(text, '\n');
		if (nl == NULL)
			nl = text + strlen(text);
		cli_print("%.*s", (int)(nl - text), text);
		text = *nl == '\n' ? nl + 1 : nl;
	}
}

int
cmd_apply(struct cli *k, int argc, char **argv)
{
	const char		*card_id = NULL;
	char			*words[2], m[MONEY_FMT_LEN], cl[128], psk[32];
	json_t			*prods = NULL, *quote = NULL, *cards = NULL;
	json_t			*terms = NULL, *res = NULL, *card, *out;
	const char		*product;
	enum money_parse_error	 pe;
	kopecks_t		 amount;
	long			 days;
	int			 yes = 0, rc;

	if (loan_opts(argc, argv, &card_id, NULL, &yes, words, 2) == -1)
		return cli_usage(k);
	if ((pe = money_parse(words[0], &amount)) != MONEY_OK)
		return cli_error(k, CLI_USAGE, "usage", _("bad amount \"%s\": "
		    "%s"), words[0], _(money_strerror(pe)));
	if (amount <= 0)
		return cli_error(k, CLI_USAGE, "usage", _("bad amount \"%s\": "
		    "it must be more than zero"), words[0]);
	if ((days = days_arg(words[1])) == -1)
		return cli_error(k, CLI_USAGE, "usage", _("bad term \"%s\" (a "
		    "whole number of days)"), words[1]);
	if (!yes && k->json)
		return cli_error(k, CLI_USAGE, "usage", "%s", _("--json asks "
		    "nothing on the terminal: add --yes"));
	if (!yes && !isatty(STDIN_FILENO))
		return cli_error(k, CLI_USAGE, "usage", "%s", _("no terminal "
		    "to confirm the application on; add --yes"));

	if ((rc = cli_connect(k)) != CLI_OK ||
	    (rc = cli_call(k, M_PRODUCTS_GET, NULL, 0, &prods)) != CLI_OK)
		goto out;
	product = jstr(json_array_get(json_object_get(prods, "items"), 0),
	    "id");
	if ((rc = cli_call(k, M_CALC_QUOTE, json_pack("{s:s, s:I, s:I}",
	    "product", product, "amount", (json_int_t)amount, "term",
	    (json_int_t)days), 0, &quote)) != CLI_OK ||
	    (rc = cli_call(k, M_CARD_LIST, NULL, 0, &cards)) != CLI_OK)
		goto out;
	if ((card = pick_card(k, cards, card_id, &rc)) == NULL)
		goto out;
	if ((rc = cli_call(k, M_LOAN_TERMS, json_pack("{s:s, s:I, s:I, s:s}",
	    "product", product, "amount", (json_int_t)amount, "term",
	    (json_int_t)days, "card_id", jstr(card, "id")), 0, &terms)) !=
	    CLI_OK)
		goto out;
	if (!k->json) {
		cli_money_row(_("Amount:"), json_integer_value(json_object_get(
		    quote, "amount")));
		cli_row(_("Due on:"), cli_date(quote, "due_on"));
		cli_money_row(_("To repay:"), json_integer_value(
		    json_object_get(quote, "total")));
		cli_money_row(_("Overpayment:"), json_integer_value(
		    json_object_get(quote, "overpayment")));
		snprintf(m, sizeof m, _("%s %% a year"), text_decimal(
		    jstr(quote, "psk"), psk, sizeof psk));
		cli_row(_("ПСК:"), m);
		cli_card(card, cl, sizeof cl);
		cli_row(_("To the card:"), cl);
		cli_print("%s", "");
		print_lines(jstr(terms, "text"));
		fflush(stdout);
	}
	if (!yes && !cli_confirm(_("Sign these terms with an SMS code?"))) {
		rc = cli_error(k, CLI_REFUSED, "not_confirmed", "%s",
		    _("no application was made"));
		goto out;
	}
	/* --yes skips the question, never the code. */
	k->purpose = "application";
	if ((rc = cli_call(k, M_LOAN_APPLY, json_pack("{s:s, s:I, s:I, s:s, "
	    "s:s}", "product", product, "amount", (json_int_t)amount, "term",
	    (json_int_t)days, "card_id", jstr(card, "id"),
	    "document_sha256", jstr(terms, "sha256")), 1, &res)) != CLI_OK)
		goto out;
	if (k->json) {
		out = json_pack("{s:O, s:{s:O, s:O}, s:O}", "quote", quote,
		    "terms", "id", json_object_get(terms, "id"), "sha256",
		    json_object_get(terms, "sha256"), "application", res);
		cli_json(out);
		json_decref(out);
	} else
		cli_print("%s", _("Application signed and submitted; `kabinet "
		    "loans` shows the decision"));
out:
	json_decref(prods);
	json_decref(quote);
	json_decref(cards);
	json_decref(terms);
	json_decref(res);
	return rc;
}

int
cmd_extend(struct cli *k, int argc, char **argv)
{
	const char	*card_id = NULL, *loan_id = NULL;
	char		*words[1], cl[128], nd[16];
	json_t		*due = NULL, *terms = NULL, *cards = NULL, *res = NULL;
	json_t		*loan, *card;
	struct date	 d, today = date_today();
	long		 days;
	int		 yes = 0, rc;

	if (loan_opts(argc, argv, &card_id, &loan_id, &yes, words, 1) == -1)
		return cli_usage(k);
	if ((days = days_arg(words[0])) == -1)
		return cli_error(k, CLI_USAGE, "usage", _("bad term \"%s\" (a "
		    "whole number of days)"), words[0]);
	if (!yes && k->json)
		return cli_error(k, CLI_USAGE, "usage", "%s", _("--json asks "
		    "nothing on the terminal: add --yes"));
	if (!yes && !isatty(STDIN_FILENO))
		return cli_error(k, CLI_USAGE, "usage", "%s", _("no terminal "
		    "to confirm the extension on; add --yes"));
	if ((rc = cli_connect(k)) != CLI_OK ||
	    (rc = cli_call(k, M_LOAN_DUE, loan_id != NULL ? json_pack("{s:s}",
	    "loan_id", loan_id) : NULL, 0, &due)) != CLI_OK)
		goto out;
	loan = json_object_get(due, "loan");
	if (!json_is_object(loan) ||
	    strcmp(jstr(loan, "state"), "closed") == 0) {
		rc = cli_error(k, CLI_REFUSED, "no_loan", "%s",
		    _("no open loan to extend"));
		goto out;
	}
	if ((rc = cli_call(k, M_LOAN_EXTENSION_TERMS, json_pack("{s:s}",
	    "loan_id", jstr(loan, "id")), 0, &terms)) != CLI_OK)
		goto out;
	if (!json_is_true(json_object_get(terms, "allowed"))) {
		rc = cli_error(k, CLI_REFUSED, "extension_not_allowed", "%s",
		    _("the lender allows no extension of this loan"));
		goto out;
	}
	if (days > json_integer_value(json_object_get(terms, "max_days"))) {
		rc = cli_error(k, CLI_USAGE, "usage", _("bad term \"%s\": at "
		    "most %d days"), words[0], (int)json_integer_value(
		    json_object_get(terms, "max_days")));
		goto out;
	}
	if ((rc = cli_call(k, M_CARD_LIST, NULL, 0, &cards)) != CLI_OK)
		goto out;
	if ((card = pick_card(k, cards, card_id, &rc)) == NULL)
		goto out;
	nd[0] = '\0';
	if (date_parse(jstr(loan, "due_on"), &d) == DATE_OK) {
		if (date_cmp(&d, &today) < 0)
			d = today;
		d = date_add_days(&d, days);
		date_show(&d, nd, sizeof nd);
	}
	if (!k->json) {
		cli_row(_("Loan:"), jstr(loan, "contract_number"));
		cli_money_row(_("To pay now:"), json_integer_value(
		    json_object_get(terms, "to_pay")));
		cli_row(_("New due date:"), nd);
		cli_card(card, cl, sizeof cl);
		cli_row(_("Card:"), cl);
		fflush(stdout);
	}
	if (!yes && !cli_confirm(_("Extend?"))) {
		rc = cli_error(k, CLI_REFUSED, "not_confirmed", "%s",
		    _("not extended"));
		goto out;
	}
	if ((rc = cli_call(k, M_LOAN_EXTEND, json_pack("{s:s, s:s, s:I}",
	    "loan_id", jstr(loan, "id"), "card_id", jstr(card, "id"),
	    "days", (json_int_t)days), 1, &res)) != CLI_OK)
		goto out;
	if (k->json)
		cli_json(res);
	else
		cli_print(_("Extended; the loan is now due on %s"), nd);
out:
	json_decref(due);
	json_decref(terms);
	json_decref(cards);
	json_decref(res);
	return rc;
}
