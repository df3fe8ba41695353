/*
 * cmd_appeals.c — kabinet appeals (the borrower's appeals with their
 * status) and kabinet appeal (one with its answer, or a new one: a
 * subject and a text, read from the standard input when it is "-").
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/appeal.h"
#include "kabinet/buf.h"
#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "cli.h"
#include "tui.h"

#define APPEAL_STDIN_MAX	(64 * 1024)

int
cmd_appeals(struct cli *k, int argc, char **argv)
{
	json_t	*res = NULL, *items, *it;
	char	 st[64];
	size_t	 i;
	int	 rc;

	(void)argv;
	if ((rc = cli_fetch(k, argc, M_APPEAL_LIST, &res)) != CLI_OK || res == NULL)
		return rc;
	items = json_object_get(res, "items");
	json_array_foreach(items, i, it)
		cli_print("%s  № %lld  %s  %s  %s", jstr(it, "id"),
		    (long long)json_integer_value(json_object_get(it,
		    "number")), cli_date(it, "created_at"),
		    appeals_subject(it), appeals_status(it, st, sizeof st));
	if (json_array_size(items) == 0)
		cli_print("%s", _("No appeals yet."));
	json_decref(res);
	return CLI_OK;
}

static void
appeal_show(json_t *a)
{
	char	st[64];

	cli_print(_("Appeal No. %lld: %s"), (long long)json_integer_value(
	    json_object_get(a, "number")), appeals_subject(a));
	cli_row(_("Status"), appeals_status(a, st, sizeof st));
	cli_row(_("Sent"), cli_date(a, "created_at"));
	cli_row(_("Answer by"), cli_date(a, "due_on"));
	/* The texts keep their lines, as the document command's do. */
	printf("\n%s\n", jstr(a, "text"));
	if (json_is_string(json_object_get(a, "answer"))) {
		printf("\n");
		cli_print(_("The lender's answer (%s):"),
		    cli_date(a, "answered_at"));
		printf("%s\n", jstr(a, "answer"));
	}
}

/* The text: the option's, or the standard input's for "-" (one final
 * line feed dropped).  Caller releases out. */
static int
appeal_text(const char *opt, struct buf *out)
{
	char	chunk[4096];
	size_t	n;

	if (strcmp(opt, "-") != 0) {
		buf_adds(out, opt);
		return 0;
	}
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		if (out->len + n > APPEAL_STDIN_MAX)
			return -1;
		buf_add(out, chunk, n);
	}
	if (out->len > 0 && out->data[out->len - 1] == '\n')
		out->data[--out->len] = '\0';
	return 0;
}

static int
appeal_new(struct cli *k, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "subject", required_argument, NULL, 's' },
		{ "text", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*subject = NULL, *text = NULL;
	struct buf	 b = BUF_INIT;
	json_t		*res = NULL, *a;
	int		 c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's')
			subject = optarg;
		else if (c == 't')
			text = optarg;
		else
			return cli_usage(k);
	}
	if (optind != argc || subject == NULL || text == NULL)
		return cli_usage(k);
	if (appeal_subject_find(subject) == NULL)
		return cli_error(k, CLI_USAGE, "invalid_subject",
		    _("no such subject \"%s\"; one of payment_not_credited, "
		    "dispute_charge, credit_holiday, other"), subject);
	if (appeal_text(text, &b) != 0) {
		buf_release(&b);
		return cli_error(k, CLI_USAGE, "too_long", "%s",
		    _("the text is too long"));
	}
	if ((rc = cli_connect(k)) != CLI_OK ||
	    (rc = cli_call(k, M_APPEAL_CREATE, json_pack("{s:s, s:s}",
	    "subject", subject, "text", b.data), 0, &res)) != CLI_OK) {
		buf_release(&b);
		return rc;
	}
	buf_release(&b);
	a = json_object_get(res, "appeal");
	if (k->json)
		cli_json(res);
	else
		cli_print(_("Appeal No. %lld sent; the lender answers by %s"),
		    (long long)json_integer_value(json_object_get(a,
		    "number")), cli_date(a, "due_on"));
	json_decref(res);
	return CLI_OK;
}

int
cmd_appeal(struct cli *k, int argc, char **argv)
{
	json_t	*res = NULL;
	int	 rc;

	if (argc >= 2 && strcmp(argv[1], "new") == 0)
		return appeal_new(k, argc - 1, argv + 1);
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(k);
	if ((rc = cli_connect(k)) != CLI_OK ||
	    (rc = cli_call(k, M_APPEAL_GET, json_pack("{s:s}", "id",
	    argv[1]), 0, &res)) != CLI_OK)
		return rc;
	if (k->json)
		cli_json(res);
	else
		appeal_show(json_object_get(res, "appeal"));
	json_decref(res);
	return CLI_OK;
}
