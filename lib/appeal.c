/*
 * appeal.c — the subjects of an appeal and the checks on its text.
 *
 * The periods: a credit holiday request is answered within 5 working days
 * (353-FZ art. 6.1-1); any other appeal to an MFO within 15 working days
 * (123-FZ art. 16 part 4, as the Bank of Russia's basic standard for
 * MFOs' consumer protection repeats).  Every subject but "other" is about
 * the client's loans or payments, so the desk checks the caller's
 * passport before it shows them or answers.
 */
#include <string.h>

#include "kabinet/appeal.h"
#include "kabinet/i18n.h"
#include "kabinet/utf8.h"

const struct appeal_subject appeal_subjects[] = {
	{ "payment_not_credited", N_("A payment was not credited"), 15,
	  "123-FZ art. 16 part 4", 1 },
	{ "dispute_charge", N_("Dispute a charge"), 15,
	  "123-FZ art. 16 part 4", 1 },
	{ "credit_holiday", N_("Credit holiday (353-FZ art. 6.1-1)"), 5,
	  "353-FZ art. 6.1-1", 1 },
	{ "other", N_("Other"), 15, "123-FZ art. 16 part 4", 0 },
};
const size_t appeal_nsubjects = sizeof appeal_subjects /
    sizeof appeal_subjects[0];

const struct appeal_subject *
appeal_subject_find(const char *id)
{
	size_t	i;

	if (id == NULL)
		return NULL;
	for (i = 0; i < appeal_nsubjects; i++)
		if (strcmp(appeal_subjects[i].id, id) == 0)
			return &appeal_subjects[i];
	return NULL;
}

enum appeal_text_error
appeal_text_check(const char *s, size_t max)
{
	size_t	n, used, chars = 0;
	int32_t	cp;
	int	blank = 1;

	if (s == NULL)
		return APPEAL_TEXT_EMPTY;
	n = strlen(s);
	while (n > 0) {
		if ((cp = utf8_decode(s, n, &used)) < 0)
			return APPEAL_TEXT_INVALID;
		if ((cp < 0x20 && cp != '\n' && cp != '\t') ||
		    (cp >= 0x7f && cp < 0xa0))
			return APPEAL_TEXT_INVALID;
		if (cp != ' ' && cp != '\n' && cp != '\t')
			blank = 0;
		chars++;
		s += used;
		n -= used;
	}
	if (blank)
		return APPEAL_TEXT_EMPTY;
	return chars > max ? APPEAL_TEXT_TOO_LONG : APPEAL_TEXT_OK;
}

const char *
appeal_text_code(enum appeal_text_error e)
{
	static const char *const codes[] = {
		[APPEAL_TEXT_OK] = "ok",
		[APPEAL_TEXT_EMPTY] = "required",
		[APPEAL_TEXT_TOO_LONG] = "too_long",
		[APPEAL_TEXT_INVALID] = "invalid",
	};

	return codes[e];
}
