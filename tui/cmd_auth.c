/*
 * cmd_auth.c — kabinet login (phone, then the password and any SMS code
 * read without echo, or from file descriptors for scripts) and kabinet
 * logout.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/log.h"
#include "kabinet/phone.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "cli.h"
#include "tui.h"

#define CLI_PASSWORD_MAX	256

static void
cmd_auth_said(json_t *st)
{
	const char	*state = jstr(st, "state");

	if (strcmp(state, "signed_in") == 0)
		cli_print(_("Signed in as %s (%s)"), jstr(st, "name"),
		    jstr(st, "phone_masked"));
	else if (strcmp(state, "password_change") == 0)
		cli_print("%s", _("Signed in; the password must be changed "
		    "(in kabinet's Settings)"));
	else
		cli_print("%s", _("Signed out"));
}

int
cmd_login(struct cli *k, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "password-fd", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	char			 phone[PHONE_LEN + 1], pw[CLI_PASSWORD_MAX];
	char			 typed[64];
	const char		*arg;
	json_t			*res = NULL, *st = NULL;
	enum phone_error	 pe;
	int			 c, fd = -1, rc;

	optind = 0;	/* GNU getopt: start afresh, permuting */
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'p' || (fd = cli_fd_arg(optarg)) == -1)
			return cli_usage(k);
	}
	if (optind + 1 == argc)
		arg = argv[optind];
	else if (optind == argc && !k->json &&
	    cli_prompt(_("Phone: "), typed, sizeof typed) == 0)
		arg = typed;
	else
		return cli_usage(k);
	if ((pe = phone_normalize(arg, phone)) != PHONE_OK)
		return cli_error(k, CLI_USAGE, R_INVALID_PHONE,
		    _("bad phone \"%s\": %s"), arg, _(phone_strerror(pe)));
	if ((rc = cli_secret(k, _("Password: "), fd, pw, sizeof pw,
	    _("no password given (type it on a terminal, or use "
	    "--password-fd)"))) != CLI_OK)
		return rc;
	if ((rc = cli_connect(k)) != CLI_OK) {
		wipe(pw, sizeof pw);
		return rc;
	}
	/* The JSON copy of the password is wiped once sent (client.c). */
	k->purpose = "login";
	rc = cli_call(k, M_AUTH_LOGIN, json_pack("{s:s, s:s}", "phone", phone,
	    "password", pw), 1, &res);
	wipe(pw, sizeof pw);
	if (rc != CLI_OK)
		return rc;
	if ((rc = cli_call(k, M_SESSION_STATUS, NULL, 0, &st)) == CLI_OK) {
		if (k->json)
			cli_json(st);
		else
			cmd_auth_said(st);
	}
	json_decref(res);
	json_decref(st);
	return rc;
}

int
cmd_logout(struct cli *k, int argc, char **argv)
{
	json_t	*res = NULL;
	int	 rc;

	(void)argv;
	if ((rc = cli_fetch(k, argc, M_AUTH_LOGOUT, &res)) != CLI_OK ||
	    res == NULL)
		return rc;
	cli_print("%s", _("Signed out"));
	json_decref(res);
	return CLI_OK;
}
