/* test_name.c — parts of a Russian full name as typed in a form. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/name.h"

static void
ok(const char *in, const char *want)
{
	char	*out;

	if (name_normalize(in, &out) != NAME_OK)
		fail_msg("refused \"%s\"", in);
	if (strcmp(out, want) != 0)
		fail_msg("\"%s\": got \"%s\", want \"%s\"", in, out, want);
	free(out);
}

static void
test_accepts(void **state)
{
	(void)state;
	ok("Иванов", "Иванов");
	ok("иванов", "Иванов");
	ok("ИВАНОВ", "Иванов");
	ok("  Иван  ", "Иван");
	ok("анна-мария", "Анна-Мария");
	ok("Ёлкин", "Ёлкин");
	ok("ёлкина", "Ёлкина");
	ok("мамин  сибиряк", "Мамин Сибиряк");
	ok("Д'артаньян", "Д'Артаньян");
	ok("Я", "Я");
}

static void
test_refuses(void **state)
{
	static const struct {
		const char		*in;
		enum name_error		 err;
	} t[] = {
		{ "", NAME_EMPTY },
		{ "   ", NAME_EMPTY },
		{ "Ivanov", NAME_BAD_CHAR },
		{ "Иванoв", NAME_BAD_CHAR },		/* a Latin o inside */
		{ "Иванов2", NAME_BAD_CHAR },
		{ "-Иванов", NAME_BAD_CHAR },
		{ "Иванов-", NAME_BAD_CHAR },
		{ "Анна--Мария", NAME_BAD_CHAR },
		{ "Анна - Мария", NAME_BAD_CHAR },
		{ "Иванов.", NAME_BAD_CHAR },
		{ "\xd0", NAME_BAD_CHAR },		/* cut short */
		{ "\xd2\x90", NAME_BAD_CHAR },		/* Ukrainian Ґ */
		{ "Їжак", NAME_BAD_CHAR },
	};
	char	*out;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		enum name_error e = name_normalize(t[i].in, &out);
		if (e != t[i].err)
			fail_msg("\"%s\": got %d, want %d", t[i].in, e,
			    t[i].err);
		assert_null(out);
	}
	/* 50 characters exactly is fine, 51 is not. */
	{
		char	in[2 * 51 + 1], want[2 * 50 + 1];

		for (i = 0; i < 51; i++)
			memcpy(in + 2 * i, "\xd0\xb0", 2);	/* а */
		in[2 * 50] = '\0';
		memcpy(want, in, sizeof want);
		memcpy(want, "\xd0\x90", 2);		/* А */
		ok(in, want);
		memcpy(in + 2 * 50, "\xd0\xb0", 3);
		assert_int_equal(name_normalize(in, &out), NAME_TOO_LONG);
		assert_null(out);
		/* A hyphen counts: 25 + "-" + 25 letters is 51. */
		in[2 * 25] = '-';
		memmove(in + 2 * 25 + 1, in + 2 * 25 + 2,
		    strlen(in + 2 * 25 + 2) + 1);
		assert_int_equal(name_normalize(in, &out), NAME_TOO_LONG);
	}
	assert_int_equal(name_normalize(NULL, &out), NAME_EMPTY);
	assert_true(strlen(name_strerror(NAME_BAD_CHAR)) > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts),
		cmocka_unit_test(test_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
