/*
 * loandocs.c — the documents the lender issues on a loan: a receipt for
 * every payment (its legal split, date, how it was paid), the agreement
 * of each extension (its new due date and fee; concluded by paying the
 * fee), and once the loan is repaid a certificate that it is repaid with
 * no debt (справка о погашении).  Each text is written once, kept by its
 * SHA-256 in document_texts and recorded in loan_documents, which is
 * append-only; routes_documents.c lists them.  Callers hold sb_lock().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/buf.h"
#include "kabinet/calc.h"
#include "kabinet/card.h"
#include "kabinet/date.h"
#include "kabinet/log.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

#define LENDER_LINE	"ООО МКК «СмартСтарт» (песочница)"

/* The lines of a split, in the order a payment pays (353-FZ art. 5
 * part 20). */
static const struct split_line {
	const char	*key, *label;
} split_lines[] = {
	{ "overdue_interest",	"просроченные проценты" },
	{ "overdue_principal",	"просроченный основной долг" },
	{ "penalty",		"неустойка" },
	{ "interest",		"проценты" },
	{ "principal",		"основной долг" },
	{ "other",		"иные платежи (услуги)" },
};

struct loan_row {
	char	 contract[64], issued[DATE_FMT_LEN], closed[DATE_FMT_LEN];
	char	 borrower[400];
	int64_t	 principal, left;
};

static int
loan_row(const char *loan_id, struct loan_row *lr)
{
	sqlite3_stmt	*st;
	struct date	 d;
	int		 rc = -1;

	st = db_queryf("SELECT l.contract_number, l.issued_on, "
	    "coalesce(l.closed_on, ''), l.principal, l.principal_due + "
	    "l.interest_due + l.penalty_due + l.other_due, a.surname || ' ' || "
	    "a.given_name || coalesce(' ' || a.patronymic, '') FROM loans l "
	    "JOIN accounts a ON a.id = l.account_id WHERE l.id = ?", "t",
	    loan_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		memset(lr, 0, sizeof *lr);
		snprintf(lr->contract, sizeof lr->contract, "%s",
		    sqlite3_column_text(st, 0));
		if (date_parse((const char *)sqlite3_column_text(st, 1), &d) ==
		    DATE_OK)
			date_format_ru(&d, lr->issued, sizeof lr->issued);
		if (date_parse((const char *)sqlite3_column_text(st, 2), &d) ==
		    DATE_OK)
			date_format_ru(&d, lr->closed, sizeof lr->closed);
		lr->principal = sqlite3_column_int64(st, 3);
		lr->left = sqlite3_column_int64(st, 4);
		snprintf(lr->borrower, sizeof lr->borrower, "%s",
		    sqlite3_column_text(st, 5));
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* How many documents of this kind the loan has: the next one's number
 * is that plus one. */
static int64_t
loandocs_count(const char *loan_id, const char *document)
{
	return db_intf("SELECT COUNT(*) FROM loan_documents WHERE loan_id = ? "
	    "AND document = ?", "tt", loan_id, document);
}

/* Keeps text and records it; text freed. */
static void
loandocs_record(const char *account_id, const char *loan_id,
    const char *payment_id, const char *document, const char *number,
    const char *title, char *text)
{
	char	hash[65];

	lending_text_keep(text, hash);
	free(text);
	db_execf("INSERT INTO loan_documents (account_id, loan_id, payment_id,"
	    " document, number, title, sha256, issued_at) VALUES (?, ?, ?, ?, "
	    "?, ?, ?, ?)", "ttttttti", account_id, loan_id, payment_id,
	    document, number, title, hash, (int64_t)sbclock_now());
}

/* s padded with spaces to width characters (UTF-8), on the left when
 * right is set. */
static void
add_padded(struct buf *b, const char *s, int width, int right)
{
	int	n = 0;
	size_t	i;

	for (i = 0; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	if (!right)
		buf_adds(b, s);
	for (; n < width; n++)
		buf_addch(b, ' ');
	if (right)
		buf_adds(b, s);
}

/* "  label ........ 12345,67 руб." in two aligned columns. */
static void
add_money(struct buf *b, const char *label, int64_t k)
{
	char	m[32];

	buf_adds(b, "  ");
	add_padded(b, label, 28, 0);
	add_padded(b, lending_rub(k, m, sizeof m), 16, 1);
	buf_addch(b, '\n');
}

/* Once per loan, when it is repaid: no debt is left on it. */
static void
loandocs_certificate(const char *account_id, const char *loan_id)
{
	static const char *const labels[] = { "основной долг", "проценты",
	    "неустойка", "иные платежи (услуги)" };
	sqlite3_stmt	*st;
	struct loan_row	 lr;
	struct buf	 b = BUF_INIT;
	struct date	 today = date_from_time(sbclock_now());
	char		 m[32], d[DATE_FMT_LEN], number[80], title[160];
	int64_t		 v, total = 0;
	size_t		 i;

	if (loan_row(loan_id, &lr) != 0 || lr.left != 0 ||
	    loandocs_count(loan_id, "repayment_certificate") != 0)
		return;
	snprintf(number, sizeof number, "%s-П", lr.contract);
	snprintf(title, sizeof title, "Справка о погашении займа %s",
	    lr.contract);
	buf_addf(&b, "СПРАВКА № %s\nо погашении займа и отсутствии "
	    "задолженности\n%s\n\n", number, LENDER_LINE);
	buf_addf(&b, "Дата выдачи: %s\n\n", date_format_ru(&today, d,
	    sizeof d));
	buf_addf(&b, "Займодавец подтверждает, что заёмщик %s полностью "
	    "исполнил обязательства по договору потребительского займа "
	    "№ %s от %s на сумму %s\n\n", lr.borrower, lr.contract,
	    lr.issued, lending_rub(lr.principal, m, sizeof m));
	buf_addf(&b, "Заём погашен %s.  Задолженности по договору нет: "
	    "основной долг, проценты, неустойка и иные платежи уплачены "
	    "полностью, договор исполнен.\n\nУплачено по договору:\n",
	    lr.closed);
	st = db_queryf("SELECT coalesce(sum(json_extract(split, '$.principal')"
	    " + json_extract(split, '$.overdue_principal')), 0), "
	    "coalesce(sum(json_extract(split, '$.interest') + json_extract("
	    "split, '$.overdue_interest')), 0), coalesce(sum(json_extract("
	    "split, '$.penalty')), 0), coalesce(sum(json_extract(split, "
	    "'$.other')), 0) FROM payments WHERE loan_id = ? AND kind IN "
	    "('payment', 'extension') AND status = 'succeeded' AND split IS "
	    "NOT NULL", "t", loan_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		for (i = 0; i < sizeof labels / sizeof labels[0]; i++) {
			v = sqlite3_column_int64(st, (int)i);
			add_money(&b, labels[i], v);
			total += v;
		}
	sqlite3_finalize(st);
	add_money(&b, "всего", total);
	loandocs_record(account_id, loan_id, NULL, "repayment_certificate",
	    number, title, buf_detach(&b, NULL));
	log_info("loan %s: repayment certificate issued", loan_id);
}

/* How a payment was paid, as a receipt names it: the card masked. */
static void
way_paid(const char *card_id, char *out, size_t len)
{
	json_t	*c = lending_card_json(card_id);
	char	 l[CARD_LABEL_LEN];

	if (json_is_object(c))
		snprintf(out, len, "банковская карта %s", card_label(
		    json_string_value(json_object_get(c, "brand")),
		    json_string_value(json_object_get(c, "first6")),
		    json_string_value(json_object_get(c, "last4")), l,
		    sizeof l));
	else
		snprintf(out, len, "без карты");
	json_decref(c);
}

void
loandocs_payment(int64_t seq)
{
	sqlite3_stmt	*st;
	struct loan_row	 lr;
	struct buf	 b = BUF_INIT;
	struct date	 d;
	json_t		*split = NULL;
	char		 id[48], account[32], loan[48], kind[16], how[96];
	char		 day[DATE_FMT_LEN] = "", number[32], title[256], m[32];
	int64_t		 amount = 0;
	size_t		 i;
	int		 found = 0;

	st = db_queryf("SELECT id, account_id, loan_id, kind, amount, "
	    "card_id, split, on_date FROM payments WHERE seq = ? AND "
	    "loan_id IS NOT NULL AND status = 'succeeded' AND kind IN "
	    "('payment', 'extension')", "i", seq);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(id, sizeof id, "%s", sqlite3_column_text(st, 0));
		snprintf(account, sizeof account, "%s",
		    sqlite3_column_text(st, 1));
		snprintf(loan, sizeof loan, "%s", sqlite3_column_text(st, 2));
		snprintf(kind, sizeof kind, "%s", sqlite3_column_text(st, 3));
		amount = sqlite3_column_int64(st, 4);
		way_paid((const char *)sqlite3_column_text(st, 5), how,
		    sizeof how);
		if (sqlite3_column_type(st, 6) != SQLITE_NULL)
			split = json_loads((const char *)sqlite3_column_text(st,
			    6), 0, NULL);
		if (date_parse((const char *)sqlite3_column_text(st, 7), &d) ==
		    DATE_OK)
			date_format_ru(&d, day, sizeof day);
		found = 1;
	}
	sqlite3_finalize(st);
	if (!found || loan_row(loan, &lr) != 0) {
		json_decref(split);
		return;
	}
	snprintf(number, sizeof number, "%lld", (long long)(loandocs_count(
	    loan, "payment_receipt") + 1));
	snprintf(title, sizeof title, "Квитанция № %s по займу %s", number,
	    lr.contract);
	buf_addf(&b, "КВИТАНЦИЯ № %s\nоб оплате по договору потребительского "
	    "займа № %s от %s\n%s\n\n", number, lr.contract, lr.issued,
	    LENDER_LINE);
	buf_addf(&b, "Заёмщик: %s\nДата платежа: %s\nПлатёж: %s\n"
	    "Способ оплаты: %s\nНазначение: %s\n\n", lr.borrower, day, id, how,
	    strcmp(kind, "extension") == 0 ? "плата за продление срока "
	    "возврата займа" : "погашение задолженности по займу");
	buf_addf(&b, "Сумма платежа: %s\n\nПлатёж распределён в порядке "
	    "части 20 статьи 5 Федерального закона № 353-ФЗ:\n",
	    lending_rub(amount, m, sizeof m));
	for (i = 0; i < sizeof split_lines / sizeof split_lines[0]; i++)
		add_money(&b, split_lines[i].label, json_integer_value(
		    json_object_get(split, split_lines[i].key)));
	json_decref(split);
	buf_addf(&b, "\nОстаток задолженности после платежа: %s\n",
	    lending_rub(lr.left, m, sizeof m));
	loandocs_record(account, loan, id, "payment_receipt", number, title,
	    buf_detach(&b, NULL));
	loandocs_certificate(account, loan);
}

void
loandocs_extension(const struct pay_loan *l, const char *payment_id,
    int days, int64_t fee, int64_t interest)
{
	struct loan_row	 lr;
	struct buf	 b = BUF_INIT;
	struct date	 today = date_from_time(sbclock_now());
	char		 m[32], d[DATE_FMT_LEN], due[DATE_FMT_LEN], psk[24];
	char		 number[32], title[256], how[96], *dot;

	if (loan_row(l->id, &lr) != 0)
		return;
	way_paid(l->card_id[0] != '\0' ? l->card_id : NULL, how, sizeof how);
	snprintf(number, sizeof number, "%lld", (long long)(loandocs_count(
	    l->id, "extension_agreement") + 1));
	snprintf(title, sizeof title, "Соглашение о продлении № %s по займу %s",
	    number, lr.contract);
	calc_psk_format(l->psk_milli, psk, sizeof psk);
	if ((dot = strchr(psk, '.')) != NULL)
		*dot = ',';
	buf_addf(&b, "ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № %s\nк договору "
	    "потребительского займа № %s от %s\nо продлении срока возврата "
	    "займа\n%s\n\n", number, lr.contract, lr.issued, LENDER_LINE);
	buf_addf(&b, "Дата: %s\nЗаёмщик: %s\n\n", date_format_ru(&today, d,
	    sizeof d), lr.borrower);
	buf_addf(&b, "1. Срок возврата займа продлевается на %d дн.  Новая "
	    "дата возврата: %s.\n", days, date_format_ru(&l->due_on, due,
	    sizeof due));
	buf_addf(&b, "2. Плата за продление: %s — проценты за дни "
	    "пользования займом и неустойка по день продления; основной долг "
	    "она не уменьшает.\n", lending_rub(fee, m, sizeof m));
	buf_addf(&b, "3. Проценты за срок продления (%d,%d %% в день, в "
	    "пределах 100 %% суммы займа): %s\n", l->rate_bp / 100,
	    l->rate_bp % 100 / 10, lending_rub(interest, m, sizeof m));
	buf_addf(&b, "4. К возврату %s: %s, из них основной долг ", due,
	    lending_rub(l->principal_due + l->interest_due + l->penalty_due +
	    l->other_due, m, sizeof m));
	buf_addf(&b, "%s, ", lending_rub(l->principal_due, m, sizeof m));
	buf_addf(&b, "проценты %s", lending_rub(l->interest_due, m,
	    sizeof m));
	if (l->other_due > 0)
		buf_addf(&b, ", иные платежи %s", lending_rub(l->other_due, m,
		    sizeof m));
	buf_addf(&b, "\n5. Полная стоимость займа: %s %% годовых.\n", psk);
	buf_addf(&b, "6. Соглашение заключено оплатой платы за продление "
	    "(платёж %s, %s) — акцептом оферты займодавца (пункт 3 статьи "
	    "438 Гражданского кодекса РФ).  Остальные условия договора не "
	    "меняются.\n", payment_id, how);
	loandocs_record(l->account_id, l->id, payment_id,
	    "extension_agreement", number, title, buf_detach(&b, NULL));
}

char *
loandocs_certificate_id(const char *loan_id, char *out, size_t len)
{
	int64_t	id = db_intf("SELECT id FROM loan_documents WHERE loan_id = ? "
	    "AND document = 'repayment_certificate'", "t", loan_id);

	if (id <= 0)
		return NULL;
	snprintf(out, len, "certificate_%lld", (long long)id);
	return out;
}
