/*
 * sms.c — the SMS outbox.  Nothing leaves the machine: each SMS is stored
 * in the database (GET /sandbox/sms) and appended as one JSON line to the
 * --sms-outbox file, where a demo user or a test can read the code.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/log.h"
#include "kabinet/phone.h"
#include "sandbox.h"

#define SMS_PER_HOUR	5	/* to one phone */
#define SMS_PER_ADDRESS	30	/* asked for from one address ... */
#define SMS_GLOBAL	100	/* ... and by everyone ... */
#define SMS_WINDOW	600	/* ... in ten minutes */

static int	outbox_fd = -1;
static char	sms_origin[64];	/* the request's address, under sb_lock() */
static const char *sms_refused = "sms";	/* the budget that said no */

void
sms_set_origin(const char *remote)
{
	snprintf(sms_origin, sizeof sms_origin, "%s", remote != NULL ?
	    remote : "");
	sms_refused = "sms";
}

const char *
sms_refused_scope(void)
{
	return sms_refused;
}

/*
 * Every SMS costs the lender money, so none goes out without room in three
 * budgets: the phone's (no one is flooded), the asking address's and
 * everyone's (no one pumps SMS to numbers of their choosing).
 */
int
sms_allowed(const char *phone, time_t *until)
{
	char	key[96];
	long	wait;

	snprintf(key, sizeof key, "sms:%s", phone);
	sms_refused = "sms";
	if ((wait = ratelimit_hit(key, SMS_PER_HOUR, 3600)) == 0 &&
	    sms_origin[0] != '\0') {
		snprintf(key, sizeof key, "sms-from:%s", sms_origin);
		sms_refused = "sms_address";
		wait = ratelimit_hit(key, SMS_PER_ADDRESS, SMS_WINDOW);
	}
	if (wait == 0) {
		sms_refused = "sms_all";
		wait = ratelimit_hit("sms-all", SMS_GLOBAL, SMS_WINDOW);
	}
	if (wait == 0)
		return 0;
	*until = sbclock_now() + wait;
	return -1;
}

int
sms_open_outbox(const char *path)
{
	if (outbox_fd != -1)
		close(outbox_fd);
	outbox_fd = -1;
	if (path == NULL)
		return 0;
	outbox_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0600);
	if (outbox_fd == -1) {
		log_warn("\"%s\"", path);
		return -1;
	}
	return 0;
}

static json_t *
sms_row_json(sqlite3_stmt *st)
{
	const char	*code = (const char *)sqlite3_column_text(st, 3);

	return json_pack("{s:I, s:s, s:s, s:o, s:o}",
	    "id", (json_int_t)sqlite3_column_int64(st, 0),
	    "phone", (const char *)sqlite3_column_text(st, 1),
	    "text", (const char *)sqlite3_column_text(st, 2),
	    "code", code != NULL ? json_string(code) : json_null(),
	    "sent_at", sbclock_json(sqlite3_column_int64(st, 4)));
}

void
sms_send(const char *phone, const char *text, const char *code)
{
	sqlite3_stmt	*st;
	json_t		*line;
	char		*s, masked[32];
	time_t		 now = sbclock_now();
	size_t		 len;

	if (code != NULL)
		db_execf("INSERT INTO sms (phone, text, code, sent_at) "
		    "VALUES (?, ?, ?, ?)", "ttti", phone, text, code,
		    (int64_t)now);
	else
		db_execf("INSERT INTO sms (phone, text, code, sent_at) "
		    "VALUES (?, ?, NULL, ?)", "tti", phone, text,
		    (int64_t)now);
	phone_mask(phone, masked, sizeof masked);
	log_info("sms to %s", masked);
	if (outbox_fd == -1)
		return;

	st = db_prepare("SELECT id, phone, text, code, sent_at FROM sms "
	    "WHERE id = last_insert_rowid()");
	if (sqlite3_step(st) == SQLITE_ROW) {
		line = sms_row_json(st);
		s = json_dumps(line, JSON_COMPACT);
		len = strlen(s);
		s[len] = '\n';	/* json_dumps leaves room for the NUL */
		if (write(outbox_fd, s, len + 1) != (ssize_t)(len + 1))
			log_warn("sms outbox");
		free(s);
		json_decref(line);
	}
	sqlite3_finalize(st);
}

json_t *
sms_list_json(const char *phone)
{
	sqlite3_stmt	*st;
	json_t		*items = json_array();

	if (phone != NULL)
		st = db_queryf("SELECT id, phone, text, code, sent_at FROM sms "
		    "WHERE phone = ? ORDER BY id", "t", phone);
	else
		st = db_prepare("SELECT id, phone, text, code, sent_at FROM sms "
		    "ORDER BY id");
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(items, sms_row_json(st));
	sqlite3_finalize(st);
	return json_pack("{s:o}", "items", items);
}
