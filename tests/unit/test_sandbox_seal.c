/*
 * test_sandbox_seal.c — secrets sealed at rest: a round trip, nothing of
 * the secret in the sealed text, a sealed value refused under another
 * row's associated data or once tampered with, and the key file beside
 * a file database made 0600 and used again on the next open.
 */
#include <sys/stat.h>

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
#include "kabinet/xmalloc.h"
#include "sandbox.h"

#define SECRET	"JBSWY3DPEHPK3PXP"

static void
test_round_trip_and_refusals(void **state)
{
	char	*sealed, *plain, *bad;
	size_t	 n;

	(void)state;
	assert_int_equal(seal_open(":memory:"), 0);
	sealed = seal(SECRET, "op.petrov");
	assert_true(seal_is_sealed(sealed));
	assert_null(strstr(sealed, SECRET));
	plain = unseal(sealed, "op.petrov");
	assert_non_null(plain);
	assert_string_equal(plain, SECRET);
	xfree_secret(plain);
	/* Another row's value copied over is refused. */
	assert_null(unseal(sealed, "sup.sidorova"));
	/* One hex digit changed in the ciphertext is refused. */
	bad = xstrdup(sealed);
	n = strlen(bad) - 5;
	bad[n] = bad[n] == '0' ? '1' : '0';
	assert_null(unseal(bad, "op.petrov"));
	free(bad);
	/* Clear text is no sealed value. */
	assert_false(seal_is_sealed(SECRET));
	assert_null(unseal(SECRET, "op.petrov"));
	free(sealed);
}

static void
test_key_file_is_private_and_kept(void **state)
{
	char		 path[] = "/tmp/test_sandbox_seal.XXXXXX", key[64];
	char		*sealed, *plain;
	struct stat	 sb;
	int		 fd;

	(void)state;
	assert_true((fd = mkstemp(path)) != -1);
	close(fd);
	snprintf(key, sizeof key, "%s.key", path);
	umask(022);
	assert_int_equal(seal_open(path), 0);
	assert_int_equal(stat(key, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	sealed = seal(SECRET, "op.petrov");
	/* The next run reads the same key and opens what this one sealed;
	 * a run with another key cannot. */
	assert_int_equal(seal_open(path), 0);
	plain = unseal(sealed, "op.petrov");
	assert_non_null(plain);
	assert_string_equal(plain, SECRET);
	xfree_secret(plain);
	assert_int_equal(seal_open(":memory:"), 0);
	assert_null(unseal(sealed, "op.petrov"));
	free(sealed);
	unlink(key);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_and_refusals),
		cmocka_unit_test(test_key_file_is_private_and_kept),
	};

	log_init("test_sandbox_seal", 1, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
