/*
 * route.c — which screen the session state asks for.  One place decides,
 * so every way the state can change (a reply, session.changed from
 * another terminal, a reconnect) lands the user in the same place.
 */
#include <string.h>

#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "tui.h"

char	route_phone[16];
int	route_memory_noticed;

/* The operator desk (its sign-in or the desk itself) is open: borrower
 * states route nowhere until it is left.  The mode belongs to those
 * screens, so leaving them ends it. */
static int
route_operator_open(void)
{
	return ui_find(&screen_op_login) != NULL ||
	    ui_find(&screen_op_desk) != NULL;
}

static void
route_signed_in(json_t *status)
{
	struct screen	*s;

	(void)status;
	if ((s = ui_find(&screen_password)) != NULL)
		ui_pop(s);
	/* A sign-in on top of a form in progress goes back to the form. */
	if ((s = ui_find(&screen_login)) != NULL)
		ui_pop(s);
	if ((s = ui_find(&screen_recover)) != NULL)
		ui_pop(s);
	if (ui_find(&screen_dashboard) == NULL) {
		ui_pop_to(ui_find(&screen_start));
		screen_dashboard_open();
	}
}

static void
route_password_change(void)
{
	struct screen	*s;

	if ((s = ui_find(&screen_login)) != NULL)
		ui_pop(s);
	if ((s = ui_find(&screen_recover)) != NULL)
		ui_pop(s);
	if (ui_find(&screen_password) == NULL) {
		ui_pop_to(ui_find(&screen_start));
		screen_password_open(1);
	}
}

static void
route_signed_out(const char *reason)
{
	if (reason != NULL && strcmp(reason, R_SESSION_EXPIRED) == 0 &&
	    ui_find(&screen_dashboard) != NULL) {
		/* Keep the stack: after signing in again, the user is back
		 * where they were, with what they typed. */
		if (ui_find(&screen_login) == NULL)
			screen_login_open(_("Your session has expired; sign in "
			    "again"));
		return;
	}
	if (ui_find(&screen_dashboard) != NULL ||
	    ui_find(&screen_password) != NULL)
		ui_pop_to(ui_find(&screen_start));
}

void
route_status(json_t *status, const char *reason)
{
	const char	*state;
	json_t		*v;

	if (!json_is_object(status))
		return;
	if (route_operator_open())
		goto pending;	/* the operator desk: no borrower screens */
	state = jstr(status, "state");
	if (strcmp(state, "signed_in") == 0)
		route_signed_in(status);
	else if (strcmp(state, "password_change") == 0)
		route_password_change();
	else if (strcmp(state, "signed_out") == 0)
		route_signed_out(reason);
pending:
	v = json_object_get(status, "pending_challenge");
	if (json_is_object(v))
		screen_challenge_open(v);
}

void
route_event(const char *method, json_t *params)
{
	if (strcmp(method, E_CHALLENGE_REQUIRED) == 0 &&
	    json_is_object(params))
		screen_challenge_open(params);
}

int
route_reread(const char *method, json_t *params)
{
	json_t	*v = json_object_get(params, "state");

	return strcmp(method, E_SESSION_CHANGED) == 0 && json_is_string(v) &&
	    strcmp(json_string_value(v), "signed_in") == 0;
}
