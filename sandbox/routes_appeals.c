/*
 * routes_appeals.c — a borrower's appeals (обращения) and the support
 * desk's queue of them.
 *
 * The borrower writes one (POST /v1/appeals: a subject from
 * appeal_subjects and a text) and reads its status and answer; another
 * borrower's appeal id is 404, as a missing one.  The desk lists the
 * open ones, overdue first (the legal period of the subject, in working
 * days on the sandbox's clock, is over and nothing is answered), takes
 * one, sees the client (the loans only after its passport check when the
 * subject is about them), answers and closes; every step is in the
 * audit log.  Each change reaches the borrower as an appeal.updated
 * event, and the answer as a message in the inbox.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/appeal.h"
#include "kabinet/date.h"
#include "kabinet/log.h"
#include "sandbox.h"

#define APPEAL_COLS	"number, id, account_id, subject, text, status, " \
			"created_at, due_on, operator, answer, answered_at, " \
			"closed_at"
#define APPEALS_MAX	200	/* a list's length */

static const char *
col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static json_t *
time_or_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? json_null() :
	    sbclock_json(sqlite3_column_int64(st, i));
}

static void
today_iso(char *iso)
{
	struct date	d = date_from_time(sbclock_now());

	date_format_iso(&d, iso, DATE_FMT_LEN);
}

/* Not answered within its period: open and past its last day. */
static int
overdue(const char *status, const char *due_on)
{
	char	today[DATE_FMT_LEN];

	today_iso(today);
	return (strcmp(status, APPEAL_NEW) == 0 ||
	    strcmp(status, APPEAL_IN_WORK) == 0) && strcmp(today, due_on) > 0;
}

/* An APPEAL_COLS row as the borrower sees it; with desk, as the support
 * desk does (the client's id and who has it). */
static json_t *
appeal_row_json(sqlite3_stmt *st, int desk)
{
	const struct appeal_subject *s = appeal_subject_find(col(st, 3));
	json_t	*o;

	o = json_pack("{s:s, s:I, s:s, s:s, s:s, s:o, s:s, s:b, s:s?, s:o,"
	    " s:o}",
	    "id", col(st, 1),
	    "number", (json_int_t)sqlite3_column_int64(st, 0),
	    "subject", col(st, 3),
	    "text", col(st, 4),
	    "status", col(st, 5),
	    "created_at", sbclock_json(sqlite3_column_int64(st, 6)),
	    "due_on", col(st, 7),
	    "overdue", overdue(col(st, 5), col(st, 7)),
	    "answer", col(st, 9),
	    "answered_at", time_or_null(st, 10),
	    "closed_at", time_or_null(st, 11));
	if (desk) {
		json_object_set_new(o, "client_id", json_string(col(st, 2)));
		json_object_set_new(o, "operator", col(st, 8) != NULL ?
		    json_string(col(st, 8)) : json_null());
		json_object_set_new(o, "identity_required",
		    json_boolean(s != NULL && s->needs_identity));
	}
	return o;
}

/* One appeal, of account_id unless NULL: its row stepped, or NULL. */
static sqlite3_stmt *
appeal_load(const char *id, const char *account_id)
{
	sqlite3_stmt	*st;

	st = db_queryf("SELECT " APPEAL_COLS " FROM appeals WHERE id = ? "
	    "AND (?2 IS NULL OR account_id = ?2)", account_id != NULL ? "tt" :
	    "tn", id, account_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

static json_t *
appeal_json(const char *id, int desk)
{
	sqlite3_stmt	*st;
	json_t		*o;

	if ((st = appeal_load(id, NULL)) == NULL)
		return json_null();
	o = appeal_row_json(st, desk);
	sqlite3_finalize(st);
	return o;
}

/* Tells the borrower of a change. */
static void
appeal_event(const char *id)
{
	sqlite3_stmt	*st;

	if ((st = appeal_load(id, NULL)) == NULL)
		return;
	events_append(col(st, 2), "appeal.updated", json_pack("{s:o}",
	    "appeal", appeal_row_json(st, 0)));
	sqlite3_finalize(st);
}

/* The borrower's inbox says so (the lender's words name the number). */
static void
appeal_answered(const char *account_id, const char *id)
{
	char	number[32];

	snprintf(number, sizeof number, "№ %lld", (long long)db_intf(
	    "SELECT number FROM appeals WHERE id = ?", "t", id));
	inbox_add(account_id, "appeal_answered", json_pack("{s:s, s:s}",
	    "appeal", number, "appeal_id", id));
}

static int
not_found(struct req *r)
{
	return http_problem(r, 404, "appeal_not_found", "no such appeal",
	    NULL);
}

/* ---- the borrower ---- */

static int
route_create(struct req *r)
{
	const struct appeal_subject *s;
	const char	*text = http_str(r, "text");
	enum appeal_text_error e;
	struct date	 today = date_from_time(sbclock_now()), due;
	char		 id[48], iso[DATE_FMT_LEN];

	if (idem_begin(r))
		return 0;
	if ((s = appeal_subject_find(http_str(r, "subject"))) == NULL) {
		idem_abort(r);
		return http_validation(r, "subject", http_str(r, "subject") ==
		    NULL ? "required" : "invalid");
	}
	if ((e = appeal_text_check(text, APPEAL_TEXT_MAX)) != APPEAL_TEXT_OK) {
		idem_abort(r);
		return http_validation(r, "text", appeal_text_code(e));
	}
	due = date_add_working_days(&today, s->working_days);
	date_format_iso(&due, iso, sizeof iso);
	lending_new_id("apl", id, sizeof id);
	if (db_execf("INSERT INTO appeals (id, account_id, subject, text, "
	    "created_at, due_on) VALUES (?, ?, ?, ?, ?, ?)", "ttttit", id,
	    r->account.id, s->id, text, (int64_t)sbclock_now(), iso) != 1) {
		idem_abort(r);
		return http_problem(r, 500, "internal", "cannot store", NULL);
	}
	log_info("appeal %s (%s) due %s", id, s->id, iso);
	appeal_event(id);
	idem_finish(r, 201, json_pack("{s:o}", "appeal", appeal_json(id, 0)));
	return 0;
}

static int
route_list(struct req *r)
{
	sqlite3_stmt	*st;
	json_t		*items = json_array();

	st = db_queryf("SELECT " APPEAL_COLS " FROM appeals "
	    "WHERE account_id = ? ORDER BY number DESC LIMIT ?", "ti",
	    r->account.id, (int64_t)APPEALS_MAX);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(items, appeal_row_json(st, 0));
	sqlite3_finalize(st);
	return http_json(r, 200, json_pack("{s:o}", "items", items));
}

static int
route_get(struct req *r)
{
	sqlite3_stmt	*st;
	json_t		*o;

	if ((st = appeal_load(r->arg[0], r->account.id)) == NULL)
		return not_found(r);
	o = appeal_row_json(st, 0);
	sqlite3_finalize(st);
	return http_json(r, 200, json_pack("{s:o}", "appeal", o));
}

/* ---- the support desk ---- */

/* Every appeal not closed: overdue first, then by the last day to
 * answer, oldest first. */
static int
route_queue(struct req *r)
{
	sqlite3_stmt	*st;
	json_t		*items = json_array(), *c;
	char		 today[DATE_FMT_LEN];

	today_iso(today);
	st = db_queryf("SELECT " APPEAL_COLS " FROM appeals "
	    "WHERE status != 'closed' ORDER BY (status IN ('new', 'in_work') "
	    "AND due_on < ?) DESC, status = 'answered', due_on, number "
	    "LIMIT ?", "ti", today, (int64_t)APPEALS_MAX);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t	*o = appeal_row_json(st, 1);

		/* The queue shows what search shows: a name with initials. */
		json_object_del(o, "text");
		json_object_del(o, "answer");
		if ((c = operator_client_card(col(st, 2), r->op.login, 0))
		    != NULL) {
			json_object_set(o, "client_name",
			    json_object_get(c, "name"));
			json_decref(c);
		}
		json_array_append_new(items, o);
	}
	sqlite3_finalize(st);
	operator_audit(r->op.login, NULL, "appeal_queue", "ok");
	return http_json(r, 200, json_pack("{s:o}", "items", items));
}

/* May this operator see the client's loans for this appeal (and answer
 * it)?  Not when the subject is about them and the caller's identity has
 * not been checked by this operator within IDCHECK_VALID_SECONDS. */
static int
identity_ok(const char *subject, const char *account_id, const char *login)
{
	const struct appeal_subject *s = appeal_subject_find(subject);

	return s == NULL || !s->needs_identity ||
	    operator_identity_verified_until(account_id, login) != 0;
}

static int
route_desk_get(struct req *r)
{
	sqlite3_stmt	*st;
	json_t		*o, *c;
	int		 ok;

	if ((st = appeal_load(r->arg[0], NULL)) == NULL)
		return not_found(r);
	o = appeal_row_json(st, 1);
	ok = identity_ok(col(st, 3), col(st, 2), r->op.login);
	c = operator_client_card(col(st, 2), r->op.login, ok);
	operator_audit(r->op.login, col(st, 2), "appeal_view",
	    ok ? "ok" : "identity_required");
	sqlite3_finalize(st);
	return http_json(r, 200, json_pack("{s:o, s:o*}", "appeal", o,
	    "client", c));
}

/*
 * The desk's steps: take (new → in_work, this operator's), answer
 * (in_work → answered, by whoever took it, the identity checked where
 * the subject needs it), close (answered → closed, by the same).
 */
enum step { STEP_TAKE, STEP_ANSWER, STEP_CLOSE };

static const struct step_rule {
	const char	*action;	/* in the audit log */
	const char	*from;		/* the status it needs */
	const char	*to;
} step_rules[] = {
	[STEP_TAKE] = { "appeal_take", APPEAL_NEW, APPEAL_IN_WORK },
	[STEP_ANSWER] = { "appeal_answer", APPEAL_IN_WORK, APPEAL_ANSWERED },
	[STEP_CLOSE] = { "appeal_close", APPEAL_ANSWERED, APPEAL_CLOSED },
};

static int
refuse(struct req *r, const char *account_id, const char *action,
    int status, const char *code, const char *detail)
{
	operator_audit(r->op.login, account_id, action, code);
	return http_problem(r, status, code, detail, NULL);
}

static int
desk_step(struct req *r, enum step step)
{
	const struct step_rule *rule = &step_rules[step];
	sqlite3_stmt	*st;
	const char	*text = http_str(r, "text");
	enum appeal_text_error e;
	char		 account[32], subject[32], status[16], who[64];
	int		 n;

	if ((st = appeal_load(r->arg[0], NULL)) == NULL)
		return not_found(r);
	snprintf(account, sizeof account, "%s", col(st, 2));
	snprintf(subject, sizeof subject, "%s", col(st, 3));
	snprintf(status, sizeof status, "%s", col(st, 5));
	snprintf(who, sizeof who, "%s", col(st, 8) != NULL ? col(st, 8) : "");
	sqlite3_finalize(st);

	if (step == STEP_TAKE && strcmp(status, APPEAL_IN_WORK) == 0 &&
	    strcmp(who, r->op.login) == 0)
		return http_json(r, 200, json_pack("{s:o}", "appeal",
		    appeal_json(r->arg[0], 1)));	/* taken already */
	if (strcmp(status, APPEAL_CLOSED) == 0)
		return refuse(r, account, rule->action, 409, "appeal_closed",
		    "the appeal is closed");
	if (step == STEP_TAKE && strcmp(status, APPEAL_NEW) != 0)
		return refuse(r, account, rule->action, 409, "appeal_taken",
		    "another operator has taken the appeal");
	if (step != STEP_TAKE && strcmp(who, r->op.login) != 0)
		return refuse(r, account, rule->action, 409,
		    "appeal_not_taken", "take the appeal first");
	if (strcmp(status, rule->from) != 0)
		return refuse(r, account, rule->action, 409,
		    step == STEP_CLOSE ? "appeal_not_answered" :
		    "appeal_answered", step == STEP_CLOSE ?
		    "answer the appeal before closing it" :
		    "the appeal is answered already");
	if (step == STEP_ANSWER) {
		if (!identity_ok(subject, account, r->op.login))
			return refuse(r, account, rule->action, 403,
			    "identity_not_verified", "check the caller's "
			    "identity first (valid 10 minutes)");
		if ((e = appeal_text_check(text, APPEAL_ANSWER_MAX)) !=
		    APPEAL_TEXT_OK) {
			operator_audit(r->op.login, account, rule->action,
			    "invalid");
			return http_validation(r, "text", appeal_text_code(e));
		}
		n = db_execf("UPDATE appeals SET status = ?, answer = ?, "
		    "answered_at = ? WHERE id = ? AND status = ?", "ttitt",
		    rule->to, text, (int64_t)sbclock_now(), r->arg[0],
		    rule->from);
	} else if (step == STEP_TAKE)
		n = db_execf("UPDATE appeals SET status = ?, operator = ?, "
		    "taken_at = ? WHERE id = ? AND status = ?", "ttitt",
		    rule->to, r->op.login, (int64_t)sbclock_now(), r->arg[0],
		    rule->from);
	else
		n = db_execf("UPDATE appeals SET status = ?, closed_at = ? "
		    "WHERE id = ? AND status = ?", "titt", rule->to,
		    (int64_t)sbclock_now(), r->arg[0], rule->from);
	if (n != 1)
		return http_problem(r, 500, "internal", "cannot store", NULL);
	operator_audit(r->op.login, account, rule->action, "ok");
	appeal_event(r->arg[0]);
	if (step == STEP_ANSWER)
		appeal_answered(account, r->arg[0]);
	return http_json(r, 200, json_pack("{s:o}", "appeal",
	    appeal_json(r->arg[0], 1)));
}

static int
route_take(struct req *r)
{
	return desk_step(r, STEP_TAKE);
}

static int
route_answer(struct req *r)
{
	return desk_step(r, STEP_ANSWER);
}

static int
route_close(struct req *r)
{
	return desk_step(r, STEP_CLOSE);
}

const struct route routes_appeals[] = {
	{ "POST", "/v1/appeals", route_create, R_JSON | R_NEEDS_AUTH },
	{ "GET", "/v1/appeals", route_list, R_NEEDS_AUTH },
	{ "GET", "/v1/appeals/*", route_get, R_NEEDS_AUTH },
	{ "GET", "/v1/operator/appeals", route_queue, R_OPERATOR },
	{ "GET", "/v1/operator/appeals/*", route_desk_get, R_OPERATOR },
	{ "POST", "/v1/operator/appeals/*/take", route_take,
	  R_JSON | R_OPERATOR },
	{ "POST", "/v1/operator/appeals/*/answer", route_answer,
	  R_JSON | R_OPERATOR },
	{ "POST", "/v1/operator/appeals/*/close", route_close,
	  R_JSON | R_OPERATOR },
	{ NULL, NULL, NULL, 0 },
};
