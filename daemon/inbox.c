/*
 * inbox.c — the lender's messages (GET /v1/account/notifications):
 * notifications.list and notifications.read, and what the daemon keeps of
 * them — the unread count and the newest — fresh from the event stream.
 * Each new message is pushed to every client and shown on the desktop
 * (desktop.c); a read is told to every client, so every terminal shows the
 * same count.
 */
#include <stdio.h>
#include <string.h>

#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinetd.h"

#define INBOX_ID_MAX	32

static struct {
	int		 known;		/* unread and newest are the lender's */
	json_int_t	 unread;
	json_t		*newest;	/* a notification, or NULL */
} in;

void
inbox_reset(void)
{
	json_decref(in.newest);
	in.newest = NULL;
	in.unread = 0;
	in.known = 0;
}

int
inbox_known(void)
{
	return in.known;
}

json_int_t
inbox_unread(void)
{
	return in.unread;
}

json_t *
inbox_newest(void)
{
	return in.newest;
}

static void
inbox_set_newest(json_t *n)
{
	if (!json_is_object(n))
		return;
	json_decref(in.newest);
	in.newest = json_deep_copy(n);
}

static void
inbox_changed(void)
{
	clients_broadcast(E_NOTIFICATIONS_CHANGED, json_pack("{s:I, s:O?}",
	    "unread", in.unread, "newest", in.newest));
}

/* The first page of the inbox, newest first: what the daemon keeps. */
void
inbox_page(json_t *body)
{
	json_t	*items = json_object_get(body, "items");

	if (!json_is_integer(json_object_get(body, "unread")) ||
	    !json_is_array(items))
		return;
	in.unread = json_integer_value(json_object_get(body, "unread"));
	json_decref(in.newest);
	in.newest = NULL;
	inbox_set_newest(json_array_get(items, 0));
	in.known = 1;
}

/* Marking read changed the count; newest is marked read too when it is
 * the one read, or when none is left unread. */
static void
inbox_read_count(json_int_t unread, const char *id)
{
	const char	*nid;

	in.unread = unread;
	nid = json_string_value(json_object_get(in.newest, "id"));
	if (in.newest != NULL && (unread == 0 || (id != NULL && nid != NULL &&
	    strcmp(id, nid) == 0)))
		json_object_set_new(in.newest, "read", json_true());
}

/* The lender's event stream (follow.c's hook); live 0 while it catches
 * up after a restart or a sign-in: kept, not pushed. */
static void
inbox_event(const char *type, json_t *data, int live)
{
	json_t		*n = json_object_get(data, "notification");
	json_t		*u = json_object_get(data, "unread");

	if (!json_is_integer(u))
		return;		/* not one of ours */
	if (strcmp(type, "notification.created") == 0 && json_is_object(n)) {
		in.unread = json_integer_value(u);
		inbox_set_newest(n);
		if (!live)
			return;		/* catching up: old news */
		log_info("notification %s: %s",
		    json_string_value(json_object_get(n, "id")) != NULL ?
		    json_string_value(json_object_get(n, "id")) : "?",
		    json_string_value(json_object_get(n, "kind")) != NULL ?
		    json_string_value(json_object_get(n, "kind")) : "?");
		clients_broadcast(E_NOTIFICATION_CREATED, json_pack("{s:O,"
		    " s:I}", "notification", n, "unread", in.unread));
		desktop_show(n);
	} else if (strcmp(type, "notifications.read") == 0) {
		inbox_read_count(json_integer_value(u), NULL);
		if (live)
			inbox_changed();
	}
}

static int
inbox_id_ok(const char *id)
{
	return id != NULL && strncmp(id, "nt_", 3) == 0 && id[3] != '\0' &&
	    strlen(id) < INBOX_ID_MAX && strspn(id + 3, "0123456789") ==
	    strlen(id + 3);
}

struct inbox_call {
	struct call	*call;
	int		 first_page;	/* no cursor, every message */
	char		 id[INBOX_ID_MAX];	/* read: one message */
};

static void
list_done(const struct lender_response *r, void *arg)
{
	struct inbox_call *ic = arg;

	if (r->reason != NULL)
		session_call_fail(ic->call, r);
	else {
		if (ic->first_page)
			inbox_page(r->body);
		call_reply(ic->call, r->body != NULL ? json_incref(r->body) :
		    json_object());
	}
	g_free(ic);
}

void
inbox_list(struct call *call)
{
	struct inbox_call *ic;
	json_t		*limit = json_object_get(call->params, "limit");
	json_t		*unread = json_object_get(call->params, "unread");
	const char	*cursor = call_param_str(call, "cursor");
	char		 path[128];

	if (limit != NULL && (!json_is_integer(limit) ||
	    json_integer_value(limit) < 1 || json_integer_value(limit) > 100)) {
		call_bad_params(call, "limit must be 1 to 100");
		return;
	}
	if (unread != NULL && !json_is_boolean(unread)) {
		call_bad_params(call, "unread must be true or false");
		return;
	}
	if ((cursor != NULL || json_object_get(call->params, "cursor") !=
	    NULL) && !inbox_id_ok(cursor)) {
		call_bad_params(call, "cursor must be a next_cursor");
		return;
	}
	ic = g_new0(struct inbox_call, 1);
	ic->call = call;
	ic->first_page = cursor == NULL && !json_is_true(unread);
	snprintf(path, sizeof path, "/v1/account/notifications?limit=%d%s%s%s",
	    limit != NULL ? (int)json_integer_value(limit) : 20,
	    json_is_true(unread) ? "&unread=true" : "",
	    cursor != NULL ? "&cursor=" : "", cursor != NULL ? cursor : "");
	session_request("GET", path, NULL, NULL, LENDER_RETRY, list_done, ic);
}

static void
read_done(const struct lender_response *r, void *arg)
{
	struct inbox_call *ic = arg;
	json_t		*u;

	if (r->status == 404)
		call_fail(ic->call, R_NOTIFICATION_NOT_FOUND,
		    "no such notification");
	else if (r->reason != NULL)
		session_call_fail(ic->call, r);
	else {
		u = json_object_get(r->body, "unread");
		if (json_is_integer(u)) {
			inbox_read_count(json_integer_value(u),
			    ic->id[0] != '\0' ? ic->id : NULL);
			inbox_changed();
		}
		call_reply(ic->call, r->body != NULL ? json_incref(r->body) :
		    json_object());
	}
	g_free(ic);
}

void
inbox_read(struct call *call)
{
	struct inbox_call *ic;
	const char	*id = call_param_str(call, "id");
	const char	*up_to = call_param_str(call, "up_to");
	json_t		*all = json_object_get(call->params, "all");
	char		 path[128];

	if ((id != NULL) == json_is_true(all) || (id != NULL &&
	    !inbox_id_ok(id))) {
		call_bad_params(call, "give a message's id, or all: true");
		return;
	}
	if (json_object_get(call->params, "up_to") != NULL &&
	    (id != NULL || !inbox_id_ok(up_to))) {
		call_bad_params(call, "up_to must be a message's id");
		return;
	}
	ic = g_new0(struct inbox_call, 1);
	ic->call = call;
	if (id != NULL) {
		snprintf(ic->id, sizeof ic->id, "%s", id);
		snprintf(path, sizeof path,
		    "/v1/account/notifications/%s/read", id);
		session_request("POST", path, json_object(), NULL, 0,
		    read_done, ic);
	} else
		session_request("POST", "/v1/account/notifications/read",
		    up_to != NULL ? json_pack("{s:s}", "up_to", up_to) :
		    json_object(), NULL, 0, read_done, ic);
}

void
inbox_init(void)
{
	follow_on_event(inbox_event);
}
