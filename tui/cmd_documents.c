/*
 * cmd_documents.c — kabinet documents (every document the borrower
 * accepted or signed: id, date, version, title, SHA-256) and document ID
 * (its exact text, checked against its SHA-256, on stdout or into a
 * file), as the My documents screen shows and saves them.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "cli.h"
#include "tui.h"

int
cmd_documents(struct cli *k, int argc, char **argv)
{
	json_t	*res = NULL, *items, *it;
	size_t	 i;
	int	 rc;

	(void)argv;
	if ((rc = cli_fetch(k, argc, M_DOCUMENTS_LIST, &res)) != CLI_OK || res == NULL)
		return rc;
	items = json_object_get(res, "items");
	json_array_foreach(items, i, it)
		cli_print("%s  %s  %s  %s  SHA-256 %s", jstr(it, "id"),
		    cli_date(it, "signed_at"), jstr(it, "version"),
		    jstr(it, "title"), jstr(it, "sha256"));
	if (json_array_size(items) == 0)
		cli_print("%s", _("Nothing accepted or signed yet."));
	json_decref(res);
	return CLI_OK;
}

int
cmd_document(struct cli *k, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*output = NULL, *text, *why;
	json_t		*res = NULL;
	int		 c, rc;

	optind = 0;	/* GNU getopt: start afresh, permuting */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'o')
			return cli_usage(k);
		output = optarg;
	}
	if (optind != argc - 1)
		return cli_usage(k);
	if ((rc = cli_connect(k)) != CLI_OK ||
	    (rc = cli_call(k, M_DOCUMENTS_GET, json_pack("{s:s}", "id",
	    argv[optind]), 0, &res)) != CLI_OK)
		return rc;
	text = jstr(res, "text");
	/* The text is the lender's word only if it is what was signed. */
	if (!documents_sha256_ok(text, jstr(res, "sha256"))) {
		rc = cli_error(k, CLI_REFUSED, "sha256_mismatch", "%s",
		    _("the text received does NOT match its SHA-256"));
		goto out;
	}
	if (output == NULL) {
		if (k->json)
			cli_json(res);
		else
			fputs(text, stdout);
		goto out;
	}
	if ((why = docfile_write(output, jstr(res, "title"), text)) !=
	    NULL) {
		rc = cli_error(k, CLI_USAGE, "cannot_write",
		    _("Cannot write %s: %s"), output, why);
		goto out;
	}
	if (k->json) {
		json_object_del(res, "text");
		json_object_set_new(res, "saved_to", json_string(output));
		cli_json(res);
	} else
		cli_print(_("Saved to %s"), output);
out:
	json_decref(res);
	return rc;
}
