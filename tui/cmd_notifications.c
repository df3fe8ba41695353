/*
 * cmd_notifications.c — kabinet notifications (the lender's messages, the
 * unread ones or --all, newest first) and kabinet status --short (one line
 * for a shell prompt or a status bar, from account.summary, which the
 * daemon answers from its state without asking the lender).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/date.h"
#include "kabinet/money.h"
#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "cli.h"
#include "tui.h"

#define NOTIF_PAGE	100

/* notifications read ID | read --all: marked read at the lender, as
 * reading one on the Messages screen does (id NULL: every one). */
static int
notif_read(struct cli *k, const char *id)
{
	json_t	*res = NULL;
	int	 rc;

	if ((rc = cli_connect(k)) != CLI_OK)
		return rc;
	if ((rc = cli_call(k, M_NOTIFICATIONS_READ, id != NULL ?
	    json_pack("{s:s}", "id", id) : json_pack("{s:b}", "all", 1), 0,
	    &res)) != CLI_OK)
		return rc;
	if (k->json)
		cli_json(res);
	else if (id != NULL)
		cli_print(_("Marked read: %s"), notif_words(json_object_get(res,
		    "notification"), "title"));
	else
		cli_print("%s", _("All messages are marked read"));
	json_decref(res);
	return CLI_OK;
}

int
cmd_notifications(struct cli *k, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	json_t		*res = NULL, *items = json_array(), *it, *out;
	const char	*cursor = NULL;
	char		 when[DATE_FMT_LEN + 16], cur[64];
	json_int_t	 unread = 0;
	size_t		 i;
	int		 c, rc, all = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'a') {
			json_decref(items);
			return cli_usage(k);
		}
		all = 1;
	}
	if (optind < argc && strcmp(argv[optind], "read") == 0) {
		json_decref(items);
		if (all ? optind + 1 != argc : optind + 2 != argc)
			return cli_usage(k);
		return notif_read(k, all ? NULL : argv[optind + 1]);
	}
	if (optind < argc && strcmp(argv[optind], "list") == 0)
		optind++;
	if (optind != argc) {
		json_decref(items);
		return cli_usage(k);
	}
	if ((rc = cli_connect(k)) != CLI_OK) {
		json_decref(items);
		return rc;
	}
	/* Every page: there are seldom more than one. */
	do {
		json_t *params = json_pack("{s:i, s:b}", "limit", NOTIF_PAGE,
		    "unread", !all);

		if (cursor != NULL)
			json_object_set_new(params, "cursor",
			    json_string(cursor));
		if ((rc = cli_call(k, M_NOTIFICATIONS_LIST, params, 0,
		    &res)) != CLI_OK) {
			json_decref(items);
			return rc;
		}
		json_array_extend(items, json_object_get(res, "items"));
		unread = json_integer_value(json_object_get(res, "unread"));
		cursor = NULL;
		if (json_is_string(json_object_get(res, "next_cursor"))) {
			snprintf(cur, sizeof cur, "%s", json_string_value(
			    json_object_get(res, "next_cursor")));
			cursor = cur;
		}
		json_decref(res);
	} while (cursor != NULL);
	if (k->json) {
		out = json_pack("{s:o, s:I}", "items", items, "unread", unread);
		cli_json(out);
		json_decref(out);
		return CLI_OK;
	}
	json_array_foreach(items, i, it) {
		/* the id first, as `notifications read ID` takes it */
		cli_print("%s %s  %s  %s", json_is_true(json_object_get(it,
		    "read")) ? " " : "*", jstr(it, "id"), notif_when(it, when,
		    sizeof when), notif_words(it, "title"));
		cli_print("    %s", notif_words(it, "text"));
	}
	if (json_array_size(items) == 0)
		cli_print("%s", all ? _("No messages from the lender yet.") :
		    _("No unread messages."));
	json_decref(items);
	return CLI_OK;
}

/* "15.12": a due date in a line that must stay short. */
static const char *
short_day(const char *iso, char *out, size_t len)
{
	struct date	d;

	if (iso == NULL || date_parse(iso, &d) != DATE_OK)
		return "?";
	snprintf(out, len, "%02d.%02d", d.d, d.m);
	return out;
}

/* The one line of status --short, from account.summary's answer. */
void
cli_status_line(json_t *sum, struct buf *b)
{
	const char	*state = jstr(sum, "state"), *ls;
	json_t		*loan = json_object_get(sum, "loan");
	json_int_t	 unread = json_integer_value(json_object_get(sum,
			    "unread"));
	char		 day[16], money[MONEY_FMT_LEN];

	if (strcmp(state, "signed_in") != 0) {
		buf_adds(b, strcmp(state, "password_change") == 0 ?
		    _("password change needed") : _("signed out"));
		return;
	}
	if (!json_is_true(json_object_get(sum, "known"))) {
		buf_adds(b, _("lender not reached yet"));
		return;
	}
	ls = jstr(loan, "state");
	text_money(json_integer_value(json_object_get(loan, "total_due")),
	    money, sizeof money);
	if (!json_is_object(loan))
		buf_adds(b, _("no loan"));
	else if (strcmp(ls, "overdue") == 0)
		buf_addf(b, _("overdue since %s: %s"), short_day(jstr(loan,
		    "due_on"), day, sizeof day), money);
	else
		buf_addf(b, _("due %s: %s"), short_day(jstr(loan,
		    "due_on"), day, sizeof day), money);
	if (unread > 0) {
		buf_adds(b, " · ");
		buf_addf(b, P_("%d unread", "%d unread",
		    (unsigned long)unread), (int)unread);
	}
}
