/*
 * op_client.c — what the operator's screens on one caller share.  The
 * screens are the operator's work on one caller: find the client (phone,
 * contract number, or surname and birth date), pick them from the masked
 * results, look at the card (masked profile and loans, read-only),
 * check their identity against the passport they dictate, and only then
 * change their phone (the SMS code goes to the new number and the caller
 * reads it out) or reset their password.
 *
 * Passport series and number and the birth date are checked here with
 * lib/passport.h and lib/date.h before anything is sent, and wiped with
 * the form.  No screen ever shows a document: the lender only says
 * match or no match.
 *
 * Shared here: the form screens' keys and life (verify, phone) and the
 * date check (find, verify).
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/passport.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"
#include "op_client.h"

/* A date field's value checked with date.h: ISO into iso, or -1 with
 * the field's error set. */
int
op_date_field(struct field *f, char *iso, int required)
{
	struct date	 d, today = date_today();
	char		*v = field_value(f);
	int		 rc = 0;

	iso[0] = '\0';
	if (*v == '\0') {
		if (required) {
			f->error = _("Enter the date as DD.MM.YYYY");
			rc = -1;
		}
	} else if (date_parse(v, &d) != DATE_OK) {
		f->error = _("Not a date; enter it as DD.MM.YYYY");
		rc = -1;
	} else if (date_cmp(&d, &today) > 0) {
		f->error = _("The date is in the future");
		rc = -1;
	} else
		date_format_iso(&d, iso, DATE_FMT_LEN);
	free(v);
	return rc;
}

const struct keybind op_form_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Next field / send"), form_screen_submit,
	  KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), form_screen_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

struct opform *
op_form_open(const struct screen_class *cls, struct screen *card,
    const char *id, size_t nfields, void (*submit)(struct screen *))
{
	struct opform	*f = xcalloc(1, sizeof *f);

	f->id = xstrdup(id);
	f->card = card;
	form_init(&f->form, nfields);
	f->form.submit = submit;
	ui_push(cls, f)->form = &f->form;
	return f;
}

void
op_form_leave(struct screen *s)
{
	struct opform	*f = s->priv;

	form_free(&f->form);	/* wipes the passport */
	free(f->id);
	free(f);
}

struct screen *
op_form_card(struct opform *f)
{
	struct screen	*t;

	for (t = ui_top(); t != NULL; t = t->below)
		if (t == f->card)
			return t;
	return NULL;
}
