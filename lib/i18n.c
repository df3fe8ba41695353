/* i18n.c — gettext set-up shared by the programs. */
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

void
i18n_init(void)
{
	const char *dir = getenv("KABINET_LOCALEDIR");

	setlocale(LC_ALL, "");
	bindtextdomain("kabinet", dir != NULL && *dir != '\0' ? dir :
	    LOCALEDIR);
	bind_textdomain_codeset("kabinet", "UTF-8");
	textdomain("kabinet");
}

/*
 * The language the user is shown, not the one asked for: under LANG=C
 * gettext ignores LANGUAGE and the text stays English, so numbers, money
 * and dates must be English too.  A catalogue in use answers "" with its
 * header, which names its language.
 */
int
i18n_is_russian(void)
{
	const char *h = gettext("");

	return h != NULL && *h != '\0' && strstr(h, "Language: ru") != NULL;
}
