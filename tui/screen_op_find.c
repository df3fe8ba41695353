/*
 * screen_op_find.c — the operator finds a client by phone, contract number,
 * or surname and birth date; the birth date is checked with lib/date.h
 * before anything is sent.
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

enum { FIND_PHONE, FIND_CONTRACT, FIND_SURNAME, FIND_BIRTH, FIND_NFIELDS };

struct find {
	struct form	form;
};

static void	find_key_back(struct screen *);

static const struct keybind find_keys[] = {
	{ { KEYC_ENTER }, NULL, N_("Next field / find"), form_screen_submit,
	  KB_BAR },
	{ { KEYC_ESC }, NULL, N_("Back"), find_key_back, KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
find_cb(struct screen *s, json_t *result, json_t *error)
{
	if (form_screen_failed(s, error))
		return;
	form_message(s->form, 0, NULL);
	screen_op_results_open(json_object_get(result, "items"));
}

static void
find_submit(struct screen *s)
{
	struct find	*f = s->priv;
	struct field	*phone = form_field(&f->form, FIND_PHONE);
	struct field	*contract = form_field(&f->form, FIND_CONTRACT);
	struct field	*surname = form_field(&f->form, FIND_SURNAME);
	struct field	*birth = form_field(&f->form, FIND_BIRTH);
	char		 iso[DATE_FMT_LEN], *v;
	json_t		*p;

	if (s->busy)
		return;
	if (phone->len > 0) {
		if (field_leave(phone) == -1) {
			form_focus(&f->form, FIND_PHONE);
			return;
		}
		p = json_pack("{s:s}", "phone", phone->phone);
	} else if (contract->len > 0) {
		v = field_value(contract);
		p = json_pack("{s:s}", "contract", v);
		free(v);
	} else if (surname->len > 0) {
		if (op_date_field(birth, iso, 1) == -1) {
			form_focus(&f->form, FIND_BIRTH);
			return;
		}
		v = field_value(surname);
		p = json_pack("{s:s, s:s}", "surname", v, "birth_date", iso);
		free(v);
	} else {
		form_message(&f->form, 1, "%s", _("Enter a phone, a contract "
		    "number, or a surname and a birth date"));
		form_focus(&f->form, FIND_PHONE);
		return;
	}
	form_screen_request(s, M_OPERATOR_CLIENT_FIND, p, find_cb,
	    _("Searching…"));
}

static void
find_key_back(struct screen *s)
{
	ui_pop(s);
}

static void
find_draw(struct screen *s, int y, int x, int h, int w)
{
	struct find	*f = s->priv;

	(void)h;
	form_screen_draw(&f->form, _("Find a client"),
	    _("By phone, by contract number, or by surname and birth date.  "
	    "Results show masked data only."), 2, y, x, w);
}

static const struct screen_class screen_op_find = {
	N_("Find a client"), 0, find_keys, NULL, form_screen_leave, NULL, find_draw,
	NULL
};

void
screen_op_find_open(void)
{
	struct find	*f = xcalloc(1, sizeof *f);
	struct screen	*s;

	form_init(&f->form, FIND_NFIELDS);
	field_init(form_field(&f->form, FIND_PHONE), FIELD_PHONE,
	    N_("Phone"), 24);
	field_init(form_field(&f->form, FIND_CONTRACT), FIELD_TEXT,
	    N_("Contract no."), 32);
	field_init(form_field(&f->form, FIND_SURNAME), FIELD_TEXT,
	    N_("Surname"), 40);
	field_init(form_field(&f->form, FIND_BIRTH), FIELD_TEXT,
	    N_("Birth date"), 10);
	f->form.submit = find_submit;
	s = ui_push(&screen_op_find, f);
	s->form = &f->form;
}
