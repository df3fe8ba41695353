/*
 * translit.h — Russian Cyrillic to Latin capitals, for matching a card's
 * holder name against the borrower's name.
 *
 * translit_ru() follows the system of Russian foreign passports since
 * 2013 (ICAO Doc 9303): Ж ZH, Х KH, Ц TS, Ч CH, Ш SH, Щ SHCH, Ъ IE, Ы Y,
 * Й I, Ю IU, Я IA, Е/Ё/Э E, Ь dropped.  Cards issued before that often
 * carry the older passport system (Й Y, Ю YU, Я YA, Ъ dropped), which
 * translit_ru_legacy() gives.  ASCII is upper-cased and kept.
 */
#ifndef KABINET_TRANSLIT_H
#define KABINET_TRANSLIT_H

/* New string (caller frees), or NULL when in is not UTF-8 or holds a
 * letter that is neither Russian nor ASCII. */
char	*translit_ru(const char *in);
char	*translit_ru_legacy(const char *in);

/* 1 when a normalized holder name (card_holder_normalize()) is the
 * borrower's given name and surname, in either order and either system:
 * "IVAN IVANOV" for given "Иван", surname "Иванов". */
int	 translit_name_matches(const char *holder, const char *given,
	    const char *surname);

#endif
