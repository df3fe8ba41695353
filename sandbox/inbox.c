/*
 * inbox.c — the lender's messages to a borrower: each kept with its kind,
 * its parameters, the lender's own words in Russian and in English, when
 * it was made and whether it was read (doc/lender-api.md
 * "Notifications").  A new one is also an event on the account's stream,
 * so a long poll learns of it at once.  The reminders of a payment due
 * follow the sandbox clock.  Callers hold sb_lock().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kabinet/buf.h"
#include "kabinet/date.h"
#include "kabinet/log.h"
#include "kabinet/money.h"
#include "sandbox.h"

#define INBOX_PAGE_MAX	100

/*
 * What the lender says, by kind; a row with `when` ("key=value") is
 * chosen when args has that string (or "true" for a true member).  In the
 * words {name} is args' member: {amount} money, {due_on} a date, others
 * as they are.
 */
static const struct inbox_words {
	const char	*kind, *when;
	const char	*title_en, *text_en;
	const char	*title_ru, *text_ru;
} inbox_words[] = {
	{ "decision", "decision=declined",
	  "Application declined",
	  "We cannot lend to you this time. You may apply again later.",
	  "Заявка отклонена",
	  "К сожалению, сейчас мы не можем выдать заём. Вы можете подать "
	  "заявку позже." },
	{ "decision", NULL,
	  "Application approved",
	  "Your application for {amount} is approved: the money goes to your "
	  "card.",
	  "Заявка одобрена",
	  "Заявка на {amount} одобрена: деньги поступят на вашу карту." },
	{ "payout", NULL,
	  "Loan paid out",
	  "{amount} was paid out to your card under contract {contract}.",
	  "Заём выдан",
	  "По договору {contract} на вашу карту перечислено {amount}." },
	{ "payment_received", "closed=true",
	  "Loan repaid",
	  "We received {amount} under contract {contract}: the loan is repaid "
	  "in full.",
	  "Заём погашен",
	  "Получен платёж {amount} по договору {contract}: заём погашен "
	  "полностью." },
	{ "payment_received", NULL,
	  "Payment received",
	  "We received {amount} under contract {contract}.",
	  "Платёж получен",
	  "Получен платёж {amount} по договору {contract}." },
	{ "due_3d", NULL,
	  "Payment due in 3 days",
	  "{amount} is due on {due_on} under contract {contract}.",
	  "Платёж через 3 дня",
	  "{due_on} нужно внести {amount} по договору {contract}." },
	{ "due_1d", NULL,
	  "Payment due tomorrow",
	  "{amount} is due tomorrow, {due_on}, under contract {contract}.",
	  "Платёж завтра",
	  "Завтра, {due_on}, нужно внести {amount} по договору {contract}." },
	{ "due_today", NULL,
	  "Payment due today",
	  "{amount} is due today under contract {contract}.",
	  "Платёж сегодня",
	  "Сегодня нужно внести {amount} по договору {contract}." },
	{ "overdue", NULL,
	  "Payment overdue",
	  "The payment under contract {contract} was due on {due_on}: {amount} "
	  "is overdue and a penalty accrues.",
	  "Платёж просрочен",
	  "Платёж по договору {contract} нужно было внести {due_on}: "
	  "просрочено {amount}, начисляется неустойка." },
	{ "appeal_answered", NULL,
	  "Your appeal is answered",
	  "We answered your appeal {appeal}.",
	  "Ответ на обращение",
	  "Мы ответили на ваше обращение {appeal}." },
	{ "sbp_expired", NULL,
	  "SBP payment expired",
	  "The SBP payment of {amount} was not made in time.",
	  "Платёж по СБП не состоялся",
	  "Платёж {amount} через СБП не был оплачен вовремя." },
	{ "autopay_failed", "retry=true",
	  "Autopayment failed",
	  "We could not charge {amount} to your card under contract "
	  "{contract}; we will try once more in a day.",
	  "Автоплатёж не прошёл",
	  "Не удалось списать {amount} с вашей карты по договору "
	  "{contract}; повторим попытку через сутки." },
	{ "autopay_failed", NULL,
	  "Autopayment failed",
	  "We could not charge {amount} to your card under contract "
	  "{contract}.",
	  "Автоплатёж не прошёл",
	  "Не удалось списать {amount} с вашей карты по договору "
	  "{contract}." },
	{ "autopay_charged", NULL,
	  "Autopayment made",
	  "{amount} was charged to your card under contract {contract}.",
	  "Автоплатёж списан",
	  "С вашей карты списано {amount} по договору {contract}." },
};

static int
inbox_when(const char *when, json_t *args)
{
	const char	*eq = strchr(when, '=');
	char		 key[32];
	json_t		*v;

	if (eq == NULL || (size_t)(eq - when) >= sizeof key)
		return 0;
	snprintf(key, sizeof key, "%.*s", (int)(eq - when), when);
	v = json_object_get(args, key);
	if (json_is_true(v))
		return strcmp(eq + 1, "true") == 0;
	return json_is_string(v) && strcmp(json_string_value(v), eq + 1) == 0;
}

static const struct inbox_words *
inbox_find(const char *kind, json_t *args)
{
	size_t	i;

	for (i = 0; i < sizeof inbox_words / sizeof inbox_words[0]; i++)
		if (strcmp(inbox_words[i].kind, kind) == 0 &&
		    (inbox_words[i].when == NULL ||
		    inbox_when(inbox_words[i].when, args)))
			return &inbox_words[i];
	return NULL;
}

/* The words with args put in, in Russian or English (caller frees). */
static char *
inbox_expand(const char *words, json_t *args, int ru)
{
	struct buf	 b = BUF_INIT;
	const char	*p = words, *end;
	char		 key[32], out[MONEY_FMT_LEN];
	struct date	 d;
	json_t		*v;

	while (*p != '\0') {
		if (*p != '{' || (end = strchr(p, '}')) == NULL ||
		    (size_t)(end - p - 1) >= sizeof key) {
			buf_addch(&b, *p++);
			continue;
		}
		snprintf(key, sizeof key, "%.*s", (int)(end - p - 1), p + 1);
		v = json_object_get(args, key);
		if (strcmp(key, "amount") == 0 && json_is_integer(v))
			buf_adds(&b, money_format(json_integer_value(v), ru ?
			    MONEY_RU : MONEY_EN, out, sizeof out));
		else if (strcmp(key, "due_on") == 0 && json_is_string(v) &&
		    ru && date_parse(json_string_value(v), &d) == DATE_OK)
			buf_adds(&b, date_format_ru(&d, out, sizeof out));
		else if (json_is_string(v))
			buf_adds(&b, json_string_value(v));
		else if (json_is_integer(v)) {
			snprintf(out, sizeof out, "%lld",
			    (long long)json_integer_value(v));
			buf_adds(&b, out);
		} else
			buf_adds(&b, "—");
		p = end + 1;
	}
	return buf_detach(&b, NULL);
}

static json_t *
inbox_row_json(sqlite3_stmt *st)
{
	json_t		*args;
	char		 id[32];

	if ((args = json_loads((const char *)sqlite3_column_text(st, 2), 0,
	    NULL)) == NULL)
		args = json_object();
	snprintf(id, sizeof id, "nt_%lld",
	    (long long)sqlite3_column_int64(st, 0));
	return json_pack("{s:s, s:s, s:o, s:{s:s, s:s}, s:{s:s, s:s}, s:o,"
	    " s:b}",
	    "id", id,
	    "kind", sqlite3_column_text(st, 1),
	    "args", args,
	    "title", "ru", sqlite3_column_text(st, 3),
	    "en", sqlite3_column_text(st, 4),
	    "text", "ru", sqlite3_column_text(st, 5),
	    "en", sqlite3_column_text(st, 6),
	    "created_at", sbclock_json(sqlite3_column_int64(st, 7)),
	    "read", sqlite3_column_type(st, 8) != SQLITE_NULL);
}

#define INBOX_COLUMNS "id, kind, args, title_ru, title_en, text_ru, " \
	"text_en, created_at, read_at"

int64_t
inbox_id_parse(const char *s)
{
	char		*end;
	long long	 n;

	if (s == NULL || strncmp(s, "nt_", 3) != 0 || s[3] < '1' ||
	    s[3] > '9')
		return -1;
	n = strtoll(s + 3, &end, 10);
	return *end == '\0' && n > 0 ? (int64_t)n : -1;
}

json_t *
inbox_json(const char *account_id, int64_t id)
{
	sqlite3_stmt	*st;
	json_t		*j = NULL;

	st = db_queryf("SELECT " INBOX_COLUMNS " FROM inbox WHERE id = ? AND "
	    "account_id = ?", "it", id, account_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		j = inbox_row_json(st);
	sqlite3_finalize(st);
	return j;
}

int64_t
inbox_unread(const char *account_id)
{
	return db_intf("SELECT COUNT(*) FROM inbox WHERE account_id = ? AND "
	    "read_at IS NULL", "t", account_id);
}

json_t *
inbox_page_json(const char *account_id, int64_t before, int limit,
    int unread_only)
{
	sqlite3_stmt	*st;
	json_t		*items = json_array(), *next = json_null();
	char		 id[32];
	int64_t		 last = 0;
	int		 n = 0;

	if (limit < 1 || limit > INBOX_PAGE_MAX)
		limit = INBOX_PAGE_MAX;
	st = db_queryf("SELECT " INBOX_COLUMNS " FROM inbox WHERE account_id "
	    "= ? AND id < ? AND (? = 0 OR read_at IS NULL) ORDER BY id DESC "
	    "LIMIT ?", "tiii", account_id, before, (int64_t)unread_only,
	    (int64_t)limit + 1);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == limit) {	/* one more: there is a next page */
			snprintf(id, sizeof id, "nt_%lld", (long long)last);
			json_decref(next);
			next = json_string(id);
			break;
		}
		last = sqlite3_column_int64(st, 0);
		json_array_append_new(items, inbox_row_json(st));
		n++;
	}
	sqlite3_finalize(st);
	return json_pack("{s:o, s:I, s:I, s:o}", "items", items,
	    "unread", (json_int_t)inbox_unread(account_id),
	    "total", (json_int_t)db_intf("SELECT COUNT(*) FROM inbox WHERE "
	    "account_id = ?", "t", account_id),
	    "next_cursor", next);
}

static void
inbox_read_event(const char *account_id)
{
	events_append(account_id, "notifications.read", json_pack("{s:I}",
	    "unread", (json_int_t)inbox_unread(account_id)));
}

int
inbox_mark_read(const char *account_id, int64_t id, int64_t up_to)
{
	int	n;

	if (id > 0)
		n = db_execf("UPDATE inbox SET read_at = ? WHERE account_id = ? "
		    "AND id = ? AND read_at IS NULL", "iti",
		    (int64_t)sbclock_now(), account_id, id);
	else
		n = db_execf("UPDATE inbox SET read_at = ? WHERE account_id = ? "
		    "AND id <= ? AND read_at IS NULL", "iti",
		    (int64_t)sbclock_now(), account_id,
		    up_to > 0 ? up_to : INT64_MAX);
	if (n > 0)
		inbox_read_event(account_id);
	return n < 0 ? 0 : n;
}

/* Adds the message once for dedup (NULL: always). */
static void
inbox_put(const char *account_id, const char *kind, json_t *args,
    const char *dedup)
{
	const struct inbox_words *w;
	sqlite3_stmt	*st;
	char		*s, *words[4];
	int64_t		 id;
	int		 i;

	if (!json_is_object(args)) {
		json_decref(args);
		args = json_object();
	}
	if ((w = inbox_find(kind, args)) == NULL) {
		log_warn("inbox: unknown kind %s", kind);
		json_decref(args);
		return;
	}
	if (json_is_string(json_object_get(args, "loan_id")) &&
	    json_object_get(args, "contract") == NULL) {
		st = db_queryf("SELECT contract_number FROM loans WHERE id = ?",
		    "t", json_string_value(json_object_get(args, "loan_id")));
		if (sqlite3_step(st) == SQLITE_ROW)
			json_object_set_new(args, "contract", json_string(
			    (const char *)sqlite3_column_text(st, 0)));
		sqlite3_finalize(st);
	}
	if (dedup != NULL && db_existsf("SELECT 1 FROM inbox WHERE account_id "
	    "= ? AND dedup = ?", "tt", account_id, dedup)) {
		json_decref(args);
		return;
	}
	words[0] = inbox_expand(w->title_ru, args, 1);
	words[1] = inbox_expand(w->title_en, args, 0);
	words[2] = inbox_expand(w->text_ru, args, 1);
	words[3] = inbox_expand(w->text_en, args, 0);
	s = json_dumps(args, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(args);
	if (s != NULL && db_execf("INSERT INTO inbox (account_id, kind, args, "
	    "title_ru, title_en, text_ru, text_en, dedup, created_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?)", "tttttttti", account_id, kind, s, words[0], words[1], words[2],
	    words[3], dedup, (int64_t)sbclock_now()) == 1) {
		id = sqlite3_last_insert_rowid(db_handle());
		events_append(account_id, "notification.created",
		    json_pack("{s:o, s:I}", "notification", inbox_json(
		    account_id, id), "unread",
		    (json_int_t)inbox_unread(account_id)));
		log_info("inbox: %s for %s", kind, account_id);
	}
	free(s);
	for (i = 0; i < 4; i++)
		free(words[i]);
}

void
inbox_add(const char *account_id, const char *kind, json_t *args)
{
	inbox_put(account_id, kind, args, NULL);
}

/*
 * The reminders of a payment due: three days before (or two, if the clock
 * jumped past the third), the day before, the day itself, and once
 * overdue; each once per loan and due date, only the one that applies
 * now when the clock jumps over several.
 */
void
inbox_remind(void)
{
	sqlite3_stmt	*st;
	struct date	 today = date_from_time(sbclock_now()), due;
	struct {
		char	 id[48], account[32], contract[48], due_on[16];
		int64_t	 total;
	}		*l = NULL;
	size_t		 n = 0, i;
	long		 days;
	const char	*kind;
	char		 dedup[128];

	st = db_prepare("SELECT id, account_id, contract_number, due_on, "
	    "principal_due + interest_due + penalty_due + other_due FROM loans "
	    "WHERE state IN ('active', 'overdue')");
	while (sqlite3_step(st) == SQLITE_ROW) {
		if ((l = reallocarray(l, n + 1, sizeof *l)) == NULL)
			fatalx("out of memory");
		snprintf(l[n].id, sizeof l[n].id, "%s",
		    sqlite3_column_text(st, 0));
		snprintf(l[n].account, sizeof l[n].account, "%s",
		    sqlite3_column_text(st, 1));
		snprintf(l[n].contract, sizeof l[n].contract, "%s",
		    sqlite3_column_text(st, 2));
		snprintf(l[n].due_on, sizeof l[n].due_on, "%s",
		    sqlite3_column_text(st, 3));
		l[n++].total = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	for (i = 0; i < n; i++) {
		if (date_parse(l[i].due_on, &due) != DATE_OK ||
		    l[i].total <= 0)
			continue;
		days = date_diff(&today, &due);
		if (days < 0)
			kind = "overdue";
		else if (days == 0)
			kind = "due_today";
		else if (days == 1)
			kind = "due_1d";
		else if (days <= 3)
			kind = "due_3d";
		else
			continue;
		snprintf(dedup, sizeof dedup, "%s:%s:%s", kind, l[i].id,
		    l[i].due_on);
		inbox_put(l[i].account, kind, json_pack("{s:s, s:s, s:s, s:I}",
		    "loan_id", l[i].id, "contract", l[i].contract,
		    "due_on", l[i].due_on, "amount", (json_int_t)l[i].total),
		    dedup);
	}
	free(l);
}
