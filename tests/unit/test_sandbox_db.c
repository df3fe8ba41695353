/*
 * test_sandbox_db.c — kabinet-sandbox's migrations: applied once, in
 * order, recorded, and a file database keeps its data across opens.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "kabinet/log.h"
#include "sandbox.h"

static int
count(const char *sql)
{
	sqlite3_stmt	*st = db_prepare(sql);
	int		 n = -1;

	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
test_memory_db_is_migrated(void **state)
{
	(void)state;
	assert_int_equal(db_open(":memory:"), 0);
	assert_true(db_schema_version() >= 1);
	assert_int_equal(count("SELECT COUNT(*) FROM schema_migrations"),
	    db_schema_version());
	assert_int_equal(count("SELECT COUNT(*) FROM sqlite_master WHERE "
	    "type = 'table' AND name IN ('accounts', 'sessions', "
	    "'challenges', 'sms', 'devices', 'login_failures', "
	    "'action_locks')"), 7);
	assert_int_equal(count("SELECT COUNT(*) FROM accounts"), 0);
	db_close();
}

static void
test_file_db_keeps_data_and_uses_wal(void **state)
{
	char		 path[] = "/tmp/test_sandbox_db.XXXXXX";
	char		 wal[64], shm[64], *db;
	sqlite3_stmt	*st;
	int		 fd, v;

	(void)state;
	config_defaults(&sb_cfg);
	assert_true((fd = mkstemp(path)) != -1);
	close(fd);
	unlink(path);
	db = path;
	assert_int_equal(db_open(db), 0);
	v = db_schema_version();
	st = db_prepare("PRAGMA journal_mode");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	seed_demo();
	/* The two demo borrowers and scoring's two. */
	assert_int_equal(count("SELECT COUNT(*) FROM accounts"), 4);
	db_close();

	/* Reopened: no migration runs twice, data stays, seeding is
	 * idempotent. */
	assert_int_equal(db_open(db), 0);
	assert_int_equal(db_schema_version(), v);
	assert_int_equal(count("SELECT COUNT(*) FROM schema_migrations"), v);
	seed_demo();
	assert_int_equal(count("SELECT COUNT(*) FROM accounts"), 4);
	db_close();

	snprintf(wal, sizeof wal, "%s-wal", path);
	snprintf(shm, sizeof shm, "%s-shm", path);
	unlink(path);
	unlink(wal);
	unlink(shm);
	snprintf(wal, sizeof wal, "%s.key", path);
	unlink(wal);
}

static void
test_newer_schema_is_refused(void **state)
{
	char	path[] = "/tmp/test_sandbox_db.XXXXXX", key[64];
	int	fd;

	(void)state;
	assert_true((fd = mkstemp(path)) != -1);
	close(fd);
	unlink(path);
	assert_int_equal(db_open(path), 0);
	assert_int_equal(db_execf("INSERT INTO schema_migrations VALUES "
	    "(9999, 0)", ""), 1);
	db_close();
	assert_int_equal(db_open(path), -1);
	unlink(path);
	snprintf(key, sizeof key, "%s.key", path);	/* the sealing key */
	unlink(key);
}

/* The query helpers bind as db_execf() does and tidy up after. */
static void
test_query_helpers(void **state)
{
	sqlite3_stmt	*st;
	int		 n = 0;

	(void)state;
	assert_int_equal(db_open(":memory:"), 0);
	assert_true(db_execf("CREATE TABLE t (k TEXT, v INTEGER)", "") >= 0);
	assert_int_equal(db_execf("INSERT INTO t VALUES (?, ?), (?, ?)",
	    "titi", "a", (int64_t)1, "b", (int64_t)41), 2);
	assert_true(db_existsf("SELECT 1 FROM t WHERE k = ?", "t", "a"));
	assert_false(db_existsf("SELECT 1 FROM t WHERE k = ?", "t", "zz"));
	assert_int_equal(db_intf("SELECT SUM(v) FROM t WHERE v > ?", "i",
	    (int64_t)0), 42);
	assert_int_equal(db_intf("SELECT v FROM t WHERE k = ?", "t", "zz"), 0);
	st = db_queryf("SELECT k FROM t WHERE v >= ? ORDER BY k", "i",
	    (int64_t)1);
	while (sqlite3_step(st) == SQLITE_ROW)
		n++;
	sqlite3_finalize(st);
	assert_int_equal(n, 2);
	db_close();
}

/* db_bindf() binds from an index on and says where the next goes, for a
 * query whose filters decide its parameters; a NULL text binds NULL. */
static void
test_bindf(void **state)
{
	sqlite3_stmt	*st;
	int		 i;

	(void)state;
	assert_int_equal(db_open(":memory:"), 0);
	assert_true(db_execf("CREATE TABLE t (k TEXT, v INTEGER)", "") >= 0);
	assert_int_equal(db_execf("INSERT INTO t VALUES (?, ?), (?, ?)",
	    "titi", "a", (int64_t)1, NULL, (int64_t)2), 2);
	assert_true(db_existsf("SELECT 1 FROM t WHERE k IS NULL AND v = 2",
	    ""));
	st = db_prepare("SELECT count(*) FROM t WHERE v >= ? AND v <= ? "
	    "AND (? IS NULL OR k = ?)");
	i = db_bindf(st, 1, "ii", (int64_t)1, (int64_t)2);
	assert_int_equal(i, 3);
	assert_int_equal(db_bindf(st, i, "tt", "a", "a"), 5);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_reset(st);
	db_bindf(st, 3, "tt", NULL, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 2);
	sqlite3_finalize(st);
	db_close();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory_db_is_migrated),
		cmocka_unit_test(test_file_db_keeps_data_and_uses_wal),
		cmocka_unit_test(test_newer_schema_is_refused),
		cmocka_unit_test(test_query_helpers),
		cmocka_unit_test(test_bindf),
	};

	log_init("test_sandbox_db", 1, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
