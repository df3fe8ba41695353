/*
 * csv.c — the payment history as CSV (RFC 4180: CRLF, quoted text), one
 * shape for the history screen's export and `kabinet history --csv`:
 * dates ISO, amounts in roubles with a dot, kinds and statuses as codes,
 * so a spreadsheet reads it in any language.  The lender writes the
 * text cells, so none of them may become a formula when the file is
 * opened: a cell that starts with = + - @, a tab or a carriage return is
 * quoted and led by an apostrophe, which spreadsheets take as "text"
 * (OWASP's advice on CSV injection).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "tui.h"

/* A cell a spreadsheet would evaluate rather than show. */
static int
csv_is_formula(const char *s)
{
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

/* One text cell: quoted when it must be (or when always is set), and a
 * would-be formula turned into text. */
static void
csv_cell(FILE *f, const char *s, int always)
{
	int	formula = csv_is_formula(s);

	if (!always && !formula && strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void
csv_history_header(FILE *f)
{
	fputs("date,id,kind,amount_rub,status,description\r\n", f);
}

void
csv_history_row(FILE *f, json_t *it)
{
	int64_t	k = json_integer_value(json_object_get(it, "amount"));
	/* Unsigned, so that even INT64_MIN has a magnitude. */
	uint64_t a = k < 0 ? -(uint64_t)k : (uint64_t)k;

	csv_cell(f, jstr(it, "date"), 0);
	fputc(',', f);
	csv_cell(f, jstr(it, "id"), 0);
	fputc(',', f);
	csv_cell(f, jstr(it, "kind"), 0);
	/* The amount is ours, a number: its minus sign stays a sign. */
	fprintf(f, ",%s%llu.%02llu,", k < 0 ? "-" : "",
	    (unsigned long long)(a / 100), (unsigned long long)(a % 100));
	csv_cell(f, jstr(it, "status"), 0);
	fputc(',', f);
	csv_cell(f, jstr(it, "description"), 1);
	fputs("\r\n", f);
}
