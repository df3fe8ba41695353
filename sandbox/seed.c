/*
 * seed.c — the demo borrowers of doc/lender-api.md ("Demo data").  Run at
 * start unless --no-seed; accounts already present are left alone, so a
 * file database keeps its state across restarts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "kabinet/date.h"
#include "kabinet/log.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

static const struct seed_account {
	const char	*id, *phone, *password;
	const char	*surname, *given, *patronymic, *birth_date;
	const char	*passport_series, *passport_number;
} seed_accounts[] = {
	{ "cl_1001", "+79000000001", "Demo2026", "Иванов", "Иван",
	  "Иванович", "1990-05-15", "4510", "123456" },
	{ "cl_1002", "+79000000002", "Second2026", "Петрова", "Мария",
	  "Олеговна", "1988-03-02", "4511", "654321" },
};

/* Scoring's test borrowers: a self-ban on borrowing; under 18. */
static const struct seed_account seed_scoring[] = {
	{ "cl_1003", "+79000000003", "Third2026", "Борисов", "Борис",
	  "Борисович", "1985-01-20", "4599", "999999" },
	{ "cl_1004", "+79000000004", "Fourth2026", "Юнов", "Пётр",
	  "Ильич", "2010-01-01", "4524", "100200" },
};

static void
seed_one(const struct seed_account *s)
{
	struct account	 a;
	char		*hash;

	if (auth_account_by_phone(s->phone, &a) == 0)
		return;
	if ((hash = auth_hash_password(s->password)) == NULL)
		fatalx("cannot hash a demo password");
	if (db_execf("INSERT INTO accounts (id, phone, password_hash, "
	    "surname, given_name, patronymic, birth_date, "
	    "passport_series, passport_number, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "ttttttttti",
	    s->id, s->phone, hash, s->surname, s->given,
	    s->patronymic, s->birth_date, s->passport_series,
	    s->passport_number, (int64_t)time(NULL)) != 1)
		fatalx("cannot seed %s", s->id);
	free(hash);
	log_debug("seeded %s", s->id);
}

static const struct seed_card {
	const char	*id, *account, *first6, *last4, *holder;
} seed_cards[] = {
	{ "cd_1001", "cl_1001", "220070", "4242", "IVAN IVANOV" },
	{ "cd_1002", "cl_1002", "220070", "1111", "MARIIA PETROVA" },
};

/* The ПЭП agreement accepted, on the consent log once (its text kept). */
static void
seed_pep(const char *account)
{
	if (!db_existsf("SELECT 1 FROM consent_log WHERE account_id = ? AND "
	    "document = 'pep_agreement'", "t", account))
		consent_record(account, "pep_agreement", DOC_VERSION);
}

/* Cards, the ПЭП agreement accepted, and an active loan for the second
 * borrower (doc/lender-api.md "Demo data"). */
static void
seed_issue4(void)
{
	const struct seed_card *c;
	struct date	 issued, due;
	char		 is[DATE_FMT_LEN], ds[DATE_FMT_LEN];
	time_t		 now = sbclock_now();
	size_t		 i;

	for (i = 0; i < sizeof seed_cards / sizeof seed_cards[0]; i++) {
		c = &seed_cards[i];
		db_execf("INSERT OR IGNORE INTO cards (id, account_id, brand, "
		    "first6, last4, holder, exp_month, exp_year, created_at) "
		    "VALUES (?, ?, 'mir', ?, ?, ?, 12, 2029, ?)", "ttttti",
		    c->id, c->account, c->first6, c->last4, c->holder,
		    (int64_t)now);
		seed_pep(c->account);
	}
	issued = date_from_time(now - 10 * 86400);
	due = date_add_days(&issued, 30);
	date_format_iso(&issued, is, sizeof is);
	date_format_iso(&due, ds, sizeof ds);
	/* Scoring's test borrowers. */
	for (i = 0; i < sizeof seed_scoring / sizeof seed_scoring[0]; i++)
		seed_one(&seed_scoring[i]);
	db_execf("UPDATE accounts SET self_ban = 1 WHERE id = 'cl_1003'", "");
	db_execf("INSERT OR IGNORE INTO cards (id, account_id, brand, first6, "
	    "last4, holder, exp_month, exp_year, created_at) VALUES "
	    "('cd_1003', 'cl_1003', 'mir', '220070', '3333', 'BORIS "
	    "BORISOV', 12, 2029, ?), ('cd_1004', 'cl_1004', 'mir', '220070', "
	    "'4444', 'PETR YUNOV', 12, 2029, ?)", "ii", (int64_t)now,
	    (int64_t)now);
	seed_pep("cl_1003");
	seed_pep("cl_1004");
	db_execf("INSERT OR IGNORE INTO loans (id, account_id, "
	    "contract_number, product, principal, rate_bp_per_day, term, "
	    "issued_on, due_on, state, principal_due, interest_due, "
	    "card_id, created_at, updated_at) VALUES ('ln_1002', 'cl_1002', "
	    "'СС-2026-000001', 'payday', 1000000, 80, 30, ?, ?, 'active', "
	    "1000000, 240000, 'cd_1002', ?, ?)", "ttii", is, ds,
	    (int64_t)now, (int64_t)now);
}

/* What My profile shows of the first two borrowers (kept once
 * changed). */
static void
seed_profiles(void)
{
	db_execf("UPDATE accounts SET address = ?, email = ?, snils = ? "
	    "WHERE id = 'cl_1001' AND address IS NULL", "ttt",
	    "101000, г. Москва, ул. Мясницкая, д. 1, кв. 2",
	    "ivan@example.ru", "112-233-445 95");
	db_execf("UPDATE accounts SET address = ?, email = ?, inn = ? "
	    "WHERE id = 'cl_1002' AND address IS NULL", "ttt",
	    "190000, г. Санкт-Петербург, Невский пр., д. 10, кв. 5",
	    "maria@example.ru", "500100732259");
}

void
seed_demo(void)
{
	size_t	i;

	for (i = 0; i < sizeof seed_accounts / sizeof seed_accounts[0]; i++)
		seed_one(&seed_accounts[i]);
	seed_issue4();
	seed_profiles();
	operator_seed();
}
