/*
 * cli.c — the scriptable side of kabinet: `kabinet status [--json]`
 * asks the daemon (hello, then session.status) and prints a summary.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/client.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/protocol.h"
#include "tui.h"

#define CLI_TIMEOUT_MS	10000

static const char *
cli_str(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Prints UTF-8 as this terminal can show it. */
static void
cli_print(const char *fmt, ...)
{
	struct buf	raw = BUF_INIT, shown = BUF_INIT;
	va_list		ap;

	va_start(ap, fmt);
	buf_vaddf(&raw, fmt, ap);
	va_end(ap);
	text_display(raw.data, &shown);
	fputs(shown.data, stdout);
	putchar('\n');
	buf_release(&raw);
	buf_release(&shown);
}

static void
cli_summary(json_t *hello, json_t *st)
{
	json_t		*l = json_object_get(st, "lender"), *p;
	const char	*state = cli_str(st, "state"), *err;
	char		 lo[MONEY_FMT_LEN], hi[MONEY_FMT_LEN];
	size_t		 i;
	json_int_t	 tmax;

	cli_print(_("daemon:  %s (protocol %d)"), cli_str(hello, "daemon") !=
	    NULL ? cli_str(hello, "daemon") : "?",
	    (int)json_integer_value(json_object_get(hello, "protocol")));
	if (json_is_object(l)) {
		const char *name = cli_str(l, "name");

		if (json_is_true(json_object_get(l, "reachable")))
			cli_print(_("lender:  %s, reachable"), name != NULL ?
			    name : cli_str(l, "url") != NULL ?
			    cli_str(l, "url") : "?");
		else {
			err = reasons_lender(l);
			cli_print(_("lender:  %s, not reachable: %s"),
			    name != NULL ? name : cli_str(l, "url") != NULL ?
			    cli_str(l, "url") : "?", err != NULL ? err :
			    _("no answer yet"));
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
			    (unsigned long)tmax), cli_str(p, "name") != NULL ?
			    cli_str(p, "name") : "?", lo, hi,
			    (int)json_integer_value(json_object_get(p,
			    "min_term")), (int)tmax);
		}
	}
	if (state != NULL && strcmp(state, "signed_in") == 0)
		cli_print(_("account: signed in as %s (%s)%s"),
		    cli_str(st, "name") != NULL ? cli_str(st, "name") : "?",
		    cli_str(st, "phone_masked") != NULL ?
		    cli_str(st, "phone_masked") : "?",
		    json_is_true(json_object_get(st, "restricted")) ?
		    _(", restricted") : "");
	else if (state != NULL && strcmp(state, "password_change") == 0)
		cli_print("%s", _("account: signed in; the password must be "
		    "changed"));
	else
		cli_print("%s", _("account: signed out"));
	if (cli_str(st, "storage") != NULL &&
	    strcmp(cli_str(st, "storage"), "memory") == 0)
		cli_print("%s", _("session: kept in memory only (no Secret "
		    "Service)"));
}

int
cli_status(const char *path, int may_start, int json)
{
	json_t	*hello = NULL, *st = NULL, *err = NULL, *out;
	char	 client[64];
	int	 fd, rc;

	if ((fd = conn_connect_wait(path, may_start, 5000)) == -1) {
		fprintf(stderr, _("kabinet: no daemon answers at %s%s\n"), path,
		    may_start ? "" : _(" (not started: --no-start-daemon)"));
		return 1;
	}
	snprintf(client, sizeof client, "kabinet/%s", KB_VERSION);
	rc = client_call(fd, M_HELLO, json_pack("{s:i, s:s}", "protocol",
	    KB_PROTOCOL_VERSION, "client", client), CLI_TIMEOUT_MS, &hello,
	    &err);
	if (rc == 0)
		rc = client_call(fd, M_SESSION_STATUS, NULL, CLI_TIMEOUT_MS,
		    &st, &err);
	close(fd);
	if (rc != 0) {
		if (rc == 1)
			fprintf(stderr, "kabinet: %s\n",
			    reasons_text(reasons_of(err)));
		else
			fprintf(stderr, "%s\n", _("kabinet: the daemon did not "
			    "answer"));
		json_decref(err);
		json_decref(hello);
		return 1;
	}
	if (json) {
		out = json_pack("{s:O, s:O}", "daemon", hello, "session", st);
		json_dumpf(out, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
		putchar('\n');
		json_decref(out);
	} else
		cli_summary(hello, st);
	json_decref(hello);
	json_decref(st);
	return 0;
}
