/*
 * db.c — the sandbox's one SQLite connection: WAL, a busy timeout, and
 * numbered migrations recorded in schema_migrations, each applied once in
 * its own transaction.  Callers hold sb_lock().
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/log.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

static sqlite3	*db;

/* Append only: a migration once released is never edited. */
static const char *const migrations[] = {
	/* 1: sign-in */
	"CREATE TABLE accounts ("
	"  id TEXT PRIMARY KEY,"
	"  phone TEXT NOT NULL UNIQUE,"
	"  password_hash TEXT NOT NULL,"
	"  surname TEXT NOT NULL,"
	"  given_name TEXT NOT NULL,"
	"  patronymic TEXT,"
	"  birth_date TEXT,"
	"  passport_series TEXT,"
	"  passport_number TEXT,"
	"  must_change_password INTEGER NOT NULL DEFAULT 0,"
	"  restricted INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE devices ("
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  device_hash TEXT NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  PRIMARY KEY (account_id, device_hash));"
	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  device_hash TEXT,"
	"  access_hash TEXT NOT NULL UNIQUE,"
	"  access_expires INTEGER NOT NULL,"
	"  refresh_hash TEXT NOT NULL UNIQUE,"
	"  refresh_expires INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE login_failures ("
	"  phone TEXT PRIMARY KEY,"
	"  failures INTEGER NOT NULL,"
	"  locked_until INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE challenges ("
	"  id TEXT PRIMARY KEY,"
	"  purpose TEXT NOT NULL,"
	"  account_id TEXT,"
	"  phone TEXT NOT NULL,"
	"  data TEXT NOT NULL,"
	"  code_hash TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  resend_at INTEGER NOT NULL,"
	"  attempts_left INTEGER NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'pending');"
	"CREATE TABLE action_locks ("
	"  phone TEXT NOT NULL,"
	"  purpose TEXT NOT NULL,"
	"  locked_until INTEGER NOT NULL,"
	"  PRIMARY KEY (phone, purpose));"
	"CREATE TABLE sms ("
	"  id INTEGER PRIMARY KEY,"
	"  phone TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  code TEXT,"
	"  sent_at INTEGER NOT NULL);"
	"CREATE INDEX sms_phone ON sms(phone, id);",
	/* 2: registration, Gosuslugi, applications, loans, events */
	"ALTER TABLE accounts ADD COLUMN passport_issued_on TEXT;"
	"ALTER TABLE accounts ADD COLUMN division_code TEXT;"
	"ALTER TABLE accounts ADD COLUMN address TEXT;"
	"ALTER TABLE accounts ADD COLUMN email TEXT;"
	"ALTER TABLE accounts ADD COLUMN income INTEGER;"
	"ALTER TABLE accounts ADD COLUMN self_ban INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE consents ("
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  document TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  accepted_at INTEGER NOT NULL,"
	"  PRIMARY KEY (account_id, document));"
	"CREATE TABLE cards ("
	"  id TEXT PRIMARY KEY,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  brand TEXT NOT NULL,"
	"  first6 TEXT NOT NULL,"
	"  last4 TEXT NOT NULL,"
	"  holder TEXT NOT NULL,"
	"  exp_month INTEGER NOT NULL,"
	"  exp_year INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  removed_at INTEGER);"
	"CREATE TABLE registrations ("
	"  id TEXT PRIMARY KEY,"
	"  phone TEXT NOT NULL,"
	"  device_hash TEXT NOT NULL,"
	"  state TEXT NOT NULL,"
	"  profile TEXT,"
	"  consents TEXT,"
	"  verified INTEGER NOT NULL DEFAULT 0,"
	"  account_id TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL);"
	"CREATE TABLE esia_sessions ("
	"  id TEXT PRIMARY KEY,"
	"  purpose TEXT NOT NULL,"
	"  device_hash TEXT NOT NULL,"
	"  user_code TEXT NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'pending',"
	"  person TEXT,"
	"  delivered INTEGER NOT NULL DEFAULT 0,"
	"  last_poll INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL);"
	"CREATE TABLE applications ("
	"  id TEXT PRIMARY KEY,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  product TEXT NOT NULL,"
	"  amount INTEGER NOT NULL,"
	"  term INTEGER NOT NULL,"
	"  rate_bp_per_day INTEGER NOT NULL,"
	"  card_id TEXT REFERENCES cards(id),"
	"  document_hash TEXT NOT NULL,"
	"  state TEXT NOT NULL,"
	"  decline_reason TEXT,"
	"  loan_id TEXT,"
	"  next_at INTEGER,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE INDEX applications_account ON applications(account_id);"
	"CREATE TABLE loans ("
	"  id TEXT PRIMARY KEY,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  application_id TEXT,"
	"  contract_number TEXT NOT NULL UNIQUE,"
	"  product TEXT NOT NULL,"
	"  principal INTEGER NOT NULL,"
	"  rate_bp_per_day INTEGER NOT NULL,"
	"  term INTEGER NOT NULL,"
	"  issued_on TEXT NOT NULL,"
	"  due_on TEXT NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'active',"
	"  principal_due INTEGER NOT NULL,"
	"  interest_due INTEGER NOT NULL,"
	"  penalty_due INTEGER NOT NULL DEFAULT 0,"
	"  extensions_this_year INTEGER NOT NULL DEFAULT 0,"
	"  card_id TEXT REFERENCES cards(id),"
	"  closed_on TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE INDEX loans_account ON loans(account_id);"
	"CREATE TABLE idempotency ("
	"  account_id TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  request_hash TEXT NOT NULL,"
	"  state TEXT NOT NULL,"
	"  status INTEGER,"
	"  response TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  PRIMARY KEY (account_id, key));"
	"CREATE TABLE events ("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  account_id TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  data TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX events_account ON events(account_id, seq);",
	/* 3: the operator desk; the audit log is append-only */
	"CREATE TABLE operators ("
	"  login TEXT PRIMARY KEY,"
	"  password_hash TEXT NOT NULL,"
	"  totp_secret TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('operator', 'supervisor')),"
	"  name TEXT NOT NULL,"
	"  last_totp_step INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE operator_sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL REFERENCES operators(login),"
	"  access_hash TEXT NOT NULL UNIQUE,"
	"  expires_at INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE operator_challenges ("
	"  id TEXT PRIMARY KEY,"
	"  login TEXT NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  attempts_left INTEGER NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'pending');"
	"CREATE TABLE identity_checks ("
	"  account_id TEXT PRIMARY KEY REFERENCES accounts(id),"
	"  failures INTEGER NOT NULL DEFAULT 0,"
	"  locked_until INTEGER NOT NULL DEFAULT 0,"
	"  verified_at INTEGER NOT NULL DEFAULT 0,"
	"  verified_by TEXT);"
	"CREATE TABLE operator_audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  operator TEXT NOT NULL,"
	"  client_id TEXT,"
	"  action TEXT NOT NULL,"
	"  outcome TEXT NOT NULL);"
	"CREATE INDEX operator_audit_operator ON operator_audit(operator, id);"
	"CREATE INDEX operator_audit_client ON operator_audit(client_id, id);"
	"CREATE TRIGGER operator_audit_no_update BEFORE UPDATE ON operator_audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	"CREATE TRIGGER operator_audit_no_delete BEFORE DELETE ON operator_audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
	/* 4: cards, payments, history, services, extensions */
	"ALTER TABLE cards ADD COLUMN is_default INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE loans ADD COLUMN charges INTEGER;"
	"ALTER TABLE loans ADD COLUMN penalty_through TEXT;"
	"ALTER TABLE loans ADD COLUMN extensions_year INTEGER;"
	"CREATE TABLE payments ("
	"  seq INTEGER PRIMARY KEY,"
	"  id TEXT NOT NULL UNIQUE,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  loan_id TEXT,"
	"  kind TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  amount INTEGER NOT NULL,"
	"  card_id TEXT,"
	"  description TEXT,"
	"  split TEXT,"
	"  on_date TEXT NOT NULL,"
	"  at INTEGER NOT NULL);"
	"CREATE INDEX payments_account ON payments(account_id, at, seq);"
	"CREATE TABLE account_services ("
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  service_id TEXT NOT NULL,"
	"  enabled INTEGER NOT NULL,"
	"  changed_at INTEGER NOT NULL,"
	"  PRIMARY KEY (account_id, service_id));",
	/* 5: service fees are "other payments", not interest; the ПСК of
	 * the loan's price, kept until the price changes */
	"ALTER TABLE loans ADD COLUMN other_due INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE loans ADD COLUMN psk_milli INTEGER;",
	/* 6: every consent accepted, each version with its text's hash and
	 * time, append-only (152-FZ art. 9 parts 1 and 3) */
	"CREATE TABLE consent_log ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  document TEXT NOT NULL,"
	"  version TEXT NOT NULL,"
	"  text_sha256 TEXT NOT NULL,"
	"  accepted_at INTEGER NOT NULL);"
	"CREATE INDEX consent_log_account ON consent_log(account_id, id);"
	"CREATE TRIGGER consent_log_no_update BEFORE UPDATE ON consent_log"
	" BEGIN SELECT RAISE(ABORT, 'consents are append-only'); END;"
	"CREATE TRIGGER consent_log_no_delete BEFORE DELETE ON consent_log"
	" BEGIN SELECT RAISE(ABORT, 'consents are append-only'); END;",
	/* 7: what a simple electronic signature signed, when, by which
	 * phone and under which challenge (63-FZ art. 9) */
	"CREATE TABLE signatures ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  application_id TEXT,"
	"  document_id TEXT NOT NULL,"
	"  document_version TEXT NOT NULL,"
	"  document_sha256 TEXT NOT NULL,"
	"  signed_at INTEGER NOT NULL,"
	"  phone TEXT NOT NULL,"
	"  challenge_id TEXT NOT NULL);"
	"CREATE INDEX signatures_account ON signatures(account_id, id);"
	"CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures"
	" BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;"
	"CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures"
	" BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;",
	/* 8: the exact text of each signed document, by its hash, so the
	 * borrower can read again what the signature covers */
	"CREATE TABLE document_texts ("
	"  sha256 TEXT PRIMARY KEY,"
	"  text TEXT NOT NULL);",
	/* 9: the lender's messages to a borrower, read or not; dedup keeps
	 * a reminder to one per loan and due date */
	"CREATE TABLE inbox ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  kind TEXT NOT NULL,"
	"  args TEXT NOT NULL,"
	"  title_ru TEXT NOT NULL,"
	"  title_en TEXT NOT NULL,"
	"  text_ru TEXT NOT NULL,"
	"  text_en TEXT NOT NULL,"
	"  dedup TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  read_at INTEGER);"
	"CREATE INDEX inbox_account ON inbox(account_id, id);"
	"CREATE UNIQUE INDEX inbox_dedup ON inbox(account_id, dedup)"
	" WHERE dedup IS NOT NULL;",
	/* 10: autopay: the borrower's consent (its signature is on the
	 * record) and every charge it made, one row per try: at most two
	 * tries per loan and due date, so nothing is charged twice; a card
	 * the sandbox is told to decline */
	"CREATE TABLE autopay ("
	"  account_id TEXT PRIMARY KEY REFERENCES accounts(id),"
	"  enabled INTEGER NOT NULL,"
	"  signature_id INTEGER,"
	"  changed_at INTEGER NOT NULL);"
	"CREATE TABLE autopay_attempts ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  loan_id TEXT NOT NULL,"
	"  due_on TEXT NOT NULL,"
	"  attempt INTEGER NOT NULL CHECK (attempt IN (1, 2)),"
	"  status TEXT NOT NULL CHECK (status IN ('succeeded', 'failed')),"
	"  amount INTEGER NOT NULL,"
	"  card_id TEXT,"
	"  payment_id TEXT,"
	"  reason TEXT,"
	"  at INTEGER NOT NULL,"
	"  UNIQUE (loan_id, due_on, attempt));"
	"ALTER TABLE cards ADD COLUMN declines_left INTEGER NOT NULL "
	"  DEFAULT 0;",
	/* 11: what the lender issues on a loan: a receipt per payment, an
	 * agreement per extension, the repayment certificate; append-only */
	"CREATE TABLE loan_documents ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  loan_id TEXT NOT NULL,"
	"  payment_id TEXT,"
	"  document TEXT NOT NULL,"
	"  number TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  issued_at INTEGER NOT NULL);"
	"CREATE INDEX loan_documents_account ON loan_documents(account_id, id);"
	"CREATE INDEX loan_documents_loan ON loan_documents(loan_id, document);"
	"CREATE TRIGGER loan_documents_no_update BEFORE UPDATE ON loan_documents"
	" BEGIN SELECT RAISE(ABORT, 'issued documents are append-only'); END;"
	"CREATE TRIGGER loan_documents_no_delete BEFORE DELETE ON loan_documents"
	" BEGIN SELECT RAISE(ABORT, 'issued documents are append-only'); END;",
	/* 12: СБП payment links, and every notice of the bank's operations
	 * (deliveries counts the copies; a link is credited once) */
	"CREATE TABLE sbp_payments ("
	"  id TEXT PRIMARY KEY,"
	"  qrc_id TEXT NOT NULL UNIQUE,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  loan_id TEXT NOT NULL,"
	"  amount INTEGER NOT NULL,"
	"  status TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL,"
	"  op_id TEXT,"
	"  paid_at INTEGER,"
	"  credited_at INTEGER,"
	"  payment_id TEXT,"
	"  refunded INTEGER NOT NULL DEFAULT 0,"
	"  late INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX sbp_payments_pending ON sbp_payments(status, expires_at);"
	"CREATE TABLE sbp_operations ("
	"  op_id TEXT PRIMARY KEY,"
	"  qrc_id TEXT NOT NULL,"
	"  amount INTEGER NOT NULL,"
	"  deliveries INTEGER NOT NULL,"
	"  first_at INTEGER NOT NULL,"
	"  last_at INTEGER NOT NULL);",
	/* 13: borrowers' appeals (обращения) and the desk's work on them;
	 * due_on is the last day of the legal period to answer */
	"CREATE TABLE appeals ("
	"  number INTEGER PRIMARY KEY,"
	"  id TEXT NOT NULL UNIQUE,"
	"  account_id TEXT NOT NULL REFERENCES accounts(id),"
	"  subject TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'new',"
	"  created_at INTEGER NOT NULL,"
	"  due_on TEXT NOT NULL,"
	"  operator TEXT,"
	"  taken_at INTEGER,"
	"  answer TEXT,"
	"  answered_at INTEGER,"
	"  closed_at INTEGER);"
	"CREATE INDEX appeals_account ON appeals(account_id, number);"
	"CREATE INDEX appeals_open ON appeals(status, due_on);",
	/* 14: My profile: a postal address apart from the registration one
	 * (NULL: the same), SNILS and INN where the lender holds them */
	"ALTER TABLE accounts ADD COLUMN postal_address TEXT;"
	"ALTER TABLE accounts ADD COLUMN snils TEXT;"
	"ALTER TABLE accounts ADD COLUMN inn TEXT;",
	/* 15: the refresh token a rotation replaced, valid until the new
	 * pair is used (a client that lost the answer may ask again) */
	"ALTER TABLE sessions ADD COLUMN prev_refresh_hash TEXT;",
};

sqlite3 *
db_handle(void)
{
	return db;
}

sqlite3_stmt *
db_prepare(const char *sql)
{
	sqlite3_stmt	*st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fatalx("%s: %s", sql, sqlite3_errmsg(db));
	return st;
}

/* Binds fmt's arguments from parameter index from on; the next index. */
static int
db_vbind(sqlite3_stmt *st, int from, const char *fmt, va_list ap)
{
	int	i, at;

	for (i = 0; fmt[i] != '\0'; i++) {
		at = from + i;
		switch (fmt[i]) {
		case 't':
			sqlite3_bind_text(st, at, va_arg(ap, const char *),
			    -1, SQLITE_TRANSIENT);
			break;
		case 'i':
			sqlite3_bind_int64(st, at, va_arg(ap, int64_t));
			break;
		case 'n':
			sqlite3_bind_null(st, at);
			break;
		default:
			fatalx("bad bind format '%c'", fmt[i]);
		}
	}
	return from + i;
}

int
db_bindf(sqlite3_stmt *st, int i, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	i = db_vbind(st, i, fmt, ap);
	va_end(ap);
	return i;
}

/* The statement of sql with fmt's arguments bound. */
static sqlite3_stmt *
db_vquery(const char *sql, const char *fmt, va_list ap)
{
	sqlite3_stmt	*st = db_prepare(sql);

	db_vbind(st, 1, fmt, ap);
	return st;
}

sqlite3_stmt *
db_queryf(const char *sql, const char *fmt, ...)
{
	sqlite3_stmt	*st;
	va_list		 ap;

	va_start(ap, fmt);
	st = db_vquery(sql, fmt, ap);
	va_end(ap);
	return st;
}

int
db_existsf(const char *sql, const char *fmt, ...)
{
	sqlite3_stmt	*st;
	va_list		 ap;
	int		 found;

	va_start(ap, fmt);
	st = db_vquery(sql, fmt, ap);
	va_end(ap);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

int64_t
db_intf(const char *sql, const char *fmt, ...)
{
	sqlite3_stmt	*st;
	va_list		 ap;
	int64_t		 v = 0;

	va_start(ap, fmt);
	st = db_vquery(sql, fmt, ap);
	va_end(ap);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
db_execf(const char *sql, const char *fmt, ...)
{
	sqlite3_stmt	*st;
	va_list		 ap;
	int		 rc;

	va_start(ap, fmt);
	st = db_vquery(sql, fmt, ap);
	va_end(ap);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		log_warnx("%s", sqlite3_errmsg(db));
		return -1;
	}
	return sqlite3_changes(db);
}

int
db_schema_version(void)
{
	sqlite3_stmt	*st;
	int		 v = 0;

	st = db_prepare("SELECT COALESCE(MAX(version), 0) "
	    "FROM schema_migrations");
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
db_migrate(void)
{
	char	*err = NULL;
	int	 have, n = (int)(sizeof migrations / sizeof migrations[0]);
	int	 v;

	if (sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
	    NULL, NULL, &err) != SQLITE_OK)
		goto fail;
	have = db_schema_version();
	if (have > n) {
		log_warnx("database schema %d is newer than this program (%d)",
		    have, n);
		return -1;
	}
	for (v = have + 1; v <= n; v++) {
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL,
		    &err) != SQLITE_OK)
			goto fail;
		if (sqlite3_exec(db, migrations[v - 1], NULL, NULL,
		    &err) != SQLITE_OK) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			goto fail;
		}
		if (db_execf("INSERT INTO schema_migrations VALUES (?, ?)",
		    "ii", (int64_t)v, (int64_t)time(NULL)) < 0) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, &err) != SQLITE_OK)
			goto fail;
		log_debug("applied migration %d", v);
	}
	return 0;
fail:
	log_warnx("migration: %s", err != NULL ? err : sqlite3_errmsg(db));
	sqlite3_free(err);
	return -1;
}

/*
 * The database holds phones, SMS texts with codes and password hashes:
 * it is made 0600 before SQLite opens it, and an older one is tightened.
 * SQLite gives its -wal and -shm files the database's own mode.
 */
static int
db_private(const char *path)
{
	static const char *const sfx[] = { "-wal", "-shm", "-journal" };
	char	*p;
	size_t	 i;
	int	 fd;

	if (strcmp(path, ":memory:") == 0 || *path == '\0')
		return 0;
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1 || fchmod(fd, 0600) == -1) {
		log_warn("\"%s\"", path);
		if (fd != -1)
			close(fd);
		return -1;
	}
	close(fd);
	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		xasprintf(&p, "%s%s", path, sfx[i]);
		if (chmod(p, 0600) == -1 && errno != ENOENT)
			log_warn("chmod \"%s\"", p);
		free(p);
	}
	return seal_open(path);
}

int
db_open(const char *path)
{
	db_close();
	if (db_private(path) != 0)
		return -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		log_warnx("\"%s\": %s", path, sqlite3_errmsg(db));
		db_close();
		return -1;
	}
	sqlite3_busy_timeout(db, 5000);
	/* :memory: stays in "memory" mode; a file goes to WAL. */
	sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
	sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	sqlite3_exec(db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
	if (db_migrate() != 0) {
		db_close();
		return -1;
	}
	return 0;
}

void
db_close(void)
{
	if (db != NULL)
		sqlite3_close(db);
	db = NULL;
}
