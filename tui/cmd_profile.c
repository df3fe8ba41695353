/*
 * cmd_profile.c — kabinet profile: what the lender holds about the
 * borrower, as the My profile screen shows it (document numbers masked
 * by the lender).
 */
#include <stdio.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "cli.h"
#include "tui.h"

/* A member, or "—" for what the lender does not hold. */
static const char *
held(json_t *o, const char *key)
{
	const char	*s = jstr(o, key);

	return *s != '\0' ? s : "—";
}

static void	profile_print(json_t *);

/* profile email ADDRESS | postal-address TEXT: changed once the SMS code
 * confirms it, as on the My profile screen (checked by the daemon
 * first: a bad value is refused and nothing is sent). */
static int
profile_change(struct cli *k, const char *field, const char *value)
{
	json_t		*res = NULL, *err = NULL;
	const char	*why;
	int		 rc;

	if ((rc = cli_connect(k)) != CLI_OK)
		return rc;
	k->purpose = "profile";
	rc = cli_call_raw(k, M_PROFILE_UPDATE, json_pack("{s:s}", field,
	    value), 1, &res, &err);
	/* A refused value says why, as the form under its field does. */
	why = profile_reason(jstr(json_array_get(json_object_get(
	    json_object_get(err, "data"), "fields"), 0), "reason"));
	if (rc == 1 && why != NULL && !k->json) {
		json_decref(err);
		return cli_error(k, CLI_USAGE, "validation", "%s: %s",
		    strcmp(field, "email") == 0 ? _("E-mail") :
		    _("Postal address"), why);
	}
	if (rc == 1) {
		rc = cli_fail(k, err);
		json_decref(err);
		return rc;
	}
	if (rc == -1)
		return cli_error(k, CLI_NO_DAEMON, "daemon_gone", "%s",
		    _("the daemon did not answer"));
	if (k->json)
		cli_json(res);
	else {
		cli_print("%s", strcmp(field, "email") == 0 ?
		    _("The e-mail is changed") :
		    _("The postal address is changed"));
		profile_print(json_object_get(res, "profile"));
	}
	json_decref(res);
	return CLI_OK;
}

int
cmd_profile(struct cli *k, int argc, char **argv)
{
	json_t	*res = NULL;
	int	 rc;

	if (argc == 3 && strcmp(argv[1], "email") == 0)
		return profile_change(k, "email", argv[2]);
	if (argc == 3 && strcmp(argv[1], "postal-address") == 0)
		return profile_change(k, "postal_address", argv[2]);
	if ((rc = cli_fetch(k, argc, M_PROFILE_GET, &res)) != CLI_OK || res == NULL)
		return rc;
	profile_print(json_object_get(res, "profile"));
	json_decref(res);
	return CLI_OK;
}

static void
profile_print(json_t *p)
{
	cli_print("%s: %s %s %s", _("Full name"), held(p, "surname"),
	    held(p, "name"), jstr(p, "patronymic"));
	cli_print("%s: %s", _("Birth date"), held(p, "birth_date"));
	cli_print("%s: %s", _("Passport"), held(p, "passport_masked"));
	if (*jstr(p, "snils_masked") != '\0')
		cli_print("%s: %s", _("SNILS"), jstr(p, "snils_masked"));
	if (*jstr(p, "inn_masked") != '\0')
		cli_print("%s: %s", _("INN"), jstr(p, "inn_masked"));
	cli_print("%s: %s", _("Registered at"),
	    held(p, "registration_address"));
	cli_print("%s: %s", _("Postal address"),
	    *jstr(p, "postal_address") != '\0' ?
	    jstr(p, "postal_address") :
	    _("the same as the registration address"));
	cli_print("%s: %s", _("E-mail"), held(p, "email"));
	cli_print("%s: %s", _("Phone"), held(p, "phone_masked"));
}
