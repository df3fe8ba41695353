/* test_buf.c — struct buf keeps its invariants through every verb. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/buf.h"

static void
test_init_is_empty_string(void **state)
{
	struct buf	b = BUF_INIT, c;

	(void)state;
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	buf_init(&c, 0);
	assert_string_equal(c.data, "");
	buf_init(&c, 100);
	assert_true(c.cap >= 101);
	assert_string_equal(c.data, "");
	buf_release(&c);
	buf_release(&b);		/* releasing an empty buf is fine */
	assert_string_equal(b.data, "");
}

static void
test_add_and_format(void **state)
{
	struct buf	b;

	(void)state;
	buf_init(&b, 0);
	buf_adds(&b, "hello");
	buf_addch(&b, ' ');
	buf_add(&b, "world!!", 5);
	buf_addf(&b, " %d %s", 42, "x");
	assert_string_equal(b.data, "hello world 42 x");
	assert_int_equal(b.len, strlen("hello world 42 x"));
	buf_add(&b, "", 0);
	assert_int_equal(b.len, 16);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_release(&b);
}

static void
test_grows_past_many_pages(void **state)
{
	struct buf	b;
	size_t		i;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i < 100000; i++)
		buf_addch(&b, 'a' + (int)(i % 26));
	assert_int_equal(b.len, 100000);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	for (i = 0; i < 100000; i++)
		assert_int_equal(b.data[i], 'a' + (int)(i % 26));
	buf_release(&b);
}

static void
test_embedded_nul(void **state)
{
	struct buf	b;

	(void)state;
	buf_init(&b, 0);
	buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4);
	buf_release(&b);
}

static void
test_consume(void **state)
{
	struct buf	b;

	(void)state;
	buf_init(&b, 0);
	buf_adds(&b, "line one\nline two\n");
	buf_consume(&b, 9);
	assert_string_equal(b.data, "line two\n");
	assert_int_equal(b.len, 9);
	buf_consume(&b, 0);
	assert_string_equal(b.data, "line two\n");
	buf_consume(&b, 100);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_release(&b);
}

static void
test_detach(void **state)
{
	struct buf	 b;
	char		*s;
	size_t		 n;

	(void)state;
	buf_init(&b, 0);
	buf_addf(&b, "%s-%s", "kabinet", "detach");
	s = buf_detach(&b, &n);
	assert_string_equal(s, "kabinet-detach");
	assert_int_equal(n, 14);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	free(s);

	/* An empty buf detaches to a fresh, freeable "". */
	s = buf_detach(&b, &n);
	assert_string_equal(s, "");
	assert_int_equal(n, 0);
	assert_ptr_not_equal(s, buf_empty);
	free(s);
}

static void
test_wipe_release(void **state)
{
	struct buf	b;

	(void)state;
	buf_init(&b, 0);
	buf_adds(&b, "secret password");
	buf_wipe_release(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	/* Still usable after release. */
	buf_adds(&b, "again");
	assert_string_equal(b.data, "again");
	buf_wipe_release(&b);
}

/* key (a, b): the bytes of two fields, NULL standing for no string. */
static void
key2(struct buf *b, const char *x, const char *y)
{
	buf_reset(b);
	buf_add_field(b, x);
	buf_add_field(b, y);
}

static int
same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static void
test_fields_tell_states_apart(void **state)
{
	struct buf	a = BUF_INIT, b = BUF_INIT;

	(void)state;
	key2(&a, "ab", "c");
	key2(&b, "ab", "c");
	assert_true(same(&a, &b));
	key2(&b, "a", "bc");		/* the boundary moved */
	assert_false(same(&a, &b));
	key2(&a, NULL, "x");
	key2(&b, "", "x");		/* none is not empty */
	assert_false(same(&a, &b));
	key2(&a, NULL, NULL);
	key2(&b, "", NULL);
	assert_false(same(&a, &b));
	key2(&a, "\001", NULL);		/* a marker byte inside a string */
	key2(&b, NULL, "\001");
	assert_false(same(&a, &b));
	buf_release(&a);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_is_empty_string),
		cmocka_unit_test(test_add_and_format),
		cmocka_unit_test(test_grows_past_many_pages),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_consume),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_wipe_release),
		cmocka_unit_test(test_fields_tell_states_apart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
