/*
 * lending.c — the lender's side of borrowing: the product and its quote
 * (lib/calc.h), the documents a borrower accepts, the objects of
 * doc/lender-api.md (card, application, loan), and the reviewer thread
 * that moves submitted applications through review, deterministic
 * scoring and disbursement.  Callers hold sb_lock() (the reviewer takes
 * it itself).
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/buf.h"
#include "kabinet/card.h"
#include "kabinet/calc.h"
#include "kabinet/date.h"
#include "kabinet/log.h"
#include "kabinet/money.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

long	sb_review_delay;

/* Must agree with GET /v1/products (routes_foundation.c).  Not const:
 * POST /sandbox/product makes it break the law, for clients' checks. */
static struct product products[] = {
	{ "payday", 100000, 3000000, 100000, 1500000, 5, 30, 1, 80, 100 },
};

void
lending_product_set(int rate_bp_per_day, int charges_cap_percent)
{
	products[0].rate_bp_per_day = rate_bp_per_day;
	products[0].charges_cap_percent = charges_cap_percent;
}

const struct product *
lending_product(const char *id)
{
	size_t	i;

	for (i = 0; i < sizeof products / sizeof products[0]; i++)
		if (id != NULL && strcmp(products[i].id, id) == 0)
			return &products[i];
	return NULL;
}

static void
add_error(json_t *errors, const char *field, const char *code)
{
	json_array_append_new(errors, json_pack("{s:s, s:s}", "field", field,
	    "code", code));
}

/* A decimal number of at most 12 digits; -1 if s is not one. */
static int64_t
parse_count(const char *s)
{
	int64_t	v = 0;
	size_t	i;

	if (s == NULL || *s == '\0' || strlen(s) > 12)
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static void
check_range(json_t *errors, const char *field, const char *in, int64_t v,
    int64_t min, int64_t max, int64_t step)
{
	if (in == NULL || *in == '\0')
		add_error(errors, field, "required");
	else if (v < 0)
		add_error(errors, field, "not_a_number");
	else if (v < min || v > max)
		add_error(errors, field, "out_of_range");
	else if ((v - min) % step != 0)
		add_error(errors, field, "bad_step");
}

int
lending_check(const char *product, const char *amount, const char *term,
    const struct product **pp, int64_t *amountp, int *termp, json_t *errors)
{
	const struct product *p;
	int64_t		 a = parse_count(amount), t = parse_count(term);
	size_t		 before = json_array_size(errors);

	if ((p = lending_product(product)) == NULL) {
		add_error(errors, "product", product == NULL ||
		    *product == '\0' ? "required" : "unknown_product");
		return -1;
	}
	check_range(errors, "amount", amount, a, p->min_amount,
	    p->max_amount, p->step_amount);
	check_range(errors, "term", term, t, p->min_term, p->max_term,
	    p->step_term);
	if (json_array_size(errors) != before)
		return -1;
	*pp = p;
	*amountp = a;
	*termp = (int)t;
	return 0;
}

static int
quote_extra(const struct product *p, int64_t amount, int term,
    int64_t extra, struct calc_quote *q, struct date *start)
{
	struct calc_input in;

	memset(&in, 0, sizeof in);
	in.principal = amount;
	in.term_days = term;
	in.rate_bp_per_day = p->rate_bp_per_day;
	in.start = *start = date_from_time(sbclock_now());
	in.extra_charges = extra;
	in.charges_cap_percent = p->charges_cap_percent;
	return calc_quote(&in, q) == CALC_OK ? 0 : -1;
}

static int
quote(const struct product *p, int64_t amount, int term,
    struct calc_quote *q, struct date *start)
{
	return quote_extra(p, amount, term, 0, q, start);
}

static json_t *
quote_json(const struct product *p, int64_t amount, int term, int64_t extra)
{
	struct calc_quote q;
	struct date	 start;
	char		 is[DATE_FMT_LEN], ds[DATE_FMT_LEN], psk[24];

	if (quote_extra(p, amount, term, extra, &q, &start) != 0)
		return NULL;
	return json_pack("{s:s, s:I, s:i, s:i, s:I, s:I, s:I, s:I, s:s, s:s,"
	    " s:s, s:I, s:b}",
	    "product", p->id, "amount", (json_int_t)amount, "term", term,
	    "rate_bp_per_day", p->rate_bp_per_day,
	    "interest", (json_int_t)q.interest,
	    "charges", (json_int_t)q.charges,
	    "total", (json_int_t)q.total,
	    "overpayment", (json_int_t)q.overpayment,
	    "issued_on", date_format_iso(&start, is, sizeof is),
	    "due_on", date_format_iso(&q.due, ds, sizeof ds),
	    "psk", calc_psk_format(q.psk_milli, psk, sizeof psk),
	    "psk_milli", (json_int_t)q.psk_milli,
	    "charges_capped", (q.flags & CALC_CHARGES_CAPPED) != 0);
}

json_t *
lending_quote_json(const struct product *p, int64_t amount, int term)
{
	return quote_json(p, amount, term, 0);
}

json_t *
lending_quote_services_json(const struct product *p, int64_t amount,
    int term, const char *account_id)
{
	json_t	*j, *items;
	int64_t	 total;

	items = services_enabled_json(account_id, &total);
	if ((j = quote_json(p, amount, term, total)) == NULL) {
		json_decref(items);
		return NULL;
	}
	json_object_set_new(j, "services", items);
	json_object_set_new(j, "services_total", json_integer(total));
	return j;
}

/* Each document has its own version: a new text is a new version, and a
 * borrower's acceptance of each is kept (consent_log). */
static const struct document {
	const char	*id, *version, *title, *text;
} documents[] = {
	{ "rules", "2026-11-01", "Правила предоставления займов",
	  "ПРАВИЛА ПРЕДОСТАВЛЕНИЯ ЗАЙМОВ\n"
	  "ООО МКК «СмартСтарт» (песочница)\n\n"
	  "1. Займодавец предоставляет займы от 1 000 до 30 000 рублей на "
	  "срок от 5 до 30 дней на банковскую карту заёмщика.\n"
	  "2. Процентная ставка не превышает 0,8 % в день; полная стоимость "
	  "займа не превышает 292 % годовых.\n"
	  "3. Сумма начисленных процентов, неустоек и платных услуг не "
	  "превышает 100 % суммы займа (353-ФЗ в редакции 545-ФЗ).\n"
	  "4. Заём можно продлить не более пяти раз в год.\n"
	  "5. Неустойка за просрочку — не более 20 % годовых на сумму "
	  "просроченного долга.\n"
	  "6. Заявка рассматривается автоматически; решение приходит в "
	  "личный кабинет.\n" },
	{ "pd_consent", "2026-11-01",
	  "Согласие на обработку персональных данных",
	  "СОГЛАСИЕ НА ОБРАБОТКУ ПЕРСОНАЛЬНЫХ ДАННЫХ\n\n"
	  "Я даю ООО МКК «СмартСтарт» согласие на обработку моих "
	  "персональных данных (фамилия, имя, отчество, дата рождения, "
	  "паспортные данные, адрес регистрации, телефон, адрес электронной "
	  "почты, сведения о доходе) в целях рассмотрения заявки на заём и "
	  "исполнения договора займа в соответствии с Федеральным законом "
	  "от 27.07.2006 № 152-ФЗ «О персональных данных».\n\n"
	  "Согласие действует пять лет и может быть отозвано письменным "
	  "заявлением.\n" },
	{ "pep_agreement", "2026-11-01",
	  "Соглашение об использовании простой электронной подписи",
	  "СОГЛАШЕНИЕ ОБ ИСПОЛЬЗОВАНИИ ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСИ\n\n"
	  "1. Стороны признают, что документ, подписанный кодом из SMS, "
	  "отправленного на номер телефона заёмщика, подписан простой "
	  "электронной подписью заёмщика (Федеральный закон от 06.04.2011 "
	  "№ 63-ФЗ «Об электронной подписи»).\n"
	  "2. Код действует 5 минут и привязан к номеру телефона и к "
	  "содержанию подписываемого документа.\n"
	  "3. Заёмщик обязуется никому не сообщать код.\n" },
	{ "automated_decision", "2026-11-28",
	  "Согласие на принятие решения на основании исключительно "
	  "автоматизированной обработки",
	  "СОГЛАСИЕ НА ПРИНЯТИЕ РЕШЕНИЯ НА ОСНОВАНИИ ИСКЛЮЧИТЕЛЬНО "
	  "АВТОМАТИЗИРОВАННОЙ ОБРАБОТКИ ПЕРСОНАЛЬНЫХ ДАННЫХ\n\n"
	  "(статья 16 Федерального закона от 27.07.2006 № 152-ФЗ "
	  "«О персональных данных»)\n\n"
	  "1. Решение по заявке на заём (одобрить или отказать, в какой "
	  "сумме) принимает программа, без участия сотрудника: она "
	  "проверяет возраст заявителя, реестр самозапретов на кредиты, "
	  "сумму первого займа и кредитную историю.\n"
	  "2. Последствия решения: заём выдаётся или в нём отказывают; "
	  "отказ не мешает подать заявку снова.\n"
	  "3. Заёмщик вправе возразить против такого решения: написать в "
	  "личном кабинете или по адресу займодавца, и тогда заявку "
	  "рассмотрит сотрудник.  Возражение рассматривается в течение 30 "
	  "дней, о результате заёмщику сообщают.\n"
	  "4. Я согласен(на) на принятие решения по моей заявке на основании "
	  "исключительно автоматизированной обработки моих персональных "
	  "данных.  Согласие можно отозвать.\n" },
	{ "autopay", "2026-11-29",
	  "Согласие на автоматическое списание (автоплатёж)",
	  "СОГЛАСИЕ НА АВТОМАТИЧЕСКОЕ СПИСАНИЕ (АВТОПЛАТЁЖ)\n\n"
	  "1. Я поручаю ООО МКК «СмартСтарт» в день платежа по моему "
	  "договору займа списывать с моей банковской карты, выбранной в "
	  "личном кабинете основной, сумму, которую я должен в этот день "
	  "(проценты, основной долг, неустойку и иные платежи в порядке "
	  "части 20 статьи 5 Федерального закона от 21.12.2013 № 353-ФЗ).\n"
	  "2. Если банк отклонит списание, займодавец повторит его один раз "
	  "через сутки и сообщит мне о каждой неудаче в личном кабинете; "
	  "после второй неудачи я плачу сам.\n"
	  "3. За один день платежа сумма списывается не более одного раза; "
	  "списание не больше того, что я должен.\n"
	  "4. Согласие подписывается кодом из SMS (простая электронная "
	  "подпись) и действует до отзыва.  Отозвать его можно в любой "
	  "момент в личном кабинете, без кода; отзыв действует для "
	  "списаний, ещё не начатых.\n" },
};

const char *
lending_document(const char *id, const char **title)
{
	return lending_document_version(id, title, NULL);
}

const char *
lending_document_version(const char *id, const char **title,
    const char **version)
{
	size_t	i;

	for (i = 0; i < sizeof documents / sizeof documents[0]; i++)
		if (id != NULL && strcmp(documents[i].id, id) == 0) {
			if (title != NULL)
				*title = documents[i].title;
			if (version != NULL)
				*version = documents[i].version;
			return documents[i].text;
		}
	return NULL;
}

void
consent_record(const char *account_id, const char *document,
    const char *version)
{
	const char	*text = lending_document(document, NULL);
	char		 hash[65] = "";
	time_t		 now = sbclock_now();

	if (text != NULL)
		lending_text_keep(text, hash);
	db_execf("INSERT INTO consent_log (account_id, document, version, "
	    "text_sha256, accepted_at) VALUES (?, ?, ?, ?, ?)", "tttti",
	    account_id, document, version, hash, (int64_t)now);
	db_execf("INSERT OR REPLACE INTO consents VALUES (?, ?, ?, ?)", "ttti",
	    account_id, document, version, (int64_t)now);
}

/* Keeps a text the borrower may sign, by its hash (into hash). */
void
lending_text_keep(const char *text, char *hash)
{
	auth_sha256_hex(text, hash);
	db_execf("INSERT OR IGNORE INTO document_texts VALUES (?, ?)", "tt",
	    hash, text);
}

json_t *
lending_documents_json(void)
{
	json_t	*items = json_array();
	size_t	 i;

	for (i = 0; i < sizeof documents / sizeof documents[0]; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s}",
		    "id", documents[i].id, "title", documents[i].title,
		    "version", documents[i].version));
	return items;
}

char *
lending_rub(int64_t k, char *out, size_t len)
{
	snprintf(out, len, "%lld,%02lld руб.", (long long)(k / 100),
	    (long long)(k % 100));
	return out;
}

/* The card as the contract names it: masked, never by its id. */
static const char *
terms_card(const char *card_id, char *out, size_t len)
{
	json_t	*c;

	/* Registration signs before any card is linked. */
	if (card_id == NULL)
		return "заёмщика, которую он привяжет в личном кабинете";
	c = lending_card_json(card_id);
	if (json_is_object(c))
		card_label(json_string_value(json_object_get(c, "brand")),
		    json_string_value(json_object_get(c, "first6")),
		    json_string_value(json_object_get(c, "last4")), out, len);
	else
		snprintf(out, len, "—");
	json_decref(c);
	return out;
}

char *
lending_terms(const struct product *p, int64_t amount, int term,
    const char *card_id, const char *account_id)
{
	struct calc_quote q;
	struct date	 start;
	struct buf	 b = BUF_INIT;
	json_t		*items, *it;
	int64_t		 extra = 0;
	size_t		 i;
	char		 a[32], t[32], ds[DATE_FMT_LEN], is[DATE_FMT_LEN];
	char		 psk[24], cl[CARD_LABEL_LEN], *dot;

	items = account_id != NULL ? services_enabled_json(account_id,
	    &extra) : json_array();
	if (quote_extra(p, amount, term, extra, &q, &start) != 0) {
		json_decref(items);
		return NULL;
	}
	buf_addf(&b, "ИНДИВИДУАЛЬНЫЕ УСЛОВИЯ ДОГОВОРА ПОТРЕБИТЕЛЬСКОГО "
	    "ЗАЙМА\nООО МКК «СмартСтарт»\n\n");
	buf_addf(&b, "1. Сумма займа: %s\n", lending_rub(amount, a, sizeof a));
	buf_addf(&b, "2. Срок: %d дн., дата выдачи %s, дата возврата %s\n",
	    term, date_format_ru(&start, is, sizeof is),
	    date_format_ru(&q.due, ds, sizeof ds));
	buf_addf(&b, "4. Процентная ставка: %d,%d %% в день\n",
	    p->rate_bp_per_day / 100, p->rate_bp_per_day % 100 / 10);
	buf_addf(&b, "6. Возврат одним платежом: %s, из них проценты %s\n",
	    lending_rub(q.total, t, sizeof t),
	    lending_rub(q.interest, a, sizeof a));
	/* A Russian document: the decimal comma. */
	calc_psk_format(q.psk_milli, psk, sizeof psk);
	if ((dot = strchr(psk, '.')) != NULL)
		*dot = ',';
	buf_addf(&b, "   Полная стоимость займа: %s %% годовых\n", psk);
	buf_addf(&b, "12. Неустойка: 20 %% годовых на просроченный долг\n");
	buf_addf(&b, "15. Дополнительные услуги (по отдельному согласию; "
	    "не входят в полную стоимость займа, от них можно отказаться "
	    "в течение 30 дней с возвратом платы):%s\n",
	    json_array_size(items) == 0 ? " нет" : "");
	json_array_foreach(items, i, it)
		buf_addf(&b, "    %s — %s; согласие заёмщика получено\n",
		    json_string_value(json_object_get(it, "name")),
		    lending_rub(json_integer_value(json_object_get(it,
		    "price")), a, sizeof a));
	json_decref(items);
	buf_addf(&b, "17. Способ получения: банковская карта %s\n",
	    terms_card(card_id, cl, sizeof cl));
	buf_addf(&b, "\nДоговор подписывается простой электронной подписью "
	    "(код из SMS).\n");
	return buf_detach(&b, NULL);
}

json_t *
lending_card_json(const char *card_id)
{
	sqlite3_stmt	*st;
	json_t		*j = json_null();

	if (card_id == NULL)
		return j;
	st = db_queryf("SELECT id, brand, first6, last4, holder, exp_month, "
	    "exp_year FROM cards WHERE id = ?", "t", card_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i}",
		    "id", sqlite3_column_text(st, 0),
		    "brand", sqlite3_column_text(st, 1),
		    "first6", sqlite3_column_text(st, 2),
		    "last4", sqlite3_column_text(st, 3),
		    "holder", sqlite3_column_text(st, 4),
		    "exp_month", sqlite3_column_int(st, 5),
		    "exp_year", sqlite3_column_int(st, 6));
	sqlite3_finalize(st);
	return j;
}

static json_t *
text_or_null(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return json_null();
	return json_string((const char *)sqlite3_column_text(st, col));
}

json_t *
lending_application_json(const char *id)
{
	sqlite3_stmt	*st;
	json_t		*j = NULL;
	const char	*state;

	st = db_queryf("SELECT id, state, product, amount, term, "
	    "rate_bp_per_day, card_id, decline_reason, loan_id, created_at, "
	    "updated_at FROM applications WHERE id = ?", "t", id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		state = (const char *)sqlite3_column_text(st, 1);
		j = json_pack("{s:s, s:s, s:s, s:I, s:i, s:i, s:o, s:o, s:b,"
		    " s:o, s:o, s:o}",
		    "id", sqlite3_column_text(st, 0),
		    "state", state,
		    "product", sqlite3_column_text(st, 2),
		    "amount", (json_int_t)sqlite3_column_int64(st, 3),
		    "term", sqlite3_column_int(st, 4),
		    "rate_bp_per_day", sqlite3_column_int(st, 5),
		    "card", lending_card_json((const char *)
		    sqlite3_column_text(st, 6)),
		    "decline_reason", text_or_null(st, 7),
		    "awaiting_card", strcmp(state, "approved") == 0 &&
		    sqlite3_column_type(st, 6) == SQLITE_NULL,
		    "loan_id", text_or_null(st, 8),
		    "created_at", sbclock_json(sqlite3_column_int64(st, 9)),
		    "updated_at", sbclock_json(sqlite3_column_int64(st, 10)));
	}
	sqlite3_finalize(st);
	return j;
}

json_t *
lending_loan_json(const char *id)
{
	sqlite3_stmt	*st;
	json_t		*j = NULL, *card;
	char		 cert[48];

	st = db_queryf("SELECT id, contract_number, application_id, product, "
	    "principal, rate_bp_per_day, term, issued_on, due_on, state, "
	    "principal_due, interest_due, penalty_due, extensions_this_year, "
	    "card_id, closed_on, other_due FROM loans WHERE id = ?", "t", id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		card = lending_card_json((const char *)
		    sqlite3_column_text(st, 14));
		if (json_is_object(card))
			json_object_del(card, "holder");
		j = json_pack("{s:s, s:s, s:o, s:s, s:I, s:i, s:i, s:s, s:s,"
		    " s:s, s:I, s:I, s:I, s:I, s:I, s:i, s:o, s:o}",
		    "id", sqlite3_column_text(st, 0),
		    "contract_number", sqlite3_column_text(st, 1),
		    "application_id", text_or_null(st, 2),
		    "product", sqlite3_column_text(st, 3),
		    "principal", (json_int_t)sqlite3_column_int64(st, 4),
		    "rate_bp_per_day", sqlite3_column_int(st, 5),
		    "term", sqlite3_column_int(st, 6),
		    "issued_on", sqlite3_column_text(st, 7),
		    "due_on", sqlite3_column_text(st, 8),
		    "state", sqlite3_column_text(st, 9),
		    "principal_due", (json_int_t)sqlite3_column_int64(st, 10),
		    "interest_due", (json_int_t)sqlite3_column_int64(st, 11),
		    "penalty_due", (json_int_t)sqlite3_column_int64(st, 12),
		    "other_due", (json_int_t)sqlite3_column_int64(st, 16),
		    "total_due", (json_int_t)(sqlite3_column_int64(st, 10) +
		    sqlite3_column_int64(st, 11) + sqlite3_column_int64(st, 12) +
		    sqlite3_column_int64(st, 16)),
		    "extensions_this_year", sqlite3_column_int(st, 13),
		    "card", card,
		    "closed_on", text_or_null(st, 15));
	}
	sqlite3_finalize(st);
	/* A repaid loan names its certificate (loandocs.c). */
	if (j != NULL && loandocs_certificate_id(id, cert, sizeof cert) != NULL)
		json_object_set_new(j, "certificate_id", json_string(cert));
	return j;
}

void
lending_new_id(const char *prefix, char *out, size_t len)
{
	char	tok[64];

	auth_random_token(tok, sizeof tok);
	snprintf(out, len, "%s_%.20s", prefix, tok);
	/* base64url may hold '-' and '_'; keep ids to [A-Za-z0-9_]. */
	for (out += strlen(prefix) + 1; *out != '\0'; out++)
		if (*out == '-')
			*out = 'x';
}

static void
application_event(const char *account_id, const char *id)
{
	events_append(account_id, "application.updated",
	    json_pack("{s:o}", "application", lending_application_json(id)));
}

static void
set_state(const char *account_id, const char *id, const char *state,
    const char *reason, time_t next)
{
	if (reason != NULL)
		db_execf("UPDATE applications SET state = ?, decline_reason = "
		    "?, next_at = NULL, updated_at = ? WHERE id = ?", "ttit",
		    state, reason, (int64_t)sbclock_now(), id);
	else
		db_execf("UPDATE applications SET state = ?, next_at = ?, "
		    "updated_at = ? WHERE id = ?", "tiit", state,
		    (int64_t)next, (int64_t)sbclock_now(), id);
	application_event(account_id, id);
}

/* The first rule that declines, or NULL (doc/lender-api.md "Review"). */
static const char *
score(const char *account_id, int64_t amount)
{
	const struct product *p = lending_product("payday");
	sqlite3_stmt	*st;
	struct date	 birth, today = date_from_time(sbclock_now());
	const char	*reason = NULL, *bd;
	int		 self_ban = 0, loans = 0;

	st = db_queryf("SELECT birth_date, self_ban, (SELECT COUNT(*) FROM "
	    "loans WHERE account_id = accounts.id) FROM accounts WHERE id = ?",
	    "t", account_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		bd = (const char *)sqlite3_column_text(st, 0);
		if (bd != NULL && date_parse(bd, &birth) == DATE_OK &&
		    date_age(&birth, &today) < 18)
			reason = "under_age";
		self_ban = sqlite3_column_int(st, 1);
		loans = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (reason == NULL && self_ban)
		reason = "self_ban";
	if (reason == NULL && loans == 0 && amount > p->first_loan_max_amount)
		reason = "first_loan_limit";
	return reason;
}

static void
disburse(const char *account_id, const char *app_id, const char *card_id,
    int64_t amount, int term, int rate)
{
	const struct product *p = lending_product("payday");
	struct calc_quote q;
	struct date	 start;
	sqlite3_stmt	*st;
	char		 id[48], contract[48], is[DATE_FMT_LEN], ds[DATE_FMT_LEN];
	int64_t		 n = 1, extra = 0;
	json_t		*services, *it;
	size_t		 i;
	time_t		 now = sbclock_now();

	if (quote(p, amount, term, &q, &start) != 0)
		return;
	services = services_enabled_json(account_id, &extra);
	st = db_prepare("SELECT COUNT(*) FROM loans");
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0) + 1;
	sqlite3_finalize(st);
	lending_new_id("ln", id, sizeof id);
	snprintf(contract, sizeof contract, "СС-%04d-%06lld", start.y,
	    (long long)n);
	db_execf("INSERT INTO loans (id, account_id, application_id, "
	    "contract_number, product, principal, rate_bp_per_day, term, "
	    "issued_on, due_on, state, principal_due, interest_due, card_id, "
	    "psk_milli, created_at, updated_at) VALUES (?, ?, ?, ?, 'payday', "
	    "?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?)", "ttttiiittiitiii",
	    id, account_id, app_id, contract, amount, (int64_t)rate,
	    (int64_t)term, date_format_iso(&start, is, sizeof is),
	    date_format_iso(&q.due, ds, sizeof ds), amount, q.interest,
	    card_id, q.psk_milli, (int64_t)now, (int64_t)now);
	/* The payout and its interest in the history now, before anything
	 * paid or charged after them. */
	pay_history_sync(account_id);
	/* The services the terms listed are charged as the quote had them:
	 * "other payments", within the charges cap. */
	if (extra > 0 && q.interest + extra <= amount *
	    p->charges_cap_percent / 100) {
		db_execf("UPDATE loans SET other_due = ?, charges = ? WHERE "
		    "id = ?", "iit", extra, q.interest + extra, id);
		json_array_foreach(services, i, it)
			pay_history_add(account_id, id, "service", "charged",
			    json_integer_value(json_object_get(it, "price")),
			    NULL, json_string_value(json_object_get(it,
			    "name")), NULL);
	}
	json_decref(services);
	db_execf("UPDATE applications SET state = 'disbursed', loan_id = ?, "
	    "next_at = NULL, updated_at = ? WHERE id = ?", "tit", id,
	    (int64_t)now, app_id);
	application_event(account_id, app_id);
	events_append(account_id, "loan.updated", json_pack("{s:o}", "loan",
	    lending_loan_json(id)));
	inbox_add(account_id, "payout", json_pack("{s:s, s:s, s:s, s:I}",
	    "loan_id", id, "application_id", app_id, "contract", contract,
	    "amount", (json_int_t)amount));
	inbox_remind();		/* a short loan may be due soon */
	log_info("application %s disbursed as %s", app_id, id);
}

/* One step for every application whose time has come; with no review
 * delay an application goes all the way in one tick, an event a step. */
void
lending_tick(void)
{
	sqlite3_stmt	*st;
	time_t		 now = sbclock_now();
	char		 id[64], account[64], card[64], state[32];
	const char	*reason;
	int64_t		 amount;
	int		 term, rate, has_card, steps;

	for (steps = 0; steps < 1000; steps++) {
		st = db_queryf("SELECT id, account_id, state, amount, term, "
		    "rate_bp_per_day, card_id FROM applications WHERE "
		    "next_at IS NOT NULL AND next_at <= ? ORDER BY next_at "
		    "LIMIT 1", "i", (int64_t)now);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_finalize(st);
			return;
		}
		snprintf(id, sizeof id, "%s", sqlite3_column_text(st, 0));
		snprintf(account, sizeof account, "%s",
		    sqlite3_column_text(st, 1));
		snprintf(state, sizeof state, "%s", sqlite3_column_text(st, 2));
		amount = sqlite3_column_int64(st, 3);
		term = sqlite3_column_int(st, 4);
		rate = sqlite3_column_int(st, 5);
		has_card = sqlite3_column_type(st, 6) != SQLITE_NULL;
		snprintf(card, sizeof card, "%s", has_card ?
		    (const char *)sqlite3_column_text(st, 6) : "");
		sqlite3_finalize(st);

		if (strcmp(state, "submitted") == 0)
			set_state(account, id, "under_review", NULL,
			    now + sb_review_delay);
		else if (strcmp(state, "under_review") == 0) {
			if ((reason = score(account, amount)) != NULL) {
				set_state(account, id, "declined", reason, 0);
				log_info("application %s declined: %s", id,
				    reason);
			} else
				set_state(account, id, "approved", NULL,
				    now + sb_review_delay);
			inbox_add(account, "decision", json_pack("{s:s, s:s,"
			    " s:I}", "application_id", id, "decision",
			    reason != NULL ? "declined" : "approved",
			    "amount", (json_int_t)amount));
		} else if (strcmp(state, "approved") == 0) {
			if (has_card)
				disburse(account, id, card, amount, term,
				    rate);
			else
				db_execf("UPDATE applications SET next_at = "
				    "NULL WHERE id = ?", "t", id);
		} else
			db_execf("UPDATE applications SET next_at = NULL "
			    "WHERE id = ?", "t", id);
	}
}

void
lending_submit(const char *account_id, const char *application_id)
{
	set_state(account_id, application_id, "submitted", NULL,
	    sbclock_now() + sb_review_delay);
	if (sb_review_delay == 0)
		lending_tick();
}

/*
 * A card was linked: an application approved while it waited for one
 * (awaiting_card, registration completes without a card) is paid out to
 * it.  The reviewer makes the loan at its next step.
 */
void
lending_card_linked(const char *account_id, const char *card_id)
{
	time_t	now = sbclock_now();
	int	n;

	n = db_execf("UPDATE applications SET card_id = ?, next_at = ?, "
	    "updated_at = ? WHERE account_id = ? AND state = 'approved' AND "
	    "card_id IS NULL", "tiit", card_id, (int64_t)(now +
	    sb_review_delay), (int64_t)now, account_id);
	if (n > 0 && sb_review_delay == 0)
		lending_tick();
}

static void *
reviewer(void *arg)
{
	struct timespec	ts = { 0, 200 * 1000 * 1000 };
	time_t		minute = 0;

	(void)arg;
	for (;;) {
		nanosleep(&ts, NULL);
		sb_lock();
		lending_tick();
		inbox_remind();	/* the day may have turned */
		/* Autopay's charges by the passing of time (a moved clock
		 * runs them itself): once a minute is soon enough. */
		if (sbclock_now() / 60 != minute) {
			minute = sbclock_now() / 60;
			autopay_tick();
		}
		sbp_tick();
		sb_unlock();
	}
	return NULL;
}

int
lending_start_reviewer(void)
{
	pthread_t	t;
	int		e;

	if ((e = pthread_create(&t, NULL, reviewer, NULL)) != 0) {
		errno = e;
		log_warn("pthread_create");
		return -1;
	}
	pthread_detach(t);
	return 0;
}
