/*
 * screen_op_phone.c — the operator changes a verified client's phone: the
 * SMS code goes to the new number and the caller reads it out.
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

static void
phone_cb(struct screen *s, json_t *result, json_t *error)
{
	struct opform	*f;
	struct buf	 b = BUF_INIT;
	struct screen	*card;

	if (form_screen_failed(s, error))
		return;
	f = s->priv;
	buf_addf(&b, _("The phone is now %s.  The account is restricted "
	    "until the client confirms the number at the next sign-in."),
	    jstr_or(json_object_get(result, "client"), "phone_masked", ""));
	card = op_form_card(f);
	ui_pop(s);
	op_card_done(card, b.data);
	buf_release(&b);
}

static void
phone_submit(struct screen *s)
{
	struct opform	*f = s->priv;
	struct field	*p = form_field(&f->form, 0);

	if (s->busy)
		return;
	if (p->len == 0) {
		p->error = _("Enter the new mobile number");
		return;
	}
	if (field_leave(p) == -1)
		return;
	form_screen_request(s, M_OPERATOR_PHONE_CHANGE, json_pack(
	    "{s:s, s:s}", "client_id", f->id, "new_phone", p->phone),
	    phone_cb, _("Sending a code to the new number…"));
}

static void
phone_draw(struct screen *s, int y, int x, int h, int w)
{
	struct opform	*f = s->priv;

	(void)h;
	form_screen_draw(&f->form, _("Change the client's phone"),
	    _("An SMS code goes to the NEW number; ask the caller to read it "
	    "out.  The account stays restricted (no money actions) until the "
	    "client confirms the number at the next sign-in."), 3, y, x, w);
}

static const struct screen_class screen_op_phone = {
	N_("Change phone"), 0, op_form_keys, NULL, op_form_leave, NULL,
	phone_draw, NULL
};

void
screen_op_phone_open(struct screen *card, const char *id)
{
	struct opform	*f = op_form_open(&screen_op_phone, card, id, 1,
	    phone_submit);

	field_init(form_field(&f->form, 0), FIELD_PHONE, N_("New phone"),
	    24);
}
