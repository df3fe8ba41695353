/* test_personal.c — e-mail and postal address checks; SNILS, INN and
 * passport masks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kabinet/passport.h"
#include "kabinet/personal.h"

static void
test_email(void **state)
{
	char	 long_local[80], long_all[300];

	(void)state;
	assert_null(personal_email_check("ivan@example.ru"));
	assert_null(personal_email_check("ivan.ivanov+kabinet@mail.example.ru"));
	assert_null(personal_email_check("o'neil_1@sub-domain.example.com"));
	assert_string_equal(personal_email_check(""), "required");
	assert_string_equal(personal_email_check(NULL), "required");
	assert_string_equal(personal_email_check("x"), "invalid_email");
	assert_string_equal(personal_email_check("ivan@"), "invalid_email");
	assert_string_equal(personal_email_check("@example.ru"),
	    "invalid_email");
	assert_string_equal(personal_email_check("ivan@example"),
	    "invalid_email");
	assert_string_equal(personal_email_check("ivan@example.r"),
	    "invalid_email");
	assert_string_equal(personal_email_check("ivan@example.r1"),
	    "invalid_email");
	assert_string_equal(personal_email_check("ivan ivanov@example.ru"),
	    "invalid_email");
	assert_string_equal(personal_email_check("ivan..i@example.ru"),
	    "invalid_email");
	assert_string_equal(personal_email_check(".ivan@example.ru"),
	    "invalid_email");
	assert_string_equal(personal_email_check("ivan.@example.ru"),
	    "invalid_email");
	assert_string_equal(personal_email_check("ivan@-example.ru"),
	    "invalid_email");
	assert_string_equal(personal_email_check("ivan@example-.ru"),
	    "invalid_email");
	assert_string_equal(personal_email_check("ivan@example..ru"),
	    "invalid_email");
	assert_string_equal(personal_email_check("ivan@exa_mple.ru"),
	    "invalid_email");
	assert_string_equal(personal_email_check("a@b@example.ru"),
	    "invalid_email");
	assert_string_equal(personal_email_check("ivan@example.ru\n"),
	    "invalid_email");
	assert_string_equal(personal_email_check("иван@example.ru"),
	    "invalid_email");
	memset(long_local, 'a', 65);
	strcpy(long_local + 65, "@example.ru");
	assert_string_equal(personal_email_check(long_local), "invalid_email");
	memset(long_all, 'a', 250);
	strcpy(long_all + 250, "@example.ru");
	assert_string_equal(personal_email_check(long_all), "too_long");
}

static void
test_address(void **state)
{
	char	long_addr[700];
	size_t	i;

	(void)state;
	assert_null(personal_address_check("101000, Москва, ул. Мясницкая, "
	    "д. 1, кв. 2"));
	assert_null(personal_address_check("  Тверская, 1, Москва  "));
	assert_string_equal(personal_address_check(NULL), "required");
	assert_string_equal(personal_address_check(""), "required");
	assert_string_equal(personal_address_check("    "), "required");
	assert_string_equal(personal_address_check("Москва 1"), "too_short");
	/* Cut short only by what is typed, not by the spaces around it. */
	assert_string_equal(personal_address_check("     Москва 1     "),
	    "too_short");
	assert_string_equal(personal_address_check("Москва, Тверская улица"),
	    "invalid_address");
	assert_string_equal(personal_address_check("1234567890, 12"),
	    "invalid_address");
	assert_string_equal(personal_address_check("Москва,\nТверская, 1"),
	    "invalid_address");
	assert_string_equal(personal_address_check("Москва, Тверская, 1\x7f"),
	    "invalid_address");
	assert_string_equal(personal_address_check("Москва, Тверская, 1\xff"),
	    "invalid_address");
	/* 201 characters, two bytes each. */
	for (i = 0; i < 200; i++)
		memcpy(long_addr + 2 * i, "д", 2);
	strcpy(long_addr + 400, "1");
	assert_string_equal(personal_address_check(long_addr), "too_long");
	long_addr[398] = '\0';
	strcat(long_addr, "1");
	assert_null(personal_address_check(long_addr));
}

/* What each mask shows of a value: its last digits at most, nothing of
 * one that is not well-formed. */
static const struct {
	void		(*mask)(const char *, char *, size_t);
	const char	*in, *want;
} masks[] = {
	{ personal_snils_mask, "112-233-445 95", "***-***-*** 95" },
	{ personal_snils_mask, "11223344595", "***-***-*** 95" },
	{ personal_snils_mask, "1122334459", "" },
	{ personal_snils_mask, "112233445951", "" },
	{ personal_inn_mask, "500100732259", "**********59" },
	{ personal_inn_mask, "7707083893", "********93" },
	{ personal_inn_mask, "77070838", "" },
	{ personal_inn_mask, "77070838x3", "" },
	{ personal_email_mask, "ivan@example.ru", "i***@example.ru" },
	{ personal_email_mask, "nope", "***" },
};

static const struct {
	const char	*series, *number, *want;
} passport_masks[] = {
	{ "4510", "123456", "45 ** ****56" },
	{ "45 10", "123456", "45 ** ****56" },
	{ "451", "123456", "" },
	{ NULL, "123456", "" },
};

static void
test_masks(void **state)
{
	char	out[32], *trimmed;
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof passport_masks / sizeof passport_masks[0];
	    i++) {
		passport_mask(passport_masks[i].series,
		    passport_masks[i].number, out, sizeof out);
		assert_string_equal(out, passport_masks[i].want);
	}
	for (i = 0; i < sizeof masks / sizeof masks[0]; i++) {
		masks[i].mask(masks[i].in, out, sizeof out);
		assert_string_equal(out, masks[i].want);
	}
	trimmed = personal_trim("  Москва, Тверская, 1  ");
	assert_string_equal(trimmed, "Москва, Тверская, 1");
	free(trimmed);
	trimmed = personal_trim("   ");
	assert_string_equal(trimmed, "");
	free(trimmed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_address),
		cmocka_unit_test(test_masks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
