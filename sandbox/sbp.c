/*
 * sbp.c — paying the loan through the Faster Payments System (СБП): the
 * lender makes a one-time payment link (a dynamic QR code, type=02, of
 * the form https://qr.nspk.ru/ID?type=02&bank=…&sum=…&cur=RUB&crc=…) for
 * an amount, valid SBP_TTL seconds; the borrower's bank pays it or the
 * borrower refuses it; the sandbox plays the bank with its own page
 * (/sbp/ID) and a control that delivers the bank's notice late or more
 * than once (/sandbox/sbp/ID/deliver).
 *
 * Money that arrives is never lost: a notice is credited once per bank
 * operation (sbp_operations counts every copy; the link's credited_at
 * marks the one credit), even after the link expired or was refused —
 * the money is the borrower's and goes to the loan in the legal order;
 * what is over the debt by then (the loan repaid meanwhile) is returned
 * to the payer as a refund entry.
 */
#include <sys/random.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/buf.h"
#include "kabinet/log.h"
#include "kabinet/money.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

#define SBP_TTL		(10 * 60)
#define SBP_HOST	"https://qr.nspk.ru/"
#define SBP_BANK	"100000000111"	/* the lender's bank in СБП */
#define SBP_QRC_LEN	32
#define SBP_PAYEE	"ООО МКК «СмартСтарт» (песочница)"
#define SBP_PAYEE_INN	"7700000000"
#define SBP_COPIES_MAX	10

struct sbp {
	char	 id[48], qrc[SBP_QRC_LEN + 1], account_id[32], loan_id[48];
	char	 status[16], op_id[48], payment_id[48];
	int64_t	 amount, created, expires, paid_at, credited_at, refunded;
	int	 late;
};

/* CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) of s. */
static unsigned int
crc16(const char *s)
{
	unsigned int	crc = 0xffff;
	int		i;

	for (; *s != '\0'; s++) {
		crc ^= (unsigned int)(unsigned char)*s << 8;
		for (i = 0; i < 8; i++)
			crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
		crc &= 0xffff;
	}
	return crc;
}

/* An NSPK-style QR id: "AS1" and 29 of [0-9A-Z]. */
static void
new_qrc(char *out)
{
	static const char	 digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	unsigned char		 b[SBP_QRC_LEN];
	int			 i;

	while (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
		;
	memcpy(out, "AS1", 3);
	for (i = 3; i < SBP_QRC_LEN; i++)
		out[i] = digits[b[i] % 36];
	out[SBP_QRC_LEN] = '\0';
}

/* The link, with its crc over everything before "&crc=". */
static char *
sbp_url(const char *qrc, int64_t amount)
{
	char	*head, *url;

	xasprintf(&head, SBP_HOST "%s?type=02&bank=" SBP_BANK "&sum=%lld"
	    "&cur=RUB", qrc, (long long)amount);
	xasprintf(&url, "%s&crc=%04X", head, crc16(head));
	free(head);
	return url;
}

#define SBP_COLUMNS "id, qrc_id, account_id, loan_id, status, " \
	"coalesce(op_id, ''), coalesce(payment_id, ''), amount, created_at, " \
	"expires_at, coalesce(paid_at, 0), coalesce(credited_at, 0), " \
	"refunded, late"

static int
sbp_get(const char *col, const char *value, struct sbp *p)
{
	sqlite3_stmt	*st;
	char		*sql;
	int		 rc = -1;

	xasprintf(&sql, "SELECT " SBP_COLUMNS " FROM sbp_payments WHERE %s = ?",
	    col);
	st = db_queryf(sql, "t", value);
	free(sql);
	if (sqlite3_step(st) == SQLITE_ROW) {
		memset(p, 0, sizeof *p);
#define COL(i, f) snprintf(p->f, sizeof p->f, "%s", \
	    (const char *)sqlite3_column_text(st, i))
		COL(0, id);
		COL(1, qrc);
		COL(2, account_id);
		COL(3, loan_id);
		COL(4, status);
		COL(5, op_id);
		COL(6, payment_id);
#undef COL
		p->amount = sqlite3_column_int64(st, 7);
		p->created = sqlite3_column_int64(st, 8);
		p->expires = sqlite3_column_int64(st, 9);
		p->paid_at = sqlite3_column_int64(st, 10);
		p->credited_at = sqlite3_column_int64(st, 11);
		p->refunded = sqlite3_column_int64(st, 12);
		p->late = sqlite3_column_int(st, 13);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* The sbp object of doc/lender-api.md (new ref). */
static json_t *
sbp_json(const struct sbp *p)
{
	char	*url = sbp_url(p->qrc, p->amount);
	json_t	*j;

	j = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:{s:s, s:s, s:s},"
	    " s:s, s:b, s:o, s:o, s:I}",
	    "id", p->id, "loan_id", p->loan_id, "qrc_id", p->qrc, "url", url,
	    "amount", (json_int_t)p->amount, "currency", "RUB",
	    "payee", "name", SBP_PAYEE, "inn", SBP_PAYEE_INN, "bank", SBP_BANK,
	    "status", p->status, "late", p->late,
	    "created_at", sbclock_json((time_t)p->created),
	    "expires_at", sbclock_json((time_t)p->expires),
	    "refunded", (json_int_t)p->refunded);
	free(url);
	if (p->paid_at != 0)
		json_object_set_new(j, "paid_at",
		    sbclock_json((time_t)p->paid_at));
	json_object_set_new(j, "payment", p->payment_id[0] != '\0' ?
	    pay_payment_json(p->payment_id) : json_null());
	return j;
}

static void
sbp_event(const struct sbp *p)
{
	events_append(p->account_id, "sbp.updated", json_pack("{s:o}", "sbp",
	    sbp_json(p)));
}

void
sbp_tick(void)
{
	struct sbp	 p;
	sqlite3_stmt	*st;
	char		 id[48];

	for (;;) {
		st = db_queryf("SELECT id FROM sbp_payments WHERE status = "
		    "'pending' AND expires_at <= ? LIMIT 1", "i",
		    (int64_t)sbclock_now());
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_finalize(st);
			return;
		}
		snprintf(id, sizeof id, "%s", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		db_execf("UPDATE sbp_payments SET status = 'expired' WHERE "
		    "id = ?", "t", id);
		if (sbp_get("id", id, &p) == 0) {
			log_info("СБП link %s expired", p.id);
			sbp_event(&p);
			inbox_add(p.account_id, "sbp_expired", json_pack("{s:s,"
			    " s:s, s:I}", "loan_id", p.loan_id, "sbp_id", p.id,
			    "amount", (json_int_t)p.amount));
		}
	}
}

/*
 * The bank's notice of operation p->op_id: counted, and credited the
 * first time only.  The loan takes what it owes now; the rest goes back.
 */
static void
sbp_credit(struct sbp *p)
{
	struct pay_loan	 l;
	int64_t		 take = 0, back;
	json_t		*split = NULL;
	char		 pid[48] = "";
	time_t		 now = sbclock_now();
	int		 split_closed = 0;

	db_execf("INSERT INTO sbp_operations (op_id, qrc_id, amount, "
	    "deliveries, first_at, last_at) VALUES (?, ?, ?, 1, ?, ?) ON "
	    "CONFLICT (op_id) DO UPDATE SET deliveries = deliveries + 1, "
	    "last_at = excluded.last_at", "ttiii", p->op_id, p->qrc, p->amount,
	    (int64_t)now, (int64_t)now);
	if (p->credited_at != 0) {
		log_info("СБП operation %s for %s again: credited before",
		    p->op_id, p->id);
		return;
	}
	if (pay_loan_get(p->loan_id, p->account_id, &l) == 0) {
		pay_accrue(&l);
		if (strcmp(l.state, "closed") != 0) {
			take = pay_total_today(&l);
			if (take > p->amount)
				take = p->amount;
		}
		if (take > 0) {
			split = pay_card_charge(&l, take, NULL, pid,
			    sizeof pid);
			split_closed = strcmp(l.state, "closed") == 0;
		}
	}
	back = p->amount - take;
	if (back > 0) {
		pay_history_add(p->account_id, p->loan_id, "refund",
		    "succeeded", back, NULL, "СБП payment over the debt "
		    "returned", NULL);
		if (take == 0) {
			/* Nothing owed: the history names the refund. */
			sqlite3_stmt *st = db_queryf("SELECT id FROM payments "
			    "WHERE account_id = ? ORDER BY seq DESC LIMIT 1",
			    "t", p->account_id);

			if (sqlite3_step(st) == SQLITE_ROW)
				snprintf(pid, sizeof pid, "%s",
				    sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
	}
	json_decref(split);
	p->late = strcmp(p->status, "pending") != 0 || now >= p->expires;
	db_execf("UPDATE sbp_payments SET status = 'paid', paid_at = ?, "
	    "credited_at = ?, payment_id = ?, refunded = ?, late = ? WHERE "
	    "id = ?", "iitiit", (int64_t)now, (int64_t)now, pid, back,
	    (int64_t)p->late, p->id);
	sbp_get("id", p->id, p);
	log_info("СБП %s paid%s: %lld kopecks credited, %lld returned", p->id,
	    p->late ? " late" : "", (long long)take, (long long)back);
	if (take > 0)
		inbox_add(p->account_id, "payment_received", json_pack("{s:s, "
		    "s:s, s:I, s:b, s:s}", "loan_id", p->loan_id, "payment_id",
		    pid, "amount", (json_int_t)take, "closed", split_closed,
		    "sbp_id", p->id));
	sbp_event(p);
}

/* The bank pays the link: one operation id for the link, made once. */
static void
sbp_pay(struct sbp *p)
{
	char	tok[64];

	if (p->op_id[0] == '\0') {
		auth_random_token(tok, sizeof tok);
		snprintf(p->op_id, sizeof p->op_id, "B%.30s", tok);
		db_execf("UPDATE sbp_payments SET op_id = ? WHERE id = ?", "tt",
		    p->op_id, p->id);
	}
	sbp_credit(p);
}

/* ---- the lender API ---- */

/* POST /v1/loans/{id}/sbp {amount}: a payment link for the amount. */
static int
route_sbp_create(struct req *r)
{
	struct pay_loan	 l;
	struct sbp	 p;
	int64_t		 amount;
	time_t		 now = sbclock_now();
	char		 id[48], qrc[SBP_QRC_LEN + 1];

	if (idem_begin(r))
		return 0;
	if (pay_loan_get(r->arg[0], r->account.id, &l) != 0) {
		idem_abort(r);
		return http_problem(r, 404, "loan_not_found", "no such loan",
		    NULL);
	}
	pay_accrue(&l);
	if (strcmp(l.state, "closed") == 0) {
		idem_abort(r);
		return http_problem(r, 409, "loan_closed", "the loan is repaid "
		    "already", NULL);
	}
	if (pay_amount_check(r, &l, &amount) != 0)
		return 0;
	lending_new_id("sbp", id, sizeof id);
	new_qrc(qrc);
	db_execf("INSERT INTO sbp_payments (id, qrc_id, account_id, loan_id, "
	    "amount, status, created_at, expires_at) VALUES (?, ?, ?, ?, ?, "
	    "'pending', ?, ?)", "ttttiii", id, qrc, r->account.id, l.id,
	    amount, (int64_t)now, (int64_t)(now + SBP_TTL));
	sbp_get("id", id, &p);
	log_info("СБП link %s for %lld kopecks on %s", id, (long long)amount,
	    l.id);
	return pay_finish(r, json_pack("{s:o}", "sbp", sbp_json(&p)));
}

/* GET /v1/sbp/{id}: the link and its state. */
static int
route_sbp_get(struct req *r)
{
	struct sbp	p;

	sbp_tick();
	if (sbp_get("id", r->arg[0], &p) != 0 || strcmp(p.account_id,
	    r->account.id) != 0)
		return http_problem(r, 404, "sbp_not_found", "no such СБП "
		    "payment", NULL);
	return http_json(r, 200, json_pack("{s:o}", "sbp", sbp_json(&p)));
}

/* GET /v1/loans/{id}/sbp: the loan's links still waiting to be paid,
 * newest first, so a borrower who left one can have it again instead of
 * a second link. */
static int
route_sbp_pending(struct req *r)
{
	struct pay_loan	 l;
	struct sbp	 p;
	sqlite3_stmt	*st;
	json_t		*items = json_array();

	if (pay_loan_get(r->arg[0], r->account.id, &l) != 0) {
		json_decref(items);
		return http_problem(r, 404, "loan_not_found", "no such loan",
		    NULL);
	}
	sbp_tick();
	st = db_queryf("SELECT id FROM sbp_payments WHERE loan_id = ? AND "
	    "account_id = ? AND status = 'pending' ORDER BY created_at DESC, "
	    "rowid DESC", "tt", l.id, r->account.id);
	while (sqlite3_step(st) == SQLITE_ROW)
		if (sbp_get("id", (const char *)sqlite3_column_text(st, 0),
		    &p) == 0)
			json_array_append_new(items, sbp_json(&p));
	sqlite3_finalize(st);
	return http_json(r, 200, json_pack("{s:o}", "items", items));
}

/* ---- the bank's page (a stand-in for the borrower's banking app) ---- */

#define SBP_TITLE	"Оплата по СБП (песочница)"

/* The link named by the path's QR id (letters and digits only). */
static int
page_link(struct req *r, struct sbp *p)
{
	const char	*q = r->arg[0];
	size_t		 i;

	for (i = 0; q[i] != '\0'; i++)
		if (!((q[i] >= '0' && q[i] <= '9') || (q[i] >= 'A' &&
		    q[i] <= 'Z')))
			return -1;
	sbp_tick();
	return i == SBP_QRC_LEN ? sbp_get("qrc_id", q, p) : -1;
}

/* GET /sbp/{qrc_id}: what the bank app shows after the scan. */
static int
route_bank_page(struct req *r)
{
	struct sbp	 p;
	struct buf	 b = BUF_INIT;
	char		 m[MONEY_FMT_LEN];
	int		 rc;

	if (page_link(r, &p) != 0)
		return http_html_page(r, 404, SBP_TITLE,
		    "<h1>Платёжная ссылка не найдена</h1>\n");
	money_format(p.amount, MONEY_ASCII_RU, m, sizeof m);
	buf_addf(&b, "<h1>Оплата по СБП</h1>\n<p>Получатель: %s, ИНН %s</p>\n"
	    "<p>Сумма: %s</p>\n", SBP_PAYEE, SBP_PAYEE_INN, m);
	if (strcmp(p.status, "pending") == 0)
		buf_addf(&b, "<form method=\"post\" action=\"/sbp/%s\">\n"
		    "<button name=\"action\" value=\"pay\">Оплатить</button>\n"
		    "<button name=\"action\" value=\"refuse\">Отказаться"
		    "</button>\n</form>\n", p.qrc);
	else
		buf_addf(&b, "<p>Ссылка уже %s</p>\n", strcmp(p.status,
		    "paid") == 0 ? "оплачена" : strcmp(p.status, "expired") ==
		    0 ? "недействительна: срок истёк" : "отклонена");
	rc = http_html_page(r, 200, SBP_TITLE, b.data);
	buf_release(&b);
	return rc;
}

/* POST /sbp/{qrc_id} action=pay|refuse: the payer's decision.  A link
 * past its time or already settled is not paid from the page. */
static int
route_bank_decide(struct req *r)
{
	struct sbp	 p;
	const char	*body = r->body.data != NULL ? r->body.data : "";

	if (page_link(r, &p) != 0)
		return http_html_page(r, 404, SBP_TITLE,
		    "<h1>Платёжная ссылка не найдена</h1>\n");
	if (strcmp(p.status, "pending") != 0)
		return http_html_page(r, 409, SBP_TITLE,
		    strcmp(p.status, "paid") == 0 ?
		    "<h1>Ссылка уже оплачена</h1>\n" : strcmp(p.status,
		    "expired") == 0 ? "<h1>Срок ссылки истёк</h1>\n" :
		    "<h1>Оплата отклонена</h1>\n");
	if (strcmp(body, "action=pay") == 0) {
		sbp_pay(&p);
		return http_html_page(r, 200, SBP_TITLE,
		    "<h1>Оплачено: вернитесь в терминал</h1>\n");
	}
	if (strcmp(body, "action=refuse") == 0) {
		db_execf("UPDATE sbp_payments SET status = 'refused' WHERE "
		    "id = ?", "t", p.id);
		sbp_get("id", p.id, &p);
		log_info("СБП link %s refused by the payer", p.id);
		sbp_event(&p);
		return http_html_page(r, 200, SBP_TITLE,
		    "<h1>Оплата отклонена</h1>\n");
	}
	return http_html_page(r, 400, SBP_TITLE, "<h1>Неверный запрос</h1>\n");
}

/* POST /sandbox/sbp/{qrc_id}/deliver {copies}: the bank's notice of a
 * payment arrives now, copies times, whatever the link's state (a bank
 * that paid before the expiry and told us late, or told us twice). */
static int
route_deliver(struct req *r)
{
	struct sbp	 p;
	json_t		*c = json_object_get(r->json, "copies");
	json_int_t	 n = 1, i;

	if (page_link(r, &p) != 0)
		return http_problem(r, 404, "sbp_not_found", "no such СБП "
		    "payment", NULL);
	if (c != NULL && (!json_is_integer(c) || (n = json_integer_value(c))
	    < 1 || n > SBP_COPIES_MAX))
		return http_validation(r, "copies", "out_of_range");
	for (i = 0; i < n; i++) {
		sbp_pay(&p);
		sbp_get("id", p.id, &p);
	}
	return http_json(r, 200, json_pack("{s:o, s:I}", "sbp", sbp_json(&p),
	    "deliveries", (json_int_t)db_intf("SELECT deliveries FROM "
	    "sbp_operations WHERE op_id = ?", "t", p.op_id)));
}

const struct route routes_sbp[] = {
	{ "POST", "/v1/loans/*/sbp", route_sbp_create,
	  R_NEEDS_AUTH | R_JSON | R_MONEY },
	{ "GET", "/v1/loans/*/sbp", route_sbp_pending, R_NEEDS_AUTH },
	{ "GET", "/v1/sbp/*", route_sbp_get, R_NEEDS_AUTH },
	{ "GET", "/sbp/*", route_bank_page, 0 },
	{ "POST", "/sbp/*", route_bank_decide, 0 },
	{ "POST", "/sandbox/sbp/*/deliver", route_deliver,
	  R_SANDBOX | R_JSON },
	{ NULL, NULL, NULL, 0 },
};
