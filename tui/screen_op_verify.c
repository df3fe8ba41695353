/*
 * screen_op_verify.c — the operator checks the caller's identity against
 * the passport they dictate (series and number checked with
 * lib/passport.h, wiped with the form).  The lender only says match or
 * no match; no screen ever shows a document.
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

enum { VER_SERIES, VER_NUMBER, VER_BIRTH, VER_NFIELDS };

static void
ver_cb(struct screen *s, json_t *result, json_t *error)
{
	struct opform	*f;
	struct buf	 b = BUF_INIT;
	struct screen	*card;
	json_t		*v;
	char		 t[16];

	if (form_screen_failed(s, error))
		return;
	f = s->priv;
	if (json_is_true(json_object_get(result, "match"))) {
		op_hhmm(jstr_null(result, "verified_until"), t, sizeof t);
		buf_addf(&b, _("Identity confirmed: the passport matches.  "
		    "Changes are allowed until %s."), t);
		card = op_form_card(f);
		ui_pop(s);
		op_card_done(card, b.data);
		buf_release(&b);
		return;
	}
	v = json_object_get(result, "attempts_left");
	if (json_is_string(json_object_get(result, "locked_until"))) {
		op_hhmm(jstr_null(result, "locked_until"), t, sizeof t);
		buf_addf(&b, _("Does not match.  Checks for this client are "
		    "locked until %s."), t);
	} else
		buf_addf(&b, P_("Does not match.  %d more mismatch locks the "
		    "checks.", "Does not match.  %d more mismatches lock the "
		    "checks.", (unsigned long)json_integer_value(v)),
		    (int)json_integer_value(v));
	form_message(&f->form, 1, "%s", b.data);
	buf_release(&b);
	field_clear(form_field(&f->form, VER_NUMBER));
	form_focus(&f->form, VER_SERIES);
}

static void
ver_submit(struct screen *s)
{
	struct opform	*f = s->priv;
	struct field	*fs = form_field(&f->form, VER_SERIES);
	struct field	*fn = form_field(&f->form, VER_NUMBER);
	struct field	*fb = form_field(&f->form, VER_BIRTH);
	char		 series[PASSPORT_SERIES_LEN + 1];
	char		 number[PASSPORT_NUMBER_LEN + 1], iso[DATE_FMT_LEN];
	char		*v;
	int		 bad = -1;

	if (s->busy)
		return;
	v = field_value(fs);
	if (passport_series_parse(v, series) != PASSPORT_OK) {
		fs->error = _("The series is 4 digits");
		bad = VER_SERIES;
	}
	xfree_secret(v);
	v = field_value(fn);
	if (passport_number_parse(v, number) != PASSPORT_OK) {
		fn->error = _("The number is 6 digits");
		if (bad == -1)
			bad = VER_NUMBER;
	}
	xfree_secret(v);
	if (op_date_field(fb, iso, 1) == -1 && bad == -1)
		bad = VER_BIRTH;
	if (bad != -1) {
		form_focus(&f->form, (size_t)bad);
		goto out;
	}
	form_screen_request(s, M_OPERATOR_IDENTITY_VERIFY, json_pack(
	    "{s:s, s:s, s:s, s:s}", "client_id", f->id, "passport_series",
	    series, "passport_number", number, "birth_date", iso), ver_cb,
	    _("Checking…"));
out:
	wipe(series, sizeof series);
	wipe(number, sizeof number);
}

static void
ver_draw(struct screen *s, int y, int x, int h, int w)
{
	struct opform	*f = s->priv;

	(void)h;
	form_screen_draw(&f->form, _("Verify the caller's identity"),
	    _("Ask the caller for the passport series and number and the birth "
	    "date, and type them as dictated.  The lender answers match or no "
	    "match; three mismatches in a row lock checks for 30 minutes."),
	    3, y, x, w);
}

static const struct screen_class screen_op_verify = {
	N_("Verify identity"), 0, op_form_keys, NULL, op_form_leave, NULL,
	ver_draw, NULL
};

void
screen_op_verify_open(struct screen *card, const char *id)
{
	struct opform	*f = op_form_open(&screen_op_verify, card, id,
	    VER_NFIELDS, ver_submit);

	field_init(form_field(&f->form, VER_SERIES), FIELD_DIGITS,
	    N_("Passport series"), 4);
	field_init(form_field(&f->form, VER_NUMBER), FIELD_DIGITS,
	    N_("Passport number"), 6);
	field_init(form_field(&f->form, VER_BIRTH), FIELD_TEXT,
	    N_("Birth date"), 10);
}
