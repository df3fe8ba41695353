/*
 * cmd_autopay.c — kabinet autopay [status | on | off]: whether the lender
 * charges the default card on the due date, and the consent to it.  on
 * prints the consent's text, checked against its SHA-256, then signs it
 * with the SMS code the daemon asks for (read as every command reads
 * one, and wiped); off withdraws it at once.
 */
#include <stdio.h>
#include <string.h>

#include "kabinet/card.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/protocol.h"
#include "cli.h"
#include "tui.h"

static void
autopay_print(json_t *res)
{
	json_t		*ap = json_object_get(res, "autopay");
	json_t		*next = json_object_get(ap, "next_charge");
	char		 card[CARD_LABEL_LEN + 8], m[MONEY_FMT_LEN], when[64];
	struct buf	 b = BUF_INIT;
	time_t		 t;

	cli_row(_("Autopay"), json_is_true(json_object_get(ap, "enabled")) ?
	    _("on") : _("off"));
	if (json_is_object(json_object_get(ap, "card"))) {
		cli_card(json_object_get(ap, "card"), card, sizeof card);
		cli_row(_("Card"), card);
	} else
		cli_row(_("Card"), _("none linked"));
	if (!json_is_object(next))
		return;
	text_money(json_integer_value(json_object_get(next, "amount")), m,
	    sizeof m);
	buf_reset(&b);
	if ((t = text_parse_time(jstr(next, "retry_at"))) != -1) {
		text_hhmm(t, when, sizeof when);
		buf_addf(&b, _("%s, again at %s after a decline"), m, when);
	} else
		buf_addf(&b, _("%s on %s"), m, cli_date(next, "due_on"));
	cli_row(_("Next charge"), b.data);
	buf_release(&b);
}

/* The consent's text, shown before it is signed; its SHA-256 into sha. */
static int
autopay_consent(struct cli *k, char *sha, size_t len)
{
	json_t		*res = NULL;
	const char	*text;
	int		 rc;

	if ((rc = cli_call(k, M_AUTOPAY_CONSENT, NULL, 0, &res)) != CLI_OK)
		return rc;
	text = jstr(res, "text");
	if (!documents_sha256_ok(text, jstr(res, "sha256"))) {
		json_decref(res);
		return cli_error(k, CLI_REFUSED, "sha256_mismatch", "%s",
		    _("the text received does NOT match its SHA-256"));
	}
	if (!k->json) {
		fputs(text, stdout);
		fputc('\n', stdout);
		fflush(stdout);
	}
	snprintf(sha, len, "%s", jstr(res, "sha256"));
	json_decref(res);
	return CLI_OK;
}

int
cmd_autopay(struct cli *k, int argc, char **argv)
{
	const char	*sub = argc > 1 ? argv[1] : "status";
	json_t		*res = NULL;
	char		 sha[65];
	int		 rc;

	if (argc > 2 || (strcmp(sub, "status") != 0 && strcmp(sub, "on") != 0
	    && strcmp(sub, "off") != 0))
		return cli_usage(k);
	if ((rc = cli_connect(k)) != CLI_OK)
		return rc;
	if (strcmp(sub, "on") == 0) {
		if ((rc = autopay_consent(k, sha, sizeof sha)) != CLI_OK)
			return rc;
		k->purpose = "autopay";
		rc = cli_call(k, M_AUTOPAY_ON, json_pack("{s:s}",
		    "document_sha256", sha), 1, &res);
	} else
		rc = cli_call(k, strcmp(sub, "off") == 0 ? M_AUTOPAY_OFF :
		    M_AUTOPAY_STATUS, NULL, 0, &res);
	if (rc != CLI_OK)
		return rc;
	if (k->json)
		cli_json(res);
	else
		autopay_print(res);
	json_decref(res);
	return CLI_OK;
}
