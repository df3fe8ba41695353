/*
 * events.c — each account's event stream (GET /v1/events): events are
 * rows with a growing seq; a long poll is a suspended connection
 * (routes_lending.c) that http_events_changed() wakes.
 * Callers hold sb_lock().
 */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "kabinet/log.h"
#include "sandbox.h"

#define EVENTS_PAGE	100

static int		events_stopping;

void
events_append(const char *account_id, const char *type, json_t *data)
{
	char	*s;

	s = json_dumps(data, JSON_COMPACT);
	json_decref(data);
	if (s == NULL)
		return;
	db_execf("INSERT INTO events (account_id, type, data, created_at) "
	    "VALUES (?, ?, ?, ?)", "ttti", account_id, type, s,
	    (int64_t)sbclock_now());
	free(s);
	http_events_changed();
}

json_t *
events_after(const char *account_id, int64_t after, int *count)
{
	sqlite3_stmt	*st;
	json_t		*items = json_array(), *data;
	const char	*s;

	st = db_queryf("SELECT seq, type, data, created_at FROM events "
	    "WHERE account_id = ? AND seq > ? ORDER BY seq LIMIT ?", "tii",
	    account_id, (int64_t)after, (int64_t)EVENTS_PAGE);
	while (sqlite3_step(st) == SQLITE_ROW) {
		s = (const char *)sqlite3_column_text(st, 2);
		if ((data = json_loads(s, 0, NULL)) == NULL)
			data = json_object();
		json_array_append_new(items, json_pack("{s:I, s:s, s:o, s:o}",
		    "seq", (json_int_t)sqlite3_column_int64(st, 0),
		    "type", sqlite3_column_text(st, 1),
		    "at", sbclock_json(sqlite3_column_int64(st, 3)),
		    "data", data));
	}
	sqlite3_finalize(st);
	*count = (int)json_array_size(items);
	return items;
}

/*
 * Wakes every long poll and makes later ones answer at once: a poll left
 * to run out its `wait` would hold a SIGTERM up for as long as 25 s.
 */
void
events_shutdown(void)
{
	sb_lock();
	events_stopping = 1;
	sb_unlock();
	http_events_changed();
}

int
events_stopped(void)
{
	return events_stopping;
}
