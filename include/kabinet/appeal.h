/*
 * appeal.h — a borrower's appeal (обращение) to the lender: the subjects
 * a borrower may choose, the period the law gives the lender to answer
 * each, whether the support desk must check the caller's identity before
 * it sees the client's loans, and the rules for the text.  The sandbox
 * publishes the periods (GET /v1/support), the daemon checks the text
 * before sending it, the TUI shows the subjects' words.
 */
#ifndef KABINET_APPEAL_H
#define KABINET_APPEAL_H

#include <stddef.h>

#define APPEAL_TEXT_MAX		2000	/* characters, the borrower's */
#define APPEAL_ANSWER_MAX	4000	/* characters, the lender's */

struct appeal_subject {
	const char	*id;		/* on the wire */
	const char	*label;		/* N_() */
	int		 working_days;	/* to answer, from the day after */
	const char	*basis;		/* the law that sets the period */
	int		 needs_identity; /* it touches the client's loans */
};

extern const struct appeal_subject appeal_subjects[];
extern const size_t appeal_nsubjects;
/* The subject of id, or NULL. */
const struct appeal_subject *appeal_subject_find(const char *id);

enum appeal_text_error {
	APPEAL_TEXT_OK = 0,
	APPEAL_TEXT_EMPTY,		/* nothing but white space */
	APPEAL_TEXT_TOO_LONG,		/* more than max characters */
	APPEAL_TEXT_INVALID,		/* not UTF-8, or a control character
					   other than a line feed or tab */
};
/* Checks a text of at most max characters (code points). */
enum appeal_text_error appeal_text_check(const char *, size_t max);
/* The wire code of an error ("required", "too_long", "invalid"). */
const char *appeal_text_code(enum appeal_text_error);

/* The statuses an appeal goes through, in order. */
#define APPEAL_NEW		"new"
#define APPEAL_IN_WORK		"in_work"
#define APPEAL_ANSWERED		"answered"
#define APPEAL_CLOSED		"closed"

#endif
