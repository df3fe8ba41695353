/* test_xmalloc.c — allocators that cannot fail, and wiping of secrets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "kabinet/xmalloc.h"

static void
test_wipe_zeroes(void **state)
{
	char	secret[] = "Demo2026 and an SMS code 123456";
	size_t	i, n = sizeof secret;

	(void)state;
	wipe(secret, n);
	for (i = 0; i < n; i++)
		assert_int_equal(secret[i], 0);
	wipe(NULL, 10);		/* harmless */
	wipe(secret, 0);
}

static void
test_wipe_partial(void **state)
{
	char	s[] = "2202201234567890";

	(void)state;
	wipe(s + 6, 6);
	assert_memory_equal(s, "220220\0\0\0\0\0\0" "7890", 17);
}

static void
test_xfree_secret(void **state)
{
	char	*s = xstrdup("password");

	(void)state;
	xfree_secret(s);
	xfree_secret(NULL);
}

static void
test_allocators(void **state)
{
	char	*p, *s;
	int	*v;
	size_t	 i;

	(void)state;
	p = xmalloc(0);
	assert_non_null(p);
	free(p);
	v = xcalloc(100, sizeof *v);
	for (i = 0; i < 100; i++)
		assert_int_equal(v[i], 0);
	v = xreallocarray(v, 1000, sizeof *v);
	v[999] = 7;
	assert_int_equal(v[999], 7);
	free(v);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	assert_int_equal(xasprintf(&s, "%s=%d", "n", 42), 4);
	assert_string_equal(s, "n=42");
	free(s);
}

/* realloc_wiped keeps the contents where it grows or shrinks a block;
 * free_wiped takes NULL.  (That the old block is wiped is measured on a
 * live daemon's core: t0290.) */
static void
test_wiped_allocator(void **state)
{
	char	*p, *q;

	(void)state;
	p = realloc_wiped(NULL, 8);
	assert_non_null(p);
	memcpy(p, "1234567", 8);
	q = realloc_wiped(p, 4);
	assert_ptr_equal(q, p);
	assert_string_equal(q, "1234567");
	p = realloc_wiped(q, 100000);
	assert_non_null(p);
	assert_string_equal(p, "1234567");
	free_wiped(p);
	free_wiped(NULL);
}

/* An overflowing size is fatal (exit 1), never a short allocation. */
static void
test_overflow_is_fatal(void **state)
{
	pid_t	pid;
	int	st;

	(void)state;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		void *p;

		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(2);
		p = xreallocarray(NULL, SIZE_MAX / 2, 4);
		printf("%p\n", p);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wipe_zeroes),
		cmocka_unit_test(test_wipe_partial),
		cmocka_unit_test(test_xfree_secret),
		cmocka_unit_test(test_allocators),
		cmocka_unit_test(test_wiped_allocator),
		cmocka_unit_test(test_overflow_is_fatal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
