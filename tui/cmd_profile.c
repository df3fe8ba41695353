/*
 * cmd_profile.c — kabinet profile: what the lender holds about the
 * borrower, as the My profile screen shows it (document numbers masked
 * by the lender).
 */
#include <stdio.h>

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

int
cmd_profile(struct cli *k, int argc, char **argv)
{
	json_t	*res = NULL, *p;
	int	 rc;

	(void)argv;
	if ((rc = cli_fetch(k, argc, M_PROFILE_GET, &res)) != CLI_OK || res == NULL)
		return rc;
	p = json_object_get(res, "profile");
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
	json_decref(res);
	return CLI_OK;
}
