/*
 * i18n.h — gettext for user-visible text.  English is the source language;
 * po/ru.po carries Russian.  The text domain is "kabinet".
 */
#ifndef KABINET_I18N_H
#define KABINET_I18N_H

#include <libintl.h>
#include <locale.h>

#define _(s)	gettext(s)
#define N_(s)	(s)
#define P_(s, p, n) ngettext((s), (p), (n))

/* setlocale(LC_ALL, ""), bindtextdomain (KABINET_LOCALEDIR env overrides
 * the compiled-in LOCALEDIR, for running from the build tree). */
void	i18n_init(void);
/* 1 when the text shown is Russian (the catalogue gettext uses). */
int	i18n_is_russian(void);

#endif
