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

int
i18n_is_russian(void)
{
	const char *l = setlocale(LC_MESSAGES, NULL);
	const char *lang = getenv("LANGUAGE");

	if (lang != NULL && *lang != '\0')
		return strncmp(lang, "ru", 2) == 0;
	return l != NULL && strncmp(l, "ru", 2) == 0;
}
