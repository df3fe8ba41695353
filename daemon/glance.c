/*
 * glance.c — account.summary: what a borrower glances at (the open loan's
 * due date and amount, the unread messages, the newest one), answered from
 * the daemon's state, so a shell prompt or a status bar that asks every
 * few seconds costs the lender nothing.  When a session begins the daemon
 * looks once at the loans and the inbox; from then on the event stream
 * keeps both fresh (loan.updated, notification.created,
 * notifications.read), and a call asks the lender again only when that
 * look failed.
 */
#include <string.h>

#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinetd.h"

static struct {
	json_t		*loan;		/* the open loan, or NULL */
	int		 loans_known;
	int		 priming;	/* requests in flight */
	unsigned int	 gen;		/* bumps when the session goes */
	GPtrArray	*waiting;	/* calls until the look is done */
} gl;

static int
glance_open(json_t *loan)
{
	const char	*st = json_string_value(json_object_get(loan, "state"));

	return st != NULL && (strcmp(st, "active") == 0 ||
	    strcmp(st, "overdue") == 0);
}

static json_t *
glance_json(void)
{
	json_t		*st = session_status_json(), *l = NULL, *j;
	const char	*state = json_string_value(json_object_get(st,
			    "state"));
	int		 known = session_refusal() == NULL && gl.loans_known &&
			    inbox_known();

	if (known && gl.loan != NULL)
		l = json_pack("{s:O?, s:O?, s:O?, s:O?, s:O?}",
		    "id", json_object_get(gl.loan, "id"),
		    "contract_number", json_object_get(gl.loan,
		    "contract_number"),
		    "state", json_object_get(gl.loan, "state"),
		    "due_on", json_object_get(gl.loan, "due_on"),
		    "total_due", json_object_get(gl.loan, "total_due"));
	j = json_pack("{s:s, s:b, s:o, s:o, s:o}",
	    "state", state != NULL ? state : "signed_out",
	    "known", known,
	    "unread", known ? json_integer(inbox_unread()) : json_null(),
	    "newest", known && inbox_newest() != NULL ?
	    json_incref(inbox_newest()) : json_null(),
	    "loan", l != NULL ? l : json_null());
	json_decref(st);
	return j;
}

static void
glance_answer_waiting(void)
{
	guint	i;

	if (gl.waiting == NULL)
		return;
	for (i = 0; i < gl.waiting->len; i++)
		call_reply(g_ptr_array_index(gl.waiting, i), glance_json());
	g_ptr_array_set_size(gl.waiting, 0);
}

static void
glance_loan(json_t *loan)
{
	const char	*id = json_string_value(json_object_get(loan, "id"));
	const char	*cur = json_string_value(json_object_get(gl.loan,
			    "id"));

	if (id == NULL)
		return;
	if (glance_open(loan)) {
		json_decref(gl.loan);
		gl.loan = json_deep_copy(loan);
	} else if (cur != NULL && strcmp(cur, id) == 0) {
		json_decref(gl.loan);
		gl.loan = NULL;
	}
}

static void
glance_step_done(void)
{
	if (--gl.priming == 0)
		glance_answer_waiting();
}

static void
loans_done(const struct lender_response *r, void *arg)
{
	json_t	*it;
	size_t	 i;

	if (GPOINTER_TO_UINT(arg) != gl.gen)
		return;		/* signed out meanwhile */
	if (r->reason == NULL && json_is_array(json_object_get(r->body,
	    "items"))) {
		json_decref(gl.loan);
		gl.loan = NULL;
		json_array_foreach(json_object_get(r->body, "items"), i, it)
			if (gl.loan == NULL && glance_open(it))
				gl.loan = json_deep_copy(it);
		gl.loans_known = 1;
	} else
		log_debug("summary: loans: %s", r->message != NULL ?
		    r->message : "?");
	glance_step_done();
}

static void
inbox_done(const struct lender_response *r, void *arg)
{
	if (GPOINTER_TO_UINT(arg) != gl.gen)
		return;
	if (r->reason == NULL)
		inbox_page(r->body);
	else
		log_debug("summary: inbox: %s", r->message != NULL ?
		    r->message : "?");
	glance_step_done();
}

/* One look at what the event stream does not say: the loans and the
 * inbox as they are now.  Returns 1 if a look is under way. */
static int
glance_prime(void)
{
	if (gl.priming > 0)
		return 1;
	if (!session_signed_in() || session_refusal() != NULL ||
	    (gl.loans_known && inbox_known()))
		return 0;
	if (!gl.loans_known) {
		gl.priming++;
		session_request("GET", "/v1/loans", NULL, NULL, LENDER_RETRY,
		    loans_done, GUINT_TO_POINTER(gl.gen));
	}
	if (!inbox_known()) {
		gl.priming++;
		session_request("GET", "/v1/account/notifications?limit=1",
		    NULL, NULL, LENDER_RETRY, inbox_done,
		    GUINT_TO_POINTER(gl.gen));
	}
	return 1;
}

static void
glance_kick(void)
{
	if (!session_signed_in()) {
		gl.gen++;
		gl.priming = 0;
		gl.loans_known = 0;
		json_decref(gl.loan);
		gl.loan = NULL;
		inbox_reset();
		glance_answer_waiting();
		return;
	}
	glance_prime();
}

/* The event stream (follow.c's hook): the loans as they change. */
static void
glance_event(const char *type, json_t *data, int live)
{
	(void)live;
	if (strcmp(type, E_LOAN_UPDATED) == 0)
		glance_loan(json_object_get(data, "loan"));
}

void
glance_init(void)
{
	session_on_change(glance_kick);
	follow_on_event(glance_event);
}

void
glance_summary(struct call *call)
{
	if (!glance_prime()) {
		call_reply(call, glance_json());
		return;
	}
	if (gl.waiting == NULL)
		gl.waiting = g_ptr_array_new();
	g_ptr_array_add(gl.waiting, call);
}

void
glance_stop(void)
{
	glance_answer_waiting();
	if (gl.waiting != NULL)
		g_ptr_array_free(gl.waiting, TRUE);
	gl.waiting = NULL;
	json_decref(gl.loan);
	gl.loan = NULL;
	inbox_reset();
}
