/*
 * routes_inbox.c — the borrower's notifications: GET
 * /v1/account/notifications (newest first, paged, with the unread count),
 * POST /v1/account/notifications/{id}/read and
 * POST /v1/account/notifications/read (all, or all up to an id).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox.h"

static int
route_list(struct req *r)
{
	const char	*lim = http_query(r, "limit"), *cur = http_query(r,
			    "cursor"), *unread = http_query(r, "unread");
	long long	 limit = 20;
	int64_t		 before = INT64_MAX;
	char		*end;

	if (lim != NULL) {
		limit = strtoll(lim, &end, 10);
		if (*lim == '\0' || *end != '\0' || limit < 1 || limit > 100)
			return http_validation(r, "limit", "out_of_range");
	}
	if (cur != NULL && (before = inbox_id_parse(cur)) < 0)
		return http_validation(r, "cursor", "invalid_cursor");
	if (unread != NULL && strcmp(unread, "true") != 0 &&
	    strcmp(unread, "false") != 0)
		return http_validation(r, "unread", "invalid_boolean");
	return http_json(r, 200, inbox_page_json(r->account.id, before,
	    (int)limit, unread != NULL && strcmp(unread, "true") == 0));
}

static int
route_read_one(struct req *r)
{
	int64_t	id = inbox_id_parse(r->arg[0]);
	json_t	*n;

	if (id < 0 || (n = inbox_json(r->account.id, id)) == NULL)
		return http_problem(r, 404, "notification_not_found",
		    "no such notification", NULL);
	json_decref(n);
	inbox_mark_read(r->account.id, id, 0);
	return http_json(r, 200, json_pack("{s:o, s:I}", "notification",
	    inbox_json(r->account.id, id), "unread",
	    (json_int_t)inbox_unread(r->account.id)));
}

/* Body {"up_to": "nt_12"} marks only what the reader has seen; {} all. */
static int
route_read_all(struct req *r)
{
	json_t	*v = json_object_get(r->json, "up_to");
	int64_t	 up_to = 0;
	int	 n;

	if (v != NULL && !json_is_null(v) && (!json_is_string(v) ||
	    (up_to = inbox_id_parse(json_string_value(v))) < 0))
		return http_validation(r, "up_to", "invalid_id");
	n = inbox_mark_read(r->account.id, 0, up_to);
	return http_json(r, 200, json_pack("{s:i, s:I}", "marked", n,
	    "unread", (json_int_t)inbox_unread(r->account.id)));
}

const struct route routes_inbox[] = {
	{ "GET", "/v1/account/notifications", route_list, R_NEEDS_AUTH },
	{ "POST", "/v1/account/notifications/read", route_read_all,
	  R_NEEDS_AUTH | R_JSON },
	{ "POST", "/v1/account/notifications/*/read", route_read_one,
	  R_NEEDS_AUTH | R_JSON },
	{ NULL, NULL, NULL, 0 },
};
