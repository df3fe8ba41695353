/* test_translit.c — Russian names as the passport office writes them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/translit.h"

static void
check(char *(*fn)(const char *), const char *in, const char *want)
{
	char	*got = fn(in);

	if (got == NULL)
		fail_msg("\"%s\": refused", in);
	if (strcmp(got, want) != 0)
		fail_msg("\"%s\": got \"%s\", want \"%s\"", in, got, want);
	free(got);
}

static void
test_icao_2013(void **state)
{
	(void)state;
	check(translit_ru, "Иванов Иван Иванович", "IVANOV IVAN IVANOVICH");
	check(translit_ru, "Юлия", "IULIIA");
	check(translit_ru, "Щукин", "SHCHUKIN");
	check(translit_ru, "Жанна Хабибуллина", "ZHANNA KHABIBULLINA");
	check(translit_ru, "Цой", "TSOI");
	check(translit_ru, "Чайковский", "CHAIKOVSKII");
	check(translit_ru, "Шишкин", "SHISHKIN");
	check(translit_ru, "Объедков", "OBIEEDKOV");	/* ъ IE, е E */
	check(translit_ru, "Рыбаков", "RYBAKOV");
	check(translit_ru, "Дарья", "DARIA");
	check(translit_ru, "Ольга", "OLGA");
	check(translit_ru, "Ёлкин", "ELKIN");
	check(translit_ru, "Артём", "ARTEM");
	check(translit_ru, "Эдуард", "EDUARD");
	check(translit_ru, "Петров-Водкин", "PETROV-VODKIN");
	check(translit_ru, "Мария Олеговна", "MARIIA OLEGOVNA");
	/* Every letter of the alphabet, both cases. */
	check(translit_ru, "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
	    "ABVGDEEZHZIIKLMNOPRSTUFKHTSCHSHSHCHIEYEIUIA");
	check(translit_ru, "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
	    "ABVGDEEZHZIIKLMNOPRSTUFKHTSCHSHSHCHIEYEIUIA");
	check(translit_ru, "Anna O'Neil", "ANNA O'NEIL");
	check(translit_ru, "", "");
}

static void
test_legacy(void **state)
{
	(void)state;
	check(translit_ru_legacy, "Юлия", "YULIYA");
	check(translit_ru_legacy, "Майя", "MAYYA");
	check(translit_ru_legacy, "Объедков", "OBEDKOV");
	check(translit_ru_legacy, "Чайковский", "CHAYKOVSKIY");
}

static void
test_refuses(void **state)
{
	static const char *const bad[] = {
		"\xd0\x87\xd0\xb6\xd0\xb0\xd0\xba",	/* Ukrainian Ї… */
		"\xc3\xa9t\xc3\xa9",			/* été */
		"\xff",
		"\xd0",					/* cut short */
		"\xc0\xaf",				/* overlong '/' */
		"\xed\xa0\x80",				/* a surrogate */
		"\xf4\x90\x80\x80",			/* over U+10FFFF */
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (translit_ru(bad[i]) != NULL)
			fail_msg("accepted bad[%zu]", i);
		assert_null(translit_ru_legacy(bad[i]));
	}
	assert_null(translit_ru(NULL));
}

static void
test_name_matches(void **state)
{
	(void)state;
	assert_true(translit_name_matches("IVAN IVANOV", "Иван", "Иванов"));
	assert_true(translit_name_matches("IVANOV IVAN", "Иван", "Иванов"));
	assert_true(translit_name_matches("IULIIA SHCHUKINA", "Юлия",
	    "Щукина"));
	assert_true(translit_name_matches("YULIYA SHCHUKINA", "Юлия",
	    "Щукина"));
	assert_false(translit_name_matches("PETR IVANOV", "Иван", "Иванов"));
	assert_false(translit_name_matches("IVAN IVANOVA", "Иван",
	    "Иванов"));
	assert_false(translit_name_matches("IVANIVANOV", "Иван", "Иванов"));
	assert_false(translit_name_matches("IVAN", "Иван", ""));
	assert_false(translit_name_matches(NULL, "Иван", "Иванов"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_icao_2013),
		cmocka_unit_test(test_legacy),
		cmocka_unit_test(test_refuses),
		cmocka_unit_test(test_name_matches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
