/*
 * name.h — parts of a borrower's Russian full name (surname, given name,
 * patronymic) as typed into the registration form: Cyrillic letters, with
 * single hyphens, spaces or apostrophes between letters, at most
 * NAME_MAX_CHARS characters.  Names are personal data: never log them.
 */
#ifndef KABINET_NAME_H
#define KABINET_NAME_H

#define NAME_MAX_CHARS	50

enum name_error {
	NAME_OK = 0,
	NAME_EMPTY,		/* a patronymic may be; the caller decides */
	NAME_BAD_CHAR,		/* Latin, digits, punctuation, bad UTF-8 */
	NAME_TOO_LONG,
};

/* Trims, squeezes blanks and capitalises each part ("анна-мария  петрова"
 * → "Анна-Мария Петрова") into *outp (new string, caller frees); *outp is
 * NULL on error. */
enum name_error name_normalize(const char *in, char **outp);
const char *name_strerror(enum name_error);	/* English, for N_() */

#endif
