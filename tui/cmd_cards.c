/*
 * cmd_cards.c — kabinet cards: list, add (the card number read without
 * echo, or from a file descriptor, and wiped once sent), remove, default;
 * and kabinet services: list, on, off.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/buf.h"
#include "kabinet/i18n.h"
#include "kabinet/log.h"
#include "kabinet/money.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "cli.h"
#include "tui.h"

#define CLI_PAN_MAX	64

static int
cards_list(struct cli *k)
{
	json_t		*res = NULL, *c;
	struct buf	 b = BUF_INIT;
	char		 cl[128];
	size_t		 i;
	int		 rc;

	if ((rc = cli_call(k, M_CARD_LIST, NULL, 0, &res)) != CLI_OK)
		return rc;
	if (k->json)
		cli_json(res);
	else {
		json_array_foreach(json_object_get(res, "items"), i, c) {
			buf_reset(&b);
			cli_card(c, cl, sizeof cl);
			buf_adds(&b, json_is_true(json_object_get(c,
			    "default")) ? "* " : "  ");
			cli_pad(&b, cl, 22, 0);
			buf_addf(&b, "%02d/%02d  ", (int)json_integer_value(
			    json_object_get(c, "exp_month")),
			    (int)(json_integer_value(json_object_get(c,
			    "exp_year")) % 100));
			cli_pad(&b, jstr(c, "holder"), 26, 0);
			buf_addf(&b, "  [%s]", jstr(c, "id"));
			cli_print("%s", b.data);
		}
		if (json_array_size(json_object_get(res, "items")) == 0)
			cli_print("%s", _("No cards linked"));
	}
	buf_release(&b);
	json_decref(res);
	return CLI_OK;
}

static int
cards_add(struct cli *k, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pan-fd", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	json_t	*res = NULL;
	char	 pan[CLI_PAN_MAX], cl[128];
	int	 c, fd = -1, rc;

	optind = 0;	/* GNU getopt: start afresh, permuting */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (c != 'p' || (fd = cli_fd_arg(optarg)) == -1)
			return cli_usage(k);
	if (optind + 2 != argc)
		return cli_usage(k);
	if ((rc = cli_secret(k, _("Card number: "), fd, pan, sizeof pan,
	    _("no card number given (type it on a terminal, or use "
	    "--pan-fd)"))) != CLI_OK)
		return rc;
	if ((rc = cli_connect(k)) != CLI_OK) {
		wipe(pan, sizeof pan);
		return rc;
	}
	k->purpose = "card_link";
	rc = cli_call(k, M_CARD_ADD, json_pack("{s:s, s:s, s:s}", "pan", pan,
	    "expiry", argv[optind], "holder", argv[optind + 1]), 1, &res);
	wipe(pan, sizeof pan);
	if (rc != CLI_OK)
		return rc;
	if (k->json)
		cli_json(res);
	else {
		cli_card(json_object_get(res, "card"), cl, sizeof cl);
		cli_print(_("Linked %s"), cl);
	}
	json_decref(res);
	return CLI_OK;
}

/* card.remove or card.default of argv[1]. */
static int
cards_one(struct cli *k, const char *method, int argc, char **argv)
{
	json_t	*res = NULL;
	int	 rc;

	if (argc != 2)
		return cli_usage(k);
	if ((rc = cli_call(k, method, json_pack("{s:s}", "card_id", argv[1]),
	    0, &res)) != CLI_OK)
		return rc;
	if (k->json)
		cli_json(res);
	else if (strcmp(method, M_CARD_REMOVE) == 0)
		cli_print(_("Card %s unlinked"), argv[1]);
	else
		cli_print(_("Card %s is the default now"), argv[1]);
	json_decref(res);
	return CLI_OK;
}

int
cmd_cards(struct cli *k, int argc, char **argv)
{
	const char	*sub = argc > 1 ? argv[1] : "list";
	int		 rc;

	if (strcmp(sub, "add") == 0)
		return cards_add(k, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0 ? argc > 2 :
	    strcmp(sub, "remove") != 0 && strcmp(sub, "default") != 0)
		return cli_usage(k);
	if ((rc = cli_connect(k)) != CLI_OK)
		return rc;
	if (strcmp(sub, "list") == 0)
		return cards_list(k);
	return cards_one(k, strcmp(sub, "remove") == 0 ? M_CARD_REMOVE :
	    M_CARD_DEFAULT, argc - 1, argv + 1);
}

static int
services_list(struct cli *k)
{
	json_t		*res = NULL, *s;
	struct buf	 b = BUF_INIT;
	char		 m[MONEY_FMT_LEN];
	size_t		 i;
	int		 rc;

	if ((rc = cli_call(k, M_SERVICE_LIST, NULL, 0, &res)) != CLI_OK)
		return rc;
	if (k->json)
		cli_json(res);
	else {
		json_array_foreach(json_object_get(res, "items"), i, s) {
			buf_reset(&b);
			cli_pad(&b, json_is_true(json_object_get(s,
			    "enabled")) ? _("on") : _("off"), 5, 0);
			cli_pad(&b, jstr(s, "id"), 15, 0);
			cli_pad(&b, text_money(json_integer_value(
			    json_object_get(s, "price")), m, sizeof m), 12, 1);
			buf_addf(&b, "  %s", jstr(s, "title"));
			cli_print("%s", b.data);
			cli_print("     %s", jstr(s, "terms"));
		}
		if (json_array_size(json_object_get(res, "items")) == 0)
			cli_print("%s", _("No services"));
	}
	buf_release(&b);
	json_decref(res);
	return CLI_OK;
}

int
cmd_services(struct cli *k, int argc, char **argv)
{
	const char	*sub = argc > 1 ? argv[1] : "list";
	json_t		*res = NULL;
	int		 rc, on;

	if (strcmp(sub, "list") == 0 ? argc > 2 : argc != 3 ||
	    (strcmp(sub, "on") != 0 && strcmp(sub, "off") != 0))
		return cli_usage(k);
	if ((rc = cli_connect(k)) != CLI_OK)
		return rc;
	if (strcmp(sub, "list") == 0)
		return services_list(k);
	on = strcmp(sub, "on") == 0;
	k->purpose = "service";
	if ((rc = cli_call(k, M_SERVICE_SET, json_pack("{s:s, s:b}",
	    "service_id", argv[2], "enabled", on), 1, &res)) != CLI_OK)
		return rc;
	if (k->json)
		cli_json(res);
	else
		cli_print(on ? _("Service %s is on") : _("Service %s is off"),
		    argv[2]);
	json_decref(res);
	return CLI_OK;
}
