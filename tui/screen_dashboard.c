/*
 * screen_dashboard.c — the signed-in home: who is signed in, the account's
 * state, and the way to settings and out.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

#define DASH_COL	14

struct dashboard {
	int	 memory_notice;		/* show the memory-only notice */
	int	 no_certificate;	/* message says r has nothing to show */
	struct note	 note;		/* translated, or NULL */
};

static void	dash_key_settings(struct screen *);
static void	dash_key_logout(struct screen *);
static void	dash_key_confirm(struct screen *);
static void	dash_key_repay(struct screen *);
static void	dash_key_history(struct screen *);
static void	dash_key_extend(struct screen *);
static void	dash_key_borrow(struct screen *);
static void	dash_key_link_card(struct screen *);
static void	dash_key_loans(struct screen *);
static void	dash_key_documents(struct screen *);
static void	dash_key_profile(struct screen *);
static void	dash_key_messages(struct screen *);
static void	dash_key_certificate(struct screen *);
static void	dash_key_appeals(struct screen *);

static const struct keybind dash_keys[] = {
	{ { 'c' }, "c", N_("Confirm the new phone"), dash_key_confirm, 0 },
	{ { 'p' }, "p", N_("Repay"), dash_key_repay, KB_BAR },
	{ { 'h' }, "h", N_("History"), dash_key_history, KB_BAR },
	{ { 'e' }, "e", N_("Extension"), dash_key_extend, 0 },
	{ { 'k' }, "k", N_("Take a loan"), dash_key_borrow, KB_BAR },
	{ { 'l' }, "l", N_("Link a card"), dash_key_link_card, 0 },
	{ { 'm' }, "m", N_("My loans"), dash_key_loans, KB_BAR | KB_LOW },
	{ { 'd' }, "d", N_("My documents"), dash_key_documents,
	  KB_BAR | KB_LOW },
	{ { 'r' }, "r", N_("Certificate of repayment"), dash_key_certificate,
	  0 },
	{ { 'a' }, "a", N_("Appeals to the lender"), dash_key_appeals, 0 },
	{ { 'n' }, "n", N_("Messages from the lender"), dash_key_messages, 0 },
	{ { 'u' }, "u", N_("My profile"), dash_key_profile, 0 },
	{ { 's', KEYC_FN(KEY_F(2)) }, "s", N_("Settings"), dash_key_settings,
	  KB_BAR },
	{ { 'o', KEYC_FN(KEY_F(8)) }, "o", N_("Log out"), dash_key_logout,
	  KB_BAR },
	{ { 0 }, NULL, NULL, NULL, 0 }
};

static void
dash_message(struct screen *s, const char *text)
{
	struct dashboard	*d = s->priv;

	note_set(&d->note, 0, text);
	d->no_certificate = 0;
}

static void
dash_key_appeals(struct screen *s)
{
	dash_message(s, NULL);
	screen_appeals_open();
}

static void
dash_key_documents(struct screen *s)
{
	(void)s;
	screen_documents_open();
}

static void
dash_key_profile(struct screen *s)
{
	(void)s;
	screen_profile_open();
}

static void
dash_certificate_cb(struct screen *s, json_t *result, json_t *error)
{
	struct buf	b = BUF_INIT;

	if (s == NULL)
		return;
	if (error != NULL) {
		reasons_describe(error, &b);
		dash_message(s, b.data);
		buf_release(&b);
		return;
	}
	dash_message(s, NULL);
	screen_document_read(result);
}

/* The certificate that the loan repaid last left no debt, in the pager
 * of My documents (read, saved). */
static void
dash_key_certificate(struct screen *s)
{
	const char	*id = borrow_dash_certificate();

	if (s->busy)
		return;
	if (id == NULL) {
		dash_message(s, _("No repaid loan to show: a certificate of "
		    "repayment is issued when a loan is repaid, and kept in My "
		    "documents (d)"));
		((struct dashboard *)s->priv)->no_certificate = 1;
	}
	else if (conn_request(M_DOCUMENTS_GET, json_pack("{s:s}", "id", id),
	    dash_certificate_cb, s) == -1)
		dash_message(s, _("The daemon is not connected; try again "
		    "when it is back"));
}

static void
dash_key_messages(struct screen *s)
{
	(void)s;
	screen_notifications_open();
}

static void
dash_key_repay(struct screen *s)
{
	(void)s;
	screen_repay_open();
}

static void
dash_key_history(struct screen *s)
{
	(void)s;
	screen_history_open();
}

static void
dash_key_extend(struct screen *s)
{
	(void)s;
	screen_extend_open();
}

static void
dash_key_borrow(struct screen *s)
{
	(void)s;
	screen_calc_open();
}

static void
dash_key_link_card(struct screen *s)
{
	(void)s;
	screen_card_add_open();
}

static void
dash_key_loans(struct screen *s)
{
	(void)s;
	screen_loans_open();
}

static void
dash_event(struct screen *s, const char *method, json_t *params)
{
	struct buf	b = BUF_INIT;

	if (route_reread(method, params)) {
		repay_dash_refresh();
		borrow_dash_refresh();
		notif_dash_refresh();
	}
	repay_dash_event(method, params);
	borrow_dash_event(method, params);
	autopay_dash_event(method, params);
	/* A charge tried: what is due today may have moved on with the
	 * day. */
	if (strcmp(method, E_AUTOPAY_UPDATED) == 0)
		repay_dash_refresh();
	if (appeals_answered(method, params, &b))
		dash_message(s, b.data);
	buf_release(&b);
	notif_dash_event(method, params);
}

static void
dash_key_settings(struct screen *s)
{
	(void)s;
	screen_settings_open();
}

static void
dash_logout_cb(struct screen *s, json_t *result, json_t *error)
{
	struct buf	b = BUF_INIT;

	(void)result;
	if (error != NULL) {
		reasons_describe(error, &b);
		if (s != NULL)
			dash_message(s, b.data);
		buf_release(&b);
		return;
	}
	/* session.changed follows; do not wait for it. */
	ui_pop_to(ui_find(&screen_start));
}

static void
dash_key_logout(struct screen *s)
{
	if (s->busy)
		return;
	if (conn_request(M_AUTH_LOGOUT, NULL, dash_logout_cb, s) == -1)
		dash_message(s, _("The daemon is not connected; try again "
		    "when it is back"));
	else
		dash_message(s, _("Logging out…"));
}

/*
 * An operator changed the phone: the account stays restricted
 * until the borrower confirms the new number with an SMS code, which the
 * challenge prompt asks for right after sign-in.
 */
static void
dash_confirm_cb(struct screen *s, json_t *result, json_t *error)
{
	struct buf	b = BUF_INIT;

	if (error != NULL) {
		reasons_describe(error, &b);
		buf_adds(&b, _("; press c to try again"));
		if (s != NULL)
			dash_message(s, b.data);
		buf_release(&b);
		return;
	}
	if (s != NULL)
		dash_message(s, _("Your new phone number is confirmed"));
	if (json_is_object(result)) {
		json_decref(conn_status);
		conn_status = json_deep_copy(result);
	}
}

static void
dash_key_confirm(struct screen *s)
{
	if (s->busy || !json_is_true(json_object_get(conn_status,
	    "restricted")))
		return;
	if (conn_request(M_AUTH_CONFIRM_PHONE, NULL, dash_confirm_cb, s) == -1)
		dash_message(s, _("The daemon is not connected; try again "
		    "when it is back"));
	else
		dash_message(s, NULL);
}

static void
dash_enter(struct screen *s)
{
	struct dashboard	*d = s->priv;
	json_t			*v = json_object_get(conn_status, "storage");

	/* A refused refresh arrives as session.changed. */
	conn_request(M_SESSION_CHECK, NULL, conn_status_answer, NULL);
	dash_key_confirm(s);
	repay_dash_refresh();
	borrow_dash_refresh();
	autopay_dash_refresh();
	notif_dash_refresh();

	if (!route_memory_noticed && json_is_string(v) &&
	    strcmp(json_string_value(v), "memory") == 0) {
		route_memory_noticed = 1;
		d->memory_notice = 1;
	}
}

static void
dash_leave(struct screen *s)
{
	struct dashboard	*d = s->priv;

	note_free(&d->note);
	free(d);
}

static void
dash_draw(struct screen *s, int y, int x, int h, int w)
{
	struct dashboard	*d = s->priv;
	json_t			*l = conn_lender();
	const char		*name = jstr_null(conn_status, "name"), *state;
	int			 maxy = y + h;

	ui_text(y, x, w, A_BOLD, _("Hello, %s"), name != NULL ? name :
	    _("borrower"));
	y += 2;
	ui_text(y, x, DASH_COL, A_BOLD, "%s", _("Phone"));
	ui_text(y++, x + DASH_COL, w - DASH_COL, 0, "%s",
	    jstr_or(conn_status, "phone_masked", "-"));
	ui_text(y, x, DASH_COL, A_BOLD, "%s", _("Account"));
	state = conn_state_str();
	if (json_is_true(json_object_get(conn_status, "restricted")))
		ui_text(y++, x + DASH_COL, w - DASH_COL, A_BOLD, "%s",
		    _("signed in, restricted until you confirm your new phone "
		    "number"));
	else
		ui_text(y++, x + DASH_COL, w - DASH_COL, 0, "%s",
		    state != NULL && strcmp(state, "signed_in") == 0 ?
		    _("signed in") : _("signed out"));
	ui_text(y, x, DASH_COL, A_BOLD, "%s", _("Lender"));
	if (json_is_true(json_object_get(l, "reachable")))
		ui_text(y++, x + DASH_COL, w - DASH_COL, 0, _("%s, reachable"),
		    jstr(l, "name"));
	else
		ui_text(y++, x + DASH_COL, w - DASH_COL, A_BOLD,
		    _("%s, not reachable"), jstr(l, "name"));
	y = notif_dash_draw(y, x, DASH_COL, w);
	y++;
	y = borrow_dash_draw(y, x, w, maxy);
	y = repay_dash_draw(y, x, w, maxy);
	y = autopay_dash_notice(y, x, w, maxy);
	if (d->memory_notice)
		y = ui_para(y, x, w, maxy, A_BOLD, _("Session kept in memory "
		    "only: no Secret Service is running; you will need to sign "
		    "in again after the daemon stops")) + 1;
	/* A loan repaid meanwhile: "no certificate" is no longer true. */
	if (d->note.text != NULL && !(d->no_certificate &&
	    borrow_dash_certificate() != NULL))
		ui_para(y, x, w, maxy, A_REVERSE, d->note.text);
}

const struct screen_class screen_dashboard = {
	N_("Account"), 0, dash_keys, dash_enter, dash_leave, dash_event,
	dash_draw,
	NULL
};

void
screen_dashboard_open(void)
{
	ui_push(&screen_dashboard, xcalloc(1, sizeof(struct dashboard)));
}
