/*
 * seed.c — the demo borrowers of doc/lender-api.md ("Demo data").  Run at
 * start unless --no-seed; accounts already present are left alone, so a
 * file database keeps its state across restarts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

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

void
seed_demo(void)
{
	const struct seed_account *s;
	struct account	 a;
	size_t		 i;
	char		*hash;

	for (i = 0; i < sizeof seed_accounts / sizeof seed_accounts[0]; i++) {
		s = &seed_accounts[i];
		if (auth_account_by_phone(s->phone, &a) == 0)
			continue;
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
}
